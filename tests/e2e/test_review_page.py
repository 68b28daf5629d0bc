"""The reviewers' web page, driven in Debian's headless Chromium over the DevTools
protocol: log in, filter, drill down, take a screenshot, assert what is shown."""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect

from proxy.audit.chain import load_or_create_signer
from proxy.audit.review import ReviewServer
from proxy.audit.sqlite_store import SqliteAuditStore
from proxy.policy.principals import hash_password

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="Debian chromium is not installed (make test installs it with apt-get)",
)


@pytest.fixture()
def review(tmp_path: Path) -> Iterator[ReviewServer]:
    store = SqliteAuditStore(tmp_path / "audit.sqlite", chain="node-a", signer=load_or_create_signer(tmp_path / "k.pem"))
    rows = [("deepseek", "block", "teacher", "CN_RESIDENT_ID"), ("kimi-web", "pseudonymize", "student", "PERSON"),
            ("deepseek", "allow", "student", None)]
    for i, (service, action, role, entity) in enumerate(rows):
        findings = [{"entity": entity, "detector": "d", "score_band": "high", "count": 1, "action": action}] if entity else []
        store.append({"time": f"2026-11-2{i}T10:00:00", "service": service, "action": action, "principal": {"role": role},
                      "findings": findings, "rule_ids": [f"rule-{i}"], "request_id": f"r{i}"})
    server = ReviewServer(lambda: store, {"inspector": hash_password("review-pass-1")}, "127.0.0.1", 0)
    server.start()
    yield server
    server.stop()
    store.close()


def test_login_is_required(review: ReviewServer) -> None:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a: Any, **k: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError, match="303"):
        opener.open(f"http://127.0.0.1:{review.port}/")


class _Browser:
    def __init__(self, tmp: Path) -> None:
        profile = tmp / "profile"
        self.proc = subprocess.Popen(
            [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--remote-debugging-port=0", "--remote-allow-origins=*",
             "--window-size=1200,1600", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        for _ in range(200):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list").read())
        page = next(t for t in targets if t["type"] == "page")
        self.ws = connect(page["webSocketDebuggerUrl"], max_size=None)
        self._ids = itertools.count(1)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        n = next(self._ids)
        self.ws.send(json.dumps({"id": n, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv(timeout=30))
            if msg.get("id") == n:
                return dict(msg.get("result", {}))

    def eval(self, js: str) -> Any:
        return self.call("Runtime.evaluate", expression=js, returnByValue=True, awaitPromise=True)["result"].get("value")

    def goto(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self.wait_loaded()

    def wait_loaded(self) -> None:
        for _ in range(100):
            time.sleep(0.1)
            if self.eval("document.readyState") == "complete":
                return

    def close(self) -> None:
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(10)


def test_reviewer_logs_in_filters_drills_down_and_takes_a_screenshot(review: ReviewServer, tmp_path: Path) -> None:
    b = _Browser(tmp_path)
    try:
        base = f"http://127.0.0.1:{review.port}"
        b.goto(base + "/")
        assert "审计查看 · 登录" in b.eval("document.body.innerText")
        b.eval("document.getElementById('user').value='inspector'; document.getElementById('password').value='review-pass-1';"
               "document.getElementById('login').click(); true")
        time.sleep(0.5)
        b.wait_loaded()
        text = b.eval("document.body.innerText")
        assert "AI 使用与隐私保护审计报告" in text and "审计链校验：通过" in text and "共 3 条" in text
        b.eval("document.querySelector('select[name=service]').value='deepseek';"
               "document.querySelector('#filters button').click(); true")
        time.sleep(0.5)
        b.wait_loaded()
        text = b.eval("document.body.innerText")
        assert "共 2 条" in text and "kimi-web" not in text.split("记录（")[1]
        shot = base64.b64decode(b.call("Page.captureScreenshot", format="png")["data"])
        (tmp_path / "review.png").write_bytes(shot)
        if os.environ.get("PRIVACY_GUARD_KEEP_SCREENSHOT"):
            Path(os.environ["PRIVACY_GUARD_KEEP_SCREENSHOT"]).write_bytes(shot)
        assert shot.startswith(b"\x89PNG") and len(shot) > 10_000
        b.eval("document.querySelector('#records ~ table a').click(); true")
        time.sleep(0.5)
        b.wait_loaded()
        record = json.loads(b.eval("document.getElementById('record-json').textContent"))
        assert record["service"] == "deepseek" and record["chain"] == "node-a"
        b.goto(base + "/")
        b.eval("document.getElementById('logout').click(); true")  # a POST form with the session's CSRF token
        time.sleep(0.5)
        b.wait_loaded()
        assert "审计查看 · 登录" in b.eval("document.body.innerText")
        b.goto(base + "/")
        assert "审计查看 · 登录" in b.eval("document.body.innerText")  # the session is gone
    finally:
        b.close()
