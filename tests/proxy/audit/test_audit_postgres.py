"""The audit store on a real PostgreSQL server (127.0.0.1:5432, database `test`):
several nodes, one chain each, verified together. Under CI these tests must run;
elsewhere, without a server, they skip with the reason."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from proxy.audit.chain import load_or_create_signer, load_public_key
from proxy.audit.errors import AuditStoreLocked
from proxy.audit.postgres_store import PostgresAuditStore

DSN = os.environ.get("PRIVACY_GUARD_TEST_PG", "host=127.0.0.1 port=5432 dbname=test user=postgres")


def _server_available() -> str | None:
    try:
        import psycopg

        psycopg.connect(DSN, connect_timeout=3).close()
        return None
    except Exception as exc:  # any failure means: no usable server here
        return f"no PostgreSQL at {DSN}: {type(exc).__name__}"


_REASON = _server_available()
if _REASON and os.environ.get("CI"):
    pytest.fail(f"CI is set but {_REASON}; .ci/run starts the server", pytrace=False)
pytestmark = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")


@pytest.fixture()
def schema_dsn() -> Iterator[str]:
    import psycopg

    name = f"guard_test_{secrets.token_hex(4)}"
    with psycopg.connect(DSN, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {name}")
    yield f"{DSN} options=-csearch_path={name}"
    with psycopg.connect(DSN, autocommit=True) as c:
        c.execute(f"DROP SCHEMA {name} CASCADE")


def _node(dsn: str, tmp: Path, name: str) -> PostgresAuditStore:
    return PostgresAuditStore(dsn, chain=name, signer=load_or_create_signer(tmp / f"{name}.pem"), checkpoint_every=3)


def _keys(tmp: Path, *names: str) -> list[Ed25519PublicKey]:
    """The nodes' public keys as a reviewer pins them (files, not the database)."""
    return [load_public_key(tmp / f"{name}-public.pem") for name in names]


def test_two_nodes_write_their_own_chains_and_verify_together(schema_dsn: str, tmp_path: Path) -> None:
    a, b = _node(schema_dsn, tmp_path, "node-a"), _node(schema_dsn, tmp_path, "node-b")
    for i in range(7):
        a.append({"time": f"2026-11-24T10:00:{i:02d}", "action": "allow"}, ["v1"])
        b.append({"time": f"2026-11-24T10:00:{i:02d}", "action": "block"}, ["v2"])
    a.checkpoint()
    b.checkpoint()
    report = a.verify(_keys(tmp_path, "node-a", "node-b"))
    assert report.ok, report.problems
    assert (report.chains, report.records) == (2, 14)
    assert len(b.lookup(["v1"])) == 7
    a.close()
    b.close()


def test_tampering_with_one_nodes_chain_is_located(schema_dsn: str, tmp_path: Path) -> None:
    import psycopg

    a, b = _node(schema_dsn, tmp_path, "node-a"), _node(schema_dsn, tmp_path, "node-b")
    for i in range(5):
        a.append({"time": f"2026-11-24T10:00:{i:02d}", "action": "allow"})
        b.append({"time": f"2026-11-24T10:00:{i:02d}", "action": "allow"})
    with psycopg.connect(schema_dsn, autocommit=True) as c:
        c.execute("UPDATE guard_audit_records SET body = replace(body, 'allow', 'block') WHERE chain='node-b' AND seq=2")
        c.execute("DELETE FROM guard_audit_records WHERE chain='node-a' AND seq=4")
    report = a.verify(_keys(tmp_path, "node-a", "node-b"))
    assert not report.ok
    assert any("chain node-b: record 2 was edited" in p for p in report.problems)
    assert any("chain node-a: records 4..4 are missing" in p for p in report.problems)
    a.close()
    b.close()


def test_a_restarted_node_continues_its_chain(schema_dsn: str, tmp_path: Path) -> None:
    a = _node(schema_dsn, tmp_path, "node-a")
    a.append({"time": "2026-11-24T10:00:00"})
    a.close()
    again = _node(schema_dsn, tmp_path, "node-a")
    assert again.append({"time": "2026-11-24T10:00:01"})[0] == 2
    assert again.verify().ok
    again.close()


def test_a_second_live_writer_with_the_same_node_id_is_refused(schema_dsn: str, tmp_path: Path) -> None:
    a = _node(schema_dsn, tmp_path, "node-a")
    with pytest.raises(AuditStoreLocked, match="already writes audit chain 'node-a'"):
        _node(schema_dsn, tmp_path, "node-a")
    other = _node(schema_dsn, tmp_path, "node-b")  # another node id is another chain: fine
    reader = PostgresAuditStore(schema_dsn, chain="node-a", signer=None, writer=False)
    a.append({"time": "2026-11-24T10:00:00"})
    assert len(list(reader.records())) == 1
    reader.close()
    other.close()
    a.close()
    again = _node(schema_dsn, tmp_path, "node-a")  # the lock goes with the connection
    assert again.append({"time": "2026-11-24T10:00:01"})[0] == 2
    again.close()


def test_a_chain_re_signed_with_another_key_fails_against_the_pinned_key(schema_dsn: str, tmp_path: Path) -> None:
    import psycopg

    a = _node(schema_dsn, tmp_path, "node-a")
    for i in range(4):
        a.append({"time": f"2026-11-24T10:00:{i:02d}", "action": "allow"})
    a.close()
    forged = load_or_create_signer(tmp_path / "forged.pem")
    with psycopg.connect(schema_dsn, autocommit=True) as c:
        c.execute("UPDATE guard_audit_nodes SET public_key=%s", (forged.public_pem(),))
        head = c.execute("SELECT hash FROM guard_audit_records WHERE seq=4").fetchone()
        assert head is not None
        cp = forged.sign("node-a", 4, head[0], "2026-11-24T11:00:00.000+00:00")
        c.execute("DELETE FROM guard_audit_checkpoints")
        c.execute("INSERT INTO guard_audit_checkpoints VALUES (%s, %s, %s, %s, %s)",
                  (cp.chain, cp.seq, cp.head, cp.signature, cp.signed_at))
    reader = PostgresAuditStore(schema_dsn, chain="node-a", signer=None, writer=False)
    report = reader.verify(_keys(tmp_path, "node-a"))
    reader.close()
    assert not report.ok
    assert any("differs from the pinned key" in p for p in report.problems)


def test_a_database_made_before_signing_times_is_migrated(schema_dsn: str, tmp_path: Path) -> None:
    import psycopg

    with psycopg.connect(schema_dsn, autocommit=True) as c:
        c.execute("CREATE TABLE guard_audit_checkpoints (chain TEXT NOT NULL, seq BIGINT NOT NULL, head TEXT NOT NULL,"
                  " signature TEXT NOT NULL, PRIMARY KEY (chain, seq))")
    a = _node(schema_dsn, tmp_path, "node-a")
    a.append({"time": "2026-11-24T10:00:00"})
    a.close()
    reader = PostgresAuditStore(schema_dsn, chain="node-a", signer=None, writer=False)
    report = reader.verify(_keys(tmp_path, "node-a"))
    reader.close()
    assert report.ok and report.statuses[0].last_signed_seq == 1 and report.statuses[0].signed_at
