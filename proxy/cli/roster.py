"""`privacy-guard roster import`: the school roster, stored as keyed hashes only."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from proxy.cli.common import data_dir

__all__ = ["add_commands"]

log = logging.getLogger(__name__)


def _import(args: argparse.Namespace) -> int:
    from detectors.stores.roster import Roster, parse_roster_csv

    data = data_dir(args)
    entries = parse_roster_csv(Path(args.csv).read_bytes(), source=args.csv)
    roster = Roster.from_entries(data.roster_key(), entries)
    store = data.roster_store()
    if store.exists():
        # An import replaces the whole roster; say so, with the size it had.
        old = Roster.load(store, data.roster_key())
        print(f"替换现有名单（原有 {len(old)} 人）/ replacing the existing roster ({len(old)} names)")
    roster.save(store)
    log.info("roster imported: %d names into %s", len(roster), store)
    print(
        f"已导入 {len(roster)} 人 → {store}（只保存带密钥的哈希值）/ imported {len(roster)} names (keyed hashes only).\n"
        f"CSV 文件本身就是个人信息：请删除，或不要存放在本机。/ The CSV itself is personal data: delete it."
    )
    return 0


def add_commands(sub: Any) -> None:
    roster = sub.add_parser("roster", help="manage the school roster (stored as keyed hashes)")
    roster_sub = roster.add_subparsers(dest="roster_command", required=True)
    imp = roster_sub.add_parser("import", help="import a roster CSV (姓名/name column, optional 学号/学籍号/工号)")
    imp.add_argument("csv")
    imp.set_defaults(func=_import)
