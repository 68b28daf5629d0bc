"""Start mitmproxy with the privacy-guard addon: `privacy-guard run`.

The data directory holds mitmproxy's generated CA (created on first run, the
private key readable by its owner only), the roster store and the audit file.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from mitmproxy import options
from mitmproxy.tools.dump import DumpMaster

from proxy.audit.review import ReviewServer
from proxy.datadir import DataDir
from proxy.mitm.guard_addon import PrivacyGuard
from proxy.mitm.help_addon import HelpAddon, HelpSite
from proxy.mitm.helpserver import HelpServer
from proxy.mitm.reload_addon import Reloader
from proxy.runtime import LiveRuntime, Runtime, build_runtime

__all__ = ["RunOptions", "ProxyServer", "BackgroundProxy", "run_proxy"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunOptions:
    config: Path
    listen_host: str | None = None
    listen_port: int | None = None
    data_dir: Path | None = None
    mode: str | None = None
    upstream_trust: Path | None = None
    help_port: int | None = None  # default: listen_port + 1; 0 = any free port
    #: Worker `worker` of several sharing the port (`proxy.mitm.workers`); None = the only process.
    worker: int | None = None
    #: Run the help server and the review page (with workers: the first worker only).
    serve_help: bool = True


class ProxyServer:
    """A running proxy (used by `privacy-guard run` and by the end-to-end tests)."""

    def __init__(self, opts: RunOptions) -> None:
        self.live = LiveRuntime(build_runtime(opts.config, data_dir=opts.data_dir, worker=opts.worker))
        self.help_site = HelpSite(self.live)
        self.addon = PrivacyGuard(self.live)
        self.reloader = Reloader(self.live)
        s = self.runtime.settings
        self._host = opts.listen_host or s.listen_host
        self._port = opts.listen_port if opts.listen_port is not None else s.listen_port
        self._mode = opts.mode or s.mode
        self._trust = opts.upstream_trust or (Path(s.upstream_trust) if s.upstream_trust else None)
        self._help_port = opts.help_port
        self._serve_help = opts.serve_help
        self.help_server: HelpServer | None = None
        self.review_server: ReviewServer | None = None

    @property
    def runtime(self) -> Runtime:
        """The runtime in force (a hot reload replaces it)."""
        return self.live.require()

    @property
    def port(self) -> int:
        addrs = self.master.addons.get("proxyserver").listen_addrs()
        return int(addrs[0][1]) if addrs else self._port

    async def start(self) -> None:
        """Create the mitmproxy master (it needs the running event loop) and listen."""
        mitm_opts = options.Options(
            listen_host=self._host,
            listen_port=self._port,
            mode=[self._mode],
            confdir=str(self.runtime.data_dir),
            ssl_insecure=False,
        )
        if self._trust is not None:
            mitm_opts.update(ssl_verify_upstream_trusted_ca=str(self._trust))
        self.master = DumpMaster(mitm_opts, with_termlog=False, with_dumper=False)
        # Order matters: the help site answers its own host before the guard looks.
        self.master.addons.add(HelpAddon(self.help_site), self.addon, self.reloader)
        self._task = asyncio.create_task(self.master.run())
        for _ in range(200):
            await asyncio.sleep(0.02)
            if self.master.addons.get("proxyserver").listen_addrs():
                break
        else:
            raise RuntimeError("proxy did not start listening")
        DataDir(self.runtime.data_dir).protect_ca_key()
        if not self._serve_help:
            return
        help_port = self._help_port if self._help_port is not None else (self.port + 1 if self._port else 0)
        self.help_server = HelpServer(self.help_site, self._host, help_port, proxy_port=self.port)
        await self.help_server.start()
        self.review_server = start_review(self)

    async def stop(self) -> None:
        if self.review_server is not None:
            self.review_server.stop()
        if self.help_server is not None:
            await self.help_server.stop()
        self.master.shutdown()
        try:
            await asyncio.wait_for(self._task, 5)
        except (asyncio.TimeoutError, asyncio.CancelledError):
            pass
        # Stops the checkpoint timer, signs a final checkpoint, releases the chain's lock.
        self.runtime.audit.close()


def start_review(server: ProxyServer) -> ReviewServer | None:
    """The review page on its admin port, when enabled; reads the store in force."""
    from proxy.audit.review import ReviewServer
    from proxy.policy.settings import ReviewersFile
    from proxy.policy.loading import load_yaml_model

    s = server.runtime.settings.review
    if not s.enabled or s.reviewers_file is None:
        return None
    path = server.runtime.config_path.resolve().parent / s.reviewers_file
    reviewers = {k: v.password_hash for k, v in load_yaml_model(ReviewersFile, path).reviewers.items()}
    review = ReviewServer(lambda: server.live.require().audit, reviewers, s.listen_host, s.port,
                          secure_cookies=s.secure_cookies)
    review.start()
    return review


async def run_proxy(opts: RunOptions) -> None:
    server = ProxyServer(opts)
    await server.start()
    assert server.help_server is not None
    print(
        f"privacy-guard: proxy on {server._host}:{server.port} ({server._mode}); "
        f"help page and PAC file on http://{server._host}:{server.help_server.port}/ ; "
        f"data in {server.runtime.data_dir}",
        flush=True,
    )
    try:
        await server._task
    finally:
        await server.stop()


class BackgroundProxy:
    """A proxy on its own event loop in a daemon thread, for synchronous callers
    (tests, benchmarks): `with BackgroundProxy(opts) as server: …`."""

    def __init__(self, opts: RunOptions) -> None:
        self._opts = opts
        self._loop = asyncio.new_event_loop()
        self.server: ProxyServer | None = None

    def __enter__(self) -> ProxyServer:
        started = threading.Event()
        failure: list[BaseException] = []
        self.server = ProxyServer(self._opts)
        server = self.server

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            try:
                self._loop.run_until_complete(server.start())
            except BaseException as exc:  # surfaced in the caller's thread below
                failure.append(exc)
                started.set()
                return
            started.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        if not started.wait(30):
            raise RuntimeError("proxy did not start within 30 s")
        if failure:
            raise failure[0]
        return server

    def __exit__(self, *exc: object) -> None:
        assert self.server is not None
        server = self.server

        async def shutdown() -> None:
            await server.stop()
            rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in rest:
                t.cancel()
            await asyncio.gather(*rest, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(15)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(15)
