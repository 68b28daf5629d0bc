"""The heap trimmer: glibc's retained heap handed back on a timer, on its own thread."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from proxy.mitm import heap
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


class _Cycle:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """The test freezes this process's heap: give it back to the collector afterwards."""
    yield
    with heap._FREEZER.lock:
        heap._FREEZER.enabled = False
        heap._FREEZER.refreeze_at = None
    gc.unfreeze()


def test_a_frozen_heap_is_left_out_of_collections_until_a_reload_thaws_it(unfrozen: None) -> None:
    old_runtime = weakref.ref(_keep := _Cycle())
    heap.freeze_long_lived()
    assert gc.get_freeze_count() > 0
    del _keep
    gc.collect()
    assert old_runtime() is not None  # frozen: a full pass does not free it
    heap.thaw(now=100.0)
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert old_runtime() is None  # thawed by the reload: the old runtime's cycle is freed


def test_the_heap_is_frozen_again_once_the_reload_wait_is_over(unfrozen: None) -> None:
    heap.freeze_long_lived()
    heap.thaw(now=100.0)
    assert not heap.refreeze_if_due(now=100.0 + heap.REFREEZE_AFTER - 1)
    assert gc.get_freeze_count() == 0
    assert heap.refreeze_if_due(now=100.0 + heap.REFREEZE_AFTER)
    assert gc.get_freeze_count() > 0
    assert not heap.refreeze_if_due(now=1e9)  # once per reload


def test_a_process_that_never_froze_its_heap_is_left_alone() -> None:
    assert not heap._FREEZER.enabled
    before = gc.get_freeze_count()
    heap.thaw(now=0.0)
    assert not heap.refreeze_if_due(now=1e9)
    assert gc.get_freeze_count() == before
