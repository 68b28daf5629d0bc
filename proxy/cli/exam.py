"""`privacy-guard exam add | list | remove`: registering upcoming exam papers.

A paper (.docx/.pdf/.txt/.md/.xlsx) is read like an upload, split into items,
and only keyed fingerprints of its items are kept in the data directory's bank.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proxy.cli.common import data_dir

if TYPE_CHECKING:
    from detectors.stores.exam_bank import Paper
    from proxy.datadir import DataDir

__all__ = ["add_paper", "add_commands"]

log = logging.getLogger(__name__)


def add_paper(data: DataDir, paper: Path, *, title: str, embargo_until: dt.datetime,
              grades: tuple[int, ...] = ()) -> tuple[Paper, int]:
    from detectors.errors import InputError
    from detectors.stores.papers import split_items
    from proxy.pipeline.uploads.filetext import extract_text

    extracted = extract_text(paper.name, None, paper.read_bytes())
    if extracted.text is None:
        raise InputError(f"{paper}: cannot read the paper ({extracted.kind}: {extracted.reason})")
    items = split_items(extracted.text)
    if not items:
        raise InputError(f"{paper}: no text found in the paper")
    bank = data.open_exam_bank()
    registered = bank.add_paper(f"p-{secrets.token_hex(4)}", title, embargo_until, grades, items)
    bank.save(data.exam_bank_dir)
    return registered, len(items)


def _add(args: argparse.Namespace) -> int:
    try:
        embargo = dt.datetime.fromisoformat(args.embargo_until)
    except ValueError:
        print(f"privacy-guard: 错误 / error: --embargo-until {args.embargo_until!r} 不是日期时间，应写成 "
              "2026-12-20T10:00 / is not a date and time like 2026-12-20T10:00", file=sys.stderr)
        return 2
    try:
        grades = tuple(int(g) for g in args.grades.split(",")) if args.grades else ()
    except ValueError:
        print(f"privacy-guard: 错误 / error: --grades {args.grades!r} 应是逗号分隔的年级数字，如 9,10 / "
              "expected comma-separated grade numbers like 9,10", file=sys.stderr)
        return 2
    paper, n = add_paper(data_dir(args), Path(args.paper), title=args.title, embargo_until=embargo, grades=grades)
    log.info("exam paper registered: %s, %d items, embargoed until %s", paper.id, n, paper.embargo_until)
    print(f"已登记 {paper.id}: 《{paper.title}》，{n} 道题，保密至 {paper.embargo_until}（只保存指纹，不保存试卷原文）"
          f" / registered, {n} items, fingerprints only")
    return 0


def _list(args: argparse.Namespace) -> int:
    bank = data_dir(args).open_exam_bank()
    if not bank.papers:
        print("尚无登记的试卷 / no papers registered")
    for p in bank.papers:
        state = "保密中 / embargoed" if p.embargoed(dt.datetime.now()) else "已解除 / released"
        grades = "、".join(str(g) for g in p.grades) if p.grades else "全部 / all"
        print(f"{p.id}  《{p.title}》  {p.items} 道题 / items  保密至 {p.embargo_until}  年级 {grades}  {state}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    data = data_dir(args)
    bank = data.open_exam_bank()
    if not bank.remove_paper(args.paper_id):
        print(f"privacy-guard: 错误 / error: 没有登记编号为 {args.paper_id!r} 的试卷（见 privacy-guard exam list）"
              f" / no registered paper {args.paper_id!r}", file=sys.stderr)
        return 1
    bank.save(data.exam_bank_dir)
    log.info("exam paper removed: %s", args.paper_id)
    print(f"已删除 {args.paper_id} / removed")
    return 0


def add_commands(sub: Any) -> None:
    exam = sub.add_parser("exam", help="register upcoming exam papers (fingerprints only)")
    exam_sub = exam.add_subparsers(dest="exam_command", required=True)
    ea = exam_sub.add_parser("add", help="register a paper (.docx, .pdf, .txt, .md, .xlsx)")
    ea.add_argument("paper")
    ea.add_argument("--title", required=True)
    ea.add_argument("--embargo-until", required=True, help="e.g. 2026-12-20T10:00 (local time)")
    ea.add_argument("--grades", help="comma-separated grades, e.g. 9,10")
    ea.set_defaults(func=_add)
    el = exam_sub.add_parser("list", help="list registered papers")
    el.set_defaults(func=_list)
    er = exam_sub.add_parser("remove", help="remove a registered paper")
    er.add_argument("paper_id")
    er.set_defaults(func=_remove)
