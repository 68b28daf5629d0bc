"""`privacy-guard run --workers N`: N proxy processes share one listening port
(SO_REUSEPORT, the kernel spreads connections over them) under one supervisor
that starts them, restarts one that dies, and stops them all.

Theory of operation: the interpreter lock lets one process use one core, and
mitmproxy's own work (TLS, HTTP) is on the event loop, so only whole processes
use every core (BENCHMARKS.md: "Using both cores" measures this against a scan
process pool). Each worker is a complete proxy: it builds its own runtime,
watches the configuration, roster and exam bank files itself (hot reload in
every worker), writes its own audit chain (`<node>.w<i>`, same store), and
shares the daily counts through the data directory (or Redis). Conversation
vaults stay per worker: the kernel keeps a connection on one worker, so an
answer is restored where its request was pseudonymised, and a chat that resends
its history gets the same placeholders on any worker (they are minted in order
of first appearance). Web chats that send only a conversation id and the new
message need the shared vault (`cluster.redis_url`) to keep placeholders across
workers. The first worker alone serves the help page and the review page.

Workers die with the supervisor (PR_SET_PDEATHSIG), so `kill -9` of the
supervisor stops the whole node at once, as it would a single process.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import contextlib
import logging
import multiprocessing as mp
import multiprocessing.connection
import os
import signal
import socket
import sys
import time
import types
from dataclasses import replace
from pathlib import Path
from typing import Any

from proxy.mitm.heap import freeze_long_lived
from proxy.mitm.server import ProxyServer, RunOptions
from proxy.audit.lockfile import WriterLock
from proxy.datadir import DataDir
from proxy.pipeline.uploads import sandbox
from proxy.policy.settings import Settings, load_settings

__all__ = ["run_workers", "default_workers"]

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
#: A worker that keeps dying is not restarted forever.
_MAX_RESTARTS_PER_MINUTE = 5


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _listen_with_reuse_port() -> None:
    """mitmproxy opens its TCP listener with `asyncio.start_server(handler, host, port)`
    (mitmproxy/proxy/mode_servers.py, `AsyncioServerInstance.listen`) and has no
    option for SO_REUSEPORT; give that module an asyncio whose start_server sets it."""
    from mitmproxy.proxy import mode_servers

    shim = types.ModuleType("asyncio_reuse_port")
    shim.__dict__.update({k: v for k, v in vars(asyncio).items() if not k.startswith("__")})
    shim.start_server = functools.partial(asyncio.start_server, reuse_port=True)  # type: ignore[attr-defined]
    mode_servers.asyncio = shim  # type: ignore[attr-defined]


def _die_with(parent: int) -> None:
    """Linux: the kernel sends SIGKILL to this process when the supervisor dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the supervisor died before prctl took effect
        os._exit(1)


def _worker_main(opts: RunOptions, index: int, ready: Any, parent: int) -> None:
    """Entry point of a worker process (spawned, so nothing of the supervisor's state is shared)."""
    _die_with(parent)
    logging.basicConfig(level=logging.WARNING, format=f"%(levelname)s w{index} %(name)s: %(message)s")
    from detectors.quiet import quiet_presidio_logging

    quiet_presidio_logging()
    _listen_with_reuse_port()
    try:
        asyncio.run(_serve(opts, index, ready))
    except KeyboardInterrupt:
        pass


async def _serve(opts: RunOptions, index: int, ready: Any) -> None:
    server = ProxyServer(opts)
    await server.start()
    freeze_long_lived()  # the runtime is built: out of the collector's full passes (`heap`)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, server.master.shutdown)
    ready.put((index, server.help_server.port if server.help_server is not None else None))
    try:
        await server._task
    finally:
        await server.stop()
        # The audit is closed and its tail signed: nothing is left that must finish. asyncio's own
        # clean-up would wait for every worker thread (a long scan, an extraction) and every
        # cancelled connection; after a 30-minute soak that took over 30 s. The supervisor waits
        # for this exit, so leave now.
        # os._exit skips atexit: end the extraction pool here, or its processes outlive us.
        with contextlib.suppress(Exception):
            sandbox.current().stop_now()
        logging.shutdown()
        os._exit(0)


def _hold_port(host: str, port: int) -> socket.socket:
    """Bind (without listening) a SO_REUSEPORT socket: it picks the port when `port`
    is 0 and keeps it for the node between worker restarts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host or "0.0.0.0", port))
    return sock


def _lock_store(opts: RunOptions, settings: Settings) -> WriterLock | None:
    """Hold the SQLite audit store's lock for the node, as a single process would: no other
    node starts on this data directory; the workers lock only their own chains."""
    if settings.audit.store != "sqlite":
        return None
    data = (opts.data_dir or Path(settings.data_dir)).resolve()
    store = DataDir(data).audit_store(settings.audit.path)
    store.parent.mkdir(parents=True, exist_ok=True)
    return WriterLock(store)


class _Supervisor:
    def __init__(self, opts: RunOptions, workers: int) -> None:
        self._ctx = mp.get_context("spawn")
        self._ready: Any = self._ctx.Queue()
        self._opts = opts
        self._n = workers
        self._procs: dict[int, Any] = {}
        self._stopping = False
        self._restarts: list[float] = []
        self._store_lock: WriterLock | None = None

    def _spawn(self, index: int) -> Any:
        opts = replace(self._opts, worker=index, serve_help=index == 0)
        proc = self._ctx.Process(target=_worker_main, args=(opts, index, self._ready, os.getpid()),
                                 name=f"privacy-guard-w{index}")
        proc.start()
        self._procs[index] = proc
        return proc

    def _await_ready(self, indices: set[int], timeout: float = 300) -> dict[int, int | None]:
        """Wait until the workers `indices` listen; raise if one exits first."""
        got: dict[int, int | None] = {}
        deadline = time.monotonic() + timeout
        while indices - set(got):
            if self._stopping:
                raise SystemExit(0)
            try:
                index, help_port = self._ready.get(timeout=0.5)
                got[index] = help_port
            except Exception:  # queue.Empty: check the processes
                for i in indices - set(got):
                    code = self._procs[i].exitcode
                    if code is not None:
                        raise RuntimeError(f"worker {i} exited with {code} while starting (see its error above)")
                if time.monotonic() > deadline:
                    raise RuntimeError("workers did not start listening in time")
        return got

    def _stop_all(self, *_: object) -> None:
        self._stopping = True
        for proc in self._procs.values():
            if proc.is_alive():
                proc.terminate()  # SIGTERM: the worker shuts down and signs its chain's tail

    def run(self) -> int:
        s = load_settings(self._opts.config)
        data_dir = self._opts.data_dir or s.data_dir
        host = self._opts.listen_host or s.listen_host
        port = self._opts.listen_port if self._opts.listen_port is not None else s.listen_port
        self._store_lock = _lock_store(self._opts, s)
        holder = _hold_port(host, port)
        port = int(holder.getsockname()[1])
        self._opts = replace(self._opts, listen_host=host, listen_port=port)
        signal.signal(signal.SIGTERM, self._stop_all)
        signal.signal(signal.SIGINT, self._stop_all)
        try:
            # The first worker alone first: it creates the CA and the data directory's keys,
            # which the others must not race to create.
            self._spawn(0)
            help_port = self._await_ready({0})[0]
            for i in range(1, self._n):
                self._spawn(i)
            self._await_ready(set(range(1, self._n)))
        except RuntimeError as exc:
            self._stop_all()
            self._join()
            print(f"privacy-guard: error: {exc}", file=sys.stderr)
            return 1
        except SystemExit:
            self._join()
            return 0
        mode = self._opts.mode or s.mode
        print(f"privacy-guard: proxy on {host}:{port} ({mode}); help page and PAC file on "
              f"http://{host}:{help_port}/ ; data in {data_dir}; {self._n} worker processes", flush=True)
        return self._supervise(holder)

    def _supervise(self, holder: socket.socket) -> int:
        while not self._stopping:
            sentinels = [p.sentinel for p in self._procs.values()]
            multiprocessing.connection.wait(sentinels, timeout=1.0)
            for index, proc in list(self._procs.items()):
                if self._stopping or proc.exitcode is None:
                    continue
                now = time.monotonic()
                self._restarts = [t for t in self._restarts if now - t < 60] + [now]
                if len(self._restarts) > _MAX_RESTARTS_PER_MINUTE:
                    log.error("workers keep dying (%d restarts within a minute): stopping", len(self._restarts))
                    self._stop_all()
                    self._join()
                    return 1
                log.error("worker %d exited with %s: restarting it", index, proc.exitcode)
                self._spawn(index)
        self._join()
        holder.close()
        if self._store_lock is not None:
            self._store_lock.release()
        return 0

    def _join(self) -> None:
        for proc in self._procs.values():
            proc.join(20)
            if proc.is_alive():
                proc.kill()
                proc.join(5)


def run_workers(opts: RunOptions, workers: int) -> int:
    """Run `workers` proxy processes on one port until SIGTERM/SIGINT; the exit status."""
    return _Supervisor(opts, workers).run()
