"""Speed and memory measurements for the quality benchmark.

Owns the ~2,000-character speed corpus, single-core timing of the scanner
against `jieba.posseg.cut`, and peak-RSS readings (in process and in a fresh one).
"""

from __future__ import annotations

import json
import logging
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "SpeedResult",
    "FreshRss",
    "build_speed_texts",
    "peak_rss_mb",
    "single_core",
    "measure_speed",
    "fresh_process_rss",
]


@dataclass(frozen=True, slots=True)
class SpeedResult:
    """Best-of-`rounds` wall time over the same texts, one thread, one core."""

    texts: int
    chars: int
    rounds: int
    jieba_seconds: float
    scanner_seconds: float
    pinned_cpu: int | None

    @property
    def jieba_cps(self) -> float:
        return self.chars / self.jieba_seconds if self.jieba_seconds else float("inf")

    @property
    def scanner_cps(self) -> float:
        return self.chars / self.scanner_seconds if self.scanner_seconds else float("inf")

    @property
    def ratio(self) -> float:
        """How many times faster the scanner is than jieba.posseg."""
        return self.scanner_cps / self.jieba_cps if self.jieba_cps else float("inf")

    def as_dict(self) -> dict[str, Any]:
        return {
            "texts": self.texts, "chars": self.chars, "rounds": self.rounds,
            "jieba_posseg_seconds": self.jieba_seconds, "scanner_seconds": self.scanner_seconds,
            "jieba_posseg_chars_per_second": self.jieba_cps,
            "scanner_chars_per_second": self.scanner_cps, "ratio": self.ratio,
            "pinned_cpu": self.pinned_cpu,
        }


@dataclass(frozen=True, slots=True)
class FreshRss:
    """Peak RSS (MB) of a fresh interpreter: at start, after build_scanner(), after scanning."""

    start_mb: float
    built_mb: float
    scanned_mb: float


def build_speed_texts(
    negatives: Sequence[str], paragraphs: Sequence[str], n: int = 50, size: int = 2000
) -> list[str]:
    """`n` texts of about `size` characters: negative prompts and MultiPriv paragraphs
    taken alternately (cycling through both pools), stopping once `size` is reached."""
    pools = [list(p) for p in (negatives, paragraphs) if p]
    if not pools:
        return []
    cursors = [0] * len(pools)
    texts: list[str] = []
    turn = 0
    for _ in range(n):
        parts: list[str] = []
        length = 0
        while length < size:
            pool = pools[turn % len(pools)]
            piece = pool[cursors[turn % len(pools)] % len(pool)]
            cursors[turn % len(pools)] += 1
            turn += 1
            parts.append(piece)
            length += len(piece) + 1
        texts.append("\n".join(parts))
    return texts


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@contextmanager
def single_core() -> Iterator[int | None]:
    """Pin the process to one CPU while timing (where the OS allows it)."""
    getter = getattr(os, "sched_getaffinity", None)
    setter = getattr(os, "sched_setaffinity", None)
    if getter is None or setter is None:
        yield None
        return
    before = getter(0)
    cpu = min(before)
    try:
        setter(0, {cpu})
    except OSError:
        yield None
        return
    try:
        yield cpu
    finally:
        setter(0, before)


def _best_time(fn: Callable[[str], object], texts: Sequence[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def measure_speed(
    scan: Callable[[str], object], texts: Sequence[str], rounds: int = 2
) -> SpeedResult:
    """Time `jieba.posseg.cut` (generator consumed) and `scan` on the same texts,
    each after a warm-up call so dictionary/model loading is excluded."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)

    def posseg(text: str) -> object:
        return list(jieba.posseg.cut(text))

    with single_core() as cpu:
        if texts:
            posseg(texts[0])
            scan(texts[0])
        jieba_s = _best_time(posseg, texts, rounds)
        scanner_s = _best_time(scan, texts, rounds)
    return SpeedResult(
        texts=len(texts), chars=sum(len(t) for t in texts), rounds=rounds,
        jieba_seconds=jieba_s, scanner_seconds=scanner_s, pinned_cpu=cpu,
    )


_FRESH_CODE = """\
import json, resource, sys
cfg = json.load(sys.stdin)
sys.path[:0] = cfg["path"]
def mb():
    # VmHWM is this process's own peak RSS; ru_maxrss is not usable here because
    # Linux carries the parent's peak across fork + exec into the child.
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024
start = mb()
from detectors import build_scanner
scanner = build_scanner()
built = mb()
for text in cfg["texts"]:
    scanner.scan(text)
print(json.dumps({"start": start, "built": built, "scanned": mb()}))
"""


def fresh_process_rss(texts: Sequence[str], cwd: Path, timeout: float = 300.0) -> FreshRss:
    """Peak RSS of a fresh interpreter that only builds the scanner and scans `texts`
    (read from /proc/self/status VmHWM where available, else ru_maxrss).

    The child gets this process's import path, so it imports the same `detectors`.
    Raises RuntimeError with the child's stderr tail when it fails.
    """
    path = [str(Path(p).resolve()) if p else str(Path.cwd()) for p in sys.path]
    payload = json.dumps({"path": path, "texts": list(texts)}, ensure_ascii=False)
    proc = subprocess.run(
        [sys.executable, "-c", _FRESH_CODE],
        input=payload, capture_output=True, text=True, encoding="utf-8",
        cwd=cwd, timeout=timeout, check=False,
    )
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
        raise RuntimeError(f"fresh scanner process failed ({proc.returncode}): {tail}")
    try:
        data = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError) as exc:
        raise RuntimeError(
            f"fresh scanner process printed no result: {proc.stdout[-200:]!r}"
        ) from exc
    return FreshRss(float(data["start"]), float(data["built"]), float(data["scanned"]))
