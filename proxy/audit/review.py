"""The read-only review web page for compliance reviewers: log in, see the
report for a period, filter, and drill down to single records.

Served on its own admin port (loopback by default) by a small threaded HTTP
server; reviewers are listed with password hashes only; sessions are random
tokens in an HttpOnly, SameSite=Strict cookie (`Secure` with `secure_cookies`).
Every form carries a CSRF token (login: double-submit with a signed cookie;
afterwards: the session's own token); logout is POST only; a strict
Content-Security-Policy forbids scripts; logins are throttled per user name and
address and cost the same whether the name exists; bad parameters get a 400.
Nothing here writes the store.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import logging
import math
import re
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from proxy.audit.report import aggregate, render
from proxy.audit.store import ChainedAuditStore
from proxy.policy.principals import LoginThrottle, verify_password_or_dummy

__all__ = ["ReviewServer", "CSP"]

log = logging.getLogger(__name__)

_SESSION_SECONDS = 8 * 3600
_LOGIN_FORM_SECONDS = 3600
_PAGE_SIZE = 50
_MAX_FORM_BYTES = 4096
_FILTERS = ("from", "to", "service", "action", "role", "stage", "entity")
#: No scripts, no external anything; the report's inline <style> and style
#: attributes need 'unsafe-inline' for styles only; its charts are inline SVG.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
_SECURITY_HEADERS = {
    "content-security-policy": CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
    "x-frame-options": "DENY", "cache-control": "no-store",
}
_TIME = re.compile(r"\d{4}-\d{2}(-\d{2}([T ]\d{2}(:\d{2}(:\d{2}(\.\d{1,6})?)?)?([+-]\d{2}:\d{2}|Z)?)?)?")
#: What each query parameter may look like; anything else is a 400, never a traceback.
_PARAMS: dict[str, re.Pattern[str]] = {
    "from": _TIME, "to": _TIME, "page": re.compile(r"\d{1,6}"), "seq": re.compile(r"\d{1,18}"),
    **{k: re.compile(r"[^\x00-\x1f]{0,100}") for k in ("service", "action", "role", "stage", "entity")},
    "chain": re.compile(r"[^\x00-\x1f]{1,200}"),
}


class _BadRequest(ValueError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class _Session:
    expires: float
    csrf: str


def _matches(r: Mapping[str, Any], f: Mapping[str, str]) -> bool:
    p = r.get("principal") or {}
    return (
        (not f.get("service") or r.get("service") == f["service"])
        and (not f.get("action") or r.get("action") == f["action"])
        and (not f.get("role") or p.get("role") == f["role"])
        and (not f.get("stage") or p.get("stage") == f["stage"])
        and (not f.get("entity") or any(x["entity"] == f["entity"] for x in r.get("findings", [])))
    )


def _query(raw: str) -> dict[str, str]:
    try:
        pairs = urllib.parse.parse_qsl(raw, max_num_fields=50)
    except ValueError:
        raise _BadRequest("too many parameters") from None
    out: dict[str, str] = {}
    for k, v in pairs:
        rule = _PARAMS.get(k)
        if rule is None:
            continue
        if v and not rule.fullmatch(v):
            raise _BadRequest(f"bad parameter: {k}")
        out[k] = v
    return out


class ReviewServer:
    def __init__(self, store: Callable[[], ChainedAuditStore], reviewers: Mapping[str, str],
                 host: str = "127.0.0.1", port: int = 8082, *, secure_cookies: bool = False,
                 throttle: LoginThrottle | None = None) -> None:
        #: The store in force (a callable, since a configuration reload may replace it).
        self._store = store
        self._reviewers = dict(reviewers)
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()
        self._secure = "; Secure" if secure_cookies else ""
        #: Signs the login form's CSRF token (double-submit cookie), new per process.
        self._form_key = secrets.token_bytes(32)
        self.throttle = throttle if throttle is not None else LoginThrottle(address_limit=10)
        review = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                review._handle(self, review._get)

            def do_POST(self) -> None:
                review._handle(self, review._post)

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handle(self, h: BaseHTTPRequestHandler, route: Callable[[BaseHTTPRequestHandler], None]) -> None:
        try:
            route(h)
        except _BadRequest as exc:
            self._send(h, exc.status, str(exc), "text/plain; charset=utf-8")
        except Exception as exc:  # never a traceback to the client or the log's content
            log.error("review page: %s answering %s", type(exc).__name__, urllib.parse.urlsplit(h.path).path[:100])
            self._send(h, 500, "internal error", "text/plain; charset=utf-8")

    # -- sessions and tokens -------------------------------------------------------

    @staticmethod
    def _cookie(h: BaseHTTPRequestHandler, name: str) -> str:
        cookie = h.headers.get("cookie", "")
        return next((c.split("=", 1)[1] for c in re.split(r";\s*", cookie) if c.startswith(name + "=")), "")

    def _session(self, h: BaseHTTPRequestHandler) -> tuple[str, _Session] | None:
        token = self._cookie(h, "review_session")
        now = time.time()
        with self._lock:
            session = self._sessions.get(token) if token else None
            if session is None or session.expires <= now:
                self._sessions.pop(token, None)
                return None
            return token, session

    def _login_token(self) -> str:
        nonce = secrets.token_urlsafe(18)
        issued = str(int(time.time()))
        mac = hmac.new(self._form_key, f"{nonce}.{issued}".encode(), hashlib.sha256).hexdigest()[:32]
        return f"{nonce}.{issued}.{mac}"

    def _login_token_ok(self, h: BaseHTTPRequestHandler, sent: str) -> bool:
        cookie = self._cookie(h, "review_login")
        parts = sent.split(".")
        if not sent or not hmac.compare_digest(cookie, sent) or len(parts) != 3 or not parts[1].isdigit():
            return False
        mac = hmac.new(self._form_key, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).hexdigest()[:32]
        return hmac.compare_digest(mac, parts[2]) and time.time() - int(parts[1]) < _LOGIN_FORM_SECONDS

    def _send(self, h: BaseHTTPRequestHandler, status: int, body: str, ctype: str = "text/html; charset=utf-8",
              headers: Mapping[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        h.send_response(status)
        h.send_header("content-type", ctype)
        h.send_header("content-length", str(len(data)))
        for k, v in {**_SECURITY_HEADERS, **(headers or {})}.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def _send_login(self, h: BaseHTTPRequestHandler, status: int = 200, error: str = "",
                    headers: Mapping[str, str] | None = None) -> None:
        token = self._login_token()
        cookie = f"review_login={token}; HttpOnly; SameSite=Strict; Path=/login; Max-Age={_LOGIN_FORM_SECONDS}{self._secure}"
        self._send(h, status, _login_page(token, error), headers={**(headers or {}), "set-cookie": cookie})

    # -- requests --------------------------------------------------------------------

    def _form(self, h: BaseHTTPRequestHandler) -> dict[str, str]:
        raw_length = h.headers.get("content-length", "0")
        if not raw_length.isdigit():
            raise _BadRequest("bad content-length")
        length = int(raw_length)
        if length > _MAX_FORM_BYTES:
            raise _BadRequest("form too large", 413)
        try:
            return dict(urllib.parse.parse_qsl(h.rfile.read(length).decode("utf-8"), max_num_fields=10))
        except (UnicodeDecodeError, ValueError):
            raise _BadRequest("bad form") from None

    def _post(self, h: BaseHTTPRequestHandler) -> None:
        path = urllib.parse.urlsplit(h.path).path
        if path not in ("/login", "/logout"):
            return self._send(h, 404, "not found", "text/plain")
        form = self._form(h)
        if path == "/logout":
            return self._logout(h, form)
        if not self._login_token_ok(h, form.get("csrf", "")):
            return self._send_login(h, 403, "登录页面已过期，请重新输入。")
        user, password = form.get("user", ""), form.get("password", "")
        address = str(h.client_address[0])
        wait = self.throttle.check(user, address)
        if wait > 0:
            minutes = max(1, math.ceil(wait / 60))
            return self._send_login(h, 429, f"尝试次数过多，请 {minutes} 分钟后再试。",
                                    headers={"retry-after": str(math.ceil(wait))})
        # The same scrypt work whether or not the name exists: timing reveals no user names.
        if not verify_password_or_dummy(password, self._reviewers.get(user)):
            self.throttle.failure(user, address)
            return self._send_login(h, 401, "用户名或密码不正确。")
        self.throttle.success(user, address)
        token = secrets.token_urlsafe(32)
        now = time.time()
        with self._lock:
            for old in [t for t, s in self._sessions.items() if s.expires <= now]:
                del self._sessions[old]
            self._sessions[token] = _Session(now + _SESSION_SECONDS, secrets.token_urlsafe(32))
        self._send(h, 303, "", headers={
            "location": "/", "set-cookie": f"review_session={token}; HttpOnly; SameSite=Strict; Path=/{self._secure}"})

    def _logout(self, h: BaseHTTPRequestHandler, form: Mapping[str, str]) -> None:
        found = self._session(h)
        if found is None:
            return self._send(h, 303, "", headers={"location": "/login"})
        token, session = found
        if not hmac.compare_digest(form.get("csrf", ""), session.csrf):
            return self._send(h, 403, "bad or missing CSRF token", "text/plain; charset=utf-8")
        with self._lock:
            self._sessions.pop(token, None)
        self._send(h, 303, "", headers={"location": "/login",
                                         "set-cookie": f"review_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/{self._secure}"})

    def _get(self, h: BaseHTTPRequestHandler) -> None:
        url = urllib.parse.urlsplit(h.path)
        if url.path == "/login":
            return self._send_login(h)
        if url.path == "/logout":
            return self._send(h, 405, "log out with the button on the page (POST)", "text/plain; charset=utf-8",
                              headers={"allow": "POST"})
        found = self._session(h)
        if found is None:
            return self._send(h, 303, "", headers={"location": "/login"})
        if url.path not in ("/", "/record"):
            return self._send(h, 404, "not found", "text/plain")
        query = _query(url.query)
        if url.path == "/record":
            return self._record(h, self._store(), query)
        return self._index(h, self._store(), query, found[1].csrf)

    def _index(self, h: BaseHTTPRequestHandler, store: ChainedAuditStore, q: dict[str, str], csrf: str) -> None:
        records = [r for r in store.records(since=q.get("from") or None, until=q.get("to") or None) if _matches(r, q)]
        report = aggregate(records, period_from=q.get("from") or "开始", period_to=q.get("to") or "现在",
                           verify=store.verify())
        page = int(q.get("page") or 0)
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
            "<form method=post action=/logout><input type=hidden name=csrf "
            f"value='{html.escape(csrf)}'><button type=submit id=logout>退出</button></form></body></html>",
        )
        self._send(h, 200, body)

    def _record(self, h: BaseHTTPRequestHandler, store: ChainedAuditStore, q: dict[str, str]) -> None:
        if not q.get("chain") or not q.get("seq"):
            raise _BadRequest("chain and seq are required")
        found = next((r for r in store.records() if str(r.get("chain")) == q.get("chain") and str(r.get("seq")) == q.get("seq")), None)
        if found is None:
            return self._send(h, 404, "no such record", "text/plain")
        pretty = html.escape(json.dumps(found, ensure_ascii=False, indent=2))
        self._send(h, 200, f"<!doctype html><meta charset=utf-8><title>审计记录</title><h1>审计记录 {html.escape(q['chain'])}#{html.escape(q['seq'])}</h1>"
                           f"<pre id=record>{pretty}</pre><p><a href=/>返回</a></p>")


def _login_page(csrf: str, error: str = "") -> str:
    err = f"<p style='color:#b00' id=error>{html.escape(error)}</p>" if error else ""
    return ("<!doctype html><html lang=zh-CN><meta charset=utf-8><title>审计查看 登录</title>"
            "<body style='font-family:sans-serif;max-width:24em;margin:4em auto'><h1>审计查看 · 登录</h1>" + err +
            f"<form method=post action=/login><input type=hidden name=csrf value='{html.escape(csrf)}'>"
            "<p><label>用户名 <input name=user id=user></label></p>"
            "<p><label>密码 <input name=password id=password type=password></label></p>"
            "<button type=submit id=login>登录</button></form></body></html>")
