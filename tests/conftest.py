"""Shared fixtures: one scanner per test session (the name model takes a second to load)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from detectors import Scanner, build_scanner
from detectors.text import ScanText

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"

# The name model's derived-data cache (`detectors.models.model_cache`) in a directory of this
# test run, not the user's home: the proxies and commands the tests start inherit it, so the
# model is built once per run instead of once per process.
if "PRIVACY_GUARD_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="privacy-guard-test-cache-")
    os.environ["PRIVACY_GUARD_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)


@pytest.fixture(scope="session")
def scanner() -> Scanner:
    return build_scanner()


def spans(findings, entity: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.text for f in findings if entity is None or f.entity == entity]


def detect(detector, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.text for f in detector.detect(ScanText(text))]
