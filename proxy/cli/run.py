"""`privacy-guard run`: start the proxy (mitmproxy with the privacy-guard addons)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from proxy.cli.common import DATA_DIR_ENV, config_path

__all__ = ["add_commands"]


def _run(args: argparse.Namespace) -> int:
    import asyncio

    from proxy.mitm.server import RunOptions, run_proxy

    import os

    given = getattr(args, "data_dir", None) or os.environ.get(DATA_DIR_ENV)
    opts = RunOptions(
        config=config_path(args).path,
        listen_host=args.listen_host,
        listen_port=args.listen_port,
        data_dir=Path(given) if given else None,
        mode=args.mode,
        upstream_trust=Path(args.upstream_trust) if args.upstream_trust else None,
        help_port=args.help_port,
    )
    workers = args.workers
    if workers is None:
        from proxy.policy.settings import load_settings

        workers = load_settings(opts.config).cluster.workers
    if workers is None:
        from proxy.mitm.workers import default_workers

        workers = default_workers()
    if workers < 1:
        print("privacy-guard: error: --workers must be at least 1", file=sys.stderr)
        return 2
    if workers > 1:
        from proxy.mitm.workers import run_workers

        return run_workers(opts, workers)
    try:
        asyncio.run(run_proxy(opts))
    except KeyboardInterrupt:
        pass
    return 0


def add_commands(sub: Any) -> None:
    run = sub.add_parser("run", help="start the privacy proxy")
    run.add_argument("--listen-host", help="address to listen on (default from config: 127.0.0.1)")
    run.add_argument("--listen-port", type=int, help="port to listen on (default from config: 8080)")
    run.add_argument("--mode", help="regular | transparent | reverse:https://host (default from config)")
    run.add_argument("--upstream-trust", metavar="CA_FILE", help="extra CA bundle trusted for upstream servers")
    run.add_argument("--help-port", type=int, help="port of the help page / PAC file (default listen port + 1)")
    run.add_argument("--workers", type=int, metavar="N",
                     help="proxy processes sharing the port, one per core by default (config: cluster.workers)")
    run.set_defaults(func=_run)
