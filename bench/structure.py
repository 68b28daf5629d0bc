"""`python -m bench structure`: cells of pasted tables and records, and exam items by their framing.

Owns the generated tables (CSV, TSV, Markdown, aligned, JSON, YAML, key：value forms;
the shapes of `bench.structure_shapes` with their tune and held splits)
and the framed / unframed exam items built from GAOKAO-Bench, CMMLU and Ape210K,
with a tune split and held-out test and final splits (different seed, vocabularies,
items and framing templates), nine held-out framing-only splits (`--split fresh`,
`--split sealed`, `--split blind`, `--split unseen`, `--split last`, `--split ninth`,
`--split eleventh`, `--split twelfth` and `--split thirteenth`, each run on its own, never part of
`both`), and every
figure of both parts.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.evaldata import EvalDataError, Span, SpanBuilder, load_negatives, resolve_eval_dir
from bench.report import Target, fmt, print_targets, section, table, write_figures
from bench.scoring import SpanLike, gold_found
from bench.structure_shapes import NEW_SHAPES, SHAPE_SEEDS, ShapeTable, generate_shape_tables

__all__ = ["main", "run", "TableVocab", "TUNE_VOCAB", "TEST_VOCAB", "generate_tables", "Table"]

TABLE_SEEDS = {"tune": 1010, "test": 2027, "final": 3039}
TABLES_PER_SHAPE = 60
#: Held-out framing vocabularies, run on their own (never part of --split both).
FRAMING_ONLY: tuple[str, ...] = ("fresh", "sealed", "blind", "unseen", "last", "ninth", "eleventh", "twelfth",
                                  "thirteenth")
SHAPES: tuple[str, ...] = ("csv", "tsv", "markdown", "aligned", "json", "yaml", "keyvalue")
SCORED_ENTITIES: tuple[str, ...] = ("STUDENT_ID", "PERSON", "PHONE_NUMBER")


@dataclass(frozen=True, slots=True)
class TableVocab:
    """Everything a generated table is made of; tune and test share none of the
    surnames, given-name characters, Latin names, student-number formats or intros."""

    surnames: tuple[str, ...]
    given: str
    latin: tuple[str, ...]
    #: (name header, number header, phone header) triples; JSON keys are the Latin ones.
    headers: tuple[tuple[str, str, str], ...]
    json_keys: tuple[tuple[str, str, str], ...]
    extras: tuple[str, ...]
    id_formats: tuple[str, ...]  # {n} digits, {y} year
    mobile_prefixes: tuple[str, ...]
    intros: tuple[str, ...]
    phone_styles: tuple[str, ...]  # plain | dashed | landline


TUNE_VOCAB = TableVocab(
    surnames=("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "诸葛"),
    given="伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰",
    latin=("Emily Chen", "David Wang", "Lucy Zhang", "Tom Liu", "Anna Yang"),
    headers=(("姓名", "学号", "电话"), ("学生姓名", "考号", "联系电话"), ("name", "student_id", "phone")),
    json_keys=(("name", "student_id", "phone"), ("姓名", "学号", "电话"), ("name", "id", "mobile")),
    extras=("语文", "数学", "性别", "备注"),
    id_formats=("{y}{n4}", "{y}0{n5}", "{n8}"),
    mobile_prefixes=("138", "139", "150", "186", "135"),
    intros=("这是三年级二班的名单，请帮我按成绩排序：", "帮我整理一下这个表格：", "以下是期中成绩，请分析："),
    phone_styles=("plain", "plain", "dashed"),
)
TEST_VOCAB = TableVocab(
    surnames=("徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "欧阳", "司马"),
    given="宇浩然子涵欣怡梓萱雨泽一诺思远佳琪俊熙语桐沐辰若曦瑾",
    latin=("Oliver Smith", "Grace Lin", "Kevin Zhou", "Sophia Hu", "Jack Ma"),
    headers=(("名字", "准考证号", "家长电话"), ("考生姓名", "学籍号", "手机号"), ("Name", "StudentID", "Mobile")),
    json_keys=(("student_name", "student_no", "phone_number"), ("name", "exam_no", "tel"), ("姓名", "考号", "手机")),
    extras=("英语", "座位号", "考场", "总分"),
    id_formats=("S{y}{n4}", "{y}{n8}", "KS-{n6}"),
    mobile_prefixes=("131", "177", "199", "158", "187"),
    intros=("考场安排如下，帮我生成座位表：", "把下面的导出数据转成表格：", "请核对这份名单有没有重复："),
    phone_styles=("plain", "landline", "plain"),
)


@dataclass(frozen=True, slots=True)
class Table:
    shape: str
    text: str
    spans: tuple[Span, ...]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _student_number(vocab: TableVocab, rng: random.Random) -> str:
    fmt_ = rng.choice(vocab.id_formats)
    out = fmt_.replace("{y}", str(rng.randint(2018, 2026)))
    for n in (8, 6, 5, 4):
        out = out.replace(f"{{n{n}}}", _digits(rng, n))
    return out


def _phone(vocab: TableVocab, rng: random.Random) -> str:
    style = rng.choice(vocab.phone_styles)
    if style == "landline":
        return rng.choice(("010-", "021-", "0571-", "020-")) + str(rng.randint(2, 8)) + _digits(rng, 7)
    number = rng.choice(vocab.mobile_prefixes) + _digits(rng, 8)
    return f"{number[:3]}-{number[3:7]}-{number[7:]}" if style == "dashed" else number


def _person(vocab: TableVocab, rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(vocab.latin)
    return rng.choice(vocab.surnames) + "".join(rng.choice(vocab.given) for _ in range(rng.randint(1, 2)))


def _extra(column: str, rng: random.Random) -> str:
    if column in ("性别",):
        return rng.choice("男女")
    if column in ("备注",):
        return rng.choice(("", "请假", "无", "转学"))
    if column in ("座位号", "考场"):
        return str(rng.randint(1, 40))
    return str(rng.randint(40, 150))


def _row_values(vocab: TableVocab, rng: random.Random, extras: Sequence[str]) -> list[tuple[str, str | None]]:
    return [(_person(vocab, rng), "PERSON"), (_student_number(vocab, rng), "STUDENT_ID"),
            (_phone(vocab, rng), "PHONE_NUMBER"), *((_extra(c, rng), None) for c in extras)]


def _one_table(shape: str, vocab: TableVocab, rng: random.Random) -> Table:
    headers = list(rng.choice(vocab.headers))
    extras = rng.sample(vocab.extras, rng.randint(0, 2))
    order = list(range(3 + len(extras)))
    rng.shuffle(order)
    columns = [(headers + extras)[i] for i in order]
    rows = [[_row_values(vocab, rng, extras)[i] for i in order] for _ in range(rng.randint(2, 6))]
    b = SpanBuilder()
    if rng.random() < 0.7:
        b.add(rng.choice(vocab.intros) + "\n")
    if shape in ("csv", "tsv"):
        sep = "," if shape == "csv" else "\t"
        b.add(sep.join(columns) + "\n")
        for row in rows:
            for k, (value, entity) in enumerate(row):
                if k:
                    b.add(sep)
                b.add(value, entity)
            b.add("\n")
    elif shape == "markdown":
        b.add("| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n")
        for row in rows:
            b.add("|")
            for value, entity in row:
                b.add(" ")
                b.add(value, entity)
                b.add(" |")
            b.add("\n")
    elif shape == "aligned":
        widths = [max(len(c), *(len(r[k][0]) for r in rows)) + 2 for k, c in enumerate(columns)]
        b.add("".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
        for row in rows:
            for k, (value, entity) in enumerate(row):
                b.add(value, entity)
                if k < len(row) - 1:
                    b.add(" " * (widths[k] - len(value)))
            b.add("\n")
    elif shape in ("json", "yaml", "keyvalue"):
        keys = list(rng.choice(vocab.json_keys)) if shape != "keyvalue" else headers
        names = [(keys + extras)[i] for i in order]
        if shape == "json":
            b.add("[\n")
        for r, row in enumerate(rows):
            if shape == "json":
                b.add("  {")
            for k, (value, entity) in enumerate(row):
                key = names[k]
                if shape == "json":
                    b.add(", " if k else "")
                    quoted = entity != "STUDENT_ID" or not value.isdigit() or rng.random() < 0.5
                    b.add(f'"{key}": ' + ('"' if quoted else ""))
                    b.add(value, entity)
                    b.add('"' if quoted else "")
                elif shape == "yaml":
                    b.add(("- " if k == 0 else "  ") + f"{key}: ")
                    b.add(value, entity)
                    b.add("\n")
                else:
                    b.add(("，" if k else "") + f"{key}：")
                    b.add(value, entity)
            if shape == "json":
                b.add("}" + ("," if r < len(rows) - 1 else "") + "\n")
            elif shape == "keyvalue":
                b.add("\n")
        if shape == "json":
            b.add("]\n")
    return Table(shape, b.text().rstrip("\n"), tuple(b.spans))


#: Written after the detector was tuned and the test split run: messier shapes (quoted
#: CSV, Markdown without outer pipes, display-width alignment, nested pretty-printed
#: JSON with camelCase keys, headers with notes), vocabularies used nowhere else.
FINAL_VOCAB = TableVocab(
    surnames=("谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "上官"),
    given="嘉懿晨阳皓轩诗涵安琪博文紫萱铭泽可馨天佑雅静",
    latin=("Henry Wu", "Chloe Xu", "Ethan Tang", "Mia Song"),
    headers=(("学生 姓名", "学号(8位)", "联系电话（家长）"), ("姓名", "考场号/考号", "手机"), ("NAME", "STUDENT NO", "TEL")),
    json_keys=(("fullName", "studentId", "mobilePhone"), ("stuName", "stuNo", "parentMobile"), ("name", "examNo", "contact")),
    extras=("性别", "考场", "总分"),
    id_formats=("{y}{n4}", "X{n6}", "{n5}-{n4}"),
    mobile_prefixes=("133", "153", "166", "181", "198"),
    intros=("下面是座位表：", "导出的学生信息如下，帮我统计人数：", "请把名单按考号排序："),
    phone_styles=("plain", "dashed", "landline"),
)
FINAL_SHAPES: tuple[str, ...] = ("csv_quoted", "markdown_bare", "aligned_wide", "json_nested")


def _final_table(shape: str, rng: random.Random) -> Table:
    vocab = FINAL_VOCAB
    headers = list(rng.choice(vocab.headers))
    extras = rng.sample(vocab.extras, rng.randint(0, 2))
    rows = [_row_values(vocab, rng, extras) for _ in range(rng.randint(2, 6))]
    columns = headers + extras
    b = SpanBuilder()
    if rng.random() < 0.7:
        b.add(rng.choice(vocab.intros) + "\n")
    if shape == "csv_quoted":
        b.add(",".join(f'"{c}"' for c in columns) + "\n")
        for row in rows:
            for k, (value, entity) in enumerate(row):
                b.add(("," if k else "") + '"')
                b.add(value, entity)
                b.add('"')
            b.add("\n")
    elif shape == "markdown_bare":
        b.add(" | ".join(columns) + "\n" + " | ".join("---" for _ in columns) + "\n")
        for row in rows:
            for k, (value, entity) in enumerate(row):
                b.add(" | " if k else "")
                b.add(value, entity)
            b.add("\n")
    elif shape == "aligned_wide":
        def width(x: str) -> int:
            return sum(2 if "\u2e80" <= c <= "\uffef" else 1 for c in x)
        widths = [max(width(c), *(width(r[k][0]) for r in rows)) + 2 for k, c in enumerate(columns)]
        b.add("".join(c + " " * (w - width(c)) for c, w in zip(columns, widths)).rstrip() + "\n")
        for row in rows:
            for k, (value, entity) in enumerate(row):
                b.add(value, entity)
                if k < len(row) - 1:
                    b.add(" " * (widths[k] - width(value)))
            b.add("\n")
    else:  # json_nested
        keys = list(rng.choice(vocab.json_keys)) + extras
        b.add('{\n  "class": "' + rng.choice(("三年级二班", "初二(3)班", "高一7班")) + '",\n  "students": [\n')
        for r, row in enumerate(rows):
            b.add("    {\n")
            for k, (value, entity) in enumerate(row):
                b.add(f'      "{keys[k]}": "')
                b.add(value, entity)
                b.add('"' + ("," if k < len(row) - 1 else "") + "\n")
            b.add("    }" + ("," if r < len(rows) - 1 else "") + "\n")
        b.add("  ]\n}")
    return Table(shape, b.text().rstrip("\n"), tuple(b.spans))


def generate_tables(split: str, per_shape: int = TABLES_PER_SHAPE) -> list[Table]:
    """`per_shape` tables of every shape for the split (tune, test or final), deterministic."""
    rng = random.Random(f"{TABLE_SEEDS[split]}/tables")
    if split == "final":
        return [_final_table(shape, rng) for shape in FINAL_SHAPES for _ in range(per_shape)]
    vocab = TUNE_VOCAB if split == "tune" else TEST_VOCAB
    return [_one_table(shape, vocab, rng) for shape in SHAPES for _ in range(per_shape)]


@dataclass(frozen=True, slots=True)
class Recall:
    found: int
    gold: int

    @property
    def rate(self) -> float:
        return self.found / self.gold if self.gold else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {"found": self.found, "gold": self.gold, "recall": self.rate}


def table_recall(
    scan: Callable[[str], Sequence[SpanLike]], tables: Sequence[Table]
) -> tuple[dict[str, dict[str, Recall]], list[tuple[str, Span]]]:
    """Recall per shape and entity (shape "all" sums them) and the missed cells."""
    counts: dict[str, dict[str, list[int]]] = {}
    missed: list[tuple[str, Span]] = []
    for t in tables:
        preds = scan(t.text)
        for g in t.spans:
            ok = gold_found(g, [p for p in preds if p.entity == g.entity])
            for shape in (t.shape, "all"):
                c = counts.setdefault(shape, {}).setdefault(g.entity, [0, 0])
                c[0] += ok
                c[1] += 1
            if not ok:
                missed.append((t.shape, g))
    return {s: {e: Recall(*c) for e, c in v.items()} for s, v in counts.items()}, missed


def shape_recall(
    scan: Callable[[str], Sequence[SpanLike]], tables: Sequence[ShapeTable]
) -> tuple[dict[str, dict[str, Recall]], dict[str, dict[str, Recall]], list[tuple[str, Span]]]:
    """Recall per shape and entity with every detector, and with the structure pass's findings
    alone (what the shape parsers add), and the cells missed by both."""
    counts: dict[str, dict[str, list[int]]] = {}
    alone: dict[str, dict[str, list[int]]] = {}
    missed: list[tuple[str, Span]] = []
    for t in tables:
        preds = scan(t.text)
        for g in t.spans:
            same = [p for p in preds if p.entity == g.entity]
            ok = gold_found(g, same)
            ok_alone = gold_found(g, [p for p in same if getattr(p, "detector", None) == "structure"])
            for shape in (t.shape, "all"):
                for table_, hit in ((counts, ok), (alone, ok_alone)):
                    c = table_.setdefault(shape, {}).setdefault(g.entity, [0, 0])
                    c[0] += hit
                    c[1] += 1
            if not ok:
                missed.append((t.shape, g))
    def done(c: dict[str, dict[str, list[int]]]) -> dict[str, dict[str, Recall]]:
        return {s: {e: Recall(*x) for e, x in v.items()} for s, v in c.items()}
    return done(counts), done(alone), missed


def part_new_shapes(scan: Callable[[str], Sequence[SpanLike]], splits: Sequence[str]) -> tuple[dict[str, Any], list[Target]]:
    section("1b. Typed cells of the shapes added in round 15 (generated)")
    print(f"  40 texts per shape; seeds {SHAPE_SEEDS}; tune and held share no surnames, given-name characters,\n"
          "  Latin names, header spellings, number formats, phone prefixes, markers or refrains.\n"
          "  Each cell: recall with every detector, then (in brackets) with the structure pass's findings alone.")
    figures: dict[str, Any] = {}
    targets: list[Target] = []
    for split in splits:
        rec, alone, missed = shape_recall(scan, generate_shape_tables(split))
        print(f"\n  split {split} (seed {SHAPE_SEEDS[split]}), recall per shape:")
        rows = [[shape, *(f"{fmt(rec[shape][e].rate)} [{fmt(alone[shape][e].rate)}] ({rec[shape][e].gold})"
                          if e in rec[shape] else "-" for e in SCORED_ENTITIES)] for shape in (*NEW_SHAPES, "all")]
        print(table(["shape", *SCORED_ENTITIES], rows))
        for shape, g in missed[:8]:
            print(f"  missed ({shape}): {g.entity}, {len(g.text)} characters")
        figures[split] = {kind: {s: {e: r.as_dict() for e, r in v.items()} for s, v in got.items()}
                          for kind, got in (("all_detectors", rec), ("structure_alone", alone))}
        if split == "held":
            targets += [Target(f"{e} cell recall (new shapes, held split)", rec["all"][e].rate, ">=", 0.97,
                               compare=False) for e in SCORED_ENTITIES]
    return figures, targets


def part_tables(scan: Callable[[str], Sequence[SpanLike]], splits: Sequence[str]) -> tuple[dict[str, Any], list[Target]]:
    section("1. Typed cells of pasted tables and records (generated)")
    print(f"  {TABLES_PER_SHAPE} tables per shape; seeds {TABLE_SEEDS}; tune and test share no surnames,\n"
          "  given-name characters, Latin names, headers/keys, student-number formats, phone prefixes or intros.\n"
          "  A cell counts as found when findings of its type cover >= 50 % of it.")
    figures: dict[str, Any] = {}
    targets: list[Target] = []
    for split in splits:
        tables = generate_tables(split)
        rec, missed = table_recall(scan, tables)
        print(f"\n  split {split} (seed {TABLE_SEEDS[split]}), recall per shape:")
        shapes = FINAL_SHAPES if split == "final" else SHAPES
        rows = [[shape, *(f"{fmt(rec[shape][e].rate)} ({rec[shape][e].found}/{rec[shape][e].gold})"
                          for e in SCORED_ENTITIES)] for shape in (*shapes, "all")]
        print(table(["shape", *SCORED_ENTITIES], rows))
        for shape, g in missed[:8]:
            print(f"  missed ({shape}): {g.entity} {g.text!r}")
        figures[split] = {s: {e: r.as_dict() for e, r in v.items()} for s, v in rec.items()}
        if split in ("test", "final"):
            targets += [Target(f"{e} cell recall (tables, {split} split)", rec["all"][e].rate, ">=", 0.97,
                               compare=False) for e in SCORED_ENTITIES]
    return figures, targets


# --------------------------------------------------------------------------- running


def _build_scan() -> Callable[[str], Sequence[SpanLike]]:
    from detectors import build_scanner

    scanner = build_scanner()

    def scan(text: str) -> Sequence[SpanLike]:
        return scanner.scan(text).findings

    return scan


def run(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    eval_dir = resolve_eval_dir(args.eval_dir)
    scan = _build_scan()
    print("python -m bench structure")
    print(f"  evaluation data: {eval_dir}")
    figures: dict[str, Any] = {}
    targets: list[Target] = []
    splits = chosen_splits(args.split)
    framing_splits = splits
    # The fresh, sealed, blind, unseen, last, ninth, eleventh, twelfth and thirteenth splits have framing texts only
    # (no tables) and are never part of "both": each is run on its own, once.
    if args.part in ("tables", "all") and args.split not in FRAMING_ONLY:
        table_splits = tuple(s for s in splits if s in TABLE_SEEDS)
        if table_splits:
            figures["tables"], t = part_tables(scan, table_splits)
            targets += t
        shape_splits = tuple(s for s in (("tune", "held") if args.split == "both" else splits) if s in SHAPE_SEEDS)
        if shape_splits:
            figures["new_shapes"], t = part_new_shapes(scan, shape_splits)
            targets += t
    if args.part in ("framing", "all"):
        from bench.framing import part_framing

        figures["framing"], t = part_framing(scan, eval_dir, framing_splits)
        targets += t
    section("Targets")
    print_targets(targets, with_baseline=False)
    print(f"\n  total time {time.perf_counter() - t0:.0f} s")
    if args.json is None:
        return 0
    return write_figures(args.json, figures)


def chosen_splits(split: str) -> tuple[str, ...]:
    """The splits `--split` names: both = tune, test and final; any other one alone."""
    return ("tune", "test", "final") if split == "both" else (split,)


def _parse(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bench structure",
                                 description="Typed table cells and framed exam items.")
    ap.add_argument("--eval-dir", type=Path, default=None)
    ap.add_argument("--part", choices=("tables", "framing", "all"), default="all")
    ap.add_argument("--split", choices=("tune", "test", "final", "held", *FRAMING_ONLY, "both"), default="both",
                    help="both = tune and test (and the final split; the new table shapes' tune and held splits); "
                         "held = the new table shapes' held-out vocabulary (tables part only); fresh, sealed, blind, "
                         "unseen, last, ninth, eleventh, twelfth, thirteenth = held-out framing vocabularies (framing "
                         "part only; unseen, last, ninth, eleventh, twelfth and thirteenth were never run by their "
                         "authors)")
    ap.add_argument("--json", metavar="FILE", type=Path)
    args = ap.parse_args(argv)
    if args.split in FRAMING_ONLY and args.part == "tables":
        ap.error(f"the {args.split} split has framing texts only: use --part framing")
    if args.split == "held" and args.part != "tables":
        ap.error("the held split has table texts only: use --part tables")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except EvalDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
