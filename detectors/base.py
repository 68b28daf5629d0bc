"""The detector interface: findings, the `Detector` protocol and the pattern base class.

A detector is pure: it receives a `ScanText` (the original text with its
normalised views) and returns findings whose offsets point into the original text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol, runtime_checkable

from detectors.entities import ENTITY_TYPES, OVERLAY_ENTITIES, SPECIAL_CATEGORIES
from detectors.text import ScanText

__all__ = ["Finding", "Detector", "ENTITY_TYPES", "SPECIAL_CATEGORIES", "OVERLAY_ENTITIES", "finding_at"]

@dataclass(frozen=True, slots=True)
class Finding:
    """One span of sensitive data; `start`/`end` are Python string offsets into
    the original text, `end` exclusive."""

    entity: str
    start: int
    end: int
    text: str
    score: float
    detector: str
    #: Extra facts for policy and audit (never the raw value twice), as sorted pairs.
    metadata: tuple[tuple[str, str], ...] = field(default=())

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span {self.start}..{self.end} for {self.entity}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} outside 0..1 for {self.entity}")

    def meta(self, key: str) -> str | None:
        for k, v in self.metadata:
            if k == key:
                return v
        return None

    def overlaps(self, other: Finding) -> bool:
        return self.start < other.end and other.start < self.end

    @property
    def length(self) -> int:
        return self.end - self.start


@runtime_checkable
class Detector(Protocol):
    """One detector: a name, the entities it may report, and a pure `detect`."""

    name: ClassVar[str]
    entities: ClassVar[tuple[str, ...]]

    def detect(self, text: ScanText) -> list[Finding]:
        ...


def finding_at(
    text: ScanText,
    start: int,
    end: int,
    *,
    entity: str,
    score: float,
    detector: str,
    metadata: tuple[tuple[str, str], ...] = (),
) -> Finding:
    """Build a finding from a span in the normalised views, mapped to the original."""
    o_start, o_end = text.span(start, end)
    # Positional (a keyword call costs a third more, ~60 findings a 2 KB prompt); the clamp only
    # where it can change something (an int, a zero of either sign and NaN take it, as before).
    if not (type(score) is float and 0.0 < score <= 1.0):
        score = min(1.0, max(0.0, score))
    return Finding(entity, o_start, o_end, text.original[o_start:o_end], round(score, 3), detector, metadata)
