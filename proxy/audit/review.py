"""The read-only review web page for compliance reviewers: log in, see the
report for a period, filter with choices, page through the records, open one
as a Chinese table in the school's time zone, export the filtered view (CSV, JSON lines).
Unauthenticated on the same admin port: /metrics (Prometheus) and /healthz, when enabled.

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
import csv
import io
import json
import logging
import math
import re
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

from proxy.audit.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from proxy.audit.metrics import Metrics, health
from proxy.audit.report import (ACTION_ZH, DEFAULT_TIMEZONE, ROLE_ZH, STAGE_ZH, aggregate, local_time, parse_day,
                                render, rule_in_words)
from proxy.audit.store import ChainedAuditStore
from detectors.entities import LABELS
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


#: Filter choices whose values are English codes, shown in Chinese; typed Chinese words are accepted too.
_CHOICES: dict[str, Mapping[str, str]] = {"action": ACTION_ZH, "role": ROLE_ZH, "stage": STAGE_ZH, "entity": LABELS}


def _normalise(q: dict[str, str]) -> dict[str, str]:
    """拦截 → block (a reviewer may type the word the page shows); unknown words stay and match nothing."""
    out = dict(q)
    for name, words in _CHOICES.items():
        value = out.get(name, "")
        code = next((k for k, v in words.items() if v == value), None)
        if value and code is not None:
            out[name] = code
    for name in ("from", "to"):
        if out.get(name):
            try:
                parse_day(out[name], option=name)
            except ValueError:
                raise _BadRequest(f"bad parameter: {name} is not a valid date") from None
    return out


class ReviewServer:
    def __init__(self, store: Callable[[], ChainedAuditStore], reviewers: Mapping[str, str],
                 host: str = "127.0.0.1", port: int = 8082, *, secure_cookies: bool = False,
                 throttle: LoginThrottle | None = None, timezone: str = DEFAULT_TIMEZONE,
                 service_names: Callable[[], Mapping[str, str]] | None = None, metrics: Metrics | None = None,
                 pages: bool = True) -> None:
        #: The store in force (a callable, since a configuration reload may replace it).
        self._store = store
        self._tz = ZoneInfo(timezone)
        self._timezone = timezone
        self._service_names = service_names or (lambda: {})
        #: Serve /metrics and /healthz (None: not on this port).
        self._metrics = metrics
        #: Serve the reviewers' pages (False: only metrics and health, e.g. the review page is disabled).
        self._pages = pages
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

    def _send_bytes(self, h: BaseHTTPRequestHandler, status: int, data: bytes, ctype: str,
                    headers: Mapping[str, str] | None = None) -> None:
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
        with self.throttle.turn(user):  # side-by-side guesses meet the count one at a time
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
        if self._metrics is not None and url.path == "/metrics":
            return self._send_bytes(h, 200, self._metrics.exposition(), METRICS_CONTENT_TYPE)
        if self._metrics is not None and url.path == "/healthz":
            state = health(self._store(), self._metrics)
            return self._send(h, 200 if state.ok else 503, state.detail + "\n", "text/plain; charset=utf-8")
        if not self._pages:
            return self._send(h, 404, "not found", "text/plain")
        if url.path == "/login":
            return self._send_login(h)
        if url.path == "/logout":
            return self._send(h, 405, "log out with the button on the page (POST)", "text/plain; charset=utf-8",
                              headers={"allow": "POST"})
        found = self._session(h)
        if found is None:
            return self._send(h, 303, "", headers={"location": "/login"})
        if url.path not in ("/", "/record", "/export.csv", "/export.jsonl"):
            return self._send(h, 404, "not found", "text/plain")
        query = _normalise(_query(url.query))
        if url.path == "/record":
            return self._record(h, self._store(), query)
        if url.path.startswith("/export"):
            return self._export(h, self._store(), query, url.path.rsplit(".", 1)[1])
        return self._index(h, self._store(), query, found[1].csrf)

    def _filtered(self, store: ChainedAuditStore, q: Mapping[str, str]) -> Iterator[dict[str, Any]]:
        return (r for r in store.records(since=q.get("from") or None, until=q.get("to") or None) if _matches(r, q))

    def _local(self, stamp: object) -> str:
        when = local_time(str(stamp), self._tz)
        return when.strftime("%Y-%m-%d %H:%M:%S") if when is not None else str(stamp)

    def _index(self, h: BaseHTTPRequestHandler, store: ChainedAuditStore, q: dict[str, str], csrf: str) -> None:
        names = dict(self._service_names())
        counted = [0]

        def counting() -> Iterator[dict[str, Any]]:
            for r in self._filtered(store, q):
                counted[0] += 1
                yield r

        # Two passes over the store, constant memory: totals first, then the one page (newest first).
        report = aggregate(counting(), period_from=q.get("from") or None, period_to=q.get("to") or None,
                           verify=store.verify(), timezone=self._timezone, service_names=names)
        total = counted[0]
        pages = max(1, math.ceil(total / _PAGE_SIZE))
        page = min(int(q.get("page") or 0), pages - 1)
        lo, hi = max(0, total - (page + 1) * _PAGE_SIZE), total - page * _PAGE_SIZE
        rows = [r for i, r in enumerate(self._filtered(store, q)) if lo <= i < hi][::-1]
        services = sorted(set(names) | set(report.by_service))
        table = "".join(
            f"<tr><td><a href='/record?chain={urllib.parse.quote(str(r['chain']))}&seq={r['seq']}'>"
            f"{html.escape(self._local(r.get('time')))}</a></td>"
            f"<td>{html.escape(names.get(str(r.get('service')), str(r.get('service'))))}</td>"
            f"<td>{html.escape(ACTION_ZH.get(str(r.get('action')), str(r.get('action'))))}</td>"
            f"<td>{html.escape(_role_words(r.get('principal') or {}))}</td>"
            f"<td>{html.escape('、'.join(LABELS.get(e, e) for e in sorted({f['entity'] for f in r.get('findings', [])})))}</td>"
            f"<td>{html.escape('；'.join(rule_in_words(x) for x in r.get('rule_ids', [])))}</td></tr>"
            for r in rows
        )
        keep = {k: v for k, v in q.items() if k in _FILTERS and v}
        exports = (f"<p id=exports>导出当前筛选结果：<a id=export-csv href='/export.csv?{urllib.parse.urlencode(keep)}'>CSV（Excel）</a>"
                   f" · <a id=export-jsonl href='/export.jsonl?{urllib.parse.urlencode(keep)}'>JSON Lines</a></p>")
        nav = _pager(keep, page, pages)
        body = render(report, "html").replace(
            "<h2>总览</h2>", _filter_form(q, services, names) + exports + "<h2>总览</h2>", 1,
        ).replace(
            "</body></html>",
            f"<h2 id=records>记录（共 {total} 条，第 {page + 1} / {pages} 页；时间为 {html.escape(self._timezone)}）</h2>"
            f"{nav}<table id=record-list><tr><th>时间</th><th>服务</th><th>处理方式</th><th>身份</th><th>信息类型</th>"
            f"<th>规则</th></tr>{table}</table>{nav}"
            "<form method=post action=/logout><input type=hidden name=csrf "
            f"value='{html.escape(csrf)}'><button type=submit id=logout>退出</button></form></body></html>",
        )
        self._send(h, 200, body)

    def _export(self, h: BaseHTTPRequestHandler, store: ChainedAuditStore, q: dict[str, str], kind: str) -> None:
        names = dict(self._service_names())
        stamp = time.strftime("%Y%m%d-%H%M%S")
        if kind == "jsonl":
            data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self._filtered(store, q)).encode("utf-8")
            return self._send_bytes(h, 200, data, "application/x-ndjson; charset=utf-8", {
                "content-disposition": f"attachment; filename=audit-{stamp}.jsonl"})
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["时间", "链", "序号", "服务", "处理方式", "身份", "学段", "年级", "班级", "信息类型", "规则", "规则编号"])
        for r in self._filtered(store, q):
            p = r.get("principal") or {}
            w.writerow([self._local(r.get("time")), r.get("chain"), r.get("seq"),
                        names.get(str(r.get("service")), r.get("service")),
                        ACTION_ZH.get(str(r.get("action")), r.get("action")), ROLE_ZH.get(p.get("role", ""), p.get("role", "")),
                        STAGE_ZH.get(p.get("stage", ""), p.get("stage", "")), p.get("grade", ""), p.get("class", ""),
                        "、".join(LABELS.get(e, e) for e in sorted({f["entity"] for f in r.get("findings", [])})),
                        "；".join(rule_in_words(x) for x in r.get("rule_ids", [])), " ".join(r.get("rule_ids", []))])
        # With a BOM, Excel on a Chinese Windows opens UTF-8 CSV correctly.
        self._send_bytes(h, 200, buf.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", {
            "content-disposition": f"attachment; filename=audit-{stamp}.csv"})

    def _record(self, h: BaseHTTPRequestHandler, store: ChainedAuditStore, q: dict[str, str]) -> None:
        if not q.get("chain") or not q.get("seq"):
            raise _BadRequest("chain and seq are required")
        found = next((r for r in store.records() if str(r.get("chain")) == q.get("chain") and str(r.get("seq")) == q.get("seq")), None)
        if found is None:
            return self._send(h, 404, "no such record", "text/plain")
        names = dict(self._service_names())
        pretty = html.escape(json.dumps(found, ensure_ascii=False, indent=2))
        rows = _record_rows(found, names, self._local(found.get("time")), self._timezone)
        table = "".join(f"<tr><th>{html.escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
        self._send(h, 200, "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>审计记录</title>"
                           "<body style='font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5'>"
                           "<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:3px 8px;"
                           "text-align:left;vertical-align:top}</style>"
                           f"<h1>审计记录 {html.escape(q['chain'])}#{html.escape(q['seq'])}</h1>"
                           f"<table id=record>{table}</table>"
                           f"<details><summary>原始记录（JSON，英文字段）</summary><pre id=record-json>{pretty}</pre></details>"
                           "<p><a href=/>返回</a></p></body></html>")


def _role_words(p: Mapping[str, Any]) -> str:
    parts = [ROLE_ZH.get(str(p.get("role", "")), str(p.get("role", "")))]
    if p.get("stage"):
        parts.append(STAGE_ZH.get(str(p["stage"]), str(p["stage"])))
    if p.get("grade"):
        parts.append(f"{p['grade']} 年级")
    if p.get("class"):
        parts.append(str(p["class"]))
    return " ".join(x for x in parts if x)


_IDENTIFIED_ZH = {"address": "按 IP 地址", "proxy_auth": "代理登录", "sso": "统一身份认证", "anonymous": "未识别"}


def _record_rows(r: Mapping[str, Any], names: Mapping[str, str], local: str, tz: str) -> list[tuple[str, str]]:
    """One record as (heading, HTML cell) rows, Chinese first; codes kept in brackets for cross-reference."""
    e = html.escape
    p = r.get("principal") or {}
    service = str(r.get("service", ""))
    findings = "".join(
        f"<li>{e(LABELS.get(f['entity'], f['entity']))}（{e(f['entity'])}）× {int(f.get('count', 1))}，"
        f"处理：{e(ACTION_ZH.get(str(f.get('action')), str(f.get('action'))))}，"
        f"可信度 {e({'high': '高', 'medium': '中', 'low': '低'}.get(str(f.get('score_band')), str(f.get('score_band'))))}，"
        f"识别器 {e(str(f.get('detector', '')))}</li>"
        for f in r.get("findings", [])
    )
    rules = "".join(f"<li>{e(rule_in_words(x))}（{e(x)}）</li>" for x in r.get("rule_ids", []))
    rows = [
        ("时间", f"{e(local)}（{e(tz)}）"),
        ("服务", f"{e(names.get(service, service))}（{e(service)}）"),
        ("地址", e(f"{r.get('host', '')}{r.get('path', '')}")),
        ("处理方式", e(ACTION_ZH.get(str(r.get("action")), str(r.get("action"))))),
        ("规则", f"<ul>{rules}</ul>" if rules else "—"),
        ("发现的信息", f"<ul>{findings}</ul>" if findings else "未发现敏感信息"),
        ("身份", e(_role_words(p)) or "—"),
        ("识别方式", e(_IDENTIFIED_ZH.get(str(p.get("identified_by", "")), str(p.get("identified_by", "—"))))),
        ("用户（密钥哈希）", e(str(p.get("user", "—")))),
        ("客户端地址", e(str(r.get("client", "")) or "—")),
        ("请求格式", e(str(r.get("format", "")))),
        ("请求大小 / 发出大小", e(f"{r.get('bytes_in', 0)} / {r.get('bytes_out', 0)} 字节")),
        ("检查耗时", e(f"{float(r.get('scan_ms', 0) or 0):.1f} 毫秒")),
    ]
    if r.get("unscanned"):
        rows.append(("未能检查的部分", e("、".join(map(str, r["unscanned"])))))
    if r.get("reason"):
        rows.append(("原因", e(str(r["reason"]))))
    if r.get("value_hashes"):
        rows.append(("信息值（密钥哈希，用于查询）", e(f"{len(r['value_hashes'])} 个")))
    rows.append(("链 / 序号 / 请求编号", e(f"{r.get('chain')} / {r.get('seq')} / {r.get('request_id', '')}")))
    return rows


def _filter_form(q: Mapping[str, str], services: list[str], names: Mapping[str, str]) -> str:
    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        current = q.get(name, "")
        opts = "<option value=''>全部</option>" + "".join(
            f"<option value='{html.escape(v)}'{' selected' if v == current else ''}>{html.escape(t)}</option>"
            for v, t in options)
        return f"<label>{label} <select name={name} id=filter-{name}>{opts}</select></label> "

    dates = "".join(
        f"<label>{label} <input type=date name={name} id=filter-{name} value='{html.escape(q.get(name, '')[:10])}'></label> "
        for name, label in (("from", "起"), ("to", "止（不含）")))
    return (
        "<form id=filters method=get action=/>" + dates
        + select("service", "服务", [(s, names.get(s, s)) for s in services])
        + select("action", "处理方式", list(ACTION_ZH.items()))
        + select("role", "身份", list(ROLE_ZH.items()))
        + select("stage", "学段", list(STAGE_ZH.items()))
        + select("entity", "信息类型", list(LABELS.items()))
        + "<button type=submit>筛选</button> <a href=/>清除</a></form>"
    )


def _pager(keep: Mapping[str, str], page: int, pages: int) -> str:
    def link(n: int, text: str, ident: str) -> str:
        return f"<a id={ident} href='/?{urllib.parse.urlencode({**keep, 'page': n})}#records'>{text}</a>"

    parts = []
    if page > 0:
        parts += [link(0, "« 最新", "page-first"), link(page - 1, "‹ 上一页", "page-prev")]
    if page + 1 < pages:
        parts += [link(page + 1, "下一页 ›", "page-next"), link(pages - 1, "最早 »", "page-last")]
    return f"<nav class=pager>{' · '.join(parts)}</nav>" if parts else ""


def _login_page(csrf: str, error: str = "") -> str:
    err = f"<p style='color:#b00' id=error>{html.escape(error)}</p>" if error else ""
    return ("<!doctype html><html lang=zh-CN><meta charset=utf-8><title>审计查看 登录</title>"
            "<body style='font-family:sans-serif;max-width:24em;margin:4em auto'><h1>审计查看 · 登录</h1>" + err +
            f"<form method=post action=/login><input type=hidden name=csrf value='{html.escape(csrf)}'>"
            "<p><label>用户名 <input name=user id=user></label></p>"
            "<p><label>密码 <input name=password id=password type=password></label></p>"
            "<button type=submit id=login>登录</button></form></body></html>")
