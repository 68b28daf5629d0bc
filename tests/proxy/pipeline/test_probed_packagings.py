"""Holes the r19 packaging probe found, kept as regression tests: each let a phone number or a
resident ID number reach the upstream unscanned (invented values only)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from detectors import Scanner
from proxy.pipeline.guard import Guard, RequestView
from proxy.pipeline.request import Outcome
from proxy.pipeline.vault import VaultStore
from proxy.policy.catalog import load_catalog
from proxy.policy.settings import PolicySettings

CATALOG = load_catalog(Path(__file__).resolve().parents[3] / "config" / "services.yaml")
PHONE, ID_NUMBER = "13900000000", "110108201503121238"
PRIVATE = f"学生王梓涵的身份证号是{ID_NUMBER}，家长电话{PHONE}"
CLEAN = "请帮我写一首关于春天的诗"


def _send(scanner: Scanner, host: str, path: str, body: bytes) -> Outcome:
    req = RequestView(request_id="r1", client="10.0.0.5", host=host, path=path, query=(), method="POST",
                      content_type="application/json", accept="", body=body)
    route = CATALOG.route(host, path)
    assert route is not None
    return Guard(scanner, PolicySettings(), VaultStore()).inspect(req, route)


def _left(out: Outcome, body: bytes) -> bool:
    """Whether a value would reach the upstream: forwarded with it still in the body."""
    sent = (out.body if out.body is not None else body).decode("utf-8")
    return out.block is None and (PHONE in sent or ID_NUMBER in sent)


_CHAT = ("api.openai.com", "/v1/chat/completions")
_RESPONSES = ("api.openai.com", "/v1/responses")
_CLAUDE = ("api.anthropic.com", "/v1/messages")
_GEMINI = ("generativelanguage.googleapis.com", "/v1beta/models/m:generateContent")


def _chat(**extra: object) -> dict[str, object]:
    return {"model": "m", "messages": [{"role": "user", "content": CLEAN}], **extra}


@pytest.mark.parametrize(
    ("where", "doc"),
    [
        (_CHAT, _chat(metadata={"note": PRIVATE})),
        (_CHAT, _chat(user=ID_NUMBER)),
        (_CHAT, _chat(prediction={"type": "content", "content": PRIVATE})),
        (_CHAT, _chat(tools=[{"type": "function", "function": {"name": "f", "description": PRIVATE}}])),
        (_CHAT, _chat(response_format={"type": "json_schema", "json_schema": {"schema": {"description": PRIVATE}}})),
        (_CHAT, {"model": "m", "messages": [{"role": "user", "content": CLEAN, "note": PRIVATE}]}),
        (_CHAT, {"model": "m", "messages": [{"role": "user", "content": [
            {"type": "image_url", "image_url": {"url": f"https://img.example/a.png?phone={PHONE}"}}]}]}),
        (_RESPONSES, {"model": "m", "input": CLEAN, "tools": [{"type": "function", "name": "f", "description": PRIVATE}]}),
        (_CLAUDE, {"model": "m", "max_tokens": 9, "metadata": {"user_id": ID_NUMBER},
                   "messages": [{"role": "user", "content": CLEAN}]}),
        (_GEMINI, {"contents": [{"parts": [{"text": CLEAN}]}],
                   "tools": [{"functionDeclarations": [{"name": "f", "description": PRIVATE}]}]}),
    ],
    ids=["chat metadata", "chat user", "chat prediction", "chat tool description", "chat json schema",
         "an unknown message field", "an image URL", "responses tool description", "anthropic metadata",
         "gemini tool declaration"],
)
def test_a_value_in_a_field_the_format_adapter_does_not_read_is_not_forwarded(
        scanner: Scanner, where: tuple[str, str], doc: dict[str, object]) -> None:
    body = json.dumps(doc, ensure_ascii=False).encode()
    out = _send(scanner, *where, body)
    assert not _left(out, body)
    assert out.block is not None and out.decision.rule_ids[-1] == "request.unread-text-with-personal-data"


def test_the_fields_around_a_clean_chat_do_not_block_it(scanner: Scanner) -> None:
    doc = _chat(user="teacher-42", metadata={"app": "lesson-planner"}, temperature=0.2,
                tools=[{"type": "function", "function": {"name": "lookup", "description": "查询课程表"}}])
    out = _send(scanner, *_CHAT, json.dumps(doc, ensure_ascii=False).encode())
    assert out.block is None and out.decision.action == "allow"


@pytest.mark.parametrize(
    "body",
    [
        '{"model":"m","messages":[{"role":"user","content":"%s","content":"%s"}]}' % (PRIVATE, CLEAN),
        '{"model":"m","messages":[{"role":"user","content":"%s"}],"messages":[{"role":"user","content":"%s"}]}'
        % (PRIVATE, CLEAN),
    ],
    ids=["a repeated content key", "a repeated messages key"],
)
def test_a_json_object_with_a_repeated_key_is_blocked_not_read_by_its_last_value(scanner: Scanner, body: str) -> None:
    out = _send(scanner, *_CHAT, body.encode())
    assert out.block is not None and out.decision.rule_ids[-1] == "fail-closed"


@pytest.mark.parametrize(
    ("where", "body"),
    [
        (("chat.deepseek.com", "/api/v0/chat/completion"), '{"prompt":"%s","tel":%s}' % (CLEAN, PHONE)),
        (("chat.deepseek.com", "/api/v0/chat/completion"), '{"prompt":"%s","sid":[%s]}' % (CLEAN, ID_NUMBER)),
        (("chat.deepseek.com", "/api/v0/chat/completion"), '{"prompt":"%s","sid":%s.0}' % (CLEAN, ID_NUMBER)),
        (("chat.deepseek.com", "/api/v0/chat/completion"), '{"prompt":"%s","tel":1.3900000000e10}' % CLEAN),
        (_CHAT, '{"model":"m","messages":[{"role":"user","content":"%s"}],"seed":%s}' % (CLEAN, PHONE)),
    ],
    ids=["a phone number as an integer", "an ID number in a list", "an ID number as a float",
         "a phone number in exponent form", "a phone number beside a known format's fields"],
)
def test_a_long_json_number_is_scanned_as_written(scanner: Scanner, where: tuple[str, str], body: str) -> None:
    out = _send(scanner, *where, body.encode())
    assert out.block is not None and out.decision.rule_ids[-1] == "request.unread-text-with-personal-data"


def test_short_numbers_and_token_ids_do_not_block(scanner: Scanner) -> None:
    body = {"model": "m", "input": [[15339, 1917, 100257]], "dimensions": 256, "temperature": 0.7}
    out = _send(scanner, "api.openai.com", "/v1/embeddings", json.dumps(body).encode())
    assert out.block is None


def _multipart(part_headers: str, part_body: bytes, *, before: bytes = b"", after: bytes = b"") -> bytes:
    return (before + b"--BoUnDaRy\r\n" + part_headers.encode() + b"\r\n\r\n" + part_body + b"\r\n--BoUnDaRy--"
            + after)


def _upload(scanner: Scanner, body: bytes) -> Outcome:
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/files", query=(),
                      method="POST", content_type="multipart/form-data; boundary=BoUnDaRy", accept="", body=body)
    route = CATALOG.route(req.host, req.path)
    assert route is not None
    return Guard(scanner, PolicySettings(), VaultStore()).inspect(req, route)


_FIELD = 'Content-Disposition: form-data; name="prompt"'


@pytest.mark.parametrize(
    "body",
    [
        _multipart(_FIELD, CLEAN.encode(), before=PRIVATE.encode() + b"\r\n"),
        _multipart(_FIELD, CLEAN.encode(), after=b"\r\n" + PRIVATE.encode()),
    ],
    ids=["in the preamble", "in the epilogue"],
)
def test_text_outside_the_parts_of_a_multipart_body_is_scanned(scanner: Scanner, body: bytes) -> None:
    out = _upload(scanner, body)
    assert out.block is not None and out.decision.rule_ids[-1] == "request.unread-text-with-personal-data"


@pytest.mark.parametrize(
    "part",
    [
        (_FIELD + "\r\nContent-Transfer-Encoding: quoted-printable",
         PRIVATE.encode().hex("=").upper().encode().join((b"=", b""))),
        (_FIELD + "\r\nContent-Transfer-Encoding: base64", base64.b64encode(PRIVATE.encode())),
        ('Content-Disposition: form-data; name="f"; filename="a.txt"\r\ncontent-transfer-encoding:Base64',
         base64.b64encode(PRIVATE.encode())),
    ],
    ids=["a quoted-printable field", "a base64 field", "a base64 file"],
)
def test_a_part_with_a_transfer_encoding_is_not_read_as_its_encoded_bytes(
        scanner: Scanner, part: tuple[str, bytes]) -> None:
    out = _upload(scanner, _multipart(*part))
    assert out.block is not None and out.decision.rule_ids[-1] == "upload.unscannable"


def test_a_plain_multipart_field_with_an_identity_transfer_encoding_is_still_rewritten(scanner: Scanner) -> None:
    out = _upload(scanner, _multipart(_FIELD + "\r\nContent-Transfer-Encoding: 8bit", PRIVATE.encode()))
    assert out.block is None and out.body is not None and PHONE.encode() not in out.body


def test_an_unscannable_upload_is_explained_to_the_client_in_chinese(scanner: Scanner) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
    out = _upload(scanner, _multipart('Content-Disposition: form-data; name="f"; filename="a.png"', png))
    assert out.block is not None and out.decision.rule_ids[-1] == "upload.unscannable"
    message = json.loads(out.block.body)["error"]["message"]
    assert "无法检查" in message and "upload" not in message


@pytest.mark.parametrize("value", [ID_NUMBER, f"tel:{PHONE}"], ids=["an ID number", "a phone number"])
def test_a_long_number_in_a_plain_ascii_header_is_scanned_and_the_header_dropped(scanner: Scanner, value: str) -> None:
    from proxy.pipeline.request import user_text_headers

    headers = user_text_headers([("X-Student-Id", value), ("User-Agent", "OpenAI/Python 1.99.1"),
                                 ("Content-Length", "123456")])
    assert headers == (("x-student-id", value),)
    body = json.dumps(_chat(), ensure_ascii=False).encode()
    req = RequestView(request_id="r1", client="10.0.0.5", host=_CHAT[0], path=_CHAT[1], query=(), method="POST",
                      content_type="application/json", accept="", body=body, headers=headers)
    route = CATALOG.route(*_CHAT)
    assert route is not None
    out = Guard(scanner, PolicySettings(), VaultStore()).inspect(req, route)
    assert out.block is not None or out.drop_headers == ("x-student-id",)
