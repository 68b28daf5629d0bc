"""`privacy-guard check-config`, `explain`, `hash-password` and
`discovery-report`: the policy, seen without starting the proxy or sending
anything. Mistakes in arguments are answered in one line, never a traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from detectors.errors import ConfigError
from proxy.cli.common import default_config

if TYPE_CHECKING:
    from proxy.policy.principals import Principal
    from proxy.runtime import Runtime

__all__ = ["check_config", "explain", "hash_password_cmd", "discovery_report", "add_commands", "parse_at"]


def parse_at(value: str) -> dt.datetime:
    """`--at 2026-11-25T09:30` (or a date); anything else is a one-line error."""
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--at {value}: 时间格式不对，应为 2026-11-25T09:30 或 2026-11-25 (ISO 8601)") from None


def check_config(path: Path, out: IO[str] | None = None, *, strict: bool = False) -> int:
    """Validate the file and everything it includes; ConfigError propagates with its location.
    Protections the guidelines require but the policy turns off are printed as
    loud warnings (exit status 2 with `strict`)."""
    from proxy.policy.settings import load_settings
    from proxy.runtime import load_ai_list, load_policy_files

    out = out or sys.stdout
    settings = load_settings(path)
    users, exams = load_policy_files(path, settings)
    from proxy.policy.catalog import load_catalog
    from proxy.policy.checks import filing_refusals, protection_warnings

    ai_list = load_ai_list(path, settings)
    catalog = load_catalog(path.resolve().parent / settings.services_file, settings.services, ai_list)
    known = {s.id for s in catalog.services}
    unknown = sorted(
        {svc for e in (settings.access.whitelist or ()) for svc in e.services if svc != "*" and svc not in known}
    )
    if unknown:
        raise ConfigError(
            f"{path}: access.whitelist names unknown service id(s) {unknown}; known: {sorted(known)}", path=str(path)
        )
    refusals = filing_refusals(settings, catalog)
    if refusals:
        raise ConfigError(f"{path}: " + "\n  ".join(refusals), path=str(path))
    warnings = protection_warnings(settings, users)
    for w in warnings:
        out.write(f"WARNING [{w.what}] {w.message}\n")
    status = f"OK with {len(warnings)} WARNING(S)" if warnings else "OK"
    out.write(
        f"{path}: {status} — {len(catalog.services)} services, "
        f"{len(ai_list) if ai_list is not None else 0} listed AI domains, {len(users)} users, "
        f"{len(settings.identity.address_ranges)} address ranges, "
        f"{len(settings.access.whitelist or ())} whitelist rules, {len(exams)} exam windows, "
        f"{len(settings.policy.overrides)} policy overrides, {len(settings.limits.rules)} limit rules, "
        f"{len(settings.limits.hours)} hour rules\n"
    )
    return 2 if warnings and strict else 0


def explain(
    path: Path, *, as_: str, service: str, text: str, at: str | None = None, out: IO[str] | None = None
) -> int:
    from proxy.policy.principals import parse_as
    from proxy.policy.settings import load_settings
    from proxy.runtime import build_runtime

    out = out or sys.stdout
    principal = parse_as(as_)
    when = parse_at(at) if at else None
    runtime = build_runtime(path, data_dir=Path(load_settings(path).data_dir))
    try:
        return _explain_with(runtime, out, principal=principal, service=service, text=text, when=when)
    finally:
        # Nothing was recorded: release the audit store's writer lock at once.
        runtime.audit.close()


def _explain_with(runtime: Runtime, out: IO[str], *, principal: Principal, service: str, text: str,
                  when: dt.datetime | None) -> int:
    from proxy.pipeline.guard import RequestView

    entry = next((s for s in runtime.catalog.services if s.id == service), None)
    host = service if entry is None else entry.hosts[0]
    # A representative path: the first endpoint's pattern (*/chat/completions -> /v1/chat/completions).
    req_path = entry.endpoints[0].path.replace("*", "/v1", 1).replace("*", "") if entry and entry.endpoints else "/"
    route = runtime.catalog.route(host, req_path)
    if route is None and not runtime.guard.access.is_blocked_host(host):
        out.write(f"{service}: not an AI service in the catalog — the proxy passes it through untouched.\n")
        return 0
    if route is None:
        from proxy.policy.catalog import BLOCKED_SERVICE
        from proxy.policy.catalog import Route

        route = Route(BLOCKED_SERVICE, "generic_json")
    now = when or dt.datetime.now()
    view = RequestView(request_id="explain", client="explain", host=host, path=req_path, query=(), method="POST",
                       content_type="text/plain", accept="", body=text.encode("utf-8"))
    outcome = runtime.guard.inspect(view, route, principal, now=now, count=False)
    d = outcome.decision
    report = runtime.scanner.scan(text)
    out.write(f"who:      {principal.label()}\n")
    out.write(f"service:  {route.service.id} ({route.service.name}), host {host}\n")
    out.write(f"time:     {now:%Y-%m-%d %H:%M}\n")
    out.write(f"outcome:  {d.action.upper()}\n")
    out.write(f"rules:    {', '.join(d.rule_ids)}\n")
    if d.reason:
        out.write(f"reason:   {d.reason}\n")
    if report.findings:
        out.write("findings:\n")
        from proxy.policy.judge import judge

        for f, action in judge(report.findings, runtime.settings.policy, principal).actions:
            out.write(f"  {f.entity:<22} {action:<13} score {f.score:.2f}  {f.detector}\n")
    if outcome.block is not None:
        out.write("the user would see:\n  " + outcome.block.body.decode("utf-8", errors="replace")[:600] + "\n")
    elif outcome.body is not None:
        out.write("would be sent as:\n  " + outcome.body.decode("utf-8", errors="replace") + "\n")
    out.write("(nothing was sent)\n")
    return 0


def hash_password_cmd(password: str | None, out: IO[str] | None = None, stdin: IO[str] | None = None) -> int:
    """The password from the terminal (asked twice), or, when standard input is not a
    terminal, its first line (`printf '%s\\n' "$PW" | privacy-guard hash-password`), so it
    never appears in the process list or the shell history."""
    from proxy.policy.principals import hash_password

    out = out or sys.stdout
    stdin = stdin or sys.stdin
    if password is None and not stdin.isatty():
        password = stdin.readline().rstrip("\r\n")
    elif password is None:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            print("privacy-guard: 两次输入的密码不一致 (passwords differ)", file=sys.stderr)
            return 1
    if len(password) < 8:
        print("privacy-guard: 密码至少 8 个字符 (use at least 8 characters)", file=sys.stderr)
        return 1
    out.write(hash_password(password) + "\n")
    return 0


def discovery_report(path: Path, out: IO[str] | None = None, *, data_dir: Path | None = None) -> int:
    """AI-looking hosts the proxy saw outside the catalog, and what the policy does with each."""
    out = out or sys.stdout
    from proxy.datadir import DataDir
    from proxy.policy.access import AccessControl
    from proxy.policy.catalog import load_catalog
    from proxy.policy.discovery import read_report, render_report
    from proxy.policy.settings import load_settings
    from proxy.runtime import load_ai_list

    settings = load_settings(path)
    home = DataDir((data_dir or Path(settings.data_dir)).resolve())
    catalog = load_catalog(path.resolve().parent / settings.services_file, settings.services, load_ai_list(path, settings))

    access = AccessControl(settings.access, (), settings.limits)

    def decide(host: str) -> str:
        if access.is_blocked_host(host):
            return "blocked for everyone (blocked_hosts)"
        if catalog.service_for_host(host) is None:
            return "passes untouched (not on the list: add it to access.extra_ai_domains or the catalog)"
        modes = {r: settings.access.unknown_ai_for(r) for r in ("student", "teacher", "staff", "parent", "guest")}
        return "unknown_ai: " + ", ".join(f"{r} {m}" for r, m in modes.items())

    out.write(render_report(read_report(home.discovery_file), decide=decide))
    return 0


def _check_config(args: argparse.Namespace) -> int:
    return check_config(Path(args.config_file), strict=args.strict)


def _discovery(args: argparse.Namespace) -> int:
    return discovery_report(Path(args.config), data_dir=Path(args.data_dir) if args.data_dir else None)


def _explain(args: argparse.Namespace) -> int:
    return explain(Path(args.config), as_=args.as_, service=args.service, text=args.text, at=args.at)


def _hash_password(args: argparse.Namespace) -> int:
    return hash_password_cmd(args.password)


def add_commands(sub: Any) -> None:
    check = sub.add_parser("check-config", help="validate a configuration file and its includes without starting")
    check.add_argument("config_file")
    check.add_argument("--strict", action="store_true", help="exit with status 2 when there are warnings")
    check.set_defaults(func=_check_config)

    disc = sub.add_parser("discovery-report", help="AI-looking hosts seen outside the catalog (from CONNECT/SNI)")
    disc.add_argument("--config", default=str(default_config()))
    disc.set_defaults(func=_discovery)

    exp = sub.add_parser("explain", help="show which rules apply and what would happen, without sending anything")
    exp.add_argument("--config", default=str(default_config()))
    exp.add_argument("--as", dest="as_", required=True, metavar="ROLE@STAGE[/GRADE[/CLASS]]",
                     help="who is asking, e.g. teacher@primary or student@lower_secondary/8/8-3")
    exp.add_argument("--service", required=True, help="service id (deepseek) or host (chat.deepseek.com)")
    exp.add_argument("--text", required=True, help="the prompt")
    exp.add_argument("--at", help="date and time to evaluate (ISO, default now), e.g. for exam periods")
    exp.set_defaults(func=_explain)

    hp = sub.add_parser("hash-password", help="hash a password for the users file")
    hp.add_argument("--password", help="avoid: visible in the process list; by default read from the terminal, "
                                       "or the first line of standard input when it is not a terminal")
    hp.set_defaults(func=_hash_password)
