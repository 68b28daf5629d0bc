"""What the command groups share: which configuration file and which data
directory a command works on (found, said, never silently created), the
options every command accepts, and the scanner a command builds from them
(roster and exam bank only when they exist: a command that only reads creates no key)."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from proxy.datadir import SYSTEM_CONFIG, SYSTEM_DATA_DIR, Candidate, DataDir, DataDirNotFound, Located, locate

if TYPE_CHECKING:
    from detectors import Scanner

__all__ = [
    "default_config", "config_path", "data_dir", "locate_data_dir", "build_cli_scanner", "add_common_options",
    "DATA_DIR_ENV", "CONFIG_ENV", "ConfigChoice",
]

#: Environment variable naming the data directory for admin commands.
DATA_DIR_ENV = "PRIVACY_GUARD_DATA_DIR"
#: Environment variable naming the configuration file (the systemd unit sets it).
CONFIG_ENV = "PRIVACY_GUARD_CONFIG"


def project_root() -> Path:
    return Path(__file__).resolve().parents[2]


def default_config() -> Path:
    return project_root() / "config" / "default.yaml"


def add_common_options(p: argparse.ArgumentParser) -> None:
    """Options every command accepts before or after its name (`--allow-list` after
    `scan` works). Defaults are suppressed so a later parser never erases an earlier value."""
    have = set(p._option_string_actions)  # argparse keeps no public view of its options
    S = argparse.SUPPRESS
    if "--config" not in have:
        p.add_argument("--config", default=S, metavar="FILE",
                       help=f"configuration file (default ${CONFIG_ENV}, {SYSTEM_CONFIG} or config/default.yaml)")
    if "--data-dir" not in have:
        p.add_argument("--data-dir", default=S, metavar="DIR",
                       help=f"data directory (default ${DATA_DIR_ENV}, the configured data_dir, {SYSTEM_DATA_DIR})")
    if "--allow-list" not in have:
        p.add_argument("--allow-list", action="append", default=S, metavar="FILE",
                       help="extra allow-list of public names (repeatable)")
    if "--debug" not in have:
        p.add_argument("--debug", action="store_true", default=S, help="show tracebacks and debug logs")
    if "--log-format" not in have:
        p.add_argument("--log-format", choices=["text", "json"], default=S,
                       help="log lines as text (default) or JSON objects (never prompt text or values)")
    if "--log-file" not in have:
        p.add_argument("--log-file", default=S, metavar="FILE", help="also write logs to this file (rotated)")


@dataclass(frozen=True, slots=True)
class ConfigChoice:
    path: Path
    source: str
    #: Named by the person or the installation, not the checkout's default.
    explicit: bool


def config_path(args: argparse.Namespace) -> ConfigChoice:
    """--config, else $PRIVACY_GUARD_CONFIG, else /etc/privacy-guard/config.yaml when present, else the default."""
    given = getattr(args, "config", None)
    if given:
        return ConfigChoice(Path(given), "--config", True)
    env = os.environ.get(CONFIG_ENV)
    if env:
        return ConfigChoice(Path(env), f"${CONFIG_ENV}", True)
    if SYSTEM_CONFIG.exists():
        return ConfigChoice(SYSTEM_CONFIG, "系统配置 / system config", True)
    return ConfigChoice(default_config(), "默认配置 / default config", False)


def _candidates(args: argparse.Namespace) -> list[Candidate]:
    out: list[Candidate] = []
    given = getattr(args, "data_dir", None)
    if given:
        # An explicit candidate is the answer (`locate`): the configuration need not be read.
        return [Candidate(Path(given), "--data-dir", explicit=True)]
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return [Candidate(Path(env), f"${DATA_DIR_ENV}", explicit=True)]
    cfg = config_path(args)
    if cfg.path.exists():
        from proxy.policy.settings import load_settings

        configured = Path(load_settings(cfg.path).data_dir)
        if configured.is_absolute():
            out.append(Candidate(configured, f"data_dir in {cfg.path}, from {cfg.source}", explicit=cfg.explicit))
        else:
            # Relative to the working directory, as the proxy reads it (`make run` starts in the checkout).
            out.append(Candidate(Path.cwd() / configured,
                                 f"data_dir in {cfg.path}, from {cfg.source}, relative to the working directory"))
    out.append(Candidate(SYSTEM_DATA_DIR, "系统路径 / system path"))
    out.append(Candidate(project_root() / "data", "安装目录 / the checkout's data/"))
    return out


def locate_data_dir(args: argparse.Namespace) -> Located:
    return locate(_candidates(args))


def data_dir(args: argparse.Namespace, *, err: IO[str] | None = None) -> DataDir:
    """The data directory this command works on, said on stderr (stdout stays for results).

    A directory named with --data-dir or the environment is created when missing
    (that is asking for it); one merely configured must already exist."""
    found = locate_data_dir(args)
    state = "" if found.exists else "（新建 / new）"
    print(f"数据目录 / data directory: {found.data.root}{state}  [{found.source}]", file=err or sys.stderr)
    if not found.exists:
        found.data.create()
    return found.data


def optional_data_dir(args: argparse.Namespace) -> DataDir | None:
    """For commands that only read (scan): the data directory when there is one, else None."""
    try:
        found = locate_data_dir(args)
    except DataDirNotFound:
        return None
    if not found.exists:
        return None
    print(f"数据目录 / data directory: {found.data.root}  [{found.source}]", file=sys.stderr)
    return found.data


def build_cli_scanner(args: argparse.Namespace) -> Scanner:
    from detectors import build_scanner
    from detectors.stores.roster import Roster

    data = optional_data_dir(args)
    roster = bank = None
    if data is not None:
        store = data.roster_store()
        roster = Roster.load(store, data.roster_key()) if store.exists() else None
        bank = data.open_exam_bank() if data.has_exam_bank() else None
    extra = [Path(p) for p in (getattr(args, "allow_list", None) or [])]
    return build_scanner(roster=roster, extra_allow_files=extra, exam_bank=bank)
