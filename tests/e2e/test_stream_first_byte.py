"""Streaming without a stall: an event's bytes leave the restorer as they arrive,
only a possible placeholder waits, and the restored stream is the same whatever
the chunking and however the upstream escapes its JSON."""

from __future__ import annotations

import json

import pytest

from proxy.pipeline.restore import StreamRestorer
from proxy.pipeline.vault import ConversationVault


def _vault() -> ConversationVault:
    v = ConversationVault()
    assert v.placeholder_for("PERSON", "王小明") == "〔学生甲〕"
    assert v.placeholder_for("PHONE_NUMBER", "13912345678") == "〔手机号甲〕"
    assert v.placeholder_for("PERSON", 'A"B\\C') == "〔学生乙〕"  # an original that needs JSON escaping
    return v


def _sse(deltas: list[str], *, ascii_only: bool) -> bytes:
    events = [{"id": "c1", "object": "chat.completion.chunk", "model": "m",
               "choices": [{"index": 0, "delta": {"content": d}, "finish_reason": None}]} for d in deltas]
    events.append({"id": "c1", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    return ("".join(f"data: {json.dumps(e, ensure_ascii=ascii_only)}\n\n" for e in events) + "data: [DONE]\n\n").encode()


def _text(body: bytes) -> str:
    out = []
    for block in body.decode("utf-8").split("\n\n"):
        if block.startswith("data: {"):
            out.append(json.loads(block[6:])["choices"][0]["delta"].get("content", ""))
    return "".join(out)


def test_the_first_bytes_of_an_event_go_out_before_the_event_is_complete() -> None:
    body = _sse(["你好，今天我们学习古诗。"], ascii_only=False)
    s = StreamRestorer(_vault(), framing="sse")
    first = s.feed(body[:20])
    assert first == body[:20]


def test_an_event_without_a_placeholder_passes_byte_for_byte() -> None:
    body = _sse(["你好，", "今天我们学习", "古诗。"], ascii_only=False)
    s = StreamRestorer(_vault(), framing="sse")
    assert b"".join(s.feed(body[i : i + 7]) for i in range(0, len(body), 7)) + s.feed(b"") == body


def test_only_the_text_from_the_bracket_on_waits() -> None:
    body = _sse(["你好〔学生甲〕同学"], ascii_only=False)
    cut = body.index("〔".encode())
    s = StreamRestorer(_vault(), framing="sse")
    assert s.feed(body[: cut + 2]) == body[:cut]


@pytest.mark.parametrize("ascii_only", [False, True], ids=["utf-8 JSON", "escaped JSON (\\uXXXX)"])
@pytest.mark.parametrize("chunk_size", [1, 3, 5, 17, 100, 100_000], ids=lambda n: f"{n}-byte chunks")
def test_placeholders_are_restored_whatever_the_chunking(chunk_size: int, ascii_only: bool) -> None:
    deltas = ["你好，〔学", "生甲〕的电话是〔手机", "号甲〕。", "家长〔学生乙〕说", "：〔学生甲〕好", "再见〔学生"]
    body = _sse(deltas, ascii_only=ascii_only)
    s = StreamRestorer(_vault(), framing="sse")
    out = b"".join(s.feed(body[i : i + chunk_size]) for i in range(0, len(body), chunk_size)) + s.feed(b"")
    assert _text(out) == '你好，王小明的电话是13912345678。家长A"B\\C说：王小明好再见〔学生'
    assert out.decode("utf-8").rstrip().endswith("data: [DONE]")
