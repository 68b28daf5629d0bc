"""The exam bank: keyed fingerprints of registered exam items, never their text.

Fingerprints (after Schleimer et al., "Winnowing", SIGMOD 2003): the text is
normalised (NFKC, letters and digits only, lower case), cut into k-character
grams, each gram hashed with a secret 64-bit key (splitmix64 mixing), and a
winnowed subset kept per item. Without the key the bank reveals nothing about
the text; with it, one can only test a guessed text. Lookup is containment:
the share of an item's fingerprints found anywhere in the prompt, so an item
buried in a long prompt, reordered among others or lightly edited still matches.

Two families share one index: `exact` (8-character grams of the normalised text)
and `near` (4-character grams of its wording, see `exam_sketch`), which survives
dense small edits; a match says which family found it (`ItemMatch.tolerance`).

Near evidence is weighted by rarity: a gram that df registered items hold counts
df**-1 (`idf_weight`; document frequencies are read off the sorted index whenever
papers are added or removed), so template wording shared by many items proves little
and an item's own wording much. A candidate is then checked against its order sketch
(keyed fingerprints of its sampled grams with their places in the item, never text):
grams found out of the item's order do not count, so the same phrases rearranged (a
sibling built from one template) fall short while a copy with slips keeps its order.
A short item also keeps its alignment sequence (`exam_align`: one keyed byte per 2-gram of
its text with the signs of formulas, never text): its candidates are aligned against the
prompt, which confirms or rejects what the grams said and finds, from fewer grams, copies
whose edits the grams cannot see past. The index's layout and derived tables are in `exam_index`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from detectors.errors import ResourceError
from detectors.stores.exam_align import (SEQ_MAX, Alignment, PromptSequence, Rule, Verdict, accept, align, sequence,
                                         signed_sequence)
from detectors.stores.exam_index import (ID_MASK, ITEM_MASK, NEAR_FLAG, SHIFT, SKIP_FLAG, among, append, bucket_table,
                                         df_cap, idf_weight, item_tables, lookup, release_heap)
from detectors.stores.exam_grams import K, W, gram_hashes, local_minima, normalise, normalise_marked, winnow
from detectors.stores.exam_sketch import (FULL_SAMPLE, NEAR_K, NEAR_MIN_WORDING, NEAR_SKETCH, ORDER_SHIFT,
                                          class_normalise, covered, longest_non_decreasing, near_item, near_query, near_query_skips)
from detectors.stores.exam_types import TOLERANCES, Grams, Hits, ItemMatch, NearEvidence, Paper, Tolerance
from detectors.text import ScanText

__all__ = ["INDEX_FILE", "ExamBank", "Paper", "ItemMatch", "Tolerance", "TOLERANCES", "normalise", "gram_hashes", "winnow",
           "K", "W", "FORMAT"]

FORMAT = "privacy-guard-exambank/6"
_FORMAT_5 = "privacy-guard-exambank/5"  # alignment sequences without the signs of formulas: aligned as they were made
_FORMAT_4 = "privacy-guard-exambank/4"  # no alignment sequences: loads, near matches are not aligned
_FORMAT_3 = "privacy-guard-exambank/3"  # no order sketch: loads, near matches skip the order check
_OLD_FORMAT = "privacy-guard-exambank/2"  # exact fingerprints only: loads, items match exactly only

#: The bank's index (papers and parameters); rewritten on every change.
INDEX_FILE = "papers.json"

_FLUSH_ENTRIES = 1 << 19  # pending fingerprints (4 MB) moved into the index's memory at a time (the heap keeps this much)


class ExamBank:
    """One sorted uint64 array: each entry is a 40-bit fingerprint above a 24-bit
    item id, so sorting is in place and a lookup is two binary searches; plus
    per-item paper, number and size (per family), and the papers' metadata (titles,
    embargo). Both families live in the one array: their grams are hashed under
    different keys, so they never meet."""

    def __init__(self, key: int, papers: Sequence[Paper] = (), packed: npt.NDArray[np.uint64] | None = None,
                 item_paper: npt.NDArray[np.uint32] | None = None,
                 item_no: npt.NDArray[np.uint32] | None = None, item_size: npt.NDArray[np.uint32] | None = None,
                 item_size_near: npt.NDArray[np.uint32] | None = None,
                 item_len: npt.NDArray[np.uint32] | None = None,
                 item_tau: npt.NDArray[np.uint64] | None = None,
                 order: tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32], npt.NDArray[np.uint16]] | None = None,
                 seq: tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint8]] | None = None, seq_signed: bool = True) -> None:
        self._key = key
        self.papers = list(papers)
        self._packed = packed if packed is not None else np.zeros(0, dtype=np.uint64)
        self._item_paper = item_paper if item_paper is not None else np.zeros(0, dtype=np.uint32)
        self._item_no = item_no if item_no is not None else np.zeros(0, dtype=np.uint32)
        self._item_size = item_size if item_size is not None else np.zeros(0, dtype=np.uint32)
        # Zero near fingerprints (a bank of format 2) means the item only matches exactly.
        self._item_size_near = (item_size_near if item_size_near is not None
                                else np.zeros(len(self._item_size), dtype=np.uint32))
        self._item_len = item_len if item_len is not None else np.zeros(len(self._item_size), dtype=np.uint32)
        self._item_tau = item_tau if item_tau is not None else np.zeros(len(self._item_size), dtype=np.uint64)
        # The order sketch (`exam_sketch.NearItem`): item i's sampled near grams are
        # order_fp[order_start[i]:order_start[i + 1]], sorted, with their places in order_rank.
        # A bank of format 3 or 2 has none: its items are matched without the order check.
        if order is None:
            order = (np.zeros(self.item_count + 1, dtype=np.uint32), np.zeros(0, dtype=np.uint32),
                     np.zeros(0, dtype=np.uint16))
        self._order_start, self._order_fp, self._order_rank = order
        # The alignment sequence of each short item (`exam_align.sequence`): item i's is
        # seq[seq_start[i]:seq_start[i + 1]], empty for a long item or a bank of format 4 or older.
        if seq is None:
            seq = (np.zeros(self.item_count + 1, dtype=np.uint32), np.zeros(0, dtype=np.uint8))
        self._seq_start, self._seq = seq
        self._seq_signed = seq_signed  # the sequences read the signs of formulas (format 6; 5 did not)
        # Fingerprints added since the last sort: merged once, before the next lookup
        # or save, so registering many papers stays linear.
        self._pending: list[npt.NDArray[np.uint64]] = []
        self._pending_len = 0
        self._sorted = True  # `_packed` may hold flushed, not yet sorted entries at its end
        self._common = np.zeros((2, 0), dtype=np.uint32)
        self._near_weight = np.zeros(0, dtype=np.float32)
        self._buckets = np.zeros(0, dtype=np.uint32)
        self._seq_item = np.zeros(0, dtype=np.bool_)
        self._seq_count = 0
        self._refresh_common()

    def _flush(self) -> None:
        """Move pending fingerprints to the end of `_packed`, grown in place where it can be
        (realloc), so that building never holds the index twice."""
        old = len(self._packed)
        try:
            self._packed.resize(old + self._pending_len, refcheck=False)
        except ValueError:  # an array that does not own its memory (loaded from a file)
            self._packed = np.concatenate([self._packed, np.zeros(self._pending_len, dtype=np.uint64)])
        for chunk in self._pending:
            self._packed[old : old + len(chunk)] = chunk
            old += len(chunk)
        self._pending, self._pending_len, self._sorted = [], 0, False

    def _merge_pending(self) -> None:
        if self._pending:
            self._flush()
        if self._sorted:
            return
        merged = len(self._packed)
        self._packed.sort()  # in place: no index array, no second copy
        self._sorted = True
        self._refresh_common()
        if merged >= _FLUSH_ENTRIES:
            release_heap()

    def _refresh_common(self) -> None:
        """The tables lookup reads beside the sorted index (`exam_index.item_tables`, the bucket
        table) and which items can be aligned; after every change of the index."""
        self._common, self._near_weight = item_tables(self._packed, self.item_count, self._df_cap,
                                                      self._item_size_near)
        self._seq_item = self._seq_start[1:] > self._seq_start[:-1]  # the items that can be aligned
        self._seq_count = int(np.count_nonzero(self._seq_item))
        self._buckets = bucket_table(self._packed)

    @property
    def _df_cap(self) -> int:
        return df_cap(self.item_count)

    @property
    def item_count(self) -> int:
        return len(self._item_paper)

    @property
    def aligned_items(self) -> npt.NDArray[np.bool_]:
        """Which items keep an alignment sequence (`exam_align`): the short ones, in a bank of format 5."""
        self._merge_pending()
        return self._seq_item

    @property
    def nbytes(self) -> int:
        """Memory held by the bank's arrays (after merging pending fingerprints)."""
        self._merge_pending()
        return sum(a.nbytes for a in (self._packed, self._item_paper, self._item_no, self._item_size,
                                      self._item_size_near, self._item_len, self._item_tau, self._common,
                                      self._near_weight, self._buckets, self._order_start, self._order_fp,
                                      self._order_rank, self._seq_start, self._seq, self._seq_item))

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
        entries: list[npt.NDArray[np.uint64]] = []
        sizes_near: list[int] = []
        lengths: list[int] = []
        taus: list[int] = []
        order_fp: list[npt.NDArray[np.uint32]] = []
        order_rank: list[npt.NDArray[np.uint16]] = []
        seqs: list[npt.NDArray[np.uint8]] = []
        for n, text in enumerate(items, start=1):
            st = ScanText(text)
            norm, _, marks = normalise_marked(st)
            fps = winnow(gram_hashes(norm, self._key))
            if len(fps) == 0:
                continue
            sketch = near_item(norm, self._key, marks)
            near, skip = sketch.sampled, sketch.skip
            item_id = base + len(sizes)
            if item_id > int(ID_MASK):
                raise ValueError(f"the exam bank holds at most {int(ID_MASK) + 1} items")
            entries.append((np.unique(fps >> SHIFT) << SHIFT) | np.uint64(item_id))
            near40 = np.unique(near >> SHIFT)
            entries.append((near40 << SHIFT) | NEAR_FLAG | np.uint64(item_id))
            skip40 = np.setdiff1d(skip >> SHIFT, near40)
            entries.append((skip40 << SHIFT) | NEAR_FLAG | SKIP_FLAG | np.uint64(item_id))
            paper_ids.append(p_index)
            numbers.append(n)
            sizes.append(len(np.unique(fps >> SHIFT)))
            sizes_near.append(sketch.size)
            lengths.append(len(norm))
            taus.append(sketch.tau)
            order_fp.append(sketch.order_fp)
            order_rank.append(sketch.order_rank)
            # Which items are short is read without the signs, as in format 5, so that an item
            # that is mostly a formula is not left out for its signs.
            short = len(sequence(norm, self._key, marks)) <= SEQ_MAX
            seqs.append(signed_sequence(st, self._key) if short else np.zeros(0, dtype=np.uint8))
        if entries:  # one array a paper: fewer, larger allocations
            ends = int(self._order_start[-1]) + np.cumsum([len(f) for f in order_fp])
            self._order_start = append(self._order_start, ends.astype(np.uint32))
            self._order_fp = append(self._order_fp, np.concatenate(order_fp))
            self._order_rank = append(self._order_rank, np.concatenate(order_rank))
            ends = int(self._seq_start[-1]) + np.cumsum([len(q) for q in seqs])
            self._seq_start = append(self._seq_start, ends.astype(np.uint32))
            self._seq = append(self._seq, np.concatenate(seqs))
            self._pending.append(np.concatenate(entries))
            self._pending_len += len(self._pending[-1])
            if self._pending_len > _FLUSH_ENTRIES:
                self._flush()
        self._item_paper = append(self._item_paper, np.array(paper_ids, dtype=np.uint32))
        self._item_no = append(self._item_no, np.array(numbers, dtype=np.uint32))
        self._item_size = append(self._item_size, np.array(sizes, dtype=np.uint32))
        self._item_size_near = append(self._item_size_near, np.array(sizes_near, dtype=np.uint32))
        self._item_len = append(self._item_len, np.array(lengths, dtype=np.uint32))
        self._item_tau = append(self._item_tau, np.array(taus, dtype=np.uint64))
        self.papers.append(paper)
        return paper

    def remove_paper(self, paper_id: str) -> bool:
        self._merge_pending()
        idx = next((i for i, p in enumerate(self.papers) if p.id == paper_id), None)
        if idx is None:
            return False
        keep_items = self._item_paper != idx
        new_item_ids = (np.cumsum(keep_items) - 1).astype(np.uint64)
        items = (self._packed & ID_MASK).astype(np.int64)
        keep = keep_items[items]
        # Ids shrink monotonically, so the (fingerprint, family, item) order is kept.
        self._packed = (self._packed[keep] & ~ID_MASK) | new_item_ids[items[keep]]
        paper_map = np.array([i - (i > idx) for i in range(len(self.papers))], dtype=np.uint32)
        self._item_paper = paper_map[self._item_paper[keep_items]]
        self._item_no = self._item_no[keep_items]
        self._item_size = self._item_size[keep_items]
        self._item_size_near = self._item_size_near[keep_items]
        self._item_len = self._item_len[keep_items]
        self._item_tau = self._item_tau[keep_items]
        start = self._order_start.astype(np.int64)
        kept = np.repeat(keep_items, np.diff(start))
        self._order_fp, self._order_rank = self._order_fp[kept], self._order_rank[kept]
        self._order_start = np.concatenate([[0], np.cumsum(np.diff(start)[keep_items])]).astype(np.uint32)
        start = self._seq_start.astype(np.int64)
        self._seq = self._seq[np.repeat(keep_items, np.diff(start))]
        self._seq_start = np.concatenate([[0], np.cumsum(np.diff(start)[keep_items])]).astype(np.uint32)
        del self.papers[idx]
        self._refresh_common()
        return True

    # -- lookup --------------------------------------------------------------------

    def _hits(self, exact: Grams, near: Grams, df_cap: int) -> tuple[Hits, Hits]:
        """Every bank entry sharing a fingerprint with the query, per family (one lookup for
        both), leaving out fingerprints held by more than `df_cap` items: a phrase common to
        many items (a formulaic stem) proves nothing; the weight (`idf_weight`) says how much
        the others prove."""
        hashes = np.concatenate([exact.hashes, near.hashes])
        first = np.concatenate([exact.first, near.first])
        last = np.concatenate([exact.last, near.last])
        # Each distinct fingerprint once, at its first place in the query: one sort of
        # (fingerprint, place) keys, twice as fast as an argsort (np.unique slower still).
        keys = np.sort(((hashes >> SHIFT) << SHIFT) | np.arange(len(hashes), dtype=np.uint64))
        fps = keys >> SHIFT
        head = np.concatenate([[True], fps[1:] != fps[:-1]]) if len(fps) else np.zeros(0, dtype=np.bool_)
        uniq, at = fps[head], (keys[head] & ITEM_MASK).astype(np.int64)
        entries, owner, held = lookup(self._packed, self._buckets, uniq, df_cap)
        is_near = (entries & NEAR_FLAG) > 0
        q = at[owner]  # the query gram each entry answers
        asked_near = q >= len(exact.hashes)
        weight = idf_weight(held, df_cap)[owner]
        out = []
        for family in (False, True):
            mine = np.flatnonzero((is_near == family) & (asked_near == family))  # else a 40-bit coincidence
            out.append(Hits((entries[mine] & ID_MASK).astype(np.int64), first[q[mine]], last[q[mine]],
                             weight[mine], uniq[owner[mine]]))
        return out[0], out[1]

    def match(self, text: str | ScanText, *, now: dt.datetime | None = None, min_containment: float = 0.45,
              min_fingerprints: int = 3, long_run: int = 30, long_run_containment: float = 0.3, long_run_df: int = 3,
              near_containment: float = 0.6, near_partial: float = 0.5, near_precision: float = 0.9,
              near_min_fingerprints: int = 6, near_partial_fingerprints: int = 10, near_share: float = 0.5,
              near_short: int = 60, near_short_precision: float = 0.5, near_short_cover: float = 0.5,
              near_substitutions: int = 0, near_substitution_share: float = 0.4, near_substituted: float = 0.9,
              aligned: Rule | None = Rule(), aligned_min_fingerprints: int = 3, aligned_containment: float = 0.3,
              aligned_exact: bool = False, include_expired: bool = False) -> list[ItemMatch]:
        """Items whose fingerprints the text contains. `exact`: at least `min_containment` of
        the item's exact fingerprints (and `min_fingerprints`), or a long run of a long item:
        `long_run` shared fingerprints (some 120 characters) making up at least
        `long_run_containment` of it (the floor keeps long reading passages that share
        boilerplate from matching), counting only fingerprints that at most `long_run_df` items
        hold (0: all): boilerplate several registered items share (a formula with its table of
        critical values) is not a run of this item. Otherwise `near`, judged on the stretch of the prompt that
        holds most of the item's near fingerprints (at least `near_min_fingerprints`): they are
        `near_containment` of the item's, or `near_partial` of them (and at least
        `near_partial_fingerprints`) while making up `near_precision` of the stretch's own
        sampled grams (part of an item, copied with slips, rather than a sibling item that
        shares its template). Near containment is weighted by rarity and counts only grams in
        the item's own order; `near_share` of the item's grams must be there unweighted too,
        so a few rare grams cannot stand for an item. An item of at most `near_short` characters
        needs its wording too: `near_short_precision` of the stretch's sampled grams are its,
        or its grams in order cover `near_short_cover` of its length. An item that keeps all its
        grams and shares `near_substitutions` of them with the prompt (0: never) also counts the
        prompt's skip-grams over characters that were substituted (`_substitution_hits`), but a
        full match that needs them must reach `near_substituted`; the wording check and the
        part rule never count them. An item that keeps an alignment sequence (`aligned`, None: off)
        is judged by its alignment instead (`exam_align.accept`: it must confirm what the grams
        accept, or show a copy on its own), and is a candidate from `aligned_min_fingerprints`
        near grams and `aligned_containment`. Thresholds were tuned on the tune split:
        BENCHMARKS.md, exam."""
        self._merge_pending()
        if not len(self._packed):
            return []
        st = text if isinstance(text, ScanText) else ScanText(text)
        norm, where, marks = normalise_marked(st)
        grams = gram_hashes(norm, self._key)
        if not len(grams):
            return []
        df_cap = self._df_cap
        starts = local_minima(grams)
        classes = class_normalise(norm, marks)
        q_hash, q_first, q_last = near_query(norm, self._key, marks, classes)
        prompt = PromptSequence(classes, self._key, st if self._seq_signed else None)
        hx, hn = self._hits(Grams(grams[starts], starts, starts + K - 1), Grams(q_hash, q_first, q_last), df_cap)
        ids_x, first_x, last_x = hx.item, hx.first, hx.last
        ids_n, first_n, last_n, w_n, fp_n = hn.item, hn.first, hn.last, hn.weight, hn.fp
        # Scores only for items with enough shared fingerprints: a handful out of the bank.
        count_x = np.bincount(ids_x, minlength=self.item_count)
        cand_x = np.flatnonzero(count_x >= min_fingerprints)
        count_x = count_x[cand_x]
        cont_x = count_x / np.maximum(1, self._item_size[cand_x].astype(np.int64) - self._common[0][cand_x])
        long = (count_x >= long_run) & (cont_x >= long_run_containment)
        if long_run_df and long.any():  # idf_weight is 1 / df below the cap
            rare_x = np.bincount(ids_x[hx.weight >= 1.0 / long_run_df], minlength=self.item_count)[cand_x]
            long &= rare_x >= long_run
        exact = cand_x[(cont_x >= min_containment) | long]
        count_n = np.bincount(ids_n, minlength=self.item_count)
        base_n = len(ids_n)  # hits after it come from substituted characters
        if near_substitutions:
            more = self._substitution_hits(norm, marks, hn, count_n, exact, near_substitutions,
                                           near_substitution_share, df_cap)
            if more is not None:
                ids_n, first_n, last_n = (np.concatenate([a, b]) for a, b in
                                          ((ids_n, more.item), (first_n, more.first), (last_n, more.last)))
                w_n, fp_n = np.concatenate([w_n, more.weight]), np.concatenate([fp_n, more.fp])
                count_n = np.bincount(ids_n, minlength=self.item_count)
        enough = np.flatnonzero(count_n >= near_min_fingerprints)
        mine_n = count_n[ids_n] >= near_min_fingerprints
        if aligned and aligned_min_fingerprints < near_min_fingerprints and self._seq_count:
            # Items that can be aligned are candidates from fewer grams: only their hits are read.
            seq_ids = ids_n[self._seq_item[ids_n]]
            few = np.unique(seq_ids[count_n[seq_ids] >= aligned_min_fingerprints])
            few = few[count_n[few] < near_min_fingerprints]
            if len(few):
                enough = np.union1d(enough, few)
                mine_n |= among(ids_n, few)
        # The weights summed over the hits of those items only (a bank-sized float array is
        # a tenth of a millisecond).
        weight_n = np.bincount(np.searchsorted(enough, ids_n[mine_n]), weights=w_n[mine_n], minlength=len(enough))
        # An item without near fingerprints (from a format-2 bank) only matches exactly.
        keep_n = (self._item_size_near[enough] > 0) & ~among(enough, exact)
        cand_n, weight_n = enough[keep_n], weight_n[keep_n]
        cont_n = weight_n / np.maximum(1e-9, self._near_weight[cand_n])
        # Upper bounds of what `_near_evidence` can find (containment and grams only fall there):
        # a candidate that can pass neither the full nor the part rule is not judged.
        count_c = count_n[cand_n]
        uncommon = self._item_size_near[cand_n].astype(np.int64) - self._common[1][cand_n]
        can_full = (cont_n >= near_containment) & (count_c >= near_share * uncommon)
        can_part = (cont_n >= near_partial) & (count_c >= near_partial_fingerprints)
        grams_can = can_full | can_part
        # An item that can be aligned is judged by its alignment, also when its grams cannot pass.
        alone = (cont_n >= aligned_containment) & self._seq_item[cand_n] & ~grams_can if aligned else ~grams_can
        near_items, alone = cand_n[grams_can | alone], alone[grams_can | alone]
        now = now or dt.datetime.now()
        out: list[ItemMatch] = []
        for item, containment in zip(exact, cont_x[among(cand_x, exact)]):
            mine = ids_x == item
            lo, hi = int(first_x[mine].min()), int(last_x[mine].max())
            if aligned and aligned_exact and self._seq_item[item]:
                if not self._decide(int(item), True, prompt, lo, hi, aligned).ok:
                    continue
            out.append(self._item_match(int(item), float(containment), lo, hi, where, "exact"))
        if len(near_items):
            # Only the candidates' hits are sorted (by item): a few hundred out of tens of thousands.
            keep = np.flatnonzero(among(ids_n, near_items))
            order = keep[np.argsort(ids_n[keep], kind="stable")]
            bounds = np.searchsorted(ids_n[order], near_items), np.searchsorted(ids_n[order], near_items, "right")
            q_uniq, at = np.unique(q_hash, return_index=True)
            q_pos = q_first[at]
            for item, a, b, only in zip(near_items, *bounds, alone):
                verdict = Verdict(False, "")
                if only and aligned:  # the grams cannot pass: the alignment alone decides, around their middle
                    mid, half = int(np.median(first_n[order[a:b]])), int(self._item_len[item]) // 2
                    verdict = self._decide(int(item), False, prompt, mid - half, mid + half, aligned)
                    if not verdict.ok:
                        continue
                ev = self._near_evidence(int(item), order[a:b], first_n, last_n, w_n, fp_n, q_uniq, q_pos, base_n)
                if verdict.ok:  # (the evidence only places the match)
                    out.append(self._item_match(int(item), ev.containment, ev.lo, ev.hi + NEAR_K - 1, where, "near",
                                                verdict.edit))
                    continue
                # Grams that substituted characters hid count towards a full match only when they
                # complete most of the item: one substituted word is also what makes a sibling.
                full = (ev.dense >= near_min_fingerprints and ev.containment >= near_containment
                        and ev.share >= near_share)
                as_is = (ev.as_is_dense >= near_min_fingerprints and ev.as_is >= near_containment
                         and ev.as_is_share >= near_share)
                full &= as_is or ev.containment >= near_substituted
                part = (ev.as_is_dense >= near_partial_fingerprints and ev.as_is >= near_partial
                        and ev.precision >= near_precision)
                # A short item (a templated maths problem) also needs its wording: the stretch is
                # mostly its grams, or its grams in order cover much of its length. A sibling
                # from the same template has units, objects or a clause of its own.
                short = int(self._item_len[item]) <= near_short
                wording = (ev.precision >= near_short_precision
                           or ev.covered >= near_short_cover * int(self._item_len[item]))
                verdict = Verdict((full or part) and (wording or not short), "")
                if aligned and self._seq_item[item]:
                    verdict = self._decide(int(item), verdict.ok, prompt, ev.lo, ev.hi + NEAR_K - 1, aligned)
                if not verdict.ok:
                    continue
                out.append(self._item_match(int(item), ev.containment, ev.lo, ev.hi + NEAR_K - 1, where, "near",
                                            verdict.edit))
        out = [m for m in out if include_expired or m.paper.embargoed(now)]
        return sorted(out, key=lambda m: (m.start, -m.containment))

    def _decide(self, item: int, grams_ok: bool, prompt: PromptSequence, lo: int, hi: int, rule: Rule) -> Verdict:
        """The alignment's verdict on a candidate item found at [lo, hi] of the normalised
        prompt (`grams_ok`: what the fingerprint rules said; the alignment replaces them). The
        item is aligned against the prompt from its length before to its length after."""
        return accept(self._alignment(item, prompt, lo, hi), rule, grams_ok)

    def _alignment(self, item: int, prompt: PromptSequence, lo: int, hi: int) -> Alignment:
        reach = int(self._item_len[item])
        mine = self._seq[int(self._seq_start[item]) : int(self._seq_start[item + 1])]
        return align(mine, prompt.window(max(0, lo - reach), hi + 1 + reach))

    def _substitution_hits(self, norm: str, marks: npt.NDArray[np.bool_], hits: Hits, count: npt.NDArray[np.int64],
                           exact: npt.NDArray[np.int64], floor: int, share: float, df_cap: int) -> Hits | None:
        """Near hits that substituted characters hid: for the items that keep all their grams
        (a short item, `exam_sketch.FULL_SAMPLE`) and already share `floor` near grams with the
        prompt, and `share` of their uncommon grams and of their weight (a near miss, not a
        template word or two), the prompt's skip-grams around those grams (`near_query_skips`) that are the
        item's own, where no 4-gram of the window was found. A look-alike or misread character
        costs the four grams over it; three of them come back this way. Only these items'
        entries are kept, and only in a stretch as long as the item on either side of its
        grams, so the extra lookups stay few (none for a prompt that shares nothing)."""
        few = np.flatnonzero(count >= floor)
        uncommon = self._item_size_near[few].astype(np.int64) - self._common[1][few]
        few = few[(count[few] >= share * uncommon) & (self._item_tau[few] == np.uint64(FULL_SAMPLE))]
        few = few[~among(few, exact)] if len(exact) and len(few) else few
        if not len(few):
            return None
        mine = among(hits.item, few)
        # ... and their weight: rare grams, not only template ones.
        weight = np.bincount(np.searchsorted(few, hits.item[mine]), weights=hits.weight[mine], minlength=len(few))
        few = few[weight >= share * self._near_weight[few]]
        if not len(few):
            return None
        mine = among(hits.item, few)
        lens = self._item_len[hits.item[mine]].astype(np.int64)
        lo, hi = hits.first[mine] - lens, hits.last[mine] + lens
        order = np.argsort(lo, kind="stable")
        lo, hi = lo[order], np.maximum.accumulate(hi[order])
        start = np.concatenate([[True], lo[1:] > hi[:-1]])  # merge overlapping stretches
        lo, hi = lo[start], np.append(hi[np.flatnonzero(start)[1:] - 1], hi[-1])
        q_hash, q_first, q_last = near_query_skips(norm, self._key, marks, lo, hi, np.unique(hits.first[mine]))
        if not len(q_hash):
            return None
        fps, at = np.unique(q_hash >> SHIFT, return_index=True)
        new = ~np.isin(fps, hits.fp[mine])  # a skip-gram the prompt's 4-grams found already
        fps, at = fps[new], at[new]
        if not len(fps):
            return None
        entries, owner, held = lookup(self._packed, self._buckets, fps, df_cap)
        item = (entries & ID_MASK).astype(np.int64)
        keep = ((entries & NEAR_FLAG) > 0) & among(item, few)
        owner = owner[keep]
        return Hits(item[keep], q_first[at[owner]], q_last[at[owner]], idf_weight(held, df_cap)[owner], fps[owner])

    def _near_evidence(self, item: int, mine: npt.NDArray[np.int64], first_n: npt.NDArray[np.int64],
                       last_n: npt.NDArray[np.int64], w_n: npt.NDArray[np.float64], fp_n: npt.NDArray[np.uint64],
                       q_uniq: npt.NDArray[np.uint64], q_pos: npt.NDArray[np.int64], base: int) -> NearEvidence:
        """What the prompt holds of one candidate's near grams (`mine`: its hits), judged on
        the stretch that holds most of their weight: near grams must lie together, in a
        stretch about as long as the item, since the 4-grams of a long prompt hold scattered
        pieces of many short items."""
        by_pos = mine[np.argsort(first_n[mine], kind="stable")]
        p, w = first_n[by_pos], w_n[by_pos]
        reach = int(1.5 * int(self._item_len[item])) + NEAR_K
        ends = np.searchsorted(p, p + reach, "right")
        cum = np.concatenate([[0.0], np.cumsum(w)])
        held = cum[ends] - cum[:-1]  # the weight of the item's grams in each stretch
        best = int(np.argmax(held))
        stretch = by_pos[best : int(ends[best])]
        dense, lo, hi = len(stretch), int(p[best]), int(p[ends[best] - 1])
        counted = self._in_order(item, fp_n[stretch])
        containment = float(w_n[stretch][counted].sum()) / max(1e-9, float(self._near_weight[item]))
        # The plain share too: rarity weighting must not let a few rare grams stand for an item.
        in_order = int(np.count_nonzero(counted))
        share = in_order / max(1, int(self._item_size_near[item]) - int(self._common[1][item]))
        # The stretch's own grams that the item would have sampled, had they been its.
        sampled = int(np.count_nonzero((q_pos >= lo) & (q_pos <= hi) & (q_uniq <= self._item_tau[item])))
        # The wording check reads the grams found as they are: a substituted character is
        # what tells a sibling item (other units, objects) from a copy, so it is not wording.
        if base >= len(first_n):  # no such grams in this lookup: the evidence as it is
            return NearEvidence(dense, in_order, containment, share, dense / max(1, sampled), lo, hi,
                                covered(first_n[stretch][counted], last_n[stretch][counted]), containment,
                                dense, share)
        plain = stretch < base
        grams = stretch[counted & plain]
        as_is = float(w_n[grams].sum()) / max(1e-9, float(self._near_weight[item]))
        as_is_share = len(grams) / max(1, int(self._item_size_near[item]) - int(self._common[1][item]))
        return NearEvidence(dense, in_order, containment, share, int(plain.sum()) / max(1, sampled), lo, hi,
                            covered(first_n[grams], last_n[grams]), as_is, int(plain.sum()), as_is_share)

    def _in_order(self, item: int, fps: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
        """Which of the item's grams (in prompt order) count: all but those that stand out of
        the item's own order, outside the longest run whose places in the item never go back.
        Grams the order sketch does not hold (skip-grams, a bank without a sketch) are not judged."""
        counted = np.ones(len(fps), dtype=np.bool_)
        a, b = int(self._order_start[item]), int(self._order_start[item + 1])
        if b - a < 2 or len(fps) < 2:
            return counted
        sketch = self._order_fp[a:b]
        fp32 = ((fps << SHIFT) >> np.uint64(ORDER_SHIFT) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        at = np.minimum(np.searchsorted(sketch, fp32), len(sketch) - 1)
        known = np.flatnonzero(sketch[at] == fp32)
        ranks = self._order_rank[a:b][at[known]].tolist()
        counted[known] = False
        counted[known[longest_non_decreasing(ranks)]] = True
        return counted

    def _item_match(self, item: int, containment: float, start: int, end: int, where: npt.NDArray[np.int64],
                    tolerance: Tolerance, edit: str = "") -> ItemMatch:
        """`start`/`end`: first and last character in the normalised prompt."""
        return ItemMatch(self.papers[int(self._item_paper[item])], int(self._item_no[item]),
                         round(min(1.0, containment), 3), int(where[start]),
                         int(where[min(end, len(where) - 1)]) + 1, tolerance, edit)

    # -- storage -------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        self._merge_pending()
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = directory / "bank.tmp.npz"
        with open(tmp, "wb") as fh:
            np.savez(fh, packed=self._packed, item_paper=self._item_paper, item_no=self._item_no,
                     item_size=self._item_size, item_size_near=self._item_size_near, item_len=self._item_len,
                     item_tau=self._item_tau, order_start=self._order_start, order_fp=self._order_fp,
                     order_rank=self._order_rank, seq_start=self._seq_start, seq=self._seq)
        os.chmod(tmp, 0o600)
        os.replace(tmp, directory / "bank.npz")
        meta = {"format": FORMAT, "k": K, "w": W, "near": [NEAR_K, NEAR_SKETCH, NEAR_MIN_WORDING],
                "papers": [_paper_dict(p) for p in self.papers]}
        tmpj = directory / "papers.tmp.json"
        tmpj.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        os.chmod(tmpj, 0o600)
        os.replace(tmpj, directory / INDEX_FILE)

    @classmethod
    def load(cls, directory: Path, key: int) -> ExamBank:
        """Format 6; format 5 (alignment sequences without the signs of formulas: aligned as made); format 4 (no alignment sequences: its items are judged by their grams alone);
        format 3 (no order sketch: its items match near without the order check);
        or format 2 (exact fingerprints only: its items keep matching exactly, and match near
        once their paper is registered again)."""
        if not (directory / INDEX_FILE).exists():
            return cls(key)
        try:
            meta = json.loads((directory / INDEX_FILE).read_text(encoding="utf-8"))
            fmt = meta.get("format")
            if fmt not in (FORMAT, _FORMAT_5, _FORMAT_4, _FORMAT_3, _OLD_FORMAT) or meta.get("k") != K or meta.get("w") != W:
                raise ValueError(f"unknown bank format {fmt!r} (this version reads {FORMAT}, {_FORMAT_5}, "
                                 f"{_FORMAT_4}, {_FORMAT_3} and {_OLD_FORMAT})")
            if fmt != _OLD_FORMAT and (meta.get("near") != [NEAR_K, NEAR_SKETCH, NEAR_MIN_WORDING]):
                raise ValueError("near fingerprints of another size; register the papers again")
            papers = [Paper(p["id"], p["title"], p["embargo_until"], tuple(p["grades"]), p["items"], p["registered"])
                      for p in meta["papers"]]
            with np.load(directory / "bank.npz") as z:
                if fmt != _OLD_FORMAT:
                    near = (z["item_size_near"], z["item_len"], z["item_tau"])
                    order = (z["order_start"], z["order_fp"], z["order_rank"]) if fmt != _FORMAT_3 else None
                    seq = (z["seq_start"], z["seq"]) if fmt in (FORMAT, _FORMAT_5) else None
                    return cls(key, papers, z["packed"], z["item_paper"], z["item_no"], z["item_size"], *near,
                               order=order, seq=seq, seq_signed=fmt == FORMAT)
                return cls(key, papers, z["packed"], z["item_paper"], z["item_no"], z["item_size"])
        except (OSError, ValueError, KeyError) as exc:
            raise ResourceError(f"cannot load exam bank in {directory}: {exc}", path=str(directory)) from exc


def _paper_dict(p: Paper) -> dict[str, object]:
    return {"id": p.id, "title": p.title, "embargo_until": p.embargo_until, "grades": list(p.grades),
            "items": p.items, "registered": p.registered}
