"""From text to the exam bank's exact fingerprints: normalisation (NFKC, letters and digits,
lower case, with each character's original index and which characters are option letters),
keyed K-grams, winnowing (Schleimer et al., "Winnowing", SIGMOD 2003) and the query-side
filter that skips grams which can never be a winnowed fingerprint. The near family is in
`exam_sketch`; the index and lookup in `exam_bank`."""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from detectors.stores.exam_sketch import hash_grams
from detectors.text import ScanText

__all__ = ["K", "W", "SIGNS", "normalise", "normalise_marked", "normalise_signed", "signed_text", "alnum_at", "option_marks", "gram_hashes", "winnow",
           "local_minima"]

K = 8  # characters per gram
W = 4  # winnowing window


def _alnum_table() -> npt.NDArray[np.bool_]:
    return np.array([chr(c).isalnum() for c in range(0x10000)], dtype=np.bool_)


_ALNUM = _alnum_table()  # one pass over the BMP at import; lookups are then vectorised

#: The signs of a formula that the alignment's text keeps beside letters and digits (after NFKC):
#: two items from one template often differ only there (`\\frac{3+i}{1+i}` and `\\frac{3-i}{1-i}` are
#: one text to `normalise`), while no edit class of issue 14 touches them. Operators, relations and
#: brackets; `/`, `*`, `%` and the decimal point were measured too and left out: word problems from
#: one template share them (`(3/4)`, `50%`), so they made siblings look more alike (BENCHMARKS.md,
#: exam, sixth round).
SIGNS = "+-=<>^()[]{}|≤≥≠±"
_SIGNED = _ALNUM.copy()
_SIGNED[[ord(c) for c in SIGNS]] = True
_BRACKETS = np.array([ord(c) for c in "()[]{}"], dtype=np.uint32)


def normalise(text: str | ScanText) -> tuple[str, npt.NDArray[np.int64]]:
    """Letters and digits only, lower case, NFKC; with each character's original index.
    Punctuation, spacing and option-letter decoration (A． / (A) / A.) all vanish."""
    norm, index, _ = normalise_marked(text if isinstance(text, ScanText) else ScanText(text))
    return norm, index


def normalise_marked(st: ScanText) -> tuple[str, npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """`normalise`, plus which of its characters are option letters (`option_marks`)."""
    norm = st.norm
    if not norm:
        return "", np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.bool_)
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    keep = np.where(cps < 0x10000, _ALNUM[np.minimum(cps, 0xFFFF)], True)
    kept = np.nonzero(keep)[0]
    out = cps[kept].tobytes().decode("utf-32-le").lower()
    to_orig = st.norm_to_orig
    if isinstance(to_orig, range) and to_orig.start == 0 and to_orig.step == 1:
        index = np.arange(len(norm), dtype=np.int64)  # the identity (np.asarray would walk the range)
    else:
        index = np.asarray(to_orig[: len(norm)], dtype=np.int64)
    return out, index[kept], option_marks(norm, kept)


def normalise_signed(st: ScanText) -> tuple[str, npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """`signed_text` of the whole text."""
    return signed_text(st.norm)


def alnum_at(norm: str) -> npt.NDArray[np.int64]:
    """The index in the NFKC text `norm` (`ScanText.norm`) of each character `normalise` keeps."""
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    return np.flatnonzero(np.where(cps < 0x10000, _ALNUM[np.minimum(cps, 0xFFFF)], True)).astype(np.int64)


def signed_text(norm: str) -> tuple[str, npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """The alignment's text (`exam_align`): `normalise`'s letters and digits plus the signs of a
    formula (`SIGNS`), lower case, NFKC; with the index here of each character of `normalise`'s
    text (they are all kept, in order) and which characters are option letters. Brackets around an option letter (`(A)`) are left out with it: they are its
    decoration, not the item's text. `norm`: the NFKC text (`ScanText.norm`) or a stretch of it."""
    if not norm:
        return "", np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.bool_)
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    small = np.minimum(cps, 0xFFFF)
    keep = np.where(cps < 0x10000, _SIGNED[small], True)
    kept = np.nonzero(keep)[0]
    marks = option_marks(norm, kept)
    if marks.any():
        at = np.flatnonzero(marks)
        side = np.concatenate([at - 1, at + 1])
        side = side[(side >= 0) & (side < len(kept))]
        side = side[np.isin(cps[kept[side]], _BRACKETS)]
        if len(side):
            drop = np.zeros(len(kept), dtype=np.bool_)
            drop[side] = True
            kept, marks = kept[~drop], marks[~drop]
    out = cps[kept].tobytes().decode("utf-32-le").lower()
    alnum = np.where(cps[kept] < 0x10000, _ALNUM[small[kept]], True)
    return out, np.flatnonzero(alnum).astype(np.int64), marks


# An option letter: `(A)` / `（A）`, or `A.` / `A．` / `A、` / `A:` not after a letter or before a digit.
_OPTION_HINT = re.compile(r"[A-H]\s*[.．、:：)）]")  # a cheap first look: most prompts have no options
_OPTION = re.compile(r"[(（]\s*([A-H])\s*[)）]|(?<![A-Za-z])([A-H])\s*[.．、:：](?!\d)")


def option_marks(norm: str, kept: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Which of the kept characters (indices `kept` into the NFKC text `norm`) are option
    letters, when the text lists two options with neighbouring letters: near grams do not span options, so a
    reordered option list keeps its grams (`exam_sketch.class_normalise`)."""
    if _OPTION_HINT.search(norm) is None:
        return np.zeros(len(kept), dtype=np.bool_)
    # One of the two groups takes part in a match: `lastindex` names it.
    found = [(m.start(g), m.group(g)) for m in _OPTION.finditer(norm) if (g := m.lastindex or 0)]
    letters = {letter for _, letter in found}
    if not any(chr(ord(c) + 1) in letters for c in letters):  # an option list has A and B, or B and C, ...
        return np.zeros(len(kept), dtype=np.bool_)
    flagged = np.zeros(len(norm), dtype=np.bool_)  # by place, then read at the kept places: no np.isin (a sort)
    flagged[[at for at, _ in found]] = True
    return flagged[kept]


def gram_hashes(norm: str, key: int) -> npt.NDArray[np.uint64]:
    """Keyed hash of every K-gram (position i covers norm[i:i+K])."""
    return hash_grams(np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32), K, key)


def winnow(hashes: npt.NDArray[np.uint64], w: int = W) -> npt.NDArray[np.uint64]:
    if len(hashes) <= w:
        return np.unique(hashes)
    windows = np.lib.stride_tricks.sliding_window_view(hashes, w)
    return np.unique(windows.min(axis=1))


def local_minima(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """Places of the query's exact grams that can be an item's fingerprint: an item keeps the
    least hash of every W consecutive grams (`winnow`), and that gram is also no greater than
    its neighbour inside the window, so a gram greater than both its neighbours (a third of
    them) is never one, unless the copy ends right beside it with the window outside it."""
    keep = np.ones(len(hashes), dtype=np.bool_)
    keep[1:-1] = (hashes[1:-1] <= hashes[:-2]) | (hashes[1:-1] <= hashes[2:])
    return np.flatnonzero(keep)
