"""The help site's class-session page (http://privacy-guard.internal/session):
a teacher, identified as the proxy identifies everyone (proxy login or SSO with
a user id), opens AI for their class for named services and a duration, and
closes it early.

Served only through the proxy (the teacher's identity comes with the request).
Changes are POST forms that must carry the page's token (a keyed hash of the
teacher and the day) and come from the help site itself (Origin or Referer):
the browser adds proxy credentials to any request, so a page elsewhere must not
be able to open a session in a teacher's name. Added before the help addon.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import html
import urllib.parse

from mitmproxy import http

from detectors.errors import ConfigError
from proxy.mitm.credentials import proxy_authorization
from proxy.mitm.help_addon import HELP_HOST, SESSION_PATH, is_help_host
from proxy.mitm.limits import header_map
from proxy.policy.principals import Principal
from proxy.policy.sessions import ClassSession
from proxy.runtime import LiveRuntime, Runtime

__all__ = ["SessionAddon"]

_ORIGIN = f"http://{HELP_HOST}"


def _page(body: str, status: int = 200) -> http.Response:
    doc = ("<!doctype html><html lang=zh-CN><meta charset=utf-8><title>课堂 AI 使用时段</title>"
           "<body style='font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.6'>"
           "<h1>课堂 AI 使用时段</h1>" + body + "</body></html>")
    return http.Response.make(status, doc.encode("utf-8"), {
        "content-type": "text/html; charset=utf-8", "cache-control": "no-store",
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        "x-frame-options": "DENY",
    })


def _token(rt: Runtime, user: str, today: dt.date) -> str:
    return rt.user_hash(f"session-page\x00{user}\x00{today.isoformat()}")


def _client(flow: http.HTTPFlow) -> str:
    return flow.client_conn.peername[0] if flow.client_conn.peername else ""


class SessionAddon:
    def __init__(self, live: LiveRuntime) -> None:
        self.live = live

    async def request(self, flow: http.HTTPFlow) -> None:
        if flow.response or flow.error or not is_help_host(flow.request.pretty_host):
            return
        path = flow.request.path.split("?", 1)[0]
        if path != SESSION_PATH and not path.startswith(SESSION_PATH + "/"):
            return
        rt = self.live.current
        if rt is None:
            return
        auth = proxy_authorization(flow)
        headers = header_map(flow.request.headers.fields)
        ident = await asyncio.to_thread(rt.identifier.identify, client=_client(flow), proxy_authorization=auth,
                                        headers=headers)
        teacher = ident.principal
        if ident.challenge is not None or teacher is None or teacher.user is None:
            flow.response = http.Response.make(
                407, "【课堂 AI 使用时段】请用教师账号登录学校代理。".encode(),
                {"proxy-authenticate": 'Basic realm="privacy-guard"', "content-type": "text/plain; charset=utf-8"})
            return
        if teacher.role != "teacher":
            flow.response = _page(f"<p>只有教师可以开启课堂时段（你的身份：{html.escape(teacher.label())}）。</p>", 403)
            return
        now = dt.datetime.now()
        if flow.request.method == "GET" and path == SESSION_PATH:
            flow.response = self._form(rt, teacher, now)
            return
        if flow.request.method != "POST" or path not in (SESSION_PATH + "/open", SESSION_PATH + "/close"):
            flow.response = _page("<p>没有这个页面。</p>", 404)
            return
        origin = flow.request.headers.get("origin") or flow.request.headers.get("referer", "")
        form = urllib.parse.parse_qs((flow.request.content or b"").decode("utf-8", "replace"))
        given = (form.get("token") or [""])[0]
        if not (origin == _ORIGIN or origin.startswith(_ORIGIN + "/")) or not hmac.compare_digest(
            given, _token(rt, teacher.user, now.date())
        ):
            flow.response = _page("<p>请求来源无法确认，请从课堂时段页面重新提交。</p>", 403)
            return
        teacher_hash = rt.user_hash(teacher.user)
        try:
            if path.endswith("/open"):
                minutes = int((form.get("minutes") or [str(rt.settings.sessions.default_minutes)])[0])
                class_name = (form.get("class") or [""])[0].strip() or None
                cidr = tuple(c.strip() for c in (form.get("cidr") or [""])[0].split(",") if c.strip())
                known = {s.id for s in rt.catalog.services}
                services = tuple(s for s in form.get("service", []) if s in known)
                session = await asyncio.to_thread(
                    rt.sessions.open, teacher, teacher_hash, services=services, class_name=class_name, cidr=cidr,
                    minutes=minutes, now=now)
                message = f"已开启：{self._describe(session)}"
            else:
                sid = (form.get("id") or [""])[0]
                session = await asyncio.to_thread(rt.sessions.close, sid, teacher_hash, now=now)
                message = f"已结束：{self._describe(session)}"
        except (ConfigError, ValueError) as exc:
            message = f"没有成功：{exc}"
        flow.response = self._form(rt, teacher, now, message)

    @staticmethod
    def _describe(s: ClassSession) -> str:
        who = f"{s.class_name} 班" if s.class_name else "网段 " + "、".join(s.cidr)
        return f"{who}，{'、'.join(s.services)}，{s.start:%H:%M}–{s.ends():%H:%M}（编号 {s.id}）"

    def _form(self, rt: Runtime, teacher: Principal, now: dt.datetime, message: str = "") -> http.Response:
        assert teacher.user is not None
        token = html.escape(_token(rt, teacher.user, now.date()))
        mine = [s for s in rt.sessions.active(now) if s.teacher_hash == rt.user_hash(teacher.user)]
        rows = "".join(
            f"<li>{html.escape(self._describe(s))} <form method=post action={SESSION_PATH}/close style='display:inline'>"
            f"<input type=hidden name=token value='{token}'><input type=hidden name=id value='{html.escape(s.id)}'>"
            "<button>现在结束</button></form></li>" for s in mine
        ) or "<li>（没有进行中的时段）</li>"
        services = "".join(
            f"<label><input type=checkbox name=service value='{html.escape(s.id)}'> {html.escape(s.name)}</label><br>"
            for s in rt.catalog.services
        )
        note = f"<p><b>{html.escape(message)}</b></p>" if message else ""
        body = (
            note + f"<p>你好，{html.escape(teacher.label())}。时段内本班学生可以使用选中的 AI 服务，"
            "个人信息一律拦截；时段到时自动结束，也可以随时结束。每个请求都会带着时段编号记入审计。</p>"
            f"<h2>进行中的时段</h2><ul>{rows}</ul><h2>开启新的时段</h2>"
            f"<form method=post action={SESSION_PATH}/open><input type=hidden name=token value='{token}'>"
            f"<p>班级：<input name=class value='{html.escape(teacher.class_name or '')}' size=8>"
            " 或教室网段：<input name=cidr placeholder='10.10.3.0/24' size=18></p>"
            f"<p>时长（分钟）：<input name=minutes type=number min=1 max={rt.settings.sessions.max_minutes} "
            f"value={rt.settings.sessions.default_minutes}></p><p>服务：<br>{services}</p>"
            "<p><button>开启</button></p></form>"
        )
        return _page(body)
