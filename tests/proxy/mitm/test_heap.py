"""The heap trimmer: glibc's retained heap handed back on a timer, on its own thread."""

from __future__ import annotations

import threading

from proxy.mitm.heap import HeapTrimmer, malloc_trim


def test_the_trimmer_trims_on_its_interval_and_stops() -> None:
    called = threading.Event()
    count = [0]

    def trim() -> None:
        count[0] += 1
        if count[0] >= 3:
            called.set()

    trimmer = HeapTrimmer(interval=0.01, trim=trim)
    trimmer.start()
    assert called.wait(10)
    trimmer.stop()
    after = count[0]
    assert not trimmer._thread or not trimmer._thread.is_alive()
    assert count[0] == after


def test_without_malloc_trim_nothing_starts() -> None:
    trimmer = HeapTrimmer(trim=None)
    trimmer.start()
    assert trimmer._thread is None
    trimmer.stop()


def test_glibc_malloc_trim_is_found_and_callable_here() -> None:
    assert malloc_trim is not None  # this machine and CI run Debian (glibc)
    malloc_trim()
