"""`privacy-guard check-config`, `explain` and `hash-password`: the policy, seen
without starting the proxy or sending anything."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path
from typing import IO, Any

from proxy.cli.common import default_config
from proxy.pipeline.guard import RequestView
from proxy.policy.principals import hash_password, parse_as
from proxy.runtime import build_runtime, load_policy_files
from proxy.policy.settings import load_settings

__all__ = ["check_config", "explain", "hash_password_cmd", "add_commands"]


def check_config(path: Path, out: IO[str] | None = None) -> int:
    """Validate the file and everything it includes; ConfigError propagates with its location."""
    out = out or sys.stdout
    settings = load_settings(path)
    users, exams = load_policy_files(path, settings)
    from proxy.policy.catalog import load_catalog

    catalog = load_catalog(path.resolve().parent / settings.services_file, settings.services)
    known = {s.id for s in catalog.services}
    unknown = sorted(
        {svc for e in (settings.access.whitelist or ()) for svc in e.services if svc != "*" and svc not in known}
    )
    if unknown:
        from detectors.errors import ConfigError

        raise ConfigError(
            f"{path}: access.whitelist names unknown service id(s) {unknown}; known: {sorted(known)}", path=str(path)
        )
    out.write(
        f"{path}: OK — {len(catalog.services)} services, {len(users)} users, "
        f"{len(settings.identity.address_ranges)} address ranges, "
        f"{len(settings.access.whitelist or ())} whitelist rules, {len(exams)} exam windows, "
        f"{len(settings.policy.overrides)} policy overrides\n"
    )
    return 0


def explain(
    path: Path, *, as_: str, service: str, text: str, at: str | None = None, out: IO[str] | None = None
) -> int:
    out = out or sys.stdout
    runtime = build_runtime(path, data_dir=Path(load_settings(path).data_dir))
    principal = parse_as(as_)
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
    now = dt.datetime.fromisoformat(at) if at else dt.datetime.now()
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


def hash_password_cmd(password: str | None, out: IO[str] | None = None) -> int:
    out = out or sys.stdout
    if password is None:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            print("passwords differ", file=sys.stderr)
            return 1
    if len(password) < 8:
        print("use at least 8 characters", file=sys.stderr)
        return 1
    out.write(hash_password(password) + "\n")
    return 0


def _check_config(args: argparse.Namespace) -> int:
    return check_config(Path(args.config_file))


def _explain(args: argparse.Namespace) -> int:
    return explain(Path(args.config), as_=args.as_, service=args.service, text=args.text, at=args.at)


def _hash_password(args: argparse.Namespace) -> int:
    return hash_password_cmd(args.password)


def add_commands(sub: Any) -> None:
    check = sub.add_parser("check-config", help="validate a configuration file and its includes without starting")
    check.add_argument("config_file")
    check.set_defaults(func=_check_config)

    exp = sub.add_parser("explain", help="show which rules apply and what would happen, without sending anything")
    exp.add_argument("--config", default=str(default_config()))
    exp.add_argument("--as", dest="as_", required=True, metavar="ROLE@STAGE[/GRADE[/CLASS]]",
                     help="who is asking, e.g. teacher@primary or student@lower_secondary/8/8-3")
    exp.add_argument("--service", required=True, help="service id (deepseek) or host (chat.deepseek.com)")
    exp.add_argument("--text", required=True, help="the prompt")
    exp.add_argument("--at", help="date and time to evaluate (ISO, default now), e.g. for exam periods")
    exp.set_defaults(func=_explain)

    hp = sub.add_parser("hash-password", help="hash a password for the users file")
    hp.add_argument("--password", help="read from the terminal when omitted")
    hp.set_defaults(func=_hash_password)
