"""Shared fixtures: one scanner per test session (the name model takes a second to load)."""

from __future__ import annotations

from pathlib import Path

import pytest

from detectors import Scanner, build_scanner
from detectors.text import ScanText

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def scanner() -> Scanner:
    return build_scanner()


def spans(findings, entity: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.text for f in findings if entity is None or f.entity == entity]


def detect(detector, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.text for f in detector.detect(ScanText(text))]
