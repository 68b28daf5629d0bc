"""`privacy-guard audit verify | lookup | purge | export | report`: the reviewer's tools on the audit store.

They open the store as readers (no writer lock), so they run while the proxy does;
`verify` trusts only a pinned public key (`--public-key`, else the key file in
the data directory), never the one stored in the database."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from pathlib import Path
from collections.abc import Sequence
from typing import TYPE_CHECKING, IO, Any

if TYPE_CHECKING:
    from proxy.audit.store import VerifyReport

__all__ = ["audit_main", "add_commands"]


def _syslog_sink(target: str) -> logging.Logger:
    """A logger that sends each record to syslog (host:port over UDP, or a socket path)."""
    from logging.handlers import SysLogHandler

    host, sep, port = target.rpartition(":")
    address: str | tuple[str, int] = (host, int(port)) if sep and port.isdigit() else target
    logger = logging.getLogger("privacy_guard.audit.export")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = SysLogHandler(address=address, facility=SysLogHandler.LOG_AUTHPRIV)
    handler.setFormatter(logging.Formatter("privacy-guard-audit: %(message)s"))
    logger.addHandler(handler)
    return logger


def audit_main(command: str, *, config: Path, data_dir: Path | None, value: str | None = None,
               days: int | None = None, out: IO[str] | None = None, period_from: str | None = None,
               period_to: str | None = None, fmt: str = "html", syslog: str | None = None,
               public_keys: Sequence[Path] = ()) -> int:
    from proxy.audit.factory import AuditFiles, open_store, pinned_keys
    from proxy.audit.highwater import read_marks
    from proxy.audit.records import lookup_hashes
    from proxy.datadir import DataDir
    from proxy.policy.settings import load_settings

    out = out or sys.stdout
    settings = load_settings(config)
    data = (data_dir or Path(settings.data_dir)).resolve()
    keys = pinned_keys(data, public_keys)
    if settings.audit.store == "sqlite" and not (data / settings.audit.path).exists():
        marks = [m.checkpoint for m in read_marks(AuditFiles(data).high_water) if m.checkpoint is not None]
        if command == "verify" and marks:
            out.write(f"audit verify: FAILED / 未通过 — the audit store {data / settings.audit.path} is missing, but "
                      f"signed records existed (chain {marks[0].chain}, record #{marks[0].seq} signed at "
                      f"{marks[0].signed_at or '?'}) / 审计库文件不存在，但此前已有签名记录：审计日志被删除\n")
            return 1
        print(f"privacy-guard: error: no audit store at {data / settings.audit.path}", file=sys.stderr)
        return 1
    store = open_store(data, settings.audit, writer=False)
    try:
        if command == "verify":
            report = store.verify(keys)
            _write_verify(report, out)
            return 0 if report.ok else 1
        if command == "lookup":
            assert value is not None
            key = DataDir(data).audit_key()
            rows = store.lookup(lookup_hashes(key, value))
            out.write(f"{len(rows)} record(s) concern this value (the log holds only its keyed hash)\n")
            for r in rows:
                kinds = ",".join(sorted({f["entity"] for f in r.get("findings", [])}))
                out.write(f"  {r['time']}  {r['chain']}#{r['seq']}  {r['service']}  {r['action']}  {kinds}  "
                          f"rules {','.join(r['rule_ids'])}\n")
            return 0
        if command == "purge":
            keep = days if days is not None else settings.audit.retention_days
            n = store.purge(dt.datetime.now() - dt.timedelta(days=keep))
            out.write(f"purged {n} record(s) older than {keep} days; the remaining chain stays verifiable\n")
            return 0
        if command == "export":
            sink = _syslog_sink(syslog) if syslog else None
            for record in store.records(since=period_from, until=period_to):
                line = json.dumps(record, ensure_ascii=False)
                if sink is not None:
                    sink.info("%s", line)
                else:
                    out.write(line + "\n")
            return 0
        if command == "report":
            from proxy.audit.report import aggregate, render
            from proxy.policy.catalog import load_catalog

            base = config.resolve().parent
            try:
                names = {s.id: s.name for s in load_catalog(base / settings.services_file, settings.services).services}
            except Exception:  # a report without names is still a report
                names = {}
            summary = aggregate(store.records(since=period_from, until=period_to), period_from=period_from,
                                period_to=period_to, verify=store.verify(keys), timezone=settings.timezone,
                                service_names=names)
            out.write(render(summary, "html" if fmt == "pdf" else fmt))
            return 0
        raise ValueError(command)
    finally:
        store.close()


def _write_verify(report: VerifyReport, out: IO[str]) -> None:
    state = "OK / 通过" if report.ok else "FAILED / 未通过"
    out.write(f"audit verify: {state} — {report.chains} chain(s), {report.records} records, "
              f"{report.checkpoints} signed checkpoints, {report.high_water_marks} high-water mark(s)\n")
    for s in report.statuses:
        if s.last_signed_seq:
            when = f" (record time {s.last_signed_time}" + (f", signed {s.signed_at})" if s.signed_at else ")") \
                if s.last_signed_time else " (purged; kept as the retention anchor)"
            out.write(f"  chain {s.chain}: last signed record #{s.last_signed_seq}{when}; "
                      f"last record #{s.last_seq}; unsigned tail {s.unsigned_tail}\n")
        else:
            out.write(f"  chain {s.chain}: no signed record yet; last record #{s.last_seq}; "
                      f"unsigned tail {s.unsigned_tail}\n")
    for problem in report.problems:
        out.write(f"  ✗ {problem}\n")
    for note in report.notes:
        out.write(f"  · {note}\n")


def _checked_period(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """--from/--to as given, after checking they are real dates (2026-11-31 is refused) in order."""
    from proxy.audit.report import parse_day

    start, end = getattr(args, "from_", None), getattr(args, "to", None)
    a = parse_day(start, option="--from") if start else None
    b = parse_day(end, option="--to") if end else None
    if a is not None and b is not None and a.replace(tzinfo=None) >= b.replace(tzinfo=None):
        raise ValueError(f"--from {start} 不早于 --to {end} / --from must be before --to")
    return start, end


def _audit(args: argparse.Namespace) -> int:
    from proxy.cli.common import config_path, data_dir

    try:
        start, end = _checked_period(args)
    except ValueError as exc:
        print(f"privacy-guard: 错误 / error: {exc}", file=sys.stderr)
        return 2
    fmt = getattr(args, "format", "html")
    output = getattr(args, "output", None)
    if fmt == "pdf" and not output:
        print("privacy-guard: 错误 / error: --format pdf 需要 --output 文件名 / --format pdf needs --output FILE",
              file=sys.stderr)
        return 2
    data = data_dir(args)
    kwargs: dict[str, Any] = dict(
        config=config_path(args).path, data_dir=data.root, value=getattr(args, "value", None),
        days=getattr(args, "days", None), period_from=start, period_to=end, fmt=fmt,
        syslog=getattr(args, "syslog", None), public_keys=getattr(args, "public_key", None) or ())
    if not output:
        return audit_main(args.audit_command, **kwargs)
    import io

    buf = io.StringIO()
    code = audit_main(args.audit_command, out=buf, **kwargs)
    if code == 0 and fmt == "pdf":
        from proxy.cli.pdf import html_to_pdf

        html_to_pdf(buf.getvalue(), Path(output))
    elif code == 0:
        Path(output).write_text(buf.getvalue(), encoding="utf-8")
    if code == 0:
        print(f"已写入 / written: {output}", file=sys.stderr)
    return code


def add_commands(sub: Any) -> None:
    audit = sub.add_parser("audit", help="verify, search, purge and export the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    av = audit_sub.add_parser("verify", help="check the hash chains and signed checkpoints; say where they break")
    av.add_argument("--public-key", action="append", type=Path, default=[], metavar="PEM",
                    help="verify against this pinned public key (a copy kept outside the data directory); repeatable")
    al = audit_sub.add_parser("lookup", help="find the records concerning a value (by its keyed hash)")
    al.add_argument("--value", required=True, help="e.g. an ID number, a phone number or a name")
    ap = audit_sub.add_parser("purge", help="delete records older than the retention period")
    ap.add_argument("--days", type=int, help="keep this many days (default: audit.retention_days)")
    ae = audit_sub.add_parser("export", help="records as JSON lines, or to syslog (for a SIEM)")
    ae.add_argument("--syslog", metavar="HOST:PORT|SOCKET", help="send each record to syslog instead of stdout")
    ar = audit_sub.add_parser("report", help="compliance report in Chinese: totals, breakdowns, charts, chain status")
    ar.add_argument("--format", choices=["html", "csv", "json", "pdf"], default="html",
                    help="html (printable, charts), csv, json, or pdf (headless Chromium; needs --output)")
    ar.add_argument("--output", "-o", metavar="FILE", help="write to this file instead of standard output")
    for period_parser in (ae, ar):
        period_parser.add_argument("--from", dest="from_", metavar="DATE", help="start (inclusive), e.g. 2026-11-01")
        period_parser.add_argument("--to", metavar="DATE", help="end (exclusive), e.g. 2026-12-01")
    for audit_parser in (av, al, ap, ae, ar):
        audit_parser.set_defaults(func=_audit)
