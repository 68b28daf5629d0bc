"""File-text extraction in worker processes with CPU-time, memory and wall-clock
limits, and the per-request scan budget: a hostile .pdf or .docx costs at most
its budget, and never the proxy's memory or another request's time.

Theory of operation: `Sandbox.extract` sends (filename, content type, bytes) to
a process pool started with `forkserver` (never `fork`: the proxy has threads).
Each worker caps its address space once (RLIMIT_AS) and, before every file,
moves its CPU soft limit to "CPU used so far + the budget" (RLIMIT_CPU is
cumulative per process), so SIGXCPU ends a runaway parse. A file that exceeds
its budget (the worker dies, runs out of memory or passes the wall-clock
deadline) raises `BudgetExceeded`; the pool is then replaced. The guard turns
`BudgetExceeded` into a block: over budget is never forwarded unscanned.

`extract_text` has `filetext.extract_text`'s signature and uses the sandbox
configured last (`configure`), so the body parser needs no new argument.
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import logging
import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from proxy.pipeline.cputurn import released
from proxy.pipeline.uploads.filetext import ExtractedText

__all__ = ["BudgetExceeded", "ExtractionLimits", "ScanBudget", "Sandbox", "configure", "extract_text", "current"]

log = logging.getLogger(__name__)


class BudgetExceeded(Exception):
    """A request or one of its files went over budget; `rule` names which (for the audit record)."""

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ExtractionLimits:
    workers: int = 2
    cpu_seconds: int = 10
    memory_bytes: int = 1024 * 1024 * 1024
    wall_seconds: float = 20.0


@dataclass(frozen=True, slots=True)
class ScanBudget:
    """Per request: how many text slots, how many characters in all, and how long scanning may take.
    The time is checked between slots and, inside a long slot, between its windows
    (`proxy.pipeline.chunks`); `clock` is injectable so tests need no real waiting."""

    max_slots: int = 20_000
    max_chars: int = 1_000_000
    max_seconds: float = 30.0
    clock: Callable[[], float] = field(default=time.perf_counter, compare=False, repr=False)

    def check_raw(self, body: bytes, content_type: str) -> None:
        """Before parsing: a JSON body with far more strings than the slot budget could hold
        (8 strings per slot for keys and roles) is refused without building it in memory."""
        if "json" not in content_type.lower() and body.lstrip()[:1] not in (b"{", b"["):
            return
        strings = body.count(b'"') // 2
        if strings > 8 * self.max_slots:
            raise BudgetExceeded("budget.scan-slots",
                                 f"about {strings} JSON strings exceed the budget of {self.max_slots} text slots")

    def check_size(self, texts: tuple[str, ...]) -> None:
        if len(texts) > self.max_slots:
            raise BudgetExceeded("budget.scan-slots", f"{len(texts)} text slots exceed the budget of {self.max_slots}")
        chars = sum(len(t) for t in texts)
        if chars > self.max_chars:
            raise BudgetExceeded("budget.scan-chars", f"{chars} characters exceed the budget of {self.max_chars}")

    def check_time(self, started: float) -> None:
        """`started`: a reading of `clock` when the request's scan began."""
        if self.clock() - started > self.max_seconds:
            raise BudgetExceeded("budget.scan-time", f"scanning took longer than {self.max_seconds} s")

    def timer(self) -> Callable[[], None]:
        """A check bound to now: call it between pieces of work; it raises `BudgetExceeded` once over time."""
        started = self.clock()
        return lambda: self.check_time(started)


# -- the worker side ----------------------------------------------------------------


def _init_worker(memory_bytes: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    import proxy.pipeline.uploads.filetext  # noqa: F401 - parsers loaded once per worker, not per file


def _extract_in_worker(filename: str, content_type: str | None, data: bytes, cpu_seconds: int) -> ExtractedText:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = used + cpu_seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    from proxy.pipeline.uploads.filetext import extract_text as extract

    return extract(filename, content_type, data)


# -- the proxy side -----------------------------------------------------------------


class Sandbox:
    """A process pool for extraction; thread-safe; replaced whole when a worker dies."""

    def __init__(self, limits: ExtractionLimits = ExtractionLimits()) -> None:
        self.limits = limits
        self._lock = threading.Lock()
        self._pool: cf.ProcessPoolExecutor | None = None

    def _executor(self) -> cf.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = cf.ProcessPoolExecutor(
                    max_workers=self.limits.workers, mp_context=multiprocessing.get_context("forkserver"),
                    initializer=_init_worker, initargs=(self.limits.memory_bytes,),
                )
            return self._pool

    def _discard(self, pool: cf.ProcessPoolExecutor) -> None:
        """End a pool whose worker is stuck or dead (only our own worker processes)."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        procs = list(getattr(pool, "_processes", {}).values())
        for p in procs:
            if p.is_alive() and p.pid is not None:
                os.kill(p.pid, 9)
        pool.shutdown(wait=False, cancel_futures=True)

    def extract(self, filename: str, content_type: str | None, data: bytes) -> ExtractedText:
        pool = self._executor()
        try:
            future = pool.submit(_extract_in_worker, filename, content_type, data, self.limits.cpu_seconds)
        except (cf.BrokenExecutor, RuntimeError):  # a worker died in the meantime: one fresh pool, once
            self._discard(pool)
            pool = self._executor()
            future = pool.submit(_extract_in_worker, filename, content_type, data, self.limits.cpu_seconds)
        try:
            with released():  # another process works: other requests may scan meanwhile
                result: ExtractedText = future.result(timeout=self.limits.wall_seconds)
        except cf.TimeoutError:
            self._discard(pool)
            raise BudgetExceeded("budget.extraction-time",
                                 f"file text extraction took longer than {self.limits.wall_seconds} s") from None
        except cf.BrokenExecutor:
            self._discard(pool)
            raise BudgetExceeded("budget.extraction-resources",
                                 "file text extraction went over its CPU or memory limit") from None
        except MemoryError:
            raise BudgetExceeded("budget.extraction-resources", "file text extraction went over its memory limit") from None
        if result.kind == "error" and result.reason and result.reason.endswith("is too large to extract"):
            raise BudgetExceeded("budget.extraction-resources", "file text extraction went over its memory limit")
        return result

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def stop_now(self) -> None:
        """End the pool at once, killing a worker mid-extraction (a process leaving for good)."""
        with self._lock:
            pool = self._pool
        if pool is not None:
            self._discard(pool)


_current = Sandbox()


@atexit.register
def _close_at_exit() -> None:
    _current.close()


def configure(limits: ExtractionLimits) -> Sandbox:
    """Use these limits from now on (a reload with new limits gets a new pool)."""
    global _current
    if limits != _current.limits:
        old, _current = _current, Sandbox(limits)
        old.close()
    return _current


def current() -> Sandbox:
    return _current


def extract_text(filename: str, content_type: str | None, data: bytes) -> ExtractedText:
    """`filetext.extract_text` in the sandbox in force; raises `BudgetExceeded` when over budget."""
    return _current.extract(filename, content_type, data)
