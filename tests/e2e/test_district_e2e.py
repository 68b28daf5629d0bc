"""A district gateway on loopback: two proxy nodes behind HAProxy (the shipped
config/examples/haproxy.cfg), sharing Redis and a PostgreSQL audit.

A conversation whose turns alternate between the nodes keeps its placeholders
and gets its answers restored; a daily limit counts across nodes; a policy edit
reaches both nodes within seconds; one node killed under load, clients keep
working through the other, `audit verify` passes for both chains and every
request that reached the upstream has its record.

Needs HAProxy, Redis and PostgreSQL. Under CI all must be there (.ci/run starts
Redis and PostgreSQL; HAProxy is installed with apt-get when missing); elsewhere
the test skips, saying which one is missing."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bench.fakeupstream import FakeUpstream, make_ca_and_cert

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("PRIVACY_GUARD_TEST_PG", "host=127.0.0.1 port=5432 dbname=test user=postgres")
REDIS = "redis://127.0.0.1:6379/0"


def _haproxy() -> str | None:
    found = shutil.which("haproxy") or (Path("/usr/sbin/haproxy").exists() and "/usr/sbin/haproxy") or None
    if found is None and os.environ.get("CI") and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "haproxy"], capture_output=True, timeout=600)
        found = shutil.which("haproxy") or (Path("/usr/sbin/haproxy").exists() and "/usr/sbin/haproxy") or None
    return found or None


def _missing() -> str | None:
    if _haproxy() is None:
        return "HAProxy is not installed (apt-get install haproxy)"
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means: not available
        return f"no Redis at {REDIS}: {type(exc).__name__}"
    try:
        import psycopg

        psycopg.connect(PG, connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001
        return f"no PostgreSQL at {PG}: {type(exc).__name__}"
    return None


_REASON = _missing()
if _REASON and os.environ.get("CI"):
    pytest.fail(f"CI is set but {_REASON}", pytrace=False)
pytestmark = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class District:
    tmp: Path
    cfg: Path
    nodes: dict[str, subprocess.Popen[str]]
    gateway: int
    proxy_ca: Path
    upstream: FakeUpstream
    up_port: int
    schema: str

    def chat(self, messages: list[dict[str, str]]) -> httpx.Response:
        """One request through HAProxy on a fresh connection (round robin: the next node)."""
        with httpx.Client(proxy=f"http://127.0.0.1:{self.gateway}", verify=str(self.proxy_ca), timeout=30) as c:
            return c.post(f"https://localhost:{self.up_port}/v1/chat/completions", json={"messages": messages})


def _config(d: Path, dsn: str, prefix: str, limit: int) -> str:
    return (
        f"services_file: {ROOT / 'config' / 'services.yaml'}\ndata_dir: {d / 'data'}\n"
        "services:\n  - {id: fake-ai, name: Fake AI, hosts: [localhost], endpoints: [{path: '*/chat/completions', format: openai_chat}]}\n"
        "reload_interval: 0.5\n"
        f"audit: {{store: postgres, dsn: '{dsn}', checkpoint_every: 5}}\n"
        f"cluster: {{redis_url: '{REDIS}', redis_prefix: {prefix}}}\n"
        f"limits: {{daily_requests: {{guest: {limit}}}}}\n"
    )


def _start_node(cfg: Path, name: str, port: int, ca: Path) -> subprocess.Popen[str]:
    # One data directory for both nodes (the CA clients trust, the keys); the node's
    # chain name comes from its own configuration file.
    node_cfg = cfg.with_name(f"{name}.yaml")
    node_cfg.write_text(cfg.read_text(encoding="utf-8").replace("audit: {", f"audit: {{node_id: {name}, "), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "proxy", "run", "--config", str(node_cfg), "--listen-port", str(port),
         "--help-port", "0", "--upstream-trust", str(ca), "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "proxy on" not in line:
        proc.kill()
        raise RuntimeError(f"node {name} did not start: {line!r}")
    return proc


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Iterator[District]:
    import psycopg
    import redis

    tmp = tmp_path_factory.mktemp("district")
    schema = f"guard_district_{secrets.token_hex(4)}"
    with psycopg.connect(PG, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {schema}")
    prefix = f"pg-district-{secrets.token_hex(4)}"
    ca, cert, key = make_ca_and_cert(tmp)
    upstream = FakeUpstream(cert=cert, key=key)
    up_port = upstream.start()
    cfg = tmp / "district.yaml"
    cfg.write_text(_config(tmp, f"{PG} options=-csearch_path={schema}", prefix, limit=6), encoding="utf-8")
    ports = {"node-a": _free_port(), "node-b": _free_port()}
    nodes: dict[str, subprocess.Popen[str]] = {}
    haproxy: subprocess.Popen[str] | None = None
    try:
        for name, port in ports.items():
            nodes[name] = _start_node(cfg, name, port, ca)
        gateway, help_port = _free_port(), _free_port()
        shipped = (ROOT / "config" / "examples" / "haproxy.cfg").read_text(encoding="utf-8")
        hcfg = shipped.replace("0.0.0.0:8080", f"127.0.0.1:{gateway}").replace("0.0.0.0:8081", f"127.0.0.1:{help_port}")
        hcfg = re.sub(r"10\.0\.0\.11:8080", f"127.0.0.1:{ports['node-a']}", hcfg)
        hcfg = re.sub(r"10\.0\.0\.12:8080", f"127.0.0.1:{ports['node-b']}", hcfg)
        hcfg = hcfg.replace("10.0.0.11:8081", "127.0.0.1:9").replace("10.0.0.12:8081", "127.0.0.1:9")
        (tmp / "haproxy.cfg").write_text(hcfg, encoding="utf-8")
        haproxy = subprocess.Popen([str(_haproxy()), "-db", "-f", str(tmp / "haproxy.cfg")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", gateway), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(2.5)  # both nodes pass their first health checks
        yield District(tmp, cfg, nodes, gateway, tmp / "data" / "mitmproxy-ca-cert.pem", upstream, up_port, schema)
    finally:
        for proc in nodes.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(60)
        if haproxy is not None:
            haproxy.terminate()
            haproxy.wait(10)
        upstream.stop()
        client = redis.Redis.from_url(REDIS)
        for k in client.scan_iter(match=f"{prefix}:*"):
            client.delete(k)
        with psycopg.connect(PG, autocommit=True) as c:
            c.execute(f"DROP SCHEMA {schema} CASCADE")


def _export(d: District) -> list[dict[str, object]]:
    out = subprocess.run([sys.executable, "-m", "proxy", "audit", "export", "--config", str(d.cfg.with_name("node-a.yaml"))],
                         capture_output=True, text=True, check=True)
    return [json.loads(x) for x in out.stdout.splitlines()]


def test_a_conversation_alternating_between_nodes_keeps_placeholders_and_counts_once(district: District) -> None:
    turns = ["学生王小明的电话是13912345678，请帮他写评语。", "再写一段给李华的家长，电话13800001111。",
             "王小明和李华是同桌，请写一段表扬他们的话。"]
    messages: list[dict[str, str]] = []
    sent: list[list[str]] = []
    for turn in turns:
        messages.append({"role": "user", "content": turn})
        r = district.chat(messages)
        assert r.status_code == 200, r.text
        answer = r.json()["choices"][0]["message"]["content"]
        assert answer == "收到：" + turn  # restored, whichever node forwarded it
        sent.append([m["content"] for m in district.upstream.last_json()["messages"]])
        messages.append({"role": "assistant", "content": answer})
    assert "王小明" not in " ".join(sum(sent, [])) and "〔学生甲〕" in sent[0][0]
    assert sent[1][0] == sent[0][0] and sent[2][:3] == sent[1]  # the same placeholders in every turn
    chains = {str(r.get("chain") or r.get("node")) for r in _export(district)}
    assert len(chains) == 2, chains  # both nodes took part

    # The limit is 6 a day: 3 used by the conversation, so 3 of the next 5 pass — on either node.
    statuses = [district.chat([{"role": "user", "content": f"你好{i}"}]).status_code for i in range(5)]
    assert statuses.count(200) == 3, statuses


def test_a_policy_edit_reaches_every_node_within_seconds(district: District) -> None:
    text = district.cfg.read_text(encoding="utf-8").replace("guest: 6", "guest: 100000")
    for name in ("node-a", "node-b"):
        path = district.cfg.with_name(f"{name}.yaml")
        path.write_text(path.read_text(encoding="utf-8").replace("guest: 6", "guest: 100000"), encoding="utf-8")
    district.cfg.write_text(text, encoding="utf-8")
    deadline = time.monotonic() + 15
    statuses: list[int] = []
    while time.monotonic() < deadline:
        statuses = [district.chat([{"role": "user", "content": "你好"}]).status_code for _ in range(4)]
        if statuses == [200] * 4:
            break
        time.sleep(0.5)
    assert statuses == [200] * 4


def test_one_node_killed_under_load_the_other_serves_and_nothing_forwarded_lacks_a_record(district: District) -> None:
    stop = threading.Event()
    failures: list[str] = []
    after_kill_ok = [0]
    killed = threading.Event()

    def load(n: int) -> None:
        for i in range(400):  # bounded
            if stop.is_set():
                return
            try:
                r = district.chat([{"role": "user", "content": f"学生王小明{n}-{i} 电话13912345678"}])
                if killed.is_set() and r.status_code == 200:
                    after_kill_ok[0] += 1
            except httpx.HTTPError as exc:
                failures.append(type(exc).__name__)

    threads = [threading.Thread(target=load, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    time.sleep(3)
    district.nodes["node-b"].send_signal(signal.SIGKILL)
    district.nodes["node-b"].wait(10)
    time.sleep(2.5)  # HAProxy: two failed checks 1 s apart
    killed.set()
    failures.clear()  # requests in flight on the killed node may fail; from here on none may
    time.sleep(4)
    stop.set()
    for t in threads:
        t.join(60)
    assert after_kill_ok[0] > 5 and not failures, (after_kill_ok[0], failures)

    reached = {r["headers"].get("x-privacy-guard-request-id") for r in district.upstream.received} - {None}
    recorded = {str(r["request_id"]) for r in _export(district)}
    assert reached and reached <= recorded
    verify = subprocess.run([sys.executable, "-m", "proxy", "audit", "verify", "--config",
                             str(district.cfg.with_name("node-a.yaml"))], capture_output=True, text=True)
    assert verify.returncode == 0 and "2 chain(s)" in verify.stdout, verify.stdout
