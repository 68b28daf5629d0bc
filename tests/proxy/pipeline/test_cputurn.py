"""Threads take turns for the guard's CPU work; a wait inside a turn gives it away (`cputurn`)."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace
from typing import Any

from proxy.pipeline import cputurn
from proxy.pipeline.scancache import ScanCache


def test_only_one_thread_holds_the_turn_at_a_time() -> None:
    inside = 0
    most = 0
    guard = threading.Lock()

    def work() -> None:
        nonlocal inside, most
        for _ in range(50):
            with cputurn.turn():
                with guard:
                    inside += 1
                    most = max(most, inside)
                time.sleep(0.0002)
                with guard:
                    inside -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert most == 1


def test_a_turn_inside_a_turn_does_not_wait_for_itself() -> None:
    with cputurn.turn():
        with cputurn.turn():
            pass
    with cputurn.turn():  # and the turn was given back
        pass


def test_a_released_turn_lets_another_thread_work_meanwhile() -> None:
    other_done = threading.Event()

    def other() -> None:
        with cputurn.turn():
            other_done.set()

    with cputurn.turn():
        t = threading.Thread(target=other)
        t.start()
        with cputurn.released():
            assert other_done.wait(10)
    t.join(10)


class _SlowShared:
    """A shared result store whose first read waits until the test lets it go."""

    def __init__(self) -> None:
        self.reading = threading.Event()
        self.go = threading.Event()

    def cluster_key(self) -> bytes:
        return b"k" * 32

    def get(self, key: bytes, text: str) -> Any:
        self.reading.set()
        self.go.wait(10)
        return None

    def put(self, key: bytes, findings: Any) -> None:
        pass


def test_waiting_for_a_text_another_thread_is_scanning_does_not_hold_up_that_thread() -> None:
    # Thread B scans a text and gives the turn away while it reads the shared results; thread A,
    # holding the turn, asks for the same text and waits for B's scan. Holding the turn while
    # waiting would leave B unable to finish: A would wait out the 30 s fallback.
    shared = _SlowShared()
    scanner = SimpleNamespace(scan=lambda text: SimpleNamespace(findings=()))
    cache = ScanCache(scanner, shared=shared, min_shared_chars=1)  # type: ignore[arg-type]
    text = "一段要扫描的文字"

    def b() -> None:
        with cputurn.turn():
            cache.lookup(text)

    tb = threading.Thread(target=b)
    tb.start()
    assert shared.reading.wait(10)
    started = time.monotonic()
    release = threading.Timer(0.2, shared.go.set)
    release.start()
    with cputurn.turn():
        cache.lookup(text)
    tb.join(10)
    assert time.monotonic() - started < 5
    assert cache.misses == 1 and cache.hits == 1


def test_a_long_turn_that_pauses_lets_a_waiting_thread_go_first() -> None:
    got_in = threading.Event()
    holder_done = threading.Event()

    def waiter() -> None:
        with cputurn.turn():
            got_in.set()
            assert not holder_done.is_set()

    with cputurn.turn():
        t = threading.Thread(target=waiter)
        t.start()
        deadline = time.monotonic() + 5
        while not got_in.is_set() and time.monotonic() < deadline:
            sum(range(2000))  # a piece of CPU work, then the guard's check between pieces
            cputurn.pause()
        holder_done.set()
    t.join(10)
    assert got_in.is_set(), "the waiting thread got the turn while the long one was still working"


def test_pause_keeps_the_turn_when_nobody_waits_or_the_slice_is_young() -> None:
    with cputurn.turn():
        since = cputurn._lock.since
        cputurn.pause()
        assert cputurn._lock.since == since
    cputurn.pause()  # outside a turn: nothing to give


def test_turns_are_served_in_the_order_they_were_asked_for() -> None:
    order: list[int] = []

    def worker(n: int) -> None:
        with cputurn.turn():
            order.append(n)

    with cputurn.turn():
        threads = []
        for n in range(5):
            t = threading.Thread(target=worker, args=(n,))
            t.start()
            threads.append(t)
            deadline = time.monotonic() + 5
            while len(cputurn._lock._waiters) < n + 1 and time.monotonic() < deadline:
                time.sleep(0.001)  # this thread has taken its ticket before the next one starts
    for t in threads:
        t.join(10)
    assert order == [0, 1, 2, 3, 4]
