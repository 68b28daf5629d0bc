"""The exam bank: keyed fingerprints of registered exam items, never their text.

Fingerprints (after Schleimer et al., "Winnowing", SIGMOD 2003): the text is
normalised (NFKC, letters and digits only, lower case), cut into k-character
grams, each gram hashed with a secret 64-bit key (splitmix64 mixing), and a
winnowed subset kept per item. Without the key the bank reveals nothing about
the text; with it, one can only test a guessed text. Lookup is containment:
the share of an item's fingerprints found anywhere in the prompt, so an item
buried in a long prompt, reordered among others or lightly edited still matches.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from detectors.errors import ResourceError
from detectors.text import ScanText

__all__ = ["INDEX_FILE", "ExamBank", "Paper", "ItemMatch", "normalise", "gram_hashes", "winnow", "K", "W"]

#: The bank's index (papers and parameters); rewritten on every change.
INDEX_FILE = "papers.json"

K = 8  # characters per gram
W = 4  # winnowing window
_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_MAX_ITEM_SHARE = 0.002  # a fingerprint in more than this share of items is a common phrase
_MIN_DF_CAP = 8


def _alnum_table() -> npt.NDArray[np.bool_]:
    return np.array([chr(c).isalnum() for c in range(0x10000)], dtype=np.bool_)


_ALNUM = _alnum_table()  # one pass over the BMP at import; lookups are then vectorised


def normalise(text: str | ScanText) -> tuple[str, npt.NDArray[np.int64]]:
    """Letters and digits only, lower case, NFKC; with each character's original index.
    Punctuation, spacing and option-letter decoration (A． / (A) / A.) all vanish."""
    st = text if isinstance(text, ScanText) else ScanText(text)
    norm = st.norm
    if not norm:
        return "", np.zeros(0, dtype=np.int64)
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    keep = np.where(cps < 0x10000, _ALNUM[np.minimum(cps, 0xFFFF)], True)
    kept = np.nonzero(keep)[0]
    out = cps[kept].tobytes().decode("utf-32-le").lower()
    index = np.asarray(st.norm_to_orig[: len(norm)], dtype=np.int64)
    return out, index[kept]


def _mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    # splitmix64 finaliser: a bijective mix, so distinct grams stay distinct.
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def gram_hashes(norm: str, key: int) -> npt.NDArray[np.uint64]:
    """Keyed hash of every K-gram (position i covers norm[i:i+K])."""
    if len(norm) < K:
        return np.zeros(0, dtype=np.uint64)
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    with np.errstate(over="ignore"):
        h = np.zeros(len(cps) - K + 1, dtype=np.uint64)
        for j in range(K):
            h = h * np.uint64(1_000_003) + cps[j : len(cps) - K + 1 + j]
        return _mix(h ^ np.uint64(key & 0xFFFFFFFFFFFFFFFF))


def winnow(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    if len(hashes) <= W:
        return np.unique(hashes)
    windows = np.lib.stride_tricks.sliding_window_view(hashes, W)
    return np.unique(windows.min(axis=1))


@dataclass(frozen=True, slots=True)
class Paper:
    id: str
    title: str
    embargo_until: str  # ISO local time
    grades: tuple[int, ...]
    items: int
    registered: str

    def embargoed(self, now: dt.datetime) -> bool:
        return now < dt.datetime.fromisoformat(self.embargo_until)


@dataclass(frozen=True, slots=True)
class ItemMatch:
    paper: Paper
    item: int  # item number within the paper (1-based)
    containment: float
    start: int  # span in the original prompt
    end: int


_ITEM_BITS = 24  # up to 16.7 million items; the fingerprint keeps the other 40 bits
_ITEM_MASK = np.uint64((1 << _ITEM_BITS) - 1)
_SHIFT = np.uint64(_ITEM_BITS)


class ExamBank:
    """One sorted uint64 array: each entry is a 40-bit fingerprint above a 24-bit
    item id, so sorting is in place and a lookup is two binary searches; plus
    per-item paper, number and size, and the papers' metadata (titles, embargo)."""

    def __init__(self, key: int, papers: Sequence[Paper] = (), packed: npt.NDArray[np.uint64] | None = None,
                 item_paper: npt.NDArray[np.uint32] | None = None,
                 item_no: npt.NDArray[np.uint32] | None = None, item_size: npt.NDArray[np.uint32] | None = None) -> None:
        self._key = key
        self.papers = list(papers)
        self._packed = packed if packed is not None else np.zeros(0, dtype=np.uint64)
        self._item_paper = item_paper if item_paper is not None else np.zeros(0, dtype=np.uint32)
        self._item_no = item_no if item_no is not None else np.zeros(0, dtype=np.uint32)
        self._item_size = item_size if item_size is not None else np.zeros(0, dtype=np.uint32)
        # Fingerprints added since the last sort: merged once, before the next lookup
        # or save, so registering many papers stays linear.
        self._pending: list[npt.NDArray[np.uint64]] = []

    def _merge_pending(self) -> None:
        if not self._pending:
            return
        merged = np.concatenate([self._packed, *self._pending])
        self._pending = []
        merged.sort()  # in place: no index array, no second copy
        self._packed = merged

    @property
    def item_count(self) -> int:
        return len(self._item_paper)

    @property
    def nbytes(self) -> int:
        """Memory held by the bank's arrays (after merging pending fingerprints)."""
        self._merge_pending()
        return sum(a.nbytes for a in (self._packed, self._item_paper, self._item_no, self._item_size))

    # -- building ------------------------------------------------------------------

    def add_paper(self, paper_id: str, title: str, embargo_until: dt.datetime, grades: Sequence[int],
                  items: Sequence[str], registered: dt.datetime | None = None) -> Paper:
        paper = Paper(paper_id, title, embargo_until.isoformat(timespec="minutes"), tuple(grades), len(items),
                      (registered or dt.datetime.now()).isoformat(timespec="seconds"))
        p_index = len(self.papers)
        base = self.item_count
        paper_ids: list[int] = []
        numbers: list[int] = []
        sizes: list[int] = []
        for n, text in enumerate(items, start=1):
            norm, _ = normalise(text)
            fps = winnow(gram_hashes(norm, self._key))
            if len(fps) == 0:
                continue
            item_id = base + len(sizes)
            if item_id > int(_ITEM_MASK):
                raise ValueError(f"the exam bank holds at most {int(_ITEM_MASK) + 1} items")
            self._pending.append(((fps >> _SHIFT) << _SHIFT) | np.uint64(item_id))
            paper_ids.append(p_index)
            numbers.append(n)
            sizes.append(len(fps))
        self._item_paper = np.concatenate([self._item_paper, np.array(paper_ids, dtype=np.uint32)])
        self._item_no = np.concatenate([self._item_no, np.array(numbers, dtype=np.uint32)])
        self._item_size = np.concatenate([self._item_size, np.array(sizes, dtype=np.uint32)])
        self.papers.append(paper)
        return paper

    def remove_paper(self, paper_id: str) -> bool:
        self._merge_pending()
        idx = next((i for i, p in enumerate(self.papers) if p.id == paper_id), None)
        if idx is None:
            return False
        keep_items = self._item_paper != idx
        new_item_ids = (np.cumsum(keep_items) - 1).astype(np.uint64)
        items = (self._packed & _ITEM_MASK).astype(np.int64)
        keep = keep_items[items]
        # Ids shrink monotonically, so the (fingerprint, item) order is kept.
        self._packed = ((self._packed[keep] >> _SHIFT) << _SHIFT) | new_item_ids[items[keep]]
        paper_map = np.array([i - (i > idx) for i in range(len(self.papers))], dtype=np.uint32)
        self._item_paper = paper_map[self._item_paper[keep_items]]
        self._item_no = self._item_no[keep_items]
        self._item_size = self._item_size[keep_items]
        del self.papers[idx]
        return True

    # -- lookup --------------------------------------------------------------------

    def match(self, text: str | ScanText, *, now: dt.datetime | None = None, min_containment: float = 0.5,
              min_fingerprints: int = 4, long_run: int = 30, long_run_containment: float = 0.3,
              include_expired: bool = False) -> list[ItemMatch]:
        """Items whose fingerprints the text contains: at least `min_containment` of the
        item (and `min_fingerprints`), or a long run of a long item: `long_run` shared
        fingerprints (some 120 characters) making up at least `long_run_containment` of it.
        The floor keeps long reading passages that share boilerplate from matching."""
        self._merge_pending()
        if not len(self._packed):
            return []
        norm, where = normalise(text)
        grams = gram_hashes(norm, self._key)
        if not len(grams):
            return []
        uniq, first_pos = np.unique(grams >> _SHIFT, return_index=True)
        lo = np.searchsorted(self._packed, uniq << _SHIFT, "left")
        hi = np.searchsorted(self._packed, (uniq << _SHIFT) | _ITEM_MASK, "right")
        hit = hi > lo
        if not hit.any():
            return []
        df_cap = max(_MIN_DF_CAP, int(self.item_count * _MAX_ITEM_SHARE))
        item_ids: list[npt.NDArray[np.uint32]] = []
        positions: list[npt.NDArray[np.int64]] = []
        for a, b, pos in zip(lo[hit], hi[hit], first_pos[hit]):
            if b - a > df_cap:
                continue  # a phrase common to many items proves nothing
            item_ids.append((self._packed[a:b] & _ITEM_MASK).astype(np.uint32))
            positions.append(np.full(b - a, pos, dtype=np.int64))
        if not item_ids:
            return []
        ids = np.concatenate(item_ids)
        pos_all = np.concatenate(positions)
        counts = np.bincount(ids, minlength=self.item_count)
        candidates = np.nonzero(counts >= min_fingerprints)[0]
        now = now or dt.datetime.now()
        out: list[ItemMatch] = []
        for item in candidates:
            containment = counts[item] / max(1, int(self._item_size[item]))
            long_enough = counts[item] >= long_run and containment >= long_run_containment
            if containment < min_containment and not long_enough:
                continue
            paper = self.papers[int(self._item_paper[item])]
            if not include_expired and not paper.embargoed(now):
                continue
            p = pos_all[ids == item]
            start, end = int(p.min()), int(p.max()) + K - 1
            out.append(ItemMatch(paper, int(self._item_no[item]), round(float(min(1.0, containment)), 3),
                                 int(where[start]), int(where[min(end, len(where) - 1)]) + 1))
        return sorted(out, key=lambda m: (m.start, -m.containment))

    # -- storage -------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        self._merge_pending()
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = directory / "bank.tmp.npz"
        with open(tmp, "wb") as fh:
            np.savez(fh, packed=self._packed, item_paper=self._item_paper, item_no=self._item_no,
                     item_size=self._item_size)
        os.chmod(tmp, 0o600)
        os.replace(tmp, directory / "bank.npz")
        meta = {"format": "privacy-guard-exambank/2", "k": K, "w": W,
                "papers": [_paper_dict(p) for p in self.papers]}
        tmpj = directory / "papers.tmp.json"
        tmpj.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        os.chmod(tmpj, 0o600)
        os.replace(tmpj, directory / INDEX_FILE)

    @classmethod
    def load(cls, directory: Path, key: int) -> ExamBank:
        if not (directory / INDEX_FILE).exists():
            return cls(key)
        try:
            meta = json.loads((directory / INDEX_FILE).read_text(encoding="utf-8"))
            if meta.get("format") != "privacy-guard-exambank/2" or meta.get("k") != K or meta.get("w") != W:
                raise ValueError("unknown bank format")
            papers = [Paper(p["id"], p["title"], p["embargo_until"], tuple(p["grades"]), p["items"], p["registered"])
                      for p in meta["papers"]]
            with np.load(directory / "bank.npz") as z:
                return cls(key, papers, z["packed"], z["item_paper"], z["item_no"], z["item_size"])
        except (OSError, ValueError, KeyError) as exc:
            raise ResourceError(f"cannot load exam bank in {directory}: {exc}", path=str(directory)) from exc


def _paper_dict(p: Paper) -> dict[str, object]:
    return {"id": p.id, "title": p.title, "embargo_until": p.embargo_until, "grades": list(p.grades),
            "items": p.items, "registered": p.registered}
