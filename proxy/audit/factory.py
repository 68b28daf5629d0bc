"""Opening the audit store from the settings: the one place that knows where the
signing key, the pinned public key and the high-water marks live in the data
directory, and that a writer (the proxy) locks its chain and runs the checkpoint
timer while readers (`audit verify`, `report`, `lookup`) do neither."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from proxy.audit.chain import load_or_create_signer, load_public_key, public_key_path
from proxy.audit.store import ChainedAuditStore
from proxy.datadir import DataDir

if TYPE_CHECKING:
    from proxy.policy.settings import AuditSettings

__all__ = ["AuditFiles", "open_store", "pinned_keys"]


@dataclass(frozen=True, slots=True)
class AuditFiles:
    """Where the audit's files live in a data directory."""

    data_dir: Path

    @property
    def signing_key(self) -> Path:
        return DataDir(self.data_dir).audit_signing_key

    @property
    def public_key(self) -> Path:
        return public_key_path(self.signing_key)

    @property
    def high_water(self) -> Path:
        """The directory of the high-water mark files (`audit-hwm.<chain>.json`)."""
        return self.data_dir


def open_store(data_dir: Path, settings: AuditSettings, *, writer: bool = True, worker: bool = False) -> ChainedAuditStore:
    """The proxy's store (`writer=True`: locks the chain, signs, runs the checkpoint timer),
    or a reader for the audit commands (no lock; signs only when purging, if the key is here)."""
    files = AuditFiles(data_dir)
    chain = settings.node_id or socket.gethostname()
    if writer or files.signing_key.exists():
        signer = load_or_create_signer(files.signing_key)
    else:
        signer = None
    store: ChainedAuditStore
    every, seconds = settings.checkpoint_every, settings.checkpoint_seconds
    if settings.store == "postgres":
        from proxy.audit.postgres_store import PostgresAuditStore

        assert settings.dsn is not None
        store = PostgresAuditStore(settings.dsn, chain=chain, signer=signer, checkpoint_every=every,
                                   checkpoint_seconds=seconds, high_water=files.high_water, writer=writer)
    else:
        from proxy.audit.sqlite_store import SqliteAuditStore

        store = SqliteAuditStore(DataDir(data_dir).audit_store(settings.path), chain=chain, signer=signer, worker=worker,
                                 checkpoint_every=every, sync=settings.sync,
                                 checkpoint_seconds=seconds, high_water=files.high_water, writer=writer)
    if writer:
        store.start_checkpoint_timer()
    return store


def pinned_keys(data_dir: Path, given: Sequence[Path] = ()) -> list[Ed25519PublicKey]:
    """The keys `audit verify` trusts: those given on the command line, else the public key
    file in the data directory (else the public half of the signing key) — never the database."""
    if given:
        return [load_public_key(p) for p in given]
    files = AuditFiles(data_dir)
    for path in (files.public_key, files.signing_key):
        if path.exists():
            return [load_public_key(path)]
    return []
