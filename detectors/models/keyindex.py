"""An exact map from 64-bit keys to small codes, looked up for whole arrays of keys at once.

Theory of operation. The name tagger looks up a few thousand character windows
per text in a dictionary of ~330,000 words (their polynomial keys). A binary
search (`np.searchsorted`) pays ~18 dependent reads per key into a 2.6 MB
array. Here each key has one home slot in a table of 2**k slots (Fibonacci
hashing: the top k bits of key × an odd constant), at most one key per slot;
the keys that found their home taken go to a small sorted stash, and their
home slot is marked. A lookup reads the home slot: the key itself there is a
hit, an unmarked slot holding anything else a miss, and only keys whose home
is marked (a few per cent) are searched in the stash. No loop, no probing
sequence, and the answer is exactly the sorted search's: the first code of a
key (the stash keeps each key once), 0 for a key that is absent. An empty slot
holds key 0 and code 0, so a query for key 0 at an empty home also gets 0;
a present key 0 sits at its home or in the stash like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["KeyIndex"]

UIntArray = npt.NDArray[np.uint64]
CodeArray = npt.NDArray[np.uint8]

#: Knuth's multiplicative constant (2**64 / golden ratio, odd): the top bits of key × it spread
#: keys that differ only in their low bits (polynomial keys of neighbouring characters).
_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, slots=True)
class KeyIndex:
    """Keys (uint64) to codes (uint8), built once (`build`), read many times (`lookup`)."""

    #: The key living in each slot (0 where none) and its code (0 where none).
    slot_keys: UIntArray
    slot_codes: CodeArray
    #: Slots that are the home of at least one key kept in the stash.
    spilled: npt.NDArray[np.bool_]
    #: Keys that found their home taken, sorted, with their codes.
    stash_keys: UIntArray
    stash_codes: CodeArray
    #: 64 minus the table's bit count: home = (key × _MIX) >> shift.
    shift: np.uint64

    @classmethod
    def build(cls, keys: UIntArray, codes: CodeArray, *, load: float = 0.35) -> KeyIndex:
        """An index of `keys` (any order, repeats allowed: the first occurrence's code wins,
        as `np.searchsorted` into the stably sorted keys would find it)."""
        keys = np.ascontiguousarray(keys, dtype=np.uint64)
        codes = np.ascontiguousarray(codes, dtype=np.uint8)
        uniq, first = np.unique(keys, return_index=True)
        uniq_codes = codes[first]
        bits = max(4, int(np.ceil(np.log2(max(1.0, len(uniq) / load)))))
        shift = np.uint64(64 - bits)
        home = _home(uniq, shift)
        # The first key (in key order) of each home takes the slot; the others go to the stash.
        order = np.argsort(home, kind="stable")
        by_home = home[order]
        leader = np.ones(len(order), dtype=np.bool_)
        leader[1:] = by_home[1:] != by_home[:-1]
        size = 1 << bits
        slot_keys = np.zeros(size, dtype=np.uint64)
        slot_codes = np.zeros(size, dtype=np.uint8)
        placed = order[leader]
        slot_keys[home[placed]] = uniq[placed]
        slot_codes[home[placed]] = uniq_codes[placed]
        stashed = np.sort(order[~leader])  # indices into the sorted `uniq`: keys stay sorted
        spilled = np.zeros(size, dtype=np.bool_)
        spilled[home[stashed]] = True
        return cls(slot_keys=slot_keys, slot_codes=slot_codes, spilled=spilled,
                   stash_keys=uniq[stashed], stash_codes=uniq_codes[stashed], shift=shift)

    def lookup(self, keys: UIntArray) -> CodeArray:
        """The code of each key (any shape), 0 for a key that is not in the index."""
        flat = keys.reshape(-1)
        home = _home(flat, self.shift)
        out = np.where(self.slot_keys[home] == flat, self.slot_codes[home], np.uint8(0))
        far = np.flatnonzero(self.spilled[home])
        if len(far) and len(self.stash_keys):
            wanted = flat[far]
            stash = self.stash_keys
            pos = np.minimum(np.searchsorted(stash, wanted), len(stash) - 1)
            hit = stash[pos] == wanted
            out[far[hit]] = self.stash_codes[pos[hit]]
        return out.reshape(keys.shape)

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.slot_keys, self.slot_codes, self.spilled, self.stash_keys,
                                      self.stash_codes))


def _home(keys: UIntArray, shift: np.uint64) -> npt.NDArray[np.intp]:
    mixed = keys * _MIX  # wraps mod 2**64, as intended
    mixed >>= shift
    return mixed.astype(np.intp)
