"""Detection engine for Chinese school text: detectors, registry and scanner.

Public surface: `build_scanner`, `Scanner`, `ScanReport`, `Finding`, `ENTITY_TYPES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from detectors.base import ENTITY_TYPES, SPECIAL_CATEGORIES, Detector, Finding
from detectors.engine import Scanner, ScanReport
from detectors.stores.exam_bank import ExamBank
from detectors.stores.roster import Roster

__all__ = [
    "ENTITY_TYPES", "SPECIAL_CATEGORIES", "Detector", "Finding", "Scanner", "ScanReport", "build_scanner",
]


def _default_detectors() -> tuple[str, ...]:
    from detectors.registry import REGISTRY

    return tuple(REGISTRY)





def build_scanner(
    *,
    detectors: Iterable[str] | None = None,
    config_dir: Path | None = None,
    extra_allow_files: Iterable[Path] = (),
    roster: Roster | None = None,
    exam_bank: ExamBank | None = None,
    exam_after_embargo: bool = False,
    min_score: float = 0.5,
) -> Scanner:
    """A scanner with the given (default: all registered) detectors and shared resources."""
    from detectors.registry import create
    from detectors.resources import load_resources

    resources = load_resources(config_dir, extra_allow_files=extra_allow_files, roster=roster, exam_bank=exam_bank,
                               exam_after_embargo=exam_after_embargo)
    names = tuple(detectors) if detectors is not None else _default_detectors()
    return Scanner(create(names, resources), min_score=min_score)
