"""`EXAM_ITEM` (registered): a prompt that contains an item of a registered,
still-embargoed exam paper, found by fingerprint containment (see `exam_bank`)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from detectors.base import Finding
from detectors.stores.exam_bank import ExamBank
from detectors.text import ScanText

__all__ = ["RegisteredExamDetector"]


class RegisteredExamDetector:
    """An item matched by the bank (`ExamBank.match`) → finding with score = containment
    (at least 0.6), metadata: paper id and title, item number, embargo end, and which edits
    the match tolerated (`tolerance`: exact or near, see `exam_bank.TOLERANCES`; for a short
    item matched near, `edit`: what its alignment shows, see `exam_align.EDIT_CLASSES`)."""

    name: ClassVar[str] = "exam_registered"
    entities: ClassVar[tuple[str, ...]] = ("EXAM_ITEM",)

    def __init__(self, bank: ExamBank | None, clock: type[dt.datetime] = dt.datetime,
                 *, after_embargo: bool = False) -> None:
        self._bank = bank
        self._clock = clock
        #: Keep matching papers whose embargo has ended (a school's choice; off by default).
        self._after_embargo = after_embargo

    def detect(self, text: ScanText) -> list[Finding]:
        if self._bank is None or not self._bank.item_count:
            return []
        out = []
        for m in self._bank.match(text, now=self._clock.now(), include_expired=self._after_embargo):
            out.append(Finding(
                entity="EXAM_ITEM", start=m.start, end=m.end, text=text.original[m.start : m.end],
                score=max(0.6, m.containment), detector=self.name,
                metadata=(("source", "registered"), ("paper_id", m.paper.id), ("paper", m.paper.title),
                          ("item", str(m.item)), ("embargo_until", m.paper.embargo_until),
                          ("tolerance", m.tolerance), *((("edit", m.edit),) if m.edit else ())),
            ))
        return out
