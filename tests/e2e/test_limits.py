"""Issue 11, availability and admin surfaces, one regression test per finding:
reverse mode outside the catalog, header floods, decompression bombs, costly
uploads and bodies (extraction and scan budgets), slow clients, proxy
authentication for every destination, Proxy-Authorization never forwarded."""

from __future__ import annotations

import asyncio
import base64
import gzip
import io
import json
import socket
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import pytest
import zstandard
from mitmproxy.test import taddons, tflow, tutils

from proxy.mitm.guard_addon import METADATA_KEY, PrivacyGuard
from proxy.mitm.limits import BodyLimits, BodyRefused, HeaderLimits, check_headers, decode_body, header_map
from proxy.mitm.server import BackgroundProxy, ProxyServer, RunOptions, StartupError
from proxy.pipeline.uploads.sandbox import BudgetExceeded, ExtractionLimits, Sandbox, ScanBudget
from proxy.policy.principals import hash_password

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


def _config(tmp: Path, extra: str = "") -> Path:
    cfg = tmp / "guard.yaml"
    cfg.write_text(f"services_file: {ROOT / 'config' / 'services.yaml'}\ndata_dir: {tmp / 'data'}\n" + extra,
                   encoding="utf-8")
    return cfg


@pytest.fixture()
def guard(tmp_path: Path) -> Iterator[PrivacyGuard]:
    addon = PrivacyGuard()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, guard_config=str(_config(tmp_path)), guard_data_dir=str(tmp_path / "data"))
        yield addon


@pytest.fixture()
def auth_guard(tmp_path: Path) -> Iterator[PrivacyGuard]:
    (tmp_path / "users.yaml").write_text(
        f"users:\n  t.wang:\n    role: teacher\n    stage: primary\n    password_hash: \"{hash_password(PASSWORD)}\"\n",
        encoding="utf-8")
    cfg = _config(tmp_path, "identity:\n  order: [proxy_auth]\n  users_file: users.yaml\n  require_proxy_auth: true\n")
    addon = PrivacyGuard()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, guard_config=str(cfg), guard_data_dir=str(tmp_path / "data"))
        yield addon


def _flow(host: str, path: str, body: bytes, headers: list[tuple[bytes, bytes]] | None = None, *,
          method: bytes = b"POST", scheme: bytes = b"https", port: int = 443) -> tflow.HTTPFlow:
    f = tflow.tflow()
    f.request = tutils.treq(host=host, port=port, scheme=scheme, path=path.encode(), method=method,
                            headers=[(b"content-type", b"application/json"), *(headers or [])], content=body)
    return f


def _chat(text: str) -> bytes:
    return json.dumps({"model": "m", "messages": [{"role": "user", "content": text}]}, ensure_ascii=False).encode()


def _basic(user: str, password: str) -> bytes:
    return b"Basic " + base64.b64encode(f"{user}:{password}".encode())


def _last_rules(addon: PrivacyGuard) -> list[str]:
    assert addon.runtime is not None
    return list(list(addon.runtime.audit.records())[-1]["rule_ids"])


# -- 7. reverse mode to a host outside the catalog -----------------------------------------


def test_reverse_mode_to_a_host_outside_the_service_catalog_refuses_to_start(tmp_path: Path) -> None:
    opts = RunOptions(config=_config(tmp_path), listen_port=0, help_port=0, mode="reverse:https://upstream.example.org")
    with pytest.raises(StartupError, match=r"'upstream.example.org', which is not in the service catalog"):
        ProxyServer(opts)


def test_reverse_mode_to_a_catalogued_ai_service_is_accepted(tmp_path: Path) -> None:
    server = ProxyServer(RunOptions(config=_config(tmp_path), listen_port=0, help_port=0,
                                    mode="reverse:https://api.openai.com"))
    server.runtime.audit.close()
    assert server._mode == "reverse:https://api.openai.com"


# -- header floods -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ([(b"x-a", b"1")] * 10_000, "10000 header fields exceed"),
        ([(b"x-a", b"1")] * 20_000, "20000 header fields exceed"),
        ([(b"cookie", b"a" * 70_000)], "header block of 70010 bytes exceeds"),
    ],
    ids=["10,000 tiny headers", "20,000 tiny headers", "one 70 KB header"],
)
def test_header_blocks_over_the_limits_are_refused_by_count_and_size(fields: list[tuple[bytes, bytes]],
                                                                     problem: str) -> None:
    assert problem in (check_headers(fields, HeaderLimits()) or "")


def test_header_map_joins_repeated_names_in_one_pass() -> None:
    assert header_map([(b"X-A", b"1"), (b"x-a", b"2"), (b"Host", b"h")]) == {"x-a": "1, 2", "host": "h"}


@pytest.mark.parametrize("host", ["api.openai.com", "bank.example.cn"], ids=["AI service", "other host"])
def test_ten_thousand_tiny_headers_are_answered_431_and_audited_before_any_per_header_work(
        guard: PrivacyGuard, host: str) -> None:
    f = _flow(host, "/v1/chat/completions", _chat("你好"), [(b"x-h%d" % i, b"1") for i in range(10_000)])
    asyncio.run(guard.requestheaders(f))
    assert f.response is not None and f.response.status_code == 431
    assert _last_rules(guard) == ["limits.headers"]
    asyncio.run(guard.request(f))  # the request hook leaves an answered flow alone
    assert f.response.status_code == 431


# -- decompression bombs --------------------------------------------------------------------

_BOMB = b"\0" * (8 * 1024 * 1024)  # 8 MiB of zeros: a few KB compressed, far past the ratio cap


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("br", lambda b: brotli.compress(b, quality=11)),
        ("gzip", lambda b: gzip.compress(b, 9)),
        ("deflate", lambda b: zlib.compress(b, 9)),
        ("zstd", lambda b: zstandard.ZstdCompressor(level=19).compress(b)),
        ("gzip, br", lambda b: brotli.compress(gzip.compress(b, 9), quality=11)),
    ],
    ids=["brotli", "gzip", "deflate", "zstd", "gzip then brotli"],
)
def test_decompression_bombs_stop_at_the_ratio_cap_long_before_they_are_decoded(encoding: str, compress) -> None:  # type: ignore[no-untyped-def]
    raw = compress(_BOMB)
    with pytest.raises(BodyRefused, match=r"passes the (ratio|size) limit") as refused:
        decode_body(raw, encoding, BodyLimits())
    assert refused.value.rule.startswith("decompression.")


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("identity", lambda b: b),
        ("br", brotli.compress),
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),
        ("zstd", lambda b: zstandard.ZstdCompressor().compress(b)),
        ("gzip, zstd", lambda b: zstandard.ZstdCompressor().compress(gzip.compress(b))),
    ],
    ids=["identity", "brotli", "gzip", "zlib deflate", "raw deflate", "zstd", "two layers"],
)
def test_ordinary_compressed_bodies_decode_exactly(encoding: str, compress) -> None:  # type: ignore[no-untyped-def]
    body = _chat("学生王小明的电话是13912345678。" * 50)
    assert decode_body(compress(body), encoding, BodyLimits()) == body


@pytest.mark.parametrize(
    ("encoding", "raw", "rule"),
    [
        ("x-custom", b"xx", "unknown-content-encoding"),
        ("gzip", b"not gzip at all", "unknown-content-encoding"),
        ("gzip, gzip, gzip", gzip.compress(gzip.compress(gzip.compress(b"{}"))), "decompression.too-many-layers"),
    ],
    ids=["unknown", "corrupt", "three layers"],
)
def test_undecodable_bodies_are_refused_with_a_named_rule(encoding: str, raw: bytes, rule: str) -> None:
    with pytest.raises(BodyRefused, match=r".") as refused:
        decode_body(raw, encoding, BodyLimits())
    assert refused.value.rule == rule


def test_a_brotli_bomb_to_an_ai_service_is_blocked_and_audited(guard: PrivacyGuard) -> None:
    f = _flow("api.openai.com", "/v1/chat/completions", b"", [(b"content-encoding", b"br")])
    f.request.raw_content = brotli.compress(b'{"messages":[{"role":"user","content":"' + _BOMB + b'"}]}', quality=11)
    asyncio.run(guard.request(f))
    assert f.response is not None and f.response.status_code == 403
    assert f.metadata[METADATA_KEY].rule_ids[0].startswith("decompression.")
    assert _last_rules(guard)[0].startswith("decompression.")


# -- extraction and scan budgets -------------------------------------------------------------


def _costly_docx(paragraphs: int = 300_000) -> bytes:
    """A 30 KB .docx whose 10 MB of XML takes python-docx ~10 s of CPU."""
    buf = io.BytesIO()
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
             f'"/word/document.xml" ContentType="{main}"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           'wordprocessingml/2006/main"><w:body>' + "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * paragraphs
           + "</w:body></w:document>")
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("limits", "rule"),
    [
        (ExtractionLimits(workers=1, cpu_seconds=1, wall_seconds=60), "budget.extraction-resources"),
        (ExtractionLimits(workers=1, cpu_seconds=60, wall_seconds=3), "budget.extraction-time"),
    ],
    ids=["CPU-time limit", "wall-clock limit"],
)
def test_a_costly_document_is_stopped_by_the_extraction_budget(limits: ExtractionLimits, rule: str) -> None:
    box = Sandbox(limits)
    try:
        with pytest.raises(BudgetExceeded, match=r"extraction") as exceeded:
            box.extract("report.docx", None, _costly_docx())
        assert exceeded.value.rule == rule
        # The pool is replaced: the next file is extracted normally.
        assert box.extract("notes.txt", "text/plain", "电话13912345678".encode()).text == "电话13912345678"
    finally:
        box.close()


@pytest.mark.parametrize(
    ("texts", "budget", "rule"),
    [
        (("a",) * 30, ScanBudget(max_slots=20), "budget.scan-slots"),
        (("a" * 600,) * 2, ScanBudget(max_chars=1000), "budget.scan-chars"),
    ],
    ids=["too many slots", "too many characters"],
)
def test_the_scan_budget_refuses_requests_over_it(texts: tuple[str, ...], budget: ScanBudget, rule: str) -> None:
    with pytest.raises(BudgetExceeded, match=r"exceed the budget") as exceeded:
        budget.check_size(texts)
    assert exceeded.value.rule == rule


@pytest.mark.parametrize(
    ("body", "ctype", "rule"),
    [
        (json.dumps({"messages": [{"role": "user", "content": "x"}] * 25_000}).encode(), b"application/json",
         "budget.scan-slots"),
        (json.dumps({"messages": [{"role": "user", "content": ["a"] * 1_000_000}]}).encode(), b"application/json",
         "budget.scan-slots"),
        ("电话13912345678 ".encode() * 200_000, b"text/plain", "budget.scan-chars"),
    ],
    ids=["JSON with 25,000 strings", "JSON with a million strings", "3 MB of text"],
)
def test_bodies_over_the_scan_budget_are_blocked_not_forwarded(guard: PrivacyGuard, body: bytes, ctype: bytes,
                                                               rule: str) -> None:
    f = _flow("api.openai.com", "/v1/chat/completions", body)
    f.request.headers["content-type"] = ctype.decode()
    asyncio.run(guard.request(f))
    assert f.response is not None and f.response.status_code == 403
    assert rule in f.metadata[METADATA_KEY].rule_ids
    assert rule in _last_rules(guard)


# -- admin surfaces: proxy authentication everywhere -----------------------------------------


@pytest.mark.parametrize(
    ("host", "port"),
    [("127.0.0.1", 8082), ("www.icbc.com.cn", 443), ("api.openai.com", 443)],
    ids=["the loopback review port", "a bank", "an AI service"],
)
def test_a_connect_without_credentials_is_challenged_for_every_destination(auth_guard: PrivacyGuard, host: str,
                                                                            port: int) -> None:
    f = _flow(host, "", b"", method=b"CONNECT", port=port)
    asyncio.run(auth_guard.http_connect(f))
    assert f.response is not None and f.response.status_code == 407


def test_a_connect_with_valid_credentials_opens_the_tunnel(auth_guard: PrivacyGuard) -> None:
    f = _flow("www.icbc.com.cn", "", b"", [(b"proxy-authorization", _basic("t.wang", PASSWORD))], method=b"CONNECT")
    asyncio.run(auth_guard.http_connect(f))
    assert f.response is None


def test_plain_http_to_another_host_without_credentials_is_challenged(auth_guard: PrivacyGuard) -> None:
    f = _flow("bank.example.cn", "/", b"", method=b"GET", scheme=b"http", port=80)
    asyncio.run(auth_guard.requestheaders(f))
    assert f.response is not None and f.response.status_code == 407


@pytest.mark.parametrize("host", ["bank.example.cn", "api.openai.com"], ids=["other host", "AI service"])
def test_proxy_authorization_is_never_forwarded(auth_guard: PrivacyGuard, host: str) -> None:
    f = _flow(host, "/v1/chat/completions", _chat("你好"), [(b"proxy-authorization", _basic("t.wang", PASSWORD))],
              scheme=b"http", port=80)
    asyncio.run(auth_guard.requestheaders(f))
    asyncio.run(auth_guard.request(f))
    assert f.response is None
    assert "proxy-authorization" not in f.request.headers
    assert not any(v for k, v in f.request.headers.fields if k.lower() == b"proxy-authorization")


def test_wrong_credentials_on_plain_http_to_another_host_are_challenged(auth_guard: PrivacyGuard) -> None:
    f = _flow("bank.example.cn", "/", b"", [(b"proxy-authorization", _basic("t.wang", "wrong"))], method=b"GET",
              scheme=b"http", port=80)
    asyncio.run(auth_guard.requestheaders(f))
    assert f.response is not None and f.response.status_code == 407
    assert "proxy-authorization" not in f.request.headers


# -- slow clients --------------------------------------------------------------------------------


def test_a_slowloris_client_is_disconnected_and_the_proxy_keeps_serving(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "hardening:\n  request_header_timeout_seconds: 1\n  idle_timeout_seconds: 30\n")
    with BackgroundProxy(RunOptions(config=cfg, listen_port=0, help_port=0)) as server:
        assert server.master.options.tcp_timeout == 30
        slow = socket.create_connection(("127.0.0.1", server.port), timeout=15)
        slow.sendall(b"GET http://example.invalid/ HTTP/1.1\r\n")
        closed_after = None
        for i in range(40):  # one header byte every 0.25 s: never idle, never finished
            try:
                slow.sendall(b"X")
            except OSError:
                closed_after = i
                break
            time.sleep(0.25)
            slow.settimeout(0.01)
            try:
                if slow.recv(1024) == b"":
                    closed_after = i
                    break
            except TimeoutError:
                pass
        slow.close()
        assert closed_after is not None, "the slow client was never disconnected"
        assert server.deadlines.closed >= 1
