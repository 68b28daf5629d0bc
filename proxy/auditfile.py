"""Interim audit sink: one JSON line per decision in the data directory, no raw values.

The tamper-evident audit store is its own issue; this file already holds
exactly what a reviewer may see: types, counts, detectors, score bands, rules.
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
import time
from pathlib import Path

from proxy.decision import Decision

__all__ = ["AuditFile"]


class AuditFile:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._fh = os.fdopen(fd, "a", encoding="utf-8")

    @property
    def path(self) -> Path:
        return self._path

    def write(self, decision: Decision, **context: str | int | float | None) -> None:
        record = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **context, **dataclasses.asdict(decision)}
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        with self._lock:
            self._fh.write(line + "\n")
            self._fh.flush()
            os.fsync(self._fh.fileno())

    def close(self) -> None:
        with self._lock:
            self._fh.close()
