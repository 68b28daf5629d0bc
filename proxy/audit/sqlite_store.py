"""The embedded audit store: SQLite in WAL mode with `synchronous=FULL`, so a
record is on disk before the request it describes is forwarded or answered."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from proxy.audit.chain import Signer
from proxy.audit.store import ChainedAuditStore, VerifyReport

__all__ = ["SqliteAuditStore", "VerifyReport"]


class SqliteAuditStore(ChainedAuditStore):
    UPSERT_NODE = "INSERT OR IGNORE INTO guard_audit_nodes VALUES (?, ?)"
    UPSERT_ANCHOR = "INSERT OR REPLACE INTO guard_audit_anchors VALUES (?, ?, ?, ?)"

    def __init__(self, path: Path, *, chain: str, signer: Signer, checkpoint_every: int = 100) -> None:
        super().__init__(chain=chain, signer=signer, checkpoint_every=checkpoint_every)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        path.chmod(0o600)
        self._open()

    def _run(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._db.execute(sql, tuple(args)).fetchall()

    def _run_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self._db.executemany(sql, rows)

    def _begin(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self._db.execute("COMMIT")

    def _rollback(self) -> None:
        self._db.execute("ROLLBACK")

    def close(self) -> None:
        with self._lock:
            self._db.close()
