"""Issue 11 at the mitmproxy edge (taddons + tflow): binary WebSocket frames scanned or blocked and
audited, path segments and user-text headers, and blocks for undecodable bodies keeping the principal."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from mitmproxy import flow as mflow
from mitmproxy.test import taddons, tflow, tutils
from mitmproxy.websocket import WebSocketMessage
from wsproto.frame_protocol import Opcode

from proxy.mitm.guard_addon import METADATA_KEY, PrivacyGuard

CONFIG = Path(__file__).resolve().parents[3] / "config" / "default.yaml"

NAME, PHONE, ID_NUMBER = "王梓涵", "13912345678", "110108201503121238"
PRIVATE = f"学生{NAME}的家长电话是{PHONE}"
CLEAN = "请帮我把这篇关于春天的作文改得更生动。"


@pytest.fixture()
def addon_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    addon = PrivacyGuard()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, guard_config=str(CONFIG), guard_data_dir=str(tmp_path))
        injected: list[bytes] = []

        def inject(flow: mflow.Flow, to_client: bool, message: bytes, is_text: bool = True) -> None:
            injected.append(message)

        tctx.master.commands.add("inject.websocket", inject)
        yield addon, injected


def _ws_flow(content: bytes, *, is_text: bool) -> tflow.HTTPFlow:
    f = tflow.twebsocketflow()
    f.request.host, f.request.port, f.request.path = "chat.deepseek.com", 443, "/ws"
    assert f.websocket is not None
    f.websocket.messages.append(WebSocketMessage(Opcode.TEXT if is_text else Opcode.BINARY, True, content))
    return f


def test_a_binary_websocket_frame_holding_text_is_scanned_rewritten_and_audited(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx
    f = _ws_flow(PRIVATE.encode("gbk"), is_text=False)
    before = len(list(addon.runtime.audit.records()))
    asyncio.run(addon.websocket_message(f))
    message = f.websocket.messages[-1]
    assert not message.is_text and PHONE.encode() not in message.content
    assert "〔手机号甲〕".encode("gbk") in message.content
    assert len(list(addon.runtime.audit.records())) == before + 1


def test_a_binary_websocket_frame_that_is_not_text_is_blocked_and_audited(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    addon, injected = addon_ctx
    f = _ws_flow(bytes(range(256)) * 2, is_text=False)
    asyncio.run(addon.websocket_message(f))
    assert f.websocket.messages[-1].dropped and injected
    last = list(addon.runtime.audit.records())[-1]
    assert last["action"] == "block" and last["unscanned"] == ["body:binary"]


def test_an_error_while_judging_a_websocket_message_drops_it_with_an_audit_record(addon_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(addon.runtime.guard, "inspect", boom)
    f = _ws_flow(PRIVATE.encode(), is_text=True)
    asyncio.run(addon.websocket_message(f))
    assert f.websocket.messages[-1].dropped
    last = list(addon.runtime.audit.records())[-1]
    assert last["action"] == "block" and last["rule_ids"] == ["fail-closed.internal-error"]



# --------------------------------------------------------------------------- paths, headers, principals


def _addon_flow(path: str, body: bytes, headers: dict[str, str]) -> tflow.HTTPFlow:
    f = tflow.tflow()
    f.request = tutils.treq(host="api.openai.com", port=443, scheme=b"https", path=path.encode(), method=b"POST",
                            headers=[(b"content-type", b"application/json")], content=body)
    for k, v in headers.items():
        f.request.headers[k] = v
    return f


def test_an_undecodable_body_block_keeps_the_principal_and_masks_the_path(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx
    f = _addon_flow(f"/v1/users/{ID_NUMBER}/chat", b"xx", {"content-encoding": PHONE})
    asyncio.run(addon.request(f))
    decision = f.metadata[METADATA_KEY]
    assert decision.rule_ids == ("unknown-content-encoding",)
    assert dict(decision.principal)["role"] and decision.path == "/v1/users/[身份证号]/chat"
    assert PHONE not in decision.reason
    last = json.dumps(list(addon.runtime.audit.records())[-1], ensure_ascii=False)
    assert ID_NUMBER not in last and PHONE not in last


def test_the_addon_rewrites_the_path_keeps_the_query_and_drops_user_text_headers(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx
    body = json.dumps({"messages": [{"role": "user", "content": CLEAN}]}).encode()
    f = _addon_flow(f"/v1/users/{ID_NUMBER}/chat/completions?x=1", body, {"x-chat-title": f"{NAME}的病历"})
    asyncio.run(addon.request(f))
    assert f.response is None
    assert ID_NUMBER not in f.request.path and f.request.path.endswith("?x=1")
    assert "x-chat-title" not in f.request.headers
