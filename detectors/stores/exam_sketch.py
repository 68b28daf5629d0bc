"""The "near" fingerprint family of the exam bank: short keyed grams over a class-normalised
string, so that a registered item is still found after dense small edits (new numbers,
retyping slips, OCR look-alikes, a few words swapped) that break every 8-character gram.
Also the two small judges lookup applies to a candidate's grams in a prompt: the characters
they cover (`covered`) and the longest run of them in the item's order (`longest_non_decreasing`).

Theory of operation. An edit destroys every gram that overlaps it, so a gram family
survives edits spaced `s` characters apart with about (s - k + 1) / s of its grams: 0.2 for
the 8-character exact grams when every 10th character is dropped. The near family answers
each kind of edit separately:

- new numbers: `class_normalise` reads every run of digits as one `0` (and folds OCR
  look-alike characters), so `AB=6` and `AB=18` are the same text; the wording must still
  agree, because a gram counts only when `NEAR_MIN_WORDING` of its characters are not digits;
- dropped characters: an item is indexed by its 4-grams and also by every 4-character
  skip-gram of its 5-character windows that leaves out one inner character. A prompt's
  4-gram over a dropped character is exactly such a skip-gram, so the prompt still covers
  nearly the whole item (the deletion neighbourhood of SymSpell, on grams). Skip-grams are
  mostly not words, so unrelated text rarely holds them;
- a few substituted characters or words: 4-grams are short enough that most survive;
  digits misread as letters (`I.2`, `4O`) are read as digits beside digits, after the
  Unicode confusables (UTS #39: O/0, l/I/1); for an item that keeps all its grams, lookup can
  also count the prompt's skip-grams over a substituted character (`near_query_skips`; off by
  default, BENCHMARKS.md says why);
- options listed in another order: option letters (`exam_bank.option_marks`) cut the text
  into segments and no gram spans two of them; an option too short for a gram (`北京`) is
  one padded gram of its own, and its one-character deletions are indexed like skip-grams.

Long items keep a keyed sample: the grams whose hash is at most the k-th smallest of the
item's 4-grams, k = max(NEAR_SKETCH, 4-grams / NEAR_SAMPLE_EVERY) (a bottom-k sketch; skip-grams are sampled at the same threshold, so
the sample is consistent). Containment is the number of sampled fingerprints found among
the prompt's 4-grams over the number of sampled 4-grams.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Classes", "NEAR_K", "NEAR_SKETCH", "NEAR_SAMPLE_EVERY", "NEAR_MIN_WORDING", "NEAR_SALT", "LOOKALIKES", "class_normalise",
           "mix64", "hash_grams", "near_query", "near_query_skips", "near_item", "NearItem", "ORDER_SHIFT", "FULL_SAMPLE", "covered",
           "longest_non_decreasing"]

NEAR_K = 4  # characters per near gram
NEAR_SKETCH = 24  # near 4-grams sampled per item at least (bottom-k); skip-grams come on top
NEAR_SAMPLE_EVERY = 8  # ... and one in this many of a long item's 4-grams
NEAR_MIN_WORDING = 2  # a near gram needs this many characters that are not the digit class
NEAR_SALT = 0x6E656172_5F677261  # "near_gra": keeps near fingerprints apart from exact ones under one key
_REPEAT_FLOOR = 0.5  # distinct grams below this share of all of them: the item repeats itself

DIGIT_CLASS = "0"

# Characters that OCR and hurried retyping confuse, each group folded to its first member.
# Digits need no entry: they are one class already. Source: common confusion pairs of
# Chinese OCR (形近字).
LOOKALIKES: tuple[str, ...] = (
    "已己巳", "未末", "人入八", "土士", "日曰", "大太犬", "天夭", "千干于", "力刀", "拨拔", "折析",
    "候侯", "戌戍戊", "鸟乌", "玉王主", "本木术", "自白", "且目", "见贝", "辩辨辫", "汨汩", "兔免",
    "令今", "酉西", "淮准", "帅师", "问间", "盲肓", "祟崇", "母毋", "季李", "午牛", "丐丏", "冶治",
    "侍待", "很狠", "姊姐", "晴睛", "崖涯", "买卖", "刺剌", "壁璧", "券卷", "〇○◯",
)


def _class_table() -> npt.NDArray[np.uint32]:
    folded = "".join(g[1:] for g in LOOKALIKES)
    if len(set(folded + "".join(g[0] for g in LOOKALIKES))) != len(folded) + len(LOOKALIKES):
        raise ValueError("LOOKALIKES: a character is in two groups")
    table = np.arange(0x10000, dtype=np.uint32)
    table[[c for c in range(0x10000) if chr(c).isdigit()]] = ord(DIGIT_CLASS)
    for group in LOOKALIKES:
        for ch in group[1:]:
            table[ord(ch)] = ord(group[0])
    return table


_CLASS = _class_table()  # one pass over the BMP at import; lookups are vectorised
_DIGIT = np.uint32(ord(DIGIT_CLASS))
_LIKE_DIGIT = np.array([ord("o"), ord("l")], dtype=np.uint32)  # 0 and 1 (`normalise` lower-cases O and L)
_LIKE_ONE = np.uint32(ord("i"))  # I and 1, lower-cased
_PAD = 0x110000  # past the last code point: fills the columns of a gram shorter than NEAR_K


def _digit_lookalikes(cls: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """Letters that Unicode lists as confusable with a digit (UTS #39 confusables: O and 0;
    l, I and 1), read as the digit class where they stand beside a digit: `I.2`, `4O`, `l0`
    are numbers misread, while the same letters in words (`log`, `sin`) stay letters. An `i`
    right after a digit stays a letter (the imaginary unit of `3+4i`)."""
    digits = np.flatnonzero(cls == _DIGIT)  # only a digit's neighbours can be one misread
    if not len(digits) or len(cls) < 2:
        return cls
    at = np.concatenate([digits - 1, digits + 1])  # a place twice is harmless below
    at = at[(at >= 0) & (at < len(cls))]
    near = cls[at]
    at = at[(near == _LIKE_DIGIT[0]) | (near == _LIKE_DIGIT[1]) | (near == _LIKE_ONE)]
    if not len(at):
        return cls
    before = (at > 0) & (cls[np.maximum(at - 1, 0)] == _DIGIT)
    after = (at < len(cls) - 1) & (cls[np.minimum(at + 1, len(cls) - 1)] == _DIGIT)
    fold = np.where(cls[at] == _LIKE_ONE, after & ~before, before | after)
    if not fold.any():
        return cls
    out = cls.copy()
    out[at[fold]] = _DIGIT
    return out


def class_normalise(norm: str, marks: npt.NDArray[np.bool_] | None = None
                    ) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Code points of `norm` (already `exam_bank.normalise`d) with each run of digits reduced to
    one `0` and look-alikes folded; with each one's index in `norm`, and its segment: the
    characters flagged in `marks` (option letters, see `exam_bank.option_marks`) are left out
    and start a new segment, so that no gram spans two options."""
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    if not len(cps):
        empty = np.zeros(0, dtype=np.int64)
        return cps.copy(), empty, empty
    cls = np.where(cps < 0x10000, _CLASS[np.minimum(cps, 0xFFFF)], cps)
    cls = _digit_lookalikes(cls)
    keep = np.ones(len(cls), dtype=np.bool_)
    keep[1:] = ~((cls[1:] == _DIGIT) & (cls[:-1] == _DIGIT))  # a run of digits is one character
    seg = np.zeros(len(cls), dtype=np.int64)
    if marks is not None and marks.any():
        keep &= ~marks
        seg = np.cumsum(marks).astype(np.int64)
    kept = np.nonzero(keep)[0]
    return cls[kept], kept.astype(np.int64), seg[kept]


def mix64(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    # splitmix64 finaliser: a bijective mix, so distinct grams stay distinct.
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


_PRIME = 1_000_003


def _hash_columns(cols: list[npt.NDArray[np.uint64]], key: int) -> npt.NDArray[np.uint64]:
    with np.errstate(over="ignore"):
        h = np.zeros(len(cols[0]), dtype=np.uint64)
        for c in cols:
            h = h * np.uint64(_PRIME) + c
        return mix64(h ^ np.uint64(key & 0xFFFFFFFFFFFFFFFF))


def hash_grams(cps32: npt.NDArray[np.uint32], k: int, key: int) -> npt.NDArray[np.uint64]:
    """Keyed hash of every k-gram of the code points (position i covers cps32[i:i+k]): the
    same value as `_hash_columns` over the k columns. For k a power of two it is built by
    doubling (pairs, then pairs of pairs: log2(k) multiply-adds over the text instead of k),
    which the uint64 arithmetic (mod 2**64) makes exactly equal."""
    if len(cps32) < k:
        return np.zeros(0, dtype=np.uint64)
    cps = cps32.astype(np.uint64)
    n = len(cps) - k + 1
    if k & (k - 1):
        return _hash_columns([cps[j : j + n] for j in range(k)], key)
    h, width, power = cps, 1, np.uint64(_PRIME)
    with np.errstate(over="ignore"):
        while width < k:  # h[i] is the hash of cps[i : i + width]
            h = h[:-width] * power + h[width:]
            width, power = 2 * width, power * power
        return mix64(h ^ np.uint64(key & 0xFFFFFFFFFFFFFFFF))


def _wording(cls: npt.NDArray[np.uint32], width: int) -> npt.NDArray[np.int32]:
    """Characters that are not the digit class, per window of `width` (window i starts at i)."""
    return np.convolve((cls != _DIGIT).astype(np.int32), np.ones(width, dtype=np.int32), mode="valid")


def _short_grams(cls: npt.NDArray[np.uint32], starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64],
                 key: int, leave_out: int = -1) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.bool_]]:
    """One gram per short segment (padded to NEAR_K), optionally without its character
    `leave_out`; and whether it carries wording."""
    cps = np.append(cls, np.zeros(NEAR_K, dtype=np.uint32)).astype(np.uint64)
    pos = [j for j in range(NEAR_K) if j != leave_out]
    n = lengths - (leave_out >= 0)
    cols = [np.where(i < n, cps[starts + j], np.uint64(_PAD)) for i, j in enumerate(pos)]
    cols += [np.full(len(starts), _PAD, dtype=np.uint64)] * (NEAR_K - len(cols))
    words = sum(((cps[starts + j] != _DIGIT) & (i < n)).astype(np.int64) for i, j in enumerate(pos))
    return _hash_columns(cols, key), words >= NEAR_MIN_WORDING


def _segments(seg: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    starts = np.flatnonzero(np.diff(seg, prepend=-1))
    return starts, np.diff(np.append(starts, len(seg)))


def _segment_grams(cls: npt.NDArray[np.uint32], seg: npt.NDArray[np.int64], key: int
                   ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Every near gram of `cls` that lies inside one segment and carries wording, plus one
    gram for each segment too short for a gram (a short option: `北京`, `x0y`) that carries
    wording; with the first and last index in `cls` each covers."""
    hashes = hash_grams(cls, NEAR_K, key)
    first = np.arange(len(hashes), dtype=np.int64)
    ok = (_wording(cls, NEAR_K) >= NEAR_MIN_WORDING) & (seg[: len(hashes)] == seg[NEAR_K - 1 :])
    out_h, out_f, out_l = [hashes[ok]], [first[ok]], [first[ok] + NEAR_K - 1]
    if len(seg) and seg[-1] > 0:
        starts, lengths = _segments(seg)
        short = lengths < NEAR_K
        a, n = starts[short], lengths[short]
        h, good = _short_grams(cls, a, n, key)
        out_h.append(h[good])
        out_f.append(a[good])
        out_l.append((a + n - 1)[good])
    return np.concatenate(out_h), np.concatenate(out_f), np.concatenate(out_l)


def _short_deletions(cls: npt.NDArray[np.uint32], seg: npt.NDArray[np.int64], key: int) -> npt.NDArray[np.uint64]:
    """The grams a short option (3 to NEAR_K characters) leaves when one of its characters
    is dropped: indexed like skip-grams, so a retyping slip in `北京市` still finds it."""
    if not len(seg) or seg[-1] == 0:
        return np.zeros(0, dtype=np.uint64)
    starts, lengths = _segments(seg)
    pick = (lengths >= 3) & (lengths <= NEAR_K)
    a, n = starts[pick], lengths[pick]
    out = []
    for leave in range(NEAR_K):
        h, good = _short_grams(cls, a, n, key, leave)
        out.append(h[good & (leave < n)])
    return np.concatenate(out)


Classes = tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64], npt.NDArray[np.int64]]  # `class_normalise`'s


def near_query(norm: str, key: int, marks: npt.NDArray[np.bool_] | None = None, classes: Classes | None = None
               ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """A prompt's near grams that carry wording, with the first and last index in `norm` each covers
    (`classes`: `class_normalise(norm, marks)` when the caller has it already)."""
    cls, kept, seg = classes if classes is not None else class_normalise(norm, marks)
    if len(cls) < NEAR_K:
        empty = np.zeros(0, dtype=np.int64)
        return np.zeros(0, dtype=np.uint64), empty, empty
    hashes, first, last = _segment_grams(cls, seg, key ^ NEAR_SALT)
    run_end = np.append(kept[1:] - 1, len(norm) - 1)  # a class character stands for a whole run
    return hashes, kept[first], run_end[last]


def near_query_skips(norm: str, key: int, marks: npt.NDArray[np.bool_] | None, lo: npt.NDArray[np.int64],
                     hi: npt.NDArray[np.int64], found: npt.NDArray[np.int64]
                     ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """A prompt's skip-grams (each 5-character window without one inner character, as items
    index them) for the windows inside the stretches [lo, hi] of `norm` whose two 4-grams
    both found nothing (their first places are not in `found`, sorted): one character
    substituted there (a look-alike, a misread, one word swapped for another) leaves the
    item's skip-grams over it intact, as one dropped character leaves them in the prompt's
    4-grams (the symmetric deletion neighbourhood of SymSpell). Windows whose grams were
    found are left out, so an intact copy counts no skip-grams on top of its grams. Only the
    stretches are read, so the cost follows their length, not the prompt's. With the first
    and last index in `norm` each covers."""
    out_h: list[npt.NDArray[np.uint64]] = [np.zeros(0, dtype=np.uint64)]
    out_f: list[npt.NDArray[np.int64]] = [np.zeros(0, dtype=np.int64)]
    out_l: list[npt.NDArray[np.int64]] = [np.zeros(0, dtype=np.int64)]
    key ^= NEAR_SALT
    for a, b in zip(np.maximum(lo, 0).tolist(), np.minimum(hi + 1, len(norm)).tolist()):
        cls, kept, seg = class_normalise(norm[a:b], None if marks is None else marks[a:b])
        n = len(cls) - NEAR_K
        if n <= 0:
            continue
        kept = kept + a
        at = np.searchsorted(found, kept[: n + 1])
        hit = (at < len(found)) & (found[np.minimum(at, max(0, len(found) - 1))] == kept[: n + 1]) \
            if len(found) else np.zeros(n + 1, dtype=np.bool_)
        pick = np.flatnonzero(~hit[:n] & ~hit[1:] & (seg[:n] == seg[NEAR_K:]))
        if not len(pick):
            continue
        # The three gaps at once: one hash over columns three windows long.
        cps = cls.astype(np.uint64)
        gaps = range(1, NEAR_K)
        at5 = np.concatenate([pick] * len(gaps))
        cols = [np.concatenate([cps[pick + [j for j in range(NEAR_K + 1) if j != gap][c]] for gap in gaps])
                for c in range(NEAR_K)]
        words = (cls != _DIGIT).astype(np.int32)
        window = sum(words[pick + j] for j in range(NEAR_K + 1))
        ok = np.concatenate([window - words[pick + gap] for gap in gaps]) >= NEAR_MIN_WORDING
        run_end = np.append(kept[1:] - 1, b - 1)
        out_h.append(_hash_columns(cols, key)[ok])
        out_f.append(kept[at5[ok]])
        out_l.append(run_end[at5[ok] + NEAR_K])
    return np.concatenate(out_h), np.concatenate(out_f), np.concatenate(out_l)


@dataclass(frozen=True, slots=True)
class NearItem:
    """An item's near fingerprints (64-bit keyed hashes, never text)."""

    sampled: npt.NDArray[np.uint64]  # its sampled grams
    skip: npt.NDArray[np.uint64]  # the skip-grams sampled with them (those that are not also grams of it)
    tau: int  # the sampling threshold: a gram is sampled when its hash is at most this
    size: int  # what containment divides by (see `near_item`)
    order_fp: npt.NDArray[np.uint32]  # the sampled grams' fingerprints (bits 24-55 of the hash), sorted,
    order_rank: npt.NDArray[np.uint16]  # ... each with its place in the item (all options share one place)


_EMPTY = NearItem(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint64), 0, 0,
                  np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint16))
FULL_SAMPLE = 0xFFFFFFFFFFFFFFFF  # the threshold of an item that keeps all its grams
ORDER_SHIFT = 24  # the order sketch keeps the 32 bits above the bank's 24-bit item field


def near_item(norm: str, key: int, marks: npt.NDArray[np.bool_] | None = None) -> NearItem:
    """An item's near fingerprints. The size to divide by is its sampled grams, or, when the
    item repeats its wording (a passage of near-identical paragraphs), more, so that one
    paragraph is not the whole item. The order sketch says where in the item each sampled
    gram stands, so that lookup can tell the item's wording in its own order from the same
    grams scattered or rearranged (a sibling item built from the same phrases); the grams
    of options all stand in one place, since options may be listed in any order."""
    cls, _, seg = class_normalise(norm, marks)
    if len(cls) < NEAR_K:
        return _EMPTY
    key ^= NEAR_SALT
    grams, first, _ = _segment_grams(cls, seg, key)
    contiguous, at = np.unique(grams, return_index=True)
    if not len(contiguous):
        return _EMPTY
    k = min(max(NEAR_SKETCH, len(contiguous) // NEAR_SAMPLE_EVERY), len(contiguous))
    # An item that keeps every gram says so with the largest threshold: it keeps every
    # skip-gram too, and lookup may then count a prompt's skip-grams for it (`near_query_skips`).
    tau = contiguous[k - 1] if k < len(contiguous) else np.uint64(FULL_SAMPLE)
    pick = contiguous <= tau
    sampled = contiguous[pick]
    place = first[at[pick]]
    if len(seg) and seg[-1] > 0:  # grams of options: the place where the options begin
        place = np.where(seg[place] > 0, np.flatnonzero(seg > 0)[0], place)
    order_fp = ((sampled >> np.uint64(ORDER_SHIFT)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    by_fp = np.argsort(order_fp, kind="stable")
    skips: list[npt.NDArray[np.uint64]] = []
    if len(cls) > NEAR_K:
        cps = cls.astype(np.uint64)
        n = len(cps) - NEAR_K
        window = _wording(cls, NEAR_K + 1)
        one_segment = seg[:n] == seg[NEAR_K:]
        for gap in range(1, NEAR_K):  # the inner character left out
            cols = [cps[j : j + n] for j in range(NEAR_K + 1) if j != gap]
            ok = ((window - (cls[gap : gap + n] != _DIGIT)) >= NEAR_MIN_WORDING) & one_segment
            h = _hash_columns(cols, key)[ok]
            skips.append(h[h <= tau])
    dropped = _short_deletions(cls, seg, key)
    skips.append(dropped[dropped <= tau])
    repeat = max(1.0, _REPEAT_FLOOR * len(grams) / len(contiguous))
    skip = np.setdiff1d(np.concatenate([np.zeros(0, dtype=np.uint64), *skips]), contiguous)
    return NearItem(sampled, skip, int(tau), int(np.ceil(len(sampled) * repeat)), order_fp[by_fp],
                    np.minimum(place[by_fp], 0xFFFF).astype(np.uint16))


# -- judging a candidate's grams in a prompt (used by `exam_bank` lookup) ---------------


def covered(first: npt.NDArray[np.int64], last: npt.NDArray[np.int64]) -> int:
    """Characters in the union of the spans [first, last]."""
    if not len(first):
        return 0
    order = np.argsort(first, kind="stable")
    f, e = first[order], np.maximum.accumulate(last[order])
    # A span adds what reaches beyond every span before it.
    before = np.concatenate([[-1], e[:-1]])
    return int(np.maximum(0, e - np.maximum(f - 1, before)).sum())


def longest_non_decreasing(values: list[int]) -> list[int]:
    """Indices of a longest non-decreasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []  # tails[k]: the last value of the best run of length k + 1 ...
    tail_at: list[int] = []  # ... and its index
    back = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_right(tails, v)
        back[i] = tail_at[k - 1] if k else -1
        if k == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[k], tail_at[k] = v, i
    out: list[int] = []
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        out.append(i)
        i = back[i]
    return out[::-1]
