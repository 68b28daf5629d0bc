"""The `privacy-guard` command line: one module per command group registers its
subcommands here; each imports what is heavy (the scanner, mitmproxy) only when
its command runs. Benchmarks are not part of the product: `python -m bench`.

Messages for people are Chinese first with the English after a slash; a mistake
is one line on stderr and a non-zero exit code, never a traceback (`--debug`
shows it)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from proxy.cli import audit, ca, exam, policy, roster, run, scan, session
from proxy.cli.common import add_common_options

__all__ = ["main", "version"]

#: Command groups, in the order `--help` lists them.
_GROUPS = (scan, roster, run, policy, session, exam, audit, ca)


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("privacy-guard")
    except PackageNotFoundError:
        return "unknown"


def _leaves(p: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield p
    for action in subs:
        for child in dict.fromkeys(action.choices.values()):
            yield from _leaves(child)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="privacy-guard", description="学校 AI 隐私保护网关 / Privacy guard for generative AI in schools")
    p.add_argument("--version", action="version", version=f"privacy-guard {version()}")
    add_common_options(p)
    sub = p.add_subparsers(dest="command", required=True)
    for group in _GROUPS:
        group.add_commands(sub)
    for leaf in _leaves(p):
        if leaf is not p:
            add_common_options(leaf)
    return p


def _setup_logging(args: argparse.Namespace) -> None:
    from detectors.quiet import quiet_presidio_logging
    from proxy.cli.logsetup import setup_logging

    debug = bool(getattr(args, "debug", False))
    level = logging.DEBUG if debug else logging.INFO if args.command in ("run", "exam", "roster") else logging.WARNING
    log_file = getattr(args, "log_file", None)
    setup_logging(level=level, fmt=getattr(args, "log_format", None) or "text",
                  file=Path(log_file) if log_file else None)
    quiet_presidio_logging()
    if not debug:
        # mitmproxy's own "listening at" repeats our start line, and would come before it.
        logging.getLogger("mitmproxy").setLevel(logging.WARNING)


def _fail(message: str, code: int) -> int:
    print(f"privacy-guard: 错误 / error: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    from detectors.errors import GuardError

    args = _parser().parse_args(argv)
    _setup_logging(args)
    debug = bool(getattr(args, "debug", False))
    try:
        return int(args.func(args))
    except GuardError as exc:
        if debug:
            raise
        return _fail(str(exc), 1)
    except FileNotFoundError as exc:
        if debug:
            raise
        return _fail(f"{exc.filename}: 文件不存在 / no such file", 1)
    except BrokenPipeError:
        # The reader went away (`… | head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the safety net: one line, not a traceback
        if debug:
            raise
        detail = str(exc).splitlines()[0][:300] if str(exc) else ""
        return _fail(f"{type(exc).__name__}: {detail}（加 --debug 查看详情 / run with --debug for details）", 2)
