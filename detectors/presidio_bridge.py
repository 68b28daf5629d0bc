"""Presidio interop: our detectors as Presidio recognizers, and an NLP engine that needs no model.

Presidio's `AnalyzerEngine()` loads an English spaCy model by default (a
download, impossible offline) and its context enhancer compares token lemmas,
which Chinese text without spaces does not have. So detection runs in our
`Scanner`; this bridge lets a team that already runs Presidio register our
detectors in its own `AnalyzerEngine`, and gives the benchmark a model-free
engine for the stock-Presidio baseline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

from detectors.base import Detector
from detectors.quiet import quiet_presidio_logging
from detectors.text import ScanText

__all__ = ["BlankNlpEngine", "DetectorRecognizer", "build_presidio_analyzer"]


class BlankNlpEngine(NlpEngine):
    """An NLP engine with no model: no tokens, no entities, for regex-only recognizers."""

    def __init__(self, languages: Sequence[str] = ("en", "zh")) -> None:
        self._languages = list(languages)

    def load(self) -> None:
        return None

    def is_loaded(self) -> bool:
        return True

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        # No tokens: Presidio only iterates them for context enhancement.
        return NlpArtifacts(
            entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=self, language=language  # type: ignore[arg-type]
        )

    def process_batch(
        self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1, **kwargs: Any
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return False

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return list(self._languages)


class DetectorRecognizer(EntityRecognizer):
    """Wraps one of our detectors as a Presidio `EntityRecognizer`."""

    def __init__(self, detector: Detector, language: str = "zh") -> None:
        self._detector = detector
        super().__init__(
            supported_entities=list(detector.entities), name=f"privacy_guard.{detector.name}",
            supported_language=language,
        )

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        wanted = set(entities) if entities else set(self.supported_entities)
        return [
            RecognizerResult(f.entity, f.start, f.end, f.score)
            for f in self._detector.detect(ScanText(text))
            if f.entity in wanted
        ]


def build_presidio_analyzer(detectors: Iterable[Detector], language: str = "zh") -> AnalyzerEngine:
    """A Presidio `AnalyzerEngine` running our detectors, with no NLP model to download."""
    quiet_presidio_logging()
    registry = RecognizerRegistry(supported_languages=[language])
    for detector in detectors:
        registry.add_recognizer(DetectorRecognizer(detector, language))
    return AnalyzerEngine(registry=registry, nlp_engine=BlankNlpEngine([language]), supported_languages=[language])
