"""Slow clients: a connection must deliver each request's headers and body in time,
or it is closed (slowloris). Idle connections are mitmproxy's `tcp_timeout`.

Theory of operation: mitmproxy's idle watchdog resets on every byte, so a client
that trickles one header byte every few seconds keeps a connection (and a file
descriptor, and buffers) forever. This addon keeps one deadline per client
connection and a once-a-second sweep closes connections past it:

    connected, CONNECT, TLS done    -> headers due within request_header_timeout
    request headers received        -> body due within request_body_timeout
    request complete                -> no deadline (waiting on the upstream: idle timeout)
    answer sent (keep-alive)        -> next headers due within idle_timeout
    tunnel not intercepted, raw TCP,
    WebSocket                       -> no deadline (idle timeout only)
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from mitmproxy import connection, ctx, http, tcp, tls
from mitmproxy.proxy.server import ConnectionHandler

from proxy.runtime import LiveRuntime

__all__ = ["SlowClientDeadlines"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _State:
    deadline: float | None
    inflight: int = 0
    passthrough: bool = False


class SlowClientDeadlines:
    def __init__(self, live: LiveRuntime) -> None:
        self.live = live
        self._states: dict[str, _State] = {}
        self._task: asyncio.Task[None] | None = None
        #: Connections closed for being slow (for tests and the soak benchmark).
        self.closed = 0

    def _timeouts(self) -> tuple[float, float, float]:
        rt = self.live.current
        if rt is None:
            return 15.0, 120.0, 60.0
        h = rt.settings.hardening
        return h.request_header_timeout_seconds, h.request_body_timeout_seconds, float(h.idle_timeout_seconds)

    def _arm(self, client: connection.Client, seconds: float | None) -> None:
        state = self._states.setdefault(client.id, _State(None))
        if state.passthrough:
            return
        state.deadline = None if seconds is None else time.monotonic() + seconds

    # -- hooks -------------------------------------------------------------------------

    def running(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._sweep())

    def done(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def client_connected(self, client: connection.Client) -> None:
        self._arm(client, self._timeouts()[0])

    def client_disconnected(self, client: connection.Client) -> None:
        self._states.pop(client.id, None)

    def http_connect(self, flow: http.HTTPFlow) -> None:
        self._arm(flow.client_conn, self._timeouts()[0])

    def tls_clienthello(self, data: tls.ClientHelloData) -> None:
        if data.ignore_connection:  # decided by the guard (added before us): a tunnel we never read
            self._passthrough(data.context.client)

    def tls_established_client(self, data: tls.TlsData) -> None:
        self._arm(data.context.client, self._timeouts()[0])

    def tcp_start(self, flow: tcp.TCPFlow) -> None:
        self._passthrough(flow.client_conn)

    def websocket_start(self, flow: http.HTTPFlow) -> None:
        self._passthrough(flow.client_conn)

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        state = self._states.setdefault(flow.client_conn.id, _State(None))
        state.inflight += 1
        self._arm(flow.client_conn, self._timeouts()[1])

    def request(self, flow: http.HTTPFlow) -> None:
        state = self._states.get(flow.client_conn.id)
        if state is not None and not state.passthrough:
            state.deadline = None

    def response(self, flow: http.HTTPFlow) -> None:
        self._finished(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        self._finished(flow)

    def _finished(self, flow: http.HTTPFlow) -> None:
        state = self._states.get(flow.client_conn.id)
        if state is None:
            return
        state.inflight = max(0, state.inflight - 1)
        if state.inflight == 0 and flow.websocket is None:
            self._arm(flow.client_conn, self._timeouts()[2])

    def _passthrough(self, client: connection.Client) -> None:
        state = self._states.setdefault(client.id, _State(None))
        state.passthrough, state.deadline = True, None

    # -- the sweep -----------------------------------------------------------------------

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            now = time.monotonic()
            try:
                handlers = list(ctx.master.addons.get("proxyserver").connections.values())
            except AttributeError:
                continue
            for handler in handlers:
                state = self._states.get(handler.client.id)
                if state is not None and state.deadline is not None and now > state.deadline:
                    state.deadline = None
                    self.closed += 1
                    log.info("closing a slow client connection (request not received in time)")
                    await _close(handler)


async def _close(handler: ConnectionHandler) -> None:
    # mitmproxy's own inactivity path (ConnectionHandler.on_timeout): cancels the
    # connection's handler task, which closes the client and server sockets.
    await handler.on_timeout()
