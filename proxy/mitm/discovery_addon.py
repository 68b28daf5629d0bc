"""Discovery: AI-looking hosts outside the catalog, seen from the CONNECT target
or the TLS ClientHello's SNI (nothing is decrypted for this), counted in the
runtime's `DiscoveryLog` and written to the data directory now and then.

One addon per concern: this one only watches; interception and blocking stay
with the guard addon. Host names only, never who asked.
"""

from __future__ import annotations

import asyncio
import weakref

from mitmproxy import connection, http, tls

from proxy.runtime import LiveRuntime

__all__ = ["DiscoveryAddon"]


class DiscoveryAddon:
    def __init__(self, live: LiveRuntime) -> None:
        self.live = live
        # The host a client's CONNECT named, so its ClientHello is not counted a second time.
        self._connected: weakref.WeakKeyDictionary[connection.Client, str] = weakref.WeakKeyDictionary()

    async def _observe(self, host: str) -> None:
        rt = self.live.current
        if rt is None or not host:
            return
        rt.discovery.observe(host, rt.catalog)
        if rt.discovery.due():
            await asyncio.to_thread(rt.discovery.flush)

    async def http_connect(self, flow: http.HTTPFlow) -> None:
        host = flow.request.host.lower().rstrip(".")
        self._connected[flow.client_conn] = host
        await self._observe(host)

    async def tls_clienthello(self, data: tls.ClientHelloData) -> None:
        host = (data.client_hello.sni or "").lower().rstrip(".")
        if host and self._connected.get(data.context.client) != host:
            await self._observe(host)

    def done(self) -> None:
        rt = self.live.current
        if rt is not None:
            rt.discovery.flush()
