"""Typed redaction labels and the redacted preview, via presidio-anonymizer's `replace` operator."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from detectors.base import Finding

__all__ = ["LABELS", "label_for", "redact"]

LABELS: Mapping[str, str] = MappingProxyType(
    {
        "CN_RESIDENT_ID": "身份证号",
        "PHONE_NUMBER": "手机号",
        "EMAIL_ADDRESS": "邮箱",
        "BANK_CARD": "银行卡号",
        "PASSPORT": "证件号",
        "STUDENT_ID": "学号",
        "PERSON": "姓名",
        "ADDRESS": "地址",
        "SCHOOL": "学校",
        "SCHOOL_CLASS": "班级",
        "SECRET": "密钥",
        "SENSITIVE_HEALTH": "健康信息",
        "SENSITIVE_FAMILY": "家庭信息",
        "SENSITIVE_DISCIPLINE": "违纪信息",
        "EXAM_ITEM": "试题",
    }
)

_ENGINE: AnonymizerEngine | None = None


def label_for(entity: str) -> str:
    return f"[{LABELS.get(entity, entity)}]"


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
