"""The data directory: every file the proxy and its commands keep there, named once,
and the creation of the secret keys (owner-only, 32 random bytes).

    data/
      mitmproxy-ca.pem, mitmproxy-ca.p12      CA with its private key (0600)
      mitmproxy-ca-cert.pem/.cer/.p12          the public CA certificate teachers install
      audit.sqlite                             the embedded audit store (name configurable)
      audit-signing.pem, audit-signing-public.pem   Ed25519 key that signs audit checkpoints
      audit.key                                keys the hashes of user ids and matched values
      roster.key, roster.json                  the school roster as keyed hashes
      exam.key, exambank/                      registered exam papers as keyed fingerprints
      daily-counts.sqlite                      daily request counts shared by `run --workers` (keyed hashes)

Losing a key loses what it protects (the audit's verifiability, every registered
paper, the roster): back the whole directory up.
"""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from detectors.errors import ResourceError
from detectors.stores.exam_bank import INDEX_FILE, ExamBank

__all__ = ["DataDir", "load_or_create_key", "KEY_BYTES"]

KEY_BYTES = 32


def load_or_create_key(path: Path) -> bytes:
    """A 32-byte secret key, created owner-only (0600) on first use."""
    if path.exists():
        key = path.read_bytes()
        if len(key) != KEY_BYTES:
            raise ResourceError(f"key file {path} is damaged (expected {KEY_BYTES} bytes)", path=str(path))
        return key
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


@dataclass(frozen=True, slots=True)
class DataDir:
    """One data directory; `DataDir(path).roster_key`, never `path / "roster.key"` elsewhere."""

    root: Path

    # -- the CA (written by mitmproxy, which is given `root` as its confdir) ----------

    @property
    def ca_private_files(self) -> tuple[Path, ...]:
        return (self.root / "mitmproxy-ca.pem", self.root / "mitmproxy-ca.p12")

    @property
    def ca_cert_pem(self) -> Path:
        return self.root / "mitmproxy-ca-cert.pem"

    @property
    def ca_cert_files(self) -> dict[str, Path]:
        """Downloadable forms of the public certificate, by URL suffix."""
        return {s: self.root / f"mitmproxy-ca-cert.{s}" for s in ("pem", "cer", "p12")}

    def protect_ca_key(self) -> None:
        """The files holding the CA's private key are owner-only."""
        for path in self.ca_private_files:
            if path.exists() and stat.S_IMODE(path.stat().st_mode) & 0o077:
                os.chmod(path, 0o600)

    # -- audit -------------------------------------------------------------------

    def audit_store(self, name: str) -> Path:
        return self.root / name

    @property
    def audit_signing_key(self) -> Path:
        return self.root / "audit-signing.pem"

    @property
    def audit_key_file(self) -> Path:
        return self.root / "audit.key"

    def audit_key(self) -> bytes:
        return load_or_create_key(self.audit_key_file)

    # -- roster ------------------------------------------------------------------

    @property
    def roster_key_file(self) -> Path:
        return self.root / "roster.key"

    def roster_key(self) -> bytes:
        return load_or_create_key(self.roster_key_file)

    def roster_store(self, configured: Path | None = None) -> Path:
        """The roster store: `roster_store` from the configuration when given, else in here."""
        return configured if configured is not None else self.root / "roster.json"

    # -- exam bank ---------------------------------------------------------------

    @property
    def daily_counts(self) -> Path:
        """Daily request counts shared by the worker processes of one box (keys hashed)."""
        return self.root / "daily-counts.sqlite"

    @property
    def exam_key_file(self) -> Path:
        return self.root / "exam.key"

    @property
    def exam_bank_dir(self) -> Path:
        return self.root / "exambank"

    @property
    def exam_bank_index(self) -> Path:
        """Rewritten whenever a paper is added or removed (watched for reloads)."""
        return self.exam_bank_dir / INDEX_FILE

    def has_exam_bank(self) -> bool:
        return self.exam_bank_index.exists()

    def open_exam_bank(self) -> ExamBank:
        key = load_or_create_key(self.exam_key_file)
        return ExamBank.load(self.exam_bank_dir, int.from_bytes(key[:8], "big"))

    def create(self) -> None:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
