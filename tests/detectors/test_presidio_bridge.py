"""Our detectors inside a stock Presidio AnalyzerEngine, with no model download."""

from __future__ import annotations

from detectors import Scanner
from detectors.presidio_bridge import build_presidio_analyzer


def test_presidio_analyzer_runs_our_detectors_on_chinese_text(scanner: Scanner) -> None:
    analyzer = build_presidio_analyzer(scanner.detectors)
    text = "学生王小明的手机是13912345678，身份证110108201503121238。"
    results = analyzer.analyze(text=text, language="zh")
    found = sorted((r.entity_type, text[r.start : r.end]) for r in results)
    assert ("PHONE_NUMBER", "13912345678") in found
    assert ("CN_RESIDENT_ID", "110108201503121238") in found
    assert ("PERSON", "王小明") in found
