"""Daily request counters shared beyond one process: `FileDailyCounter` for the
worker processes of one box (a small SQLite file in the data directory) and
`RedisDailyCounter` for several nodes. Both have `DailyCounter`'s interface
(`increment(key, at) -> int` per local day, `increment_hour(key, at)` per clock hour).

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

__all__ = ["FileDailyCounter", "RedisDailyCounter"]


def _hashed(key: str, secret: bytes) -> str:
    return hashlib.blake2b(key.encode("utf-8"), key=secret, digest_size=16).hexdigest()


class FileDailyCounter:
    """Counts in one SQLite file shared by the workers of a box. Counts are not
    worth an fsync: a power cut at worst forgets a few of today's requests."""

    def __init__(self, path: Path, secret: bytes, clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self._secret = secret
        self._clock = clock
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE IF NOT EXISTS daily_counts (day TEXT, key TEXT, n INTEGER, PRIMARY KEY (day, key))")
        path.chmod(0o600)
        self._lock = threading.Lock()
        self._day: str | None = None

    def increment(self, key: str, at: dt.datetime | None = None) -> int:
        return self._bump(key, at or self._clock())

    def increment_hour(self, key: str, at: dt.datetime | None = None) -> int:
        now = at or self._clock()
        return self._bump(f"{key}\x00h{now.hour:02d}", now)

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


class RedisDailyCounter:
    """Counts in Redis (INCR, expiring two days later), shared by every node."""

    def __init__(self, client: Any, secret: bytes, *, prefix: str,
                 clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self._redis = client
        self._secret = secret
        self._prefix = prefix
        self._clock = clock

    def increment(self, key: str, at: dt.datetime | None = None) -> int:
        return self._bump(key, at or self._clock())

    def increment_hour(self, key: str, at: dt.datetime | None = None) -> int:
        now = at or self._clock()
        return self._bump(f"{key}\x00h{now.hour:02d}", now)

    def _bump(self, key: str, now: dt.datetime) -> int:
        day = now.date().isoformat()
        name = f"{self._prefix}:daily:{day}:{_hashed(key, self._secret)}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, 2 * 86400)
        n, _ = pipe.execute()
        return int(n)
