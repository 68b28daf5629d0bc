"""Property: every request to an AI service is either scanned with every canary
removed before it leaves, or blocked, and audited either way.

Hypothesis generates the request around the canaries (resident ID numbers and
mobile numbers): API format and host, nesting of the message content, query
strings, content types, Content-Encoding layers, multipart layouts with text
and document files, and WebSocket text frames. Not yet generated (owned by the
issue11-content branch, to add here when it lands): charsets other than UTF-8,
base64 inside JSON, values in keys, names and headers, binary WebSocket frames. The guard runs through
its mitmproxy hooks without sockets (taddons + tflow); "before it leaves" is the
flow's request after the hooks, decoded the way the upstream would decode it.

Examples per property: 25 by default (`make test` stays fast);
`PG_HYPOTHESIS_PROFILE=thorough` runs 500.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import io
import json
import os
import urllib.parse
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import docx
import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mitmproxy import ctx, websocket
from mitmproxy.test import taddons, tflow, tutils

from proxy.mitm.guard_addon import METADATA_KEY, PrivacyGuard
from proxy.mitm.limits import BodyLimits, decode_body
from proxy.pipeline.decision import Decision

ROOT = Path(__file__).resolve().parents[3]

settings.register_profile("default", max_examples=25, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile(os.environ.get("PG_HYPOTHESIS_PROFILE", "default"))


# -- canaries ---------------------------------------------------------------------------------

_REGIONS = ("110101", "310104", "440305", "510107", "330106", "420102")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"  # GB 11643-1999


def _resident_id(region: str, born: dt.date, seq: int) -> str:
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS)) % 11]


resident_ids = st.builds(_resident_id, st.sampled_from(_REGIONS),
                         st.dates(dt.date(1975, 1, 1), dt.date(2016, 12, 31)), st.integers(1, 999))
phones = st.builds(lambda p, n: f"{p}{n:08d}", st.sampled_from(("139", "138", "186", "150", "159", "177", "188")),
                   st.integers(0, 99_999_999))


@dataclass(frozen=True)
class Canary:
    value: str
    text: str  # the value in a sentence, never next to other digits


_FILLERS = ("请帮我写一段评语。", "Please summarise this.", "谢谢", "", "家长会通知：", "——")
# The value is followed by a separator: recall next to Latin letters ("13912345678Please")
# is a detector question (reported separately), not this transport property's.
canaries = st.builds(
    lambda label, value, before, after: Canary(value, f"{before}{label}{value}，{after}"),
    st.sampled_from(("电话", "手机：", "联系电话 ", "身份证号", "ID ", "")), st.one_of(resident_ids, phones),
    st.sampled_from(_FILLERS), st.sampled_from(_FILLERS),
).filter(lambda c: len(c.value) == 18 or c.text.count(c.value) == 1)


# -- requests ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    host: str
    path: str
    headers: tuple[tuple[str, str], ...]
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

_ENCODINGS = {
    "identity": lambda b: b,
    "gzip": lambda b: gzip.compress(b),
    "deflate": lambda b: zlib.compress(b),
    "br": lambda b: brotli.compress(b),
    "zstd": lambda b: zstandard.ZstdCompressor().compress(b),
    "gzip, br": lambda b: brotli.compress(gzip.compress(b)),
}


def _encode(body: bytes, encoding: str) -> tuple[bytes, tuple[tuple[str, str], ...]]:
    if encoding == "identity":
        return body, ()
    return _ENCODINGS[encoding](body), (("content-encoding", encoding),)


@st.composite
def json_requests(draw: st.DrawFn) -> Generated:
    host, path, fmt = draw(st.sampled_from(_ROUTES))
    cs = draw(st.lists(canaries, min_size=1, max_size=3))
    nesting = draw(st.sampled_from(("string", "parts")))
    body = json.dumps(_json_body(fmt, [c.text for c in cs], nesting),
                      ensure_ascii=draw(st.booleans())).encode("utf-8")
    ctype = draw(st.sampled_from(("application/json", "application/json; charset=utf-8", "text/plain", "")))
    query: list[Canary] = []
    if draw(st.booleans()):
        query = [draw(canaries)]
        path = path + "?" + urllib.parse.urlencode({"q": query[0].text})
    body, enc = _encode(body, draw(st.sampled_from(tuple(_ENCODINGS))))
    headers = ((("content-type", ctype),) if ctype else ()) + enc
    return Generated(host, path, headers, body, tuple(cs) + tuple(query))


@st.composite
def form_and_text_requests(draw: st.DrawFn) -> Generated:
    cs = draw(st.lists(canaries, min_size=1, max_size=3))
    if draw(st.booleans()):
        body = urllib.parse.urlencode([("prompt", c.text) for c in cs]).encode()
        ctype = "application/x-www-form-urlencoded"
    else:
        body = "\n".join(c.text for c in cs).encode("utf-8")
        ctype = draw(st.sampled_from(("text/plain", "text/plain; charset=utf-8", "text/markdown")))
    body, enc = _encode(body, draw(st.sampled_from(tuple(_ENCODINGS))))
    return Generated("api.openai.com", "/v1/other/thing", (("content-type", ctype),) + enc, body, tuple(cs))


def _docx(text: str) -> bytes:
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@st.composite
def multipart_requests(draw: st.DrawFn) -> Generated:
    boundary = draw(st.sampled_from(("----WebKitFormBoundary7MA4YWxkTrZu0gW", "X-BOUNDARY", "a'b()+_,-./:=?")))
    cs: list[Canary] = []
    parts: list[bytes] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(("field", "txt", "csv", "md", "docx", "clean-png")))
        if kind == "clean-png":
            parts.append(b'Content-Disposition: form-data; name="image"; filename="a.png"\r\n'
                         b"Content-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
            continue
        c = draw(canaries)
        cs.append(c)
        if kind == "field":
            parts.append(b'Content-Disposition: form-data; name="purpose"\r\n\r\n' + c.text.encode())
        elif kind == "docx":
            parts.append('Content-Disposition: form-data; name="file"; filename="名单.docx"\r\n'.encode()
                         + b"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                         + b"\r\n\r\n" + _docx(c.text))
        else:
            ctype = {"txt": "text/plain", "csv": "text/csv", "md": "text/markdown"}[kind]
            parts.append(f'Content-Disposition: form-data; name="file"; filename="notes.{kind}"\r\n'
                         f"Content-Type: {ctype}\r\n\r\n".encode() + c.text.encode())
    delim = b"--" + boundary.encode()
    body = b"".join(delim + b"\r\n" + p + b"\r\n" for p in parts) + delim + b"--\r\n"
    ctype = f'multipart/form-data; boundary="{boundary}"'
    body, enc = _encode(body, draw(st.sampled_from(("identity", "gzip"))))
    return Generated("api.openai.com", "/v1/files", (("content-type", ctype),) + enc, body, tuple(cs))


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


def _run(guard: PrivacyGuard, g: Generated) -> tflow.HTTPFlow:
    f = tflow.tflow()
    f.request = tutils.treq(host=g.host, port=443, scheme=b"https", path=g.path.encode(), method=b"POST",
                            headers=[(k.encode(), v.encode()) for k, v in g.headers], content=b"")
    f.request.raw_content = g.body

    async def hooks() -> None:
        await guard.requestheaders(f)
        await guard.request(f)

    asyncio.run(hooks())
    return f


def _records(guard: PrivacyGuard) -> list[dict[str, object]]:
    assert guard.runtime is not None
    return list(guard.runtime.audit.records())


def _forwarded_text(f: tflow.HTTPFlow) -> str:
    """What the upstream would read: the body decoded by its Content-Encoding, the URL unquoted."""
    body = decode_body(f.request.raw_content or b"", f.request.headers.get("content-encoding", ""),
                       BodyLimits(max_bytes=1 << 30, max_ratio=1e9))
    text = body.decode("utf-8", "replace")
    try:
        text += json.dumps(json.loads(text), ensure_ascii=False)  # \uXXXX escapes undone
    except ValueError:
        pass
    if b"PK" in body:  # a forwarded .docx: its text too
        try:
            text += "\n".join(p.text for p in docx.Document(io.BytesIO(body[body.index(b"PK"):])).paragraphs)
        except Exception:  # noqa: BLE001 - not a document after all
            pass
    return text + urllib.parse.unquote_plus(f.request.path)


def _assert_scanned_or_blocked_and_audited(guard: PrivacyGuard, g: Generated) -> None:
    before = len(_records(guard))
    f = _run(guard, g)
    decision = f.metadata.get(METADATA_KEY)
    assert isinstance(decision, Decision), "every request to an AI service gets a decision"
    records = _records(guard)
    assert len(records) == before + 1 and records[-1]["request_id"] == decision.request_id, "and an audit record"
    if f.response is not None:
        assert f.response.status_code >= 400 and decision.action == "block"
        return
    leaked = [c for c in g.canaries if c.value in _forwarded_text(f)]
    assert not leaked, f"{len(leaked)} canary value(s) forwarded (action {decision.action}, rules {decision.rule_ids})"


@given(json_requests())
def test_json_requests_are_scanned_clean_or_blocked_and_always_audited(guard: PrivacyGuard, g: Generated) -> None:
    _assert_scanned_or_blocked_and_audited(guard, g)


@given(form_and_text_requests())
def test_form_and_text_bodies_are_scanned_clean_or_blocked_and_always_audited(guard: PrivacyGuard,
                                                                               g: Generated) -> None:
    _assert_scanned_or_blocked_and_audited(guard, g)


@given(multipart_requests())
def test_multipart_uploads_are_scanned_clean_or_blocked_and_always_audited(guard: PrivacyGuard,
                                                                            g: Generated) -> None:
    _assert_scanned_or_blocked_and_audited(guard, g)


@given(st.lists(canaries, min_size=1, max_size=3), st.sampled_from(("plain", "json")),
       st.sampled_from(_ROUTES[:3]))
def test_websocket_text_frames_are_scanned_clean_or_dropped_and_always_audited(
        guard: PrivacyGuard, cs: list[Canary], shape: str, route: tuple[str, str, str]) -> None:
    text = "\n".join(c.text for c in cs)
    payload = text if shape == "plain" else json.dumps({"type": "message", "content": text}, ensure_ascii=False)
    f = tflow.twebsocketflow()
    f.request.host, f.request.path = route[0], route[1]
    assert f.websocket is not None
    f.websocket.messages.append(_ws_message(payload))
    before = len(_records(guard))
    injected: list[object] = []
    commands = ctx.master.commands
    call = commands.call
    commands.call = lambda *args: injected.append(args)  # type: ignore[method-assign] # no proxyserver here
    try:
        asyncio.run(guard.websocket_message(f))
    finally:
        commands.call = call  # type: ignore[method-assign]
    message = f.websocket.messages[-1]
    assert len(_records(guard)) == before + 1, "every client frame is audited"
    if message.dropped:
        return
    assert not [c for c in cs if c.value in message.text]


def _ws_message(text: str) -> websocket.WebSocketMessage:
    return websocket.WebSocketMessage(1, True, text.encode("utf-8"))  # 1: text frame
