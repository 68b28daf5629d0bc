"""The audit store on PostgreSQL, for a district running several proxy nodes:
each node writes its own chain into the shared database; `verify` checks all.
A session advisory lock on the node id refuses a second live writer of a chain."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from proxy.audit.chain import Signer
from proxy.audit.errors import AuditStoreLocked
from proxy.audit.store import ChainedAuditStore

__all__ = ["PostgresAuditStore", "advisory_key"]


def advisory_key(schema: str, chain: str) -> int:
    """The signed 64-bit key of a chain's advisory lock (stable across processes and hosts).
    Advisory locks are per database, chains per schema: the key names both."""
    digest = hashlib.sha256(f"privacy-guard-audit-writer\n{schema}\n{chain}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class PostgresAuditStore(ChainedAuditStore):
    UPSERT_NODE = "INSERT INTO guard_audit_nodes VALUES (?, ?) ON CONFLICT (chain) DO NOTHING"
    UPSERT_ANCHOR = ("INSERT INTO guard_audit_anchors VALUES (?, ?, ?, ?) ON CONFLICT (chain) DO UPDATE "
                     "SET seq = EXCLUDED.seq, head = EXCLUDED.head, signature = EXCLUDED.signature")

    def __init__(self, dsn: str, *, chain: str, signer: Signer | None, checkpoint_every: int = 100,
                 checkpoint_seconds: float = 5.0, high_water: Path | None = None, writer: bool = True) -> None:
        import psycopg

        super().__init__(chain=chain, signer=signer, checkpoint_every=checkpoint_every,
                         checkpoint_seconds=checkpoint_seconds, high_water=high_water, writer=writer)
        self._conn = psycopg.connect(dsn, autocommit=True)
        try:
            self._open()
        except BaseException:
            self._conn.close()
            raise

    def _run(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = self._conn.execute(sql.replace("?", "%s"), tuple(args))
        return list(cur.fetchall()) if cur.description is not None else []

    def _run_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(sql.replace("?", "%s"), rows)

    def _begin(self) -> None:
        self._conn.execute("BEGIN")

    def _commit(self) -> None:
        self._conn.execute("COMMIT")

    def _rollback(self) -> None:
        self._conn.execute("ROLLBACK")

    def _has_column(self, table: str, column: str) -> bool:
        return bool(self._run(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? "
            "AND column_name = ?", (table, column)))

    def _lock_writer(self) -> None:
        # Session-level: held while this connection lives, released by the server if the process dies.
        schema = str(self._run("SELECT current_schema()")[0][0])
        got = self._run("SELECT pg_try_advisory_lock(?)", (advisory_key(schema, self._chain),))
        if not got or not got[0][0]:
            raise AuditStoreLocked(
                f"another live privacy-guard process already writes audit chain {self._chain!r} in this database; "
                "give each node its own audit.node_id. / 数据库中已有另一个运行中的进程在写入同名审计链，"
                "请为每个节点设置不同的 audit.node_id。")

    def _unlock_writer(self) -> None:
        return  # closing the connection releases the session lock

    def _disconnect(self) -> None:
        self._conn.close()
