"""Who may use which AI service, and when: service whitelists per role and
stage, blocked AI-looking hosts, AI hosts outside the catalog, exam periods,
supervised class sessions, allowed hours and request limits.

Theory of operation: these rules run before any scanning, in this order, and
the first that refuses (or, for a session, admits) decides; its rule id
travels with the decision:
  1. blocked host                 -> access.blocked-host
  2. exam period in force         -> exam.<id>
  3. open class session covers it -> session.<id>  (admitted; stricter data policy)
  4. AI host outside the catalog  -> access.unknown-ai (block | inspect | allow, by role)
  5. service not whitelisted      -> access.not-whitelisted (or the admitting rule)
  6. outside the allowed hours    -> hours.<id>
  7. a limit reached              -> limit.daily.<role>, limit.<id>.hour / limit.<id>.day
Content rules (per-entity actions) then apply to what is allowed through.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from pydantic import Field, field_validator, model_validator

from proxy.policy.loading import StrictModel
from proxy.policy.principals import Principal
from proxy.policy.sessions import ClassSession, SessionBook
from proxy.policy.vocabulary import ROLES, Role, Stage

__all__ = [
    "Matcher", "WhitelistEntry", "AccessSettings", "ExamWindow", "ExamsFile", "LimitSettings",
    "AccessVerdict", "AccessControl", "DailyCounter", "UnknownAi", "LimitRule", "HoursRule", "UNKNOWN_AI_SERVICE_ID",
    "DEFAULT_UNKNOWN_AI", "RequestCounter",
]

#: The catalog's stand-in service id for an AI host outside the catalog.
UNKNOWN_AI_SERVICE_ID = "unknown-ai"

UnknownAi = Literal["block", "inspect", "allow"]
#: By role ("default" for the others): students and the unidentified are
#: blocked, everyone else's requests are decrypted and scanned like any service.
DEFAULT_UNKNOWN_AI: dict[str, UnknownAi] = {"student": "block", "guest": "block", "default": "inspect"}


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
    #: Admit services without China's generative-AI filing (备案) for students:
    #: `check-config` refuses such a whitelist unless this says so explicitly.
    allow_unfiled: bool = False


class AccessSettings(StrictModel):
    #: When absent, every principal may use every catalogued service.
    whitelist: tuple[WhitelistEntry, ...] | None = None
    #: AI-looking hosts outside the catalog, blocked for everyone (globs).
    blocked_hosts: tuple[str, ...] = ()
    #: AI hosts outside the catalog but on the maintained list, by role ("default": the
    #: others): block, inspect (decrypt and scan every string) or allow (forward unscanned).
    #: Merged with the defaults key by key.
    unknown_ai: dict[str, UnknownAi] = Field(default_factory=lambda: dict(DEFAULT_UNKNOWN_AI))
    #: The maintained list of generative-AI domains (default: the shipped config/ai_domains.yaml),
    #: relative to the configuration file.
    ai_domains_file: str | None = None
    #: A school's own additions to the list (each covers its subdomains).
    extra_ai_domains: tuple[str, ...] = ()

    @field_validator("unknown_ai")
    @classmethod
    def _roles(cls, v: dict[str, UnknownAi]) -> dict[str, UnknownAi]:
        unknown = sorted(set(v) - set(ROLES) - {"default"})
        if unknown:
            raise ValueError(f"unknown role(s) {unknown}; expected some of {[*ROLES, 'default']}")
        return {**DEFAULT_UNKNOWN_AI, **v}

    def unknown_ai_for(self, role: Role) -> UnknownAi:
        return self.unknown_ai.get(role, self.unknown_ai["default"])


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


_HHMM = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


class LimitRule(Matcher):
    """Requests per user (or per address when the user is unknown) per clock hour and/or per day,
    for the principals it matches (by role, stage, grade, class)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    per_hour: int | None = Field(default=None, ge=0)
    per_day: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _some(self) -> LimitRule:
        if self.per_hour is None and self.per_day is None:
            raise ValueError(f"limit {self.id}: expected per_hour and/or per_day")
        return self


class HoursRule(Matcher):
    """Times of day when the matched principals may not use AI, e.g. after 22:00,
    or during lessons (except inside a class session)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    #: "HH:MM-HH:MM" local time; a window may cross midnight ("22:00-06:00").
    deny: tuple[str, ...] = Field(min_length=1)
    #: ISO weekdays (1 = Monday … 7 = Sunday); empty = every day.
    weekdays: tuple[int, ...] = ()
    #: The message a pupil sees; default names the window.
    message: str | None = None

    @field_validator("deny")
    @classmethod
    def _windows(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        import re

        bad = [w for w in v if not re.fullmatch(f"{_HHMM}-{_HHMM}", w)]
        if bad:
            raise ValueError(f"expected windows like 22:00-06:00, got {bad}")
        return v

    @field_validator("weekdays")
    @classmethod
    def _days(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        if any(not 1 <= d <= 7 for d in v):
            raise ValueError("expected ISO weekdays 1 (Monday) to 7 (Sunday)")
        return v

    def window_at(self, at: dt.datetime) -> str | None:
        """The deny window `at` falls in, or None."""
        if self.weekdays and at.isoweekday() not in self.weekdays:
            return None
        now = at.hour * 60 + at.minute
        for w in self.deny:
            a, b = (_minutes(x) for x in w.split("-"))
            if (a <= now < b) if a < b else (now >= a or now < b):
                return w
        return None


class LimitSettings(StrictModel):
    #: Requests per day per user (or per address when the user is unknown), by role.
    daily_requests: dict[Role, int] = Field(default_factory=dict)
    #: Limits by role, stage, grade and class, per hour and per day; every matching rule applies.
    rules: tuple[LimitRule, ...] = ()
    #: Hours without AI; a class session lifts them for its pupils.
    hours: tuple[HoursRule, ...] = ()


@dataclass(frozen=True, slots=True)
class AccessVerdict:
    allowed: bool
    rule_id: str
    message: str = ""
    #: Facts for the audit (e.g. today's request count, the session id).
    extra: tuple[tuple[str, str], ...] = ()
    #: The class session that admitted the request (its stricter data policy applies).
    session: ClassSession | None = None
    #: False: forward without scanning (an unknown AI host set to `allow`); still audited.
    inspect: bool = True


class RequestCounter(Protocol):
    """Requests per key per local day and per clock hour: the in-process `DailyCounter`, or a shared one
    (a file for the workers of one box, Redis for several nodes)."""

    def increment(self, key: str, at: dt.datetime | None = None) -> int: ...

    def increment_hour(self, key: str, at: dt.datetime | None = None) -> int: ...


class DailyCounter:
    """Requests per key per local day, and per key per clock hour; resets at
    midnight. Thread-safe."""

    def __init__(self, clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self._clock = clock
        self._day: dt.date | None = None
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def _bump(self, key: str, at: dt.datetime | None) -> int:
        with self._lock:
            today = (at or self._clock()).date()
            if today != self._day:
                self._day, self._counts = today, {}
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]

    def increment(self, key: str, at: dt.datetime | None = None) -> int:
        """Today's count for `key`, this request included."""
        return self._bump(key, at)

    def increment_hour(self, key: str, at: dt.datetime | None = None) -> int:
        """This clock hour's count for `key`, this request included."""
        now = at or self._clock()
        return self._bump(f"{key}\x00h{now.hour:02d}", now)


def _local(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo is None else t.astimezone().replace(tzinfo=None)


class AccessControl:
    def __init__(
        self, access: AccessSettings, exams: tuple[ExamWindow, ...], limits: LimitSettings,
        counter: RequestCounter | None = None, *, sessions: SessionBook | None = None,
    ) -> None:
        self._access = access
        self._exams = exams
        self._limits = limits
        self.counter: RequestCounter = counter or DailyCounter()
        self.sessions = sessions

    @property
    def settings(self) -> AccessSettings:
        return self._access

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
        if self.sessions is not None and service is not None:
            session = self.sessions.find(principal, client, service, at)
            if session is not None:
                return AccessVerdict(
                    True, f"session.{session.id}", session=session,
                    extra=(("session", session.id), ("session_teacher", session.teacher_hash)),
                )
        if service == UNKNOWN_AI_SERVICE_ID:
            mode = self._access.unknown_ai_for(principal.role)
            if mode == "block":
                return AccessVerdict(
                    False, "access.unknown-ai",
                    "这个 AI 网站还没有经过学校审核，暂时不能使用。如需使用，请联系老师或学校信息管理员。",
                )
            rule = f"access.unknown-ai.{mode}"
            verdict = self._limits_check(principal, at, client, count, rule)
            return verdict if not verdict.allowed else replace(verdict, inspect=mode == "inspect")
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
        return self._limits_check(principal, at, client, count, rule)

    def _limits_check(self, principal: Principal, at: dt.datetime, client: str, count: bool, rule: str) -> AccessVerdict:
        for hours in self._limits.hours:
            window = hours.window_at(at) if hours.matches(principal) else None
            if window is not None:
                return AccessVerdict(
                    False, f"hours.{hours.id}",
                    hours.message or f"现在（{window}）是学校规定不能使用 AI 的时间。",
                )
        key = principal.user or f"address:{client}"
        extra: list[tuple[str, str]] = []
        limit = self._limits.daily_requests.get(principal.role)
        rules = [r for r in self._limits.rules if r.matches(principal)]
        if not count or (limit is None and not rules):
            return AccessVerdict(True, rule)
        day = self.counter.increment(key, at)
        hour = self.counter.increment_hour(key, at) if any(r.per_hour is not None for r in rules) else 0
        day_limits = [n for n in (limit, *(r.per_day for r in rules)) if n is not None]
        remaining_today = max(0, min(day_limits) - day) if day_limits else None
        extra.append(("daily_count", str(day)))
        if limit is not None:
            extra.append(("daily_limit", str(limit)))
        if remaining_today is not None:
            extra.append(("remaining_today", str(remaining_today)))
        if limit is not None and day > limit:
            return AccessVerdict(
                False, f"limit.daily.{principal.role}",
                f"今天的 AI 使用次数已达到学校设定的上限（{limit} 次），今天还剩 0 次，明天再来吧。", extra=tuple(extra),
            )
        for r in rules:
            if r.per_day is not None and day > r.per_day:
                return AccessVerdict(
                    False, f"limit.{r.id}.day",
                    f"今天的 AI 使用次数已达到学校设定的上限（{r.per_day} 次），今天还剩 0 次，明天再来吧。",
                    extra=tuple(extra),
                )
            if r.per_hour is not None and hour > r.per_hour:
                nxt = (at.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)).strftime("%H:%M")
                left = f"今天还剩 {remaining_today} 次" if remaining_today is not None else "今天的次数不受影响"
                return AccessVerdict(
                    False, f"limit.{r.id}.hour",
                    f"这一小时的 AI 使用次数已达到上限（{r.per_hour} 次），{nxt} 之后可以再用（{left}）。",
                    extra=(*extra, ("hourly_count", str(hour))),
                )
        return AccessVerdict(True, rule, extra=tuple(extra))
