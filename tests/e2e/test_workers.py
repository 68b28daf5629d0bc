"""`privacy-guard run --workers 2`: two processes on one port, one supervisor.
Connections land on both workers, each writes its own audit chain and
`audit verify` passes; a daily limit counts across workers; a configuration
edit reaches every worker; a killed worker is replaced. 127.0.0.1 only."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bench.fakeupstream import FakeUpstream, make_ca_and_cert

ROOT = Path(__file__).resolve().parents[2]
_SERVICE = "services:\n  - {id: fake-ai, name: Fake AI, hosts: [localhost], endpoints: [{path: '*/chat/completions', format: openai_chat}]}\n"


@dataclass
class Node:
    proc: subprocess.Popen[str]
    port: int
    cfg: Path
    ca: Path
    proxy_ca: Path
    upstream: FakeUpstream
    up_port: int

    def post(self, content: str) -> httpx.Response:
        """One request on a fresh connection (so the kernel may pick either worker)."""
        with httpx.Client(proxy=f"http://127.0.0.1:{self.port}", verify=str(self.proxy_ca), timeout=30) as c:
            return c.post(f"https://localhost:{self.up_port}/v1/chat/completions",
                          json={"messages": [{"role": "user", "content": content}]})


def _config(tmp: Path, extra: str) -> str:
    return (f"services_file: {ROOT / 'config' / 'services.yaml'}\ndata_dir: {tmp / 'data'}\n" + _SERVICE
            + "reload_interval: 0.5\naudit: {node_id: node-t}\n" + extra)


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    tmp = tmp_path_factory.mktemp("workers")
    ca, cert, key = make_ca_and_cert(tmp)
    upstream = FakeUpstream(cert=cert, key=key)
    up_port = upstream.start()
    cfg = tmp / "guard.yaml"
    cfg.write_text(_config(tmp, "limits: {daily_requests: {guest: 8}}\n"), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "proxy", "run", "--config", str(cfg), "--listen-port", "0", "--help-port", "0",
         "--upstream-trust", str(ca), "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"proxy on 127\.0\.0\.1:(\d+).*2 worker processes", line)
    if match is None:
        proc.kill()
        raise RuntimeError(f"proxy did not start: {line!r}")
    yield Node(proc, int(match.group(1)), cfg, ca, tmp / "data" / "mitmproxy-ca-cert.pem", upstream, up_port)
    proc.send_signal(signal.SIGTERM)
    proc.wait(60)
    upstream.stop()


def _worker_pids(supervisor: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(supervisor)], capture_output=True, text=True).stdout
    # Workers are spawned (`multiprocessing.spawn`); the resource tracker and a forkserver are not workers.
    return {int(ln.split()[0]) for ln in out.splitlines() if "multiprocessing.spawn" in ln}


def _alive(pid: int) -> bool:
    """Not yet a zombie: its sockets may still be open (the kernel closes them just before)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_daily_limit_counts_across_workers_and_both_workers_serve(node: Node) -> None:
    statuses = [node.post(f"你好，第{i}次").status_code for i in range(12)]
    assert statuses.count(200) == 8, statuses
    export = subprocess.run([sys.executable, "-m", "proxy", "audit", "export", "--config", str(node.cfg)],
                            capture_output=True, text=True, check=True)
    chains = {json.loads(x).get("chain") or json.loads(x).get("node") for x in export.stdout.splitlines()}
    rows = [json.loads(x) for x in export.stdout.splitlines()]
    assert len(rows) == 12
    verify = subprocess.run([sys.executable, "-m", "proxy", "audit", "verify", "--config", str(node.cfg)],
                            capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout
    assert "2 chain(s)" in verify.stdout, (verify.stdout, chains)


def test_a_configuration_edit_reaches_every_worker(node: Node) -> None:
    node.cfg.write_text(_config(node.cfg.parent, "limits: {daily_requests: {guest: 1000}}\n"
                                "access: {whitelist: []}\n"), encoding="utf-8")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        statuses = [node.post("你好").status_code for _ in range(8)]
        if all(s != 200 for s in statuses):
            break
        time.sleep(0.5)
    assert all(s != 200 for s in statuses), statuses
    node.cfg.write_text(_config(node.cfg.parent, "limits: {daily_requests: {guest: 1000}}\n"), encoding="utf-8")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        statuses = [node.post("你好").status_code for _ in range(8)]
        if all(s == 200 for s in statuses):
            break
        time.sleep(0.5)
    assert all(s == 200 for s in statuses), statuses


def test_a_killed_worker_is_replaced_and_clients_keep_working(node: Node) -> None:
    # A worker the supervisor replaced earlier may still be on its way out: wait for the two live ones.
    deadline = time.monotonic() + 30
    before = {p for p in _worker_pids(node.proc.pid) if _alive(p)}
    while time.monotonic() < deadline and len(before) != 2:
        time.sleep(0.2)
        before = {p for p in _worker_pids(node.proc.pid) if _alive(p)}
    assert len(before) == 2, subprocess.run(["ps", "-o", "pid=,stat=,args=", "--ppid", str(node.proc.pid)],
                                            capture_output=True, text=True).stdout
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(victim):
        time.sleep(0.05)  # connections queued on the dying worker are lost with it, as in any crash
    time.sleep(0.5)  # and the kernel has dropped its listening socket from the port's group
    ok = sum(node.post("你好").status_code == 200 for _ in range(6))
    assert ok == 6  # the other worker answers while the first restarts
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(_worker_pids(node.proc.pid) - before) < 1:
        time.sleep(0.5)
    after = {p for p in _worker_pids(node.proc.pid) if _alive(p)}
    assert len(after) == 2 and len(after - before) == 1, (before, after)
