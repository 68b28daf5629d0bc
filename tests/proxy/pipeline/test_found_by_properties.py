"""Fail-opens the property test (tests/proxy/mitm/test_property_requests.py) found, kept as
regression tests: each body carried a phone number to the upstream unchanged and unflagged."""

from __future__ import annotations

import base64
import json
import urllib.parse
from pathlib import Path

import pytest

from detectors import Finding, Scanner
from proxy.pipeline.escapes import unescaped
from proxy.pipeline.guard import Guard, RequestView
from proxy.pipeline.vault import VaultStore
from proxy.policy.catalog import load_catalog
from proxy.policy.settings import PolicySettings

CATALOG = load_catalog(Path(__file__).resolve().parents[3] / "config" / "services.yaml")
VALUE = "13900000000"
TEXT = f"請幫我寫評語。電話{VALUE}，謝謝"
ESCAPED = json.dumps({"messages": [{"role": "user", "content": TEXT}]})  # ensure_ascii: \u8acb…


def _multipart(value: bytes) -> bytes:
    return (b'--B\r\nContent-Disposition: form-data; name="payload"\r\n\r\n' + value + b"\r\n--B--\r\n")


@pytest.mark.parametrize(
    ("path", "ctype", "body"),
    [
        ("/v1/chat/completions", "application/octet-stream", json.dumps({"content": TEXT}).encode("utf-16")),
        ("/v1/chat/completions", "", json.dumps({"content": TEXT}, ensure_ascii=False).encode("utf-16-le")),
        ("/v1/other/thing", "application/x-www-form-urlencoded", urllib.parse.urlencode({"q": ESCAPED}).encode()),
        ("/v1/files", "multipart/form-data; boundary=B", _multipart(ESCAPED.encode())),
        ("/v1/other/thing", "text/plain", ("payload = " + ESCAPED).encode()),
        ("/v1/chat/completions", "application/json",
         json.dumps({"model": "m", "messages": [{"role": "user", "content": urllib.parse.quote(TEXT)}]}).encode()),
        ("/v1/messages", "application/json", json.dumps({"model": "m", "max_tokens": 9, "messages": [{"role": "user",
         "content": [{"type": "document", "source": {"type": "text", "media_type": "text/plain",
                                                     "data": "data:text/plain," + urllib.parse.quote(TEXT)}}]}]}).encode()),
    ],
    ids=["UTF-16 JSON with a BOM as a binary WebSocket frame", "UTF-16LE JSON without BOM or label",
         "a form field holding ASCII-escaped JSON", "a multipart field holding ASCII-escaped JSON",
         "ASCII-escaped JSON inside plain text", "a percent-encoded chat message",
         "a percent-encoded Anthropic text document"],
)
def test_a_value_in_a_body_found_failing_open_is_now_scanned_and_rewritten(
        scanner: Scanner, path: str, ctype: str, body: bytes) -> None:
    guard = Guard(scanner, PolicySettings(), VaultStore())
    host = "api.anthropic.com" if path == "/v1/messages" else "api.openai.com"
    req = RequestView(request_id="r1", client="10.0.0.5", host=host, path=path, query=(), method="POST",
                      content_type=ctype, accept="", body=body)
    route = CATALOG.route(host, path)
    assert route is not None
    out = guard.inspect(req, route)
    assert out.decision.action in ("pseudonymize", "block")
    assert "PHONE_NUMBER" in {s.entity for s in out.decision.findings}
    if out.block is None:
        assert out.body is not None
        forwarded = out.body.decode("utf-16" if body.startswith(b"\xff\xfe") else
                                    "utf-16-le" if body[1:2] == b"\x00" else "utf-8")
        assert VALUE not in urllib.parse.unquote_plus(forwarded)


@pytest.mark.parametrize("label", ["utf-16", "utf-16le", "utf-16be"])
def test_gbk_text_labelled_utf_16_is_not_read_as_utf_16_garbage(scanner: Scanner, label: str) -> None:
    guard = Guard(scanner, PolicySettings(), VaultStore())
    body = f"請幫我寫評語。联系电话 {VALUE}，請幫我寫評語。".encode("gbk", "replace")  # as the property made it
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/other/thing", query=(),
                      method="POST", content_type=f"text/plain; charset={label}", accept="", body=body)
    route = CATALOG.route("api.openai.com", "/v1/other/thing")
    assert route is not None
    out = guard.inspect(req, route)
    assert out.block is not None or (out.body is not None and VALUE not in out.body.decode("gbk"))


def test_a_big_endian_body_labelled_little_endian_is_read_in_its_own_byte_order(scanner: Scanner) -> None:
    guard = Guard(scanner, PolicySettings(), VaultStore())
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/other/thing", query=(),
                      method="POST", content_type="text/plain; charset=utf-16le", accept="",
                      body=TEXT.encode("utf-16-be"))
    route = CATALOG.route("api.openai.com", "/v1/other/thing")
    assert route is not None
    out = guard.inspect(req, route)
    assert out.body is not None and VALUE not in out.body.decode("utf-16-be")
    assert "PHONE_NUMBER" in {s.entity for s in out.decision.findings}


def _openai_file(file_data: str) -> bytes:
    return json.dumps({"model": "m", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "请读这个文件"},
        {"type": "file", "file": {"filename": "notes.txt", "file_data": file_data}}]}]}).encode()


def _gemini_inline(data: str) -> bytes:
    return json.dumps({"contents": [{"role": "user", "parts": [
        {"text": "请读这个文件"}, {"inline_data": {"mime_type": "text/plain", "data": data}}]}]}).encode()


_B64 = base64.b64encode(TEXT.encode("big5", "replace")).decode()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/chat/completions", _openai_file(f"data:text/plain; charset=big5;base64,{_B64}")),
        ("/v1/chat/completions", _openai_file(f"data:text/plain,{TEXT}")),
        ("/v1/chat/completions", _openai_file("data:text/plain," + urllib.parse.quote(TEXT))),
        ("/v1/chat/completions", _openai_file(TEXT)),
        ("/v1beta/models/gemini-pro:generateContent", _gemini_inline(TEXT)),
        ("/v1beta/models/gemini-pro:generateContent", _gemini_inline(f"data:text/plain;base64,{_B64}")),
    ],
    ids=["a data URL with a space between its parameters", "a data URL without ;base64",
         "a percent-encoded data URL", "plain text where base64 file data belongs",
         "plain text in Gemini inline_data", "a data URL in Gemini inline_data"],
)
def test_a_file_field_in_a_shape_other_than_base64_is_still_read(scanner: Scanner, path: str, body: bytes) -> None:
    host = "generativelanguage.googleapis.com" if "gemini" in path else "api.openai.com"
    guard = Guard(scanner, PolicySettings(), VaultStore())
    req = RequestView(request_id="r1", client="10.0.0.5", host=host, path=path, query=(), method="POST",
                      content_type="application/json", accept="", body=body)
    route = CATALOG.route(host, path)
    assert route is not None
    out = guard.inspect(req, route)
    assert out.block is not None and out.decision.rule_ids[-1] == "upload.document-with-personal-data"


def test_a_finding_in_the_unescaped_view_maps_back_onto_the_escaped_text() -> None:
    text = 'x\\u96fb\\u8a71' + VALUE + '\\ud83d\\ude00\\n' + VALUE
    view = unescaped(text)
    assert view is not None and view.text == "x電話" + VALUE + "\U0001F600\n" + VALUE
    first = view.text.index(VALUE)
    second = view.text.rindex(VALUE)
    found = [Finding("PHONE_NUMBER", first, first + 11, VALUE, 0.9, "phone_number"),
             Finding("PHONE_NUMBER", second, second + 11, VALUE, 0.9, "phone_number"),
             Finding("PERSON", 1, 3, "電話", 0.9, "person")]
    back = view.to_original(found)
    assert [text[f.start:f.end] for f in back] == [VALUE, VALUE, "\\u96fb\\u8a71"]
    assert [f.text for f in back] == [VALUE, VALUE, "電話"]  # the vault keys placeholders by the value


def test_a_percent_encoded_run_maps_back_character_by_character() -> None:
    text = "q=" + urllib.parse.quote("电话" + VALUE) + "&gbk=" + urllib.parse.quote("王".encode("gbk")) + " %FF 100%"
    view = unescaped(text)
    assert view is not None and view.text == "q=电话" + VALUE + "&gbk=王 %FF 100%"
    at = view.text.index(VALUE)
    [back] = view.to_original([Finding("PHONE_NUMBER", at, at + 11, VALUE, 0.9, "phone_number")])
    assert text[back.start:back.end] == VALUE
    [name] = view.to_original([Finding("PERSON", at - 2, at, "电话", 0.9, "person")])
    assert text[name.start:name.end] == urllib.parse.quote("电话")


def test_a_text_without_escapes_is_scanned_as_it_stands() -> None:
    assert unescaped('a "quoted" \\n line at 100%') is None
