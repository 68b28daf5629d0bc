"""The guard addon: only AI-service traffic is decrypted and inspected;
requests are scanned and redacted, pseudonymised or blocked; answers restored.

Hooks follow mitmproxy's addon model (examples/addons): `tls_clienthello`
decides interception, `http_connect` remembers a tunnel's credentials,
`requestheaders` applies the header limits and, for every destination, the
proxy-authentication requirement (Proxy-Authorization is never forwarded),
`request` runs the guard off the event loop, `responseheaders` arranges
streaming restoration, `response` restores buffered bodies,
`websocket_message` scans client messages (text and binary frames). The help
site and hot reload are addons of their own (`help_addon`, `reload_addon`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import time
import uuid
import weakref
from pathlib import Path
from typing import Any

from mitmproxy import connection, ctx, exceptions, http, tls
from mitmproxy.addonmanager import Loader
from mitmproxy.websocket import WebSocketMessage
from mitmproxy.proxy.mode_specs import ReverseMode, TransparentMode

from detectors.errors import GuardError
from detectors.quiet import quiet_presidio_logging
from proxy.audit.metrics import METRICS
from proxy.audit.records import to_record
from proxy.policy.catalog import BLOCKED_SERVICE, Route
from proxy.policy.vocabulary import Format
from proxy.pipeline.decision import Decision
from proxy.mitm.credentials import proxy_authorization, stash_proxy_authorization
from proxy.mitm.heap import thaw
from proxy.mitm.help_addon import is_help_host
from proxy.mitm.limits import BodyLimits, BodyRefused, HeaderLimits, check_headers, decode_body, header_map
from proxy.pipeline.blocking import block_response
from proxy.pipeline.jsonwalk import strings
from proxy.pipeline.request import Outcome, RequestView, user_text_headers
from proxy.pipeline.restore import StreamRestorer, framing_for, restore_json, restore_json_text, restore_text
from proxy.pipeline.vault import OPEN
from proxy.policy.principals import Identified, Principal
from proxy.runtime import LiveRuntime, Runtime, build_runtime

__all__ = ["PrivacyGuard", "METADATA_KEY"]

log = logging.getLogger(__name__)

#: Seconds between an answer's restoration and its scan ahead (see `_scan_ahead`).
_SCAN_AHEAD_DELAY = 0.05
#: Where each flow's decision travels (`flow.metadata[METADATA_KEY]`).
METADATA_KEY = "privacy_guard"
#: The request's Proxy-Authorization, taken off the headers at `requestheaders` so it can never be forwarded.


def _client(flow: http.HTTPFlow) -> str:
    return flow.client_conn.peername[0] if flow.client_conn.peername else ""


def _challenge(ident: Identified) -> http.Response:
    reason = ident.challenge or "identification failed"
    body = f"【学校 AI 使用规定】请先登录学校代理（{reason}）。".encode()
    headers = {"proxy-authenticate": 'Basic realm="privacy-guard"', "content-type": "text/plain; charset=utf-8"}
    if ident.retry_after > 0:
        headers["retry-after"] = str(math.ceil(ident.retry_after))
    return http.Response.make(407, body, headers)


def _destination(flow: http.HTTPFlow) -> str:
    """The name of the host this request really goes to. Explicit and reverse
    modes: the CONNECT target or the absolute URL (mitmproxy connects to
    `request.host`, whatever the Host header says). Transparent mode knows only
    the destination address, so the TLS SNI names it (plain HTTP: the Host header,
    the only name there is)."""
    if isinstance(flow.client_conn.proxy_mode, TransparentMode):
        return _host(flow.server_conn.sni or flow.client_conn.sni or flow.request.host_header or flow.request.host)
    return _host(flow.request.host)


def _is_explicit_proxy(flow: http.HTTPFlow) -> bool:
    """Clients configured with the proxy (regular mode) can send proxy credentials; transparent and
    reverse clients cannot, and are identified by address or SSO on AI routes only."""
    mode = flow.client_conn.proxy_mode
    return not isinstance(mode, ReverseMode) and getattr(mode, "type_name", "regular") == "regular"


def _host(name: str) -> str:
    """Host names compare without case, a trailing dot or a port."""
    name = name.strip().lower()
    if name.startswith("["):
        name = name[1:].split("]", 1)[0]
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    return name.rstrip(".")


class PrivacyGuard:
    def __init__(self, live: LiveRuntime | None = None) -> None:
        # mitmproxy may set the root logger to DEBUG; Presidio would then log
        # every recognizer decision, which costs more than the scan itself.
        quiet_presidio_logging()
        self.live = live if live is not None else LiveRuntime()
        # Principals identified on a CONNECT (proxy auth), kept for the tunnel's
        # lifetime the way mitmproxy's proxyauth addon does: keyed by the client
        # connection, gone when the connection is.
        self._principals: weakref.WeakKeyDictionary[connection.Client, Principal] = weakref.WeakKeyDictionary()

    @property
    def runtime(self) -> Runtime | None:
        """The runtime in force (read once per request)."""
        return self.live.current

    # -- who is asking -------------------------------------------------------------

    async def http_connect(self, flow: http.HTTPFlow) -> None:
        """Proxy credentials arrive on the CONNECT: checked for every destination when
        they are required (the review port on loopback too), remembered for the tunnel."""
        rt = self.runtime
        if rt is None:
            return
        if self._over_header_limits(flow, rt):
            return
        host = _host(flow.request.host)
        if rt.guard.access.is_blocked_host(host):
            flow.response = http.Response.make(403, "【学校 AI 使用规定】学校不允许使用这个 AI 服务。".encode(),
                                               {"content-type": "text/plain; charset=utf-8"})
            return
        auth = flow.request.headers.get("proxy-authorization")
        if auth or rt.settings.identity.require_proxy_auth:
            # Password hashing (scrypt) runs off the event loop.
            ident = await asyncio.to_thread(rt.identifier.identify, client=_client(flow), proxy_authorization=auth,
                                            headers=header_map(flow.request.headers.fields))
            if ident.challenge is not None or ident.principal is None:
                flow.response = _challenge(ident)
                return
            if auth:
                self._principals[flow.client_conn] = ident.principal

    async def requestheaders(self, flow: http.HTTPFlow) -> None:
        """Before the body is read: header limits, then proxy authentication for
        destinations the guard does not inspect (AI services are identified in `request`)."""
        rt = self.runtime
        if rt is None or flow.response is not None:
            return
        try:
            await self._requestheaders(flow, rt)
        except Exception as exc:  # the same boundary as `request`: blocked and recorded
            log.error("request headers failed closed: %s", type(exc).__name__)
            self._block(flow, rt, None, rule="fail-closed.internal-error", reason=f"internal error: {type(exc).__name__}",
                        message="请求无法被检查")

    async def _requestheaders(self, flow: http.HTTPFlow, rt: Runtime) -> None:
        if self._over_header_limits(flow, rt):
            return
        # Never forwarded, to any destination: kept on the flow for identification.
        auth = stash_proxy_authorization(flow)
        if not rt.settings.identity.require_proxy_auth or not _is_explicit_proxy(flow):
            return
        if self._inspected(flow, rt) or flow.client_conn in self._principals:
            return
        ident = await asyncio.to_thread(rt.identifier.identify, client=_client(flow), proxy_authorization=auth,
                                        headers=header_map(flow.request.headers.fields))
        if ident.challenge is not None or ident.principal is None:
            flow.response = _challenge(ident)
        elif auth is not None:
            self._principals[flow.client_conn] = ident.principal  # one password check per connection

    def _inspected(self, flow: http.HTTPFlow, rt: Runtime) -> bool:
        """Whether `request` will identify this flow itself (an AI route, a blocked host or a Host claiming one)."""
        dest = _host(flow.request.host)
        claimed = _host(flow.request.headers.get("host", "") or dest)
        return any(rt.catalog.route(h, flow.request.path) is not None or rt.guard.access.is_blocked_host(h)
                   or rt.catalog.service_for_host(h) is not None for h in {dest, claimed})

    def _over_header_limits(self, flow: http.HTTPFlow, rt: Runtime) -> bool:
        """Count and size first, in one pass over the raw fields: nothing per-header runs before this."""
        h = rt.settings.hardening
        problem = check_headers(flow.request.headers.fields, HeaderLimits(h.max_header_count, h.max_header_bytes))
        if problem is None:
            return False
        self._block(flow, rt, None, rule="limits.headers", reason=problem, message="请求头过多或过大")
        assert flow.response is not None
        flow.response.status_code = 431
        return True

    async def _principal(self, flow: http.HTTPFlow) -> Identified:
        assert self.runtime is not None
        auth = proxy_authorization(flow)
        headers = header_map(flow.request.headers.fields)  # one pass: items() is quadratic in the field count
        sso = self.runtime.settings.identity.sso
        if sso is not None:
            flow.request.headers.pop(sso.header, None)  # internal: never forwarded to the AI service
        if auth is None and flow.client_conn in self._principals:
            return Identified(self._principals[flow.client_conn])
        if auth is None:
            # No password to hash (address ranges, an SSO header): no thread hop, as for WebSocket messages.
            return self.runtime.identifier.identify(client=_client(flow), proxy_authorization=None, headers=headers)
        return await asyncio.to_thread(self.runtime.identifier.identify, client=_client(flow),
                                       proxy_authorization=auth, headers=headers)

    # -- options -------------------------------------------------------------

    def load(self, loader: Loader) -> None:
        loader.add_option("guard_config", str, "", "privacy-guard configuration file (YAML)")
        loader.add_option("guard_data_dir", str, "", "privacy-guard data directory (overrides the config)")

    def configure(self, updated: set[str]) -> None:
        if ("guard_config" in updated or "guard_data_dir" in updated) and ctx.options.guard_config:
            try:
                data_dir = Path(ctx.options.guard_data_dir) if ctx.options.guard_data_dir else None
                self.live.swap(build_runtime(Path(ctx.options.guard_config), data_dir=data_dir))
                thaw()  # a runtime swapped in by an option change: as for a reload (`heap`)
            except GuardError as exc:
                raise exceptions.OptionsError(str(exc)) from exc

    # -- TLS: intercept AI services only ---------------------------------------

    def tls_clienthello(self, data: tls.ClientHelloData) -> None:
        host = data.client_hello.sni or (data.context.server.address or ("", 0))[0]
        if not self._is_ai_host(host) and not is_help_host(host):
            # Banking, e-mail and everything else: no TLS interception at all.
            data.ignore_connection = True

    def _is_ai_host(self, host: str) -> bool:
        rt = self.runtime
        return rt is not None and (rt.catalog.service_for_host(host) is not None or rt.guard.access.is_blocked_host(host))

    # -- requests ----------------------------------------------------------------

    async def request(self, flow: http.HTTPFlow) -> None:
        if flow.response or flow.error:
            return
        rt = self.runtime
        if rt is None:
            return
        try:
            await self._request(flow, rt)
        except Exception as exc:
            # The one boundary: whatever goes wrong, the request is blocked and
            # recorded, never mitmproxy's "Addon error" and forwarded unscanned.
            log.error("request failed closed: %s", type(exc).__name__)
            self._block(flow, rt, None, rule="fail-closed.internal-error", reason=f"internal error: {type(exc).__name__}",
                        message="请求无法被检查")

    async def _request(self, flow: http.HTTPFlow, rt: Runtime) -> None:
        # Route by where the connection really goes (CONNECT target, SNI, transparent
        # destination or the absolute URL): mitmproxy connects to request.host,
        # whatever the Host header claims.
        dest = _destination(flow)
        route = rt.catalog.route(dest, flow.request.path)
        blocked_host = rt.guard.access.is_blocked_host(dest)
        claimed = _host(flow.request.headers.get("host", "") or dest)
        if claimed != dest and not isinstance(flow.client_conn.proxy_mode, ReverseMode):
            claims_ai = rt.catalog.service_for_host(claimed) is not None or rt.guard.access.is_blocked_host(claimed)
            if route is not None or blocked_host or claims_ai:
                self._block(flow, rt, route, rule="host-mismatch", reason="Host header disagrees with the destination",
                            message="请求的目标地址不一致")
                return
        if route is None:
            if not blocked_host:
                return  # not an AI service: passes untouched
            route = Route(BLOCKED_SERVICE, "generic_json")
        ident = await self._principal(flow)
        if ident.challenge is not None or ident.principal is None:
            flow.response = _challenge(ident)
            return
        path = flow.request.path.split("?", 1)[0]
        h = rt.settings.hardening
        limits = BodyLimits(max_bytes=rt.settings.policy.max_body_bytes, max_ratio=h.max_decompression_ratio,
                            max_layers=h.max_content_encodings)
        principal = ident.principal

        def decide() -> None:
            """Decode, inspect, record and apply in one trip off the event loop (each trip costs a
            thread hand-off and a wake-up of the loop)."""
            try:
                # Incremental and capped (a 6 KB brotli bomb stops at the ratio cap).
                body = decode_body(flow.request.raw_content or b"", flow.request.headers.get("content-encoding", ""),
                                   limits)
            except BodyRefused as exc:
                # Recorded like any guard decision: with the principal and the path masked. The body is
                # never parsed here; the still-encoded bytes only give the record its size.
                view = self._view(flow, dest, path, flow.request.raw_content or b"")
                self._apply(flow, rt.guard.refuse(view, route, principal, rule=exc.rule, reason=exc.reason,
                                                  message="请求的压缩格式无法检查"))
                return
            self._apply(flow, rt.guard.inspect(self._view(flow, dest, path, body), route, principal))

        await asyncio.to_thread(decide)

    @staticmethod
    def _view(flow: http.HTTPFlow, dest: str, path: str, body: bytes) -> RequestView:
        return RequestView(
            request_id=flow.id or uuid.uuid4().hex,
            client=_client(flow),
            host=dest,
            path=path,
            query=tuple(flow.request.query.items(multi=True)),
            method=flow.request.method,
            content_type=flow.request.headers.get("content-type", ""),
            accept=flow.request.headers.get("accept", ""),
            body=body,
            # Credentials were taken off in `_principal`; `user_text_headers` skips any that remain.
            headers=user_text_headers(flow.request.headers.items(multi=True)),
        )

    def _audit(self, flow: http.HTTPFlow, decision: Decision) -> bool:
        """Commit the record before the request goes anywhere; False when it could not be written."""
        assert self.runtime is not None
        a = self.runtime.settings.audit
        record = to_record(decision, client=_client(flow), client_mode=a.client_address)
        started = time.monotonic()
        try:
            self.runtime.audit.append(record, (v for _, v in decision.value_hashes))
            METRICS.decision(decision, audit_seconds=time.monotonic() - started, audit_ok=True,
                             added_seconds=None if flow.websocket is not None or not flow.request.timestamp_end
                             else time.time() - flow.request.timestamp_end)
            return True
        except Exception as exc:  # the store is unavailable: fail closed by default
            METRICS.decision(decision, audit_seconds=None, audit_ok=False)
            log.error("audit store unavailable (%s); policy on_failure=%s", type(exc).__name__, a.on_failure)
            return a.on_failure == "forward"

    def _apply(self, flow: http.HTTPFlow, outcome: Outcome) -> None:
        assert self.runtime is not None
        flow.metadata[METADATA_KEY] = outcome.decision
        if not self._audit(flow, outcome.decision):
            flow.response = http.Response.make(
                503, "【学校隐私保护】审计记录暂时无法写入，为保护数据，请求未发送。请稍后再试。".encode(),
                {"content-type": "text/plain; charset=utf-8", "x-privacy-guard": "audit-unavailable"},
            )
            return
        if outcome.block is not None:
            flow.response = http.Response.make(
                outcome.block.status, outcome.block.body,
                {"content-type": outcome.block.content_type, "x-privacy-guard": "blocked"},
            )
            return
        # Lets a reviewer match an upstream's log line to its audit record.
        flow.request.headers["x-privacy-guard-request-id"] = outcome.decision.request_id
        # HTTP/2 request trailers (header fields after the body) are sent on after this hook; the
        # guard reads none of them and no AI API takes any: never forwarded unscanned.
        flow.request.trailers = None
        if outcome.body is not None:
            flow.request.content = outcome.body  # re-encoded with the original Content-Encoding
        if outcome.path is not None:
            query = flow.request.path.partition("?")[2]
            flow.request.path = outcome.path + (f"?{query}" if query else "")
        if outcome.query is not None:
            flow.request.query = list(outcome.query)
        for name in outcome.drop_headers:
            flow.request.headers.pop(name, None)
        if outcome.conversation is not None:
            flow.metadata[METADATA_KEY + ".conversation"] = outcome.conversation
            # Restoration reads the answer chunk by chunk: ask for it uncompressed.
            flow.request.headers["accept-encoding"] = "identity"

    def _block(self, flow: http.HTTPFlow, rt: Runtime, route: Route | None, *, rule: str, reason: str,
               message: str) -> None:
        """Answer with a block in the client's format and record it (reasons never hold request values)."""
        fmt: Format = route.format if route is not None else "generic_json"
        decision = Decision(
            request_id=flow.id or uuid.uuid4().hex, service=route.service.id if route is not None else "unknown",
            host=_destination(flow), path=rt.guard.masked_path(flow.request.path), format=fmt, action="block",
            rule_ids=(rule,), reason=reason, bytes_in=len(flow.request.raw_content or b""),
        )
        block = block_response(fmt, [], stream=False, wants_html=False, reason=message)
        flow.metadata[METADATA_KEY] = decision
        self._audit(flow, decision)
        flow.response = http.Response.make(block.status, block.body,
                                           {"content-type": block.content_type, "x-privacy-guard": "blocked"})

    # -- responses ---------------------------------------------------------------

    def _vault_for(self, flow: http.HTTPFlow) -> Any:
        key = flow.metadata.get(METADATA_KEY + ".conversation")
        if key is None or self.runtime is None:
            return None
        return self.runtime.vaults.peek(key)

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        if flow.response is None:
            return
        ctype = flow.response.headers.get("content-type", "")
        streaming = "text/event-stream" in ctype or "ndjson" in ctype or (
            "transfer-encoding" in flow.response.headers and "json" not in ctype
        )
        vault = self._vault_for(flow)
        if vault is None:
            # Nothing to restore: streamed answers (and anything not to an AI
            # service) pass through as they arrive instead of being buffered.
            if streaming or METADATA_KEY not in flow.metadata:
                flow.response.stream = True
            return
        if streaming and "content-encoding" not in flow.response.headers:
            flow.response.stream = StreamRestorer(vault, framing=framing_for(ctype))

    def response(self, flow: http.HTTPFlow) -> None:
        vault = self._vault_for(flow)
        if vault is None or flow.response is None or flow.response.stream:
            return
        try:
            body = flow.response.get_content(strict=True) or b""
        except ValueError:
            return
        ctype = flow.response.headers.get("content-type", "")
        text = body.decode("utf-8", errors="replace")
        # No placeholder, raw or as a JSON escape: the answer goes out as it came, not re-serialised.
        unmarked = OPEN not in text and "\\u3014" not in text
        if "json" in ctype:
            if unmarked:
                if self._scans_ahead(flow):
                    with contextlib.suppress(json.JSONDecodeError):
                        self._scan_ahead(flow, json.loads(text))
                return
            # In the raw text: one regex pass, the upstream's bytes kept around each placeholder
            # (a parse and a re-serialisation cost more than the restoration itself).
            restored_text = restore_json_text(text, vault)
            if restored_text is not None:
                flow.response.content = restored_text.encode("utf-8")
                if self._scans_ahead(flow):
                    with contextlib.suppress(json.JSONDecodeError):
                        self._scan_ahead(flow, json.loads(restored_text))
                return
            try:
                restored = restore_json(json.loads(text), vault)
            except json.JSONDecodeError:
                pass
            else:
                flow.response.content = json.dumps(restored, ensure_ascii=False).encode()
                self._scan_ahead(flow, restored)
                return
        if "event-stream" in ctype or "ndjson" in ctype:
            restorer = StreamRestorer(vault, framing=framing_for(ctype))
            flow.response.content = restorer.feed(body) + restorer.feed(b"")
            return
        if not unmarked:
            flow.response.content = restore_text(text, vault).encode("utf-8")

    def _scans_ahead(self, flow: http.HTTPFlow) -> bool:
        conversation = flow.metadata.get(METADATA_KEY + ".conversation")
        rt = self.runtime
        return rt is not None and conversation is not None and rt.guard.wants_scan_ahead(conversation)

    def _scan_ahead(self, flow: http.HTTPFlow, doc: Any) -> None:
        """The client resends this answer with its next turn: scan it now, off the event
        loop and off this response's path, so that turn costs its new prompt only."""
        rt = self.runtime
        conversation = flow.metadata.get(METADATA_KEY + ".conversation")
        if rt is None or conversation is None:
            return
        if not rt.guard.wants_scan_ahead(conversation):
            return  # a one-off question: no thread hop for nothing
        texts = [t for _, t in strings(doc) if len(t) >= 64]
        if not texts:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a hook called directly): nothing to gain
            return

        def scan() -> None:
            try:
                rt.guard.scan_ahead(conversation, texts)
            except Exception as exc:  # the next request scans the text itself
                log.warning("scanning an answer ahead failed: %s", type(exc).__name__)

        # Not at once: this hook returns into mitmproxy sending the answer, and a scanning thread
        # that takes the interpreter lock at the first socket write keeps it for up to the switch
        # interval (5 ms), so the answer would wait for the scan it does not need. A person reads
        # for seconds; a next turn arriving sooner scans the text itself and this one then hits.
        loop.call_later(_SCAN_AHEAD_DELAY, loop.run_in_executor, None, scan)

    # -- WebSocket ---------------------------------------------------------------

    async def websocket_message(self, flow: http.HTTPFlow) -> None:
        """Client messages to an AI host are scanned and audited, text and binary frames alike:
        a binary frame is judged by its bytes (text in a charset we read is scanned and rewritten in
        place; an image or other binary follows `policy.unscannable_uploads`, blocked by default)."""
        assert flow.websocket is not None
        message = flow.websocket.messages[-1]
        rt = self.runtime
        if rt is None or not message.from_client:
            return
        route = rt.catalog.route(_destination(flow), flow.request.path)
        if route is None:
            return
        try:
            await self._websocket_message(flow, message, rt, route)
        except Exception as exc:
            # The same boundary as for requests: the message is dropped and recorded, never forwarded.
            log.error("websocket message failed closed: %s", type(exc).__name__)
            message.drop()
            decision = Decision(
                request_id=f"{flow.id}.ws{len(flow.websocket.messages)}", service=route.service.id,
                host=_destination(flow), path=rt.guard.masked_path(flow.request.path), format=route.format,
                action="block", rule_ids=("fail-closed.internal-error",),
                reason=f"internal error: {type(exc).__name__}", bytes_in=len(message.content),
            )
            await asyncio.to_thread(self._audit, flow, decision)

    async def _websocket_message(self, flow: http.HTTPFlow, message: WebSocketMessage, rt: Runtime,
                                 route: Route) -> None:
        assert flow.websocket is not None
        view = RequestView(
            request_id=f"{flow.id}.ws{len(flow.websocket.messages)}",
            client=_client(flow),
            host=_destination(flow), path=flow.request.path.split("?", 1)[0], query=(),
            method="WEBSOCKET", content_type="text/plain; charset=utf-8" if message.is_text else "application/octet-stream",
            accept="", body=message.content,
        )
        # Who opened the socket: the tunnel's credentials, else the handshake's address or SSO header.
        headers = header_map(flow.request.headers.fields)
        principal = self._principals.get(flow.client_conn) or rt.identifier.identify(
            client=_client(flow), proxy_authorization=None, headers=headers
        ).principal
        outcome = await asyncio.to_thread(rt.guard.inspect, view, route, principal)
        if not await asyncio.to_thread(self._audit, flow, outcome.decision):
            message.drop()
            return
        if outcome.block is not None:
            message.drop()
            ctx.master.commands.call("inject.websocket", flow, True, outcome.block.body)
        elif outcome.body is not None:
            message.content = outcome.body
