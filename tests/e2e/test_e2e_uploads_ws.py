"""End to end: file uploads, WebSocket messages and pass-through of non-AI hosts."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import docx
import httpx
import pytest
from websockets.sync.client import connect
from websockets.sync.server import ServerConnection, serve

from bench.fakeupstream import FakeUpstream, make_ca_and_cert
from proxy.mitm.server import BackgroundProxy, RunOptions

from .test_e2e_proxy import Env, _config


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    tmp = tmp_path_factory.mktemp("uploads")
    ca, cert, key = make_ca_and_cert(tmp)
    upstream = FakeUpstream(cert=cert, key=key)
    up_port = upstream.start()
    with BackgroundProxy(RunOptions(config=_config(tmp), listen_port=0, help_port=0, upstream_trust=ca)) as server:
        assert server.help_server is not None
        yield Env(upstream, up_port, server, server.port, server.help_server.port,
                  server.runtime.data_dir / "mitmproxy-ca-cert.pem", server.runtime.data_dir)
    upstream.stop()


def _docx(text: str) -> bytes:
    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _upload(env: Env, files: dict[str, tuple[str, bytes, str]]) -> httpx.Response:
    with httpx.Client(proxy=env.proxy_url, verify=str(env.ca), timeout=20) as c:
        return c.post(f"https://localhost:{env.upstream_port}/v1/files", data={"purpose": "assistants"}, files=files)


def test_docx_upload_with_a_class_list_is_blocked(env: Env) -> None:
    before = len(env.upstream.received)
    r = _upload(env, {"file": ("名单.docx", _docx("三年级二班名单：王小明 13912345678，李华 13812345678"),
                               "application/vnd.openxmlformats-officedocument.wordprocessingml.document")})
    assert r.status_code == 403
    assert "学校隐私保护" in r.json()["error"]["message"]
    assert len(env.upstream.received) == before


def test_clean_docx_upload_passes_unchanged(env: Env) -> None:
    data = _docx("请帮我把这篇关于春天的作文改得更生动。")
    r = _upload(env, {"file": ("作文.docx", data, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")})
    assert r.status_code == 200
    assert data in env.upstream.received[-1]["body"]


def test_text_file_upload_is_pseudonymised_in_place(env: Env) -> None:
    r = _upload(env, {"file": ("notes.txt", "家长电话13912345678".encode(), "text/plain")})
    assert r.status_code == 200
    body = env.upstream.received[-1]["body"]
    assert b"13912345678" not in body and "〔手机号甲〕".encode() in body


def test_image_upload_is_blocked_by_default_and_audited_as_unscanned(env: Env) -> None:
    # Issue 11: an upload the proxy cannot read is blocked by default (policy.unscannable_uploads).
    before = len(env.upstream.received)
    r = _upload(env, {"file": ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")})
    assert r.status_code == 403 and len(env.upstream.received) == before
    last = list(env.proxy.runtime.audit.records())[-1]
    assert last["action"] == "block" and last["unscanned"] == ["file:image"]
    assert last["rule_ids"][-1] == "upload.unscannable"


def test_non_ai_host_is_passed_through_without_tls_interception(env: Env, tmp_path: Path) -> None:
    # 127.0.0.1 is not in the catalog: the client must see the origin's own
    # certificate (signed by the upstream CA), which only works if the proxy does
    # not intercept TLS.
    upstream_ca = env.upstream.cert.parent / "upstream-ca.pem"  # type: ignore[union-attr]
    with httpx.Client(proxy=env.proxy_url, verify=str(upstream_ca), timeout=20) as c:
        r = c.post(f"https://127.0.0.1:{env.upstream_port}/other", content="王小明 13912345678".encode())
    assert r.status_code == 200
    assert env.upstream.received[-1]["body"] == "王小明 13912345678".encode()


@pytest.fixture(scope="module")
def ws_upstream() -> Iterator[tuple[int, list[str]]]:
    received: list[str] = []

    def handler(conn: ServerConnection) -> None:
        for message in conn:
            received.append(str(message))
            conn.send(f"echo:{message}")

    server = serve(handler, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.socket.getsockname()[1], received
    server.shutdown()


def test_websocket_messages_to_an_ai_host_are_scanned(env: Env, ws_upstream: tuple[int, list[str]]) -> None:
    port, received = ws_upstream
    with connect(f"ws://localhost:{port}/ws", proxy=env.proxy_url, open_timeout=10) as ws:
        ws.send(json.dumps({"message": "学生王小明的电话是13912345678"}, ensure_ascii=False))
        echo = ws.recv(timeout=10)
        ws.send("我的密码是 Hunter2024!")
        blocked = ws.recv(timeout=10)
    assert "13912345678" not in received[0] and "〔手机号甲〕" in received[0]
    assert str(echo).startswith("echo:")
    assert all("Hunter2024" not in m for m in received)
    assert "学校隐私保护" in str(blocked if isinstance(blocked, str) else blocked.decode())


def test_binary_websocket_frames_are_scanned_when_text_and_blocked_otherwise(
    env: Env, ws_upstream: tuple[int, list[str]]
) -> None:
    # Issue 11: binary frames used to pass neither scanned nor audited.
    port, received = ws_upstream
    before = len(received)
    with connect(f"ws://localhost:{port}/ws", proxy=env.proxy_url, open_timeout=10) as ws:
        ws.send("学生王小明的电话是13912345678".encode())  # bytes: a binary frame
        echo = ws.recv(timeout=10)
        ws.send(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
        blocked = ws.recv(timeout=10)
    forwarded = received[before:]
    assert len(forwarded) == 1 and "13912345678" not in forwarded[0]
    assert isinstance(echo, str) and echo.startswith("echo:")
    assert "学校隐私保护" in str(blocked if isinstance(blocked, str) else blocked.decode())
    last = list(env.proxy.runtime.audit.records())[-1]
    assert last["action"] == "block" and last["unscanned"] == ["body:image"]
