"""The scanner: runs the registered detectors over one text and resolves overlaps.

Theory of operation: every detector sees the same `ScanText` and proposes
findings independently. Resolution then (1) keeps a special-category finding
only when it is about someone (a subject cue or a person/ID within reach),
(2) among the other findings keeps, for any overlap, a cell typed by its table
header or record key (`detectors.structure`), then the longer span, then the higher score, (3) keeps exam items over everything else (an exam paper may
hold names that are redacted too). A detector that raises makes the whole scan fail
(`ScanError`): an unscanned text must never pass as clean.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from detectors.base import Detector, Finding
from detectors.spans import DisjointSpans
from detectors.entities import OVERLAY_ENTITIES, SPECIAL_CATEGORIES, SUBJECT_ENTITIES
from detectors.errors import ScanError
from detectors.text import ScanText

__all__ = ["Scanner", "ScanReport"]

log = logging.getLogger(__name__)

_SUBJECT_REACH = 30


@dataclass(frozen=True, slots=True)
class ScanReport:
    """Findings in text order and the time each detector took (seconds)."""

    text_length: int
    findings: tuple[Finding, ...]
    timings: tuple[tuple[str, float], ...]

    @property
    def entities(self) -> frozenset[str]:
        return frozenset(f.entity for f in self.findings)


class Scanner:
    def __init__(self, detectors: Sequence[Detector], *, min_score: float = 0.5) -> None:
        self._detectors = tuple(detectors)
        self._min_score = min_score

    @property
    def detectors(self) -> tuple[Detector, ...]:
        return self._detectors

    def scan(self, text: str) -> ScanReport:
        scan_text = ScanText(text)
        proposed: list[Finding] = []
        timings: list[tuple[str, float]] = []
        for detector in self._detectors:
            t0 = time.perf_counter()
            try:
                found = detector.detect(scan_text)
            except Exception as exc:  # fail closed: the caller must not treat the text as clean
                log.error("detector %s failed: %s", detector.name, type(exc).__name__)
                raise ScanError(f"detector {detector.name} failed: {type(exc).__name__}") from exc
            timings.append((detector.name, time.perf_counter() - t0))
            proposed.extend(f for f in found if f.score >= self._min_score)
        return ScanReport(text_length=len(text), findings=resolve(proposed), timings=tuple(timings))


_EXAM_ONLY = OVERLAY_ENTITIES - SPECIAL_CATEGORIES


def _precedence(f: Finding) -> tuple[bool, int, float, int]:
    return f.meta("source") != "structure", f.start - f.end, -f.score, f.start


def resolve(findings: list[Finding]) -> tuple[Finding, ...]:
    special = [f for f in findings if f.entity in SPECIAL_CATEGORIES]
    exam = [f for f in findings if f.entity in _EXAM_ONLY]
    ordinary = [f for f in findings if f.entity not in OVERLAY_ENTITIES]
    kept: list[Finding] = []
    # A cell typed by its table header or record key comes first: a longer span that
    # overlaps it crosses the cell boundary (two numbers of one row read as one).
    taken = DisjointSpans()  # O(log n) per finding: dense texts stay linear-ish
    for f in sorted(ordinary, key=_precedence):
        if taken.take(f.start, f.end):
            kept.append(f)
    subjects = [f for f in kept if f.entity in SUBJECT_ENTITIES]
    for f in special:
        near_subject = any(
            s.start - _SUBJECT_REACH <= f.start and f.end <= s.end + _SUBJECT_REACH for s in subjects
        )
        if f.meta("subject") == "subject" or near_subject:
            kept.append(f)
    # Exam items, registered or structural, are kept side by side: each says something else.
    kept.extend(exam)
    return tuple(sorted(kept, key=lambda f: (f.start, f.end, f.entity)))
