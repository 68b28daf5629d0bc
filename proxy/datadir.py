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
      sessions.json (+ .lock)                  supervised class sessions (open and past), written atomically
      discovery.json                           AI-looking hosts seen outside the catalog (host names only)
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

__all__ = [
    "DataDir", "load_or_create_key", "KEY_BYTES", "Candidate", "Located", "DataDirNotFound", "locate",
    "SYSTEM_DATA_DIR", "SYSTEM_CONFIG",
]

KEY_BYTES = 32

#: Where a packaged installation keeps its data and its configuration (the systemd unit uses these).
SYSTEM_DATA_DIR = Path("/var/lib/privacy-guard")
SYSTEM_CONFIG = Path("/etc/privacy-guard/config.yaml")


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

    def ca_fingerprint(self) -> str | None:
        """SHA-256 of the CA certificate (DER), as AA:BB:…, the form certificate dialogs show; None before it exists."""
        if not self.ca_cert_pem.exists():
            return None
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes

        cert = x509.load_pem_x509_certificate(self.ca_cert_pem.read_bytes())
        return cert.fingerprint(hashes.SHA256()).hex(":").upper()

    def ca_subject(self) -> str | None:
        if not self.ca_cert_pem.exists():
            return None
        from cryptography import x509

        return x509.load_pem_x509_certificate(self.ca_cert_pem.read_bytes()).subject.rfc4514_string()

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
    def login_failures(self) -> Path:
        """Failed proxy logins shared by the worker processes of one box (keys hashed)."""
        return self.root / "login-failures.sqlite"

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

    # -- class sessions and discovery ------------------------------------------------

    @property
    def sessions_file(self) -> Path:
        """Shared by the proxy, its help page and `privacy-guard session` (re-read on change)."""
        return self.root / "sessions.json"

    @property
    def discovery_file(self) -> Path:
        return self.root / "discovery.json"

    def create(self) -> None:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)


# -- discovery: which data directory an admin command works on ------------------------
#
# Theory of operation: an admin command must work on the directory the proxy uses,
# never silently on a fresh `./data/` with fresh keys (an exam paper "registered"
# there is one the proxy never sees). The caller lists candidates in order of
# authority: the ones it was told (`--data-dir`, the environment variable) are
# taken as they are; the others (the configuration's `data_dir`, the system path,
# the checkout's `data/`) only when they already hold a data directory. Nothing is
# created unless the caller says so.


class DataDirNotFound(ResourceError):
    """No data directory was named and none exists where one was looked for."""


@dataclass(frozen=True, slots=True)
class Candidate:
    path: Path
    #: Where the candidate came from, in words a person reads ("--data-dir", "配置文件 …").
    source: str
    #: Named by the person (flag, environment): used as is, even when it does not exist yet.
    explicit: bool = False


@dataclass(frozen=True, slots=True)
class Located:
    data: DataDir
    source: str
    exists: bool


def _holds_data(path: Path) -> bool:
    d = DataDir(path)
    return path.is_dir() and any(
        p.exists() for p in (d.ca_cert_pem, d.audit_key_file, d.roster_key_file, d.exam_key_file, d.audit_signing_key)
    )


def locate(candidates: list[Candidate]) -> Located:
    """The first explicit candidate, else the first that holds a data directory.

    Raises DataDirNotFound listing every place looked at, so the message says
    what to do (start the proxy once, or name the directory)."""
    for c in candidates:
        if c.explicit:
            return Located(DataDir(c.path.resolve()), c.source, c.path.is_dir())
        if _holds_data(c.path):
            return Located(DataDir(c.path.resolve()), c.source, True)
    looked = "; ".join(f"{c.path} ({c.source})" for c in candidates)
    raise DataDirNotFound(
        "找不到数据目录 / no data directory found. 已查找 / looked in: " + looked +
        ". 请先启动一次代理 (privacy-guard run)，或用 --data-dir 指定 / start the proxy once, or name it with --data-dir"
    )
