"""The chained audit store over any SQL database; SQLite and PostgreSQL differ
only in connection, placeholders and upserts (see their modules).

Each proxy node writes its own chain (`chain` column); `verify` checks every
chain in the database, so a district's shared PostgreSQL is verified at once.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from proxy.audit.chain import GENESIS, Checkpoint, Signer, canonical, record_hash

__all__ = ["ChainedAuditStore", "VerifyReport", "SCHEMA"]

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS guard_audit_records (chain TEXT NOT NULL, seq BIGINT NOT NULL, time TEXT NOT NULL,"
    " body TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (chain, seq))",
    "CREATE INDEX IF NOT EXISTS guard_audit_records_time ON guard_audit_records (time)",
    "CREATE TABLE IF NOT EXISTS guard_audit_values (chain TEXT NOT NULL, seq BIGINT NOT NULL, vhash TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS guard_audit_values_vhash ON guard_audit_values (vhash)",
    "CREATE TABLE IF NOT EXISTS guard_audit_checkpoints (chain TEXT NOT NULL, seq BIGINT NOT NULL, head TEXT NOT NULL,"
    " signature TEXT NOT NULL, PRIMARY KEY (chain, seq))",
    "CREATE TABLE IF NOT EXISTS guard_audit_anchors (chain TEXT PRIMARY KEY, seq BIGINT NOT NULL, head TEXT NOT NULL,"
    " signature TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS guard_audit_nodes (chain TEXT PRIMARY KEY, public_key TEXT NOT NULL)",
)


@dataclass
class VerifyReport:
    ok: bool = True
    chains: int = 0
    records: int = 0
    checkpoints: int = 0
    problems: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.ok = False
        self.problems.append(message)


class ChainedAuditStore(ABC):
    """Subclasses provide `_run(sql, args) -> rows` (with `?` placeholders),
    `_begin/_commit/_rollback/close`, and the `UPSERT_NODE/UPSERT_ANCHOR` SQL."""

    UPSERT_NODE = ""
    UPSERT_ANCHOR = ""

    def __init__(self, *, chain: str, signer: Signer, checkpoint_every: int = 100) -> None:
        self._chain = chain
        self._signer = signer
        self._every = checkpoint_every
        self._lock = threading.Lock()

    # -- to be provided by a dialect ---------------------------------------------------

    @abstractmethod
    def _run(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        ...

    def _run_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        for row in rows:
            self._run(sql, row)

    @abstractmethod
    def _begin(self) -> None:
        ...

    @abstractmethod
    def _commit(self) -> None:
        ...

    @abstractmethod
    def _rollback(self) -> None:
        ...

    @abstractmethod
    def close(self) -> None:
        ...

    # -- shared ------------------------------------------------------------------------

    def _open(self) -> None:
        for stmt in SCHEMA:
            self._run(stmt)
        self._run(self.UPSERT_NODE, (self._chain, self._signer.public_pem()))
        rows = self._run("SELECT seq, hash FROM guard_audit_records WHERE chain=? ORDER BY seq DESC LIMIT 1", (self._chain,))
        if not rows:
            rows = self._run("SELECT seq, head FROM guard_audit_anchors WHERE chain=?", (self._chain,)) or [(0, GENESIS)]
        self._seq, self._head = int(rows[0][0]), str(rows[0][1])

    def _in_transaction(self, work: Any) -> Any:
        self._begin()
        try:
            result = work()
            self._commit()
            return result
        except BaseException:
            self._rollback()
            raise

    def append(self, record: dict[str, Any], value_hashes: Iterable[str] = ()) -> tuple[int, str]:
        """Chain, store and commit one record; returns (seq, hash)."""
        with self._lock:
            seq = self._seq + 1
            body = canonical({**record, "seq": seq, "chain": self._chain})
            digest = record_hash(self._head, body)
            vals = [(self._chain, seq, v) for v in sorted(set(value_hashes))]

            def work() -> None:
                self._run("INSERT INTO guard_audit_records VALUES (?, ?, ?, ?, ?, ?)",
                          (self._chain, seq, str(record.get("time", "")), body, self._head, digest))
                if vals:
                    self._run_many("INSERT INTO guard_audit_values VALUES (?, ?, ?)", vals)
                if seq % self._every == 0:
                    cp = self._signer.sign(self._chain, seq, digest)
                    self._run("INSERT INTO guard_audit_checkpoints VALUES (?, ?, ?, ?)", (cp.chain, cp.seq, cp.head, cp.signature))

            self._in_transaction(work)
            self._seq, self._head = seq, digest
            return seq, digest

    def checkpoint(self) -> None:
        """Sign the current head now (on shutdown, so the tail is covered too)."""
        with self._lock:
            if self._seq and not self._run(
                "SELECT 1 FROM guard_audit_checkpoints WHERE chain=? AND seq=?", (self._chain, self._seq)
            ):
                cp = self._signer.sign(self._chain, self._seq, self._head)
                self._in_transaction(lambda: self._run(
                    "INSERT INTO guard_audit_checkpoints VALUES (?, ?, ?, ?)", (cp.chain, cp.seq, cp.head, cp.signature)))

    def records(self, *, since: str | None = None, until: str | None = None) -> Iterator[dict[str, Any]]:
        q, args, conds = "SELECT body FROM guard_audit_records", [], []
        if since:
            conds.append("time >= ?")
            args.append(since)
        if until:
            conds.append("time < ?")
            args.append(until)
        if conds:
            q += " WHERE " + " AND ".join(conds)
        for (body,) in self._run(q + " ORDER BY time, chain, seq", args):
            yield json.loads(body)

    def lookup(self, value_hashes: Iterable[str]) -> list[dict[str, Any]]:
        hashes = sorted(set(value_hashes))
        if not hashes:
            return []
        marks = ",".join("?" * len(hashes))
        rows = self._run(
            "SELECT DISTINCT r.body, r.time FROM guard_audit_values v JOIN guard_audit_records r "
            f"ON r.chain=v.chain AND r.seq=v.seq WHERE v.vhash IN ({marks}) ORDER BY r.time", hashes,
        )
        return [json.loads(b) for b, _ in rows]

    def purge(self, before: dt.datetime) -> int:
        """Delete this node's records older than `before`; a signed anchor keeps the rest verifiable.
        Each node purges only its own chain: only it can sign the anchor."""
        cutoff = before.astimezone().isoformat(timespec="milliseconds") if before.tzinfo else before.isoformat()
        with self._lock:
            last = self._run(
                "SELECT seq, hash FROM guard_audit_records WHERE chain=? AND time < ? ORDER BY seq DESC LIMIT 1",
                (self._chain, cutoff),
            )
            if not last:
                return 0
            seq, head = int(last[0][0]), str(last[0][1])
            cp = self._signer.sign(self._chain, seq, head)
            count = int(self._run("SELECT COUNT(*) FROM guard_audit_records WHERE chain=? AND seq<=?", (self._chain, seq))[0][0])

            def work() -> None:
                self._run("DELETE FROM guard_audit_records WHERE chain=? AND seq<=?", (self._chain, seq))
                self._run("DELETE FROM guard_audit_values WHERE chain=? AND seq<=?", (self._chain, seq))
                self._run("DELETE FROM guard_audit_checkpoints WHERE chain=? AND seq<=?", (self._chain, seq))
                self._run(self.UPSERT_ANCHOR, (self._chain, seq, head, cp.signature))

            self._in_transaction(work)
            return count

    def verify(self) -> VerifyReport:
        report = VerifyReport()
        for chain, pem in self._run("SELECT chain, public_key FROM guard_audit_nodes ORDER BY chain"):
            report.chains += 1
            key = serialization.load_pem_public_key(str(pem).encode())
            assert isinstance(key, Ed25519PublicKey)
            self._verify_chain(str(chain), key, report)
        return report

    def _verify_chain(self, chain: str, key: Ed25519PublicKey, report: VerifyReport) -> None:
        anchor = self._run("SELECT seq, head, signature FROM guard_audit_anchors WHERE chain=?", (chain,))
        prev_seq, prev_hash = 0, GENESIS
        if anchor:
            cp = Checkpoint(chain, int(anchor[0][0]), str(anchor[0][1]), str(anchor[0][2]))
            if not Signer.valid(cp, key):
                report.fail(f"chain {chain}: the retention anchor at record {cp.seq} has a bad signature")
            prev_seq, prev_hash = cp.seq, cp.head
        hashes: dict[int, str] = {}
        for seq, body, prev, digest in self._run(
            "SELECT seq, body, prev, hash FROM guard_audit_records WHERE chain=? ORDER BY seq", (chain,)
        ):
            seq = int(seq)
            report.records += 1
            if seq != prev_seq + 1:
                report.fail(f"chain {chain}: records {prev_seq + 1}..{seq - 1} are missing (deleted) before record {seq}")
            if prev != prev_hash:
                report.fail(f"chain {chain}: record {seq} does not follow record {prev_seq} "
                            "(inserted, re-ordered or the one before was changed)")
            if record_hash(prev, body) != digest:
                report.fail(f"chain {chain}: record {seq} was edited (its hash does not match its content)")
            try:
                inner = json.loads(body)
                if inner.get("seq") != seq or inner.get("chain") != chain:
                    report.fail(f"chain {chain}: record {seq} carries seq {inner.get('seq')} (moved)")
            except json.JSONDecodeError:
                report.fail(f"chain {chain}: record {seq} is not valid JSON")
            prev_seq, prev_hash = seq, digest
            hashes[seq] = digest
        for seq, head, sig in self._run(
            "SELECT seq, head, signature FROM guard_audit_checkpoints WHERE chain=? ORDER BY seq", (chain,)
        ):
            report.checkpoints += 1
            cp = Checkpoint(chain, int(seq), str(head), str(sig))
            if not Signer.valid(cp, key):
                report.fail(f"chain {chain}: checkpoint at record {seq} has a bad signature")
            elif hashes.get(cp.seq) not in (None, cp.head):
                report.fail(f"chain {chain}: the chain was rewritten: checkpoint at record {seq} signed another head")
            elif cp.seq not in hashes and cp.seq > prev_seq:
                report.fail(f"chain {chain}: records up to the checkpoint at {seq} are missing (truncated)")
