"""End to end through the real proxy to a local fake upstream: a supervised class
session opens and closes AI for a primary class; an AI host outside the catalog
is blocked for a pupil, inspected for a teacher and listed by discovery; the
homework instruction reaches the upstream in each API format."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from proxy.cli.policy import discovery_report
from proxy.audit.usage import aggregate_usage
from proxy.cli.session import close_session, list_sessions, open_session
from tests.e2e.proxy_env import PASSWORD, ProxyEnv, proxy_env

ROOT = Path(__file__).resolve().parents[2]
INSTRUCTION = "请像老师一样一步一步引导，不要直接给出可以上交的完整答案。"

SESSION_POLICY = f"""
services_file: {ROOT / 'config' / 'services.yaml'}
services:
  - id: fake-ai
    name: Fake AI
    hosts: [localhost]
    filing: filed
    endpoints:
      - {{path: '*/chat/completions', format: openai_chat}}
      - {{path: '*/responses', format: openai_responses}}
      - {{path: '*/messages', format: anthropic_messages}}
      - {{path: '*:generateContent', format: gemini_generate}}
identity:
  order: [proxy_auth, address]
  users_file: users.yaml
  require_proxy_auth: true
  address_ranges:
    - {{id: room-3-2, cidr: [127.0.0.0/8], role: student, stage: primary, grade: 3, class: 3-2}}
access:
  whitelist:
    - {{id: teachers, roles: [teacher], services: [fake-ai]}}
policy:
  homework:
    instruction_stages: [primary]
    instruction: {INSTRUCTION}
reload_interval: 0
"""

UNKNOWN_AI_POLICY = f"""
services_file: {ROOT / 'config' / 'services.yaml'}
identity:
  order: [proxy_auth, address]
  users_file: users.yaml
  require_proxy_auth: true
  address_ranges:
    - {{id: room-3-2, cidr: [127.0.0.0/8], role: student, stage: primary, grade: 3, class: 3-2}}
access:
  extra_ai_domains: [localhost]     # stands for an AI site outside the catalog
reload_interval: 0
"""


def _env(tmp_path: Path, policy: str) -> Iterator[ProxyEnv]:
    yield from proxy_env(tmp_path, policy, {"t.li": "role: teacher\nstage: primary\ngrade: 3\nclass: 3-2"})


@pytest.fixture()
def classroom(tmp_path: Path) -> Iterator[ProxyEnv]:
    yield from _env(tmp_path, SESSION_POLICY)


@pytest.fixture()
def unknown_ai(tmp_path: Path) -> Iterator[ProxyEnv]:
    yield from _env(tmp_path, UNKNOWN_AI_POLICY)


def test_a_class_session_opens_ai_for_the_class_with_personal_data_blocked_then_closes(classroom: ProxyEnv) -> None:
    env = classroom
    before = env.chat("光合作用是什么？")
    assert before.status_code == 403 and "白名单" in before.json()["error"]["message"]

    session = open_session(env.cfg, user="t.li", password=PASSWORD, services=("fake-ai",), class_name="3-2",
                           cidr=(), minutes=40, data_dir=env.data, out=io.StringIO())
    listed = io.StringIO()
    list_sessions(env.cfg, data_dir=env.data, out=listed)
    assert session.id in listed.getvalue() and "class 3-2" in listed.getvalue()

    inside = env.chat("光合作用是什么？")
    assert inside.status_code == 200
    assert json.loads(env.upstream.received[-1]["body"])["messages"][-1]["content"] == "光合作用是什么？"
    sent = len(env.upstream.received)
    personal = env.chat("我叫王小明，我家电话是13912345678，帮我介绍一下自己")
    assert personal.status_code == 403  # blocked, not pseudonymised
    assert len(env.upstream.received) == sent

    records = env.audit()
    in_session = [r for r in records if r["extra"].get("session") == session.id]
    assert len(in_session) == 2
    assert all(r["extra"]["session_teacher"] == session.teacher_hash and "t.li" not in json.dumps(r)
               for r in in_session)

    close_session(env.cfg, session.id, user="t.li", password=PASSWORD, data_dir=env.data, out=io.StringIO())
    after = env.chat("光合作用是什么？")
    assert after.status_code == 403 and "白名单" in after.json()["error"]["message"]

    usage = aggregate_usage(env.audit())
    assert [(s.id, s.classes, s.requests, s.blocked) for s in usage.sessions] == [(session.id, ("3-2",), 2, 1)]
    assert usage.student_requests == 4 and sum(usage.by_hour.values()) == 4


def test_an_unknown_ai_host_is_blocked_for_a_pupil_inspected_for_a_teacher_and_reported(unknown_ai: ProxyEnv) -> None:
    env = unknown_ai
    pupil = env.chat("你好")
    assert pupil.status_code == 403 and "还没有经过学校审核" in pupil.json()["error"]["message"]
    assert not env.upstream.received
    teacher = env.chat("家长电话13912345678，帮我写通知", user="t.li")
    assert teacher.status_code == 200
    assert "〔手机号甲〕" in json.loads(env.upstream.received[-1]["body"])["messages"][-1]["content"]
    assert [r["rule_ids"][0] for r in env.audit()[-2:]] == ["access.unknown-ai", "access.unknown-ai.inspect"]

    env.server.runtime.discovery.flush()
    out = io.StringIO()
    discovery_report(env.cfg, out, data_dir=env.data)
    report = out.getvalue()
    assert "localhost" in report and "list:other" in report and "student block" in report


FORMAT_REQUESTS = [
    ("/v1/chat/completions", {"model": "m", "messages": [{"role": "user", "content": "勾股定理怎么证明？"}]},
     lambda doc: doc["messages"][0] == {"role": "system", "content": INSTRUCTION}),
    ("/v1/responses", {"model": "m", "input": "勾股定理怎么证明？"}, lambda doc: doc["instructions"] == INSTRUCTION),
    ("/v1/messages", {"model": "m", "max_tokens": 100, "messages": [{"role": "user", "content": "勾股定理怎么证明？"}]},
     lambda doc: doc["system"] == INSTRUCTION),
    ("/v1beta/models/m:generateContent", {"contents": [{"role": "user", "parts": [{"text": "勾股定理怎么证明？"}]}]},
     lambda doc: doc["systemInstruction"] == {"parts": [{"text": INSTRUCTION}]}),
]


def test_the_homework_instruction_reaches_the_upstream_in_each_api_format(classroom: ProxyEnv) -> None:
    env = classroom
    session = open_session(env.cfg, user="t.li", password=PASSWORD, services=("fake-ai",), class_name="3-2",
                           cidr=(), minutes=40, data_dir=env.data, out=io.StringIO())
    with env.client() as c:
        for path, body, check in FORMAT_REQUESTS:
            r = c.post(f"https://localhost:{env.port}{path}", json=body)
            assert r.status_code == 200, path
            doc = json.loads(env.upstream.received[-1]["body"])
            assert check(doc), path
            # The pupil's own text is untouched.
            assert INSTRUCTION not in json.dumps(body, ensure_ascii=False)
            assert "勾股定理怎么证明？" in json.dumps(doc, ensure_ascii=False)
    records = [r for r in env.audit() if r["extra"].get("session") == session.id]
    assert [r["extra"]["homework_instruction"] for r in records] == ["applied"] * 4


def test_a_teacher_opens_and_closes_a_session_from_the_help_page(classroom: ProxyEnv) -> None:
    env = classroom
    with env.client("t.li") as browser:  # the help site's index page links to the session page
        index = browser.get("http://privacy-guard.internal/").text
    page_url = index.split("id=session-link href=", 1)[1].split(">", 1)[0]
    assert page_url == "http://privacy-guard.internal/session"
    with env.client() as pupil_browser:
        assert pupil_browser.get(page_url).status_code == 407  # no teacher login: asked for one
    with env.client("t.li") as browser:
        page = browser.get(page_url)
        assert page.status_code == 200 and "fake-ai" in page.text
        token = page.text.split("name=token value='", 1)[1].split("'", 1)[0]
        form = {"token": token, "class": "3-2", "minutes": "40", "service": "fake-ai"}
        forged = browser.post(page_url + "/open", data=form, headers={"origin": "http://evil.example"})
        assert forged.status_code == 403 and not env.server.runtime.sessions.active()
        opened = browser.post(page_url + "/open", data=form, headers={"origin": "http://privacy-guard.internal"})
        assert opened.status_code == 200 and "已开启" in opened.text
        (session,) = env.server.runtime.sessions.active()
        assert env.chat("光合作用是什么？").status_code == 200
        closed = browser.post(page_url + "/close", data={"token": token, "id": session.id},
                              headers={"origin": "http://privacy-guard.internal"})
        assert "已结束" in closed.text
    assert env.chat("光合作用是什么？").status_code == 403
