"""The embedded audit store: SQLite in WAL mode, one hash chain per proxy node.

A record is committed (fsync'd, `synchronous=FULL`) before the request it
describes is forwarded or answered; see `proxy.audit.chain` for the chaining.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from proxy.audit.chain import GENESIS, Checkpoint, Signer, canonical, record_hash

__all__ = ["SqliteAuditStore", "VerifyReport"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
  chain TEXT NOT NULL, seq INTEGER NOT NULL, time TEXT NOT NULL,
  body TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL,
  PRIMARY KEY (chain, seq)
);
CREATE INDEX IF NOT EXISTS records_time ON records (time);
CREATE TABLE IF NOT EXISTS value_index (chain TEXT NOT NULL, seq INTEGER NOT NULL, vhash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS value_index_vhash ON value_index (vhash);
CREATE TABLE IF NOT EXISTS checkpoints (
  chain TEXT NOT NULL, seq INTEGER NOT NULL, head TEXT NOT NULL, signature TEXT NOT NULL,
  PRIMARY KEY (chain, seq)
);
CREATE TABLE IF NOT EXISTS anchors (
  chain TEXT PRIMARY KEY, seq INTEGER NOT NULL, head TEXT NOT NULL, signature TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS nodes (chain TEXT PRIMARY KEY, public_key TEXT NOT NULL);
"""


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


class SqliteAuditStore:
    def __init__(self, path: Path, *, chain: str, signer: Signer, checkpoint_every: int = 100) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._chain = chain
        self._signer = signer
        self._every = checkpoint_every
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        path.chmod(0o600)
        self._db.execute("INSERT OR IGNORE INTO nodes VALUES (?, ?)", (chain, signer.public_pem()))
        row = self._db.execute("SELECT seq, hash FROM records WHERE chain=? ORDER BY seq DESC LIMIT 1", (chain,)).fetchone()
        if row is None:
            anchor = self._db.execute("SELECT seq, head FROM anchors WHERE chain=?", (chain,)).fetchone()
            row = anchor if anchor is not None else (0, GENESIS)
        self._seq, self._head = int(row[0]), str(row[1])

    @property
    def path(self) -> Path:
        return self._path

    def append(self, record: dict[str, Any], value_hashes: Iterable[str] = ()) -> tuple[int, str]:
        """Chain, store and commit one record; returns (seq, hash)."""
        with self._lock:
            seq = self._seq + 1
            body = canonical({**record, "seq": seq, "chain": self._chain})
            digest = record_hash(self._head, body)
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)",
                                 (self._chain, seq, record.get("time", ""), body, self._head, digest))
                self._db.executemany("INSERT INTO value_index VALUES (?, ?, ?)",
                                     [(self._chain, seq, v) for v in set(value_hashes)])
                if seq % self._every == 0:
                    cp = self._signer.sign(self._chain, seq, digest)
                    self._db.execute("INSERT INTO checkpoints VALUES (?, ?, ?, ?)", (cp.chain, cp.seq, cp.head, cp.signature))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._seq, self._head = seq, digest
            return seq, digest

    def checkpoint(self) -> None:
        """Sign the current head now (on shutdown, so the tail is covered too)."""
        with self._lock:
            if self._seq and not self._db.execute(
                "SELECT 1 FROM checkpoints WHERE chain=? AND seq=?", (self._chain, self._seq)
            ).fetchone():
                cp = self._signer.sign(self._chain, self._seq, self._head)
                self._db.execute("INSERT INTO checkpoints VALUES (?, ?, ?, ?)", (cp.chain, cp.seq, cp.head, cp.signature))

    def records(self, *, since: str | None = None, until: str | None = None) -> Iterator[dict[str, Any]]:
        q, args = "SELECT body FROM records", []
        conds = []
        if since:
            conds.append("time >= ?")
            args.append(since)
        if until:
            conds.append("time < ?")
            args.append(until)
        if conds:
            q += " WHERE " + " AND ".join(conds)
        for (body,) in self._db.execute(q + " ORDER BY time, chain, seq", args):
            yield json.loads(body)

    def lookup(self, value_hashes: Iterable[str]) -> list[dict[str, Any]]:
        hashes = list(set(value_hashes))
        if not hashes:
            return []
        marks = ",".join("?" * len(hashes))
        rows = self._db.execute(
            f"SELECT DISTINCT r.body FROM value_index v JOIN records r ON r.chain=v.chain AND r.seq=v.seq "
            f"WHERE v.vhash IN ({marks}) ORDER BY r.time", hashes,
        ).fetchall()
        return [json.loads(b) for (b,) in rows]

    def purge(self, before: dt.datetime) -> int:
        """Delete records older than `before`; a signed anchor keeps the rest verifiable."""
        cutoff = before.isoformat(timespec="seconds")
        with self._lock:
            n = 0
            for (chain,) in self._db.execute("SELECT chain FROM nodes").fetchall():
                last = self._db.execute(
                    "SELECT seq, hash FROM records WHERE chain=? AND time < ? ORDER BY seq DESC LIMIT 1", (chain, cutoff)
                ).fetchone()
                if last is None or chain != self._chain:
                    continue  # each node purges only its own chain (it alone can sign the anchor)
                seq, head = int(last[0]), str(last[1])
                cp = self._signer.sign(chain, seq, head)
                self._db.execute("BEGIN IMMEDIATE")
                cur = self._db.execute("DELETE FROM records WHERE chain=? AND seq<=?", (chain, seq))
                self._db.execute("DELETE FROM value_index WHERE chain=? AND seq<=?", (chain, seq))
                self._db.execute("DELETE FROM checkpoints WHERE chain=? AND seq<=?", (chain, seq))
                self._db.execute("INSERT OR REPLACE INTO anchors VALUES (?, ?, ?, ?)", (chain, seq, head, cp.signature))
                self._db.execute("COMMIT")
                n += cur.rowcount
            return n

    def verify(self) -> VerifyReport:
        report = VerifyReport()
        nodes = dict(self._db.execute("SELECT chain, public_key FROM nodes").fetchall())
        for chain, pem in sorted(nodes.items()):
            report.chains += 1
            key = serialization.load_pem_public_key(pem.encode())
            assert isinstance(key, Ed25519PublicKey)
            anchor = self._db.execute("SELECT seq, head, signature FROM anchors WHERE chain=?", (chain,)).fetchone()
            prev_seq, prev_hash = 0, GENESIS
            if anchor is not None:
                cp = Checkpoint(chain, int(anchor[0]), str(anchor[1]), str(anchor[2]))
                if not Signer.valid(cp, key):
                    report.fail(f"chain {chain}: the retention anchor at record {cp.seq} has a bad signature")
                prev_seq, prev_hash = cp.seq, cp.head
            hashes: dict[int, str] = {}
            for seq, body, prev, digest in self._db.execute(
                "SELECT seq, body, prev, hash FROM records WHERE chain=? ORDER BY seq", (chain,)
            ):
                report.records += 1
                if seq != prev_seq + 1:
                    report.fail(f"chain {chain}: records {prev_seq + 1}..{seq - 1} are missing (deleted) before record {seq}")
                if prev != prev_hash:
                    report.fail(f"chain {chain}: record {seq} does not follow record {prev_seq} (inserted, re-ordered or the one before was changed)")
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
            for seq, head, sig in self._db.execute(
                "SELECT seq, head, signature FROM checkpoints WHERE chain=? ORDER BY seq", (chain,)
            ):
                report.checkpoints += 1
                cp = Checkpoint(chain, int(seq), str(head), str(sig))
                if not Signer.valid(cp, key):
                    report.fail(f"chain {chain}: checkpoint at record {seq} has a bad signature")
                elif hashes.get(int(seq)) not in (None, head):
                    report.fail(f"chain {chain}: the chain was rewritten: checkpoint at record {seq} signed another head")
                elif int(seq) not in hashes and int(seq) > prev_seq:
                    report.fail(f"chain {chain}: records up to the checkpoint at {seq} are missing (truncated)")
        return report

    def close(self) -> None:
        with self._lock:
            self._db.close()
