"""The tamper-evident SQLite audit store: chaining, checkpoints, verification that
says where, lookup by keyed hash, and purging that keeps the chain verifiable."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from proxy.audit.chain import load_or_create_signer
from proxy.audit.sqlite_store import SqliteAuditStore


def _store(tmp: Path, every: int = 5) -> SqliteAuditStore:
    return SqliteAuditStore(tmp / "audit.sqlite", chain="node-a", signer=load_or_create_signer(tmp / "audit-signing.pem"),
                            checkpoint_every=every)


def _reader(tmp: Path) -> SqliteAuditStore:
    """How `audit verify` opens a store: no writer lock, no appending."""
    return SqliteAuditStore(tmp / "audit.sqlite", chain="node-a", signer=load_or_create_signer(tmp / "audit-signing.pem"),
                            writer=False)


def _fill(store: SqliteAuditStore, n: int = 12, day: int = 1) -> None:
    for i in range(n):
        store.append({"time": f"2026-11-{day:02d}T10:{i:02d}:00", "action": "allow", "n": i}, [f"h{i % 3}"])


def test_an_untouched_chain_verifies(tmp_path: Path) -> None:
    s = _store(tmp_path)
    _fill(s)
    s.checkpoint()
    r = s.verify()
    assert r.ok, r.problems
    assert (r.records, r.checkpoints) == (12, 3)


def _tamper(tmp: Path, sql: str, *args: object) -> None:
    db = sqlite3.connect(tmp / "audit.sqlite")
    db.execute(sql, args)
    db.commit()
    db.close()


TAMPERING = [
    ("edited", "UPDATE guard_audit_records SET body = replace(body, '\"allow\"', '\"block\"') WHERE seq = 4", r"record 4 was edited"),
    ("deleted", "DELETE FROM guard_audit_records WHERE seq = 7", r"records 7\.\.7 are missing"),
    ("truncated", "DELETE FROM guard_audit_records WHERE seq >= 11", r"missing \(truncated\)"),
]


@pytest.mark.parametrize("sql,message", [(s, m) for _, s, m in TAMPERING], ids=[n for n, _, _ in TAMPERING])
def test_tampering_is_detected_and_located(tmp_path: Path, sql: str, message: str) -> None:
    s = _store(tmp_path)
    _fill(s)
    s.checkpoint()
    s.close()
    _tamper(tmp_path, sql)
    r = _reader(tmp_path).verify()
    assert not r.ok
    assert any(__import__("re").search(message, p) for p in r.problems), r.problems


def test_an_inserted_record_is_detected(tmp_path: Path) -> None:
    from proxy.audit.chain import record_hash

    s = _store(tmp_path)
    _fill(s)
    s.close()
    db = sqlite3.connect(tmp_path / "audit.sqlite")
    db.execute("UPDATE guard_audit_records SET seq = seq + 1000 WHERE seq >= 9")
    db.execute("UPDATE guard_audit_records SET seq = seq - 999 WHERE seq >= 1000")
    prev = db.execute("SELECT hash FROM guard_audit_records WHERE seq = 8").fetchone()[0]
    body = '{"action":"allow","chain":"node-a","n":99,"seq":9,"time":"2026-11-01T10:08:30"}'
    db.execute("INSERT INTO guard_audit_records VALUES ('node-a', 9, '2026-11-01T10:08:30', ?, ?, ?)", (body, prev, record_hash(prev, body)))
    db.commit()
    r = _reader(tmp_path).verify()
    assert not r.ok and any("record 10 does not follow record 9" in p for p in r.problems), r.problems


def test_reordering_two_records_is_detected(tmp_path: Path) -> None:
    s = _store(tmp_path)
    _fill(s)
    s.close()
    db = sqlite3.connect(tmp_path / "audit.sqlite")
    a = db.execute("SELECT body, prev, hash FROM guard_audit_records WHERE seq=5").fetchone()
    b = db.execute("SELECT body, prev, hash FROM guard_audit_records WHERE seq=6").fetchone()
    db.execute("UPDATE guard_audit_records SET body=?, prev=?, hash=? WHERE seq=5", b)
    db.execute("UPDATE guard_audit_records SET body=?, prev=?, hash=? WHERE seq=6", a)
    db.commit()
    r = _reader(tmp_path).verify()
    assert not r.ok and any("record 5" in p for p in r.problems)


def test_a_recomputed_chain_is_caught_by_the_signed_checkpoints(tmp_path: Path) -> None:
    from proxy.audit.chain import GENESIS, record_hash

    s = _store(tmp_path)
    _fill(s)
    s.checkpoint()
    s.close()
    db = sqlite3.connect(tmp_path / "audit.sqlite")
    prev = GENESIS
    for seq, body in db.execute("SELECT seq, body FROM guard_audit_records ORDER BY seq").fetchall():
        body = body.replace('"allow"', '"block"')  # rewrite history, recomputing every hash
        h = record_hash(prev, body)
        db.execute("UPDATE guard_audit_records SET body=?, prev=?, hash=? WHERE seq=?", (body, prev, h, seq))
        prev = h
    db.commit()
    r = _reader(tmp_path).verify()
    assert not r.ok and any("rewritten" in p for p in r.problems)


def test_lookup_by_keyed_hash_finds_the_records(tmp_path: Path) -> None:
    s = _store(tmp_path)
    _fill(s)
    assert [r["n"] for r in s.lookup(["h1"])] == [1, 4, 7, 10]
    assert s.lookup(["nothing"]) == []


def test_purge_keeps_the_remaining_chain_verifiable(tmp_path: Path) -> None:
    s = _store(tmp_path)
    _fill(s, 6, day=1)
    _fill(s, 6, day=20)
    removed = s.purge(dt.datetime(2026, 11, 10))
    assert removed == 6
    r = s.verify()
    assert r.ok, r.problems
    assert r.records == 6
    s.append({"time": "2026-11-21T10:00:00", "action": "allow"})
    assert s.verify().ok


def test_the_store_file_and_signing_key_are_owner_only(tmp_path: Path) -> None:
    _store(tmp_path)
    for name in ("audit.sqlite", "audit-signing.pem"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0
    assert (tmp_path / "audit-signing-public.pem").read_text().startswith("-----BEGIN PUBLIC KEY-----")


def test_concurrent_appends_share_commits_and_every_record_is_chained(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    store = _store(tmp_path, every=1000)
    real_commit = store._commit

    def slow_commit() -> None:  # an fsync that takes a while: callers arriving meanwhile queue up
        time.sleep(0.02)
        real_commit()

    monkeypatch.setattr(store, "_commit", slow_commit)
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        r = store.append({"time": f"2026-11-01T08:00:{i % 60:02d}", "action": "allow"}, [f"v{i}"])
        with lock:
            results.append(r)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seq for seq, _ in results) == list(range(1, 41))
    assert store.commits < 40
    store.close()
    assert _reader(tmp_path).verify().ok
    assert len(_reader(tmp_path).lookup(["v7"])) == 1


def test_a_failed_group_commit_fails_every_caller_and_keeps_the_chain(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(tmp_path)
    _fill(store, 3)

    def broken() -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "_commit", broken)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        store.append({"time": "2026-11-01T09:00:00", "action": "allow"})
    monkeypatch.undo()
    assert store.append({"time": "2026-11-01T09:00:01", "action": "allow"})[0] == 4
    store.close()
    assert _reader(tmp_path).verify().ok


SYNC_MODES = [
    # (audit.sync, SQLite's synchronous pragma: 2 = FULL, fsync per commit; 1 = NORMAL, fsync per checkpoint)
    ("full", 2),
    ("normal", 1),
]


@pytest.mark.parametrize("sync,pragma", [(s, p) for s, p in SYNC_MODES], ids=[s for s, _ in SYNC_MODES])
def test_the_sync_setting_picks_sqlites_synchronous_mode_in_wal(tmp_path: Path, sync: str, pragma: int) -> None:
    s = SqliteAuditStore(tmp_path / "audit.sqlite", chain="node-a", checkpoint_every=3, sync=sync,  # type: ignore[arg-type]
                         signer=load_or_create_signer(tmp_path / "audit-signing.pem"))
    assert s._db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert s._db.execute("PRAGMA synchronous").fetchone() == (pragma,)
    _fill(s, 7)
    s.close()
    assert _reader(tmp_path).verify().ok


def test_with_sync_normal_the_log_is_fsynced_before_a_high_water_mark_names_a_checkpoint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import proxy.audit.store as store_module

    s = SqliteAuditStore(tmp_path / "audit.sqlite", chain="node-a", checkpoint_every=3, sync="normal",
                         signer=load_or_create_signer(tmp_path / "audit-signing.pem"))
    events: list[str] = []
    real_durable, real_mark = s._make_durable, store_module.write_mark
    monkeypatch.setattr(s, "_make_durable", lambda: (events.append("fsync"), real_durable())[1])
    monkeypatch.setattr(store_module, "write_mark", lambda d, cp: (events.append(f"mark {cp.seq}"), real_mark(d, cp))[1])
    _fill(s, 6)
    s.close()
    assert events[:4] == ["fsync", "mark 3", "fsync", "mark 6"]
