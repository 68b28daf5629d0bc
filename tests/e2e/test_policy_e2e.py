"""End to end: two principals through the real proxy get different outcomes for
the same prompt; policy edits apply within seconds and bad edits are refused."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.proxy_env import ProxyEnv, proxy_env

ROOT = Path(__file__).resolve().parents[2]
PROMPT = "家长电话13912345678，帮我写一份家长会通知"


def _policy(exams: str = "[]") -> str:
    return f"""
services_file: {ROOT / 'config' / 'services.yaml'}
services:
  - {{id: fake-ai, name: Fake AI, hosts: [localhost], endpoints: [{{path: '*/chat/completions', format: openai_chat}}]}}
identity:
  order: [proxy_auth, address]
  users_file: users.yaml
  address_ranges:
    - {{id: classroom, cidr: [127.0.0.0/8], role: student, stage: upper_secondary, grade: 11}}
access:
  whitelist:
    - {{id: everyone-fake-ai, services: [fake-ai]}}
policy:
  overrides:
    - {{id: teachers-never-send-identifiers, roles: [teacher], actions: {{PHONE_NUMBER: block}}}}
exams: {exams}
reload_interval: 0.3
"""


@pytest.fixture()
def env(tmp_path: Path) -> Iterator[ProxyEnv]:
    yield from proxy_env(tmp_path, _policy(), {"t.wang": "role: teacher\nstage: upper_secondary"})


def test_student_by_address_and_teacher_by_proxy_auth_get_different_outcomes(env: ProxyEnv) -> None:
    student = env.chat(PROMPT)
    assert student.status_code == 200
    assert "〔手机号甲〕" in json.loads(env.upstream.received[-1]["body"])["messages"][0]["content"]
    sent_before = len(env.upstream.received)
    teacher = env.chat(PROMPT, "t.wang")
    assert teacher.status_code == 403
    assert "手机号" in teacher.json()["error"]["message"]
    assert len(env.upstream.received) == sent_before
    audit = list(env.server.runtime.audit.records())
    roles = [r["principal"]["role"] for r in audit[-2:]]
    assert roles == ["student", "teacher"]
    assert audit[-1]["rule_ids"] == ["access.everyone-fake-ai", "policy.teachers-never-send-identifiers"]


def test_wrong_proxy_password_gets_407(env: ProxyEnv) -> None:
    ca = env.server.runtime.data_dir / "mitmproxy-ca-cert.pem"
    with httpx.Client(proxy=f"http://t.wang:nope@127.0.0.1:{env.server.port}", verify=str(ca), timeout=20) as c:
        with pytest.raises(httpx.ProxyError, match="407"):
            c.post(f"https://localhost:{env.port}/v1/chat/completions", json={"messages": []})


def _wait_for(predicate, seconds: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_hot_reload_applies_an_edit_and_keeps_the_old_policy_on_a_bad_one(env: ProxyEnv) -> None:
    # One keep-alive connection across both reloads: a reload never drops it.
    student = env.client()
    assert env.chat(PROMPT, client=student).status_code == 200
    now = dt.datetime.now()
    exam = (f"[{{id: surprise-quiz, title: 随堂测验, start: {(now - dt.timedelta(hours=1)):%Y-%m-%dT%H:%M}, "
            f"end: {(now + dt.timedelta(hours=1)):%Y-%m-%dT%H:%M}, grades: [11]}}]")
    env.cfg.write_text(_policy(exam), encoding="utf-8")
    assert _wait_for(lambda: env.server.reloader.reloads >= 1)
    blocked = env.chat(PROMPT, client=student)
    assert blocked.status_code == 403 and "随堂测验" in blocked.json()["error"]["message"]
    env.cfg.write_text(_policy(exam) + "bogus_key: 1\n", encoding="utf-8")
    assert _wait_for(lambda: env.server.reloader.last_error is not None)
    assert "bogus_key: unknown key" in (env.server.reloader.last_error or "")
    assert env.chat(PROMPT, client=student).status_code == 403  # the exam rule is still in force
    student.close()
