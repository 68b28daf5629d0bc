"""Normalised views of a text with offset maps back to the original.

Evasion resistance lives here, once, for every detector: NFKC (full-width
digits and letters), zero-width and invisible characters removed, and a
digit view where long runs of Chinese numerals (一三九…) read as ASCII digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

__all__ = ["ScanText", "ZERO_WIDTH", "CHINESE_DIGITS", "digit_runs"]

#: Invisible characters people (or copy/paste) put between digits, and the C0 controls a
#: JSON `\u0000` escape or a `%00` writes there (all but tab and the line breaks LF and CR, which
#: detectors read): a model reads the digits around them as one number.
ZERO_WIDTH = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u034f"
) | frozenset(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))

#: Chinese numerals read as digits inside a long numeral run (phone/ID positions).
CHINESE_DIGITS = {
    "〇": "0", "零": "0", "○": "0", "一": "1", "幺": "1", "二": "2", "两": "2",
    "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
    "壹": "1", "贰": "2", "叁": "3", "肆": "4", "伍": "5", "陆": "6", "柒": "7",
    "捌": "8", "玖": "9",
}
# A run of at least 7 numeral characters (Chinese or ASCII, mixed) is a number
# written to evade detection; shorter runs are ordinary words (一个, 三年级二班).
_NUMERAL = "[0-9" + "".join(CHINESE_DIGITS) + "]"
# Separators may split the run (一三八-九八七六-五四三二); they stay as they are.
_ANY_CHINESE_DIGIT = re.compile("[" + "".join(CHINESE_DIGITS) + "]")
_RUN_SEP = "[ \u3000\\-‐‑–—]"
_NUMERAL_RUN = re.compile(f"{_NUMERAL}(?:{_RUN_SEP}?{_NUMERAL}){{6,}}")
# A run that the digit view changes holds a Chinese numeral, and a run has at least seven
# numerals, so that numeral has a numeral neighbour (the next one, or the one before it for
# the last) with at most one separator between. Where no Chinese numeral has one, the view
# is the norm view (一个, 三年级二班 and 第一 are the Chinese numerals of most prompts).
# Written to open with the Chinese numeral's class, so that `re` skips to one in C; the
# neighbour before it is read behind the numeral just consumed (`.` is that numeral).
_CHINESE_IN_RUN = re.compile(
    f"{_ANY_CHINESE_DIGIT.pattern}(?:{_RUN_SEP}?{_NUMERAL}|(?<={_NUMERAL}.)|(?<={_NUMERAL}{_RUN_SEP}.))"
)


def _build_tables() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str], npt.NDArray[np.uint8]]:
    """One pass over the BMP at import: characters NFKC maps to exactly one other
    character go into a table replaced by one regex pass (offsets unchanged:
    `str.translate` with a 1,800-entry dict costs ten times more on Chinese text,
    one lookup per character); characters that vanish or expand are rare and
    take the per-character path."""
    single: dict[str, str] = {}
    other: list[str] = []
    for cp in range(0x10000):  # ASCII too: its controls vanish
        ch = chr(cp)
        if 0xD800 <= cp <= 0xDFFF:
            continue
        out = _normalise_char(ch)
        if out == ch:
            continue
        if len(out) == 1:
            single[ch] = out
        else:
            other.append(ch)
    cls = "".join(re.escape(c) for c in other)
    changed = re.compile("[" + "".join(re.escape(c) for c in single) + "]")
    # What each code point does, for `ScanText._views`'s one pass: 0 stays, 1 maps to one other
    # character, 2 vanishes or expands; every character outside the BMP (math alphanumerics,
    # enclosed ideographs) also takes the slow path.
    kind = np.full(0x110000, 2, dtype=np.uint8)
    kind[:0x10000] = 0
    kind[[ord(c) for c in single]] = 1
    kind[[ord(c) for c in other]] = 2
    return single, changed, re.compile(f"[{cls}\U00010000-\U0010FFFF]"), kind


def _normalise_char(ch: str) -> str:
    if ch in ZERO_WIDTH:
        return ""
    if ch.isascii():
        return ch
    out = unicodedata.normalize("NFKC", ch)
    # NFKC maps U+3000 (ideographic space) to " " and keeps CJK punctuation,
    # which is what we want; strip any zero-width output as well.
    return "".join(c for c in out if c not in ZERO_WIDTH)


_SINGLE, _CHANGED, _NEEDS_SLOW_PATH, _KIND = _build_tables()
# No character maps onto one that maps again (NFKC is idempotent), so replacing the
# changed characters one kind at a time is the same as one pass over the text.
assert not _SINGLE.keys() & set(_SINGLE.values())


def _one_to_one(text: str) -> str:
    """`text` with every one-to-one character mapped (`_SINGLE`): one `str.replace` per
    distinct character that changes (a prompt holds a few: ，（）：), not a call per occurrence."""
    for ch in set(_CHANGED.findall(text)):
        text = text.replace(ch, _SINGLE[ch])
    return text


#: Chinese numerals to ASCII digits, for `str.translate` (everything else unchanged).
_DIGIT_TABLE = str.maketrans(CHINESE_DIGITS)


@dataclass(frozen=True)
class ScanText:
    """The original text plus the normalised views detectors match against.

    `norm` is NFKC-normalised per character with invisible characters
    removed; `norm_to_orig[i]` is the original index of `norm[i]` (with one
    extra entry for the end). `digits` has the same length as `norm` with long
    Chinese-numeral runs replaced by ASCII digits, so it shares the offset map.
    """

    original: str

    @cached_property
    def _views(self) -> tuple[str, tuple[int, ...] | range]:
        text = self.original
        # One pass in C over the code points says which characters change and how (two regex
        # passes with 1,800-character classes cost 5x more on a 2 KB prompt). Lone surrogates
        # pass through as code points of their own, which stay.
        try:
            raw = text.encode("utf-32-le")
        except UnicodeEncodeError:
            raw = text.encode("utf-32-le", "surrogatepass")
        cp = np.frombuffer(raw, dtype="<u4")
        kinds = _KIND[cp]
        worst = int(kinds.max()) if len(kinds) else 0
        if worst < 2:
            # Fast path: every change keeps the length, so offsets are the identity; one
            # `str.replace` per distinct changed character (no mapped character maps again).
            for c in set(cp[kinds == 1].tolist()) if worst else ():
                ch = chr(c)
                text = text.replace(ch, _SINGLE[ch])
            return text, range(len(text) + 1)
        # Only the characters that vanish or expand go one by one; the stretches between them
        # take the fast path (a prompt with one `…` would otherwise walk every character).
        parts: list[str] = []
        index: list[int] = []
        at = 0
        for m in _NEEDS_SLOW_PATH.finditer(text):
            i = m.start()
            if i > at:
                parts.append(_one_to_one(text[at:i]))
                index.extend(range(at, i))
            n = _normalise_char(text[i])
            parts.append(n)
            index.extend([i] * len(n))
            at = i + 1
        if at < len(text):
            parts.append(_one_to_one(text[at:]))
            index.extend(range(at, len(text)))
        index.append(len(text))
        return "".join(parts), tuple(index)

    @property
    def norm(self) -> str:
        return self._views[0]

    @property
    def norm_to_orig(self) -> tuple[int, ...] | range:
        return self._views[1]

    @cached_property
    def lowered(self) -> str:
        """`norm.lower()`, shared by the detectors that match case-blind (not an offset view:
        lower-casing may change a few characters' lengths)."""
        return self.norm.lower()

    @cached_property
    def digits(self) -> str:
        norm = self.norm
        if _CHINESE_IN_RUN.search(norm) is None:
            return norm

        def repl(m: re.Match[str]) -> str:
            return m.group(0).translate(_DIGIT_TABLE)

        return _NUMERAL_RUN.sub(repl, norm)

    @cached_property
    def digit_runs(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Digit-group runs of the digit view, shared by the number detectors
        (see `detectors.digitruns` for the candidates cut from them)."""
        return digit_runs(self.digits)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span in the normalised views to the original text."""
        index = self.norm_to_orig
        o_start = index[start]
        # The end maps to just past the original character holding norm[end-1].
        o_end = index[end - 1] + 1 if end > start else o_start
        return o_start, o_end

    def original_slice(self, start: int, end: int) -> str:
        s, e = self.span(start, end)
        return self.original[s:e]


# A digit group; an 18-digit ID may end in X (GB 11643 check character). Written `[0-9][0-9]*`,
# not `[0-9]+`: `re` skips ahead in C only for a pattern that opens with a class or a literal,
# not with a repeat of one (68 → 36 µs a 2 KB prompt); the matches are the same.
_GROUP = re.compile(r"[0-9][0-9]*(?:[Xx](?![A-Za-z0-9]))?")
# What may stand between two groups of one number: spaces, dashes, dots,
# slashes, underscores; never a line break (a new line is a new item).
_SEPARATOR = re.compile(r"[ \t\u3000\-‐‑‒–—―_.·/]{1,3}")


def digit_runs(digits: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """All runs of digit groups in the digit view (computed once per text, see ScanText)."""
    return tuple(tuple(run) for run in _runs(digits))


def _runs(digits: str) -> Iterator[list[tuple[int, int]]]:
    run: list[tuple[int, int]] = []
    for m in _GROUP.finditer(digits):
        if run:
            gap = digits[run[-1][1] : m.start()]
            if not _SEPARATOR.fullmatch(gap):
                yield run
                run = []
        run.append((m.start(), m.end()))
    if run:
        yield run
