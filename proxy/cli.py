"""The `privacy-guard` command line: scan, roster, bench and run."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

__all__ = ["main"]

_DEMO = (
    "老师您好，我是三年级二班刘一鸣的家长，孩子最近有点焦虑。"
    "我的手机是139 1234 5678，家住杭州市西湖区文三路41号阳光小区3号楼2单元501室。"
    "请帮我写一首关于李白《静夜思》的赏析。"
)


def _default_config() -> Path:
    return Path(__file__).resolve().parent.parent / "config" / "default.yaml"


def _data_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("PRIVACY_GUARD_DATA_DIR") or "data")


def _build_scanner(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from detectors import build_scanner
    from detectors.roster import Roster, load_or_create_key

    data_dir = _data_dir(args.data_dir)
    roster = None
    store = data_dir / "roster.json"
    if store.exists():
        roster = Roster.load(store, load_or_create_key(data_dir / "roster.key"))
    extra = [Path(p) for p in (args.allow_list or [])]
    from proxy.exampaper import bank_dir, open_bank

    # A scan only reads: no key or bank is created when none was registered.
    bank = open_bank(data_dir) if (bank_dir(data_dir) / "papers.json").exists() else None
    return build_scanner(roster=roster, extra_allow_files=extra, exam_bank=bank)


def _cmd_scan(args: argparse.Namespace) -> int:
    from proxy.scan_cli import scan_human, scan_jsonl

    scanner = _build_scanner(args)
    if args.jsonl:
        if args.file in (None, "-"):
            return scan_jsonl(scanner, sys.stdin.buffer, sys.stdout, sys.stderr)
        with open(args.file, "rb") as fh:
            return scan_jsonl(scanner, fh, sys.stdout, sys.stderr)
    data = sys.stdin.buffer.read() if args.file in (None, "-") else Path(args.file).read_bytes()
    return scan_human(scanner, data, args.file or "<stdin>")


def _cmd_roster_import(args: argparse.Namespace) -> int:
    from detectors.roster import Roster, load_or_create_key, parse_roster_csv

    data_dir = _data_dir(args.data_dir)
    entries = parse_roster_csv(Path(args.csv).read_bytes(), source=args.csv)
    roster = Roster.from_entries(load_or_create_key(data_dir / "roster.key"), entries)
    roster.save(data_dir / "roster.json")
    print(
        f"imported {len(roster)} names from {args.csv} into {data_dir / 'roster.json'} (keyed hashes only).\n"
        f"The CSV itself is personal data: delete it or keep it off this machine."
    )
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    if args.which == "quality":
        from bench.quality import main as quality_main

        return int(quality_main(args.rest))
    if args.which == "exam":
        from bench.exam import main as exam_main

        return int(exam_main(args.rest))
    from bench.latency import main as latency_main

    return int(latency_main(args.rest))


def _cmd_run(args: argparse.Namespace) -> int:
    import asyncio

    from proxy.runner import RunOptions, run_proxy

    opts = RunOptions(
        config=Path(args.config),
        listen_host=args.listen_host,
        listen_port=args.listen_port,
        data_dir=Path(args.data_dir) if args.data_dir else None,
        mode=args.mode,
        upstream_trust=Path(args.upstream_trust) if args.upstream_trust else None,
        help_port=args.help_port,
    )
    try:
        asyncio.run(run_proxy(opts))
    except KeyboardInterrupt:
        pass
    return 0


def _cmd_check_config(args: argparse.Namespace) -> int:
    from proxy.policy_cli import check_config

    return check_config(Path(args.config_file))


def _cmd_explain(args: argparse.Namespace) -> int:
    from proxy.policy_cli import explain

    return explain(Path(args.config), as_=args.as_, service=args.service, text=args.text, at=args.at)


def _cmd_hash_password(args: argparse.Namespace) -> int:
    from proxy.policy_cli import hash_password_cmd

    return hash_password_cmd(args.password)


def _cmd_exam(args: argparse.Namespace) -> int:
    import datetime as dt

    from proxy.exampaper import add_paper, bank_dir, open_bank

    data_dir = _data_dir(args.data_dir)
    if args.exam_command == "add":
        try:
            embargo = dt.datetime.fromisoformat(args.embargo_until)
        except ValueError:
            print(f"privacy-guard: error: --embargo-until {args.embargo_until!r} is not a date and time "
                  "like 2026-12-20T10:00", file=sys.stderr)
            return 2
        grades = tuple(int(g) for g in args.grades.split(",")) if args.grades else ()
        paper, n = add_paper(data_dir, Path(args.paper), title=args.title, embargo_until=embargo, grades=grades)
        print(f"registered {paper.id}: 《{paper.title}》, {n} items, embargoed until {paper.embargo_until} "
              f"(fingerprints only; the paper's text is not stored)")
        return 0
    bank = open_bank(data_dir)
    if args.exam_command == "list":
        if not bank.papers:
            print("no papers registered")
        for p in bank.papers:
            state = "embargoed" if p.embargoed(dt.datetime.now()) else "released"
            print(f"{p.id}  《{p.title}》  {p.items} items  until {p.embargo_until}  grades {list(p.grades) or 'all'}  {state}")
        return 0
    if not bank.remove_paper(args.paper_id):
        print(f"privacy-guard: error: no registered paper {args.paper_id!r} (see `privacy-guard exam list`)", file=sys.stderr)
        return 1
    bank.save(bank_dir(data_dir))
    print(f"removed {args.paper_id}")
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from proxy.audit_cli import audit_main

    return audit_main(args.audit_command, config=Path(args.config), data_dir=Path(args.data_dir) if args.data_dir else None,
                      value=getattr(args, "value", None), days=getattr(args, "days", None),
                      period_from=getattr(args, "from_", None), period_to=getattr(args, "to", None),
                      fmt=getattr(args, "format", "html"), syslog=getattr(args, "syslog", None))


def _cmd_demo(args: argparse.Namespace) -> int:
    from proxy.scan_cli import scan_human

    return scan_human(_build_scanner(args), _DEMO.encode("utf-8"), "<demo>")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="privacy-guard", description="Privacy guard for generative AI in schools")
    p.add_argument("--data-dir", help="data directory (roster store, keys); default ./data or $PRIVACY_GUARD_DATA_DIR")
    p.add_argument("--allow-list", action="append", metavar="FILE", help="extra allow-list of public names (repeatable)")
    sub = p.add_subparsers(dest="command", required=True)

    scan = sub.add_parser("scan", help="scan a file or stdin for personal data")
    scan.add_argument("file", nargs="?", help="file to scan, or - for stdin (default)")
    scan.add_argument("--data-dir", default=argparse.SUPPRESS, help="data directory holding the roster store")
    scan.add_argument("--jsonl", action="store_true", help='read {"id","text"} JSON lines, write one result line each')
    scan.set_defaults(func=_cmd_scan)

    roster = sub.add_parser("roster", help="manage the school roster (stored as keyed hashes)")
    roster_sub = roster.add_subparsers(dest="roster_command", required=True)
    imp = roster_sub.add_parser("import", help="import a roster CSV (姓名/name column, optional 学号/学籍号/工号)")
    imp.add_argument("csv")
    imp.add_argument("--data-dir", default=argparse.SUPPRESS, help="data directory for the roster store")
    imp.set_defaults(func=_cmd_roster_import)

    bench = sub.add_parser("bench", help="benchmarks that print figures")
    bench.add_argument("which", choices=["quality", "latency", "exam"])
    bench.add_argument("rest", nargs=argparse.REMAINDER, help="options for the benchmark")
    bench.set_defaults(func=_cmd_bench)

    run = sub.add_parser("run", help="start the privacy proxy")
    run.add_argument("--config", default=str(_default_config()), help="configuration file (default config/default.yaml)")
    run.add_argument("--listen-host", help="address to listen on (default from config: 127.0.0.1)")
    run.add_argument("--listen-port", type=int, help="port to listen on (default from config: 8080)")
    run.add_argument("--data-dir", default=argparse.SUPPRESS, help="data directory (CA, roster store, audit file)")
    run.add_argument("--mode", help="regular | transparent | reverse:https://host (default from config)")
    run.add_argument("--upstream-trust", metavar="CA_FILE", help="extra CA bundle trusted for upstream servers")
    run.add_argument("--help-port", type=int, help="port of the help page / PAC file (default listen port + 1)")
    run.set_defaults(func=_cmd_run)

    check = sub.add_parser("check-config", help="validate a configuration file and its includes without starting")
    check.add_argument("config_file")
    check.set_defaults(func=_cmd_check_config)

    exp = sub.add_parser("explain", help="show which rules apply and what would happen, without sending anything")
    exp.add_argument("--config", default=str(_default_config()))
    exp.add_argument("--as", dest="as_", required=True, metavar="ROLE@STAGE[/GRADE[/CLASS]]",
                     help="who is asking, e.g. teacher@primary or student@lower_secondary/8/8-3")
    exp.add_argument("--service", required=True, help="service id (deepseek) or host (chat.deepseek.com)")
    exp.add_argument("--text", required=True, help="the prompt")
    exp.add_argument("--at", help="date and time to evaluate (ISO, default now), e.g. for exam periods")
    exp.set_defaults(func=_cmd_explain)

    hp = sub.add_parser("hash-password", help="hash a password for the users file")
    hp.add_argument("--password", help="read from the terminal when omitted")
    hp.set_defaults(func=_cmd_hash_password)

    exam = sub.add_parser("exam", help="register upcoming exam papers (fingerprints only)")
    exam_sub = exam.add_subparsers(dest="exam_command", required=True)
    ea = exam_sub.add_parser("add", help="register a paper (.docx, .pdf, .txt, .md, .xlsx)")
    ea.add_argument("paper")
    ea.add_argument("--title", required=True)
    ea.add_argument("--embargo-until", required=True, help="e.g. 2026-12-20T10:00 (local time)")
    ea.add_argument("--grades", help="comma-separated grades, e.g. 9,10")
    el = exam_sub.add_parser("list", help="list registered papers")
    er = exam_sub.add_parser("remove", help="remove a registered paper")
    er.add_argument("paper_id")
    for exam_parser in (ea, el, er):
        exam_parser.add_argument("--data-dir", default=argparse.SUPPRESS, help="data directory holding the exam bank")
        exam_parser.set_defaults(func=_cmd_exam)

    audit = sub.add_parser("audit", help="verify, search, purge and export the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    av = audit_sub.add_parser("verify", help="check the hash chains and signed checkpoints; say where they break")
    al = audit_sub.add_parser("lookup", help="find the records concerning a value (by its keyed hash)")
    al.add_argument("--value", required=True, help="e.g. an ID number, a phone number or a name")
    ap = audit_sub.add_parser("purge", help="delete records older than the retention period")
    ap.add_argument("--days", type=int, help="keep this many days (default: audit.retention_days)")
    ae = audit_sub.add_parser("export", help="records as JSON lines, or to syslog (for a SIEM)")
    ae.add_argument("--syslog", metavar="HOST:PORT|SOCKET", help="send each record to syslog instead of stdout")
    ar = audit_sub.add_parser("report", help="compliance report in Chinese: totals, breakdowns, charts, chain status")
    ar.add_argument("--format", choices=["html", "csv", "json"], default="html")
    for period_parser in (ae, ar):
        period_parser.add_argument("--from", dest="from_", metavar="DATE", help="start (inclusive), e.g. 2026-11-01")
        period_parser.add_argument("--to", metavar="DATE", help="end (exclusive), e.g. 2026-12-01")
    for audit_parser in (av, al, ap, ae, ar):
        audit_parser.add_argument("--config", default=str(_default_config()))
        audit_parser.add_argument("--data-dir", default=argparse.SUPPRESS, help="data directory holding the audit store")
        audit_parser.set_defaults(func=_cmd_audit)

    demo = sub.add_parser("demo", help="show the detection engine on a sample text")
    demo.set_defaults(func=_cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    from detectors.errors import GuardError
    from detectors.presidio_bridge import quiet_presidio_logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    quiet_presidio_logging()
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except GuardError as exc:
        print(f"privacy-guard: error: {exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"privacy-guard: error: {exc.filename}: no such file", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`… | head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
