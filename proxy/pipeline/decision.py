"""Decisions: what the guard did with one request, in a form the audit can keep
(entity types, counts, detectors, score bands, rule ids; never values)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from detectors.base import Finding
from proxy.policy.vocabulary import Action, Format

__all__ = ["FindingSummary", "Decision", "summarise", "score_band"]


def score_band(score: float) -> str:
    return "high" if score >= 0.85 else "medium" if score >= 0.6 else "low"


@dataclass(frozen=True, slots=True)
class FindingSummary:
    entity: str
    detector: str
    score_band: str
    count: int
    action: Action


def summarise(findings: Iterable[tuple[Finding, Action]]) -> tuple[FindingSummary, ...]:
    """Group (finding, action) pairs into counts per entity/detector/band/action."""
    counts = Counter((f.entity, f.detector, score_band(f.score), action) for f, action in findings)
    return tuple(
        FindingSummary(entity=e, detector=d, score_band=b, count=n, action=a)
        for (e, d, b, a), n in sorted(counts.items())
    )


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome for one request (or WebSocket message)."""

    request_id: str
    service: str
    host: str
    path: str
    format: Format
    action: Action
    rule_ids: tuple[str, ...]
    findings: tuple[FindingSummary, ...] = ()
    #: Parts that could not be scanned (binary uploads) and what was done with them.
    unscanned: tuple[str, ...] = ()
    reason: str = ""
    bytes_in: int = 0
    bytes_out: int = 0
    scan_ms: float = 0.0
    #: Who asked: role, stage, school, grade, class, how identified, and the user id as a keyed hash.
    principal: tuple[tuple[str, str], ...] = field(default=())
    extra: tuple[tuple[str, str], ...] = field(default=())
    #: (entity, keyed hash of the matched value) for correlation and lookup; never the value.
    value_hashes: tuple[tuple[str, str], ...] = field(default=())
    #: (entity, masked preview such as 王** or 139****5678), only when the policy allows previews.
    previews: tuple[tuple[str, str], ...] = field(default=())

    @property
    def entities(self) -> tuple[str, ...]:
        return tuple(sorted({f.entity for f in self.findings}))
