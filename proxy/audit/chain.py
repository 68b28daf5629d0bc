"""Hash chaining and signed checkpoints for audit records.

Each record is stored as canonical JSON with `prev` (the hash of the record
before it in the same chain) and its own `hash` = SHA-256(prev ‖ canonical
JSON). Editing, deleting, inserting or re-ordering any record breaks the chain
at that point. Every `checkpoint_every` records the chain head (seq, hash) is
signed with the node's Ed25519 key, so a rewritten chain cannot be passed off
as the original without the private key. A purge keeps the chain verifiable by
leaving a signed anchor: the seq and hash of the last purged record.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = ["GENESIS", "canonical", "record_hash", "Signer", "Checkpoint", "load_or_create_signer"]

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

    def message(self) -> bytes:
        return f"privacy-guard-audit-checkpoint/1\n{self.chain}\n{self.seq}\n{self.head}".encode()


class Signer:
    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self.public = key.public_key()

    def sign(self, chain: str, seq: int, head: str) -> Checkpoint:
        unsigned = Checkpoint(chain, seq, head, "")
        return Checkpoint(chain, seq, head, self._key.sign(unsigned.message()).hex())

    @staticmethod
    def valid(cp: Checkpoint, public: Ed25519PublicKey) -> bool:
        try:
            public.verify(bytes.fromhex(cp.signature), cp.message())
            return True
        except (InvalidSignature, ValueError):
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
    path.with_name(path.stem + "-public.pem").write_text(signer.public_pem(), encoding="utf-8")
    return signer
