"""Use of AI by students, from audit records, without reading anyone's prompts:
requests per hour of the day, the distribution of requests per (hashed)
student so over-reliance shows, and the supervised class sessions.

Records hold no prompt text; a student appears only as the audit's keyed hash.
Pure: records in, a `UsageReport` out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["SessionUse", "UsageReport", "aggregate_usage", "render_usage"]


@dataclass(frozen=True, slots=True)
class SessionUse:
    id: str
    teacher_hash: str
    classes: tuple[str, ...]
    requests: int
    blocked: int
    first: str
    last: str


@dataclass(frozen=True, slots=True)
class UsageReport:
    student_requests: int
    #: "00".."23" -> student requests in that hour of the day.
    by_hour: Mapping[str, int]
    #: Requests-per-student bucket ("1", "2-5", "6-20", "21-50", ">50") -> number of students.
    per_student_buckets: Mapping[str, int]
    #: The heaviest users, as (keyed hash, requests): for a teacher's conversation, not a league table.
    heaviest: tuple[tuple[str, int], ...]
    students: int
    median_per_student: float
    sessions: tuple[SessionUse, ...]


_BUCKETS = ((1, "1"), (5, "2-5"), (20, "6-20"), (50, "21-50"))


def _bucket(n: int) -> str:
    return next((name for top, name in _BUCKETS if n <= top), ">50")


def aggregate_usage(records: Iterable[Mapping[str, Any]], *, top: int = 10) -> UsageReport:
    hours: Counter[str] = Counter()
    per_student: Counter[str] = Counter()
    total = 0
    sessions: dict[str, dict[str, Any]] = {}
    for r in records:
        p = r.get("principal") or {}
        extra = r.get("extra") or {}
        when = str(r.get("time", ""))
        sid = extra.get("session")
        if sid:
            s = sessions.setdefault(sid, {"teacher": extra.get("session_teacher", ""), "classes": set(),
                                          "requests": 0, "blocked": 0, "first": when, "last": when})
            s["requests"] += 1
            s["blocked"] += r.get("action") == "block"
            s["last"] = max(s["last"], when)
            s["first"] = min(s["first"], when)
            if p.get("class"):
                s["classes"].add(p["class"])
        if p.get("role") != "student":
            continue
        total += 1
        if len(when) >= 13:
            hours[when[11:13]] += 1
        who = p.get("user_hash")
        if who:
            per_student[who] += 1
    counts = sorted(per_student.values())
    median = 0.0
    if counts:
        mid = len(counts) // 2
        median = float(counts[mid]) if len(counts) % 2 else (counts[mid - 1] + counts[mid]) / 2
    buckets: Counter[str] = Counter(_bucket(n) for n in counts)
    return UsageReport(
        student_requests=total,
        by_hour={f"{h:02d}": hours.get(f"{h:02d}", 0) for h in range(24)},
        per_student_buckets={name: buckets.get(name, 0) for name in ("1", "2-5", "6-20", "21-50", ">50")},
        heaviest=tuple(per_student.most_common(top)), students=len(counts), median_per_student=median,
        sessions=tuple(
            SessionUse(sid, s["teacher"], tuple(sorted(s["classes"])), s["requests"], s["blocked"], s["first"], s["last"])
            for sid, s in sorted(sessions.items(), key=lambda kv: kv[1]["first"])
        ),
    )


def render_usage(u: UsageReport) -> str:
    """Plain text: hours as bars, the per-student distribution, the sessions."""
    lines = [f"学生请求 (student requests): {u.student_requests}, 学生数 (students, by keyed hash): {u.students}, "
             f"每人中位数 (median per student): {u.median_per_student:g}", "", "按小时 (by hour of day):"]
    peak = max(u.by_hour.values(), default=0) or 1
    for hour, n in u.by_hour.items():
        if n:
            lines.append(f"  {hour}:00  {'#' * max(1, round(30 * n / peak)):<30} {n}")
    lines += ["", "每名学生的请求数分布 (students by number of requests):"]
    lines += [f"  {name:>6} 次: {n} 名" for name, n in u.per_student_buckets.items()]
    if u.heaviest:
        lines += ["", "使用最多的学生（散列，供老师了解是否过度依赖）(heaviest users, keyed hashes):"]
        lines += [f"  {h}  {n}" for h, n in u.heaviest]
    lines += ["", "课堂时段 (class sessions):"]
    if not u.sessions:
        lines.append("  （无）")
    for s in u.sessions:
        lines.append(f"  {s.id}  {s.first[:16]}–{s.last[11:16]}  classes {','.join(s.classes) or '—'}  "
                     f"requests {s.requests} (blocked {s.blocked})  teacher {s.teacher_hash[:8]}…")
    return "\n".join(lines) + "\n"
