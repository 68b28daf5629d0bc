"""Generated tables in the shapes teachers paste that the first table splits lack.

HTML tables (hand-written and Excel "save as HTML"), LaTeX tabular, transposed tables,
`Last, First` name cells, numbered and bulleted lists of one student per item, WeChat 接龙
sign-up lists, Excel copies with merged and dropped cells, JSON Lines with nested objects and
JSON arrays of arrays. Two splits with their own seed and vocabulary: `tune` (used while the
detector was written) and `held` (run after it was done; shares no surname, given-name
character, Latin name, header spelling, number format, phone prefix, marker or refrain).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from bench.evaldata import Span, SpanBuilder

__all__ = ["SHAPE_SEEDS", "NEW_SHAPES", "ShapeVocab", "SHAPE_VOCABS", "generate_shape_tables"]

SHAPE_SEEDS = {"tune": 1515, "held": 2626}
NEW_SHAPES: tuple[str, ...] = ("html", "html_excel", "latex", "transposed", "last_first", "numbered_list",
                               "jielong", "excel_tabs", "jsonl_nested", "json_arrays")


@dataclass(frozen=True, slots=True)
class ShapeVocab:
    surnames: tuple[str, ...]
    given: str
    latin: tuple[tuple[str, str], ...]  # (given, family)
    #: (name, number, phone) header spellings; the Latin ones double as JSON keys.
    headers: tuple[tuple[str, str, str], ...]
    latin_keys: tuple[tuple[str, str, str], ...]
    last_first_headers: tuple[str, ...]
    extras: tuple[str, ...]
    id_formats: tuple[str, ...]
    mobile_prefixes: tuple[str, ...]
    classes: tuple[str, ...]
    markers: tuple[str, ...]  # {n} the item number
    refrains: tuple[str, ...]  # what a 接龙 item ends with
    intros: tuple[str, ...]


TUNE = ShapeVocab(
    surnames=("韦", "莫", "邝", "岑", "黎", "谭", "蒋", "诸葛", "龚", "伍"),
    given="晓峰晴雯子健梓豪佩琪家乐颖彤俊宏欣妍",
    latin=(("Emma", "Li"), ("Noah", "Zhao"), ("Lily", "Chen"), ("Ryan", "Wu")),
    headers=(("姓名", "学号", "电话"), ("学生姓名", "考号", "家长电话"), ("Name", "Student ID", "Phone")),
    latin_keys=(("name", "student_id", "phone"), ("studentName", "studentNo", "mobile")),
    last_first_headers=("Name (Last, First)", "Student Name (Last, First)"),
    extras=("语文", "数学", "性别", "备注"),
    id_formats=("{y}{n4}", "{n8}", "S{y}{n3}"),
    mobile_prefixes=("136", "152", "185", "189"),
    classes=("三年级二班", "初一(4)班", "高二3班"),
    markers=("{n}. ", "{n}、", "- ", "({n}) "),
    refrains=("家长 已阅", "已阅", "收到"),
    intros=("帮我整理一下这个名单：", "下面是班上同学的信息，请按学号排序：", ""),
)
HELD = ShapeVocab(
    surnames=("覃", "柯", "骆", "蓝", "农", "阮", "甘", "祝", "皇甫", "慕容"),
    given="筱昊锦程溪晗婧羽墨宸睿芷萌瑶楷",
    latin=(("Mason", "Qiu"), ("Ava", "Ren"), ("Lucas", "Pan"), ("Zoe", "Fang")),
    headers=(("考生姓名", "准考证号", "联系电话"), ("名字", "学籍号", "手机"), ("Student Name", "Exam No.", "Mobile")),
    latin_keys=(("fullName", "examNo", "tel"), ("student_name", "stu_no", "parent_phone")),
    last_first_headers=("Student (Last, First)", "Full Name (Last, First)"),
    extras=("英语", "总分", "座位号"),
    id_formats=("K{n6}", "{y}-{n4}", "{n10}"),
    mobile_prefixes=("147", "173", "195", "157"),
    classes=("五年级一班", "初三(2)班", "高一12班"),
    markers=("{n}）", "{c} ", "• ", "{n} "),
    refrains=("已读", "家长已知晓", "报名"),
    intros=("这是报名情况：", "考务名单如下，帮我核对：", ""),
)
SHAPE_VOCABS = {"tune": TUNE, "held": HELD}


@dataclass(frozen=True, slots=True)
class ShapeTable:
    shape: str
    text: str
    spans: tuple[Span, ...]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _number(v: ShapeVocab, rng: random.Random) -> str:
    out = rng.choice(v.id_formats).replace("{y}", str(rng.randint(2018, 2026)))
    for n in (10, 8, 6, 4, 3):
        out = out.replace(f"{{n{n}}}", _digits(rng, n))
    return out


def _phone(v: ShapeVocab, rng: random.Random) -> str:
    return rng.choice(v.mobile_prefixes) + _digits(rng, 8)


def _cjk_name(v: ShapeVocab, rng: random.Random) -> str:
    return rng.choice(v.surnames) + "".join(rng.choice(v.given) for _ in range(rng.randint(1, 2)))


def _name(v: ShapeVocab, rng: random.Random, latin_share: float = 0.15) -> str:
    if rng.random() < latin_share:
        given, family = rng.choice(v.latin)
        return f"{given} {family}"
    return _cjk_name(v, rng)


Row = list[tuple[str, str | None]]


def _rows(v: ShapeVocab, rng: random.Random, extras: list[str]) -> list[Row]:
    out: list[Row] = []
    for _ in range(rng.randint(2, 5)):
        row: Row = [(_name(v, rng), "PERSON"), (_number(v, rng), "STUDENT_ID"), (_phone(v, rng), "PHONE_NUMBER")]
        row += [(str(rng.randint(60, 150)) if c not in ("性别",) else rng.choice("男女"), None) for c in extras]
        out.append(row)
    return out


def _columns(v: ShapeVocab, rng: random.Random) -> tuple[list[str], list[Row]]:
    extras = rng.sample(v.extras, rng.randint(0, 2))
    return list(rng.choice(v.headers)) + extras, _rows(v, rng, extras)


def _html(v: ShapeVocab, rng: random.Random, b: SpanBuilder) -> None:
    cols, rows = _columns(v, rng)
    if rng.random() < 0.3:
        # One record from a school web system: key and value cells side by side, two pairs a row.
        b.add("<table>")
        for row in rows[:1]:
            pairs = list(zip(cols, row))
            for k in range(0, len(pairs), 2):
                b.add("<tr>")
                for c, (value, entity) in pairs[k : k + 2]:
                    b.add(f"<th>{c}</th><td>")
                    b.add(value, entity)
                    b.add("</td>")
                b.add("</tr>")
        b.add("</table>")
        return
    nl = "\n" if rng.random() < 0.5 else ""
    wrap = rng.choice(("{}", "<b>{}</b>", "<span>{}</span>"))
    b.add('<table border="1">' + nl + ("<thead>" if rng.random() < 0.5 else "") + "<tr>")
    b.add("".join(f"<th>{wrap.format(c)}</th>" for c in cols) + "</tr>" + nl)
    for row in rows:
        b.add("<tr>")
        for value, entity in row:
            b.add("<td>")
            b.add(value, entity)
            b.add("</td>")
        b.add("</tr>" + nl)
    b.add("</table>")


def _html_excel(v: ShapeVocab, rng: random.Random, b: SpanBuilder) -> None:
    cols, rows = _columns(v, rng)
    cols = ["班级", *cols]
    klass = rng.choice(v.classes)
    td = "  <td class=xl{} style='border:.5pt solid windowtext'{}>"
    b.add("<table border=0 cellpadding=0 cellspacing=0 width=432>\n <tr height=19>\n")
    b.add(td.format(66, f" colspan={len(cols)}") + f"{klass}名单</td>\n </tr>\n <tr height=19>\n")
    b.add("".join(td.format(65, "") + c + "</td>\n" for c in cols) + " </tr>\n")
    for r, row in enumerate(rows):
        b.add(" <tr height=19>\n")
        if r == 0:
            b.add(td.format(67, f" rowspan={len(rows)}") + klass + "</td>\n")
        for value, entity in row:
            b.add(td.format(67, ""))
            b.add(value, entity)
            b.add("</td>\n")
        b.add(" </tr>\n")
    b.add("</table>")


def _latex(v: ShapeVocab, rng: random.Random, b: SpanBuilder) -> None:
    cols, rows = _columns(v, rng)
    booktabs = rng.random() < 0.5
    b.add("\\begin{tabular}{" + ("|c" * len(cols)) + "|}\n" + ("\\toprule\n" if booktabs else "\\hline\n"))
    if rng.random() < 0.3:
        b.add(f"\\multicolumn{{{len(cols)}}}{{c}}{{{rng.choice(v.classes)}}} \\\\\n")
    bold = rng.random() < 0.5
    b.add(" & ".join(f"\\textbf{{{c}}}" if bold else c for c in cols) + " \\\\\n"
          + ("\\midrule\n" if booktabs else "\\hline\n"))
    for row in rows:
        for k, (value, entity) in enumerate(row):
            b.add(" & " if k else "")
            b.add(value, entity)
        b.add(" \\\\" + (" \\hline" if not booktabs and rng.random() < 0.5 else "") + "\n")
    b.add(("\\bottomrule\n" if booktabs else "\\hline\n") + "\\end{tabular}")


def _transposed(v: ShapeVocab, rng: random.Random, b: SpanBuilder) -> None:
    cols, rows = _columns(v, rng)
    order = list(range(len(cols)))
    rng.shuffle(order)
    sep = rng.choice(("\t", ",", "    "))
    for k in order:
        b.add(cols[k])
        for row in rows:
            b.add(sep)
            b.add(*row[k])
        b.add("\n")


def _last_first(v: ShapeVocab, rng: random.Random, b: SpanBuilder) -> None:
    style = rng.choice(("tsv", "quoted", "plain"))
    _, number_h, phone_h = rng.choice(v.headers)
    head = [rng.choice(v.last_first_headers), number_h, phone_h]
    sep = "\t" if style == "tsv" else ","
    b.add(sep.join(f'"{h}"' if style == "quoted" else h for h in head) + "\n")
    for _ in range(rng.randint(2, 5)):
        given, family = rng.choice(v.latin)
        name = f"{family.upper() if rng.random() < 0.3 else family}, {given}"
        for k, (value, entity) in enumerate([(name, "PERSON"), (_number(v, rng), "STUDENT_ID"),
                                             (_phone(v, rng), "PHONE_NUMBER")]):
            q = '"' if style == "quoted" else ""
            b.add((sep if k else "") + q)
            b.add(value, entity)
            b.add(q)
        b.add("\n")


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _marker(v: ShapeVocab, style: str, n: int) -> str:
    return style.replace("{n}", str(n)).replace("{c}", _CIRCLED[(n - 1) % 10])


def _numbered(v: ShapeVocab, rng: random.Random, b: SpanBuilder) -> None:
    style = rng.choice(v.markers)
    fields = rng.choice((("PERSON", "PHONE_NUMBER"), ("PERSON", "STUDENT_ID"), ("PERSON", "STUDENT_ID", "PHONE_NUMBER")))
    sep = rng.choice((" ", "  ", "，"))
    for n in range(1, rng.randint(3, 7)):
        b.add(_marker(v, style, n))
        for k, entity in enumerate(fields):
            value = {"PERSON": _name(v, rng, 0.1), "STUDENT_ID": _number(v, rng), "PHONE_NUMBER": _phone(v, rng)}[entity]
            b.add(sep if k else "")
            b.add(value, entity)
        b.add("\n")


def _jielong(v: ShapeVocab, rng: random.Random, b: SpanBuilder) -> None:
    b.add(rng.choice(("#接龙\n", "接龙\n", "")) + rng.choice(("家长会回执", "周末安全告知书", "春游报名")) + "\n\n")
    klass = rng.choice(v.classes)
    refrain = rng.choice(v.refrains)
    glued = rng.random() < 0.3
    style = rng.choice(("{n}. ", "{n}、", "{n} "))
    for n in range(1, rng.randint(3, 8)):
        b.add(_marker(v, style, n) + (klass + " " if rng.random() < 0.6 else ""))
        b.add(_cjk_name(v, rng), "PERSON")
        b.add(("家长 " + refrain.replace("家长", "")) if glued else " " + refrain)
        b.add("\n")


def _excel_tabs(v: ShapeVocab, rng: random.Random, b: SpanBuilder) -> None:
    cols, rows = _columns(v, rng)
    cols = ["班级", *cols]
    eol = "\r\n" if rng.random() < 0.5 else "\n"
    klass = rng.choice(v.classes)
    b.add(f"{klass}信息表" + "\t" * (len(cols) - 1) + eol + "\t".join(cols) + eol)
    for r, row in enumerate(rows):
        cells: list[tuple[str, str | None]] = [(klass if r == 0 else "", None), *row]
        if rng.random() < 0.3:
            cells[3] = ("", None)  # a number left blank
        while cells and not cells[-1][0] and rng.random() < 0.7:
            cells.pop()  # the copy dropped the row's trailing empty cells
        for k, (value, entity) in enumerate(cells):
            b.add("\t" if k else "")
            b.add(value, entity if value else None)
        b.add(eol)


def _jsonl_nested(v: ShapeVocab, rng: random.Random, b: SpanBuilder) -> None:
    name_k, number_k, phone_k = rng.choice(v.latin_keys)
    escaped = rng.random() < 0.3
    array = rng.random() < 0.4
    b.add("[\n" if array else "")
    n = rng.randint(2, 5)
    for r in range(n):
        name, number, phone = _name(v, rng), _number(v, rng), _phone(v, rng)
        shown = json.dumps(name, ensure_ascii=escaped)[1:-1]
        b.add(("  " if array else "") + '{"' + rng.choice(("student", "info", "stu")) + f'": {{"{name_k}": "')
        b.add(shown, "PERSON")
        b.add(f'", "{number_k}": "')
        b.add(number, "STUDENT_ID")
        b.add(f'"}}, "{rng.choice(("guardian", "contact"))}": {{"{phone_k}": "')
        b.add(phone, "PHONE_NUMBER")
        b.add(f'"}}, "scores": {{"math": {rng.randint(60, 100)}}}}}' + ("," if array and r < n - 1 else "") + "\n")
    b.add("]" if array else "")


def _json_arrays(v: ShapeVocab, rng: random.Random, b: SpanBuilder) -> None:
    cols, rows = _columns(v, rng)
    pandas = rng.random() < 0.5
    b.add('{"columns": ' if pandas else "[")
    b.add("[" + ", ".join(json.dumps(c, ensure_ascii=False) for c in cols) + "]")
    b.add(', "data": [' if pandas else ",\n")
    for r, row in enumerate(rows):
        b.add("[")
        for k, (value, entity) in enumerate(row):
            b.add(", " if k else "")
            b.add('"')
            b.add(value, entity)
            b.add('"')
        b.add("]" + (", " if r < len(rows) - 1 else ""))
        b.add("" if pandas else "\n")
    b.add("]}" if pandas else "]")


_MAKERS = {"html": _html, "html_excel": _html_excel, "latex": _latex, "transposed": _transposed,
           "last_first": _last_first, "numbered_list": _numbered, "jielong": _jielong, "excel_tabs": _excel_tabs,
           "jsonl_nested": _jsonl_nested, "json_arrays": _json_arrays}


def generate_shape_tables(split: str, per_shape: int = 40) -> list[ShapeTable]:
    """`per_shape` texts of every new shape for the split (tune or held), deterministic."""
    vocab = SHAPE_VOCABS[split]
    rng = random.Random(f"{SHAPE_SEEDS[split]}/shapes")
    out: list[ShapeTable] = []
    for shape in NEW_SHAPES:
        for _ in range(per_shape):
            b = SpanBuilder()
            intro = rng.choice(vocab.intros)
            if intro and shape != "jielong":
                b.add(intro + "\n")
            _MAKERS[shape](vocab, rng, b)
            out.append(ShapeTable(shape, "".join(b.parts), tuple(b.spans)))
    return out
