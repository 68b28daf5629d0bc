"""Issue 11, audit integrity, one regression test per finding: verification trusts
only a pinned key; deleting the newest records, the last checkpoint or every
table is reported; checkpoints are signed by time, count and at shutdown; a
second writer on the same store is refused at start-up, not with 503s."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from proxy.audit.chain import GENESIS, Signer, load_or_create_signer, load_public_key, record_hash
from proxy.audit.errors import AuditIntegrityError, AuditStoreLocked
from proxy.audit.factory import open_store
from proxy.audit.sqlite_store import SqliteAuditStore
from proxy.cli.audit import audit_main
from proxy.policy.settings import AuditSettings

ROOT = Path(__file__).resolve().parents[3]


def _writer(data: Path, *, every: int = 100, seconds: float = 3600) -> SqliteAuditStore:
    return SqliteAuditStore(data / "audit.sqlite", chain="node-a", signer=load_or_create_signer(data / "audit-signing.pem"),
                            checkpoint_every=every, checkpoint_seconds=seconds)


def _fill(store: SqliteAuditStore, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        store.append({"time": f"2026-11-01T10:{i // 60:02d}:{i % 60:02d}", "action": "allow", "n": i})


def _sql(data: Path, *statements: str) -> None:
    db = sqlite3.connect(data / "audit.sqlite")
    for stmt in statements:
        db.execute(stmt)
    db.commit()
    db.close()


def _config(tmp: Path) -> Path:
    cfg = tmp / "guard.yaml"
    cfg.write_text(f"services_file: {ROOT / 'config' / 'services.yaml'}\ndata_dir: {tmp / 'data'}\n"
                   "audit: {node_id: node-a}\n", encoding="utf-8")
    return cfg


def _verify(tmp: Path, *keys: Path) -> tuple[int, str]:
    out = io.StringIO()
    rc = audit_main("verify", config=_config(tmp), data_dir=None, out=out, public_keys=keys)
    return rc, out.getvalue()


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    """A closed store of 12 records, signed at 10 (count) and at 12 (shutdown)."""
    d = tmp_path / "data"
    s = _writer(d, every=10)
    _fill(s, 12)
    s.close()
    return d


# -- the pinned key ------------------------------------------------------------------


def _resign_with_a_new_key(data: Path) -> None:
    """What someone with write access to the database (not to the key files) can do:
    edit a record, recompute every hash, and sign new checkpoints with a key of their own."""
    forged = Signer(Ed25519PrivateKey.generate())
    db = sqlite3.connect(data / "audit.sqlite")
    prev = GENESIS
    for seq, body in db.execute("SELECT seq, body FROM guard_audit_records ORDER BY seq").fetchall():
        body = body.replace('"allow"', '"block"') if seq == 4 else body
        h = record_hash(prev, body)
        db.execute("UPDATE guard_audit_records SET body=?, prev=?, hash=? WHERE seq=?", (body, prev, h, seq))
        prev = h
    db.execute("DELETE FROM guard_audit_checkpoints")
    cp = forged.sign("node-a", 12, prev, "2026-11-01T11:00:00.000+00:00")
    db.execute("INSERT INTO guard_audit_checkpoints VALUES (?, ?, ?, ?, ?)", (cp.chain, cp.seq, cp.head, cp.signature, cp.signed_at))
    db.execute("UPDATE guard_audit_nodes SET public_key=?", (forged.public_pem(),))
    db.commit()
    db.close()


def test_a_chain_re_signed_with_another_key_fails_against_the_pinned_key(data: Path) -> None:
    _resign_with_a_new_key(data)
    rc, out = _verify(data.parent)
    assert rc == 1 and "FAILED" in out
    assert "differs from the pinned key" in out and "与固定公钥不一致" in out
    assert "checkpoint at record 12 has a bad signature" in out


def test_a_public_key_given_on_the_command_line_is_the_one_trusted(data: Path, tmp_path: Path) -> None:
    reviewer_copy = tmp_path / "reviewer-copy.pem"
    reviewer_copy.write_bytes((data / "audit-signing-public.pem").read_bytes())
    assert _verify(data.parent, reviewer_copy)[0] == 0
    other = tmp_path / "other.pem"
    other.write_text(Signer(Ed25519PrivateKey.generate()).public_pem(), encoding="utf-8")
    rc, out = _verify(data.parent, other)
    assert rc == 1 and "differs from the pinned key" in out


def test_verify_reports_the_time_and_sequence_of_the_last_signed_record(data: Path) -> None:
    rc, out = _verify(data.parent)
    assert rc == 0, out
    assert "chain node-a: last signed record #12 (record time 2026-11-01T10:00:11, signed 20" in out
    assert "unsigned tail 0" in out


# -- truncation and emptied stores ---------------------------------------------------

TRUNCATIONS = [
    ("the unsigned-looking tail after the checkpoint at 10",
     ("DELETE FROM guard_audit_records WHERE seq > 10", "DELETE FROM guard_audit_checkpoints WHERE seq > 10"),
     r"store ends at record 10, but record 12 was signed"),
    ("the last checkpoint together with its records",
     ("DELETE FROM guard_audit_records WHERE seq > 9", "DELETE FROM guard_audit_checkpoints WHERE seq >= 10"),
     r"store ends at record 9, but record 12 was signed"),
    ("every table emptied",
     ("DELETE FROM guard_audit_records", "DELETE FROM guard_audit_checkpoints", "DELETE FROM guard_audit_values",
      "DELETE FROM guard_audit_anchors", "DELETE FROM guard_audit_nodes"),
     r"holds no records of this chain, but record 12 was signed .*emptied"),
    ("every table dropped",
     ("DROP TABLE guard_audit_records", "DROP TABLE guard_audit_checkpoints", "DROP TABLE guard_audit_nodes"),
     r"holds no records of this chain"),
]


@pytest.mark.parametrize("statements,message", [(s, m) for _, s, m in TRUNCATIONS], ids=[n for n, _, _ in TRUNCATIONS])
def test_deleting_the_newest_records_or_everything_is_reported(data: Path, statements: tuple[str, ...], message: str) -> None:
    import re

    _sql(data, *statements)
    rc, out = _verify(data.parent)
    assert rc == 1 and re.search(message, out), out


def test_a_deleted_store_file_is_reported_when_records_had_been_signed(data: Path) -> None:
    for p in data.glob("audit.sqlite*"):
        p.unlink()
    rc, out = _verify(data.parent)
    assert rc == 1 and "is missing, but signed records existed" in out


def test_deleting_the_public_key_row_is_reported(data: Path) -> None:
    _sql(data, "DELETE FROM guard_audit_nodes")
    rc, out = _verify(data.parent)
    assert rc == 1 and "no public key for this chain" in out


def test_a_forged_high_water_mark_does_not_verify(data: Path) -> None:
    path = data / "audit-hwm.node-a.json"
    path.write_text(path.read_text().replace('"seq": 12', '"seq": 5'), encoding="utf-8")
    rc, out = _verify(data.parent)
    assert rc == 1 and "high-water mark file audit-hwm.node-a.json has a bad signature" in out


def test_the_proxy_refuses_to_append_over_a_truncated_chain(data: Path) -> None:
    _sql(data, "DELETE FROM guard_audit_records WHERE seq > 10")
    with pytest.raises(AuditIntegrityError, match=r"records 11\.\.12 were deleted"):
        _writer(data)


def test_an_untouched_store_keeps_opening_and_verifying(data: Path) -> None:
    s = _writer(data)
    _fill(s, 3, start=12)
    s.close()
    rc, out = _verify(data.parent)
    assert rc == 0 and "last signed record #15" in out


def test_a_purge_of_everything_still_verifies(data: Path) -> None:
    import datetime as dt

    s = _writer(data)
    assert s.purge(dt.datetime(2027, 1, 1)) == 12
    s.close()
    rc, out = _verify(data.parent)
    assert rc == 0, out


# -- when checkpoints are signed -----------------------------------------------------


def test_closing_the_store_signs_the_tail(tmp_path: Path) -> None:
    s = _writer(tmp_path)
    _fill(s, 3)
    assert s.unsigned_tail == 3
    s.close()
    r = SqliteAuditStore(tmp_path / "audit.sqlite", chain="node-a", signer=None, writer=False).verify(
        [load_public_key(tmp_path / "audit-signing-public.pem")])
    assert r.ok and r.statuses[0].last_signed_seq == 3 and r.statuses[0].unsigned_tail == 0


def test_an_append_after_checkpoint_seconds_signs_the_head(tmp_path: Path) -> None:
    s = _writer(tmp_path, seconds=0.05)
    _fill(s, 1)
    time.sleep(0.06)
    _fill(s, 1, start=1)
    assert s.unsigned_tail == 0
    s.close()


def test_maybe_checkpoint_signs_an_idle_tail_once_the_interval_has_passed(tmp_path: Path) -> None:
    s = _writer(tmp_path, seconds=10)
    _fill(s, 2)
    assert not s.maybe_checkpoint(time.monotonic())
    assert s.maybe_checkpoint(time.monotonic() + 11) and s.unsigned_tail == 0
    assert not s.maybe_checkpoint(time.monotonic() + 30)  # nothing new to sign
    s.close()


def test_the_checkpoint_timer_signs_the_tail_when_traffic_stops(tmp_path: Path) -> None:
    s = _writer(tmp_path, seconds=0.1)
    s.start_checkpoint_timer()
    _fill(s, 2)
    deadline = time.monotonic() + 5
    while s.unsigned_tail and time.monotonic() < deadline:
        time.sleep(0.02)
    assert s.unsigned_tail == 0
    s.close()


def test_the_default_settings_bound_the_unsigned_tail_to_seconds() -> None:
    a = AuditSettings()
    assert a.checkpoint_seconds <= 10 and a.checkpoint_every <= 1000


def test_a_store_made_before_signing_times_is_migrated(tmp_path: Path) -> None:
    signer = load_or_create_signer(tmp_path / "audit-signing.pem")
    db = sqlite3.connect(tmp_path / "audit.sqlite")
    db.execute("CREATE TABLE guard_audit_checkpoints (chain TEXT NOT NULL, seq BIGINT NOT NULL, head TEXT NOT NULL,"
               " signature TEXT NOT NULL, PRIMARY KEY (chain, seq))")
    body = '{"chain":"node-a","seq":1,"time":"t"}'
    db.execute("CREATE TABLE guard_audit_records (chain TEXT NOT NULL, seq BIGINT NOT NULL, time TEXT NOT NULL,"
               " body TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (chain, seq))")
    h = record_hash(GENESIS, body)
    db.execute("INSERT INTO guard_audit_records VALUES ('node-a', 1, 't', ?, ?, ?)", (body, GENESIS, h))
    old = signer.sign("node-a", 1, h)  # version 1: no signing time
    db.execute("INSERT INTO guard_audit_checkpoints VALUES (?, ?, ?, ?)", (old.chain, old.seq, old.head, old.signature))
    db.commit()
    db.close()
    s = _writer(tmp_path)
    _fill(s, 1, start=1)
    s.close()
    r = SqliteAuditStore(tmp_path / "audit.sqlite", chain="node-a", signer=signer, writer=False).verify()
    assert r.ok, r.problems
    assert (r.records, r.checkpoints) == (2, 2)


# -- one writer per store ------------------------------------------------------------


def test_a_second_writer_on_the_same_store_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    first = _writer(tmp_path)
    with pytest.raises(AuditStoreLocked, match="another privacy-guard process is already writing"):
        _writer(tmp_path)
    reader = SqliteAuditStore(tmp_path / "audit.sqlite", chain="node-a", signer=None, writer=False)
    _fill(first, 2)
    assert len(list(reader.records())) == 2  # `audit verify` and `report` still work while the proxy runs
    reader.close()
    first.close()
    _writer(tmp_path).close()  # released at close


def test_a_second_process_on_the_same_data_directory_fails_at_start_up(tmp_path: Path) -> None:
    store = open_store(tmp_path, AuditSettings(node_id="node-a"))
    code = ("import sys; from pathlib import Path; from proxy.audit.factory import open_store;"
            "from proxy.policy.settings import AuditSettings; from detectors.errors import GuardError\n"
            "try:\n  open_store(Path(sys.argv[1]), AuditSettings(node_id='node-b'))\n"
            "except GuardError as e:\n  print(type(e).__name__); sys.exit(3)\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60,
                          cwd=ROOT)
    assert (done.returncode, done.stdout.strip()) == (3, "AuditStoreLocked"), done.stderr
    store.close()
    assert subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, timeout=60,
                          cwd=ROOT).returncode == 0
