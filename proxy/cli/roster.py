"""`privacy-guard roster import`: the school roster, stored as keyed hashes only."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from proxy.cli.common import data_dir

__all__ = ["add_commands"]


def _import(args: argparse.Namespace) -> int:
    from detectors.stores.roster import Roster, parse_roster_csv

    data = data_dir(args)
    entries = parse_roster_csv(Path(args.csv).read_bytes(), source=args.csv)
    roster = Roster.from_entries(data.roster_key(), entries)
    store = data.roster_store()
    roster.save(store)
    print(
        f"imported {len(roster)} names from {args.csv} into {store} (keyed hashes only).\n"
        f"The CSV itself is personal data: delete it or keep it off this machine."
    )
    return 0


def add_commands(sub: Any) -> None:
    roster = sub.add_parser("roster", help="manage the school roster (stored as keyed hashes)")
    roster_sub = roster.add_subparsers(dest="roster_command", required=True)
    imp = roster_sub.add_parser("import", help="import a roster CSV (姓名/name column, optional 学号/学籍号/工号)")
    imp.add_argument("csv")
    imp.add_argument("--data-dir", default=argparse.SUPPRESS, help="data directory for the roster store")
    imp.set_defaults(func=_import)
