"""The audit report lists the supervised class sessions and how much each (hashed)
student used AI, from records alone (no prompt text exists to read)."""

from __future__ import annotations

import json

import pytest

from proxy.audit.report import aggregate, render
from proxy.audit.store import VerifyReport


def _record(time: str, *, session: str | None = None, user: str = "u1", action: str = "allow") -> dict[str, object]:
    extra = {"session": session, "session_teacher": "t-hash-1"} if session else {}
    return {"time": time, "action": action, "service": "deepseek", "rule_ids": ["no-findings"], "findings": [],
            "principal": {"role": "student", "stage": "primary", "class": "3-2", "user_hash": user}, "extra": extra}


RECORDS = [
    _record("2026-11-30T09:05:00+08:00", session="s-abc"),
    _record("2026-11-30T09:20:00+08:00", session="s-abc", user="u2", action="block"),
    _record("2026-11-30T20:00:00+08:00", user="u2"),
    _record("2026-11-30T20:05:00+08:00", user="u2"),
]


@pytest.mark.parametrize("fmt,expected", [
    ("html", ["课堂时段", "s-abc", "t-hash-1", "3-2", "学生使用次数分布"]),
    ("csv", ["session,s-abc,2", "student_buckets,1,1", "student_buckets,2-5,1"]),
], ids=["html", "csv"])
def test_the_report_lists_sessions_and_use_per_student(fmt: str, expected: list[str]) -> None:
    data = aggregate(RECORDS, period_from="2026-11-30", period_to="2026-12-01", verify=VerifyReport())
    out = render(data, fmt)
    for text in expected:
        assert text in out


def test_the_json_report_holds_the_session_with_its_counts() -> None:
    data = json.loads(render(aggregate(RECORDS, period_from=None, period_to=None, verify=VerifyReport()), "json"))
    (session,) = data["sessions"]
    assert session["id"] == "s-abc" and session["requests"] == 2 and session["blocked"] == 1
    assert data["student_buckets"]["1"] == 1 and data["student_buckets"]["2-5"] == 1


def test_a_period_without_sessions_says_so() -> None:
    out = render(aggregate(RECORDS[2:], period_from=None, period_to=None, verify=VerifyReport()), "html")
    assert "本期间没有教师开启的课堂时段" in out
