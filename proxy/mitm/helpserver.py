"""A tiny HTTP server for the help site on its own port, so browsers can fetch
the PAC file and the CA certificate before any proxy is configured."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from mitmproxy import http

from proxy.mitm.help_addon import HelpSite

__all__ = ["HelpServer"]

log = logging.getLogger(__name__)

_MAX_HEADER = 16 * 1024
_REASONS = {200: "OK", 404: "Not Found", 400: "Bad Request"}


class HelpServer:
    def __init__(self, site: HelpSite, host: str, port: int, *, proxy_port: int) -> None:
        self._site = site
        self._host = host
        self._port = port
        self._proxy_port = proxy_port
        self._server: asyncio.base_events.Server | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, self._host, self._port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            if len(head) > _MAX_HEADER:
                raise ValueError("header too large")
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            method, target, _version = request_line.split(" ", 2)
            headers = [(h.split(":", 1)[0], h.split(":", 1)[1]) for h in header_lines if ":" in h]
            host = next((v.strip() for k, v in headers if k.lower() == "host"), "127.0.0.1")
            req = http.Request.make(method, f"http://{host}{target}", b"", [(k.strip().encode("latin-1"), v.strip().encode("latin-1")) for k, v in headers])
            proxy_host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
            resp = self._site.respond(req, proxy_address=f"{proxy_host}:{self._proxy_port}")
            body = resp.content or b""
            lines = [f"HTTP/1.1 {resp.status_code} {_REASONS.get(resp.status_code, 'OK')}"]
            lines += [f"{k}: {v}" for k, v in resp.headers.items() if k.lower() != "content-length"]
            lines += [f"content-length: {len(body)}", "connection: close", "", ""]
            writer.write("\r\n".join(lines).encode("latin-1") + (body if method != "HEAD" else b""))
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ValueError):
            writer.write(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        except Exception:  # never let one bad request take the help server down
            log.exception("help server failed to answer")
            writer.write(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        finally:
            with contextlib.suppress(Exception):
                writer.close()
                await writer.wait_closed()
