"""Counters shared beyond one process, for the worker processes of one box (a
small SQLite file in the data directory) and for several nodes (Redis):

- daily request counts (`FileDailyCounter`, `RedisDailyCounter`; `DailyCounter`'s
  interface: `increment(key, at) -> int` per local day, `increment_hour` per clock hour);
- failed logins (`FileLoginFailures`, `RedisLoginFailures`; the `FailureStore` of
  `proxy.policy.principals.LoginThrottle`), so guessing spread over workers or
  nodes counts once.

Keys (user names, client addresses) are stored only as keyed hashes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from proxy.policy.principals import Failures

__all__ = ["FileDailyCounter", "RedisDailyCounter", "FileLoginFailures", "RedisLoginFailures"]


def _hashed(key: str, secret: bytes) -> str:
    return hashlib.blake2b(key.encode("utf-8"), key=secret, digest_size=16).hexdigest()


def _shared_db(path: Path, table: str) -> sqlite3.Connection:
    """A SQLite file the workers of a box share (owner-only), with `table` created. Counts
    are not worth an fsync: a power cut at worst forgets a few recent ones."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute(f"CREATE TABLE IF NOT EXISTS {table}")
    path.chmod(0o600)
    return db


class _DailyCounts:
    """What both daily counters share: the hour's count is the day's count of a derived key."""

    _clock: Callable[[], dt.datetime]

    def increment(self, key: str, at: dt.datetime | None = None) -> int:
        return self._bump(key, at or self._clock())

    def increment_hour(self, key: str, at: dt.datetime | None = None) -> int:
        now = at or self._clock()
        return self._bump(f"{key}\x00h{now.hour:02d}", now)

    def _bump(self, key: str, now: dt.datetime) -> int:
        raise NotImplementedError


class FileDailyCounter(_DailyCounts):
    """Counts in one SQLite file shared by the workers of a box. Counts are not
    worth an fsync: a power cut at worst forgets a few of today's requests."""

    def __init__(self, path: Path, secret: bytes, clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self._secret = secret
        self._clock = clock
        self._db = _shared_db(path, "daily_counts (day TEXT, key TEXT, n INTEGER, PRIMARY KEY (day, key))")
        self._lock = threading.Lock()
        self._day: str | None = None

    def _bump(self, key: str, now: dt.datetime) -> int:
        day = now.date().isoformat()
        with self._lock:
            if day != self._day:
                self._db.execute("DELETE FROM daily_counts WHERE day < ?", (day,))
                self._day = day
            row = self._db.execute(
                "INSERT INTO daily_counts VALUES (?, ?, 1) ON CONFLICT (day, key) DO UPDATE SET n = n + 1 RETURNING n",
                (day, _hashed(key, self._secret)),
            ).fetchone()
        return int(row[0])

    def close(self) -> None:
        self._db.close()


class RedisDailyCounter(_DailyCounts):
    """Counts in Redis (INCR, expiring two days later), shared by every node."""

    def __init__(self, client: Any, secret: bytes, *, prefix: str,
                 clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self._redis = client
        self._secret = secret
        self._prefix = prefix
        self._clock = clock

    def _bump(self, key: str, now: dt.datetime) -> int:
        day = now.date().isoformat()
        name = f"{self._prefix}:daily:{day}:{_hashed(key, self._secret)}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, 2 * 86400)
        n, _ = pipe.execute()
        return int(n)


class FileLoginFailures:
    """Failed-login counts in one SQLite file shared by the workers of a box (a
    `FailureStore`). Times are wall-clock seconds (`time.time`), the clock every worker shares."""

    def __init__(self, path: Path, secret: bytes, *, max_entries: int = 100_000) -> None:
        self._secret = secret
        self._cap = max_entries
        self._db = _shared_db(path, "login_failures (key TEXT PRIMARY KEY, n INTEGER, last REAL, locked_until REAL)")
        self._lock = threading.Lock()
        self._writes = 0

    def get(self, key: str, now: float, window: float) -> Failures | None:
        with self._lock:
            row = self._db.execute("SELECT n, last, locked_until FROM login_failures WHERE key = ?",
                                   (_hashed(key, self._secret),)).fetchone()
        entry = None if row is None else Failures(int(row[0]), float(row[1]), float(row[2]))
        return entry if entry is not None and entry.alive(now, window) else None

    def add_failure(self, key: str, now: float, window: float) -> int:
        with self._lock:
            # A dead entry (no lockout running, last failure outside the window) starts again at 1.
            row = self._db.execute(
                "INSERT INTO login_failures VALUES (?, 1, ?, 0) ON CONFLICT (key) DO UPDATE SET "
                "n = CASE WHEN ?2 >= locked_until AND ?2 - last > ?3 THEN 1 ELSE n + 1 END, last = ?2 RETURNING n",
                (_hashed(key, self._secret), now, window),
            ).fetchone()
            self._writes += 1
            if self._writes % 1000 == 0:
                self._prune(now, window)
        return int(row[0])

    def lock(self, key: str, now: float, until: float, window: float) -> None:
        with self._lock:
            self._db.execute("UPDATE login_failures SET locked_until = MAX(locked_until, ?) WHERE key = ?",
                             (until, _hashed(key, self._secret)))

    def clear(self, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM login_failures WHERE key = ?", (_hashed(key, self._secret),))

    def _prune(self, now: float, window: float) -> None:
        """Dead entries go; past `max_entries` the oldest go first (as in memory)."""
        self._db.execute("DELETE FROM login_failures WHERE ? >= locked_until AND ? - last > ?", (now, now, window))
        self._db.execute("DELETE FROM login_failures WHERE key IN (SELECT key FROM login_failures "
                         "ORDER BY last DESC LIMIT -1 OFFSET ?)", (self._cap,))

    def close(self) -> None:
        self._db.close()


# Atomic in Redis: count one failure at ARGV[1] (a dead entry — no lockout running,
# the last failure more than ARGV[3] seconds ago — starts again at 1) and keep the key
# for ARGV[2] ms; and lock it until a time, keeping a longer lockout. Redis's expiry
# only tidies up: liveness is judged on the throttle's clock, as in the other stores.
_ADD_FAILURE = """
local now, window = tonumber(ARGV[1]), tonumber(ARGV[3])
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
local locked = tonumber(redis.call('HGET', KEYS[1], 'locked_until') or '0')
if now >= locked and now - last > window then redis.call('DEL', KEYS[1]) end
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('HSET', KEYS[1], 'last', ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n
"""
_LOCK = """
local cur = tonumber(redis.call('HGET', KEYS[1], 'locked_until') or '0')
if tonumber(ARGV[1]) > cur then redis.call('HSET', KEYS[1], 'locked_until', ARGV[1]) end
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
"""


class RedisLoginFailures:
    """Failed-login counts in Redis, shared by every node (a `FailureStore`). An entry
    expires `window` seconds after its last failure or when its lockout ends, whichever
    is later, so Redis's expiry does the forgetting. Wall-clock times (`time.time`)."""

    def __init__(self, client: Any, secret: bytes, *, prefix: str) -> None:
        self._redis = client
        self._secret = secret
        self._prefix = prefix
        self._add = client.register_script(_ADD_FAILURE)
        self._lock_script = client.register_script(_LOCK)

    def _name(self, key: str) -> str:
        return f"{self._prefix}:login:{_hashed(key, self._secret)}"

    def get(self, key: str, now: float, window: float) -> Failures | None:
        got = self._redis.hmget(self._name(key), "n", "last", "locked_until")
        if got[0] is None:
            return None
        entry = Failures(int(got[0]), float(got[1] or now), float(got[2] or 0.0))
        return entry if entry.alive(now, window) else None

    def add_failure(self, key: str, now: float, window: float) -> int:
        return int(self._add(keys=[self._name(key)], args=[repr(now), int(window * 1000) + 1, repr(window)]))

    def lock(self, key: str, now: float, until: float, window: float) -> None:
        # A lockout longer than the window keeps the entry to its end.
        keep_ms = int(max(window, until - now) * 1000) + 1
        self._lock_script(keys=[self._name(key)], args=[repr(until), keep_ms])

    def clear(self, key: str) -> None:
        self._redis.delete(self._name(key))
