"""State shared beyond one process: placeholders that agree across workers and
nodes, answers restored on any node, daily counts and failed logins across
workers (a file) and nodes (Redis), and scan results in Redis without any matched text.

The Redis tests use the machine's Redis on 127.0.0.1:6379 (`.ci/run` starts it);
outside CI they are skipped when it is not running. Keys carry a per-test prefix
and are deleted afterwards."""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from detectors import Scanner
from proxy.datadir import DataDir
from proxy.pipeline.counters import FileDailyCounter, FileLoginFailures, RedisDailyCounter, RedisLoginFailures
from proxy.pipeline.guard import Guard, RequestView
from proxy.pipeline.redisvault import RedisVaultStore
from proxy.pipeline.restore import restore_json
from proxy.pipeline.scancache import RedisScanResults, ScanCache
from proxy.pipeline.vault import VaultStore
from proxy.policy.catalog import Route, load_catalog
from proxy.policy.principals import FailureStore, LoginThrottle, MemoryFailures
from proxy.policy.settings import PolicySettings, Settings
from proxy.runtime import login_throttle

CATALOG = load_catalog(Path(__file__).resolve().parents[3] / "config" / "services.yaml")
ROUTE = CATALOG.route("api.openai.com", "/v1/chat/completions")
TURNS = ["学生王小明的电话是13912345678，请帮他写评语。", "再写一段给李华的家长，电话13800001111。",
         "王小明和李华是同桌，张伟老师的邮箱是zhangwei@school.cn。"]


@pytest.fixture
def redis_prefix() -> Iterator[tuple[Any, str]]:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    prefix = f"pg-test-{secrets.token_hex(6)}"
    yield client, prefix
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def _request(messages: list[dict[str, str]]) -> RequestView:
    body = json.dumps({"model": "m", "messages": messages}, ensure_ascii=False).encode()
    return RequestView(request_id="r", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions",
                       query=(), method="POST", content_type="application/json", accept="", body=body)


def _converse(guards: list[Guard], vault_of: list[Any]) -> tuple[list[bytes], list[str]]:
    """Turns alternate between `guards`; each answer echoes the upstream-bound prompt and is
    restored by the node that forwarded it. What went upstream, and what the client read."""
    assert ROUTE is not None
    messages: list[dict[str, str]] = []
    sent: list[bytes] = []
    read: list[str] = []
    for i, turn in enumerate(TURNS):
        messages.append({"role": "user", "content": turn})
        guard = guards[i % len(guards)]
        out = guard.inspect(_request(messages), ROUTE)
        assert out.body is not None and out.conversation is not None
        sent.append(out.body)
        upstream_text = json.loads(out.body)["messages"][-1]["content"]
        vault = vault_of[i % len(guards)].peek(out.conversation)
        answer = restore_json({"content": "收到：" + upstream_text}, vault)["content"]
        read.append(answer)
        messages.append({"role": "assistant", "content": answer})
    return sent, read


def test_workers_with_their_own_vaults_send_what_one_process_sends(scanner: Scanner) -> None:
    one = VaultStore()
    alone, _ = _converse([Guard(scanner, PolicySettings(), one)], [one])
    a, b = VaultStore(), VaultStore()
    shared, read = _converse([Guard(scanner, PolicySettings(), a), Guard(scanner, PolicySettings(), b)], [a, b])
    assert shared == alone  # placeholders are minted in order of first appearance in the history
    assert read == ["收到：" + t for t in TURNS]


def test_nodes_sharing_redis_keep_placeholders_and_restore_on_either_node(
    scanner: Scanner, redis_prefix: tuple[Any, str],
) -> None:
    client, prefix = redis_prefix
    one = VaultStore()
    alone, _ = _converse([Guard(scanner, PolicySettings(), one)], [one])
    stores = [RedisVaultStore(client, prefix=prefix), RedisVaultStore(client, prefix=prefix)]
    guards = [Guard(scanner, PolicySettings(), s, scans=ScanCache(scanner, shared=RedisScanResults(client, prefix=prefix),
                                                                   version="v1")) for s in stores]
    sent, read = _converse(guards, stores)
    assert sent == alone
    assert read == ["收到：" + t for t in TURNS]


def test_shared_scan_results_hold_no_matched_text(scanner: Scanner, redis_prefix: tuple[Any, str]) -> None:
    client, prefix = redis_prefix
    text = "学生王小明的电话是13912345678，家住北京市海淀区中关村大街1号，请帮他写一段期末评语，谢谢老师。" * 2
    first = ScanCache(scanner, shared=RedisScanResults(client, prefix=prefix), version="v1")
    second = ScanCache(scanner, shared=RedisScanResults(client, prefix=prefix), version="v1")
    found = first.findings(text)
    assert {f.entity for f in found} >= {"PERSON", "PHONE_NUMBER"}
    assert second.findings(text) == found and (second.misses, second.shared_hits) == (0, 1)  # read back from Redis, rebuilt from the text
    stored = b"".join(client.get(k) or b"" for k in client.scan_iter(match=f"{prefix}:scan:*"))
    assert stored and "王小明".encode() not in stored and b"13912345678" not in stored
    other_policy = ScanCache(scanner, shared=RedisScanResults(client, prefix=prefix), version="v2")
    other_policy.findings(text)
    assert other_policy.misses == 1  # another policy version never reads these results


def test_a_daily_count_is_shared_by_workers_through_a_file(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    a, b = FileDailyCounter(tmp_path / "c.sqlite", key), FileDailyCounter(tmp_path / "c.sqlite", key)
    counts = [c.increment("teacher-wang") for c in (a, b, a, b)]
    assert counts == [1, 2, 3, 4] and b.increment("address:10.0.0.9") == 1
    rows = sqlite3.connect(tmp_path / "c.sqlite").execute("SELECT key FROM daily_counts").fetchall()
    assert all("teacher" not in k and "10.0.0.9" not in k for (k,) in rows)


def test_a_daily_count_is_shared_by_nodes_through_redis(redis_prefix: tuple[Any, str]) -> None:
    client, prefix = redis_prefix
    key = secrets.token_bytes(32)
    a, b = RedisDailyCounter(client, key, prefix=prefix), RedisDailyCounter(client, key, prefix=prefix)
    assert [c.increment("teacher-wang") for c in (a, b, b)] == [1, 2, 3]
    assert all(b"teacher" not in k for k in client.scan_iter(match=f"{prefix}:*"))


class _Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0  # wall-clock seconds, as the shared stores use

    def __call__(self) -> float:
        return self.now


def _login_stores(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> tuple[FailureStore, FailureStore]:
    """Two handles on one store, as two workers (or nodes) hold them."""
    key = secrets.token_bytes(32)
    if kind == "memory":
        one = MemoryFailures()
        return one, one
    if kind == "file":
        return (FileLoginFailures(tmp_path / "f.sqlite", key), FileLoginFailures(tmp_path / "f.sqlite", key))
    client, prefix = request.getfixturevalue("redis_prefix")
    return (RedisLoginFailures(client, key, prefix=prefix), RedisLoginFailures(client, key, prefix=prefix))


@pytest.mark.parametrize("kind", ["memory", "file", "redis"])
def test_guessing_spread_over_two_workers_meets_one_lockout(kind: str, tmp_path: Path,
                                                            request: pytest.FixtureRequest) -> None:
    clock = _Clock()
    a_store, b_store = _login_stores(kind, tmp_path, request)
    a, b = LoginThrottle(clock=clock, store=a_store), LoginThrottle(clock=clock, store=b_store)
    assert [t.failure("t.wang", "10.0.0.1") for t in (a, b, a, b)] == [0.0] * 4
    assert b.failure("t.wang", "10.0.0.2") == 30.0  # the fifth failure, wherever it lands, locks the name
    assert a.check("t.wang", "10.0.0.3") == 30.0 and b.check("t.wang", "10.0.0.3") == 30.0
    assert a.failure("t.wang", "10.0.0.3") == 60.0  # and doubles on either worker
    clock.now += 60
    assert a.check("t.wang", "10.0.0.3") == 0.0
    b.success("t.wang", "10.0.0.3")
    assert a.failure("t.wang", "10.0.0.3") == 0.0  # a success cleared the name everywhere


@pytest.mark.parametrize("kind", ["memory", "file", "redis"])
def test_shared_login_failures_are_forgotten_after_the_window(kind: str, tmp_path: Path,
                                                             request: pytest.FixtureRequest) -> None:
    clock = _Clock()
    store, _ = _login_stores(kind, tmp_path, request)
    t = LoginThrottle(clock=clock, store=store, window=900.0)
    for _ in range(4):
        t.failure("t.wang", "10.0.0.1")
    clock.now += 901
    assert t.failure("t.wang", "10.0.0.1") == 0.0  # counting starts again


def test_shared_login_failures_keep_only_keyed_hashes(tmp_path: Path) -> None:
    store = FileLoginFailures(tmp_path / "f.sqlite", secrets.token_bytes(32))
    LoginThrottle(clock=_Clock(), store=store).failure("t.wang", "10.0.0.9")
    rows = sqlite3.connect(tmp_path / "f.sqlite").execute("SELECT key FROM login_failures").fetchall()
    assert len(rows) == 2 and all("wang" not in k and "10.0.0.9" not in k for (k,) in rows)


@pytest.mark.parametrize("worker,shared", [(None, False), (0, True)], ids=["one process", "a worker of several"])
def test_the_workers_of_a_box_count_failed_logins_in_the_data_directory(tmp_path: Path, worker: int | None,
                                                                         shared: bool) -> None:
    home = DataDir(tmp_path)
    home.create()
    login_throttle(Settings(), home, worker=worker).failure("t.wang", "10.0.0.9")
    assert home.login_failures.exists() is shared


def test_nodes_of_another_release_do_not_share_scan_results(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by the r3 probe: the shared results were keyed by the policy files only, so during a
    # rolling upgrade a node of the new release read what an old one had found (or missed) in a
    # text, e.g. a number behind a glued label that only the new detectors read.
    from proxy import runtime

    package = tmp_path / "detectors"
    package.mkdir()
    (package / "phone_number.py").write_text("OLD = True\n")
    digest = runtime.detector_code_digest.__wrapped__  # uncached: the same folder is read twice
    old_code = digest(package)
    (package / "phone_number.py").write_text("OLD = False\n")
    assert digest(package) != old_code
    policy = tmp_path / "policy.yaml"
    policy.write_text("min_score: 0.5\n")
    versions = set()
    for code in (old_code, digest(package)):
        monkeypatch.setattr(runtime, "detector_code_digest", lambda code=code: code)
        versions.add(runtime.policy_version((policy,)))
    assert len(versions) == 2
