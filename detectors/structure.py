"""Tables and records in a text, and the detector that types their cells by header or key.

Theory of operation: teachers paste grade sheets, seating plans, exam-room lists
and exported JSON. A number under `考号` or a value under `"student_id"` says what
it is through its column or key, not through the words next to it, so the
number detectors (which read context words within a few characters) miss it.
`fields_of` recognises, in the normalised view:

  shape                 recognised as
  Markdown table        `| 姓名 | 学号 |` header row, optional `|---|` rule, rows split on `|`
  CSV / TSV             a header line and rows with the same number of cells, split on tab , ， ;
  aligned table         a header line and rows split on two or more spaces (or one space when
                        the header holds only keys and every row has the same cell count)
  key：value            `姓名：张三`, `phone = 138…`, YAML `- name: 张三`, several per line
  JSON / dict literal   `"student_id": "2023…"`, `'name': 'Li Wei'`, `"id": 20230101`, keys and values
                        in `\\u` escapes read decoded
  transposed table      the keys down the first column, one student per column (`姓名  张三  李四`)
  HTML / LaTeX / JSON   `<tr><th>姓名</th>…`, `姓名 & 学号 \\\\`, `[["姓名","学号"],["张三",…]]`: rows of cells
  arrays of arrays      from `detectors.structure_shapes`, typed by a header row or a header column
  list of students      `1. 张三 138…`, `① …`, `- …`, 接龙 `3. 高二3班 王五 家长 已阅`: no header, so a
                        token is a name by its shape and surname, in a roll-call list (see `_list_fields`)

and returns one `Field` per typed cell: its kind (from the header or key) and its
span in the normalised view. `StructureDetector` then checks that the cell looks
like its kind (a name: 2–4 CJK characters or a Latin name; a number: digits) and
reports it, with `source=structure`, so the engine lets a typed cell win over a
longer span that crosses the cell boundary (see `detectors.engine.resolve`).
A bare `id`/`编号`/`no` key types a student number only in a student context
(another student key, or 学生/考生/student in the text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

import phonenumbers
from stdnum.cn import ric

from detectors.base import Finding, finding_at
from detectors.models.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES, TITLES
from detectors.prefilter import gated
from detectors.spans import DisjointSpans
from detectors.structure_shapes import ITEM_MARKER, Grid, html_grids, json_array_grids, latex_grids, list_blocks
from detectors.text import ScanText

__all__ = ["Field", "FieldKind", "StructureDetector", "fields_of", "kind_of_key"]

FieldKind = Literal["name", "name_part", "student_id", "bare_id", "phone", "resident_id", "address", "class"]

# Keys, in order of precedence: 家长电话 is a phone, 学生姓名 a name. CJK keys match
# as substrings of the header; Latin keys match the whole header once lower-cased
# with spaces, dashes and underscores removed.
_CJK_KEYS: tuple[tuple[FieldKind, tuple[str, ...]], ...] = (
    ("resident_id", ("身份证", "证件号", "公民身份号码")),
    ("student_id", ("学号", "考号", "准考证", "考生号", "学籍号", "学籍编号", "学生编号", "考籍号", "考生编号", "学生证号")),
    ("phone", ("电话", "手机", "联系方式", "座机", "手机号")),
    ("address", ("住址", "地址", "居住地", "家庭住所")),
    ("class", ("班级",)),
    ("name", ("姓名", "名字", "学生", "考生", "家长", "联系人", "监护人", "班主任", "父亲", "母亲", "教师", "老师")),
    ("bare_id", ("编号",)),
)
_LATIN_KEYS: dict[str, FieldKind] = {
    **dict.fromkeys(("idcard", "idcardno", "idnumber", "residentid", "nationalid", "identitycard"), "resident_id"),
    **dict.fromkeys(("studentid", "studentno", "studentnumber", "stuid", "stuno", "sid", "examno", "examid",
                     "examnumber", "candidateno", "candidatenumber", "admissionno", "ticketno", "studentcode",
                     "xuehao", "kaohao"), "student_id"),
    **dict.fromkeys(("phone", "phoneno", "phonenumber", "mobile", "mobilephone", "mobileno", "tel", "telephone",
                     "cell", "cellphone", "contact", "contactphone", "parentphone", "guardianphone"), "phone"),
    **dict.fromkeys(("address", "addr", "homeaddress", "home", "residence"), "address"),
    **dict.fromkeys(("class", "classname", "classroom", "homeroom", "banji"), "class"),
    **dict.fromkeys(("name", "fullname", "studentname", "stuname", "realname", "parent", "parentname",
                     "guardian", "guardianname", "teacher", "teachername", "student", "xingming"), "name"),
    **dict.fromkeys(("id", "no", "number", "num", "code"), "bare_id"),
    # A name in parts, one column each: first_name / last_name, given / family, pinyin.
    **dict.fromkeys(("firstname", "lastname", "givenname", "surname", "familyname", "forename", "middlename",
                     "englishname", "chinesename", "pinyin", "pinyinname", "namepinyin", "preferredname", "fname", "lname",
                     "xing", "ming"), "name_part"),
}
# The same in Chinese headers, matched whole (姓 and 名 alone are the two halves of 姓名).
_CJK_NAME_PARTS = frozenset(("姓", "名", "姓氏", "英文名", "英文名字", "中文名", "拼音", "姓名拼音", "名字拼音", "拼音名"))
_KEY_STRIP = re.compile(r"[\s_\-.]")
# Any key at all, checked once per text before the per-line work (most prompts hold
# none): CJK keys as literals, Latin keys at the start of an ASCII word (lower-cased text).
# Every branch opens with a literal character, so `re` skips in C to a character a match can
# start with (a lookahead naming them is tested at every position instead: 1.4x slower).
_ANY_CJK_KEY = re.compile("|".join([w for _, words in _CJK_KEYS for w in words] + [w for w in _CJK_NAME_PARTS if len(w) > 1]))
_LATIN_KEY_WORDS = (
    "id no name phone mobile tel address addr class student stu exam contact cell home code num "
    "parent guardian teacher sid ticket admission candidate residen national identity banji xuehao kaohao "
    "xingming full real first last given surname family fore middle english chinese pinyin preferred fname lname xing ming"
).split()
# `(?<![a-z])` at the word's start, read after its first letter: `(?<![a-z].)`.
_ANY_LATIN_KEY = re.compile("|".join(f"{w[0]}(?<![a-z].){w[1:]}" for w in _LATIN_KEY_WORDS))
_STUDENT_CONTEXT = re.compile(r"学生|考生|学号|考号|班级|同学|成绩|座位|考场|student|pupil|class|score|grade", re.I)
_STUDENT_CONTEXT = gated(_STUDENT_CONTEXT)  # the same matches, tried only where one can start


def kind_of_key(key: str) -> FieldKind | None:
    """The kind a header or key names, or None (`家长电话` -> phone, `student_id` -> student_id)."""
    key = key.strip().strip("\"'`*[]【】")
    if 20 < len(key) <= 50:
        key = _LONG_NOTE.sub("", key)  # Student Name (Last, First): the note says how, not what
    key = key.strip("()（）")
    if not key or len(key) > 20:
        return None
    latin = _KEY_STRIP.sub("", key.lower())
    if latin.isascii():
        return _LATIN_KEYS.get(latin) or _latin_key_by_words(key.lower())
    if key in _CJK_NAME_PARTS:
        return "name_part"
    if _RELATION_KEY.search(key):
        return None  # 与学生关系, 与本人关系: the value is a kinship word (母女, 父子), not a name
    # The key word ends the key, or is followed only by a key suffix (学生姓名, 身份证号码, 监护人姓名,
    # 家长电话(手机)): 帮我给学生家长回复：您好 and 班主任评语 are not name keys.
    head = _KEY_NOTE.sub("", key)
    if _surname_and_title(head) and not any(head in words for _, words in _CJK_KEYS):
        return None  # 葛老师：要带的哈 is a chat line, its speaker no key (班主任 is one)
    for kind, words in _CJK_KEYS:
        if any(w in head and _KEY_SUFFIX.fullmatch(head, head.rindex(w) + len(w)) for w in words):
            return kind
    return None


def _surname_and_title(text: str) -> bool:
    """A surname and a title (汪阿姨, 葛老师, 欧阳主任): a way to address someone, never a name
    cell and, before a colon, a chat line's speaker rather than a key."""
    return text[-2:] in TITLES and (text[:-2] in SINGLE_SURNAMES or text[:-2] in COMPOUND_SURNAMES)


_LONG_NOTE = re.compile(r"\s*[(（][^()（）]{1,24}[)）]\s*$")
# A note in brackets after a key (电话（手机）, 学号(8位), 学号【必填】), its closing bracket maybe stripped.
_KEY_NOTE = re.compile(r"\s*[(（【\[][^)）】\]]{0,8}[)）】\]]?\s*$")
_KEY_SUFFIX = re.compile(r"[号码名字全称姓信息证编人们及和/、]{0,3}|[号码]?[/、及和].{0,6}")



def _latin_key_by_words(key: str) -> FieldKind | None:
    """A Latin header not in the table, read word by word: `Parent's Phone #`, `Student ID No.`,
    `Guardian Tel`, `Name (EN)`, `Mother's name`."""
    words = [w for w in _KEY_WORDS.findall(key) if w not in ("s", "of", "the")]
    if not words or len(words) > 4:
        return None
    found = [_LATIN_KEYS.get(w) or _KEY_WORD_KINDS.get(w) for w in words]
    if "phone" in found:
        return "phone"
    if "address" in found and words[-1] in ("address", "addr"):
        return "address"
    if words[0] in _ID_OWNERS and any(w in ("id", "no", "number", "num", "code", "#") for w in words[1:]):
        return "student_id"
    if "name" in words:
        at = words.index("name")
        before = words[at - 1] if at else ""
        if before in _NAME_PART_WORDS:
            return "name_part"
        if not before or before in _NAME_OWNERS:
            return "name"
    return None


_KEY_WORDS = re.compile(r"[a-z]+|#")
_KEY_WORD_KINDS: dict[str, FieldKind] = {
    **dict.fromkeys(("phone", "mobile", "tel", "telephone", "cell", "cellphone", "phoneno"), "phone"),
    **dict.fromkeys(("address", "addr"), "address"),
}
_ID_OWNERS = frozenset(("student", "stu", "pupil", "exam", "candidate", "admission", "ticket", "enrollment", "enrolment"))
_NAME_OWNERS = frozenset(("student", "pupil", "child", "kid", "parent", "guardian", "mother", "father", "mom", "dad",
                          "teacher", "full", "real", "legal", "contact", "emergency", "stu", "member", "leader"))
_NAME_PART_WORDS = frozenset(("first", "last", "given", "family", "middle", "english", "chinese", "preferred",
                              "pinyin", "sur", "fore", "nick"))


# A key that asks how someone is related (与学生关系, 亲属关系, 称谓) holds a kinship word.
_RELATION_KEY = re.compile("关系|称谓|关联")


@dataclass(frozen=True, slots=True)
class Field:
    """One typed cell or value: `start`/`end` are offsets in the normalised view."""

    kind: FieldKind
    start: int
    end: int
    shape: str  # markdown | delimited | aligned | transposed | keyvalue | json | html | latex | list


# --------------------------------------------------------------------------- lines and cells

_LINE = re.compile(r"[^\n]*")
_DELIMITERS = ("\t", ",", "，", ";", "；", "|")
_WIDE_GAP = gated(re.compile(r"[ \u3000]{2,}|\t"))  # `detectors.prefilter.gated`
_ONE_GAP = re.compile(r"[ \u3000\t]+")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _lines(norm: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for line in norm.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _split(norm: str, start: int, end: int, sep: re.Pattern[str] | str) -> list[tuple[int, int]]:
    """Cells of one line as stripped spans (an empty cell keeps an empty span)."""
    cells: list[tuple[int, int]] = []
    pos = start
    if isinstance(sep, str):
        bounds = [m.start() + start for m in re.finditer(re.escape(sep), norm[start:end])]
        if '"' in norm[start:end]:
            # Quoted CSV: a separator inside "No. 5, Xinhua Road" is part of the cell. Both lists
            # are in order and the quoted spans do not overlap: one walk, not bounds x quotes.
            quoted = [q.span() for q in _QUOTED.finditer(norm, start, end)]
            kept: list[int] = []
            q = 0
            for b in bounds:
                while q < len(quoted) and quoted[q][1] - 1 <= b:
                    q += 1
                if not (q < len(quoted) and quoted[q][0] < b):
                    kept.append(b)
            bounds = kept
        seps = [(b, b + len(sep)) for b in bounds]
    else:
        seps = [m.span() for m in sep.finditer(norm, start, end)]
    for s, e in [*seps, (end, end)]:
        cells.append(_strip(norm, pos, s))
        pos = e
    return cells


# A quoted cell of a CSV line, doubled quotes inside ("say ""hi""").
_QUOTED = re.compile(r'"(?:[^"\n]|"")*"')


def _strip(norm: str, start: int, end: int) -> tuple[int, int]:
    while start < end and norm[start] in " \t\u3000\"'":
        start += 1
    while end > start and norm[end - 1] in " \t\u3000\"'\r":
        end -= 1
    return start, end


def _header_kinds(norm: str, cells: list[tuple[int, int]]) -> list[FieldKind | None] | None:
    """Kinds per header cell when the line reads as a header (at least one known key,
    and no cell that looks like data: long text or a long number)."""
    if any(e - s > 50 or (e - s > 20 and len(_LONG_NOTE.sub("", norm[s:e])) > 20) or sum(c.isdigit() for c in norm[s:e]) >= 4 for s, e in cells):
        return None
    kinds = [kind_of_key(norm[s:e]) for s, e in cells]
    for k in range(len(cells) - 1):
        # `Name (Last, First)`, `Student (Last, First)` split by the CSV comma: both halves hold part of the name.
        if kinds[k + 1] is None and _OPEN_NOTE.search(norm, *cells[k]) and _CLOSE_NOTE.match(norm, *cells[k + 1]) \
                and kind_of_key(norm[cells[k][0] : cells[k + 1][1]]) == "name":
            kinds[k] = kinds[k + 1] = "name_part"
    return kinds if any(k is not None for k in kinds) else None


_OPEN_NOTE = re.compile(r"[(（][^)）]*$")
_CLOSE_NOTE = re.compile(r"[^(（]{1,12}[)）]$")


# A JSON key written in \\u escapes (an export with ensure_ascii): "\\u59d3\\u540d": … is read decoded.
_ESCAPED_KEY = re.compile(r'"(?:\\u[0-9a-fA-F]{4}){1,8}"\s*:')


def _unescape(value: str) -> str:
    """A JSON string's \\uXXXX escapes decoded (the span still covers the escaped text)."""
    if "\\u" not in value:
        return value
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), value)


def _key_lines(norm: str, lines: list[tuple[int, int]]) -> list[int]:
    """Indices of the lines that hold a key word (the only possible headers and key：value lines)."""
    hits = sorted({m.start() for m in _ANY_CJK_KEY.finditer(norm)}
                  | {m.start() for m in _ANY_LATIN_KEY.finditer(norm.lower())}
                  | {m.start() for m in _ESCAPED_KEY.finditer(norm)})
    out: list[int] = []
    k = 0
    for i, (s, e) in enumerate(lines):
        while k < len(hits) and hits[k] < s:
            k += 1
        if k < len(hits) and hits[k] < e:
            out.append(i)
    return out


def _table_fields(norm: str, lines: list[tuple[int, int]], key_lines: list[int]) -> Iterator[Field]:
    done = -1
    for i in key_lines:
        if i <= done:
            continue
        used = _transposed_at(norm, lines, i) or _table_at(norm, lines, i)
        if used is None:
            continue
        fields, consumed = used
        yield from fields
        done = i + consumed - 1


_MAX_HEADER = 200


_FIRST_CELL = re.compile(r"[^\t,，;；|&]{1,30}?(?=[\t,，;；|&]|[ \u3000]{2,})")
_MAX_TRANSPOSED = 30  # fields per student (rows of a transposed table): bounds the look-ahead from each key line


def _transposed_at(norm: str, lines: list[tuple[int, int]], i: int) -> tuple[list[Field], int] | None:
    """A transposed table from line i: the header down the first column, one student per
    column (`姓名  张三  李四` / `学号  2023…  2023…`). At least two lines in a row whose first
    cell is a key and whose other cells are not, split the same way into the same number of cells."""
    start, end = lines[i]
    if len(norm) - start < 4 or i + 1 >= len(lines):
        return None
    head = _FIRST_CELL.match(norm, start, end)
    if head is None or not (_ANY_CJK_KEY.search(head.group()) or _ANY_LATIN_KEY.search(head.group().lower())) \
            or kind_of_key(head.group().strip(" \t\u3000\"'")) is None:
        return None  # the line does not start with a key cell: most key lines are prose
    seps: list[re.Pattern[str] | str] = [d for d in _DELIMITERS if d in norm[start:end]]
    for sep in (*seps, _WIDE_GAP):
        rows: list[tuple[FieldKind, list[tuple[int, int]]]] = []
        j = i
        while j < len(lines) and j - i < _MAX_TRANSPOSED:
            row = _split(norm, *lines[j], sep)
            if len(row) < 2 or (rows and len(row) != len(rows[0][1])):
                break
            first = norm[row[0][0] : row[0][1]]
            # The key cell is a key alone: `学生姓名:…,…` is a sentence of pairs (NFKC made its commas ASCII).
            kind = kind_of_key(first) if _KV_SIGN.search(first) is None else None
            if kind is None:
                if not any(s < e for s, e in row[:1]) or not rows:
                    break
                j += 1  # a row the header column does not type (语文 95 88) stays in the table
                continue
            if any(kind_of_key(norm[s:e]) is not None for s, e in row[1:]):
                break  # a header row read across: an ordinary table
            rows.append((kind, row))
            j += 1
        keys = {norm[row[0][0] : row[0][1]] for _, row in rows}
        if len(rows) >= 2 and len(keys) == len(rows) and j - i - len(rows) <= len(rows):
            # Different keys down the column, and more keyed rows than others: a table repeated
            # under its own header (姓名,性别,… twice) is two tables, not one transposed.
            return [Field(kind, s, e, "transposed") for kind, row in rows for s, e in row[1:] if s < e], j - i
    return None


def _table_at(norm: str, lines: list[tuple[int, int]], i: int) -> tuple[list[Field], int] | None:
    """A table whose header is line i: (its typed cells, lines consumed), or None."""
    start, end = lines[i]
    text = norm[start:end]
    # A header is a short line followed by at least one more line.
    if len(text) > _MAX_HEADER or not text.strip() or i + 1 >= len(lines):
        return None
    if ITEM_MARKER.match(norm, start, end) and not text.lstrip().startswith("|"):
        return None  # `3 高二3班 韦彤家长 已阅`: an item of a list (typed by `_list_fields`), not a header
    candidates: list[tuple[str, re.Pattern[str] | str]] = []
    if "|" in text:
        candidates.append(("markdown", "|"))
    candidates += [("delimited", d) for d in _DELIMITERS if d != "|" and d in text]
    candidates += [("aligned", _WIDE_GAP), ("aligned", _ONE_GAP)]
    for shape, sep in candidates:
        s0, e0 = start, end
        if shape == "markdown":
            s0, e0 = _trim_pipes(norm, start, end)
        header = _split(norm, s0, e0, sep)
        if len(header) < 2:
            continue
        kinds = _header_kinds(norm, header)
        if kinds is None:
            continue
        fields: list[Field] = []
        j = i + 1
        rows = 0
        while j < len(lines):
            ls, le = lines[j]
            if shape == "markdown":
                if _MD_RULE.match(norm[ls:le]):
                    j += 1
                    continue
                ls, le = _trim_pipes(norm, ls, le)
            row = _split(norm, ls, le, sep) if ls < le else []
            row_kinds: Sequence[FieldKind | None] = kinds
            if len(row) != len(header):
                # Aligned tables leave cells empty: place each cell under the nearest
                # header column. Excel copies (tabs) drop a row's trailing empty cells or add
                # some: cells stay under their header by index. Other shapes end here.
                if sep == "\t" and len(row) >= 2 and not any(s < e for s, e in row[len(header):]):
                    row = row[: len(header)]
                elif shape == "aligned" and 2 <= len(row) < len(header):
                    row_kinds = _by_position(norm, header, start, row, lines[j][0], kinds)
                else:
                    break
            for kind, (cs, ce) in zip(row_kinds, row):
                if kind is not None and cs < ce:
                    fields.append(Field(kind, cs, ce, shape))
            rows += 1
            j += 1
        if rows:
            return fields, j - i
    return None


def _columns(norm: str, line_start: int, cells: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Start columns of cells: in characters, and in display width (CJK counts two)."""
    chars = [s - line_start for s, _ in cells]
    wide: list[int] = []
    for s, _ in cells:
        wide.append(sum(2 if "\u2e80" <= c <= "\uffef" else 1 for c in norm[line_start:s]))
    return chars, wide


def _by_position(
    norm: str, header: list[tuple[int, int]], h_start: int, row: list[tuple[int, int]], r_start: int,
    kinds: Sequence[FieldKind | None],
) -> list[FieldKind | None]:
    """Kinds for a short row of an aligned table: each cell takes the header column
    whose start is nearest, measured in characters or in display width (whichever
    fits the row better); two cells under one column type neither."""
    h_chars, h_wide = _columns(norm, h_start, header)
    r_chars, r_wide = _columns(norm, r_start, row)
    best: list[int] = []
    best_cost = -1
    for hs, rs in ((h_chars, r_chars), (h_wide, r_wide)):
        picks = [min(range(len(hs)), key=lambda k: abs(hs[k] - x)) for x in rs]
        cost = sum(abs(hs[k] - x) for k, x in zip(picks, rs))
        if best_cost < 0 or cost < best_cost:
            best, best_cost = picks, cost
    return [kinds[k] if best.count(k) == 1 else None for k in best]


def _trim_pipes(norm: str, start: int, end: int) -> tuple[int, int]:
    s, e = _strip(norm, start, end)
    if s < e and norm[s] == "|":
        s += 1
    if e > s and norm[e - 1] == "|":
        e -= 1
    return s, e


# --------------------------------------------------------------------------- grids and lists


def _grid_fields(norm: str, grid: Grid, shape: str) -> Iterator[Field]:
    """Cells of a grid (HTML, LaTeX, JSON arrays) typed by a header row (one of the first
    three), or by the key cell before them (a header column, a record laid out as
    `<td>姓名</td><td>张三</td><td>学号</td><td>2023…</td>`): whichever types more cells that
    look like their kind."""
    by_header = list(_grid_by_header(norm, grid, shape))
    if any(_entity_for(f.kind, _unescape(norm[f.start : f.end])) is not None for f in by_header):
        yield from by_header
    else:
        yield from _grid_by_keys(norm, grid, shape)


def _grid_by_header(norm: str, grid: Grid, shape: str) -> Iterator[Field]:
    for h, header in enumerate(grid[:3]):
        if _header_kinds(norm, [c for c in header if c[0] < c[1]] or header) is None:
            continue
        kinds = [kind_of_key(norm[s:e]) if s < e else None for s, e in header]
        for row in grid[h + 1 :]:
            for kind, (s, e) in zip(kinds, row):
                if kind is not None and s < e:
                    yield Field(kind, s, e, shape)
        return


def _grid_by_keys(norm: str, grid: Grid, shape: str) -> Iterator[Field]:
    """A header column (at least two rows led by different keys, no other key in them: every
    cell after the key is typed), else key and value pairs (`姓名 | 张三 | 性别 | 男`)."""
    def key_at(cell: tuple[int, int]) -> FieldKind | None:
        s, e = cell
        return kind_of_key(norm[s:e]) if 0 < e - s <= 50 else None

    led = [row for row in grid if len(row) >= 2 and key_at(row[0]) is not None
           and not any(key_at(c) is not None for c in row[1:])]
    if len(led) >= 2 and len({norm[r[0][0] : r[0][1]] for r in led}) == len(led):
        for row in led:
            kind = key_at(row[0])
            assert kind is not None
            yield from (Field(kind, s, e, shape) for s, e in row[1:] if s < e)
        return
    for row in grid:
        for k in range(0, len(row) - 1, 2):
            kind, value = key_at(row[k]), row[k + 1]
            if kind is not None and value[0] < value[1] and key_at(value) is None:
                yield Field(kind, *value, shape)


def _markup_fields(norm: str) -> Iterator[Field]:
    for grids, shape in ((html_grids(norm), "html"), (latex_grids(norm), "latex"), (json_array_grids(norm), "json")):
        for grid in grids:
            yield from _grid_fields(norm, grid, shape)


# A role word glued to a name in a sign-up list: 张三家长, 李四妈妈 (the name is the part before it).
_ROLE_TAIL = re.compile(r"(?:家长|妈妈|爸爸|母亲|父亲|奶奶|爷爷|外婆|外公|姥姥|同学)$")
# A student number in a list item: letters then digits, or digits in dash-separated groups (2022-9930),
# at least five digits and not a date (2023-09-01).
_LIST_NUMBER = re.compile(r"(?=(?:[^0-9\s]*[0-9]){5})[A-Za-z]{0,3}-?[0-9]{2,14}(?:[-_][0-9]{2,10}){0,2}")
_DATE = re.compile(r"(?:19|20)[0-9]{2}[-_/.](?:0?[1-9]|1[0-2])[-_/.](?:0?[1-9]|[12][0-9]|3[01])")
_LATIN_WORD = re.compile(r"[A-Z][a-z]{1,15}|[A-Z]{2,12},?")
# Words of a roll call or a sign-up (an acknowledgement, a roster, a parent replying); a subject or
# a class word alone is not enough (`同学们的作业：1. 高速 120`).
_LIST_CONTEXT = re.compile(r"接龙|已阅|已读|收到|知晓|已签|签到|签名|回执|报名|名单|花名册|点名|家长|"
                           r"roster|roll call|sign[- ]?up|signed|attendance", re.I)


def _list_fields(norm: str, lines: list[tuple[int, int]]) -> Iterator[Field]:
    """Names (and student numbers) in a list where each item is one student:
    `1. 张三 138…`, `① 李四 2023…`, `- Wang Fang`, WeChat 接龙 `3. 三年级二班 王五 家长 已阅`.
    A token is a name when it is 2–4 CJK characters starting with a surname (a role word such
    as 家长 after it cut off), or two capitalised Latin words; a word that recurs in most items
    (已阅, 家长) is the list's refrain, not a name. A list counts when at least two items hold a
    name and it is about students: a long number beside each name, or a roll-call word in the text."""
    blocks = list_blocks(norm, lines)
    if not blocks:
        return
    context = _LIST_CONTEXT.search(norm) is not None
    for block in blocks:
        counts: dict[str, int] = {}
        for item in block:
            for s, e in set(item):
                counts[norm[s:e]] = counts.get(norm[s:e], 0) + 1
        names: list[list[tuple[int, int]]] = []
        numbers: list[list[tuple[int, int]]] = []
        for item in block:
            found: list[tuple[int, int]] = []
            nums: list[tuple[int, int]] = []
            k = 0
            while k < len(item):
                s, e = item[k]
                if k + 1 < len(item) and _LATIN_WORD.fullmatch(norm, s, e) and _LATIN_WORD.fullmatch(norm, *item[k + 1]):
                    found.append((s, item[k + 1][1]))  # Wang Fang, ZHANG, Wei
                    k += 2
                    continue
                k += 1
                if _LIST_NUMBER.fullmatch(norm, s, e) and not _DATE.fullmatch(norm, s, e):
                    nums.append((s, e))
                    continue
                tail = _ROLE_TAIL.search(norm, s, e)
                e2 = tail.start() if tail is not None and tail.start() - s >= 2 else e
                if (2 <= e2 - s <= 4 and _CJK_NAME.fullmatch(norm, s, e2) and _has_surname(norm[s:e2])
                        and (counts[norm[s:e]] * 2 <= len(block) or len(block) == counts[norm[s:e]] == 1)
                        and norm[s:e2] not in _NOT_NAMES and kind_of_key(norm[s:e2]) is None
                        and not _CLASS_VALUE.fullmatch(norm[s:e2])):
                    found.append((s, e2))
            names.append(found)
            numbers.append(nums)
        with_name = sum(1 for f in names if f)
        if with_name < 2:
            continue
        numbered = sum(1 for f, n in zip(names, numbers) if f and n)
        if not (context or numbered * 2 >= with_name):
            continue
        for found, nums in zip(names, numbers):
            for s, e in found:
                yield Field("name", s, e, "list")
            if found:
                for s, e in nums:
                    yield Field("phone" if _is_mobile(norm[s:e]) else "student_id", s, e, "list")


def _has_surname(value: str) -> bool:
    return value[0] in SINGLE_SURNAMES or value[:2] in COMPOUND_SURNAMES


def _is_mobile(value: str) -> bool:
    return re.fullmatch(r"1[3-9][0-9]{9}", value) is not None


# --------------------------------------------------------------------------- keys and values

# "key": "value" | 'key': 'value' | "key": 123 (JSON, Python dict literals).
_JSON_PAIR = re.compile(r"""(["'])([^"'\n]{1,30})\1\s*:\s*(?:(["'])([^"'\n]{0,80})\3|(-?[0-9][0-9A-Za-z\-]{0,30}))""")
# key：value, key: value, key = value (forms, YAML); the value ends at a separator,
# a line break, a wide gap, or the next key.
_KV_PAIR = re.compile(
    r"(?:^|(?<=[\s,，;；、|(（{\[]))(?:[-*•][ \t]*|(?![ \t]))([A-Za-z_\u4e00-\u9fff][A-Za-z_ \u4e00-\u9fff]{0,14}?)[ \t\u3000]*[:：=][ \t\u3000]*"
    r"([^\s,，;；、|\"'{}\[\]()（）:：][^\n,，;；、|{}\[\]:：]{0,60})",
    re.M,
)


_KV_SIGN = re.compile(r"[:：=]")


def _kv_fields(norm: str, lines: list[tuple[int, int]], key_lines: list[int]) -> Iterator[Field]:
    for i in key_lines:
        yield from _kv_line(norm, *lines[i])


def _kv_line(norm: str, start: int, end: int) -> Iterator[Field]:
    if _KV_SIGN.search(norm, start, end) is None:
        return  # both pair shapes need a ':' (full-width is ':' in the normalised view), '：' or '='
    for m in _JSON_PAIR.finditer(norm, start, end):
        kind = kind_of_key(_unescape(m.group(2)))
        if kind is None:
            continue
        g = 4 if m.group(4) is not None else 5
        s, e = _strip(norm, m.start(g), m.end(g))
        if s < e:
            yield Field(kind, s, e, "json")
    for m in _KV_PAIR.finditer(norm, start, end):
        kind = kind_of_key(m.group(1))
        if kind is None:
            continue
        s, e = m.start(2), m.end(2)
        if kind != "address":
            # Most values end at the first space: 姓名：张三 学号：2023001.
            gap = re.compile(r"[ \u3000\t]+(?=\S+\s*[:：=])|[ \u3000\t]{2,}").search(norm, s, e)
            if gap is not None:
                e = gap.start()
            elif kind == "name":
                one = re.compile(r"[ \u3000\t]").search(norm, s, e)
                if one is not None and not norm[s:e].isascii():
                    e = one.start()
        s, e = _strip(norm, s, e)
        if kind == "name" and _LATIN_SURNAME.fullmatch(norm, s, e):
            # Name: Zhang, Wei (surname first): the comma ended the value, the given name follows it.
            given = _GIVEN_AFTER_COMMA.match(norm, e)
            e = given.end() if given is not None else e
        if kind == "name" and e - s > 2 and norm.endswith(_NAME_VALUE_TAILS, s, e):
            # 科任老师：陈卓同学, 副班主任：章程在吗: the name, then a form of address or a question.
            e -= next(len(t) for t in _NAME_VALUE_TAILS if norm.endswith(t, s, e))
        if s < e:
            yield Field(kind, s, e, "keyvalue")


_LATIN_SURNAME = re.compile(r"[A-Z][a-z]{1,15}|[A-Z]{2,12}")
_GIVEN_AFTER_COMMA = re.compile(r", ?[A-Z][a-z]{1,15}(?:[ \-][A-Z][a-z]{1,15})?(?![A-Za-z])")
# What follows a name in a chat-style key-value line: an address (同学) or a question (在吗).
_NAME_VALUE_TAILS = ("同学", "在吗", "在不在", "你好", "您好")


def fields_of(norm: str) -> tuple[Field, ...]:
    """Every typed cell and value in the text (normalised view), tables first; a
    span found twice (a YAML line read as key: value and as a table) is kept once."""
    lines = _lines(norm)
    key_lines = _key_lines(norm, lines)
    seen = DisjointSpans()
    out: list[Field] = []
    typed = (*_markup_fields(norm), *_table_fields(norm, lines, key_lines), *_kv_fields(norm, lines, key_lines)) \
        if key_lines else ()
    # A list of students has no header: its items are typed by their tokens, after every header.
    for f in (*typed, *_list_fields(norm, lines)):
        if f.shape not in ("keyvalue", "json") and ":" in norm[f.start : f.end]:
            continue  # 英语: 84 under a YAML record's `name:` line read as a column: a pair, not a cell
        if not seen.take(f.start, f.end):
            continue
        out.append(f)
    if any(f.kind == "name_part" and f.shape in ("keyvalue", "json") for f in out):
        # One half of a name in a form (名字：John 姓氏：Smith in an example, 中文名：… in an encyclopedia
        # entry) counts only in a record about someone: with a number, phone, address or class beside it.
        record = any(f.kind in ("student_id", "bare_id", "phone", "resident_id", "address", "class") for f in out)
        out = [f for f in out if f.kind != "name_part" or f.shape not in ("keyvalue", "json") or record]
    if any(f.kind == "bare_id" for f in out):
        student = any(f.kind in ("name", "student_id", "class") for f in out) or _STUDENT_CONTEXT.search(norm)
        out = [f if f.kind != "bare_id" else Field("student_id", f.start, f.end, f.shape)
               for f in out if f.kind != "bare_id" or student]
    return tuple(sorted(out, key=lambda f: f.start))


# --------------------------------------------------------------------------- typing cells

_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff]{1,8}")
_LATIN_NAME = re.compile(r"[A-Z][a-z]{1,15}(?:[ \-][A-Z][a-z]{0,15}){1,2}|[A-Z]{2,10} [A-Z][a-z]{1,15}"
                         # Last, First (a roll exported surname first): Zhang, Wei / ZHANG, Wei / Ouyang, Xiao Ming
                         r"|(?:[A-Z][a-z]{1,15}|[A-Z]{2,12})(?:[ \-][A-Z][a-z]{1,15})?, ?[A-Z][a-z]{1,15}(?:[ \-][A-Z][a-z]{1,15})?")
# One part of a name in its own column: Wei, Zhang, ZHANG, 伟, 张.
_NAME_PART = re.compile(r"[A-Z][a-z]{1,15}|[A-Z]{2,12}|[\u4e00-\u9fff]{1,2}")
_NOT_NAMES = frozenset(
    "合计 总计 小计 平均 平均分 总分 无 暂无 未知 不详 姓名 名字 学生 男 女 缺考 请假 空 待定 同上 本人 家长 父亲 母亲 "
    "老师 教师 班主任 是 否 已交 未交 优秀 良好 及格 不及格 合格 第一 第二 第三 男生 女生 全体 全班 总数 人数 "
    "学生 考生 同学 其他 其它 您好 你好 老师好 大家好 各位 谢谢 收到 好的".split()
    # The other labels of a student record, met as cells of a form laid out key, value, key, value.
    + "性别 年龄 民族 籍贯 国籍 出生日期 出生年月 生日 政治面貌 学校 年级 专业 学院 备注 成绩 分数 总分 科目 职务 "
      "宿舍 寝室 座位 座位号 考场 血型 身高 体重 特长 爱好 邮箱 邮编 照片 签名 日期 时间 状态 "
      # and the school subjects, a closed class that heads rows and columns of grade sheets.
      "语文 数学 英语 物理 化学 生物 历史 地理 政治 道法 道德与法治 科学 音乐 美术 体育 信息 信息技术 劳动 "
      "综合 文综 理综 外语 日语 俄语 书法".split()
)
# A cell under a student-number header: letters, digits, dashes, at least four digits.
_STUDENT_NUMBER = re.compile(r"[A-Za-z]{0,4}[\-_/]?[0-9][0-9A-Za-z\-_/]{2,24}")
_PHONE_CHARS = re.compile(r"\+?[0-9][0-9 \-()（）]{5,20}[0-9]")
_RESIDENT = re.compile(r"[0-9]{17}[0-9Xx]|[0-9]{15}")
_CLASS_VALUE = re.compile(r".{0,10}(?:[0-9一二三四五六七八九十]\s*班|[初高][一二三123].{0,4}|[0-9]{1,2}(?:[)）])?)")


def _entity_for(kind: FieldKind, value: str) -> tuple[str, float] | None:
    """(entity, score) when the cell looks like its kind; None otherwise."""
    if kind in ("name", "name_part") and (kind_of_key(value) is not None or _surname_and_title(value)):
        return None  # a header read as a value (学号 in a transposed table's name row), or 汪阿姨
    if kind == "name":
        if value in _NOT_NAMES:
            return None
        if _CJK_NAME.fullmatch(value) or _LATIN_NAME.fullmatch(value):
            return "PERSON", 0.85
        return None
    if kind == "name_part":
        if value in _NOT_NAMES:
            return None
        if _NAME_PART.fullmatch(value) or _CJK_NAME.fullmatch(value) or _LATIN_NAME.fullmatch(value):
            return "PERSON", 0.8
        return None
    if kind == "student_id":
        if _STUDENT_NUMBER.fullmatch(value) and sum(c.isdigit() for c in value) >= 4:
            return "STUDENT_ID", 0.9
        return None
    if kind == "phone":
        if not _PHONE_CHARS.fullmatch(value):
            return None
        digits = re.sub(r"[^0-9]", "", value)
        try:
            valid = phonenumbers.is_valid_number(phonenumbers.parse(value if value.startswith("+") else digits, "CN"))
        except phonenumbers.NumberParseException:
            valid = False
        if valid:
            return "PHONE_NUMBER", 0.9
        if re.fullmatch(r"1[3-9][0-9]{9}", digits):
            return "PHONE_NUMBER", 0.7
        return None
    if kind == "resident_id":
        if _RESIDENT.fullmatch(value):
            return "CN_RESIDENT_ID", 0.95 if ric.is_valid(value) else 0.75
        return None
    if kind == "address":
        if len(value) >= 5 and re.search(r"[\u4e00-\u9fff]", value) and re.search(r"[省市区县镇乡村路街道号楼室弄巷]", value):
            return "ADDRESS", 0.75
        if len(value) >= 10 and re.search(r"[0-9]", value) and re.search(r"(?i)\b(?:road|street|st|ave|rd|lane)\b", value):
            return "ADDRESS", 0.75
        return None
    if kind == "class":
        if len(value) <= 12 and _CLASS_VALUE.fullmatch(value) and re.search(r"[0-9一二三四五六七八九十]", value):
            return "SCHOOL_CLASS", 0.75
        return None
    return None


class StructureDetector:
    """Decision table (per cell typed by its header or key):
      name column: 2–4 CJK characters (or 维吾尔 names with ·), or a Latin name -> PERSON 0.85
      student number column (学号/考号/准考证号/student_id; id in a student context):
        letters + digits, at least 4 digits                                 -> STUDENT_ID 0.9
      phone column: a valid CN number (phonenumbers)                        -> PHONE_NUMBER 0.9
                    mobile shape, range not allocated                        -> PHONE_NUMBER 0.7
      ID column: 18 characters (checksum valid 0.95, else 0.75)             -> CN_RESIDENT_ID
      address column: a street address                                       -> ADDRESS 0.75
      class column: a class number                                           -> SCHOOL_CLASS 0.75
      anything else in a typed cell (合计, 缺考, a score)                    -> nothing
    """

    name: ClassVar[str] = "structure"
    entities: ClassVar[tuple[str, ...]] = (
        "PERSON", "STUDENT_ID", "PHONE_NUMBER", "CN_RESIDENT_ID", "ADDRESS", "SCHOOL_CLASS",
    )

    def __init__(self, allow_names: frozenset[str] = frozenset()) -> None:
        # Textbook and public figures (`detectors.resources`): a list of poets (1. 李白 静夜思) has
        # no header that says its names are students, so there they are not reported.
        self._allow_names = allow_names

    def detect(self, text: ScanText) -> list[Finding]:
        norm = text.norm
        out: list[Finding] = []
        for f in fields_of(norm):
            value = norm[f.start : f.end]
            if f.shape == "list" and value in self._allow_names:
                continue
            typed = _entity_for(f.kind, _unescape(value) if f.shape == "json" else value)
            if typed is None:
                continue
            entity, score = typed
            out.append(finding_at(text, f.start, f.end, entity=entity, score=score, detector=self.name,
                                  metadata=(("shape", f.shape), ("source", "structure"))))
        return out
