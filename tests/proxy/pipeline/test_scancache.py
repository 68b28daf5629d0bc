"""The per-text scan cache: a conversation's earlier turns are not scanned again."""

from __future__ import annotations

import sys

import pytest

from detectors import Scanner
from proxy.pipeline.judged import judge_text
from proxy.pipeline.scancache import RedisScanResults, ScanCache, footprint
from proxy.policy.settings import PolicySettings

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


def _plain_footprint(value: object, depth: int = 8, known: tuple[object, ...] = ()) -> int:
    """The estimate `footprint` stands for, as a plain recursion over every object reached."""
    seen = {id(k) for k in known}

    def size(v: object, d: int) -> int:
        if id(v) in seen:
            return 0
        seen.add(id(v))
        n = sys.getsizeof(v)
        if d == 0 or isinstance(v, (str, bytes, int, float, bool)) or v is None:
            return n
        if isinstance(v, (tuple, list, set, frozenset)):
            return n + sum(size(x, d - 1) for x in v)
        if isinstance(v, dict):
            return n + sum(size(k, d - 1) + size(x, d - 1) for k, x in v.items())
        for name in (s for c in type(v).__mro__ for s in getattr(c, "__slots__", ())):
            if hasattr(v, name):
                n += size(getattr(v, name), d - 1)
        return n + (size(vars(v), d - 1) if hasattr(v, "__dict__") else 0)

    return size(value, depth)


def test_footprint_is_the_plain_recursion_for_findings_and_what_is_derived(scanner: Scanner) -> None:
    """The fast paths (a findings tuple summed in C-level passes, leaves counted in place)
    count exactly what the plain recursion counts, shared objects once, at every depth."""
    texts = [HISTORY, "王老师：李华（13800138000）和张伟的作业，lihua@example.com", "没有个人信息的一句话。"]
    findings = [scanner.scan(t).findings for t in texts]
    shared = findings[0][:1] * 3 + findings[0]
    values: list[object] = [*findings, shared, (), (findings[0], "x"), {"a": findings[1], "b": [1, 2.5, b"y", None]}]
    assert sum(len(f) for f in findings) >= 5
    for value in values:
        for depth in range(9):
            assert footprint(value, depth=depth) == _plain_footprint(value, depth), (depth, type(value))
    assert footprint(values[-1], known=findings[1]) == _plain_footprint(values[-1], known=findings[1])
    assert footprint(values[-1], known=findings[1]) < footprint(values[-1])


def test_footprint_of_a_judgement_and_shared_containers_is_the_plain_recursion(scanner: Scanner) -> None:
    """The level-by-level path (judgements, rewritten texts, nested tuples) counts what the plain
    recursion counts: with and without the entry's findings known, a container shared by two
    paths of different lengths, and at every depth, including those that cut a path short."""
    texts = [HISTORY, "王老师：李华（13800138000）和张伟的作业，lihua@example.com"]
    findings = [scanner.scan(t).findings for t in texts]
    policy = PolicySettings()
    judged = [judge_text(f, policy, None) for f in findings]
    assert all(j.judgement.actions for j in judged)
    inner = ("a", ("b", 3.5))
    shared = (inner, (((inner,),),), frozenset({("x", 1)}), [inner, None])
    values: list[object] = [*judged, shared, (judged[0], judged[0].judgement), "rewritten 〔学生甲〕", 7]
    for value in values:
        for depth in range(10):
            assert footprint(value, depth=depth) == _plain_footprint(value, depth), (depth, type(value))
        for known in findings:
            assert footprint(value, known=known) == _plain_footprint(value, known=known), type(value)
    assert footprint(judged[0], known=findings[0]) < footprint(judged[0])
    assert footprint(HISTORY, known=(HISTORY,)) == 0


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


def test_an_entry_deriving_on_and_on_is_counted_for_what_it_holds_only(scanner: Scanner) -> None:
    # Found by the r3 probe: after the derived results were cleared, the entry's count of them
    # kept only the difference, so every later clear took back too little and the entry's size
    # grew without end (counted, not held): a busy text then pushed every other text out.
    cache = ScanCache(scanner)
    scanned = cache.lookup(HISTORY)
    base = scanned.size
    for i in range(200):
        scanned.derive(("principal", i), lambda: "x" * (1000 if i % 9 else 10))
    held = sum(footprint(v) + 100 for v in scanned._derived.values())
    assert scanned.size == base + held
    assert cache.memory == scanned.size
