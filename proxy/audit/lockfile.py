"""One writer per SQLite audit store: an exclusive `flock` on `<store>.lock`,
held for the life of the writing process and released by the kernel when it
exits (even on `kill -9`), so a second process fails at start-up, not with 503s.
The workers of one node (`run --workers`) share the store: their supervisor holds
`<store>.lock` and each worker locks only its own chain, `<store>.<chain>.lock`."""

from __future__ import annotations

import fcntl
import os
import re
from pathlib import Path

from proxy.audit.errors import AuditStoreLocked

__all__ = ["WriterLock"]


class WriterLock:
    def __init__(self, store: Path, chain: str | None = None) -> None:
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", chain) if chain else None
        self.path = store.with_name(f"{store.name}.{safe}.lock" if safe else store.name + ".lock")
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AuditStoreLocked(
                f"another privacy-guard process is already writing the audit store {store} (lock file {self.path}); "
                "two processes on one data directory would write the same chain. Stop the other process or give "
                "this one its own --data-dir. / 另一个 privacy-guard 进程正在写入同一审计库，"
                "请先停止该进程，或为本进程指定单独的数据目录。", path=str(store)) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
