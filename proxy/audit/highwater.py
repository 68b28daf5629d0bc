"""The high-water mark: the last signed checkpoint of each chain, kept in a small
file outside the database (next to the signing key), so deleting the newest
records, or emptying every table, is reported by `audit verify`.

Theory of operation: after each checkpoint is committed, the writer replaces
`audit-hwm.<chain>.json` (atomically, fsync'd) with the signed (seq, head,
signed_at). Written after the commit, a mark can only lag the store, never lead
it: a crash leaves no false alarm. Verification then requires the store to reach
the mark's seq with the same head. Someone with access to the database but not
to the signing key cannot forge a lower mark; deleting the file itself needs
access to the data directory, where the pinned key lives too (give reviewers
their own copy of both for `audit verify --public-key`).
"""

from __future__ import annotations

import json
import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from proxy.audit.chain import Checkpoint

__all__ = ["HighWaterMark", "mark_path", "write_mark", "read_marks"]

_PREFIX, _SUFFIX = "audit-hwm.", ".json"


@dataclass(frozen=True, slots=True)
class HighWaterMark:
    """One chain's last signed checkpoint as read from its file (`problem` set when unreadable)."""

    path: Path
    checkpoint: Checkpoint | None
    problem: str = ""


def mark_path(directory: Path, chain: str) -> Path:
    return directory / f"{_PREFIX}{urllib.parse.quote(chain, safe='')}{_SUFFIX}"


def write_mark(directory: Path, cp: Checkpoint) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    path = mark_path(directory, cp.chain)
    tmp = path.with_name(path.name + ".tmp")
    doc = {"chain": cp.chain, "seq": cp.seq, "head": cp.head, "signed_at": cp.signed_at, "signature": cp.signature}
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(doc, sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_marks(directory: Path) -> list[HighWaterMark]:
    out: list[HighWaterMark] = []
    if not directory.is_dir():
        return out
    for path in sorted(directory.glob(f"{_PREFIX}*{_SUFFIX}")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            cp = Checkpoint(str(doc["chain"]), int(doc["seq"]), str(doc["head"]), str(doc["signature"]),
                            str(doc.get("signed_at", "")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            out.append(HighWaterMark(path, None, f"{type(exc).__name__}"))
            continue
        out.append(HighWaterMark(path, cp))
    return out
