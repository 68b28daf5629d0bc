"""The per-text scan cache: a conversation's earlier turns are not scanned again."""

from __future__ import annotations

import pytest

from detectors import Scanner
from proxy.pipeline.scancache import RedisScanResults, ScanCache, footprint

HISTORY = "老师您好，我是三年级二班刘一鸣的家长，孩子的手机是13912345678，请帮我写一份请假条。" * 2


class CountingScanner:
    def __init__(self, inner: Scanner) -> None:
        self.inner = inner
        self.calls = 0

    def scan(self, text: str):  # type: ignore[no-untyped-def]
        self.calls += 1
        return self.inner.scan(text)


def test_a_text_seen_before_is_not_scanned_again_and_gets_the_same_findings(scanner: Scanner) -> None:
    counting = CountingScanner(scanner)
    cache = ScanCache(counting)  # type: ignore[arg-type]
    first = cache.findings(HISTORY)
    second = cache.findings(HISTORY)
    assert first == second and any(f.entity == "PHONE_NUMBER" for f in first)
    assert counting.calls == 1 and cache.hits == 1


def test_a_changed_text_is_scanned(scanner: Scanner) -> None:
    counting = CountingScanner(scanner)
    cache = ScanCache(counting)  # type: ignore[arg-type]
    cache.findings(HISTORY)
    cache.findings(HISTORY + "再加一句。")
    assert counting.calls == 2


def test_the_cache_stays_within_its_entry_bound(scanner: Scanner) -> None:
    cache = ScanCache(scanner, max_entries=2)
    for i in range(5):
        cache.findings(HISTORY + str(i))
    assert len(cache) == 2


def test_the_cache_stays_within_its_memory_bound_derived_results_included(scanner: Scanner) -> None:
    rewrite = HISTORY * 200  # what the guard keeps beside a text: its rewritten copy (here a long one)
    one = ScanCache(scanner).lookup(HISTORY)
    budget = int((one.size + footprint(rewrite)) * 2.5)
    cache = ScanCache(scanner, max_bytes=budget)
    for i in range(50):
        scanned = cache.lookup(HISTORY + str(i))
        scanned.derive("rewrite", lambda: rewrite + str(i))
        assert cache.memory <= budget
    assert len(cache) == 2, "each entry holds a large rewrite: two fit"
    assert footprint(rewrite) * 2 <= cache.memory


def test_derived_results_of_an_evicted_entry_are_not_counted(scanner: Scanner) -> None:
    cache = ScanCache(scanner, max_entries=1)
    first = cache.lookup(HISTORY)
    cache.lookup(HISTORY + "。")
    before = cache.memory
    first.derive("late", lambda: "x" * 100_000)
    assert cache.memory == before


def test_footprint_follows_containers_and_slotted_objects(scanner: Scanner) -> None:
    findings = scanner.scan(HISTORY).findings
    assert footprint("x" * 10_000) >= 10_000
    assert footprint((findings, "x" * 10_000)) > footprint(findings) + 10_000
    assert footprint(findings) > sum(len(f.text) for f in findings)


def test_an_expired_entry_is_scanned_again(scanner: Scanner) -> None:
    counting = CountingScanner(scanner)
    cache = ScanCache(counting, ttl_seconds=0.0)  # type: ignore[arg-type]
    cache.findings(HISTORY)
    cache.findings(HISTORY)
    assert counting.calls == 2


class DictRedis:
    """The two Redis calls `RedisScanResults` makes, in a dict."""

    def __init__(self) -> None:
        self.data: dict[str, object] = {}

    def set(self, name: str, value: object, nx: bool = False, ex: int | None = None) -> None:
        if not (nx and name in self.data):
            self.data[name] = value

    def get(self, name: str) -> object:
        return self.data.get(name)


def test_short_texts_are_remembered_here_but_not_shared(scanner: Scanner) -> None:
    counting = CountingScanner(scanner)
    redis = DictRedis()
    cache = ScanCache(counting, shared=RedisScanResults(redis, prefix="t"))  # type: ignore[arg-type]
    first = cache.findings("/v1/chat/completions")
    assert cache.findings("/v1/chat/completions") == first
    assert counting.calls == 1 and cache.hits == 1
    assert not [k for k in redis.data if ":scan:" in k]
    cache.findings(HISTORY)
    assert len([k for k in redis.data if ":scan:" in k]) == 1
