"""SIGTERM (systemd stop, docker stop, kill) stops the proxy as Ctrl-C does, one process
or several workers alike, even with clients holding connections open: it exits 0, logs
no traceback, the audit's tail is signed on the way out, and no process of its own
(workers, file-extraction pool) outlives it. 127.0.0.1 only."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from bench.fakeupstream import FakeUpstream, make_ca_and_cert

ROOT = Path(__file__).resolve().parents[2]
_SERVICE = "services:\n  - {id: fake-ai, name: Fake AI, hosts: [localhost], endpoints: [{path: '*/chat/completions', format: openai_chat}]}\n"


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            children.setdefault(int(fields[1]), []).append(int(d.name))
    found, stack = set(), [root]
    while stack:
        for c in children.get(stack.pop(), []):
            found.add(c)
            stack.append(c)
    return found


def _running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("workers", ["1", "2"], ids=["one process", "two workers"])
def test_sigterm_with_open_connections_exits_cleanly_and_signs_the_audit_tail(tmp_path: Path, workers: str) -> None:
    ca, cert, key = make_ca_and_cert(tmp_path)
    upstream = FakeUpstream(cert=cert, key=key)
    up_port = upstream.start()
    cfg = tmp_path / "guard.yaml"
    cfg.write_text(f"services_file: {ROOT / 'config' / 'services.yaml'}\ndata_dir: {tmp_path / 'data'}\n" + _SERVICE
                   + "audit: {checkpoint_every: 1000, checkpoint_seconds: 3600}\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "proxy", "run", "--config", str(cfg), "--listen-port", "0", "--help-port", "0",
         "--upstream-trust", str(ca), "--workers", workers],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    held: list[socket.socket] = []
    try:
        assert proc.stdout is not None
        match = re.search(r"proxy on 127\.0\.0\.1:(\d+)", proc.stdout.readline())
        assert match is not None, "the proxy did not start"
        port = int(match.group(1))
        output: list[str] = []
        threading.Thread(target=lambda: output.append(proc.stdout.read() if proc.stdout else ""), daemon=True).start()
        with httpx.Client(proxy=f"http://127.0.0.1:{port}", verify=str(tmp_path / "data" / "mitmproxy-ca-cert.pem"),
                          timeout=30) as c:
            r = c.post(f"https://localhost:{up_port}/v1/chat/completions",
                       json={"messages": [{"role": "user", "content": "光合作用是什么？"}]})
        assert r.status_code == 200
        with httpx.Client(proxy=f"http://127.0.0.1:{port}", verify=str(tmp_path / "data" / "mitmproxy-ca-cert.pem"),
                          timeout=30) as c:  # a file starts the extraction pool
            c.post(f"https://localhost:{up_port}/v1/chat/completions",
                   files={"file": ("a.docx", b"PK\x03\x04" + b"x" * 64, "application/octet-stream")})
        ours = _descendants(proc.pid)
        for _ in range(30):  # slow clients half-way through their headers, and an idle tunnel
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET http://example.org/ HTTP/1.1\r\nHost: example.org\r\n")
            held.append(s)
        tunnel = socket.create_connection(("127.0.0.1", port))
        tunnel.sendall(b"CONNECT localhost:%d HTTP/1.1\r\nHost: localhost\r\n\r\n" % up_port)
        assert tunnel.recv(100).startswith(b"HTTP/1.1 200")
        held.append(tunnel)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        for _ in range(50):  # processes that were ours end with us (a forkserver notices within a moment)
            if not any(_running(p) for p in ours):
                break
            time.sleep(0.1)
        assert not any(_running(p) for p in ours)
    finally:
        if proc.poll() is None:
            proc.kill()
        for s in held:
            s.close()
        upstream.stop()
    assert "Traceback" not in "".join(output)
    verify = subprocess.run([sys.executable, "-m", "proxy", "audit", "verify", "--config", str(cfg)],
                            capture_output=True, text=True, timeout=60)
    assert verify.returncode == 0, verify.stdout[-500:]
    # No checkpoint was due by count or time: what is signed, the shutdown signed; nothing is left unsigned.
    tails = [int(n) for n in re.findall(r"unsigned tail (\d+)", verify.stdout)]
    assert tails and not any(tails) and re.search(r"(?<!\d)[1-9]\d* signed checkpoints?", verify.stdout)
