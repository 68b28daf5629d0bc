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

A long piece of work (a large body: thousands of slots, windows of a long text) must not hold
the others up until it ends: between slots and windows the guard calls `pause()`, which hands
the turn to the threads waiting for it once this one has held it for `SLICE` seconds. Turns
are served first come, first served (tickets), so a pausing thread goes to the back of the
queue rather than taking the turn straight back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["turn", "released", "pause", "SLICE"]

#: How long a thread may keep the turn while others wait for it (checked at `pause()`).
SLICE = 0.02


class _Tickets:
    """A first-come, first-served lock: each acquirer takes a ticket and waits for its number."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._next = 0
        self._serving = 0
        #: When the current holder took the turn (monotonic).
        self.since = 0.0

    def acquire(self) -> None:
        with self._cond:
            ticket = self._next
            self._next += 1
            while self._serving != ticket:
                self._cond.wait()
        self.since = time.monotonic()

    def release(self) -> None:
        with self._cond:
            self._serving += 1
            self._cond.notify_all()

    def contended(self) -> bool:
        """Whether a thread waits for the turn (read without the lock: a hint, not a promise)."""
        return self._next - self._serving > 1


_lock = _Tickets()
_held = threading.local()


@contextmanager
def turn() -> Iterator[None]:
    """Hold the turn for the block (wait for it first)."""
    if getattr(_held, "yes", False):
        yield
        return
    _lock.acquire()
    _held.yes = True
    try:
        yield
    finally:
        _held.yes = False
        _lock.release()


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


def pause() -> None:
    """Between pieces of one request's work: when this thread has held the turn for `SLICE` and
    another waits, let it (and whoever queued before us) go first. Cheap when nobody waits."""
    if not getattr(_held, "yes", False) or not _lock.contended() or time.monotonic() - _lock.since < SLICE:
        return
    _held.yes = False
    _lock.release()
    _lock.acquire()  # a new ticket: behind every thread that was waiting
    _held.yes = True
