"""Grids of cells in pasted markup: HTML tables, LaTeX tabular, JSON arrays of arrays, and list items.

Each parser returns rows of cell spans (offsets in the normalised view), nothing typed:
`detectors.structure` reads the header row (or the header column) and types the cells.
Every parser is one left-to-right walk over the text (a 40 KB paste stays linear).
"""

from __future__ import annotations

import re

__all__ = ["Cell", "Grid", "ITEM_MARKER", "html_grids", "latex_grids", "json_array_grids", "list_blocks"]

Cell = tuple[int, int]
Grid = list[list[Cell]]

_MAX_SPAN = 64  # a colspan or rowspan beyond this is not a table a teacher pasted


def _strip(norm: str, start: int, end: int) -> Cell:
    while start < end and norm[start] in " \t\r\n\u3000\"'":
        start += 1
    while end > start and norm[end - 1] in " \t\r\n\u3000\"'":
        end -= 1
    return start, end


# --------------------------------------------------------------------------- HTML

# One tag; attributes bounded so a stray '<' cannot make the walk read far ahead.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,10})(?=[\s/>])([^<>]{0,400})>")
_SPAN_ATTR = re.compile(r"""(colspan|rowspan)\s*=\s*["']?([0-9]{1,3})""", re.I)
_ENTITY_ONLY = re.compile(r"(?:&[A-Za-z#0-9]{1,8};|\s)*")


def html_grids(norm: str) -> list[Grid]:
    """Rows of `<tr>` with `<td>`/`<th>` cells, one grid per `<table>` (rows outside a table
    form one too). A cell's span is its longest run of text between tags (`<td><b>姓名</b></td>`
    -> 姓名); `colspan` adds empty cells after it and `rowspan` leaves an empty cell in the rows
    below, so every cell stays under its header column (Excel's "save as HTML" merges both ways)."""
    if "<" not in norm or not re.search(r"<t[dh][\s>]", norm, re.I):
        return []
    grids: list[Grid] = []
    grid: Grid = []
    row: list[Cell] | None = None
    carry: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    cell_at = -1  # start of the open cell's content, -1 when none is open
    best: Cell = (0, 0)
    piece_from = 0
    colspan = rowspan = 1

    def fill_carried() -> None:
        assert row is not None
        while carry.get(len(row), 0) > 0:
            carry[len(row)] -= 1
            row.append((piece_from, piece_from))

    def close_cell(at: int) -> None:
        nonlocal cell_at, best
        if row is None or cell_at < 0:
            cell_at = -1
            return
        s, e = _piece(norm, piece_from, at, best)
        col = len(row)
        row.append((s, e))
        for k in range(1, colspan):
            row.append((e, e))
        if rowspan > 1:
            for k in range(colspan):
                carry[col + k] = rowspan - 1
        cell_at = -1
        best = (0, 0)

    def close_row() -> None:
        nonlocal row
        if row is not None:
            fill_carried()
            if row:
                grid.append(row)
        row = None

    for m in _TAG.finditer(norm):
        closing, name = m.group(1) == "/", m.group(2).lower()
        if cell_at >= 0:
            best = _piece(norm, piece_from, m.start(), best)
        if name in ("td", "th"):
            close_cell(m.start())
            if closing:
                piece_from = m.end()
                continue
            if row is None:
                row = []
            fill_carried()
            colspan = rowspan = 1
            for a in _SPAN_ATTR.finditer(m.group(3)):
                n = min(max(int(a.group(2)), 1), _MAX_SPAN)
                colspan, rowspan = (n, rowspan) if a.group(1).lower() == "colspan" else (colspan, n)
            cell_at = m.end()
            best = (m.end(), m.end())
        elif name == "tr":
            close_cell(m.start())
            close_row()
            if not closing:
                row = []
        elif name == "table":
            close_cell(m.start())
            close_row()
            if grid:
                grids.append(grid)
            grid, carry = [], {}
        piece_from = m.end()
    close_cell(len(norm))
    close_row()
    if grid:
        grids.append(grid)
    return grids


def _piece(norm: str, start: int, end: int, best: Cell) -> Cell:
    """The longer of `best` and the stripped text between start and end (entities alone are empty)."""
    s, e = _strip(norm, start, end)
    if _ENTITY_ONLY.fullmatch(norm, s, e):
        return best
    return (s, e) if e - s > best[1] - best[0] else best


# --------------------------------------------------------------------------- LaTeX

_LATEX_BEGIN = re.compile(r"\\begin\{(tabular[x*]?|longtable|array|tblr)\}")
# Row and cell boundaries and the rules between rows, in one pattern; `\&` is a literal ampersand.
_LATEX_MARK = re.compile(r"\\\\(?:\[[^\]\n]{0,10}\])?|(?<!\\)&|\\end\{(?:tabular[x*]?|longtable|array|tblr)\}")
_LATEX_RULE = re.compile(r"\s*(?:\\(?:hline|toprule|midrule|bottomrule|endhead|endfirsthead|hhline\{[^{}\n]{0,40}\}"
                         r"|cline\{[^{}\n]{0,10}\}|cmidrule(?:\([a-z]{0,3}\))?\{[^{}\n]{0,10}\})\s*)+")
# \textbf{姓名}, \multicolumn{2}{c}{姓名}, \multirow{2}{*}{张三}: the text is the last brace group.
_LATEX_WRAP = re.compile(r"\\(multicolumn|multirow|[A-Za-z]{1,12})\*?((?:\{[^{}\n]{0,60}\})+)")


def latex_grids(norm: str) -> list[Grid]:
    """Rows of a `tabular` (or longtable, tabularx, array) split on `\\\\` and `&`, rules
    (`\\hline`, booktabs) skipped, `\\textbf{…}` and `\\multicolumn{n}{…}{…}` unwrapped."""
    grids: list[Grid] = []
    pos = 0
    while True:
        b = _LATEX_BEGIN.search(norm, pos)
        if b is None:
            return grids
        body = _skip_braces(norm, b.end(), 2 if b.group(1) == "tabularx" else 1)
        grid: Grid = []
        row: list[Cell] = []
        cell_from = body
        end = len(norm)
        for m in _LATEX_MARK.finditer(norm, body):
            row.extend(_latex_cell(norm, cell_from, m.start()))
            cell_from = m.end()
            if m.group().startswith("&"):
                continue
            if any(s < e for s, e in row):
                grid.append(row)
            row = []
            if m.group().startswith("\\end"):
                end = m.end()
                break
        if grid:
            grids.append(grid)
        pos = max(end, b.end())
        if end == len(norm):
            return grids


def _skip_braces(norm: str, at: int, groups: int) -> int:
    """Past the column specification `{|c|c|}` (and tabularx's width first)."""
    for _ in range(groups):
        m = re.compile(r"\s*\{(?:[^{}\n]|\{[^{}\n]{0,20}\}){0,80}\}").match(norm, at)
        if m is None:
            break
        at = m.end()
    return at


def _latex_cell(norm: str, start: int, end: int) -> list[Cell]:
    rule = _LATEX_RULE.match(norm, start, end)
    if rule is not None:
        start = rule.end()
    s, e = _strip(norm, start, end)
    wrap = _LATEX_WRAP.fullmatch(norm, s, e)
    span = 1
    if wrap is not None:
        groups = re.findall(r"\{([^{}]*)\}", wrap.group(2))
        last = wrap.end(2) - 1 - len(groups[-1])
        s, e = _strip(norm, last, wrap.end(2) - 1)
        if wrap.group(1) == "multicolumn" and groups[0].isdigit():
            span = min(max(int(groups[0]), 1), _MAX_SPAN)
    return [(s, e)] + [(e, e)] * (span - 1)


# --------------------------------------------------------------------------- JSON arrays

_SCALAR = r'(?:"(?:[^"\\\n]|\\.){0,80}"|-?[0-9][0-9.eE+\-]{0,30}|null|true|false)'
_SCALAR_ARRAY = re.compile(r"\[\s*" + _SCALAR + r"(?:\s*,\s*" + _SCALAR + r"){1,40}\s*\]")
_SCALAR_ITEM = re.compile(_SCALAR)
_BETWEEN_ROWS = re.compile(r'[\s,\[\]]*(?:"[A-Za-z_]{1,12}"\s*:\s*\[\s*)?[\s,\[]*')


def json_array_grids(norm: str) -> list[Grid]:
    """Arrays of scalars in a row that have the same length: `[["姓名","学号"],["张三","2023…"]]`
    (a spreadsheet API's values) or pandas' `{"columns": [...], "data": [[...], ...]}`."""
    if "[" not in norm:
        return []
    grids: list[Grid] = []
    grid: Grid = []
    last_end = -1
    for m in _SCALAR_ARRAY.finditer(norm):
        cells = [_strip(norm, c.start(), c.end()) for c in _SCALAR_ITEM.finditer(norm, m.start() + 1, m.end() - 1)]
        joined = last_end >= 0 and _BETWEEN_ROWS.fullmatch(norm, last_end, m.start()) is not None
        if not (joined and grid and len(grid[0]) == len(cells)):
            if len(grid) >= 2:
                grids.append(grid)
            grid = []
        grid.append(cells)
        last_end = m.end()
    if len(grid) >= 2:
        grids.append(grid)
    return grids


# --------------------------------------------------------------------------- lists

# An item marker: 1. 1、 1) (1) ① 一、 - * • ·, or a hash-numbered 接龙 line.
# (NFKC has already turned ① into 1, so a bare number and a blank is a marker too.)
_ITEM = re.compile(r"[ \t\u3000]*(?:[0-9]{1,3}[.、)）:]|[0-9]{1,2}(?=[ \t\u3000])|[(（][0-9]{1,3}[)）]|[\u2460-\u2473\u2776-\u277f]"
                   r"|[一二三四五六七八九十]{1,3}、|[-*•·●▪]|#[0-9]{1,3})[ \t\u3000]*(?=\S)")
ITEM_MARKER = _ITEM
_TOKEN = re.compile(r"[^\s,，、;；|/]+")


def list_blocks(norm: str, lines: list[tuple[int, int]]) -> list[list[list[Cell]]]:
    """Runs of at least two list items in a row (blank lines between them allowed): each item
    is its tokens after the marker, split on blanks and commas."""
    blocks: list[list[list[Cell]]] = []
    block: list[list[Cell]] = []
    for s, e in lines:
        m = _ITEM.match(norm, s, e)
        if m is None:
            if norm[s:e].strip():
                if len(block) >= 2:
                    blocks.append(block)
                block = []
            continue
        block.append([t.span() for t in _TOKEN.finditer(norm, m.end(), e)][:12])
    if len(block) >= 2:
        blocks.append(block)
    return blocks
