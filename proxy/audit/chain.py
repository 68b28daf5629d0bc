"""Hash chaining and signed checkpoints for audit records.

Each record is stored as canonical JSON with `prev` (the hash of the record
before it in the same chain) and its own `hash` = SHA-256(prev ‖ canonical
JSON). Editing, deleting, inserting or re-ordering any record breaks the chain
at that point. Every `checkpoint_every` records, every `checkpoint_seconds` and
at shutdown the chain head (seq, hash, signing time) is signed with the node's
Ed25519 key, so a rewritten chain cannot be passed off as the original without
the private key. Verification trusts only a public key pinned outside the
database (the `…-public.pem` file, or one given to `audit verify`). A purge keeps
the chain verifiable by leaving a signed anchor: the seq and hash of the last
purged record.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = ["GENESIS", "canonical", "record_hash", "Signer", "Checkpoint", "load_or_create_signer", "public_key_path",
           "load_public_key", "same_key"]

GENESIS = "0" * 64


def canonical(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def record_hash(prev: str, body: str) -> str:
    return hashlib.sha256((prev + "\n" + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Checkpoint:
    chain: str
    seq: int
    head: str
    signature: str  # hex
    #: When it was signed (ISO 8601); "" for anchors and checkpoints written before version 2.
    signed_at: str = ""

    def message(self) -> bytes:
        if self.signed_at:
            return f"privacy-guard-audit-checkpoint/2\n{self.chain}\n{self.seq}\n{self.head}\n{self.signed_at}".encode()
        return f"privacy-guard-audit-checkpoint/1\n{self.chain}\n{self.seq}\n{self.head}".encode()


class Signer:
    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self.public = key.public_key()

    def sign(self, chain: str, seq: int, head: str, signed_at: str = "") -> Checkpoint:
        unsigned = Checkpoint(chain, seq, head, "", signed_at)
        return Checkpoint(chain, seq, head, self._key.sign(unsigned.message()).hex(), signed_at)

    @staticmethod
    def valid(cp: Checkpoint, public: Ed25519PublicKey | Sequence[Ed25519PublicKey]) -> bool:
        """True when one of the given public keys made this signature."""
        keys = [public] if isinstance(public, Ed25519PublicKey) else list(public)
        for key in keys:
            try:
                key.verify(bytes.fromhex(cp.signature), cp.message())
                return True
            except (InvalidSignature, ValueError):
                continue
        return False

    def public_pem(self) -> str:
        return self.public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_or_create_signer(path: Path) -> Signer:
    """The node's Ed25519 key (owner-only PEM), created on first use; the public
    key is written next to it for reviewers (`…-public.pem`)."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 private key")
        return Signer(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    signer = Signer(key)
    public_key_path(path).write_text(signer.public_pem(), encoding="utf-8")
    return signer


def public_key_path(private_key: Path) -> Path:
    """Where the public half of a signing key is pinned for reviewers (`audit-signing-public.pem`)."""
    return private_key.with_name(private_key.stem + "-public.pem")


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A pinned Ed25519 public key (PEM); a private key file is accepted too (its public half)."""
    data = path.read_bytes()
    if b"PRIVATE KEY" in data:
        private = serialization.load_pem_private_key(data, password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 key")
        return private.public_key()
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path} is not an Ed25519 public key")
    return key


def same_key(a: Ed25519PublicKey, b: Ed25519PublicKey) -> bool:
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    return a.public_bytes(*raw) == b.public_bytes(*raw)
