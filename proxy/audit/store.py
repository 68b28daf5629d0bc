"""The chained audit store over any SQL database; SQLite and PostgreSQL differ
only in connection, placeholders, upserts and the writer lock (see their modules).

Each proxy node writes its own chain (`chain` column), and only one live process
may write a chain (`writer=True` takes a lock; readers — `audit verify`, the
review page of another process — do not). `verify` checks every chain in the
database against public keys pinned outside it and against the high-water marks
(see highwater.py), so a district's shared PostgreSQL is verified at once.

Appends are group-committed: concurrent requests share one transaction (one
fsync), and each append still returns only once its record is durable.

Theory of operation for checkpoints: the head is signed inside the transaction
of the append that reaches `checkpoint_every` records or `checkpoint_seconds`
since the last signature, by `maybe_checkpoint()` (the timer thread, for a tail
left when traffic stops) and by `close()`. After its commit the high-water mark
file is replaced, so the unsigned, undetectably deletable tail is bounded by
seconds and is empty after a clean shutdown.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from proxy.audit.chain import GENESIS, Checkpoint, Signer, canonical, record_hash, same_key
from proxy.audit.errors import AuditError, AuditIntegrityError
from proxy.audit.highwater import HighWaterMark, mark_path, read_marks, write_mark

__all__ = ["ChainedAuditStore", "VerifyReport", "ChainStatus", "SCHEMA"]

log = logging.getLogger(__name__)

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS guard_audit_records (chain TEXT NOT NULL, seq BIGINT NOT NULL, time TEXT NOT NULL,"
    " body TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (chain, seq))",
    "CREATE INDEX IF NOT EXISTS guard_audit_records_time ON guard_audit_records (time)",
    "CREATE TABLE IF NOT EXISTS guard_audit_values (chain TEXT NOT NULL, seq BIGINT NOT NULL, vhash TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS guard_audit_values_vhash ON guard_audit_values (vhash)",
    "CREATE TABLE IF NOT EXISTS guard_audit_checkpoints (chain TEXT NOT NULL, seq BIGINT NOT NULL, head TEXT NOT NULL,"
    " signature TEXT NOT NULL, signed_at TEXT NOT NULL DEFAULT '', PRIMARY KEY (chain, seq))",
    "CREATE TABLE IF NOT EXISTS guard_audit_anchors (chain TEXT PRIMARY KEY, seq BIGINT NOT NULL, head TEXT NOT NULL,"
    " signature TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS guard_audit_nodes (chain TEXT PRIMARY KEY, public_key TEXT NOT NULL)",
)
_INSERT_CHECKPOINT = "INSERT INTO guard_audit_checkpoints (chain, seq, head, signature, signed_at) VALUES (?, ?, ?, ?, ?)"


@dataclass(frozen=True, slots=True)
class ChainStatus:
    """Where one chain stands: its last record, its last signed record and the unsigned tail between."""

    chain: str
    records: int
    last_seq: int
    last_signed_seq: int
    #: The `time` of the last signed record ("" when it was purged or never signed).
    last_signed_time: str
    #: When that checkpoint was signed ("" for anchors and old checkpoints).
    signed_at: str
    unsigned_tail: int


@dataclass
class VerifyReport:
    ok: bool = True
    chains: int = 0
    records: int = 0
    checkpoints: int = 0
    high_water_marks: int = 0
    problems: list[str] = field(default_factory=list)
    #: Facts worth saying that are not failures (an unsigned tail after a crash).
    notes: list[str] = field(default_factory=list)
    statuses: list[ChainStatus] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.ok = False
        self.problems.append(message)


@dataclass(slots=True, eq=False)
class _Pending:
    """One caller's record waiting for the group commit."""

    record: dict[str, Any]
    values: list[str]
    done: threading.Event = field(default_factory=threading.Event)
    result: tuple[int, str] | None = None
    error: BaseException | None = None


def _now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="milliseconds")


class ChainedAuditStore(ABC):
    """Subclasses provide `_run(sql, args) -> rows` (with `?` placeholders),
    `_begin/_commit/_rollback/_disconnect`, `_has_column`, `_lock_writer/_unlock_writer`
    and the `UPSERT_NODE/UPSERT_ANCHOR` SQL."""

    UPSERT_NODE = ""
    UPSERT_ANCHOR = ""

    def __init__(self, *, chain: str, signer: Signer | None, checkpoint_every: int = 100,
                 checkpoint_seconds: float = 5.0, high_water: Path | None = None, writer: bool = True) -> None:
        if writer and signer is None:
            raise ValueError("a writing audit store needs the node's signing key")
        self._chain = chain
        self._signer = signer
        self._every = checkpoint_every
        self._seconds = checkpoint_seconds
        #: Directory of the high-water mark files (None: not kept, e.g. a reader elsewhere).
        self._high_water = high_water
        self._writer = writer
        self._lock = threading.RLock()
        self._seq, self._head = 0, GENESIS
        self._signed_seq = 0
        self._signed_mono = time.monotonic()
        self._timer: threading.Thread | None = None
        self._stop_timer = threading.Event()
        self._closed = False
        # Group commit (see `append`).
        self._queue_lock = threading.Lock()
        self._queue: list[_Pending] = []
        self._leading = False
        #: Transactions that committed records (fewer than records under concurrency).
        self.commits = 0

    @property
    def chain(self) -> str:
        return self._chain

    @property
    def unsigned_tail(self) -> int:
        """Records appended by this process and not yet covered by a signed checkpoint."""
        return self._seq - self._signed_seq

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
    def _disconnect(self) -> None:
        ...

    @abstractmethod
    def _has_column(self, table: str, column: str) -> bool:
        ...

    def _make_durable(self) -> None:
        """Make every committed transaction survive a power cut (a store that defers
        its fsyncs does it here); called before a high-water mark names a checkpoint."""

    @abstractmethod
    def _lock_writer(self) -> None:
        """Take the one-writer-per-chain lock or raise AuditStoreLocked."""

    @abstractmethod
    def _unlock_writer(self) -> None:
        ...

    # -- opening and closing -----------------------------------------------------------

    def _open(self) -> None:
        for stmt in SCHEMA:
            self._run(stmt)
        if not self._has_column("guard_audit_checkpoints", "signed_at"):
            # Stores made before checkpoints carried their signing time.
            self._run("ALTER TABLE guard_audit_checkpoints ADD COLUMN signed_at TEXT NOT NULL DEFAULT ''")
        if not self._writer:
            return
        assert self._signer is not None
        self._lock_writer()
        try:
            self._run(self.UPSERT_NODE, (self._chain, self._signer.public_pem()))
            rows = self._run("SELECT seq, hash FROM guard_audit_records WHERE chain=? ORDER BY seq DESC LIMIT 1",
                             (self._chain,))
            anchor = self._run("SELECT seq, head FROM guard_audit_anchors WHERE chain=?", (self._chain,))
            if not rows:
                rows = anchor or [(0, GENESIS)]
            self._seq, self._head = int(rows[0][0]), str(rows[0][1])
            signed = self._run("SELECT MAX(seq) FROM guard_audit_checkpoints WHERE chain=?", (self._chain,))
            self._signed_seq = max(int(signed[0][0] or 0) if signed else 0, int(anchor[0][0]) if anchor else 0)
            self._signed_mono = time.monotonic()
            self._refuse_to_hide_a_truncation()
        except BaseException:
            self._unlock_writer()
            raise

    def _refuse_to_hide_a_truncation(self) -> None:
        """Appending after a truncated tail would bury the gap: refuse, and say what to do."""
        if self._high_water is None:
            return
        path = mark_path(self._high_water, self._chain)
        marks = [m for m in read_marks(self._high_water) if m.path == path]
        if not marks:
            return
        assert self._signer is not None
        problem = self._check_mark(marks[0], [self._signer.public], end=self._seq,
                                   hashes=self._hash_at(marks[0].checkpoint.seq if marks[0].checkpoint else 0))
        if problem:
            raise AuditIntegrityError(
                f"{problem}. The proxy does not append to a chain that no longer reaches its last signed record. "
                "Run `privacy-guard audit verify`; if the loss is known and accepted (a restored backup), move "
                f"{path} aside and start again. / 审计链与最后一次签名不符（记录被删除、改写或库被清空），"
                "代理拒绝继续写入；请先运行 audit verify 核查。", path=str(path))

    def _hash_at(self, seq: int) -> dict[int, str]:
        rows = self._run("SELECT seq, hash FROM guard_audit_records WHERE chain=? AND seq=?", (self._chain, seq))
        return {int(s): str(h) for s, h in rows}

    def start_checkpoint_timer(self) -> None:
        """Sign the tail at least every `checkpoint_seconds`, also when traffic stops (a daemon thread)."""
        if self._timer is not None or not self._writer:
            return

        def run() -> None:
            while not self._stop_timer.wait(max(self._seconds / 2, 0.01)):
                try:
                    self.maybe_checkpoint()
                except Exception as exc:  # the next tick tries again; the append path signs too
                    log.error("audit checkpoint failed: %s", type(exc).__name__)

        self._timer = threading.Thread(target=run, name="audit-checkpoints", daemon=True)
        self._timer.start()

    def close(self) -> None:
        """Stop the timer, sign the tail (so nothing is left unsigned at shutdown), release the lock."""
        if self._closed:
            return
        self._stop_timer.set()
        if self._timer is not None:
            self._timer.join(10)
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                if self._writer:
                    self._checkpoint_locked()
            finally:
                if self._writer:
                    self._unlock_writer()
                self._disconnect()

    # -- writing -----------------------------------------------------------------------

    def _in_transaction(self, work: Any) -> Any:
        self._begin()
        try:
            result = work()
            self._commit()
            return result
        except BaseException:
            self._rollback()
            raise

    def _sign(self, seq: int, head: str) -> Checkpoint:
        assert self._signer is not None
        return self._signer.sign(self._chain, seq, head, _now_iso())

    def _signed(self, cp: Checkpoint) -> None:
        """After the commit: remember, and move the high-water mark (a mark may lag, never lead)."""
        self._signed_seq, self._signed_mono = cp.seq, time.monotonic()
        if self._high_water is not None:
            try:
                self._make_durable()
                write_mark(self._high_water, cp)
            except OSError as exc:
                log.error("audit high-water mark not written: %s", type(exc).__name__)

    def append(self, record: dict[str, Any], value_hashes: Iterable[str] = ()) -> tuple[int, str]:
        """Chain, store and commit one record; returns (seq, hash) once it is durable.

        Group commit: concurrent callers share one transaction (one fsync on
        SQLite). The first caller to find no commit in progress leads: it takes
        every waiting record, commits them together, and wakes the others; each
        caller still returns only after its own record is committed, so "a
        record is committed before its request is forwarded" holds unchanged.
        """
        item = _Pending(record, sorted(set(value_hashes)))
        with self._queue_lock:
            self._queue.append(item)
            lead = not self._leading
            if lead:
                self._leading = True
        if lead:
            while True:
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                    if not batch:
                        self._leading = False
                        break
                self._commit_batch(batch)
        item.done.wait()
        if item.error is not None:
            raise item.error
        assert item.result is not None
        return item.result

    def _commit_batch(self, batch: list[_Pending]) -> None:
        try:
            with self._lock:
                if not self._writer or self._closed:
                    raise AuditError("this audit store is closed or opened read-only")
                seq, head = self._seq, self._head
                rows: list[tuple[Any, ...]] = []
                vals: list[tuple[Any, ...]] = []
                results: list[tuple[int, str]] = []
                for item in batch:
                    seq += 1
                    body = canonical({**item.record, "seq": seq, "chain": self._chain})
                    digest = record_hash(head, body)
                    rows.append((self._chain, seq, str(item.record.get("time", "")), body, head, digest))
                    vals += [(self._chain, seq, v) for v in item.values]
                    results.append((seq, digest))
                    head = digest
                due = seq - self._signed_seq >= self._every or time.monotonic() - self._signed_mono >= self._seconds
                cp = self._sign(seq, head) if due else None

                def work() -> None:
                    self._run_many("INSERT INTO guard_audit_records VALUES (?, ?, ?, ?, ?, ?)", rows)
                    if vals:
                        self._run_many("INSERT INTO guard_audit_values VALUES (?, ?, ?)", vals)
                    if cp is not None:
                        self._run(_INSERT_CHECKPOINT, (cp.chain, cp.seq, cp.head, cp.signature, cp.signed_at))

                self._in_transaction(work)
                self._seq, self._head = seq, head
                self.commits += 1
                if cp is not None:
                    self._signed(cp)
        except BaseException as exc:  # every caller of the batch sees the failure (and fails closed)
            for item in batch:
                item.error = exc
                item.done.set()
            return
        for item, result in zip(batch, results):
            item.result = result
            item.done.set()

    def _checkpoint_locked(self) -> bool:
        if self._seq <= self._signed_seq:
            return False
        cp = self._sign(self._seq, self._head)
        self._in_transaction(lambda: self._run(_INSERT_CHECKPOINT, (cp.chain, cp.seq, cp.head, cp.signature, cp.signed_at)))
        self._signed(cp)
        return True

    def checkpoint(self) -> bool:
        """Sign the current head now if anything is unsigned; True when a checkpoint was written."""
        with self._lock:
            if not self._writer or self._closed:
                return False
            return self._checkpoint_locked()

    def maybe_checkpoint(self, now: float | None = None) -> bool:
        """Sign the tail when `checkpoint_seconds` have passed since the last signature
        (`now` is a `time.monotonic()` reading; for a caller's own timer)."""
        with self._lock:
            if (now if now is not None else time.monotonic()) - self._signed_mono < self._seconds:
                return False
            return self.checkpoint()

    # -- reading -----------------------------------------------------------------------

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
        if self._signer is None:
            raise AuditError("purging needs this node's signing key (audit-signing.pem)")
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

    # -- verification ------------------------------------------------------------------

    def verify(self, pinned: Sequence[Ed25519PublicKey] | None = None, *, high_water: Path | None = None) -> VerifyReport:
        """Check every chain against the `pinned` public keys (default: this node's own key,
        never the keys stored in the database) and against the high-water marks in
        `high_water` (default: this store's mark directory)."""
        keys = list(pinned) if pinned is not None else ([self._signer.public] if self._signer is not None else [])
        marks_dir = high_water if high_water is not None else self._high_water
        report = VerifyReport()
        if not keys:
            report.fail("no pinned public key to verify the signatures against (give --public-key) / "
                        "没有可用于校验签名的固定公钥")
        stored = {str(c): str(pem) for c, pem in self._run("SELECT chain, public_key FROM guard_audit_nodes")}
        chains = set(stored)
        for table in ("guard_audit_records", "guard_audit_checkpoints", "guard_audit_anchors"):
            chains |= {str(c) for (c,) in self._run(f"SELECT DISTINCT chain FROM {table}")}
        marks: dict[str, HighWaterMark] = {}
        for mark in read_marks(marks_dir) if marks_dir is not None else []:
            report.high_water_marks += 1
            if mark.checkpoint is None:
                report.fail(f"high-water mark file {mark.path.name} cannot be read ({mark.problem}) / 高水位文件无法读取")
            else:
                marks[mark.checkpoint.chain] = mark
        for chain in sorted(chains | set(marks)):
            report.chains += 1
            self._verify_chain(chain, stored.get(chain), keys, report, marks.get(chain))
        return report

    @staticmethod
    def _check_mark(mark: HighWaterMark, keys: Sequence[Ed25519PublicKey], *, end: int, hashes: dict[int, str]) -> str:
        """"" when the store reaches the signed mark with the same head, else what is wrong."""
        cp = mark.checkpoint
        if cp is None:
            return f"high-water mark file {mark.path.name} cannot be read"
        if not Signer.valid(cp, keys):
            return (f"chain {cp.chain}: the high-water mark file {mark.path.name} has a bad signature "
                    "(not made by the pinned key) / 高水位文件的签名与固定公钥不符")
        if end == 0 and cp.seq > 0:
            return (f"chain {cp.chain}: the store holds no records of this chain, but record {cp.seq} was signed at "
                    f"{cp.signed_at or '?'} (high-water mark): the log was emptied / 审计库中没有该链的任何记录，"
                    f"但第 {cp.seq} 条记录已于 {cp.signed_at or '?'} 签名：审计日志被清空")
        if end < cp.seq:
            return (f"chain {cp.chain}: the store ends at record {end}, but record {cp.seq} was signed at "
                    f"{cp.signed_at or '?'} (high-water mark): records {end + 1}..{cp.seq} were deleted (truncated) / "
                    f"审计链在第 {end} 条结束，但第 {cp.seq} 条已于 {cp.signed_at or '?'} 签名：末尾记录被删除（截断）")
        if hashes.get(cp.seq, cp.head) != cp.head:
            return (f"chain {cp.chain}: record {cp.seq} differs from the one signed at {cp.signed_at or '?'} "
                    f"(high-water mark): the chain was rewritten / 第 {cp.seq} 条记录与签名时不同：审计链被改写")
        return ""

    def _verify_chain(self, chain: str, stored_pem: str | None, keys: Sequence[Ed25519PublicKey],
                      report: VerifyReport, mark: HighWaterMark | None) -> None:
        anchor = self._run("SELECT seq, head, signature FROM guard_audit_anchors WHERE chain=?", (chain,))
        prev_seq, prev_hash = 0, GENESIS
        signed_seq, signed_at, signed_time = 0, "", ""
        if anchor:
            cp = Checkpoint(chain, int(anchor[0][0]), str(anchor[0][1]), str(anchor[0][2]))
            if not Signer.valid(cp, keys):
                report.fail(f"chain {chain}: the retention anchor at record {cp.seq} has a bad signature")
            prev_seq, prev_hash = cp.seq, cp.head
            signed_seq = cp.seq
        hashes: dict[int, str] = {}
        times: dict[int, str] = {}
        count = 0
        for seq, when, body, prev, digest in self._run(
            "SELECT seq, time, body, prev, hash FROM guard_audit_records WHERE chain=? ORDER BY seq", (chain,)
        ):
            seq = int(seq)
            count += 1
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
            times[seq] = str(when)
        report.records += count
        if stored_pem is None:
            if count or anchor:
                report.fail(f"chain {chain}: the database holds no public key for this chain (its row was deleted) / "
                            "数据库中缺少该链的公钥记录")
        else:
            key = serialization.load_pem_public_key(stored_pem.encode())
            if not isinstance(key, Ed25519PublicKey) or not any(same_key(key, k) for k in keys):
                report.fail(f"chain {chain}: the public key stored in the database differs from the pinned key; the log "
                            "may have been re-signed with another key / 数据库中保存的公钥与固定公钥不一致，"
                            "审计日志可能已被他人用另一密钥重新签名")
        for seq, head, sig, at in self._run(
            "SELECT seq, head, signature, signed_at FROM guard_audit_checkpoints WHERE chain=? ORDER BY seq", (chain,)
        ):
            report.checkpoints += 1
            cp = Checkpoint(chain, int(seq), str(head), str(sig), str(at or ""))
            if not Signer.valid(cp, keys):
                report.fail(f"chain {chain}: checkpoint at record {seq} has a bad signature (not made by the pinned key)")
            elif hashes.get(cp.seq) not in (None, cp.head):
                report.fail(f"chain {chain}: the chain was rewritten: checkpoint at record {seq} signed another head")
            elif cp.seq not in hashes and cp.seq > prev_seq:
                report.fail(f"chain {chain}: records up to the checkpoint at {seq} are missing (truncated)")
            elif cp.seq in hashes and cp.seq >= signed_seq:
                signed_seq, signed_at, signed_time = cp.seq, cp.signed_at, times[cp.seq]
        if mark is not None:
            problem = self._check_mark(mark, keys, end=prev_seq, hashes=hashes)
            if problem:
                report.fail(problem)
        tail = max(prev_seq - signed_seq, 0)
        report.statuses.append(ChainStatus(chain, count, prev_seq, signed_seq, signed_time, signed_at, tail))
        if tail:
            report.notes.append(f"chain {chain}: {tail} record(s) after the last signed record {signed_seq} are not yet "
                                "signed (a crash, or the proxy is running) / 最后签名之后有 "
                                f"{tail} 条记录尚未签名")
