"""The exam bank's second look at a candidate: an item's ordered sequence of keyed 8-bit hashes
of its class-normalised 2-grams, signs of formulas included (never text), aligned against the prompt's stretch that holds
the candidate, so that lookup can tell which edit explains the difference.

Theory of operation. The fingerprint families count grams without looking at what lies between
them, so an edited copy and an unregistered sibling built from the same template look alike
to them. An alignment does not: it says where the item's wording is missing and what stands in
its place. With 2-grams, one character changed or dropped costs one gap of at most two grams
(`SLIP`); a word swapped for another one gap of three or four (`WORD`); new numbers cost
nothing (a digit run is one class character); a copy cut short leaves the item's tail
unmatched, with nothing of the item after it. A sibling brings its own clause, unit or
object: gaps longer than a word, or more word gaps than a paraphrase has; a maths sibling
often only its own formula, which is why the text aligned keeps `+ - = ( )` and the like
(`exam_grams.SIGNS`) that the fingerprints' normalisation drops. Only the gap
structure is judged (`accept`); the bytes themselves prove nothing alone (1 in 255 agree by
chance), so only runs of at least `MIN_BLOCK` equal bytes count as shared wording.

Options are separate segments (`exam_grams.option_marks`): the stem is aligned in order,
each option on its own against the whole stretch, so reordered options cost nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from detectors.stores.exam_grams import alnum_at, normalise_signed, signed_text
from detectors.stores.exam_sketch import NEAR_SALT, Classes, class_normalise, hash_grams
from detectors.text import ScanText

__all__ = ["SEQ_MAX", "SEQ_SALT", "SEP", "SLIP", "WORD", "MIN_BLOCK", "Alignment", "Verdict", "PromptSequence", "sequence",
           "signed_sequence", "align", "accept", "EDIT_CLASSES"]

SEQ_MAX = 60  # items of at most this many 2-grams keep a sequence (1 byte each); longer ones are judged by their grams
SEQ_SALT = NEAR_SALT ^ 0x616C69676E5F7365  # "align_se": apart from both fingerprint families
SEP = 0  # between segments (stem, options); hashes take 1..255
SLIP = 2  # a gap of at most this many grams: one character misread, dropped or added
WORD = 4  # ... of at most this many: one word swapped
MIN_BLOCK = 2  # equal bytes in a row that count as shared wording
MIN_OPTION = 4  # grams of an option that is aligned (shorter ones are left to the fingerprints)

#: What an accepted alignment says the prompt did to the item (match metadata `edit`).
EDIT_CLASSES = ("same", "slips", "words", "mixed", "part")


def sequence(norm: str, key: int, marks: npt.NDArray[np.bool_] | None = None) -> npt.NDArray[np.uint8]:
    """The 8-bit keyed hashes of the class-normalised 2-grams of `norm` (as `exam_sketch.class_normalise`
    reads it: digit runs one class, look-alikes folded), segment by segment, `SEP` between segments."""
    cls, _, seg = class_normalise(norm, marks)
    return _bytes(cls, seg, key)


def _bytes(cls: npt.NDArray[np.uint32], seg: npt.NDArray[np.int64], key: int) -> npt.NDArray[np.uint8]:
    if len(cls) < 2:
        return np.zeros(0, dtype=np.uint8)
    h = hash_grams(cls, 2, key ^ SEQ_SALT)
    byte = (h % np.uint64(255) + np.uint64(1)).astype(np.uint8)
    inside = seg[:-1] == seg[1:]  # a gram over two segments is the separator
    return np.where(inside, byte, np.uint8(SEP)).astype(np.uint8)


def signed_sequence(st: ScanText, key: int) -> npt.NDArray[np.uint8]:
    """`sequence` of the text as the alignment reads it since bank format 6: with the signs of a
    formula (`exam_grams.normalise_signed`), so that siblings from one template that differ in
    them no longer align as copies."""
    text, _, marks = normalise_signed(st)
    return sequence(text, key, marks)


class PromptSequence:
    """A prompt's `sequence`, made on first use (most prompts have no candidate to align) and read
    by stretches of the normalised prompt. With `signed` (the prompt's `ScanText`), the stretch's
    `signed_sequence` is made from that stretch of the NFKC text alone, for banks whose items keep
    theirs that way (format 6): a few hundred characters rather than the whole prompt; without,
    the whole prompt's sequence over `classes` is made once (format 5)."""

    def __init__(self, classes: Classes, key: int, signed: ScanText | None = None) -> None:
        self._classes, self._key, self._signed = classes, key, signed
        self._bytes: npt.NDArray[np.uint8] | None = None
        self._at: npt.NDArray[np.int64] | None = None  # signed: each normalised character's index in the NFKC text

    def window(self, a: int, b: int) -> npt.NDArray[np.uint8]:
        """The sequence of the prompt's normalised characters [a, b)."""
        if self._signed is not None:
            if self._at is None:
                self._at = alnum_at(self._signed.norm)
            a, b = max(a, 0), min(b, len(self._at))
            if a >= b:
                return np.zeros(0, dtype=np.uint8)
            end = int(self._at[b]) if b < len(self._at) else len(self._signed.norm)  # with the signs after b - 1
            text, _, marks = signed_text(self._signed.norm[int(self._at[a]) : end])
            return sequence(text, self._key, marks)
        cls, kept, seg = self._classes
        if self._bytes is None:
            self._bytes = _bytes(cls, seg, self._key)
        i, j = np.searchsorted(kept, [a, b]).tolist()
        return self._bytes[i : max(i, j - 1)]


@dataclass(frozen=True, slots=True)
class Alignment:
    """How an item's sequence lies in a prompt's stretch: its grams (`size`), those in runs of
    equal bytes (`matched`), the gaps between runs by size (`slips`, `words`, `long`: more than a
    word; an option's unmatched edge counts as a gap too), the options with no run at all
    (`missing`), the stem's grams before its first run and after its last (`head`, `tail`) and
    the stretch's grams after the item's last run (`after`: none when the copy ends the stretch)."""

    size: int
    matched: int
    slipped: int  # the item's grams inside slip gaps (what single-character edits hid)
    slips: int
    words: int
    long: int
    missing: int
    head: int
    tail: int
    after: int


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    edit: str  # one of EDIT_CLASSES, or "" when not accepted


def _gap(gap: int) -> tuple[int, int, int]:
    return int(0 < gap <= SLIP), int(SLIP < gap <= WORD), int(gap > WORD)


def align(item: npt.NDArray[np.uint8], prompt: npt.NDArray[np.uint8]) -> Alignment:
    """Align `item` (a `sequence`) against `prompt` (the `sequence` of the stretch)."""
    # The stem, and each option long enough to hold a run by more than chance (a one- or
    # two-character option has one or two grams: one slip there leaves nothing to align).
    segments = [s for k, s in enumerate(bytes(item).split(bytes([SEP]))) if len(s) >= (1 if k == 0 else MIN_OPTION)]
    if not segments:
        return Alignment(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    matcher = difflib.SequenceMatcher(None, b"", b"", autojunk=False)
    matcher.set_seq2(bytes(prompt))  # indexed once, each segment aligned against it
    size = sum(len(s) for s in segments)
    matched = slipped = missing = head = tail = 0
    gaps = [0, 0, 0]
    last_b = 0
    for k, seg in enumerate(segments):
        matcher.set_seq1(seg)
        runs = [(a, b, n) for a, b, n in matcher.get_matching_blocks() if n >= MIN_BLOCK]
        if not runs:
            missing += k > 0
            head = tail = len(seg) if k == 0 else 0
            continue
        matched += sum(n for _, _, n in runs)
        last_b = max(last_b, runs[-1][1] + runs[-1][2])
        found = [max(a1 - a0 - n0, b1 - b0 - n0) for (a0, b0, n0), (a1, b1, _) in zip(runs, runs[1:])]
        slipped += sum(a1 - a0 - n0 for (a0, b0, n0), (a1, b1, _) in zip(runs, runs[1:])
                       if max(a1 - a0 - n0, b1 - b0 - n0) <= SLIP)
        if k == 0:
            head, tail = runs[0][0], len(seg) - (runs[-1][0] + runs[-1][2])
        else:  # an option's own ends: a slip or a word at its edge
            found.append(runs[0][0] + len(seg) - (runs[-1][0] + runs[-1][2]))
        for g in found:
            gaps = [x + y for x, y in zip(gaps, _gap(g))]
    return Alignment(size, matched, slipped, gaps[0], gaps[1], gaps[2], missing, head, tail, len(prompt) - last_b)


@dataclass(frozen=True, slots=True)
class Rule:
    """When an alignment shows an edited copy (`accept`). Defaults chosen on the tune split
    (BENCHMARKS.md, exam, fifth and sixth rounds)."""

    cover: float = 0.65  # confirming the fingerprints: this share of the item's grams in runs
    words: int = 4  # ... at most this many word gaps (head and tail count as gaps)
    long: int = 1  # ... and this many longer ones (2 before the signs of formulas were read)
    part: float = 0.45  # ... or a copy cut short: this share of the item in runs, from its start,
    part_after: int = 2  # ... with at most this many grams of the stretch after it (the copy ends),
    part_words: int = 4  # ... at most this many word gaps inside it
    part_long: int = 0  # ... and this many longer ones
    alone: float = 0.8  # alone (the fingerprints found too little): this share in runs or slips,
    alone_words: int = 2  # ... at most this many word gaps and no longer one
    cut: float = 0.33  # alone, a copy cut short as above, with no word gap inside, that leaves off
    # at least this share of the item (0: never): a sibling that shares a template's opening
    # goes on with its own words to the end, a copy cut short leaves the item's tail out


def _edges(al: Alignment) -> tuple[int, int]:
    """Word and longer gaps, counting the stem's unmatched head and tail as gaps too."""
    _, words, long = (x + y + z for x, y, z in zip(_gap(al.head), _gap(al.tail), (0, al.words, al.long + al.missing)))
    return words, long


def accept(al: Alignment, rule: Rule, grams_ok: bool) -> Verdict:
    """An edited copy, and of which kind, or not. `grams_ok`: the fingerprint rules accept the
    candidate; the alignment must then confirm it (`rule.cover`, or a copy cut short). Without
    them it must show a copy on its own: nearly all the item in runs, with the grams that slips
    (one character misread, dropped or added) hid counted in, and at most `rule.alone_words`
    words swapped; or a copy cut short (`rule.cut`) with nothing but slips inside it. A gap longer
    than a word (a clause, a unit, an object of the prompt's own) is what a sibling built from the
    same template has."""
    if not al.size:
        return Verdict(False, "")
    words, long = _edges(al)
    edit = "same" if al.matched == al.size else "slips" if not (words or long) else "words" if not long else "mixed"
    if not long and words <= rule.alone_words and al.matched + al.slipped >= rule.alone * al.size:
        return Verdict(True, edit)
    cut_short = (al.words <= rule.part_words and al.long <= rule.part_long and al.head <= SLIP
                 and al.after <= rule.part_after)
    if not grams_ok:
        ok = (bool(rule.cut) and cut_short and not al.words and al.matched >= rule.part * al.size
              and al.tail >= rule.cut * al.size)
        return Verdict(ok, "part" if ok else "")
    if words <= rule.words and long <= rule.long and al.matched >= rule.cover * al.size:
        return Verdict(True, edit)
    if cut_short and al.matched >= rule.part * al.size:
        return Verdict(True, "part")
    return Verdict(False, "")
