"""The per-text scan cache: a conversation's earlier turns are not scanned again."""

from __future__ import annotations

import pytest

from detectors import Scanner
from proxy.pipeline.scancache import RedisScanResults, ScanCache

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


@pytest.mark.parametrize("kw,texts,expected_len", [
    ({"max_entries": 2}, [HISTORY + str(i) for i in range(5)], 2),
    ({"max_chars": len(HISTORY) * 3}, [HISTORY + str(i) for i in range(5)], 2),
], ids=["entry bound", "character bound"])
def test_the_cache_stays_within_its_bounds(scanner: Scanner, kw: dict[str, int], texts: list[str],
                                            expected_len: int) -> None:
    cache = ScanCache(scanner, **kw)
    for t in texts:
        cache.findings(t)
    assert len(cache) == expected_len


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
