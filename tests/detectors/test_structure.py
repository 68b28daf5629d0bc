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


# --------------------------------------------------------------------------- shapes added in round 15

HTML_ONE_LINE = ("<table><tr><th>姓名</th><th><b>学号</b></th><th>电话</th></tr>"
                 "<tr><td>韦晓峰</td><td>20230101</td><td>13612345678</td></tr>"
                 "<tr><td><span>Emma Li</span></td><td>20230102</td><td>&nbsp;</td></tr></table>")
HTML_EXCEL = ("<table border=0>\n <tr height=19>\n  <td colspan=3 class=xl66>初一(4)班名单</td>\n </tr>\n"
              " <tr>\n  <td class=xl65>班级</td>\n  <td class=xl65>学生姓名</td>\n  <td class=xl65>考号</td>\n </tr>\n"
              " <tr>\n  <td rowspan=2 class=xl67>初一(4)班</td>\n  <td class=xl67>岑子健</td>\n  <td>S2024001</td>\n </tr>\n"
              " <tr>\n  <td class=xl67>邝佩琪</td>\n  <td>S2024002</td>\n </tr>\n</table>")
LATEX = ("\\begin{tabular}{|c|c|c|}\n\\hline\n\\multicolumn{3}{c}{高二3班} \\\\\n\\textbf{姓名} & \\textbf{学号} & 电话 \\\\\n"
         "\\hline\n黎家乐 & 20230101 & 13612345678 \\\\ \\hline\n谭颖彤 & 20230102 & 18512345678 \\\\\n\\end{tabular}")
TRANSPOSED = "学号\t20230101\t20230102\n语文\t95\t88\n姓名\t莫欣妍\t龚俊宏\n电话\t13612345678\t18512345678"
LAST_FIRST_TSV = "Name (Last, First)\tStudent ID\nZhang, Wei\tS123456\nOUYANG, Na\tS123457"
LAST_FIRST_CSV = "Name (Last, First),Student ID\nZhang, Wei,S123456\nLi, Na,S123457"
NUMBERED = "帮我整理一下：\n① 韦晓峰 20230101\n② 邝佩琪 20230102\n③ Ryan Wu 20230103"
JIELONG = "#接龙\n家长会回执\n\n1. 高二3班 岑子健 家长 已阅\n2. 高二3班 黎家乐家长 已阅\n3. 谭颖彤 已阅"
EXCEL_TABS = ("初一(4)班信息表\t\t\t\r\n班级\t姓名\t学号\t电话\r\n初一(4)班\t韦晓峰\t20230101\t13612345678\r\n"
              "\t邝佩琪\t20230102\r\n\t莫欣妍\t\t18512345678\t\t\r\n")
JSONL = ('{"student": {"name": "韦晓峰", "no": "20230101"}, "contact": {"phone": "13612345678"}}\n'
         '{"student": {"name": "\\u90dd\\u4f69\\u742a", "no": "20230102"}, "contact": {"phone": "18512345678"}}')
JSON_SPLIT = '{"columns": ["姓名", "学号", "电话"], "data": [["韦晓峰", "20230101", "13612345678"], ["邝佩琪", "20230102", "18512345678"]]}'

NEW_SHAPES = [
    (HTML_ONE_LINE, {"PERSON": ["韦晓峰", "Emma Li"], "STUDENT_ID": ["20230101", "20230102"]}, "html on one line"),
    (HTML_EXCEL, {"PERSON": ["岑子健", "邝佩琪"], "STUDENT_ID": ["S2024001", "S2024002"]},
     "excel html with a title colspan and a merged class rowspan"),
    (LATEX, {"PERSON": ["黎家乐", "谭颖彤"], "STUDENT_ID": ["20230101", "20230102"],
             "PHONE_NUMBER": ["13612345678", "18512345678"]}, "latex tabular with rules and bold headers"),
    (TRANSPOSED, {"PERSON": ["莫欣妍", "龚俊宏"], "STUDENT_ID": ["20230101", "20230102"]},
     "transposed with a score row between the keys"),
    (LAST_FIRST_TSV, {"PERSON": ["Zhang, Wei", "OUYANG, Na"], "STUDENT_ID": ["S123456", "S123457"]}, "last, first in tsv"),
    (LAST_FIRST_CSV, {"STUDENT_ID": ["S123456", "S123457"]}, "last, first in an unquoted csv"),
    (NUMBERED, {"PERSON": ["韦晓峰", "邝佩琪", "Ryan Wu"], "STUDENT_ID": ["20230101", "20230102", "20230103"]},
     "circled numbers, one student per item"),
    (JIELONG, {"PERSON": ["岑子健", "黎家乐", "谭颖彤"]}, "a wechat sign-up list with a role word glued on"),
    (EXCEL_TABS, {"PERSON": ["韦晓峰", "邝佩琪", "莫欣妍"], "STUDENT_ID": ["20230101", "20230102"],
                  "PHONE_NUMBER": ["13612345678", "18512345678"]}, "excel copy with merged and dropped cells"),
    (JSONL, {"PERSON": ["韦晓峰", "\\u90dd\\u4f69\\u742a"], "STUDENT_ID": ["20230101", "20230102"]},
     "json lines with nested objects and escaped characters"),
    ("<table><tr><th>姓名</th><td>韦晓峰</td><th>性别</th><td>男</td></tr><tr><th>学号</th><td>20230101</td>"
     "<th>家长电话</th><td>13612345678</td></tr></table>",
     {"PERSON": ["韦晓峰"], "STUDENT_ID": ["20230101"], "PHONE_NUMBER": ["13612345678"]},
     "an html record with key and value cells side by side"),
    ("<table><tr><th>姓名</th><td>韦晓峰</td><td>邝佩琪</td></tr><tr><th>考号</th><td>S2024001</td><td>S2024002</td></tr></table>",
     {"PERSON": ["韦晓峰", "邝佩琪"], "STUDENT_ID": ["S2024001", "S2024002"]}, "a transposed html table"),
    (JSON_SPLIT, {"PERSON": ["韦晓峰", "邝佩琪"], "STUDENT_ID": ["20230101", "20230102"]}, "json columns and data arrays"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in NEW_SHAPES], ids=[i for *_, i in NEW_SHAPES])
def test_cells_of_markup_lists_and_transposed_tables_are_typed(text: str, expected: dict[str, list[str]]) -> None:
    found = StructureDetector().detect(ScanText(text))
    for entity, values in expected.items():
        assert spans(found, entity) == values, entity


def test_a_surname_first_latin_name_after_a_name_key_keeps_its_given_name() -> None:
    text = "Name: Zhang, Wei\nStudent ID: S123456\n姓名：OUYANG, Na，学号：S123457"
    assert spans(StructureDetector().detect(ScanText(text)), "PERSON") == ["Zhang, Wei", "OUYANG, Na"]


def test_a_header_note_split_by_the_csv_comma_types_both_halves_when_the_whole_names_a_person() -> None:
    text = "Student (Last, First),Exam No.\nRen, Ava,K826636\nQiu, Mason,K826637"
    cells = [(f.kind, text[f.start : f.end]) for f in fields_of(text)]
    assert ("name_part", "Ren") in cells and ("name_part", "Ava") in cells and ("student_id", "K826636") in cells


@pytest.mark.parametrize("number,typed", [("2022-9930", True), ("K582276", True), ("2023-09-01", False), ("1234", False)],
                         ids=["year and serial", "letter and digits", "a date", "four digits"])
def test_a_long_number_beside_a_listed_name_is_a_student_number(number: str, typed: bool) -> None:
    text = f"签到接龙\n1. 蓝婧 {number}\n2. 甘锦晗 {number}"  # a roll call: the names count either way
    assert bool(spans(StructureDetector().detect(ScanText(text)), "STUDENT_ID")) == typed


def test_unquoted_last_first_names_are_typed_as_two_halves() -> None:
    cells = [(f.kind, LAST_FIRST_CSV[f.start : f.end]) for f in fields_of(LAST_FIRST_CSV)]
    assert ("name_part", "Zhang") in cells and ("name_part", "Wei") in cells


def test_a_key_in_a_name_row_of_a_transposed_table_is_not_a_name() -> None:
    # Before round 15 the second key of a transposed table was read as a name under the first.
    text = "姓名\t莫欣妍\t龚俊宏\n学号\t20230101\t20230102\n电话\t13612345678\t18512345678"
    assert "学号" not in spans(StructureDetector().detect(ScanText(text)), "PERSON")


def test_markup_cells_point_into_the_original_text() -> None:
    text = "<table><tr><th>姓名</th><th>学号</th></tr><tr><td>韦\u200b晓峰</td><td>２０２３０１０１</td></tr></table>"
    found = StructureDetector().detect(ScanText(text))
    assert [(f.entity, text[f.start : f.end]) for f in found] == [("PERSON", "韦\u200b晓峰"), ("STUDENT_ID", "２０２３０１０１")]


HEADERS_NOT_NAMES = [
    ("姓名,性别,入学年份\n韦晓峰,男,2019\n说明如下，共两张表。\n姓名,性别,入学年份\n邝佩琪,女,2020\n谭颖彤,女,2020",
     ["韦晓峰", "邝佩琪", "谭颖彤"], "a csv table repeated under its own header is not transposed"),
    ("姓名,性别,入学年份\n韦晓峰,男,2019\n学生姓名：邝佩琪，男生，喜欢数学，成绩好。",
     ["韦晓峰", "邝佩琪"], "a sentence of pairs after a table is not a second key row"),
    ("<table><tr><th>姓名</th><th>毕业院校</th><th>平均绩点</th></tr><tr><td>韦晓峰</td><td>3.5</td><td>4</td></tr></table>",
     ["韦晓峰"], "the header row of a one-row html table is not read as key and value pairs"),
    ("<table><tr><th>姓名</th><td>韦晓峰</td><td>邝佩琪</td></tr><tr><th>语文</th><td>95</td><td>88</td></tr>"
     "<tr><th>学号</th><td>S2024001</td><td>S2024002</td></tr></table>",
     ["韦晓峰", "邝佩琪"], "a subject heading a row of a transposed table"),
]


@pytest.mark.parametrize("text,names", [(t, n) for t, n, _ in HEADERS_NOT_NAMES], ids=[i for *_, i in HEADERS_NOT_NAMES])
def test_only_the_names_under_a_name_header_are_names(text: str, names: list[str]) -> None:
    assert spans(StructureDetector().detect(ScanText(text)), "PERSON") == names


NEW_CLEAN = [
    ("<table><tr><th>名称</th><th>价格</th></tr><tr><td>苹果</td><td>5</td></tr></table>", "an html table of goods"),
    ("\\begin{tabular}{cc}\nx & y \\\\\n1 & 2 \\\\\n\\end{tabular}", "a latex table of numbers"),
    ("商品\t苹果\t香蕉\n价格\t5\t3", "a transposed table without typed keys"),
    ("同学们的作业：\n1. 高速 120\n2. 国道 80", "a numbered list of words that start with a surname character"),
    ("请给学生讲解这几首诗：\n1. 李白 静夜思\n2. 杜甫 春望\n3. 王维 山居秋暝", "a list of poets"),
    ("家长会签到：\n1. 李白 静夜思\n2. 杜甫 春望", "public figures in a roll-call list"),
    ("会议安排：\n1. 时间 周一\n2. 地点 302", "a numbered agenda"),
    ("1. 张三\n本段没有列表", "one item is not a list"),
    ('[["x", "y"], [1, 2], [3, 4]]', "json arrays without typed headers"),
]


@pytest.mark.parametrize("text", [t for t, _ in NEW_CLEAN], ids=[i for _, i in NEW_CLEAN])
def test_new_shapes_without_students_are_not_reported(scanner: Scanner, text: str) -> None:
    # Through the scanner: the registry hands the structure detector the public figures.
    assert [f for f in scanner.scan(text).findings if f.detector == "structure"] == []


@pytest.mark.parametrize("text", [
    "<table><tr><th>姓名</th><th>学号</th></tr>" + "<tr><td>韦晓峰</td><td>20230101</td></tr>" * 1200,
    "<td>" + "<td " * 13000,
    "\\begin{tabular}{cc}\n姓名 & 学号 \\\\\n" + "韦晓峰 & 20230101 \\\\ \\hline\n" * 1500,
    "\\begin{tabular}{c}" * 2200,
    '[["姓名","学号"],' + '["韦晓峰","20230101"],' * 1800,
    "[" + "1, " * 13000,
    "姓名\t语文\t数学\n" + "韦晓峰\t95\t88\n" * 3000,
    "姓名\t韦晓峰\n" * 4000,
    "".join(f"{i % 99 + 1}. 韦晓峰 2023{i:04d}\n" for i in range(2000)),
    "1. " + "家" * 40_000 + "\n2. 韦晓峰",
    "Name (" + " " * 40_000 + "x)\tid\nZhang, Wei\t2023",
], ids=["html rows", "unclosed cells", "latex rows", "latex begins", "json arrays", "open array", "tsv sheet",
        "transposed keys", "numbered list", "one long token", "blank run in a header note"])
def test_a_40_kb_paste_of_a_new_shape_is_read_in_linear_time(text: str) -> None:
    # Each of these took under 0.1 s when written; a quadratic pass takes tens of seconds at 40 KB.
    import time

    t0 = time.perf_counter()
    fields_of(text)
    assert time.perf_counter() - t0 < 2.0


@pytest.mark.parametrize("split", ["tune", "held"])
def test_generated_texts_of_the_new_shapes_mark_exactly_the_cells_they_hold(split: str) -> None:
    from bench.structure_shapes import NEW_SHAPES, generate_shape_tables

    texts = generate_shape_tables(split, per_shape=3)
    assert {t.shape for t in texts} == set(NEW_SHAPES) and all(t.spans for t in texts)
    assert all(t.text[g.start : g.end] == g.text for t in texts for g in t.spans)
