"""The read-only review web page for compliance reviewers: log in, see the
report for a period, filter, and drill down to single records.

Served on its own admin port (loopback by default) by a small threaded HTTP
server; reviewers are listed with password hashes only; sessions are random
tokens in an HttpOnly, SameSite=Strict cookie. Nothing here writes the store.
"""

from __future__ import annotations

import html
import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from proxy.audit.report import aggregate, render
from proxy.audit.store import ChainedAuditStore
from proxy.policy.principals import verify_password

__all__ = ["ReviewServer"]

_SESSION_SECONDS = 8 * 3600
_PAGE_SIZE = 50
_FILTERS = ("from", "to", "service", "action", "role", "stage", "entity")


def _matches(r: Mapping[str, Any], f: Mapping[str, str]) -> bool:
    p = r.get("principal") or {}
    return (
        (not f.get("service") or r.get("service") == f["service"])
        and (not f.get("action") or r.get("action") == f["action"])
        and (not f.get("role") or p.get("role") == f["role"])
        and (not f.get("stage") or p.get("stage") == f["stage"])
        and (not f.get("entity") or any(x["entity"] == f["entity"] for x in r.get("findings", [])))
    )


class ReviewServer:
    def __init__(self, store: Callable[[], ChainedAuditStore], reviewers: Mapping[str, str],
                 host: str = "127.0.0.1", port: int = 8082) -> None:
        #: The store in force (a callable, since a configuration reload may replace it).
        self._store = store
        self._reviewers = dict(reviewers)
        self._sessions: dict[str, float] = {}
        self._lock = threading.Lock()
        review = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                review._get(self)

            def do_POST(self) -> None:
                review._post(self)

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- sessions ------------------------------------------------------------------

    @staticmethod
    def _token(h: BaseHTTPRequestHandler) -> str:
        cookie = h.headers.get("cookie", "")
        return next((c.split("=", 1)[1] for c in cookie.split("; ") if c.startswith("review_session=")), "")

    def _session_ok(self, h: BaseHTTPRequestHandler) -> bool:
        token = self._token(h)
        with self._lock:
            expires = self._sessions.get(token)
            return expires is not None and expires > time.time()

    def _send(self, h: BaseHTTPRequestHandler, status: int, body: str, ctype: str = "text/html; charset=utf-8",
              headers: Mapping[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        h.send_response(status)
        h.send_header("content-type", ctype)
        h.send_header("content-length", str(len(data)))
        h.send_header("cache-control", "no-store")
        h.send_header("x-frame-options", "DENY")
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def _post(self, h: BaseHTTPRequestHandler) -> None:
        if urllib.parse.urlsplit(h.path).path != "/login":
            return self._send(h, 404, "not found", "text/plain")
        length = min(int(h.headers.get("content-length", "0")), 4096)
        form = dict(urllib.parse.parse_qsl(h.rfile.read(length).decode("utf-8", "replace")))
        stored = self._reviewers.get(form.get("user", ""))
        if stored is None or not verify_password(form.get("password", ""), stored):
            return self._send(h, 401, _login_page("用户名或密码不正确。"))
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[token] = time.time() + _SESSION_SECONDS
        self._send(h, 303, "", headers={
            "location": "/", "set-cookie": f"review_session={token}; HttpOnly; SameSite=Strict; Path=/"})

    def _get(self, h: BaseHTTPRequestHandler) -> None:
        url = urllib.parse.urlsplit(h.path)
        if url.path == "/login":
            return self._send(h, 200, _login_page())
        if not self._session_ok(h):
            return self._send(h, 303, "", headers={"location": "/login"})
        if url.path == "/logout":
            with self._lock:
                self._sessions.pop(self._token(h), None)
            return self._send(h, 303, "", headers={"location": "/login", "set-cookie": "review_session=; Max-Age=0; Path=/"})
        query = {k: v for k, v in urllib.parse.parse_qsl(url.query) if k in (*_FILTERS, "chain", "seq", "page")}
        if url.path == "/record":
            return self._record(h, self._store(), query)
        if url.path == "/":
            return self._index(h, self._store(), query)
        self._send(h, 404, "not found", "text/plain")

    def _index(self, h: BaseHTTPRequestHandler, store: ChainedAuditStore, q: dict[str, str]) -> None:
        records = [r for r in store.records(since=q.get("from") or None, until=q.get("to") or None) if _matches(r, q)]
        report = aggregate(records, period_from=q.get("from") or "开始", period_to=q.get("to") or "现在",
                           verify=store.verify())
        page = max(0, int(q.get("page", "0") or 0))
        rows = records[::-1][page * _PAGE_SIZE : (page + 1) * _PAGE_SIZE]
        inputs = "".join(
            f"<label>{label} <input name={name} value='{html.escape(q.get(name, ''))}' size=12></label> "
            for name, label in (("from", "起"), ("to", "止"), ("service", "服务"), ("action", "处理"),
                                ("role", "身份"), ("stage", "学段"), ("entity", "信息类型"))
        )
        table = "".join(
            f"<tr><td><a href='/record?chain={urllib.parse.quote(str(r['chain']))}&seq={r['seq']}'>{html.escape(str(r['time'])[:19])}</a></td>"
            f"<td>{html.escape(str(r.get('service')))}</td><td>{html.escape(str(r.get('action')))}</td>"
            f"<td>{html.escape(str((r.get('principal') or {}).get('role', '')))}</td>"
            f"<td>{html.escape(','.join(sorted({f['entity'] for f in r.get('findings', [])})))}</td>"
            f"<td>{html.escape(', '.join(r.get('rule_ids', [])))}</td></tr>"
            for r in rows
        )
        body = render(report, "html").replace(
            "<h2>总览</h2>",
            f"<form id=filters method=get action=/>{inputs}<button type=submit>筛选</button></form><h2>总览</h2>", 1,
        ).replace(
            "</body></html>",
            f"<h2 id=records>记录（共 {len(records)} 条，第 {page + 1} 页）</h2><table><tr><th>时间</th><th>服务</th>"
            f"<th>处理</th><th>身份</th><th>信息类型</th><th>规则</th></tr>{table}</table>"
            "<p><a href=/logout>退出</a></p></body></html>",
        )
        self._send(h, 200, body)

    def _record(self, h: BaseHTTPRequestHandler, store: ChainedAuditStore, q: dict[str, str]) -> None:
        found = next((r for r in store.records() if str(r.get("chain")) == q.get("chain") and str(r.get("seq")) == q.get("seq")), None)
        if found is None:
            return self._send(h, 404, "no such record", "text/plain")
        pretty = html.escape(json.dumps(found, ensure_ascii=False, indent=2))
        self._send(h, 200, f"<!doctype html><meta charset=utf-8><title>审计记录</title><h1>审计记录 {html.escape(q['chain'])}#{html.escape(q['seq'])}</h1>"
                           f"<pre id=record>{pretty}</pre><p><a href=/>返回</a></p>")


def _login_page(error: str = "") -> str:
    err = f"<p style='color:#b00'>{html.escape(error)}</p>" if error else ""
    return ("<!doctype html><html lang=zh-CN><meta charset=utf-8><title>审计查看 登录</title>"
            "<body style='font-family:sans-serif;max-width:24em;margin:4em auto'><h1>审计查看 · 登录</h1>" + err +
            "<form method=post action=/login><p><label>用户名 <input name=user id=user></label></p>"
            "<p><label>密码 <input name=password id=password type=password></label></p>"
            "<button type=submit id=login>登录</button></form></body></html>")
