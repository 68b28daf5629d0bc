"""The embedded audit store: SQLite in WAL mode, so a record is committed before the
request it describes is forwarded or answered. One writing process per file (an
exclusive lock on `<file>.lock`), or per chain for the workers of one node.

Durability (`audit.sync`): with `synchronous=FULL` every commit is fsync'd; with
`synchronous=NORMAL` a commit is in the write-ahead log (in the OS's page cache:
it survives the process being killed, not a power cut) and `_make_durable` fsyncs
the log after each signed checkpoint, before the high-water mark moves, so a
mark never names a record an OS crash could take away
(https://www.sqlite.org/pragma.html#pragma_synchronous, "WAL mode ... NORMAL")."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from proxy.audit.chain import Signer
from proxy.audit.lockfile import WriterLock
from proxy.audit.store import ChainedAuditStore, VerifyReport

__all__ = ["SqliteAuditStore", "VerifyReport"]

_DEFAULT = object()


class SqliteAuditStore(ChainedAuditStore):
    UPSERT_NODE = "INSERT OR IGNORE INTO guard_audit_nodes VALUES (?, ?)"
    UPSERT_ANCHOR = "INSERT OR REPLACE INTO guard_audit_anchors VALUES (?, ?, ?, ?)"

    def __init__(self, path: Path, *, chain: str, signer: Signer | None, checkpoint_every: int = 100,
                 checkpoint_seconds: float = 5.0, high_water: Path | None | object = _DEFAULT,
                 writer: bool = True, worker: bool = False, sync: Literal["full", "normal"] = "full") -> None:
        """`high_water`: directory of the high-water marks; by default the store's own directory."""
        marks = path.parent if high_water is _DEFAULT else high_water
        assert marks is None or isinstance(marks, Path)
        super().__init__(chain=chain, signer=signer, checkpoint_every=checkpoint_every,
                         checkpoint_seconds=checkpoint_seconds, high_water=marks, writer=writer)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._writer_lock: WriterLock | None = None
        #: A worker of a node whose supervisor holds the file's lock: lock this chain only.
        self._worker = worker
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._sync = sync
        self._db.execute("PRAGMA synchronous=FULL" if sync == "full" else "PRAGMA synchronous=NORMAL")
        path.chmod(0o600)
        try:
            self._open()
        except BaseException:
            self._db.close()
            raise

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

    def _make_durable(self) -> None:
        if self._sync == "full":
            return  # every commit was fsync'd already
        # fsync applies to the file, whatever descriptor asks: SQLite's own stays private.
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            fd = os.open(wal, os.O_RDONLY)
        except FileNotFoundError:
            return  # no log: everything is in the database file, which a WAL checkpoint synced
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def _has_column(self, table: str, column: str) -> bool:
        return any(row[1] == column for row in self._run(f"PRAGMA table_info({table})"))

    def _lock_writer(self) -> None:
        self._writer_lock = WriterLock(self.path, self.chain if self._worker else None)

    def _unlock_writer(self) -> None:
        if self._writer_lock is not None:
            self._writer_lock.release()
            self._writer_lock = None

    def _disconnect(self) -> None:
        self._db.close()
