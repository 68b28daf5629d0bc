"""Candidate numbers in the digit view: groups of digits split by spaces or dashes.

People write `138 1234 5678`, `0086-138-1234-5678`, `1 3 8 …` or paste a table
row `13812345678 2023`. A run is a chain of digit groups joined by at most
three separator characters on one line; a candidate is any contiguous slice of
whole groups. Groups are never cut, so a longer digit run never yields a
shorter match inside it.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from detectors.text import ScanText

__all__ = ["NumberCandidate", "number_candidates", "digits_only", "with_check_letter", "Glue", "glue"]


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


def digits_only(cand: NumberCandidate) -> NumberCandidate | None:
    """`cand` as a number of digits only: an X closing it (an ID's check character) is left out
    and becomes a letter glued after it (13912345678x is a phone number and an x), see `glue`.
    None when other characters than digits remain."""
    if cand.value.isdigit():
        return cand
    value = cand.value[:-1]
    if not value.isdigit() or not cand.groups[-1][:-1]:
        return None
    groups = (*cand.groups[:-1], cand.groups[-1][:-1])
    return NumberCandidate(value=value, start=cand.start, end=cand.end - 1, groups=groups, before=cand.before,
                           after=cand.groups[-1][-1])


def with_check_letter(text: ScanText, cand: NumberCandidate) -> NumberCandidate:
    """`cand` with the X right after it when letters follow that X (`…123Xabc`): a digit group
    takes an X only at a token's end, so an ID number whose check character is an X and which
    letters are glued after would lose its X, and with it its checksum."""
    digits = text.digits
    if cand.end >= len(digits) or digits[cand.end] not in "Xx" or not cand.value.isdigit():
        return cand
    after = digits[cand.end + 1] if cand.end + 1 < len(digits) else ""
    return NumberCandidate(value=cand.value + "X", start=cand.start, end=cand.end + 1,
                           groups=(*cand.groups[:-1], cand.groups[-1] + digits[cand.end]), before=cand.before,
                           after=after)


#: How a candidate meets ASCII letters (see `glue`).
Glue = Literal["apart", "label", "code"]

#: Longest run of letters read as a label glued to a number: pinyin labels run long
#: (shenfenzhenghaoma, 17); a longer run is not a label but the tail of a key or a blob.
_LABEL_MAX = 32

#: A UUID (RFC 9562 text form): its last group may be eleven digits and a hex letter, a
#: phone number's shape with a one-letter "label".
_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")


def glue(text: ScanText, cand: NumberCandidate) -> Glue:
    """`apart`: no letter touches the number. `label`: the number and the letters touching it
    (on one side or both) are the whole token: letters, then the number, then letters, between
    characters that are neither letters nor digits: `tel13912345678`, `shoujihao1391…`,
    `sfz1101…`, `13912345678abc`, `tel13912345678x`: someone wrote a label (or hid the number)
    without a space. `code`: the letters are themselves glued to other digits (`a1b1391…`,
    a key, a hash, a part number), the run of letters is too long for a label, or the token is
    a group of a UUID: the number detectors leave it alone, and a `label` must pass the
    number's own checks (a valid mobile, an ID checksum, a UnionPay card's Luhn)."""
    digits = text.digits
    left = _letters(digits, cand.start, -1)
    right = _letters(digits, cand.end, 1)
    if not left and not right:
        return "apart"
    for n, edge, lo in ((left, cand.start - left - 1, cand.start - left), (right, cand.end + right, cand.end)):
        if n > _LABEL_MAX:
            return "code"
        if n and 0 <= edge < len(digits) and digits[edge].isascii() and digits[edge].isdigit() \
                and _HEX_LETTERS.issuperset(digits[lo : lo + n]):
            # Letters between digits are a hash's or a key's only when they could be hex: a word
            # between two numbers (baba1391…mama1380…) is a label each number carries.
            return "code"
    if _in_uuid(digits, cand.start, cand.end):
        return "code"
    return "label"


_HEX_LETTERS = frozenset("abcdefABCDEF")


def _in_uuid(digits: str, start: int, end: int) -> bool:
    lo = max(0, start - 36)
    return any(m.start() + lo <= start and end <= m.end() + lo for m in _UUID.finditer(digits[lo : end + 36]))


def _letters(digits: str, at: int, step: int) -> int:
    """ASCII letters in a row from `at` (step 1) or before it (step -1), counted up to one past `_LABEL_MAX`."""
    n, i = 0, at if step > 0 else at - 1
    while 0 <= i < len(digits) and digits[i].isascii() and digits[i].isalpha():
        n += 1
        i += step
        if n > _LABEL_MAX:
            break
    return n
