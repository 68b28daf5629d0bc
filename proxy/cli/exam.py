"""`privacy-guard exam add | list | remove`: registering upcoming exam papers.

A paper (.docx/.pdf/.txt/.md/.xlsx) is read like an upload, split into items,
and only keyed fingerprints of its items are kept in the data directory's bank.
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import sys
from pathlib import Path
from typing import Any

from detectors.errors import InputError
from detectors.stores.exam_bank import Paper
from detectors.stores.papers import split_items
from proxy.cli.common import data_dir
from proxy.datadir import DataDir
from proxy.pipeline.uploads.filetext import extract_text

__all__ = ["add_paper", "add_commands"]


def add_paper(data: DataDir, paper: Path, *, title: str, embargo_until: dt.datetime,
              grades: tuple[int, ...] = ()) -> tuple[Paper, int]:
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
        print(f"privacy-guard: error: --embargo-until {args.embargo_until!r} is not a date and time "
              "like 2026-12-20T10:00", file=sys.stderr)
        return 2
    grades = tuple(int(g) for g in args.grades.split(",")) if args.grades else ()
    paper, n = add_paper(data_dir(args), Path(args.paper), title=args.title, embargo_until=embargo, grades=grades)
    print(f"registered {paper.id}: 《{paper.title}》, {n} items, embargoed until {paper.embargo_until} "
          f"(fingerprints only; the paper's text is not stored)")
    return 0


def _list(args: argparse.Namespace) -> int:
    bank = data_dir(args).open_exam_bank()
    if not bank.papers:
        print("no papers registered")
    for p in bank.papers:
        state = "embargoed" if p.embargoed(dt.datetime.now()) else "released"
        print(f"{p.id}  《{p.title}》  {p.items} items  until {p.embargo_until}  grades {list(p.grades) or 'all'}  {state}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    data = data_dir(args)
    bank = data.open_exam_bank()
    if not bank.remove_paper(args.paper_id):
        print(f"privacy-guard: error: no registered paper {args.paper_id!r} (see `privacy-guard exam list`)",
              file=sys.stderr)
        return 1
    bank.save(data.exam_bank_dir)
    print(f"removed {args.paper_id}")
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
    for exam_parser in (ea, el, er):
        exam_parser.add_argument("--data-dir", default=argparse.SUPPRESS, help="data directory holding the exam bank")
