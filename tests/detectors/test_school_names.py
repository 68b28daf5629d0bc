"""School names: where a name ends, and ordinary words before 小学/中学 that are not schools."""

from __future__ import annotations

import pytest

from detectors.recognizers.school import SchoolDetector

from tests.conftest import detect

NAMES = [
    ("杭州市第二中学的老师", ["杭州市第二中学"], "numbered school ends at 中学"),
    ("他在北京市第八中学读高一", ["北京市第八中学"], "numbered school after 在"),
    ("北京八中的学生", ["北京八中"], "short numbered form"),
    ("杭州二中高一", ["杭州二中"], "short form before a grade"),
    ("华东师范大学附属中学", ["华东师范大学附属中学"], "affiliated school"),
    ("育才小学三年级", ["育才小学"], "proper name"),
    ("我在上海中学读书", ["上海中学"], "place name beginning with a stop character"),
    ("我在北京市海淀区中关村第一小学读书", ["北京市海淀区中关村第一小学"], "full name"),
    ("孩子在成都七中读高一", ["成都七中"], "place name ending in a stop character"),
    ("人大附中西山学校的老师", ["人大附中西山学校"], "a branch school named after its parent"),
    ("城关镇学校", ["城关镇学校"], "bare 学校 after a place"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in NAMES], ids=[i for *_, i in NAMES])
def test_school_names_end_where_the_name_ends(text: str, expected: list[str]) -> None:
    assert detect(SchoolDetector(), text) == expected


NOT_SCHOOLS = [
    ("帮助校长管理学校", "a verb before 学校"),
    ("附近一所职工学校", "a kind of school"),
    ("我们学校的食堂", "our school"),
    ("我很担心小学的数学基础", "feeling verb"),
    ("区里小学都放假了", "locative 里"),
    ("他考上中学以后变了", "moving into a school"),
    ("城里中学比较多", "locative 城里"),
    ("这些小学的老师", "demonstrative"),
    ("很多小学开设了编程课", "quantity"),
    ("农村小学的条件", "kind of school"),
    ("小学数学怎么教", "generic word"),
    ("中学生的心理健康", "中学生 is a pupil"),
]


@pytest.mark.parametrize("text", [t for t, _ in NOT_SCHOOLS], ids=[i for _, i in NOT_SCHOOLS])
def test_ordinary_words_before_xiaoxue_or_zhongxue_are_not_schools(text: str) -> None:
    assert detect(SchoolDetector(), text) == []
