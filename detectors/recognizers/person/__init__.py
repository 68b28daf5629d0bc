"""`PERSON`: Chinese personal names, minority and Latin-script names (`PersonDetector`).

One module per job, imports one way: `cues` (shared vocabulary, `strongly_cued`) is read by
`latin`, `minority`, `shapes` and `bare`, and all of them by `detector`."""

from __future__ import annotations

from detectors.recognizers.person.cues import strongly_cued
from detectors.recognizers.person.detector import PersonDetector

__all__ = ["PersonDetector", "strongly_cued"]
