"""Discovery of AI-looking hosts: which hosts on the maintained AI-domain list,
or merely looking like AI, the school's devices reached, so the IT office can
decide what to admit to the catalog or block.

Only host names are counted (from the CONNECT target or the TLS SNI, nothing is
decrypted for this), with first and last day seen — never who, never a client
address. Kept in memory (bounded) and written atomically to the data directory
at most every `flush_seconds`; `privacy-guard discovery-report` reads the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from proxy.policy.ai_domains import looks_like_ai
from proxy.policy.catalog import ServiceCatalog

__all__ = ["Sighting", "DiscoveryLog", "read_report", "render_report"]


@dataclass(frozen=True, slots=True)
class Sighting:
    host: str
    #: "list:<category>" (on the maintained list) or "looks:<reason>" (name only).
    why: str
    count: int
    first_seen: str  # ISO date
    last_seen: str


class DiscoveryLog:
    """Host sightings; `observe` is cheap (a dict update), `flush` writes the file. Thread-safe."""

    def __init__(self, path: Path, *, max_hosts: int = 5000, flush_seconds: float = 30.0,
                 clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.path = path
        self._max, self._every, self._clock = max_hosts, flush_seconds, clock
        self._lock = threading.Lock()
        self._hosts: dict[str, Sighting] = {s.host: s for s in read_report(path)}
        self._dirty = False
        self._last_flush = time.monotonic()

    def observe(self, host: str, catalog: ServiceCatalog) -> Sighting | None:
        """Count `host` when it is AI-looking and not a catalogued service; returns the sighting."""
        h = host.strip().lower().rstrip(".")
        if not h or catalog.known_service_for_host(h) is not None:
            return None
        category = catalog.ai_domains.category_of(h) if catalog.ai_domains is not None else None
        why = f"list:{category}" if category is not None else (f"looks:{r}" if (r := looks_like_ai(h)) else None)
        if why is None:
            return None
        today = self._clock().date().isoformat()
        with self._lock:
            seen = self._hosts.get(h)
            if seen is None:
                if len(self._hosts) >= self._max:
                    return None  # bounded: a flood of random names cannot grow it without end
                seen = Sighting(h, why, 0, today, today)
            seen = replace(seen, why=why, count=seen.count + 1, last_seen=today)
            self._hosts[h] = seen
            self._dirty = True
            return seen

    def sightings(self) -> tuple[Sighting, ...]:
        with self._lock:
            return tuple(sorted(self._hosts.values(), key=lambda s: (-s.count, s.host)))

    def due(self) -> bool:
        return self._dirty and time.monotonic() - self._last_flush >= self._every

    def flush(self) -> None:
        """Write the file atomically (temporary file, fsync, rename) when something changed."""
        with self._lock:
            if not self._dirty:
                return
            body = json.dumps({"hosts": [_as_dict(s) for s in self._hosts.values()]}, ensure_ascii=False, indent=1)
            self._dirty = False
            self._last_flush = time.monotonic()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".discovery-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(body)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _as_dict(s: Sighting) -> dict[str, Any]:
    return {"host": s.host, "why": s.why, "count": s.count, "first_seen": s.first_seen, "last_seen": s.last_seen}


def read_report(path: Path) -> tuple[Sighting, ...]:
    """The sightings in the file (none when it does not exist or is damaged)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return tuple(
            Sighting(str(d["host"]), str(d["why"]), int(d["count"]), str(d["first_seen"]), str(d["last_seen"]))
            for d in raw.get("hosts", ())
        )
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, ValueError):
        return ()


def render_report(sightings: tuple[Sighting, ...], *, decide: Callable[[str], str] | None = None) -> str:
    """A plain-text table, most seen first; `decide(host)` adds what the policy does with it."""
    if not sightings:
        return "没有发现目录之外的 AI 网站。(no AI-looking hosts outside the catalog seen)\n"
    rows = sorted(sightings, key=lambda s: (-s.count, s.host))
    lines = [f"{'host':<40} {'why':<18} {'count':>7}  {'first seen':<10}  {'last seen':<10}  policy"]
    for s in rows:
        lines.append(f"{s.host:<40} {s.why:<18} {s.count:>7}  {s.first_seen:<10}  {s.last_seen:<10}  "
                     f"{decide(s.host) if decide else ''}")
    return "\n".join(lines) + "\n"
