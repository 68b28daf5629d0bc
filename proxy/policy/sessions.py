"""Supervised class sessions: a teacher opens AI for one class (or a room's
address range) for named services and a limited time; the open sessions live
in one small JSON file in the data directory, shared by the proxy, its help
page and the `privacy-guard session` command.

Theory of operation: every change (open, close) takes an exclusive lock on a
side file, re-reads the JSON, changes it and replaces it atomically (write to a
temporary file, fsync, `os.replace`), so the proxy and the command line never
see half a file or lose each other's change. Readers re-read the file when its
modification time or size changes. Inside a session its pupils may use its
services under a stricter data policy (`PolicySettings.for_session`); a session
ends by itself at `end` or when its teacher closes it. Only the teacher's keyed
hash is kept, never the user id.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import ipaddress
import json
import logging
import os
import secrets
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from detectors.errors import ConfigError
from proxy.policy.principals import Principal

__all__ = ["ClassSession", "SessionBook", "SessionError"]

log = logging.getLogger(__name__)

#: Finished sessions kept in the file for the report (oldest dropped first).
_KEEP = 2000


class SessionError(ConfigError):
    """A session cannot be opened or closed (the message is for the teacher, in Chinese)."""


@dataclass(frozen=True, slots=True)
class ClassSession:
    id: str
    teacher_hash: str
    #: Role, stage and class of the teacher (no name): "teacher@primary, class 3-2".
    teacher_label: str
    services: tuple[str, ...]
    start: dt.datetime
    end: dt.datetime
    class_name: str | None = None
    cidr: tuple[str, ...] = ()
    stage: str | None = None
    closed_at: dt.datetime | None = None

    def active(self, now: dt.datetime) -> bool:
        return self.start <= now < self.end and (self.closed_at is None or now < self.closed_at)

    def ends(self) -> dt.datetime:
        return min(self.end, self.closed_at) if self.closed_at is not None else self.end

    def covers(self, p: Principal, client: str) -> bool:
        """Pupils of the class, or anyone (student or unidentified) on the room's addresses."""
        if self.class_name is not None and p.role == "student" and p.class_name == self.class_name:
            return self.stage is None or p.stage is None or p.stage == self.stage
        if self.cidr and p.role in ("student", "guest"):
            try:
                addr = ipaddress.ip_address(client)
            except ValueError:
                return False
            return any(addr in ipaddress.ip_network(c, strict=False) for c in self.cidr)
        return False

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("start", "end", "closed_at"):
            d[k] = d[k].isoformat(timespec="seconds") if d[k] is not None else None
        d["services"], d["cidr"] = list(self.services), list(self.cidr)
        return d

    @staticmethod
    def from_json(d: dict[str, Any]) -> ClassSession:
        return ClassSession(
            id=str(d["id"]), teacher_hash=str(d["teacher_hash"]), teacher_label=str(d.get("teacher_label", "")),
            services=tuple(d["services"]), start=dt.datetime.fromisoformat(d["start"]),
            end=dt.datetime.fromisoformat(d["end"]), class_name=d.get("class_name"), cidr=tuple(d.get("cidr", ())),
            stage=d.get("stage"),
            closed_at=dt.datetime.fromisoformat(d["closed_at"]) if d.get("closed_at") else None,
        )


class SessionBook:
    """The sessions file: read on change, written atomically under a lock. Thread-safe."""

    def __init__(self, path: Path, *, default_minutes: int = 40, max_minutes: int = 480,
                 clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.path = path
        self.default_minutes, self.max_minutes = default_minutes, max_minutes
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None
        self._sessions: tuple[ClassSession, ...] = ()

    # -- reading -----------------------------------------------------------------

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _read_file(self) -> tuple[ClassSession, ...]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return tuple(ClassSession.from_json(d) for d in raw.get("sessions", ()))
        except FileNotFoundError:
            return ()
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # JSONDecodeError, UnicodeDecodeError are ValueErrors
            raise ConfigError(f"{self.path}: damaged sessions file ({type(exc).__name__})", path=str(self.path)) from None

    def sessions(self) -> tuple[ClassSession, ...]:
        """Every session in the file (re-read when it changed)."""
        with self._lock:
            stamp = self._stamp()
            if stamp != self._seen:
                try:
                    self._sessions = self._read_file()
                except ConfigError:
                    # A damaged file opens nothing: sessions only ever allow more.
                    log.warning("sessions file %s is damaged: no class session is open", self.path)
                    self._sessions = ()
                self._seen = stamp
            return self._sessions

    def active(self, now: dt.datetime | None = None) -> tuple[ClassSession, ...]:
        at = now or self._clock()
        return tuple(s for s in self.sessions() if s.active(at))

    def find(self, p: Principal, client: str, service: str, now: dt.datetime) -> ClassSession | None:
        """The open session that lets this pupil use this service now, if any."""
        return next((s for s in self.active(now) if service in s.services and s.covers(p, client)), None)

    # -- writing -----------------------------------------------------------------

    @contextmanager
    def _edit(self) -> Iterator[list[ClassSession]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            sessions = list(self._read_file())
            yield sessions
            body = json.dumps({"sessions": [s.to_json() for s in sessions[-_KEEP:]]}, ensure_ascii=False, indent=1)
            tmp = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent, delete=False,
                                              prefix=".sessions-", suffix=".tmp")
            try:
                with tmp:
                    tmp.write(body)
                    tmp.flush()
                    os.fsync(tmp.fileno())
                os.chmod(tmp.name, 0o600)
                os.replace(tmp.name, self.path)
            except BaseException:
                Path(tmp.name).unlink(missing_ok=True)
                raise
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def open(self, teacher: Principal, teacher_hash: str, *, services: tuple[str, ...], class_name: str | None = None,
             cidr: tuple[str, ...] = (), minutes: int | None = None, now: dt.datetime | None = None) -> ClassSession:
        """Open a session; `SessionError` (in Chinese) says why not."""
        at = now or self._clock()
        length = self.default_minutes if minutes is None else minutes
        if teacher.role != "teacher":
            raise SessionError("只有教师可以开启课堂 AI 使用时段。")
        if (class_name is None) == (not cidr):
            raise SessionError("请指定一个班级（如 3-2）或一个教室网段，二者选一。")
        if class_name is not None and teacher.class_name and class_name != teacher.class_name:
            raise SessionError(f"你是 {teacher.class_name} 班的老师，不能为 {class_name} 班开启课堂时段。")
        if not services:
            raise SessionError("请至少指定一个 AI 服务。")
        if not 1 <= length <= self.max_minutes:
            raise SessionError(f"时长须在 1 到 {self.max_minutes} 分钟之间（默认 {self.default_minutes} 分钟）。")
        for net in cidr:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError:
                raise SessionError(f"网段格式不对：{net}（应为 10.10.3.0/24 这样的格式）。") from None
        session = ClassSession(
            id=secrets.token_hex(4), teacher_hash=teacher_hash, teacher_label=teacher.label(), services=services,
            start=at.replace(microsecond=0), end=(at + dt.timedelta(minutes=length)).replace(microsecond=0),
            class_name=class_name, cidr=cidr, stage=teacher.stage,
        )
        with self._edit() as sessions:
            sessions.append(session)
        return session

    def close(self, session_id: str, teacher_hash: str, *, now: dt.datetime | None = None) -> ClassSession:
        """Close an open session early; only the teacher who opened it may."""
        at = now or self._clock()
        with self._edit() as sessions:
            for i, s in enumerate(sessions):
                if s.id != session_id:
                    continue
                if s.teacher_hash != teacher_hash:
                    raise SessionError("只有开启这个课堂时段的老师可以结束它。")
                if not s.active(at):
                    raise SessionError("这个课堂时段已经结束了。")
                sessions[i] = replace(s, closed_at=at.replace(microsecond=0))
                return sessions[i]
        raise SessionError(f"没有编号为 {session_id} 的课堂时段。")
