"""The upstream-error addon: when an AI service cannot be reached, the client gets a
Chinese explanation in its own API format (like a block, status 502) instead of
mitmproxy's English 502 page or an empty reply, and the audit records it.

Theory of operation: mitmproxy opens the upstream connection after the `request`
hook and answers a failure itself (an English page, `_http1.make_error_response`);
its `error` hook cannot replace that answer. So for a request the guard has
decided to forward, this addon (added after the guard) first checks that the
service accepts a TCP connection where mitmproxy would connect (after the addons'
`server_connect` hooks), and answers in the client's format when it does
not. A success is remembered for a short while, so a busy service costs one extra
handshake per `_REMEMBER_OK` seconds, not one per request. A connection that fails
after a successful check (a rare race) still reaches the `error` hook: it is
recorded, and the next request checks again. The proxy runs with
`connection_strategy=lazy`, so the client's TLS session is up before the upstream
is tried (with "eager", a CONNECT to an unreachable host fails before any request
could be answered, and reverse mode closes the connection with no reply).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid

from mitmproxy import connection, ctx, http
from mitmproxy.proxy import server_hooks

from proxy.audit.metrics import METRICS
from proxy.audit.records import to_record
from proxy.pipeline.blocking import unreachable_response
from proxy.pipeline.decision import Decision
from proxy.runtime import LiveRuntime, Runtime

__all__ = ["UpstreamErrorAddon", "UPSTREAM_RULE"]

log = logging.getLogger(__name__)

#: The rule id of the audit record (the report says it in words).
UPSTREAM_RULE = "upstream.unreachable"
#: The guard's decision travels on the flow under this key (set for every inspected request).
_GUARD_KEY = "privacy_guard"
_CONNECT_TIMEOUT = 5.0
_REMEMBER_OK = 30.0


class UpstreamErrorAddon:
    def __init__(self, live: LiveRuntime, *, connect_timeout: float = _CONNECT_TIMEOUT) -> None:
        self._live = live
        self._timeout = connect_timeout
        #: (host, port) -> monotonic time of the last successful check.
        self._reachable: dict[tuple[str, int], float] = {}

    async def request(self, flow: http.HTTPFlow) -> None:
        if flow.response or flow.error or _GUARD_KEY not in flow.metadata:
            return  # answered already, or not an AI request the guard forwards
        rt = self._live.current
        if rt is None:
            return
        # Checked a moment ago: not even the `server_connect` round through every addon again.
        asked = (flow.request.host, flow.request.port)
        seen = self._reachable.get(asked)
        if seen is not None and time.monotonic() - seen < _REMEMBER_OK:
            return
        target = await self._target(flow)
        if target is None:
            return
        seen = self._reachable.get(target)
        if seen is not None and time.monotonic() - seen < _REMEMBER_OK:
            self._reachable[asked] = seen
            return
        problem = await self._check(target)
        if problem is None:
            self._reachable[target] = self._reachable[asked] = time.monotonic()
            return
        await self._answer(flow, rt, problem)

    async def error(self, flow: http.HTTPFlow) -> None:
        """The connection failed after the check: record it; the next request checks again."""
        if _GUARD_KEY not in flow.metadata or flow.response is not None or flow.error is None:
            return
        self._reachable.pop((flow.request.host, flow.request.port), None)
        rt = self._live.current
        if rt is not None and flow.metadata.get(_GUARD_KEY + ".upstream") is None:
            await asyncio.to_thread(self._record, flow, rt, "connection failed after the check")

    async def _target(self, flow: http.HTTPFlow) -> tuple[str, int] | None:
        """Where mitmproxy will connect for this request: the addons' `server_connect`
        hooks may move it (or refuse it: then mitmproxy answers, not this addon)."""
        server = connection.Server(address=(flow.request.host, flow.request.port))
        await ctx.master.addons.trigger_event(
            server_hooks.ServerConnectHook(server_hooks.ServerConnectionHookData(server=server, client=flow.client_conn)))
        if server.error or not server.address:
            return None
        return str(server.address[0]), int(server.address[1])

    async def _check(self, target: tuple[str, int]) -> str | None:
        """None when the service accepts a TCP connection, else the kind of failure (no addresses)."""
        try:
            _reader, writer = await asyncio.wait_for(asyncio.open_connection(*target), self._timeout)
        except (OSError, asyncio.TimeoutError) as exc:
            return type(exc).__name__
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()
        return None

    async def _answer(self, flow: http.HTTPFlow, rt: Runtime, problem: str) -> None:
        decision = flow.metadata.get(_GUARD_KEY)
        fmt = getattr(decision, "format", "generic_json")
        service_id = getattr(decision, "service", "")
        entry = next((s for s in rt.catalog.services if s.id == service_id), None)
        answer = unreachable_response(fmt, entry.name if entry is not None else flow.request.host,
                                      wants_html="text/html" in flow.request.headers.get("accept", ""))
        await asyncio.to_thread(self._record, flow, rt, problem)
        log.warning("AI service unreachable: %s (%s:%d, %s)", service_id, flow.request.host, flow.request.port, problem)
        flow.response = http.Response.make(answer.status, answer.body, {
            "content-type": answer.content_type, "x-privacy-guard": "upstream-unreachable"})

    def _record(self, flow: http.HTTPFlow, rt: Runtime, problem: str) -> None:
        """One audit record per failure, next to the request's own (types and reasons only)."""
        first = flow.metadata.get(_GUARD_KEY)
        decision = Decision(
            request_id=f"{getattr(first, 'request_id', None) or flow.id or uuid.uuid4().hex}.upstream",
            service=getattr(first, "service", "unknown"), host=flow.request.host,
            path=getattr(first, "path", "/"), format=getattr(first, "format", "generic_json"),
            action="block", rule_ids=(UPSTREAM_RULE,), reason=f"AI service unreachable ({problem})",
            principal=getattr(first, "principal", ()),
        )
        flow.metadata[_GUARD_KEY + ".upstream"] = decision
        METRICS.upstream_errors.labels(decision.service).inc()
        # Not a block by policy: the report counts it as 错误 (error), apart from blocks.
        record = to_record(decision, client=flow.client_conn.peername[0] if flow.client_conn.peername else "",
                           client_mode=rt.settings.audit.client_address, action="error")
        try:
            rt.audit.append(record)
        except Exception as exc:  # the answer still goes out; the failure is logged
            log.error("audit store unavailable for an upstream error record (%s)", type(exc).__name__)
