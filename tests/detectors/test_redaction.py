"""The redacted preview is the same splice presidio-anonymizer's `replace` operator makes."""

from __future__ import annotations

import pytest
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from detectors import Scanner
from detectors.redaction import label_for, redact

TEXTS = [
    "我的手机是13912345678，邮箱 li.ming@example.com。",
    "学生王梓涵，身份证号110108201503121238，家住杭州市西湖区文三路41号。",
    "没有任何个人信息的一句话。",
]


@pytest.mark.parametrize("text", TEXTS, ids=["phone and e-mail", "name, ID and address", "nothing"])
def test_the_preview_matches_presidio_anonymizers_replace(scanner: Scanner, text: str) -> None:
    findings = scanner.scan(text).findings
    results = [RecognizerResult(f.entity, f.start, f.end, f.score) for f in findings]
    operators = {r.entity_type: OperatorConfig("replace", {"new_value": label_for(r.entity_type)}) for r in results}
    expected = AnonymizerEngine().anonymize(text=text, analyzer_results=results, operators=operators).text  # type: ignore[no-untyped-call]
    assert redact(text, findings) == expected
