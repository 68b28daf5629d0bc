"""Stock Presidio as the comparison baseline: predefined "en" recognizers, no NLP model.

Owns building the analyzer and mapping Presidio entity types to ours.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from detectors.base import Finding

__all__ = ["PRESIDIO_TO_OURS", "Prediction", "PresidioBaseline"]

#: Presidio entity type -> our entity type; anything else is ignored.
PRESIDIO_TO_OURS: dict[str, str] = {
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "CREDIT_CARD": "BANK_CARD",
    "IBAN_CODE": "BANK_CARD",
    "PERSON": "PERSON",
    "LOCATION": "ADDRESS",
    "US_PASSPORT": "PASSPORT",
}


#: Baseline predictions are findings in our vocabulary, like the engine's.
Prediction = Finding


def _make_noop_engine() -> Any:
    """A loaded no-op NLP engine for "en": Presidio's `NoOpNlpEngine(models=[...])`
    where the installed version has it (newer than 2.2.362), else our model-free
    `BlankNlpEngine` (no tokens, no lemmas, no NER entities)."""
    try:
        from presidio_analyzer.nlp_engine import NoOpNlpEngine  # type: ignore[attr-defined]
    except ImportError:
        from detectors.presidio_bridge import BlankNlpEngine

        engine: Any = BlankNlpEngine(["en"])
    else:
        engine = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}])
    if not engine.is_loaded():
        engine.load()
    return engine


class PresidioBaseline:
    """`AnalyzerEngine` with a no-op NLP engine and the predefined "en" recognizers.

    Without an NLP model Presidio's PERSON/LOCATION (spaCy NER) produce nothing;
    that is the stock pattern-only behaviour this baseline is meant to show.
    """

    name = "presidio"

    def __init__(self) -> None:
        # The e-mail recognizer validates TLDs with tldextract, which would try to
        # download the public suffix list; use its bundled snapshot instead.
        os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
        # Loading the predefined recognizers warns once per non-English
        # recognizer and about the NLP engine type: expected here, not news.
        for name in ("presidio-analyzer", "presidio_analyzer", "tldextract"):
            logging.getLogger(name).setLevel(logging.ERROR)
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

        nlp_engine = _make_noop_engine()
        registry = RecognizerRegistry(supported_languages=["en"])
        registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
        self._analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=nlp_engine, supported_languages=["en"]
        )

    @property
    def recognizers(self) -> tuple[str, ...]:
        return tuple(str(getattr(r, "name", type(r).__name__))
                     for r in self._analyzer.registry.recognizers)

    def scan(self, text: str) -> tuple[Prediction, ...]:
        """Mapped predictions (stock default score threshold), in text order."""
        out: list[Prediction] = []
        for r in self._analyzer.analyze(text=text, language="en"):
            entity = PRESIDIO_TO_OURS.get(r.entity_type)
            if entity is None or r.end <= r.start:
                continue
            out.append(
                Prediction(
                    entity, r.start, r.end, text[r.start : r.end], float(r.score),
                    f"presidio:{r.entity_type}",
                )
            )
        out.sort(key=lambda p: (p.start, p.end))
        return tuple(out)
