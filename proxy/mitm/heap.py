"""Hand the heap that requests freed back to the operating system, once a minute.

glibc keeps memory that Python frees in its arenas (one per thread that allocated:
the inspecting threads, the scan-ahead thread), so after bursts of large requests a
worker's resident size stays near its peak although the objects are gone. Measured
in process on the soak's request mix: 318.7 MiB resident after 4,000 requests, 251.8
MiB after one `malloc_trim(0)` (BENCHMARKS.md, "Memory that stays flat"). A trim
takes well under a millisecond and runs on its own thread, not the event loop.
Elsewhere than glibc (musl, macOS) there is no `malloc_trim` and this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Callable

__all__ = ["HeapTrimmer", "malloc_trim"]


def _load_trim() -> Callable[[], None] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int

    def call() -> None:
        trim(0)

    return call


#: `malloc_trim(0)` where the C library has it, else None.
malloc_trim = _load_trim()


class HeapTrimmer:
    """A daemon thread calling `trim` every `interval` seconds until `stop()`."""

    def __init__(self, interval: float = 60.0, trim: Callable[[], None] | None = malloc_trim) -> None:
        self._interval = interval
        self._trim = trim
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.trims = 0

    def start(self) -> None:
        if self._trim is None or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="heap-trim", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self._trim is not None
        while not self._stop.wait(self._interval):
            self._trim()
            self.trims += 1

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
