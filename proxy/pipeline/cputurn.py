"""One thread at a time does the guard's CPU work (parse, scan, judge, rewrite): threads take turns.

Theory of operation: the interpreter lock lets one thread run Python at a time anyway. With
several inspecting threads (concurrent requests each get one), the lock changes hands every
switch interval (5 ms) between scans that all want it, and each hand-off costs a futex wake-up
and caches refilled on the other core: at 8 concurrent requests a request cost 20-50 % more CPU
than the same requests one after another (BENCHMARKS.md, "Performance pass 3"). A plain lock
taken around the work lets one scan run to its end while the others sleep, so the event loop
competes with one thread instead of six, and the CPU per request is the same at any concurrency.

A wait for something other than the CPU inside the work gives the turn away (`released`): a file
extracted in the sandbox's process, a text another thread is scanning, a shared scan result in
Redis. So a slow upload never holds up the other requests; no thread waits for another while
holding the turn (which could deadlock). The turn is re-entrant per thread: `turn()` inside a
turn does nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["turn", "released"]

_lock = threading.Lock()
_held = threading.local()


@contextmanager
def turn() -> Iterator[None]:
    """Hold the turn for the block (wait for it first)."""
    if getattr(_held, "yes", False):
        yield
        return
    with _lock:
        _held.yes = True
        try:
            yield
        finally:
            _held.yes = False


@contextmanager
def released() -> Iterator[None]:
    """Give the turn away for a wait that needs no CPU, and take it back after (a no-op outside a turn)."""
    if not getattr(_held, "yes", False):
        yield
        return
    _held.yes = False
    _lock.release()
    try:
        yield
    finally:
        _lock.acquire()
        _held.yes = True
