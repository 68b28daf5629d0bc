"""What the command groups share: the default configuration file, where the data
directory is, and the scanner a command builds from it (roster and exam bank
only when they exist: a command that only reads creates no key)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from proxy.datadir import DataDir

if TYPE_CHECKING:
    from detectors import Scanner

__all__ = ["default_config", "data_dir", "build_cli_scanner", "DATA_DIR_ENV"]

#: Environment variable naming the data directory for admin commands.
DATA_DIR_ENV = "PRIVACY_GUARD_DATA_DIR"


def default_config() -> Path:
    return Path(__file__).resolve().parents[2] / "config" / "default.yaml"


def data_dir(args: argparse.Namespace) -> DataDir:
    """--data-dir, else $PRIVACY_GUARD_DATA_DIR, else ./data."""
    return DataDir(Path(getattr(args, "data_dir", None) or os.environ.get(DATA_DIR_ENV) or "data"))


def build_cli_scanner(args: argparse.Namespace) -> Scanner:
    from detectors import build_scanner
    from detectors.stores.roster import Roster

    data = data_dir(args)
    store = data.roster_store()
    roster = Roster.load(store, data.roster_key()) if store.exists() else None
    bank = data.open_exam_bank() if data.has_exam_bank() else None
    extra = [Path(p) for p in (args.allow_list or [])]
    return build_scanner(roster=roster, extra_allow_files=extra, exam_bank=bank)
