"""Typed redaction labels and the redacted preview, via presidio-anonymizer's `replace` operator."""

from __future__ import annotations

from collections.abc import Iterable

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from detectors.base import Finding
from detectors.entities import LABELS, label_of

__all__ = ["LABELS", "label_for", "redact"]

_ENGINE: AnonymizerEngine | None = None


def label_for(entity: str) -> str:
    return f"[{label_of(entity)}]"


def redact(text: str, findings: Iterable[Finding]) -> str:
    """Replace every finding with its typed label (`[手机号]`)."""
    global _ENGINE
    results = [RecognizerResult(f.entity, f.start, f.end, f.score) for f in findings]
    if not results:
        return text
    if _ENGINE is None:
        _ENGINE = AnonymizerEngine()  # type: ignore[no-untyped-call]
    operators = {
        r.entity_type: OperatorConfig("replace", {"new_value": label_for(r.entity_type)}) for r in results
    }
    return _ENGINE.anonymize(text=text, analyzer_results=results, operators=operators).text
