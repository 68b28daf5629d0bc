"""Property: every request to an AI service is either scanned with every canary
removed before it leaves, or blocked, and audited either way.

Hypothesis generates the request around the canaries (valid resident ID numbers and
mobile numbers made per example, see `request_strategies`): API format and host,
nesting of the message content, charsets (GB18030, GBK, Big5, UTF-16 with and without
BOM, declared or not), Content-Encoding stacks, base64 files inside JSON in every format,
files judged by their bytes (text, .docx, .pdf, .pptx, .png, .zip, text behind NULs)
under true, octet-stream or wrong labels, multipart layouts (several files, part
charsets, nested multipart), canaries in names (file and field names, JSON keys, query
keys, path segments, user-text headers), and WebSocket text and binary frames. The guard
runs through its mitmproxy hooks without sockets (taddons + tflow). "Before it leaves" is
the flow after the hooks, read by an independent oracle (`_views`): raw bytes, every
charset, percent- and JSON-unescaped, base64 decoded, zip members inflated.

Examples per property: 15 by default (`make test` stays fast: about 10 s for the seven
properties); `PG_HYPOTHESIS_PROFILE=thorough` runs 400 each.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import struct
import urllib.parse
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mitmproxy import ctx, http, websocket
from mitmproxy.test import taddons, tflow, tutils

from proxy.mitm.guard_addon import METADATA_KEY, PrivacyGuard
from proxy.mitm.limits import BodyLimits, decode_body
from proxy.pipeline.decision import Decision
from tests.proxy.mitm.request_strategies import (
    Canary, Charset, b64, canaries, charsets, content_encodings, declared_type, encode_body, files, name_canaries,
    narrow_charsets, quoted_name,
)

ROOT = Path(__file__).resolve().parents[3]

_CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much]
settings.register_profile("default", max_examples=15, deadline=None, suppress_health_check=_CHECKS)
settings.register_profile("thorough", max_examples=400, deadline=None, suppress_health_check=_CHECKS)
settings.load_profile(os.environ.get("PG_HYPOTHESIS_PROFILE", "default"))


# -- requests ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    host: str
    path: str
    headers: tuple[tuple[str, str | bytes], ...]
    body: bytes
    canaries: tuple[Canary, ...]


def _content(texts: list[str], nesting: str) -> object:
    if nesting == "string":
        return "\n".join(texts)
    return [{"type": "text", "text": t} for t in texts]


def _json_body(fmt: str, texts: list[str], nesting: str) -> object:
    if fmt == "openai_chat":
        return {"model": "m", "stream": False, "messages": [
            {"role": "system", "content": "你是老师的助手"}, {"role": "user", "content": _content(texts, nesting)}]}
    if fmt == "anthropic_messages":
        return {"model": "m", "max_tokens": 64, "messages": [{"role": "user", "content": _content(texts, nesting)}]}
    if fmt == "gemini_generate":
        return {"contents": [{"role": "user", "parts": [{"text": t} for t in texts]}]}
    if fmt == "openai_responses":
        return {"model": "m", "input": "\n".join(texts) if nesting == "string" else [
            {"role": "user", "content": [{"type": "input_text", "text": t} for t in texts]}]}
    return {"a": {"b": [{"c": t} for t in texts]}, "n": 1}  # generic_json: any string anywhere


_ROUTES = (
    ("api.openai.com", "/v1/chat/completions", "openai_chat"),
    ("api.deepseek.com", "/chat/completions", "openai_chat"),
    ("api.anthropic.com", "/v1/messages", "anthropic_messages"),
    ("generativelanguage.googleapis.com", "/v1beta/models/gemini-pro:generateContent", "gemini_generate"),
    ("api.openai.com", "/v1/responses", "openai_responses"),
    ("api.openai.com", "/v1/other/thing", "generic_json"),
)


def _ctype(base: str, cs: Charset) -> tuple[tuple[str, str], ...]:
    return (("content-type", base + cs.param()),)


@st.composite
def json_requests(draw: st.DrawFn) -> Generated:
    host, path, fmt = draw(st.sampled_from(_ROUTES))
    cs = draw(st.lists(canaries, min_size=1, max_size=3))
    nesting = draw(st.sampled_from(("string", "parts")))
    charset = draw(charsets)
    # Some clients percent-encode what the person typed before putting it in the JSON.
    texts = [urllib.parse.quote(c.text) if draw(st.booleans()) else c.text for c in cs]
    text = json.dumps(_json_body(fmt, texts, nesting), ensure_ascii=draw(st.booleans()))
    if fmt == "generic_json":  # nesting depth: shallow is read, past the limit is blocked
        depth = draw(st.sampled_from((0, 3, 60, 600, 1500)))
        text = '{"k": [' * depth + text + "]}" * depth  # written out: json.dumps recurses
    body = charset.encode(text)
    base = draw(st.sampled_from(("application/json", "text/plain", "")))
    query: list[Canary] = []
    if draw(st.booleans()):
        query = [draw(canaries)]
        path = path + "?" + urllib.parse.urlencode({"q": query[0].text})
    body, enc = encode_body(body, draw(content_encodings))
    headers = (_ctype(base, charset) if base else ()) + enc
    return Generated(host, path, headers, body, tuple(cs) + tuple(query))


@st.composite
def form_and_text_requests(draw: st.DrawFn) -> Generated:
    cs = draw(st.lists(canaries, min_size=1, max_size=3))
    charset = draw(narrow_charsets)
    if draw(st.booleans()):
        wrap = draw(st.sampled_from(("plain", "json", "json-ascii")))
        texts = [c.text if wrap == "plain" else json.dumps({"q": c.text}, ensure_ascii=wrap == "json-ascii") for c in cs]
        body = urllib.parse.urlencode([("prompt", charset.encode(t)) for t in texts]).encode()
        base = "application/x-www-form-urlencoded"
    else:
        charset = draw(charsets)
        body = charset.encode("\n".join(c.text for c in cs))
        base = draw(st.sampled_from(("text/plain", "text/markdown", "application/octet-stream")))
    body, enc = encode_body(body, draw(content_encodings))
    return Generated("api.openai.com", "/v1/other/thing", _ctype(base, charset) + enc, body, tuple(cs))


#: How a file field holds its data: base64 in a data URL (with or without spaces between its
#: parameters) or bare, or text: an RFC 2397 data URL without `;base64` (percent-encoded or not)
#: or the text itself where base64 belongs.
_FILE_SHAPES = ("data-url", "data-url spaced", "bare base64", "text data-url", "percent data-url", "bare text")


def _file_data(shape: str, f_data: bytes, declared: str, text: str) -> tuple[str, str]:
    """(the string for a data-URL field, the string for a bare `data` field)."""
    if shape == "data-url spaced":
        return f"data:{declared.replace(';', ' ; ')};base64,{b64(f_data)}", b64(f_data)
    if shape == "text data-url":
        return f"data:text/plain,{text}", text
    if shape == "percent data-url":
        return f"data:text/plain;charset=utf-8,{urllib.parse.quote(text)}", f"data:text/plain,{urllib.parse.quote(text)}"
    if shape == "bare text":
        return text, text
    return f"data:{declared};base64,{b64(f_data)}", b64(f_data)


def _file_block(fmt: str, shape: str, f_data: bytes, declared: str, filename: str, text: str) -> object:
    """A file as each API reference writes it (and as careless clients do)."""
    url, data = _file_data(shape, f_data, declared, text)
    bare = shape in ("bare base64", "bare text")
    url = data if bare else url
    if fmt == "openai_chat":
        return {"type": "file", "file": {"filename": filename, "file_data": url}}
    if fmt == "openai_responses":
        return {"type": "input_file", "filename": filename, "file_data": url}
    if fmt == "anthropic_messages":
        return {"type": "document", "title": filename,
                "source": {"type": "base64", "media_type": declared, "data": data}}
    if bare:
        return {"inlineData": {"mimeType": declared, "data": data}}
    return {"inline_data": {"mime_type": declared, "data": data}}


@st.composite
def json_file_requests(draw: st.DrawFn) -> Generated:
    host, path, fmt = draw(st.sampled_from(_ROUTES[:5]))
    cs: list[Canary] = []
    blocks: list[object] = []
    for _ in range(draw(st.integers(1, 2))):
        c = draw(canaries)
        f = draw(files(c))
        cs.append(c)
        name = "notes" + f.extension
        if draw(st.booleans()):
            named = draw(name_canaries)
            cs.append(named)
            name = named.text + f.extension
        shape = draw(st.sampled_from(_FILE_SHAPES))
        blocks.append(_file_block(fmt, shape, f.data, declared_type(draw, f), name, c.text))
    text = {"type": "input_text" if fmt == "openai_responses" else "text", "text": "请读这个文件"}
    if fmt == "gemini_generate":
        doc: object = {"contents": [{"role": "user", "parts": [{"text": "请读这个文件"}, *blocks]}]}
    elif fmt == "openai_responses":
        doc = {"model": "m", "input": [{"role": "user", "content": [text, *blocks]}]}
    else:
        doc = {"model": "m", "max_tokens": 64, "messages": [{"role": "user", "content": [text, *blocks]}]}
    body, enc = encode_body(json.dumps(doc, ensure_ascii=False).encode(), draw(content_encodings))
    return Generated(host, path, (("content-type", "application/json"),) + enc, body, tuple(cs))


@st.composite
def named_requests(draw: st.DrawFn) -> Generated:
    """Canaries where no message text is: JSON keys, query keys, path segments, user-text headers."""
    host, path, fmt = draw(st.sampled_from(_ROUTES))
    cs: list[Canary] = []
    places = draw(st.sets(st.sampled_from(("json key", "query key", "path segment", "header")), min_size=1))
    doc = _json_body(fmt, ["请帮我写一段评语。"], "string")
    if "json key" in places:
        c = draw(name_canaries)
        cs.append(c)
        assert isinstance(doc, dict)
        doc["metadata"] = {c.text: {"score": 90}}
    if "path segment" in places:
        c = draw(name_canaries)
        cs.append(c)
        segment = urllib.parse.quote(draw(narrow_charsets).encode(c.text))
        host, path, fmt = "api.openai.com", f"/v1/users/{segment}/chat", "generic_json"
    if "query key" in places:
        c = draw(name_canaries)
        cs.append(c)
        path += "?" + urllib.parse.urlencode({c.text: "1"})
    headers: list[tuple[str, str | bytes]] = [("content-type", "application/json")]
    if "header" in places:
        c = draw(name_canaries)
        cs.append(c)
        name = draw(st.sampled_from(("x-title", "referer", "content-disposition", "x-conversation-title",
                                     "x-note")))
        quoted = urllib.parse.quote(draw(narrow_charsets).encode(c.text))
        value: str | bytes = {
            "referer": f"https://chat.example.cn/c?q={quoted}",
            "content-disposition": f"attachment; filename*=UTF-8''{urllib.parse.quote(c.text)}.txt",
        }.get(name, quoted)
        if name == "x-note" or draw(st.booleans()) and name == "x-title":
            value = ("学生" + c.text).encode("utf-8")  # raw UTF-8 bytes in the header
        headers.append((name, value))
    body = json.dumps(doc, ensure_ascii=draw(st.booleans())).encode()
    return Generated(host, path, tuple(headers), body, tuple(cs))


def _part(headers: bytes, body: bytes) -> bytes:
    return headers + b"\r\n\r\n" + body


def _multipart(boundary: bytes, parts: list[bytes]) -> bytes:
    delim = b"--" + boundary
    return b"".join(delim + b"\r\n" + p + b"\r\n" for p in parts) + delim + b"--\r\n"


@st.composite
def multipart_requests(draw: st.DrawFn) -> Generated:
    boundary = draw(st.sampled_from(("----WebKitFormBoundary7MA4YWxkTrZu0gW", "X-BOUNDARY", "a'b()+_,-./:=?")))
    cs: list[Canary] = []
    parts: list[bytes] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("field", "file", "file", "nested", "clean-png")))
        if kind == "clean-png":
            parts.append(_part(b'Content-Disposition: form-data; name="image"; filename="a.png"\r\n'
                               b"Content-Type: image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
            continue
        c = draw(canaries)
        cs.append(c)
        field = "purpose"
        if draw(st.booleans()):
            named = draw(name_canaries)
            cs.append(named)
            field = named.text
        disposition = b'Content-Disposition: form-data; name="' + field.encode() + b'"'
        if kind == "field":
            charset = draw(narrow_charsets)
            value = c.text
            if draw(st.booleans()):  # web apps send their JSON as a form field
                value = json.dumps({"messages": [{"role": "user", "content": c.text}]}, ensure_ascii=draw(st.booleans()))
            part_type = b"\r\nContent-Type: text/plain" + charset.param().encode() if draw(st.booleans()) else b""
            parts.append(_part(disposition + part_type, charset.encode(value)))
        elif kind == "nested":
            inner = _multipart(b"inner-b", [_part(b'Content-Disposition: file; filename="a.txt"\r\n'
                                                  b"Content-Type: text/plain", c.text.encode())])
            parts.append(_part(disposition + b"\r\nContent-Type: multipart/mixed; boundary=inner-b", inner))
        else:
            f = draw(files(c))
            name = "notes" + f.extension
            if draw(st.booleans()):
                named = draw(name_canaries)
                cs.append(named)
                name = named.text + f.extension
            filename = quoted_name(name, draw(st.sampled_from(("plain", "rfc5987", "gbk"))))
            parts.append(_part(disposition + b"; " + filename + b"\r\nContent-Type: "
                               + declared_type(draw, f).encode(), f.data))
    body = _multipart(boundary.encode(), parts)
    ctype = f'multipart/form-data; boundary="{boundary}"'
    body, enc = encode_body(body, draw(st.sampled_from(((), ("gzip",)))))
    return Generated("api.openai.com", "/v1/files", (("content-type", ctype),) + enc, body, tuple(cs))


@st.composite
def raw_file_requests(draw: st.DrawFn) -> Generated:
    """A file as the whole body, labelled truly, as octet-stream, wrongly or not at all."""
    c = draw(canaries)
    f = draw(files(c))
    label = draw(st.sampled_from((f.media_type, "application/octet-stream", "text/plain", "")))
    headers: tuple[tuple[str, str | bytes], ...] = (("content-type", label),) if label else ()
    body, enc = encode_body(f.data, draw(content_encodings))
    return Generated("api.openai.com", "/v1/files", headers + enc, body, (c,))


# -- the oracle: every form the upstream could read a value in -----------------------------------

_CODECS = ("utf-8", "utf-16-le", "utf-16-be", "gb18030", "big5hkscs")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_\-]{16,}={0,2}")


def _zip_members(data: bytes) -> Iterator[bytes]:
    """Every member of every zip in `data`, read from its local headers (a zip inside a multipart
    body or behind other bytes is still a zip to whoever receives it)."""
    pos = data.find(b"PK\x03\x04")
    while pos >= 0 and pos + 30 <= len(data):
        _sig, _v, _flag, method, _t, _d, _crc, csize, _usize, nlen, xlen = struct.unpack_from("<IHHHHHIIIHH", data, pos)
        raw = data[pos + 30 + nlen + xlen : pos + 30 + nlen + xlen + csize]
        try:
            yield zlib.decompressobj(-15).decompress(raw) if method == 8 else raw
        except zlib.error:
            pass
        pos = data.find(b"PK\x03\x04", pos + 4)


def _views(data: bytes, depth: int = 0) -> list[str]:
    out: list[str] = []
    for codec in _CODECS:
        for skip in (0, 1) if codec.startswith("utf-16") else (0,):
            text = data[skip:].decode(codec, "ignore")
            out += [text, text.replace("\x00", ""), urllib.parse.unquote_plus(text)]
    text = data.decode("utf-8", "ignore")
    try:
        out.append(json.dumps(json.loads(text), ensure_ascii=False))  # \uXXXX escapes undone
    except ValueError:
        pass
    if depth < 3:
        for run in _BASE64_RUN.findall(text.replace("\\n", "")):
            compact = run.replace("-", "+").replace("_", "/")
            try:
                decoded = base64.b64decode(compact + "=" * (-len(compact) % 4))
            except ValueError:
                continue
            out += _views(decoded, depth + 1)
        for member in _zip_members(data):
            out += _views(member, depth + 1)
    return out


def _leaked(canaries_: tuple[Canary, ...], data: bytes) -> list[Canary]:
    views = _views(data)
    return [c for c in canaries_ if any(c.value in v for v in views)]


# -- the harness --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def guard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivacyGuard]:
    tmp = tmp_path_factory.mktemp("property")
    cfg = tmp / "guard.yaml"
    cfg.write_text(f"services_file: {ROOT / 'config' / 'services.yaml'}\ndata_dir: {tmp / 'data'}\n", encoding="utf-8")
    addon = PrivacyGuard()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, guard_config=str(cfg), guard_data_dir=str(tmp / "data"))
        yield addon


def _raw(v: str | bytes) -> bytes:
    return v if isinstance(v, bytes) else v.encode()


def _run(guard: PrivacyGuard, g: Generated) -> http.HTTPFlow:
    f = tflow.tflow()
    f.request = tutils.treq(host=g.host, port=443, scheme=b"https", path=g.path.encode(), method=b"POST",
                            headers=[(k.encode(), _raw(v)) for k, v in g.headers], content=b"")
    f.request.raw_content = g.body

    async def hooks() -> None:
        await guard.requestheaders(f)
        await guard.request(f)

    asyncio.run(hooks())
    return f


def _records(guard: PrivacyGuard) -> list[dict[str, object]]:
    assert guard.runtime is not None
    return list(guard.runtime.audit.records())


def _forwarded(f: http.HTTPFlow) -> bytes:
    """What the upstream would receive: the body decoded by its Content-Encoding, the URL, the headers."""
    body = decode_body(f.request.raw_content or b"", f.request.headers.get("content-encoding", ""),
                       BodyLimits(max_bytes=1 << 30, max_ratio=1e9))
    head = b"\n".join(k + b": " + urllib.parse.unquote_to_bytes(v) for k, v in f.request.headers.fields)
    return body + b"\n" + urllib.parse.unquote_to_bytes(f.request.path.encode()) + b"\n" + head


def _assert_scanned_or_blocked_and_audited(guard: PrivacyGuard, g: Generated) -> None:
    before = len(_records(guard))
    f = _run(guard, g)
    decision = f.metadata.get(METADATA_KEY)
    assert isinstance(decision, Decision), "every request to an AI service gets a decision"
    records = _records(guard)
    assert len(records) == before + 1 and records[-1]["request_id"] == decision.request_id, "and an audit record"
    event(f"decision: {decision.action}")  # the statistics show how many were forwarded, not only blocked
    if f.response is not None:
        assert f.response.status_code >= 400 and decision.action == "block"
        return
    leaked = _leaked(g.canaries, _forwarded(f))
    assert not leaked, f"{len(leaked)} canary value(s) forwarded (action {decision.action}, rules {decision.rule_ids})"


@given(json_requests())
def test_json_requests_are_scanned_clean_or_blocked_and_always_audited(guard: PrivacyGuard, g: Generated) -> None:
    _assert_scanned_or_blocked_and_audited(guard, g)


@given(form_and_text_requests())
def test_form_and_text_bodies_are_scanned_clean_or_blocked_and_always_audited(guard: PrivacyGuard,
                                                                               g: Generated) -> None:
    _assert_scanned_or_blocked_and_audited(guard, g)


@given(json_file_requests())
def test_base64_files_inside_json_are_scanned_clean_or_blocked_and_always_audited(guard: PrivacyGuard,
                                                                                  g: Generated) -> None:
    _assert_scanned_or_blocked_and_audited(guard, g)


@given(named_requests())
def test_values_in_keys_paths_and_headers_are_scanned_clean_or_blocked_and_always_audited(
        guard: PrivacyGuard, g: Generated) -> None:
    _assert_scanned_or_blocked_and_audited(guard, g)


@given(multipart_requests())
def test_multipart_uploads_are_scanned_clean_or_blocked_and_always_audited(guard: PrivacyGuard,
                                                                            g: Generated) -> None:
    _assert_scanned_or_blocked_and_audited(guard, g)


@given(raw_file_requests())
def test_files_sent_as_the_whole_body_are_judged_by_their_bytes_and_always_audited(guard: PrivacyGuard,
                                                                                   g: Generated) -> None:
    _assert_scanned_or_blocked_and_audited(guard, g)


# -- WebSocket frames -----------------------------------------------------------------------------


@st.composite
def websocket_frames(draw: st.DrawFn) -> tuple[websocket.WebSocketMessage, tuple[Canary, ...]]:
    """Text frames; binary frames holding text in a charset (plain or JSON); binary frames that are
    no text (a file, or bytes around the value)."""
    cs = tuple(draw(st.lists(canaries, min_size=1, max_size=3)))
    text = "\n".join(c.text for c in cs)
    if draw(st.booleans()):
        text = json.dumps({"type": "message", "content": text}, ensure_ascii=draw(st.booleans()))
    kind = draw(st.sampled_from(("text", "binary text", "binary file", "binary junk")))
    if kind == "text":
        return websocket.WebSocketMessage(1, True, text.encode("utf-8")), cs  # 1: text frame
    if kind == "binary text":
        return websocket.WebSocketMessage(2, True, draw(charsets).encode(text)), cs  # 2: binary frame
    if kind == "binary file":
        return websocket.WebSocketMessage(2, True, draw(files(cs[0])).data), cs[:1]
    # Separated from the junk: a digit byte next to the value would make it another, longer number.
    junk = draw(st.binary(min_size=1, max_size=32)) + b" " + cs[0].value.encode() + b" " + draw(st.binary(max_size=32))
    return websocket.WebSocketMessage(2, True, junk), cs[:1]


@given(websocket_frames(), st.sampled_from(_ROUTES[:3]))
def test_websocket_frames_are_scanned_clean_or_dropped_and_always_audited(
        guard: PrivacyGuard, frame: tuple[websocket.WebSocketMessage, tuple[Canary, ...]],
        route: tuple[str, str, str]) -> None:
    message, cs = frame
    f = tflow.twebsocketflow()
    f.request.host, f.request.path = route[0], route[1]
    assert f.websocket is not None
    f.websocket.messages.append(message)
    before = len(_records(guard))
    injected: list[object] = []
    commands = ctx.master.commands
    call = commands.call
    commands.call = lambda *args: injected.append(args)  # type: ignore[method-assign] # no proxyserver here
    try:
        asyncio.run(guard.websocket_message(f))
    finally:
        commands.call = call  # type: ignore[method-assign]
    assert len(_records(guard)) == before + 1, "every client frame is audited"
    event(f"frame: {'dropped' if f.websocket.messages[-1].dropped else 'forwarded'}")
    if f.websocket.messages[-1].dropped:
        return
    leaked = _leaked(cs, f.websocket.messages[-1].content)
    assert not leaked, f"{len(leaked)} canary value(s) forwarded in a {'text' if message.is_text else 'binary'} frame"
