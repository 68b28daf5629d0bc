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
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["turn", "released", "pause", "SLICE"]

#: How long a thread may keep the turn while others wait for it (checked at `pause()`).
SLICE = 0.02


class _Tickets:
    """A first-come, first-served lock handed on directly: a waiter sleeps on a lock of its own,
    and `release` wakes the first waiter alone and gives it the turn.

    A condition with `notify_all` (the first version) woke every waiting thread on each release;
    each woken thread took the interpreter lock to read its ticket and went back to sleep, so with
    six inspecting threads every turn cost five wake-ups and their lock hand-offs with the event
    loop (BENCHMARKS.md, "Performance pass 8")."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._busy = False
        #: When the current holder took the turn (monotonic).
        self.since = 0.0

    def acquire(self) -> None:
        with self._guard:
            if not self._busy:
                self._busy = True
                self.since = time.monotonic()
                return
            mine = threading.Lock()
            mine.acquire()
            self._waiters.append(mine)
        mine.acquire()  # released by `release`, which hands the turn over without freeing it
        self.since = time.monotonic()

    def release(self) -> None:
        with self._guard:
            if self._waiters:
                self._waiters.popleft().release()  # the turn passes on; `_busy` stays set
            else:
                self._busy = False

    def contended(self) -> bool:
        """Whether a thread waits for the turn (read without the lock: a hint, not a promise)."""
        return bool(self._waiters)


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
