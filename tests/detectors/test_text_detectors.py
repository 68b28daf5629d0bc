"""Table tests for the text detectors: names, addresses, schools, classes, special categories."""

from __future__ import annotations

import pytest

from detectors import Scanner

from tests.conftest import spans

PERSON = [
    ("我叫王小明，今年十岁。", ["王小明"], "after 我叫"),
    ("学生刘一鸣的数学成绩", ["刘一鸣"], "after 学生"),
    ("姓名：欧阳娜娜", ["欧阳娜娜"], "compound surname after 姓名"),
    ("刘一鸣 92分\n张思远 88分\n诸葛明轩 95分", ["刘一鸣", "张思远", "诸葛明轩"], "table rows with scores"),
    ("请通知家长赵雨晴来学校。", ["赵雨晴"], "after 家长"),
    ("白雅宁是一位43岁的女性", ["白雅宁"], "sentence start with age"),
    ("王老师布置了作业", [], "surname with a generic title is not a name"),
    ("马先生1978年毕业于清华大学", ["马"], "surname with 先生 in a résumé"),
    ("My student Emily Chen was absent.", ["Emily Chen"], "english name"),
    ("同学Zhang Wei交了作业", ["Zhang Wei"], "pinyin name"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in PERSON], ids=[i for *_, i in PERSON])
def test_person_table(scanner: Scanner, text: str, expected: list[str]) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected


CLEAN = [
    "请赏析李白的《静夜思》和杜甫的《春望》。",
    "诸葛亮为什么要六出祁山？",
    "鲁迅在《故乡》里怎样描写闰土？",
    "林黛玉和薛宝钗的性格有什么不同？",
    "孔子说：学而时习之，不亦说乎。",
    "帮我写一篇关于春天的作文，要有比喻和拟人。",
    "他马上就到了，我们很高兴。",
    "请解释勾股定理，并给出三个例子。",
    "北京和杭州哪个城市更适合旅游？",
    "如何缓解考试前的焦虑情绪？",
    "陈述句和疑问句有什么区别？",  # 陈述 is a dictionary word: a name only where a cue says so
]


@pytest.mark.parametrize("text", CLEAN, ids=range(len(CLEAN)))
def test_lessons_and_ordinary_questions_come_through_clean(scanner: Scanner, text: str) -> None:
    assert scanner.scan(text).findings == ()


ADDRESS = [
    ("现居住于黑龙江省哈尔滨市南岗区中山路123号，可通过", ["黑龙江省哈尔滨市南岗区中山路123号"], "road and number"),
    ("家住阳光小区3号楼2单元501室", ["阳光小区3号楼2单元501室"], "compound building unit room"),
    ("地址：浙江省杭州市西湖区文三路478号华星时代广场A座1203室", ["浙江省杭州市西湖区文三路478号华星时代广场A座1203室"], "two anchors"),
    ("河南省周口市商水县张庄村3组12号", ["河南省周口市商水县张庄村3组12号"], "village group"),
    ("我家住在朝阳区建国路", ["朝阳区建国路"], "district and road"),
    ("北京和杭州都很美", [], "bare cities"),
    ("坐地铁10号线到公园", [], "metro line"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in ADDRESS], ids=[i for *_, i in ADDRESS])
def test_address_table(scanner: Scanner, text: str, expected: list[str]) -> None:
    assert spans(scanner.scan(text).findings, "ADDRESS") == expected


SCHOOL = [
    ("我在北京市海淀区中关村第一小学读书", ["北京市海淀区中关村第一小学"], "full school name"),
    ("杭州外国语学校的招生", ["杭州外国语学校"], "foreign language school"),
    ("阳光幼儿园大班", ["阳光幼儿园"], "kindergarten"),
    ("小学数学怎么教", [], "generic word"),
    ("这所中学很好", [], "demonstrative"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in SCHOOL], ids=[i for *_, i in SCHOOL])
def test_school_table(scanner: Scanner, text: str, expected: list[str]) -> None:
    assert spans(scanner.scan(text).findings, "SCHOOL") == expected


CLASS = [
    ("三年级二班的同学", ["三年级二班"], "grade and class in chinese numerals"),
    ("初二（3）班", ["初二（3）班"], "full-width parentheses"),
    ("高一7班", ["高一7班"], "senior one class 7"),
    ("七年级3班", ["七年级3班"], "grade seven"),
    ("三年级的数学", [], "grade alone"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in CLASS], ids=[i for *_, i in CLASS])
def test_school_class_table(scanner: Scanner, text: str, expected: list[str]) -> None:
    assert spans(scanner.scan(text).findings, "SCHOOL_CLASS") == expected


def test_special_category_about_a_person_is_reported(scanner: Scanner) -> None:
    found = scanner.scan("学生刘一鸣有抑郁症，父母离异，上周打架被记过。").findings
    entities = {f.entity for f in found}
    assert {"PERSON", "SENSITIVE_HEALTH", "SENSITIVE_FAMILY", "SENSITIVE_DISCIPLINE"} <= entities


def test_special_category_in_a_general_question_is_not_reported(scanner: Scanner) -> None:
    assert scanner.scan("抑郁症的常见症状有哪些？").findings == ()


def test_offsets_point_into_the_original_text(scanner: Scanner) -> None:
    text = "学生王小明\u200b的电话是１３９ １２３４ ５６７８。"
    for f in scanner.scan(text).findings:
        assert text[f.start : f.end] == f.text


def test_a_given_name_that_is_a_word_is_not_cut_short(scanner: Scanner) -> None:
    assert spans(scanner.scan("家长群里说孙浩然生病住院了").findings, "PERSON") == ["孙浩然"]
