"""The person detector reads each span's cue once a scan (the tagger and the rules ask for the
same spans), and what it finds is what the unremembered check finds."""

from __future__ import annotations

from collections import Counter

import pytest

from detectors import Scanner
from detectors.recognizers.person import PersonDetector
from detectors.text import ScanText

TEXTS = [
    "学生安静和组长许诺今天值日，安静负责擦黑板，许诺负责扫地。家长：安静妈妈",
    "三年级二班的王一诺、李可欣、张俊杰。王一诺同学作业认真，李可欣同学进步大。",
    "参赛名单：Judy、陈思远、Max、刘子涵。this week: Max, 刘子涵",
    "老师您好，我是三年级二班刘一鸣的家长。孩子这学期数学进步很大，但语文阅读理解还比较薄弱。",
]


@pytest.fixture(scope="module")
def person(scanner: Scanner) -> PersonDetector:
    found = [d for d in scanner.detectors if isinstance(d, PersonDetector)]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("text", TEXTS, ids=["word-names", "class-list", "english-list", "parent-message"])
def test_each_span_cue_is_read_once_and_findings_match(person: PersonDetector, text: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    view = ScanText(text)
    plain = person.decide(view, person._tagger.spans(view.norm, cued=person._cued))
    asked: Counter[tuple[int, int]] = Counter()
    original = person._cued

    def counting(norm: str, start: int, end: int) -> bool:
        asked[(start, end)] += 1
        return original(norm, start, end)

    monkeypatch.setattr(person, "_cued", counting)
    remembered = person.detect(view)
    assert [(f.start, f.end, f.entity) for f in remembered] == [(f.start, f.end, f.entity) for f in plain]
    assert max(asked.values(), default=0) <= 1
