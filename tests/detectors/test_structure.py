"""Tables and records: cells typed by their header or key, offsets into the original text."""

from __future__ import annotations

import pytest

from detectors import Scanner
from detectors.structure import StructureDetector, fields_of, kind_of_key
from detectors.text import ScanText

from tests.conftest import spans

CSV = "姓名,学号,电话\n张三,20230101,13812345678\n李四,20230102,13912345678"
TSV = "考生姓名\t准考证号\t家长电话\n欧阳娜娜\t310105200901\t021-62751234"
MARKDOWN = "| 姓名 | 考号 | 联系电话 |\n|---|:---:|---|\n| 王小明 | 310105 | 13812345679 |\n| Emily Chen | 310106 | 13612345678 |"
ALIGNED = "姓名      学号          电话\n刘一鸣    2023010512    13812345678\n陈雨      2023010513    13612345678"
ALIGNED_GAP = "电话           姓名    备注   学号\n13812345678    周英    转学   20218808\n13612345678    赵伟           20195206"
JSON = '[{"name": "张伟", "id": 20230101, "phone": "13812345678"}, {"name": "Li Wei", "student_id": "S2023002"}]'
YAML = "- name: 王芳\n  student_id: 2021A0033\n  phone: 138-1234-5678"
KEYVALUE = "姓名：张三丰，学号：KS-069924，家长手机：13812345678"
NAME_PARTS_EN = "student_id,first_name,last_name,score\n20231001,Wei,Zhang,95\n20231002,Xin,LI,88"
NAME_PARTS_CJK = "学号\t姓\t名\t拼音\n20231001\t韩\t子墨\tHan Zimo\n20231002\t欧阳\t娜\tOuyang Na"

TABLES = [
    (CSV, {"PERSON": ["张三", "李四"], "STUDENT_ID": ["20230101", "20230102"],
           "PHONE_NUMBER": ["13812345678", "13912345678"]}, "csv"),
    (TSV, {"PERSON": ["欧阳娜娜"], "STUDENT_ID": ["310105200901"], "PHONE_NUMBER": ["021-62751234"]}, "tsv"),
    (MARKDOWN, {"PERSON": ["王小明", "Emily Chen"], "STUDENT_ID": ["310105", "310106"],
                "PHONE_NUMBER": ["13812345679", "13612345678"]}, "markdown"),
    (ALIGNED, {"PERSON": ["刘一鸣", "陈雨"], "STUDENT_ID": ["2023010512", "2023010513"],
               "PHONE_NUMBER": ["13812345678", "13612345678"]}, "aligned"),
    (ALIGNED_GAP, {"PERSON": ["周英", "赵伟"], "STUDENT_ID": ["20218808", "20195206"],
                   "PHONE_NUMBER": ["13812345678", "13612345678"]}, "aligned with an empty cell"),
    (JSON, {"PERSON": ["张伟", "Li Wei"], "STUDENT_ID": ["20230101", "S2023002"],
            "PHONE_NUMBER": ["13812345678"]}, "json with id in a student context"),
    (YAML, {"PERSON": ["王芳"], "STUDENT_ID": ["2021A0033"], "PHONE_NUMBER": ["138-1234-5678"]}, "yaml"),
    (KEYVALUE, {"PERSON": ["张三丰"], "STUDENT_ID": ["KS-069924"], "PHONE_NUMBER": ["13812345678"]}, "key value form"),
    (NAME_PARTS_EN, {"PERSON": ["Wei", "Zhang", "Xin", "LI"], "STUDENT_ID": ["20231001", "20231002"]},
     "a name in first and last name columns"),
    ('{"first_name": "Wei", "last_name": "Zhang", "student_id": "S2023001"}', {"PERSON": ["Wei", "Zhang"]},
     "name parts in a student record"),
    (NAME_PARTS_CJK, {"PERSON": ["韩", "子墨", "Han Zimo", "欧阳", "娜", "Ouyang Na"]}, "surname, given name, pinyin"),
    ('Student Name,Student No.,Home Address\nZhang Wei,S001234,"No. 5, Xinhua Road, Haidian"\nLi Na,S001235,"Flat 2, ""Garden"" Court, 8 Park Road"',
     {"PERSON": ["Zhang Wei", "Li Na"], "STUDENT_ID": ["S001234", "S001235"]}, "quoted csv cells holding commas"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in TABLES], ids=[i for *_, i in TABLES])
def test_cells_are_typed_by_their_header_or_key(scanner: Scanner, text: str, expected: dict[str, list[str]]) -> None:
    found = scanner.scan(text).findings
    for entity, values in expected.items():
        assert spans(found, entity) == values, entity


def test_typed_cells_point_into_the_original_text_after_normalisation() -> None:
    text = "姓名，学号\n张\u200b三，２０２３０１０１"
    found = StructureDetector().detect(ScanText(text))
    assert [(f.entity, text[f.start : f.end]) for f in found] == [
        ("PERSON", "张\u200b三"), ("STUDENT_ID", "２０２３０１０１")]
    assert all(f.text == text[f.start : f.end] and f.meta("source") == "structure" for f in found)


CLEAN = [
    ('{"id": 12345, "title": "report", "status": "done"}', "bare id without a student context"),
    ("姓名,语文,数学\n合计,560,600", "a total row under the name column"),
    ("| 学号 | 成绩 |\n|---|---|\n| 15 | 90 |", "a short class number is not a student number"),
    ("商品,价格\n苹果,5\n香蕉,3", "a table without typed columns"),
    ("时间：下午三点，地点：操场", "key value pairs without typed keys"),
    ("名,数量\n苹果,5\n香蕉,3", "名 alone over a column of things that are not names"),
    ("生成一个用户名。\n名字：Anna\n姓氏：Berg", "half a name in an example form, no record around it"),
    ("帮我给学生家长回复：您好，孩子最近进步很大。", "a request before a colon is not a name key"),
    ("班主任评语：该生学习认真，乐于助人。", "a comment under a key that only starts with a role word"),
]


@pytest.mark.parametrize("text", [t for t, _ in CLEAN], ids=[i for _, i in CLEAN])
def test_untyped_or_unlike_cells_are_not_reported(text: str) -> None:
    assert StructureDetector().detect(ScanText(text)) == []


def test_header_number_does_not_introduce_the_next_rows_score(scanner: Scanner) -> None:
    text = "数学   姓名   学号\n114  刘静静  20225557"
    assert spans(scanner.scan(text).findings, "STUDENT_ID") == ["20225557"]


def test_typed_cell_wins_over_a_longer_span_across_cells(scanner: Scanner) -> None:
    # Two numbers of one row separated by two spaces form one digit run for the number detectors.
    text = "学号  电话\n20230101  13812345678"
    found = scanner.scan(text).findings
    assert spans(found, "STUDENT_ID") == ["20230101"]
    assert spans(found, "PHONE_NUMBER") == ["13812345678"]


KEYS = [
    ("家长电话", "phone"), ("学生姓名", "name"), ("准考证号", "student_id"), ("Student_ID", "student_id"),
    ("身份证号码", "resident_id"), ("家庭住址", "address"), ("班级", "class"), ("id", "bare_id"), ("成绩", None),
    ("first_name", "name_part"), ("Last Name", "name_part"), ("姓", "name_part"), ("拼音", "name_part"), ("姓名", "name"),
    ("名称", None), ("学号(8位)", "student_id"), ("学号【必填", "student_id"), ("监护人姓名", "name"),
    ("帮我给学生家长回复", None), ("班主任评语", None), ("学生成绩", None),
]


@pytest.mark.parametrize("key,kind", KEYS, ids=[k for k, _ in KEYS])
def test_keys_name_the_kind_of_their_cells(key: str, kind: str | None) -> None:
    assert kind_of_key(key) == kind


def test_a_yaml_record_is_read_as_pairs_not_as_an_aligned_column() -> None:
    text = "数据如下：\n- tel: 19973925286\n  name: Kevin Zhou\n  英语: 84\n  exam_no: KS-088811\n- tel: 15886101388\n  name: 司马泽"
    kinds = [(f.kind, text[f.start : f.end]) for f in fields_of(text)]
    assert ("student_id", "KS-088811") in kinds
    assert not any(":" in value for _, value in kinds)


def test_fields_of_plain_prose_is_empty() -> None:
    assert fields_of("今天天气很好我们去公园散步") == ()


@pytest.mark.parametrize("split", ["tune", "test", "final"])
def test_generated_tables_mark_exactly_the_cells_they_hold(split: str) -> None:
    from bench.structure import generate_tables

    tables = generate_tables(split, per_shape=3)
    assert tables and all(t.spans for t in tables)
    assert all(t.text[g.start : g.end] == g.text for t in tables for g in t.spans)


def test_a_key_value_pair_never_starts_inside_a_run_of_blanks() -> None:
    # Every start inside the run would read the whole run again (quadratic on a line of blanks);
    # the pair starts at its key.
    from detectors.structure import _KV_PAIR

    line = "好，" + " " * 6 + "姓名：张三"
    assert all(_KV_PAIR.match(line, i) is None for i in range(2, 8))
    assert [m.group(1, 2) for m in _KV_PAIR.finditer(line)] == [("姓名", "张三")]
    assert [m.group(1, 2) for m in _KV_PAIR.finditer("  - 姓名: 李四")] == [("姓名", "李四")]


def test_cells_found_twice_are_kept_once_through_the_shared_disjoint_spans() -> None:
    # A YAML list read both as key: value lines and as a table: each cell once, in order.
    text = "- 姓名: 王芳\n  学号: 2021A0033\n- 姓名: 李四\n  学号: 2021A0034"
    cells = [(f.kind, text[f.start : f.end]) for f in fields_of(text)]
    assert cells == [("name", "王芳"), ("student_id", "2021A0033"), ("name", "李四"), ("student_id", "2021A0034")]


def test_many_quoted_csv_cells_keep_their_commas() -> None:
    rows = "\n".join(f'"学生{i:03d}号,补录",2023{i:04d},"高一(3)班, 走读"' for i in range(300))
    norm = "备注,学号,班级\n" + rows
    cells = [norm[f.start : f.end] for f in fields_of(norm) if f.kind == "student_id"]
    assert cells == [f"2023{i:04d}" for i in range(300)]
