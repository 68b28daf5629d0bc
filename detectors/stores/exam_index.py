"""The exam bank's sorted index: how one uint64 entry holds a fingerprint, its family and its
item; the tables derived from the sorted entries (common fingerprints and near weight per item,
the bucket table); reading the entries of a query's fingerprints; and the array helpers that
building uses. `exam_bank.ExamBank` owns the index and its items."""

from __future__ import annotations

import ctypes
from typing import TypeVar

import numpy as np
import numpy.typing as npt

__all__ = ["IDF_POWER", "ITEM_MASK", "NEAR_FLAG", "SKIP_FLAG", "ID_MASK", "SHIFT", "idf_weight", "df_cap",
           "item_tables", "bucket_table", "lookup", "among", "release_heap", "append"]

IDF_POWER = 1.0  # evidence of a near gram held by df items: df ** -IDF_POWER (0, 0.5, 1 tried on the tune split)
_MAX_ITEM_SHARE = 0.002  # a fingerprint in more than this share of items is a common phrase
_MIN_DF_CAP = 8
_BUCKET_BITS = 22  # the bucket table: 4 million buckets of some 4 entries for 100,000 items, 16 MB
_SMALL_BUCKET = 64  # a bucket this small is read whole rather than searched

_T = TypeVar("_T", bound=np.generic)
_ITEM_BITS = 24  # up to 16.7 million items; the fingerprint keeps the other 40 bits
ITEM_MASK = np.uint64((1 << _ITEM_BITS) - 1)
NEAR_FLAG = np.uint64(1 << (_ITEM_BITS - 1))  # the entry is a near fingerprint
SKIP_FLAG = np.uint64(1 << (_ITEM_BITS - 2))  # ... a skip-gram (not counted in the item's size)
ID_MASK = np.uint64((1 << (_ITEM_BITS - 2)) - 1)  # up to 4.2 million items
SHIFT = np.uint64(_ITEM_BITS)

Entries = tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.int64]]


def idf_weight(df: npt.NDArray[np.int64], cap: int) -> npt.NDArray[np.float64]:
    """Evidence carried by a fingerprint that `df` bank entries hold: 1 for one item's own,
    falling as df**-IDF_POWER, 0 above `cap` (a common phrase proves nothing)."""
    w = np.power(np.maximum(df, 1).astype(np.float64), -IDF_POWER)
    return np.where(df > cap, 0.0, w)


def df_cap(item_count: int) -> int:
    """Items that may hold a fingerprint before it is a common phrase, which lookup ignores."""
    return max(_MIN_DF_CAP, int(item_count * _MAX_ITEM_SHARE))


def item_tables(packed: npt.NDArray[np.uint64], item_count: int, cap: int, item_size_near: npt.NDArray[np.uint32]
                ) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.float32]]:
    """Per item and family, how many of its fingerprints are common (held by more than
    `cap` items), and the item's near weight: the sum of `idf_weight` over its near
    fingerprints. Lookup ignores common fingerprints, so containment is counted over the
    rest, and near containment is weighted by rarity: a gram that many registered items
    share (a formulaic stem, a template) is weak evidence. Runs over the sorted index in
    blocks, so no index-sized temporary is made."""
    n = len(packed)
    common = np.zeros(2 * item_count, dtype=np.int64)  # exact counts, then near counts
    weight = np.zeros(item_count, dtype=np.float64)
    near_count = np.zeros(item_count, dtype=np.int64)
    block = max(1 << 20, 4 * item_count)  # longer than any run (one entry per item and family)
    a = 0
    while a < n:
        fp = packed[a : a + block] >> SHIFT
        starts = np.flatnonzero(fp[1:] != fp[:-1]) + 1
        # The last run may go on in the next block: leave it for then (unless this is the end).
        stop = len(fp) if a + block >= n or not len(starts) else int(starts[-1])
        bounds = np.concatenate([[0], starts[starts < stop], [stop]])
        runs = np.diff(bounds)
        entries = packed[a : a + stop]
        near = (entries & (NEAR_FLAG | SKIP_FLAG)) == NEAR_FLAG  # near, not skip-grams
        ids = (entries[near] & ID_MASK).astype(np.int64)
        weight += np.bincount(ids, weights=np.repeat(idf_weight(runs, cap), runs)[near], minlength=item_count)
        near_count += np.bincount(ids, minlength=item_count)
        mask = np.repeat(runs > cap, runs)
        if mask.any():
            entries = entries[mask]
            entries = entries[(entries & SKIP_FLAG) == 0]  # skip-grams are not in the size
            ids = (entries & ID_MASK).astype(np.int64) + item_count * ((entries & NEAR_FLAG) > 0)
            common += np.bincount(ids, minlength=len(common))
        a += stop
    # An item that repeats its wording divides by more than its distinct grams (`near_item`).
    near_weight = (weight * item_size_near / np.maximum(1, near_count)).astype(np.float32)
    return common.reshape(2, -1).astype(np.uint32), near_weight


def bucket_table(packed: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint32]:
    """Where each of the 2**_BUCKET_BITS buckets of fingerprints starts in the sorted index."""
    if not len(packed):
        return np.zeros(0, dtype=np.uint32)
    buckets = np.empty((1 << _BUCKET_BITS) + 1, dtype=np.uint32)
    step = 1 << 16  # in slices, so that no temporary is as large as the table
    for a in range(0, 1 << _BUCKET_BITS, step):
        edges = np.arange(a, a + step, dtype=np.uint64) << np.uint64(64 - _BUCKET_BITS)
        buckets[a : a + step] = np.searchsorted(packed, edges)
    buckets[-1] = len(packed)
    return buckets


def lookup(packed: npt.NDArray[np.uint64], buckets: npt.NDArray[np.uint32], fps: npt.NDArray[np.uint64],
           cap: int) -> Entries:
    """The index entries of each (sorted, distinct, 40-bit) fingerprint held by at most
    `cap` items: the entries, which fingerprint (index into `fps`) each answers, and
    per fingerprint how many items hold it. A binary search over the whole index misses
    the cache at every step, so the bucket table narrows it first: a small bucket is read
    whole and its entries compared (those that match are the answer, no second read); a
    large one (a common gram) is searched."""
    held = np.zeros(len(fps), dtype=np.int64)
    if not len(buckets):
        lo = np.searchsorted(packed, fps << SHIFT, "left")
        hi = np.searchsorted(packed, (fps << SHIFT) | ITEM_MASK, "right")
        return _spans(packed, np.arange(len(fps)), lo, hi - lo, held, cap)
    b = (fps >> np.uint64(40 - _BUCKET_BITS)).astype(np.int64)
    b_lo = buckets[b].astype(np.int64)
    size = buckets[b + 1].astype(np.int64) - b_lo
    q = np.flatnonzero((size > 0) & (size <= _SMALL_BUCKET))
    n = size[q]
    idx = np.repeat(b_lo[q] - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
    owner = np.repeat(q, n)
    entries = packed[idx]
    same = (entries >> SHIFT) == fps[owner]
    entries, owner = entries[same], owner[same]
    held += np.bincount(owner, minlength=len(fps))
    if cap < _SMALL_BUCKET:  # a small bank: a small bucket may hold a common fingerprint
        rare = held[owner] <= cap
        entries, owner = entries[rare], owner[rare]
    large = np.flatnonzero(size > _SMALL_BUCKET)
    if len(large):
        lo = np.searchsorted(packed, fps[large] << SHIFT, "left")
        hi = np.searchsorted(packed, (fps[large] << SHIFT) | ITEM_MASK, "right")
        more, more_owner, _ = _spans(packed, large, lo, hi - lo, held, cap)
        entries, owner = np.concatenate([entries, more]), np.concatenate([owner, more_owner])
    return entries, owner, held


def _spans(packed: npt.NDArray[np.uint64], which: npt.NDArray[np.int64], lo: npt.NDArray[np.int64],
           n: npt.NDArray[np.int64], held: npt.NDArray[np.int64], cap: int) -> Entries:
    """`lookup` for fingerprints `which` found at [lo, lo + n) of the index (`held` filled in)."""
    held[which] = n
    ok = (n > 0) & (n <= cap)
    lo, n, which = lo[ok], n[ok], which[ok]
    idx = np.repeat(lo - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
    return packed[idx], np.repeat(which, n), held


def among(values: npt.NDArray[np.int64], few: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """np.isin for the few candidates of a lookup: a broadcast comparison, without np.isin's
    fixed cost (some 30 µs a call, three calls a lookup)."""
    if len(few) > 16:
        return np.isin(values, few)
    same: npt.NDArray[np.bool_] = (values[:, None] == few[None, :]).any(axis=1)
    return same


def release_heap() -> None:
    """Hand the heap that building freed back to the OS. glibc raises its mmap threshold once
    large temporaries are freed, so later ones come from the heap and stay there: building a
    100,000-item bank left some 40 MB beyond its arrays (BENCHMARKS.md, exam). Linux with glibc
    only; elsewhere nothing happens."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        return


def append(array: npt.NDArray[_T], piece: npt.NDArray[_T]) -> npt.NDArray[_T]:
    """`array` with `piece` after it, grown in place where it can be (realloc): building a
    bank of 100,000 items one paper at a time then does not leave a heap of freed copies."""
    old = len(array)
    try:
        array.resize(old + len(piece), refcheck=False)
    except ValueError:  # an array that does not own its memory (loaded from a file, or a view)
        return np.concatenate([array, piece])
    array[old:] = piece
    return array
