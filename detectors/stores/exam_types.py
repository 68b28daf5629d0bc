"""The exam bank's vocabulary: a registered paper, a match and the edit class it tolerated,
and the values lookup passes between its steps (a query's grams, the bank entries they hit,
the near evidence for one candidate item). Immutable values, no behaviour beyond `Paper.embargoed`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

__all__ = ["Tolerance", "TOLERANCES", "Paper", "ItemMatch", "Grams", "Hits", "NearEvidence"]

#: Which fingerprint family found an item: `exact` (8-character grams: exact, re-punctuated,
#: re-spaced, embedded, re-ordered text) or `near` (class-normalised 4-character grams: new
#: numbers, retyping slips, OCR look-alikes, a few words swapped).
Tolerance = Literal["exact", "near"]
TOLERANCES: tuple[Tolerance, ...] = get_args(Tolerance)


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
    containment: float  # share of the item's fingerprints (of the family that found it) in the prompt
    start: int  # span in the original prompt
    end: int
    tolerance: Tolerance = "exact"
    edit: str = ""  # near matches of short items: what the alignment says was done (`exam_align.EDIT_CLASSES`)


@dataclass(frozen=True, slots=True)
class Grams:
    """A query's grams of one family: hash, and the first and last normalised index each covers."""

    hashes: npt.NDArray[np.uint64]
    first: npt.NDArray[np.int64]
    last: npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Hits:
    """Bank entries that share a fingerprint with the query: per entry its item, where the
    query's gram lies, the gram's weight (`idf_weight`) and its 40-bit fingerprint."""

    item: npt.NDArray[np.int64]
    first: npt.NDArray[np.int64]
    last: npt.NDArray[np.int64]
    weight: npt.NDArray[np.float64]
    fp: npt.NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class NearEvidence:
    """What a prompt holds of one candidate item's near grams, in the stretch that holds most
    of them: grams there (`dense`), of them in the item's own order (`in_order`), their
    weighted `containment` and plain `share` of the item's uncommon grams, the `precision`
    (their share of the stretch's grams the item would have sampled), the stretch (`lo`,
    `hi`: first places of its first and last gram) and the prompt characters the grams in
    order cover (`covered`)."""

    dense: int
    in_order: int
    containment: float
    share: float
    precision: float
    lo: int
    hi: int
    covered: int
    as_is: float  # `containment` without the grams that substituted characters hid (`_substitution_hits`),
    as_is_dense: int  # ... `dense` without them
    as_is_share: float  # ... and `share`
