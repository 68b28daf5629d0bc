"""The `privacy-guard` command line: one module per command group registers its
subcommands here; each imports what is heavy (the scanner, mitmproxy) only when
its command runs. Benchmarks are not part of the product: `python -m bench`."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from proxy.cli import audit, exam, policy, roster, run, scan, session

__all__ = ["main"]

#: Command groups, in the order `--help` lists them.
_GROUPS = (scan, roster, run, policy, session, exam, audit)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="privacy-guard", description="Privacy guard for generative AI in schools")
    p.add_argument("--data-dir", help="data directory (roster store, keys); default ./data or $PRIVACY_GUARD_DATA_DIR")
    p.add_argument("--allow-list", action="append", metavar="FILE", help="extra allow-list of public names (repeatable)")
    sub = p.add_subparsers(dest="command", required=True)
    for group in _GROUPS:
        group.add_commands(sub)
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
