"""Candidate numbers in the digit view: groups of digits split by spaces or dashes.

People write `138 1234 5678`, `0086-138-1234-5678`, `1 3 8 …` or paste a table
row `13812345678 2023`. A run is a chain of digit groups joined by at most
three separator characters on one line; a candidate is any contiguous slice of
whole groups. Groups are never cut, so a longer digit run never yields a
shorter match inside it.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from detectors.text import ScanText

__all__ = ["NumberCandidate", "number_candidates", "Glue", "glue"]


@dataclass(frozen=True, slots=True)
class NumberCandidate:
    """Contiguous digit groups: `value` is the digits only; spans are in the norm view."""

    value: str
    start: int
    end: int
    groups: tuple[str, ...]
    #: The character just before the candidate in the norm view ('' at the start).
    before: str
    after: str


#: Digit counts the number detectors ask for (student numbers 4–20, phones 8–15, IDs and cards
#: 15–19): cut once per text and shared, each detector taking its lengths.
_SHARED_MIN, _SHARED_MAX = 4, 20
_shared: weakref.WeakKeyDictionary[ScanText, tuple[NumberCandidate, ...]] = weakref.WeakKeyDictionary()


def number_candidates(
    text: ScanText, min_len: int, max_len: int, max_groups: int = 20
) -> Iterator[NumberCandidate]:
    """Every slice of whole groups whose digit count lies in [min_len, max_len], in order.

    Digits spaced one by one ("1 1 0 1 0 8 …") form one number: a slice may not
    start or end inside a stretch of single-digit groups.
    """
    if max_groups != 20 or min_len < _SHARED_MIN or max_len > _SHARED_MAX:
        return _candidates(text, min_len, max_len, max_groups)
    # Whether a slice is a candidate depends on its own digit count only (and the single-digit
    # rule), so the candidates for [min_len, max_len] are those of the widest range with that count.
    every = _shared.get(text)
    if every is None:
        every = _shared[text] = tuple(_candidates(text, _SHARED_MIN, _SHARED_MAX, 20))
    return (c for c in every if min_len <= len(c.value) <= max_len)


def _candidates(text: ScanText, min_len: int, max_len: int, max_groups: int) -> Iterator[NumberCandidate]:
    digits = text.digits
    for run in text.digit_runs:
        n = len(run)
        single = [e - s == 1 for s, e in run]
        for i in range(n):
            if i > 0 and single[i] and single[i - 1]:
                continue
            total = 0
            parts: list[str] = []
            for j in range(i, min(n, i + max_groups)):
                s, e = run[j]
                group = digits[s:e]
                # An X may only close the last group of a number.
                if j > i and parts and parts[-1][-1:] in "Xx":
                    break
                total += e - s
                parts.append(group)
                if total > max_len:
                    break
                if total >= min_len:
                    if j + 1 < n and single[j] and single[j + 1]:
                        continue
                    start, end = run[i][0], e
                    yield NumberCandidate(
                        value="".join(parts).upper(),
                        start=start,
                        end=end,
                        groups=tuple(parts),
                        before=digits[start - 1] if start > 0 else "",
                        after=digits[end] if end < len(digits) else "",
                    )


#: How a candidate meets ASCII letters (see `glue`).
Glue = Literal["apart", "label", "code"]

#: Longest run of letters read as a label glued to a number (tel, sfz, kahao, shenfenzheng, telephone).
_LABEL_MAX = 16


def glue(text: ScanText, cand: NumberCandidate) -> Glue:
    """`apart`: no letter touches the number. `label`: a short run of letters (at most
    `_LABEL_MAX`) touches it on one side only and the token ends there, on both sides, at a
    character that is neither a letter nor a digit: `tel13912345678`, `sfz1101…`,
    `13912345678abc`: someone wrote a label (or hid the number) without a space. `code`: the
    digits are the inside of a longer token of letters and digits (a key, a hash, a part
    number), which the number detectors leave alone."""
    digits = text.digits
    left = _letters(digits, cand.start, -1)
    right = _letters(digits, cand.end, 1)
    if not left and not right:
        return "apart"
    if left and right:
        return "code"
    n = left or right
    edge = cand.start - n - 1 if left else cand.end + n
    if n > _LABEL_MAX or (0 <= edge < len(digits) and digits[edge].isascii() and digits[edge].isalnum()):
        return "code"
    return "label"


def _letters(digits: str, at: int, step: int) -> int:
    """ASCII letters in a row from `at` (step 1) or before it (step -1)."""
    n, i = 0, at if step > 0 else at - 1
    while 0 <= i < len(digits) and digits[i].isascii() and digits[i].isalpha():
        n += 1
        i += step
        if n > _LABEL_MAX:
            break
    return n
