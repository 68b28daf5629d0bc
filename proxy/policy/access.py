"""Who may use which AI service, and when: service whitelists per role and
stage, blocked AI-looking hosts, exam periods and daily request limits.

Theory of operation: these rules run before any scanning, in this order, and
the first that refuses decides (its rule id travels with the decision):
  1. blocked host            -> access.blocked-host
  2. exam period in force    -> exam.<id>
  3. service not whitelisted -> access.not-whitelisted (or the refusing rule)
  4. daily limit reached     -> limit.daily.<role>
Content rules (per-entity actions) then apply to what is allowed through.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pydantic import Field, model_validator

from proxy.policy.loading import StrictModel
from proxy.policy.principals import Principal
from proxy.policy.vocabulary import Role, Stage

__all__ = [
    "Matcher", "WhitelistEntry", "AccessSettings", "ExamWindow", "ExamsFile", "LimitSettings",
    "AccessVerdict", "AccessControl", "DailyCounter", "RequestCounter",
]


class Matcher(StrictModel):
    """Which principals a rule covers; an empty list means any."""

    roles: tuple[Role, ...] = ()
    stages: tuple[Stage, ...] = ()
    grades: tuple[int, ...] = ()
    classes: tuple[str, ...] = ()

    def matches(self, p: Principal) -> bool:
        return (
            (not self.roles or p.role in self.roles)
            and (not self.stages or p.stage in self.stages)
            and (not self.grades or p.grade in self.grades)
            and (not self.classes or p.class_name in self.classes)
        )


class WhitelistEntry(Matcher):
    id: str
    #: Service ids from the catalog, or "*" for every service.
    services: tuple[str, ...]


class AccessSettings(StrictModel):
    #: When absent, every principal may use every catalogued service.
    whitelist: tuple[WhitelistEntry, ...] | None = None
    #: AI-looking hosts outside the catalog, blocked for everyone (globs).
    blocked_hosts: tuple[str, ...] = ()


class ExamWindow(Matcher):
    id: str
    title: str
    start: dt.datetime
    end: dt.datetime
    roles: tuple[Role, ...] = ("student",)

    @model_validator(mode="after")
    def _ordered(self) -> ExamWindow:
        if self.end <= self.start:
            raise ValueError(f"exam {self.id}: end {self.end} is not after start {self.start}")
        return self


class ExamsFile(StrictModel):
    exams: tuple[ExamWindow, ...]


class LimitSettings(StrictModel):
    #: Requests per day per user (or per address when the user is unknown), by role.
    daily_requests: dict[Role, int] = Field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AccessVerdict:
    allowed: bool
    rule_id: str
    message: str = ""
    #: Facts for the audit (e.g. today's request count).
    extra: tuple[tuple[str, str], ...] = ()


class RequestCounter(Protocol):
    """Requests per key per local day: the in-process `DailyCounter`, or a shared one
    (a file for the workers of one box, Redis for several nodes)."""

    def increment(self, key: str) -> int: ...


class DailyCounter:
    """Requests per key per local day; resets at midnight. Thread-safe."""

    def __init__(self, clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self._clock = clock
        self._day: dt.date | None = None
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def increment(self, key: str) -> int:
        with self._lock:
            today = self._clock().date()
            if today != self._day:
                self._day, self._counts = today, {}
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]


def _local(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo is None else t.astimezone().replace(tzinfo=None)


class AccessControl:
    def __init__(
        self, access: AccessSettings, exams: tuple[ExamWindow, ...], limits: LimitSettings,
        counter: RequestCounter | None = None,
    ) -> None:
        self._access = access
        self._exams = exams
        self._limits = limits
        self.counter: RequestCounter = counter or DailyCounter()

    def is_blocked_host(self, host: str) -> bool:
        h = host.lower()
        return any(fnmatch.fnmatchcase(h, pattern.lower()) for pattern in self._access.blocked_hosts)

    def check(
        self, principal: Principal, service: str | None, host: str, *, now: dt.datetime, client: str,
        count: bool = True,
    ) -> AccessVerdict:
        if self.is_blocked_host(host):
            return AccessVerdict(False, "access.blocked-host", "学校不允许使用这个 AI 服务。")
        at = _local(now)
        for exam in self._exams:
            if exam.matches(principal) and _local(exam.start) <= at < _local(exam.end):
                until = _local(exam.end).strftime("%m月%d日 %H:%M")
                return AccessVerdict(
                    False, f"exam.{exam.id}",
                    f"现在是考试时间（{exam.title}），考试期间学生不能使用 AI 工具，{until} 之后可以再使用。",
                )
        if service is not None and self._access.whitelist is not None:
            entry = next(
                (e for e in self._access.whitelist if e.matches(principal) and ("*" in e.services or service in e.services)),
                None,
            )
            if entry is None:
                return AccessVerdict(
                    False, "access.not-whitelisted",
                    "学校没有为你的身份开放这个 AI 服务（白名单之外）。如需使用，请联系老师或学校信息管理员。",
                )
            rule = f"access.{entry.id}"
        else:
            rule = "access.open"
        limit = self._limits.daily_requests.get(principal.role)
        if limit is not None and count:
            key = principal.user or f"address:{client}"
            n = self.counter.increment(key)
            if n > limit:
                return AccessVerdict(
                    False, f"limit.daily.{principal.role}",
                    f"今天的 AI 使用次数已达到学校设定的上限（{limit} 次），明天再来吧。",
                    extra=(("daily_count", str(n)), ("daily_limit", str(limit))),
                )
            return AccessVerdict(True, rule, extra=(("daily_count", str(n)), ("daily_limit", str(limit))))
        return AccessVerdict(True, rule)


