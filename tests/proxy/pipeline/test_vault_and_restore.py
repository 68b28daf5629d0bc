"""Pseudonym vaults and placeholder restoration in buffered and streamed responses."""

from __future__ import annotations

import gc
import json
import threading
import weakref
from pathlib import Path

import pytest

from detectors import Scanner
from proxy.pipeline.guard import Guard, RequestView
from proxy.policy.catalog import load_catalog
from proxy.policy.settings import PolicySettings
from proxy.pipeline.restore import PlaceholderRestorer, StreamRestorer, restore_json, restore_json_text
from proxy.pipeline.vault import MAX_PLACEHOLDER_LEN, ConversationVault, VaultStore

CONFIG = Path(__file__).resolve().parents[3] / "config"


def _vault() -> ConversationVault:
    v = ConversationVault()
    assert v.placeholder_for("PERSON", "王小明") == "〔学生甲〕"
    assert v.placeholder_for("PERSON", "李华") == "〔学生乙〕"
    assert v.placeholder_for("PHONE_NUMBER", "13912345678") == "〔手机号甲〕"
    return v


def test_the_same_value_always_gets_the_same_placeholder() -> None:
    v = _vault()
    assert v.placeholder_for("PERSON", "王小明") == "〔学生甲〕"
    assert v.original_for("〔学生乙〕") == "李华"


def test_placeholders_beyond_ten_get_a_round_number() -> None:
    v = ConversationVault()
    tokens = [v.placeholder_for("PERSON", f"名{i}") for i in range(12)]
    assert tokens[9] == "〔学生癸〕" and tokens[10] == "〔学生甲2〕"
    assert all(t is not None and len(t) <= MAX_PLACEHOLDER_LEN for t in tokens)


def test_a_full_vault_mints_no_more_placeholders() -> None:
    v = ConversationVault(max_entries=1)
    assert v.placeholder_for("PERSON", "甲") is not None
    assert v.placeholder_for("PERSON", "乙") is None


def test_vault_store_is_bounded_and_expires_idle_conversations() -> None:
    now = [0.0]
    store = VaultStore(max_conversations=2, ttl_seconds=10, clock=lambda: now[0])
    a = store.get("a")
    store.get("b")
    store.get("c")
    assert store.peek("a") is None and len(store) == 2
    now[0] = 11
    assert store.peek("b") is None
    assert store.get("c") is not a


def test_vault_store_bounds_the_values_of_all_conversations_together() -> None:
    store = VaultStore(max_values=6, max_entries=5)
    for conversation in "abcd":
        vault = store.get(conversation)
        assert all(vault.placeholder_for("PERSON", f"{conversation}{i}") is not None for i in range(3))
    # Two conversations' values fit: the least recently used ones were forgotten to make room.
    assert store.peek("a") is None and store.peek("b") is None
    assert store.peek("c") is not None and store.peek("d") is not None
    last = store.get("d")
    assert last.placeholder_for("PERSON", "d0") == "〔学生甲〕", "a known value keeps its placeholder"
    # One conversation alone may fill the store: then a new value is refused (the caller redacts).
    only = VaultStore(max_values=2, max_entries=5).get("x")
    assert [only.placeholder_for("PERSON", v) is not None for v in "pqr"] == [True, True, False]


def test_a_forgotten_vault_adds_no_values_and_is_not_counted() -> None:
    store = VaultStore(max_conversations=1, max_values=3)
    old = store.get("a")
    assert old.placeholder_for("PERSON", "a0") is not None
    store.get("b")  # "a" is forgotten (one conversation at most)
    assert old.placeholder_for("PERSON", "a1") is None
    fresh = store.get("b")
    assert all(fresh.placeholder_for("PERSON", f"b{i}") is not None for i in range(3))


def test_vault_store_is_safe_under_concurrency() -> None:
    store = VaultStore()
    results: list[str | None] = []

    def work() -> None:
        for _ in range(200):
            results.append(store.get("conv").placeholder_for("PERSON", "王小明"))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(results) == {"〔学生甲〕"}


def test_buffered_json_is_restored_everywhere() -> None:
    doc = {"choices": [{"message": {"content": "〔学生甲〕的电话是〔手机号甲〕，〔学生丙〕不认识"}}], "id": "x"}
    out = restore_json(doc, _vault())
    assert out["choices"][0]["message"]["content"] == "王小明的电话是13912345678，〔学生丙〕不认识"


def test_a_raw_json_answer_is_restored_in_place_with_the_upstreams_bytes_kept() -> None:
    raw = '{"id": "x",\n  "content": "〔学生甲〕的电话是〔手机号甲〕，〔学生丙〕不认识"}'
    out = restore_json_text(raw, _vault())
    assert out == '{"id": "x",\n  "content": "王小明的电话是13912345678，〔学生丙〕不认识"}'


def test_a_restored_original_is_written_as_json_string_content() -> None:
    vault = _vault()
    assert vault.placeholder_for("PERSON", 'O"Neil\\') == "〔学生丙〕"
    raw = '{"content": "请联系〔学生丙〕"}'
    out = restore_json_text(raw, vault)
    assert out is not None and json.loads(out) == restore_json(json.loads(raw), vault) == {"content": '请联系O"Neil\\'}


def test_a_json_answer_with_unicode_escapes_is_left_to_the_parser() -> None:
    assert restore_json_text('{"content": "\\u3014学生甲\\u3015"}', _vault()) is None


@pytest.mark.parametrize(
    "pieces",
    [["你好〔学", "生甲〕同学"], ["你好〔", "学生甲", "〕"], ["〔学生甲〕"], ["a〔学生甲〕b〔学生", "乙〕c"]],
    ids=["split in label", "split at brackets", "whole", "two placeholders"],
)
def test_text_restorer_joins_split_placeholders(pieces: list[str]) -> None:
    r = PlaceholderRestorer(_vault())
    out = "".join(r.feed(p) for p in pieces) + r.flush()
    assert out == "".join(pieces).replace("〔学生甲〕", "王小明").replace("〔学生乙〕", "李华")


def test_text_restorer_holds_back_only_an_unfinished_placeholder() -> None:
    r = PlaceholderRestorer(_vault())
    assert r.feed("你好〔学") == "你好"
    assert r.held == "〔学"
    assert r.feed("〔不是占位符") == "〔学〔不是占位符"  # not one of ours: nothing held
    assert r.held == ""


def _openai_sse(deltas: list[str]) -> bytes:
    events = [
        {"id": "c1", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": d}, "finish_reason": None}]}
        for d in deltas
    ]
    events.append({"id": "c1", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    body = "".join(f"data: {json.dumps(e, ensure_ascii=False)}\n\n" for e in events) + "data: [DONE]\n\n"
    return body.encode("utf-8")


def _sse_text(body: bytes) -> str:
    out = []
    for block in body.decode("utf-8").split("\n\n"):
        if block.startswith("data: {"):
            doc = json.loads(block[6:])
            out.append(doc["choices"][0]["delta"].get("content", ""))
    return "".join(out)


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7, 64, 10_000], ids=lambda n: f"{n}-byte chunks")
def test_sse_stream_restores_placeholders_split_across_events_and_bytes(chunk_size: int) -> None:
    body = _openai_sse(["你好，〔学", "生甲〕的电话是〔手机", "号甲〕。再见〔学生"])
    s = StreamRestorer(_vault(), framing="sse")
    out = b"".join(s.feed(body[i : i + chunk_size]) for i in range(0, len(body), chunk_size)) + s.feed(b"")
    assert _sse_text(out) == "你好，王小明的电话是13912345678。再见〔学生"
    assert out.decode("utf-8").rstrip().endswith("data: [DONE]")


def test_sse_stream_emits_text_before_the_placeholder_at_once() -> None:
    s = StreamRestorer(_vault(), framing="sse")
    first = s.feed(_openai_sse(["你好〔学"])[: _openai_sse(["你好〔学"]).index(b"\n\n") + 2])
    assert "你好" in first.decode("utf-8") and "〔" not in first.decode("utf-8")


def test_anthropic_stream_flushes_held_text_at_block_stop() -> None:
    events = [
        ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "见〔学"}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "生"}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
    ]
    body = "".join(f"event: {n}\ndata: {json.dumps(d, ensure_ascii=False)}\n\n" for n, d in events).encode()
    s = StreamRestorer(_vault(), framing="sse")
    out = (s.feed(body) + s.feed(b"")).decode("utf-8")
    texts = [json.loads(b.split("data: ", 1)[1])["delta"]["text"] for b in out.split("\n\n") if "text_delta" in b]
    assert "".join(texts) == "见〔学生"
    assert out.index("content_block_stop") > out.rindex("text_delta")


def test_ndjson_stream_restores_and_flushes_on_the_final_line() -> None:
    lines = [{"message": {"role": "assistant", "content": "〔学生"}, "done": False},
             {"message": {"role": "assistant", "content": "甲〕好"}, "done": False},
             {"message": {"role": "assistant", "content": ""}, "done": True}]
    body = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()
    s = StreamRestorer(_vault(), framing="ndjson")
    out = b"".join(s.feed(body[i : i + 5]) for i in range(0, len(body), 5)) + s.feed(b"")
    text = "".join(json.loads(ln)["message"]["content"] for ln in out.decode().splitlines() if ln)
    assert text == "王小明好"


def test_raw_stream_does_not_garble_a_split_utf8_character() -> None:
    body = "你好〔学生甲〕".encode()
    s = StreamRestorer(_vault(), framing="raw")
    out = b"".join(s.feed(body[i : i + 1]) for i in range(len(body))) + s.feed(b"")
    assert out.decode("utf-8") == "你好王小明"


def test_a_value_reserved_as_its_vault_is_forgotten_leaves_no_count_behind() -> None:
    # Found by the r3 probe: the store subtracted a forgotten vault's length, which lacks a value
    # reserved but not yet written; the store then counted one value too many for good.
    class ForgetDuringReserve(VaultStore):
        def _reserve(self, conversation: str, vault: ConversationVault) -> bool:
            ok = super()._reserve(conversation, vault)
            if conversation == "a":
                self.get("b")  # another conversation arrives: "a" is forgotten (one conversation at most)
            return ok

    store = ForgetDuringReserve(max_conversations=1, max_values=1)
    assert store.get("a").placeholder_for("PERSON", "a0") is not None
    assert store.get("b").placeholder_for("PERSON", "b0") is not None, "the store is empty: room for one value"


def test_a_forgotten_vault_is_not_kept_alive_by_the_rewrites_remembered_with_it(scanner: Scanner) -> None:
    # Found by the r3 probe: the scan cache kept a rewrite keyed by the vault object, so the vaults the
    # store forgot (and their values) lived on, outside `max_values`, as long as the cached texts did.
    store = VaultStore(max_conversations=1)
    guard = Guard(scanner, PolicySettings(), store)
    route = load_catalog(CONFIG / "services.yaml").route("api.openai.com", "/v1/chat/completions")
    assert route is not None

    def ask(conversation: str) -> None:
        body = {"model": "m", "conversation_id": conversation,
                "messages": [{"role": "user", "content": "孩子的手机是13912345678，请帮我写一份请假条。"}]}
        out = guard.inspect(RequestView(request_id=conversation, client="10.0.0.5", host="api.openai.com",
                                        path="/v1/chat/completions", query=(), method="POST",
                                        content_type="application/json", accept="",
                                        body=json.dumps(body, ensure_ascii=False).encode()), route)
        assert out.decision.action == "pseudonymize"

    ask("c1")
    first = store.peek(next(iter(store._vaults)))
    assert first is not None and len(first) == 1
    gone = weakref.ref(first)
    del first
    ask("c2")  # the store holds one conversation: c1's vault is forgotten
    gc.collect()
    assert gone() is None
