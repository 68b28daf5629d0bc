"""`privacy-guard session open|close|list|report`: supervised class sessions from the
command line, and the report of students' use (per hour, per hashed student, sessions). The teacher is identified as the proxy identifies them (the users
file and its password, read from the terminal or the first line of standard
input); the session goes into the data directory's sessions file, which the
running proxy re-reads on change."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from detectors.errors import ConfigError
from proxy.cli.common import DATA_DIR_ENV, default_config

if TYPE_CHECKING:
    from proxy.datadir import DataDir
    from proxy.policy.principals import Principal
    from proxy.policy.sessions import ClassSession, SessionBook
    from proxy.policy.settings import Settings

__all__ = ["add_commands", "open_session", "close_session", "list_sessions", "usage_report"]


def _home(settings: Settings, data_dir: Path | None) -> DataDir:
    from proxy.datadir import DataDir

    return DataDir((data_dir or Path(os.environ.get(DATA_DIR_ENV) or settings.data_dir)).resolve())


def _book(settings: Settings, home: DataDir) -> SessionBook:
    from proxy.policy.sessions import SessionBook

    return SessionBook(home.sessions_file, default_minutes=settings.sessions.default_minutes,
                       max_minutes=settings.sessions.max_minutes)


def _teacher(config: Path, settings: Settings, user: str, password: str) -> Principal:
    """The teacher named in the users file, if the password is right (one-line errors otherwise)."""
    from proxy.policy.principals import verify_password_or_dummy
    from proxy.runtime import load_policy_files

    users, _ = load_policy_files(config, settings)
    if not settings.identity.users_file:
        raise ConfigError("这个配置没有用户文件（identity.users_file），无法在命令行确认教师身份；请在帮助页面开启课堂时段。")
    entry = users.get(user)
    if not verify_password_or_dummy(password, entry.password_hash if entry is not None else None) or entry is None:
        raise ConfigError("用户名或密码不对。")
    return entry.principal(user=user, source="proxy_auth")


def _password(stdin: IO[str]) -> str:
    if not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    return getpass.getpass("password: ")


def _describe(s: ClassSession, now: dt.datetime) -> str:
    who = f"class {s.class_name}" if s.class_name else "addresses " + ",".join(s.cidr)
    state = "open" if s.active(now) else ("closed" if s.closed_at is not None and s.closed_at < s.end else "ended")
    return (f"{s.id}  {state:<6}  {s.start:%Y-%m-%d %H:%M}–{s.ends():%H:%M}  {who:<24}  "
            f"services {','.join(s.services)}  by {s.teacher_label} ({s.teacher_hash[:8]}…)")


def open_session(config: Path, *, user: str, password: str, services: tuple[str, ...], class_name: str | None,
                 cidr: tuple[str, ...], minutes: int | None, data_dir: Path | None = None,
                 now: dt.datetime | None = None, out: IO[str] | None = None) -> ClassSession:
    from proxy.policy.settings import load_settings

    out = out or sys.stdout
    settings = load_settings(config)
    from proxy.policy.catalog import load_catalog
    from proxy.runtime import user_hasher

    known = {s.id for s in load_catalog(config.resolve().parent / settings.services_file, settings.services).services}
    unknown = sorted(set(services) - known)
    if unknown:
        raise ConfigError(f"目录里没有这些服务：{unknown}（可用：{', '.join(sorted(known))}）")
    teacher = _teacher(config, settings, user, password)
    home = _home(settings, data_dir)
    home.create()
    session = _book(settings, home).open(
        teacher, user_hasher(home.audit_key())(user), services=services, class_name=class_name, cidr=cidr,
        minutes=minutes, now=now,
    )
    out.write(f"课堂时段已开启 (session opened): {_describe(session, session.start)}\n")
    return session


def close_session(config: Path, session_id: str, *, user: str, password: str, data_dir: Path | None = None,
                  now: dt.datetime | None = None, out: IO[str] | None = None) -> ClassSession:
    from proxy.policy.settings import load_settings

    out = out or sys.stdout
    settings = load_settings(config)
    from proxy.runtime import user_hasher

    _teacher(config, settings, user, password)
    home = _home(settings, data_dir)
    session = _book(settings, home).close(session_id, user_hasher(home.audit_key())(user), now=now)
    out.write(f"课堂时段已结束 (session closed): {_describe(session, session.closed_at or session.end)}\n")
    return session


def list_sessions(config: Path, *, everything: bool = False, data_dir: Path | None = None,
                  now: dt.datetime | None = None, out: IO[str] | None = None) -> int:
    from proxy.policy.settings import load_settings

    out = out or sys.stdout
    settings = load_settings(config)
    book = _book(settings, _home(settings, data_dir))
    at = now or dt.datetime.now()
    rows = book.sessions() if everything else book.active(at)
    if not rows:
        out.write("没有进行中的课堂时段。(no open sessions)\n" if not everything else "没有课堂时段记录。(no sessions)\n")
    for s in rows:
        out.write(_describe(s, at) + "\n")
    return 0


def usage_report(config: Path, *, data_dir: Path | None = None, period_from: str | None = None,
                 period_to: str | None = None, out: IO[str] | None = None) -> int:
    """Students' use per hour of the day and per (hashed) student, and the sessions, from the audit."""
    out = out or sys.stdout
    from proxy.audit.factory import open_store
    from proxy.audit.usage import aggregate_usage, render_usage
    from proxy.policy.settings import load_settings

    settings = load_settings(config)
    home = _home(settings, data_dir)
    if settings.audit.store == "sqlite" and not home.audit_store(settings.audit.path).exists():
        raise ConfigError(f"没有审计库 {home.audit_store(settings.audit.path)} (no audit store)")
    store = open_store(home.root, settings.audit, writer=False)
    try:
        out.write(render_usage(aggregate_usage(store.records(since=period_from, until=period_to))))
    finally:
        store.close()
    return 0


def _data_dir(args: argparse.Namespace) -> Path | None:
    return Path(args.data_dir) if getattr(args, "data_dir", None) else None


def _open(args: argparse.Namespace) -> int:
    open_session(Path(args.config), user=args.teacher, password=_password(sys.stdin),
                 services=tuple(s.strip() for s in args.services.split(",") if s.strip()),
                 class_name=args.class_name, cidr=tuple(args.cidr or ()), minutes=args.minutes,
                 data_dir=_data_dir(args))
    return 0


def _close(args: argparse.Namespace) -> int:
    close_session(Path(args.config), args.session_id, user=args.teacher, password=_password(sys.stdin),
                  data_dir=_data_dir(args))
    return 0


def _list(args: argparse.Namespace) -> int:
    return list_sessions(Path(args.config), everything=args.all, data_dir=_data_dir(args))


def _report(args: argparse.Namespace) -> int:
    return usage_report(Path(args.config), data_dir=_data_dir(args), period_from=args.from_, period_to=args.to)


def add_commands(sub: Any) -> None:
    session = sub.add_parser("session", help="supervised class sessions: open, close, list")
    ss = session.add_subparsers(dest="session_command", required=True)

    op = ss.add_parser("open", help="open AI for one class (or a room's addresses) for named services")
    op.add_argument("--config", default=str(default_config()))
    op.add_argument("--teacher", required=True, help="the teacher's user name in the users file (password asked)")
    where = op.add_mutually_exclusive_group(required=True)
    where.add_argument("--class", dest="class_name", help="the class, e.g. 3-2")
    where.add_argument("--cidr", action="append", help="a room's address range (repeatable), e.g. 10.10.3.0/24")
    op.add_argument("--services", required=True, help="service ids from the catalog, comma-separated")
    op.add_argument("--minutes", type=int, help="duration (default from the policy, 40)")
    op.set_defaults(func=_open)

    cl = ss.add_parser("close", help="end an open session early")
    cl.add_argument("session_id")
    cl.add_argument("--config", default=str(default_config()))
    cl.add_argument("--teacher", required=True)
    cl.set_defaults(func=_close)

    ls = ss.add_parser("list", help="open sessions (--all: every recorded session)")
    ls.add_argument("--config", default=str(default_config()))
    ls.add_argument("--all", action="store_true")
    ls.set_defaults(func=_list)

    rp = ss.add_parser("report", help="students' use per hour and per hashed student, and the sessions (from the audit)")
    rp.add_argument("--config", default=str(default_config()))
    rp.add_argument("--from", dest="from_", metavar="DATE", help="start (inclusive), e.g. 2026-11-01")
    rp.add_argument("--to", metavar="DATE", help="end (exclusive), e.g. 2026-12-01")
    rp.set_defaults(func=_report)
