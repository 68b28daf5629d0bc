"""Hand the heap that requests freed back to the operating system, once a minute; and keep the
long-lived heap (the runtime built at start) out of the cyclic garbage collector's full passes.

glibc keeps memory that Python frees in its arenas (one per thread that allocated:
the inspecting threads, the scan-ahead thread), so after bursts of large requests a
worker's resident size stays near its peak although the objects are gone. Measured
in process on the soak's request mix: 318.7 MiB resident after 4,000 requests, 251.8
MiB after one `malloc_trim(0)` (BENCHMARKS.md, "Memory that stays flat"). A trim
takes well under a millisecond and runs on its own thread, not the event loop.
Elsewhere than glibc (musl, macOS) there is no `malloc_trim` and this does nothing.

The collector's full pass (generation 2) visits every container object and every reference
each holds: with the runtime loaded (the name model's lexicon, the exam bank, mitmproxy) that is
~120 ms of CPU, holding the interpreter lock, and it comes round every hundred-odd requests as
the scan cache's entries survive into the old generation (BENCHMARKS.md, "Performance pass 8":
~1 ms of CPU a request on average, and a pause for every request in flight). Nothing built at
start becomes garbage while that runtime is in force, so `freeze_long_lived` moves it into the
permanent generation once the proxy listens (`gc.freeze`); reference counting still frees what
it can, and everything made later (cache entries, flows, vaults) is collected as before. A hot
reload replaces the runtime: `thaw` hands the frozen objects back to the collector so the old
runtime's cycles are freed, and the trimmer's thread freezes the heap again a minute or two
later, when requests that began under the old runtime are long done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading
import time
from collections.abc import Callable

__all__ = ["HeapTrimmer", "malloc_trim", "freeze_long_lived", "thaw", "refreeze_if_due", "REFREEZE_AFTER"]

#: Seconds after a reload before the heap is frozen again (requests of the old runtime are done).
REFREEZE_AFTER = 60.0


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


class _Freezer:
    """Whether this process keeps its long-lived heap frozen, and when to freeze it again."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.enabled = False
        #: Monotonic time at which a thawed heap is frozen again (None: frozen, or never enabled).
        self.refreeze_at: float | None = None


_FREEZER = _Freezer()


def freeze_long_lived() -> None:
    """Collect once, then move every object alive now out of the collector's passes (`gc.freeze`).
    Called by a proxy process once it listens: its runtime is built and stays until a reload."""
    with _FREEZER.lock:
        gc.collect()
        gc.freeze()
        _FREEZER.enabled = True
        _FREEZER.refreeze_at = None


def thaw(now: float | None = None) -> None:
    """After a reload: give the frozen objects back to the collector, so the old runtime's cycles
    are freed, and ask for a new freeze `REFREEZE_AFTER` seconds from `now`. A no-op in a process
    that never froze its heap (tests, tools)."""
    with _FREEZER.lock:
        if not _FREEZER.enabled:
            return
        gc.unfreeze()
        _FREEZER.refreeze_at = (time.monotonic() if now is None else now) + REFREEZE_AFTER


def refreeze_if_due(now: float | None = None) -> bool:
    """Freeze the heap again when a reload's wait is over; True when it did (the trimmer calls this)."""
    with _FREEZER.lock:
        due = _FREEZER.refreeze_at
        if not _FREEZER.enabled or due is None or (time.monotonic() if now is None else now) < due:
            return False
        gc.collect()
        gc.freeze()
        _FREEZER.refreeze_at = None
        return True


class HeapTrimmer:
    """A daemon thread calling `trim` every `interval` seconds until `stop()`, and freezing the heap
    again when a reload thawed it (`refreeze_if_due`; without `malloc_trim` there is no thread, and
    after a reload the heap simply stays unfrozen)."""

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
        while not self._stop.wait(self._interval):
            refreeze_if_due()
            if self._trim is not None:
                self._trim()
                self.trims += 1

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
