"""Start mitmproxy with the privacy-guard addon: `privacy-guard run`.

The data directory holds mitmproxy's generated CA (created on first run, the
private key readable by its owner only), the roster store and the audit file.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from mitmproxy import master, options
from mitmproxy.addons import (
    block, core, disable_h2c, dns_resolver, errorcheck, next_layer, proxyserver, strip_dns_https_records, tlsconfig,
    update_alt_svc,
)

from proxy.audit.metrics import METRICS
from proxy.audit.review import ReviewServer
from proxy.datadir import DataDir
from proxy.mitm.discovery_addon import DiscoveryAddon
from proxy.mitm.dispatch import use_hooked_addons
from proxy.mitm.deadlines import SlowClientDeadlines
from proxy.mitm.guard_addon import PrivacyGuard
from proxy.mitm.heap import HeapTrimmer, freeze_long_lived
from proxy.mitm.help_addon import HelpAddon, HelpSite
from proxy.mitm.helpserver import HelpServer
from proxy.mitm.reload_addon import Reloader
from proxy.mitm.session_addon import SessionAddon
from proxy.mitm.upstream_error_addon import UpstreamErrorAddon
from proxy.policy.settings import Settings
from proxy.runtime import LiveRuntime, Runtime, build_runtime

__all__ = ["RunOptions", "ProxyServer", "BackgroundProxy", "run_proxy", "restart_needed", "ensure_ca", "start_line",
           "StartupError", "check_reverse_target", "hardening_options"]

log = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """The proxy refuses to start; the message says what to change."""


def check_reverse_target(mode: str, runtime: Runtime) -> None:
    """In reverse mode every request goes to one upstream, which is by definition an AI
    service: it must be in the service catalog, or nothing would be inspected."""
    if not mode.startswith("reverse:"):
        return
    from mitmproxy.proxy.mode_specs import ProxyMode, ReverseMode

    spec = ProxyMode.parse(mode)
    assert isinstance(spec, ReverseMode)
    host = spec.address[0].strip().lower().rstrip(".")
    if runtime.catalog.service_for_host(host) is None:
        raise StartupError(
            f"reverse mode to {host!r}, which is not in the service catalog ({runtime.settings.services_file} "
            f"or `services:` in {runtime.config_path}): its requests would not be inspected. Add the service "
            f"to the catalog, or use a catalogued host."
        )


def _lean_master(opts: options.Options) -> master.Master:
    """mitmproxy with the addons this proxy runs on: connections, TLS, DNS, the layers, and its
    safety defaults (`block_global`, no h2c upgrade, Alt-Svc for reverse mode, stop on a startup
    error), in mitmproxy's own order. `DumpMaster` would add twenty more (playback, export,
    map/modify, save, sticky cookies, scripts, the mitm.it page; our help site is the CA page)
    that nothing here turns on, and every hook of every flow visits every addon: about 5 µs each
    per event, 4 events and their update hooks per request (0.4 ms per request measured). Of those
    left, each event visits only the addons that handle it (`dispatch.HookedAddons`)."""
    m = master.Master(opts, with_termlog=False)
    use_hooked_addons(m)
    m.addons.add(
        core.Core(), block.Block(), strip_dns_https_records.StripDnsHttpsRecords(), disable_h2c.DisableH2C(),
        proxyserver.Proxyserver(), dns_resolver.DnsResolver(), next_layer.NextLayer(), tlsconfig.TlsConfig(),
        update_alt_svc.UpdateAltSvc(), errorcheck.ErrorCheck(),
    )
    return m


def hardening_options(settings: Settings) -> dict[str, object]:
    """mitmproxy options from `hardening:`: idle timeout (client and upstream alike) and the body buffer cap."""
    h = settings.hardening
    return {"tcp_timeout": h.idle_timeout_seconds, "body_size_limit": str(h.max_buffered_body_bytes)}


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
        self.reloader = CountingReloader(self.live)
        self.deadlines = SlowClientDeadlines(self.live)
        s = self.runtime.settings
        self._host = opts.listen_host or s.listen_host
        self._port = opts.listen_port if opts.listen_port is not None else s.listen_port
        self._mode = opts.mode or s.mode
        try:
            check_reverse_target(self._mode, self.runtime)
        except StartupError:
            self.runtime.audit.close()
            raise
        self._trust = opts.upstream_trust or (Path(s.upstream_trust) if s.upstream_trust else None)
        self._help_port = opts.help_port
        self._serve_help = opts.serve_help
        self.help_server: HelpServer | None = None
        self.review_server: ReviewServer | None = None
        self.created_ca = False
        self.heap_trimmer = HeapTrimmer()

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
        self.created_ca = ensure_ca(DataDir(self.runtime.data_dir), self.runtime.settings)
        mitm_opts = options.Options(
            listen_host=self._host,
            listen_port=self._port,
            mode=[self._mode],
            confdir=str(self.runtime.data_dir),
            ssl_insecure=False,
        )
        if self._trust is not None:
            mitm_opts.update(ssl_verify_upstream_trusted_ca=str(self._trust))
        self.master = _lean_master(mitm_opts)
        # After the master: body_size_limit is declared by mitmproxy's proxyserver addon.
        mitm_opts.update(**hardening_options(self.runtime.settings))
        # The client's TLS session first, the upstream when a request needs it: an unreachable
        # AI service is then answered in the client's format (upstream_error_addon).
        self.master.options.update(connection_strategy="lazy")
        # Order matters: the help site answers its own host before the guard looks.
        self.master.addons.add(SessionAddon(self.live), HelpAddon(self.help_site), self.addon, self.reloader,
                               DiscoveryAddon(self.live), UpstreamErrorAddon(self.live), RestartNotice(self.live), self.deadlines)
        METRICS.vault_size(lambda: float(len(self.live.require().vaults)))
        self._task = asyncio.create_task(self.master.run())
        for _ in range(200):
            await asyncio.sleep(0.02)
            if self.master.addons.get("proxyserver").listen_addrs():
                break
        else:
            raise RuntimeError("proxy did not start listening")
        DataDir(self.runtime.data_dir).protect_ca_key()
        self.heap_trimmer.start()
        if not self._serve_help:
            return
        help_port = self._help_port if self._help_port is not None else (self.port + 1 if self._port else 0)
        self.help_server = HelpServer(self.help_site, self._host, help_port, proxy_port=self.port)
        await self.help_server.start()
        self.help_site.help_port = self.help_server.port
        self.review_server = start_review(self)

    async def stop(self) -> None:
        self.heap_trimmer.stop()
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
        # What is left are client connections that asyncio.run cancels on the way out: one
        # "Exception in callback … CancelledError" traceback each, not worth a line of log.
        asyncio.get_running_loop().set_exception_handler(_quiet_cancellations)


def _quiet_cancellations(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
    if isinstance(context.get("exception"), asyncio.CancelledError):
        return
    loop.default_exception_handler(context)


def start_review(server: ProxyServer) -> ReviewServer | None:
    """The admin port: the review page when enabled, /metrics and /healthz when `review.metrics`;
    reads the store in force."""
    from proxy.audit.review import ReviewServer
    from proxy.policy.settings import ReviewersFile
    from proxy.policy.loading import load_yaml_model

    settings = server.runtime.settings
    s = settings.review
    metrics_on = bool(getattr(s, "metrics", False))
    if not (s.enabled and s.reviewers_file is not None) and not metrics_on:
        return None
    reviewers: dict[str, str] = {}
    if s.enabled and s.reviewers_file is not None:
        path = server.runtime.config_path.resolve().parent / s.reviewers_file
        reviewers = {k: v.password_hash for k, v in load_yaml_model(ReviewersFile, path).reviewers.items()}

    def names() -> dict[str, str]:
        return {e.id: e.name for e in server.live.require().catalog.services}

    review = ReviewServer(lambda: server.live.require().audit, reviewers, s.listen_host, s.port,
                          secure_cookies=s.secure_cookies, timezone=settings.timezone, service_names=names,
                          metrics=METRICS if metrics_on else None, pages=s.enabled)
    review.start()
    return review


def ensure_ca(data: DataDir, settings: Settings) -> bool:
    """Create the CA with the school's subject (`ca.organization`, `ca.common_name`) before
    mitmproxy would create one named "mitmproxy"; an existing CA is kept as it is. True when created."""
    if data.ca_cert_pem.exists() or any(p.exists() for p in data.ca_private_files):
        return False
    from mitmproxy.certs import CertStore

    data.create()
    CertStore.create_store(data.root, "mitmproxy", 2048, organization=settings.ca.organization,
                           cn=settings.ca.common_name)
    data.protect_ca_key()
    return True


class CountingReloader(Reloader):
    """The reload addon, counted in /metrics (applied and rejected configuration changes)."""

    def reload_now(self) -> bool:
        applied = super().reload_now()
        (METRICS.reloads if applied else METRICS.reload_failures).inc()
        return applied


#: Settings read once at start: a reload that changes them takes effect only after a restart.
RESTART_SETTINGS = ("listen_host", "listen_port", "mode", "data_dir", "upstream_trust", "review", "ca")
RESTART_AUDIT = ("store", "path", "dsn", "node_id", "checkpoint_every", "checkpoint_seconds", "sync")


def restart_needed(old: Settings, new: Settings) -> list[str]:
    """The changed settings that a hot reload cannot apply (names as in the YAML file)."""
    changed = [k for k in RESTART_SETTINGS if getattr(old, k) != getattr(new, k)]
    changed += [f"audit.{k}" for k in RESTART_AUDIT if getattr(old.audit, k) != getattr(new.audit, k)]
    if old.vault != new.vault:
        changed.append("vault")
    return changed


class RestartNotice:
    """mitmproxy addon: after a reload, says (once per change) which edited settings need a restart."""

    def __init__(self, live: LiveRuntime, interval: float = 1.0) -> None:
        self._live = live
        self._interval = interval
        self._task: asyncio.Task[None] | None = None
        self.pending: list[str] = []

    def running(self) -> None:
        if self._task is None and self._live.current is not None:
            self._task = asyncio.get_running_loop().create_task(self._watch())

    def done(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _watch(self) -> None:
        first = self._live.require()
        seen = first
        while True:
            await asyncio.sleep(self._interval)
            now = self._live.current
            if now is None or now is seen:
                continue
            seen = now
            changed = restart_needed(first.settings, now.settings)
            if changed and changed != self.pending:
                log.warning("configuration reloaded, but these settings take effect only after a restart "
                            "(systemctl restart privacy-guard) / 以下设置需重启后生效: %s", ", ".join(changed))
            self.pending = changed


def start_line(server: ProxyServer) -> str:
    """The one line `privacy-guard run` prints when it listens (tests read the port from it)."""
    assert server.help_server is not None
    rt = server.runtime
    parts = [f"privacy-guard: proxy on {server._host}:{server.port} ({server._mode})",
             f"help page and PAC file on http://{server._host}:{server.help_server.port}/"]
    if server.review_server is not None:
        what = "review page" if rt.settings.review.enabled else "metrics"
        parts.append(f"{what} on http://{rt.settings.review.listen_host}:{server.review_server.port}/")
    parts.append(f"data in {rt.data_dir}")
    return " ; ".join(parts)


async def run_proxy(opts: RunOptions) -> None:
    try:
        server = ProxyServer(opts)
    except StartupError as exc:
        print(f"privacy-guard: refusing to start: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
    await server.start()
    freeze_long_lived()  # the runtime is built: out of the collector's full passes (`heap`)
    # The start line comes first (scripts and tests read the port from it), then the log.
    print(start_line(server), flush=True)
    data = DataDir(server.runtime.data_dir)
    if server.created_ca:
        log.warning("created a new CA %r in %s: install its certificate on every device (help page)",
                    server.runtime.settings.ca.common_name, data.root)
    log.info("privacy-guard %s started; CA SHA-256 %s", _version(), data.ca_fingerprint() or "?")
    # SIGTERM (systemd, docker stop, kill) stops it as Ctrl-C does: the audit signs its tail.
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, server.master.shutdown)
    try:
        await server._task
    finally:
        await server.stop()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("privacy-guard")
    except PackageNotFoundError:
        return "unknown"


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
