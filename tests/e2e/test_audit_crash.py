"""Durability: `kill -9` under load, restart, `audit verify` passes and every
request that reached the upstream has its record. Traffic stays on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from bench.fakeupstream import FakeUpstream, make_ca_and_cert

ROOT = Path(__file__).resolve().parents[2]


def _start(cfg: Path, ca: Path) -> tuple[subprocess.Popen[str], int]:
    """Start `privacy-guard run` on a free port; the port is read from its first line."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "proxy", "run", "--config", str(cfg), "--listen-port", "0",
         "--help-port", "0", "--upstream-trust", str(ca)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # "privacy-guard: proxy on 127.0.0.1:PORT (regular); …"
    match = re.search(r"proxy on 127\.0\.0\.1:(\d+)", line)
    if match is None:
        proc.kill()
        raise RuntimeError(f"proxy did not start: {line!r}")
    return proc, int(match.group(1))


def test_kill_9_under_load_loses_no_record_of_a_forwarded_request(tmp_path: Path) -> None:
    ca, cert, key = make_ca_and_cert(tmp_path)
    upstream = FakeUpstream(cert=cert, key=key)
    up_port = upstream.start()
    cfg = tmp_path / "guard.yaml"
    cfg.write_text(
        f"services_file: {ROOT / 'config' / 'services.yaml'}\ndata_dir: {tmp_path / 'data'}\n"
        "services:\n  - {id: fake-ai, name: Fake AI, hosts: [localhost], endpoints: [{path: '*/chat/completions', format: openai_chat}]}\n"
        "audit: {checkpoint_every: 7, node_id: node-test}\n", encoding="utf-8")
    proc, port = _start(cfg, ca)
    stop = threading.Event()
    proxy_ca = tmp_path / "data" / "mitmproxy-ca-cert.pem"

    def load(n: int) -> None:
        with httpx.Client(proxy=f"http://127.0.0.1:{port}", verify=str(proxy_ca), timeout=5) as c:
            for i in range(200):  # bounded: stops by itself
                if stop.is_set():
                    return
                try:
                    c.post(f"https://localhost:{up_port}/v1/chat/completions",
                           json={"messages": [{"role": "user", "content": f"学生王小明{n}-{i} 电话13912345678"}]})
                except httpx.HTTPError:
                    return

    workers = [threading.Thread(target=load, args=(n,)) for n in range(4)]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 60
    while len(upstream.received) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)  # under load: requests are in flight when the kill lands
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    stop.set()
    for w in workers:
        w.join(30)
    reached = {r["headers"].get("x-privacy-guard-request-id") for r in upstream.received}
    assert len(reached) > 10, "the load never got going"

    proc, port = _start(cfg, ca)  # restart on the same store
    try:
        with httpx.Client(proxy=f"http://127.0.0.1:{port}", verify=str(proxy_ca), timeout=10) as c:
            assert c.post(f"https://localhost:{up_port}/v1/chat/completions",
                          json={"messages": [{"role": "user", "content": "你好"}]}).status_code == 200
    finally:
        proc.terminate()
        proc.wait(15)
    upstream.stop()
    verify = subprocess.run([sys.executable, "-m", "proxy", "audit", "verify", "--config", str(cfg)],
                            capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout
    export = subprocess.run([sys.executable, "-m", "proxy", "audit", "export", "--config", str(cfg)],
                            capture_output=True, text=True, check=True)
    recorded = {json.loads(x)["request_id"] for x in export.stdout.splitlines()}
    assert reached - {None} <= recorded
