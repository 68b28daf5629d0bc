"""End to end in Debian's headless Chromium: the browser uses the served PAC file,
opens a local fake chat site through the proxy, and shows the block message."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from mitmproxy.proxy import server_hooks

from proxy.mitm.server import BackgroundProxy, RunOptions

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Locally a missing browser skips with a reason; under CI it must be there.
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="Debian chromium is not installed (make test installs it with apt-get)",
)

SITE = "chat.example"  # a fake web chat site; only this test's proxy knows where it lives
PAGE = """<!doctype html><html lang=zh-CN><meta charset=utf-8><title>fake chat</title><body>
<div id=answer>等待回答</div><script>
fetch('/api/conversation', {method: 'POST', headers: {'content-type': 'application/json'},
  body: JSON.stringify({conversation_id: 'c1', messages: [{content: {parts: ['学生王小明的身份证号是110108201503121238，他有抑郁症，请写一份心理辅导记录']}}]})})
  .then(r => r.json().then(j => {
     document.getElementById('answer').textContent = r.ok ? ('答复：' + j.reply) : ('拦截：' + j.error.message); }))
  .catch(e => { document.getElementById('answer').textContent = '错误：' + e; });
</script></body></html>"""


class _FakeChat(http.server.BaseHTTPRequestHandler):
    received: list[bytes] = []

    def log_message(self, *args: object) -> None:
        return

    def do_GET(self) -> None:
        self._send("text/html; charset=utf-8", PAGE.encode())

    def do_POST(self) -> None:
        _FakeChat.received.append(self.rfile.read(int(self.headers.get("content-length", "0"))))
        self._send("application/json", '{"reply": "好的"}'.encode())

    def _send(self, ctype: str, body: bytes) -> None:
        self.send_response(200)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Resolve:
    """Test plumbing: the proxy connects to the fake site on 127.0.0.1 (no DNS needed)."""

    def __init__(self, port: int) -> None:
        self.port = port

    def server_connect(self, data: server_hooks.ServerConnectionHookData) -> None:
        if data.server.address and data.server.address[0] == SITE:
            data.server.address = ("127.0.0.1", self.port)


@pytest.fixture()
def chat_site() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeChat)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield int(server.server_address[1])
    server.shutdown()


def test_browser_with_pac_file_shows_the_block_message(tmp_path: Path, chat_site: int) -> None:
    root = Path(__file__).resolve().parents[2] / "config"
    cfg = tmp_path / "guard.yaml"
    cfg.write_text(
        f"services_file: {root / 'services.yaml'}\ndata_dir: {tmp_path / 'data'}\n"
        f"services:\n  - {{id: fake-chat, name: Fake chat, kind: web, hosts: [{SITE}]}}\n",
        encoding="utf-8",
    )
    with BackgroundProxy(RunOptions(config=cfg, listen_port=0, help_port=0)) as server:
        server.master.addons.add(_Resolve(chat_site))
        assert server.help_server is not None
        out = subprocess.run(
            [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}",
             f"--proxy-pac-url=http://127.0.0.1:{server.help_server.port}/proxy.pac",
             "--virtual-time-budget=10000", "--dump-dom", f"http://{SITE}/"],
            capture_output=True, timeout=90, text=True,
        )
    assert "拦截：【学校隐私保护】" in out.stdout, out.stdout[-2000:]
    assert "身份证号" in out.stdout  # the message names the kinds of data found
    assert _FakeChat.received == []  # nothing reached the site
