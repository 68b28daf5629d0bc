"""The audit store on PostgreSQL, for a district running several proxy nodes:
each node writes its own chain into the shared database; `verify` checks all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from proxy.audit.chain import Signer
from proxy.audit.store import ChainedAuditStore

__all__ = ["PostgresAuditStore"]


class PostgresAuditStore(ChainedAuditStore):
    UPSERT_NODE = "INSERT INTO guard_audit_nodes VALUES (?, ?) ON CONFLICT (chain) DO NOTHING"
    UPSERT_ANCHOR = ("INSERT INTO guard_audit_anchors VALUES (?, ?, ?, ?) ON CONFLICT (chain) DO UPDATE "
                     "SET seq = EXCLUDED.seq, head = EXCLUDED.head, signature = EXCLUDED.signature")

    def __init__(self, dsn: str, *, chain: str, signer: Signer, checkpoint_every: int = 100) -> None:
        import psycopg

        super().__init__(chain=chain, signer=signer, checkpoint_every=checkpoint_every)
        self._conn = psycopg.connect(dsn, autocommit=True)
        self._open()

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

    def close(self) -> None:
        with self._lock:
            self._conn.close()
