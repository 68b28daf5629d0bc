"""Holes the second attack probe (after the windows, escapes and memo merges) found, kept as
regression tests: each let a phone number reach the upstream unscanned or unrewritten."""

from __future__ import annotations

import base64
import json
import struct
import urllib.parse
import zlib
from pathlib import Path

import pytest

from detectors import Scanner
from proxy.pipeline.escapes import unescaped
from proxy.pipeline.guard import Guard, RequestView
from proxy.pipeline.request import Outcome
from proxy.pipeline.vault import VaultStore
from proxy.policy.catalog import load_catalog
from proxy.policy.settings import PolicySettings

CATALOG = load_catalog(Path(__file__).resolve().parents[3] / "config" / "services.yaml")
VALUE = "13900000000"


def _pct(text: str) -> str:
    """Every byte percent-encoded, digits included (`urllib.parse.quote` leaves digits alone)."""
    return "".join(f"%{b:02X}" for b in text.encode("utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        _pct("电话" + VALUE) + "%FF",
        "%FF" + _pct("电话" + VALUE),
        _pct("电话" + VALUE) + "%E7%94",
        _pct("电话") + "%C3" + _pct(VALUE),
        _pct("电话" + VALUE) + "%80%80",
    ],
    ids=["a stray byte after the run", "a stray byte before the run", "a cut-off character at the end",
         "a lone lead byte between the label and the digits", "continuation bytes after the run"],
)
def test_a_percent_run_with_a_byte_that_is_no_text_still_shows_its_digits(text: str) -> None:
    got = unescaped(text)
    assert got is not None and VALUE in got.text
    at = got.text.index(VALUE)
    assert text[got.starts[at]:got.ends[at + len(VALUE) - 1]] == _pct(VALUE)


def _chat(scanner: Scanner, content: str) -> Outcome:
    """`content` as one chat message to the OpenAI chat endpoint, through a fresh guard."""
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": content}]}).encode()
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions",
                      query=(), method="POST", content_type="application/json", accept="", body=body)
    route = CATALOG.route(req.host, req.path)
    assert route is not None
    return Guard(scanner, PolicySettings(), VaultStore()).inspect(req, route)


def test_a_percent_encoded_phone_number_with_a_stray_byte_is_rewritten(scanner: Scanner) -> None:
    out = _chat(scanner, "请帮我写评语。" + _pct("电话" + VALUE) + "%FF")
    assert "PHONE_NUMBER" in {s.entity for s in out.decision.findings}
    assert out.block is not None or (out.body is not None and _pct(VALUE) not in out.body.decode())


def _gbk_with(extra: bytes) -> bytes:
    """GBK text with a phone number, `extra` bytes in the middle (an even length overall)."""
    body = ("请帮我写评语。电话" + VALUE).encode("gbk") + extra + "谢谢".encode("gbk")
    return body if len(body) % 2 == 0 else body + b" "


@pytest.mark.parametrize("label", ["utf-16", "utf-16le", "utf-16be"])
@pytest.mark.parametrize(
    "body",
    [_gbk_with(b"\x00"), _gbk_with(b"\x00\x00\x00"), _gbk_with(b"\x01" * 9 + b" ")],
    ids=["one NUL in the middle", "three NULs in the middle", "control bytes that make the 8-bit reading look binary"],
)
def test_gbk_text_labelled_utf_16_is_not_vouched_for_by_a_stray_nul_or_control_bytes(
        scanner: Scanner, label: str, body: bytes) -> None:
    guard = Guard(scanner, PolicySettings(), VaultStore())
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/other/thing", query=(),
                      method="POST", content_type=f"text/plain; charset={label}", accept="", body=body)
    route = CATALOG.route(req.host, req.path)
    assert route is not None
    out = guard.inspect(req, route)
    assert out.block is not None or (out.body is not None and VALUE not in out.body.decode("gbk", "replace"))


def _png_base64() -> str:
    """A 1x1 PNG whose base64 needs no padding (digits appended to it still decode)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b""))
    return base64.b64encode(raw + b"\x00" * (-len(raw) % 3)).decode()


_DATA_URL = "data:image/png;base64," + _png_base64()


@pytest.mark.parametrize(
    ("host", "path", "doc"),
    [
        ("api.openai.com", "/v1/chat/completions",
         {"model": "m", "messages": [{"role": "user", "content": f"{_DATA_URL} {VALUE}"}]}),
        ("api.openai.com", "/v1/chat/completions",
         {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": f"{_DATA_URL} {VALUE}"}]}]}),
        ("api.anthropic.com", "/v1/messages",
         {"model": "m", "max_tokens": 9, "messages": [{"role": "user", "content": f"{_DATA_URL}\n{VALUE}"}]}),
    ],
    ids=["OpenAI message text", "OpenAI text part", "Anthropic message text, a line break"],
)
def test_digits_after_an_image_data_url_in_message_text_are_scanned_when_images_are_allowed(
        scanner: Scanner, host: str, path: str, doc: object) -> None:
    guard = Guard(scanner, PolicySettings(unscannable_uploads="allow_images"), VaultStore())
    req = RequestView(request_id="r1", client="10.0.0.5", host=host, path=path, query=(), method="POST",
                      content_type="application/json", accept="", body=json.dumps(doc).encode())
    route = CATALOG.route(host, path)
    assert route is not None
    out = guard.inspect(req, route)
    assert "PHONE_NUMBER" in {s.entity for s in out.decision.findings}
    assert out.block is not None or (out.body is not None and VALUE not in out.body.decode())


def test_an_image_in_its_own_field_is_still_read_as_a_file_not_scanned_as_text(scanner: Scanner) -> None:
    guard = Guard(scanner, PolicySettings(unscannable_uploads="allow_images"), VaultStore())
    doc = {"model": "m", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "看图"}, {"type": "image_url", "image_url": {"url": _DATA_URL}}]}]}
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions",
                      query=(), method="POST", content_type="application/json", accept="", body=json.dumps(doc).encode())
    route = CATALOG.route(req.host, req.path)
    assert route is not None
    out = guard.inspect(req, route)
    assert out.decision.action == "allow" and out.decision.unscanned == ("json:image",)


def test_two_users_behind_one_address_opening_with_the_same_system_prompt_get_separate_vaults(
        scanner: Scanner) -> None:
    from proxy.policy.principals import Principal

    guard = Guard(scanner, PolicySettings(), VaultStore())
    route = CATALOG.route("api.openai.com", "/v1/chat/completions")
    assert route is not None

    def send(user: str, content: str) -> str | None:
        doc = {"model": "m", "messages": [{"role": "system", "content": "你是学校的写作助手。"},
                                          {"role": "user", "content": content}]}
        req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions",
                          query=(), method="POST", content_type="application/json", accept="",
                          body=json.dumps(doc, ensure_ascii=False).encode())
        out = guard.inspect(req, route, Principal(role="teacher", stage="primary", user=user, source="proxy_auth"))
        assert out.decision.action == "pseudonymize"
        return out.conversation

    first = send("t.wang", f"学生王小明的电话是{VALUE}")
    assert first is not None and send("t.wang", f"学生王小明的电话是{VALUE}，再写一段") == first
    other = send("t.li", "请给〔学生甲〕的家长写封信，电话13800000000")
    assert other is not None and other != first
    vault = guard._vaults.peek(other)  # what the other user's answer is restored from
    assert vault is not None and vault.original_for("〔学生甲〕") is None


@pytest.mark.parametrize(
    "content", ["电话" + "\u0000".join(VALUE), "电话" + "\u001b".join(VALUE)],
    ids=["NUL escapes between the digits", "escape characters between the digits"],
)
def test_control_characters_between_digits_do_not_hide_a_phone_number(scanner: Scanner, content: str) -> None:
    out = _chat(scanner, content)  # the JSON body carries them as \u0000 escapes
    assert "PHONE_NUMBER" in {s.entity for s in out.decision.findings}
    assert out.body is not None and json.loads(out.body)["messages"][0]["content"] == "电话〔手机号甲〕"


@pytest.mark.parametrize(
    "text",
    [
        urllib.parse.quote(json.dumps({"content": "电话" + VALUE})),
        urllib.parse.quote(json.dumps("电话")[:-1]) + _pct(VALUE),
        json.dumps(urllib.parse.quote("电话" + VALUE + "，谢谢"))[1:-1],
    ],
    ids=["percent-encoded ASCII-escaped JSON (quote(json.dumps(...)))", "the digits percent-encoded as well",
         "percent-encoding inside a JSON string"],
)
def test_escapes_in_two_layers_are_both_undone_and_map_back(text: str) -> None:
    view = unescaped(text)
    assert view is not None and "电话" + VALUE in view.text
    at = view.text.index(VALUE)
    assert urllib.parse.unquote(text[view.starts[at]:view.ends[at + len(VALUE) - 1]]) == VALUE


@pytest.mark.parametrize("label", ["utf-8", "gbk", "big5"])
@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"], ids=["UTF-16LE mark", "UTF-16BE mark"])
def test_a_utf_16_byte_order_mark_under_an_8_bit_label_does_not_hide_gbk_digits(
        scanner: Scanner, label: str, bom: bytes) -> None:
    guard = Guard(scanner, PolicySettings(), VaultStore())
    body = _gbk_with(b"")
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/other/thing", query=(),
                      method="POST", content_type=f"text/plain; charset={label}", accept="", body=bom + body)
    route = CATALOG.route(req.host, req.path)
    assert route is not None
    out = guard.inspect(req, route)
    assert out.block is not None or (out.body is not None and VALUE not in out.body.decode("gbk", "replace"))


_UTF16_HEAD = "a note for the class, please read. ".encode("utf-16-le")


@pytest.mark.parametrize(
    ("prefix", "label"),
    [(_UTF16_HEAD, ""), (_UTF16_HEAD, "utf-16"), (_UTF16_HEAD, "utf-16le"), (b"\xff\xfe", ""),
     (b"\xff\xfe" + _UTF16_HEAD, "")],
    ids=["a head of UTF-16 ASCII, no label", "a head of UTF-16 ASCII under a UTF-16 label",
         "a head of UTF-16 ASCII under a UTF-16LE label", "a byte-order mark, no label",
         "a byte-order mark and a head of UTF-16 ASCII"],
)
def test_gbk_digits_behind_utf_16_evidence_are_not_read_as_utf_16(
        scanner: Scanner, prefix: bytes, label: str) -> None:
    guard = Guard(scanner, PolicySettings(), VaultStore())
    body = prefix + _gbk_with(b"")
    ctype = f"text/plain; charset={label}" if label else "text/plain"
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/other/thing", query=(),
                      method="POST", content_type=ctype, accept="", body=body)
    route = CATALOG.route(req.host, req.path)
    assert route is not None
    out = guard.inspect(req, route)
    assert out.block is not None or (out.body is not None and VALUE not in out.body.decode("gbk", "replace"))


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [(json.dumps({"content": "电话" + VALUE}, ensure_ascii=False), "utf-16-le", "utf-16le"),
     (json.dumps({"content": "电话" + VALUE}, ensure_ascii=False), "utf-16-be", "utf-16"),
     ("请帮我写评语，电话" + VALUE + "。", "utf-16", "")],
    ids=["labelled little-endian JSON", "big-endian JSON under a bare UTF-16 label", "text with a byte-order mark"],
)
def test_genuine_utf_16_with_a_phone_number_is_still_read_and_rewritten(
        scanner: Scanner, text: str, codec: str, label: str) -> None:
    guard = Guard(scanner, PolicySettings(), VaultStore())
    ctype = f"text/plain; charset={label}" if label else "text/plain"
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/other/thing", query=(),
                      method="POST", content_type=ctype, accept="", body=text.encode(codec))
    route = CATALOG.route(req.host, req.path)
    assert route is not None
    out = guard.inspect(req, route)
    assert out.block is None and out.body is not None
    assert "PHONE_NUMBER" in {s.entity for s in out.decision.findings}
