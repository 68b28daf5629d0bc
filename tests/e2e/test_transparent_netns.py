"""Transparent mode end to end, the way a school gateway runs it, in network
namespaces this test makes: a client whose default route (IPv4 and IPv6) goes
through a gateway running the proxy in transparent mode behind the shipped
nftables rules (config/examples/gateway-nftables.sh), and a third namespace with
a fake AI service and a fake ordinary site.

  client 10.77.1.2 / fd77:1::2 ── gateway 10.77.1.1 | 10.77.2.1 ── upstream 10.77.2.2 (ai.example), 10.77.2.3 (ordinary)
                                   nft: TCP 80/443 → proxy :8080, UDP 443 rejected

Needs root, `ip netns` and nft; skipped with the reason where the machine forbids
namespaces, never under CI (CI runs as root on the same kind of machine).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.fakeupstream import make_ca_and_cert

ROOT = Path(__file__).resolve().parents[2]
PROMPT = "学生王小明的电话是13912345678，请帮他写评语。"
SCRIPT = ROOT / "config" / "examples" / "gateway-nftables.sh"


def _why_not() -> str | None:
    if os.geteuid() != 0:
        return "needs root for ip netns"
    for tool in ("ip", "nft", "curl"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (make test-deps installs nftables and curl)"
    probe = f"pg-probe-{secrets.token_hex(3)}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
    if made.returncode != 0:
        return f"this machine forbids network namespaces: {made.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    return None


REASON = _why_not()
pytestmark = pytest.mark.skipif(REASON is not None and not os.environ.get("CI"), reason=REASON or "")

UPSTREAM = r'''
import json, socket, ssl, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
ai_cert, ai_key, site_cert, site_key, log = sys.argv[1:6]

class AI(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        with open(log, "ab") as fh:
            fh.write(body + b"\n")
        text = json.loads(body)["messages"][-1]["content"]
        out = json.dumps({"id": "x", "object": "chat.completion", "model": "m", "choices": [{"index": 0,
              "message": {"role": "assistant", "content": "收到：" + text}, "finish_reason": "stop"}]},
              ensure_ascii=False).encode()
        self.send_response(200); self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(out))); self.end_headers(); self.wfile.write(out)

class Site(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        out = b"ordinary site"
        self.send_response(200); self.send_header("content-length", str(len(out))); self.end_headers(); self.wfile.write(out)

class V6(ThreadingHTTPServer):
    address_family = socket.AF_INET6

def serve(cls, addr, handler, cert, key):
    srv = cls(addr, handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()

serve(ThreadingHTTPServer, ("10.77.2.2", 443), AI, ai_cert, ai_key)
serve(V6, ("fd77:2::2", 443), AI, ai_cert, ai_key)
serve(ThreadingHTTPServer, ("10.77.2.3", 443), Site, site_cert, site_key)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(("10.77.2.2", 443))
print("ready", flush=True)
while True:
    data, _ = udp.recvfrom(2048)
    with open(log, "ab") as fh:
        fh.write(b"UDP:" + data + b"\n")
'''


@dataclass
class Net:
    client: str
    gateway: str
    upstream: str
    proxy_ca: Path
    ai_ca: Path
    site_ca: Path
    upstream_log: Path

    def run(self, ns: str, *cmd: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["ip", "netns", "exec", ns, *cmd], capture_output=True, text=True, timeout=timeout)

    def curl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(self.client, "curl", "-sS", "--max-time", "20", *args)


def _sh(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True, text=True)


def _topology(c: str, g: str, u: str) -> None:
    for ns in (c, g, u):
        _sh("ip", "netns", "add", ns)
        _sh("ip", "-n", ns, "link", "set", "lo", "up")
    tag = c[-6:]
    _sh("ip", "link", "add", f"pc{tag}", "netns", c, "type", "veth", "peer", "name", f"pg{tag}", "netns", g)
    _sh("ip", "link", "add", f"pw{tag}", "netns", g, "type", "veth", "peer", "name", f"pu{tag}", "netns", u)
    for ns, dev, v4, v6 in ((c, f"pc{tag}", "10.77.1.2/24", "fd77:1::2/64"), (g, f"pg{tag}", "10.77.1.1/24", "fd77:1::1/64"),
                            (g, f"pw{tag}", "10.77.2.1/24", "fd77:2::1/64"), (u, f"pu{tag}", "10.77.2.2/24", "fd77:2::2/64")):
        _sh("ip", "-n", ns, "addr", "add", v4, "dev", dev)
        _sh("ip", "-n", ns, "-6", "addr", "add", v6, "dev", dev, "nodad")
        _sh("ip", "-n", ns, "link", "set", dev, "up")
    _sh("ip", "-n", u, "addr", "add", "10.77.2.3/24", "dev", f"pu{tag}")
    _sh("ip", "-n", c, "route", "add", "default", "via", "10.77.1.1")
    _sh("ip", "-n", c, "-6", "route", "add", "default", "via", "fd77:1::1")


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Net]:
    tmp = tmp_path_factory.mktemp("netns")
    tag = secrets.token_hex(3)
    c, g, u = f"pgc{tag}", f"pgg{tag}", f"pgu{tag}"
    procs: list[subprocess.Popen[str]] = []
    try:
        _topology(c, g, u)
        tag6 = c[-6:]
        # The gateway: the shipped script loads the rules (and turns forwarding on) in its namespace.
        applied = subprocess.run(["ip", "netns", "exec", g, "sh", str(SCRIPT), "apply"], capture_output=True, text=True,
                                 env={**os.environ, "LAN_IF": f"pg{tag6}", "WAN_IF": f"pw{tag6}", "PROXY_PORT": "8080"})
        assert applied.returncode == 0, applied.stderr
        (tmp / "ai").mkdir()
        (tmp / "site").mkdir()
        ai_ca, ai_cert, ai_key = make_ca_and_cert(tmp / "ai", "ai.example")
        site_ca, site_cert, site_key = make_ca_and_cert(tmp / "site", "www.ordinary.example")
        (tmp / "upstream.py").write_text(UPSTREAM, encoding="utf-8")
        log = tmp / "upstream.log"
        log.touch()
        up = subprocess.Popen(["ip", "netns", "exec", u, sys.executable, str(tmp / "upstream.py"), str(ai_cert), str(ai_key),
                               str(site_cert), str(site_key), str(log)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        procs.append(up)
        assert up.stdout is not None and up.stdout.readline().strip() == "ready"
        cfg = tmp / "gateway.yaml"
        cfg.write_text(
            f"services_file: {ROOT / 'config' / 'services.yaml'}\ndata_dir: {tmp / 'data'}\nlisten_host: ''\n"
            "mode: transparent\nservices:\n"
            "  - {id: fake-ai, name: Fake AI, hosts: [ai.example], endpoints: [{path: '*/chat/completions', format: openai_chat}]}\n",
            encoding="utf-8")
        proxy = subprocess.Popen(["ip", "netns", "exec", g, sys.executable, "-m", "proxy", "run", "--config", str(cfg),
                                  "--listen-port", "8080", "--help-port", "8081", "--upstream-trust", str(ai_ca)],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
        procs.append(proxy)
        assert proxy.stdout is not None
        line = proxy.stdout.readline()
        assert "proxy on :8080 (transparent)" in line, line
        yield Net(c, g, u, tmp / "data" / "mitmproxy-ca-cert.pem", ai_ca, site_ca, log)
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
        for ns in (c, g, u):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)


def _chat(net: Net, address: str) -> subprocess.CompletedProcess[str]:
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": PROMPT}]}, ensure_ascii=False)
    return net.curl("--resolve", f"ai.example:443:{address}", "--cacert", str(net.proxy_ca),
                    "-H", "content-type: application/json", "--data-binary", body,
                    "https://ai.example/v1/chat/completions")


@pytest.mark.parametrize("address", ["10.77.2.2", "[fd77:2::2]"], ids=["IPv4", "IPv6"])
def test_a_prompt_to_the_ai_host_is_pseudonymised_upstream_and_restored_for_the_client(net: Net, address: str) -> None:
    before = net.upstream_log.read_bytes().count(b"\n")
    done = _chat(net, address)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["choices"][0]["message"]["content"] == "收到：" + PROMPT
    seen = net.upstream_log.read_bytes().splitlines()[before:]
    assert len(seen) == 1 and "13912345678".encode() not in seen[0] and "王小明".encode() not in seen[0]


def test_the_ai_host_is_intercepted_with_the_schools_ca_not_passed_through(net: Net) -> None:
    done = net.curl("--resolve", "ai.example:443:10.77.2.2", "--cacert", str(net.ai_ca), "https://ai.example/")
    assert done.returncode == 60  # the AI service's own certificate never reaches the client


def test_an_ordinary_site_passes_through_with_its_own_certificate(net: Net) -> None:
    own = net.curl("--resolve", "www.ordinary.example:443:10.77.2.3", "--cacert", str(net.site_ca),
                   "https://www.ordinary.example/")
    assert own.returncode == 0 and own.stdout == "ordinary site", own.stderr
    school = net.curl("--resolve", "www.ordinary.example:443:10.77.2.3", "--cacert", str(net.proxy_ca),
                      "https://www.ordinary.example/")
    assert school.returncode == 60  # not signed by the school's CA: it was not intercepted


QUIC_PROBE = r'''
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3); s.connect(("10.77.2.2", 443))
s.send(b"quic-initial")
try:
    s.recv(100); print("answered")
except ConnectionRefusedError:
    print("refused")
except TimeoutError:
    print("silence")
'''


def test_quic_to_the_ai_host_is_refused_so_browsers_fall_back_to_tcp(net: Net) -> None:
    done = net.run(net.client, sys.executable, "-c", QUIC_PROBE)
    assert done.stdout.strip() == "refused", done.stderr
    time.sleep(0.2)
    assert b"UDP:" not in net.upstream_log.read_bytes()
