"""Scan results per text, so a conversation turn costs only its new text.

Every turn of a chat resends the whole history; the earlier messages were
scanned before. The cache maps a keyed hash of a text (BLAKE2b with a key made
per process, so the keys reveal nothing and cannot be precomputed) to the
findings of that text. It belongs to one scanner: a reload (new policy, roster
or registered paper) builds a new scanner and with it an empty cache. It is
bounded in entries and in the characters of the texts it stands for, and its
entries expire, so a paper whose embargo ended stops matching within the TTL.
Nothing is written to disk.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from detectors import Finding, Scanner

__all__ = ["ScanCache"]


@dataclass(frozen=True, slots=True)
class _Entry:
    findings: tuple[Finding, ...]
    size: int
    expires: float


class ScanCache:
    def __init__(self, scanner: Scanner, *, max_entries: int = 20_000, max_chars: int = 20_000_000,
                 ttl_seconds: float = 600.0, min_chars: int = 64) -> None:
        self._scanner = scanner
        self._key = secrets.token_bytes(32)
        self._max_entries = max_entries
        self._max_chars = max_chars
        self._ttl = ttl_seconds
        #: Short texts cost less to scan than to remember.
        self._min_chars = min_chars
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def findings(self, text: str) -> tuple[Finding, ...]:
        """The findings of `text`, scanned now or remembered from an earlier turn."""
        if len(text) < self._min_chars:
            return self._scanner.scan(text).findings
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), key=self._key, digest_size=16).digest()
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.expires > now:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry.findings
        findings = self._scanner.scan(text).findings  # outside the lock: scans run in parallel
        with self._lock:
            self.misses += 1
            old = self._entries.pop(key, None)
            if old is not None:
                self._chars -= old.size
            self._entries[key] = _Entry(findings, len(text), now + self._ttl)
            self._chars += len(text)
            while self._entries and (len(self._entries) > self._max_entries or self._chars > self._max_chars):
                _, gone = self._entries.popitem(last=False)
                self._chars -= gone.size
        return findings
