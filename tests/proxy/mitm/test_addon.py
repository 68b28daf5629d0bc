"""Addon hooks without sockets (mitmproxy.test.taddons + tflow), and config errors."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons, tflow, tutils

from proxy.mitm.guard_addon import METADATA_KEY, PrivacyGuard
from proxy.pipeline.decision import Decision

CONFIG = Path(__file__).resolve().parents[3] / "config" / "default.yaml"


@pytest.fixture()
def addon_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    addon = PrivacyGuard()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, guard_config=str(CONFIG), guard_data_dir=str(tmp_path))
        yield addon, tctx


def _flow(host: str, path: str, body: bytes, headers: dict[str, str] | None = None) -> tflow.HTTPFlow:
    f = tflow.tflow()
    f.request = tutils.treq(host=host, port=443, scheme=b"https", path=path.encode(), method=b"POST",
                            headers=[(b"content-type", b"application/json")], content=body)
    for k, v in (headers or {}).items():
        f.request.headers[k] = v
    return f


def test_request_to_an_ai_service_is_pseudonymised(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx
    f = _flow("api.openai.com", "/v1/chat/completions",
              json.dumps({"messages": [{"role": "user", "content": "手机13912345678"}]}).encode())
    asyncio.run(addon.request(f))
    assert "〔手机号甲〕" in f.request.get_text(strict=False)
    decision = f.metadata[METADATA_KEY]
    assert isinstance(decision, Decision) and decision.action == "pseudonymize"


def test_request_to_another_host_is_untouched(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx
    body = json.dumps({"q": "手机13912345678"}).encode()
    f = _flow("bank.example.cn", "/transfer", body)
    asyncio.run(addon.request(f))
    assert f.request.content == body and METADATA_KEY not in f.metadata


def test_unknown_content_encoding_is_blocked(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx
    f = _flow("api.openai.com", "/v1/chat/completions", b"xx", {"content-encoding": "x-custom"})
    asyncio.run(addon.request(f))
    assert f.response is not None and f.response.status_code == 403
    assert f.metadata[METADATA_KEY].rule_ids == ("unknown-content-encoding",)


def test_tls_is_intercepted_only_for_ai_hosts(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    from mitmproxy import tls
    from mitmproxy.test import tflow as tf

    addon, _ = addon_ctx
    for sni, ignored in (("api.openai.com", False), ("chat.deepseek.com", False), ("www.icbc.com.cn", True)):
        ctx = tf.tclient_conn()
        data = tls.ClientHelloData(context=_tls_context(ctx), client_hello=_hello(sni))
        addon.tls_clienthello(data)
        assert data.ignore_connection is ignored, sni


def _tls_context(client):  # type: ignore[no-untyped-def]
    from mitmproxy import options
    from mitmproxy.proxy.context import Context
    from mitmproxy.test import tflow as tf
    ctx = Context(client, options.Options())
    ctx.server = tf.tserver_conn()
    ctx.server.address = None
    return ctx


def _hello(sni: str):  # type: ignore[no-untyped-def]
    class Hello:
        def __init__(self, sni: str) -> None:
            self.sni = sni

    return Hello(sni)


def test_a_bad_configuration_is_rejected_with_its_location(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("listen_port: 8080\npolicy:\n  actions:\n    PHONE: block\n", encoding="utf-8")
    addon = PrivacyGuard()
    with taddons.context(addon) as tctx:
        with pytest.raises(exceptions.OptionsError, match=r"line 4, policy\.actions.*PHONE"):
            tctx.configure(addon, guard_config=str(bad))


def test_request_fails_closed_when_the_audit_store_cannot_be_written(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    addon.runtime.audit.append = broken
    f = _flow("api.openai.com", "/v1/chat/completions",
              json.dumps({"messages": [{"role": "user", "content": "你好"}]}).encode())
    asyncio.run(addon.request(f))
    assert f.response is not None and f.response.status_code == 503
    assert f.response.headers["x-privacy-guard"] == "audit-unavailable"


@pytest.mark.parametrize(
    "host_header",
    ["example.com", "bank.example.cn:443"],
    ids=["other host", "other host with port"],
)
def test_a_host_header_that_disagrees_with_the_destination_is_blocked_and_audited(addon_ctx, host_header: str) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx
    f = _flow("api.openai.com", "/v1/chat/completions",
              json.dumps({"messages": [{"role": "user", "content": "手机13912345678"}]}).encode(),
              {"host": host_header})
    asyncio.run(addon.request(f))
    assert f.response is not None and f.response.status_code == 403
    assert f.metadata[METADATA_KEY].rule_ids == ("host-mismatch",)
    assert list(addon.runtime.audit.records())[-1]["rule_ids"] == ["host-mismatch"]


def test_an_ai_host_with_a_trailing_dot_is_still_inspected(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx
    f = _flow("api.openai.com.", "/v1/chat/completions",
              json.dumps({"messages": [{"role": "user", "content": "手机13912345678"}]}).encode())
    asyncio.run(addon.request(f))
    assert "13912345678" not in f.request.get_text(strict=False)


def test_json_nested_ten_thousand_deep_is_blocked_not_forwarded(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx
    body = b'{"messages":[{"role":"user","content":"13912345678"}],"x":' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    f = _flow("api.openai.com", "/v1/chat/completions", body)
    asyncio.run(addon.request(f))
    assert f.response is not None and f.response.status_code == 403
    assert f.metadata[METADATA_KEY].action == "block"


def test_any_error_inside_the_request_hook_blocks_with_an_audit_record(addon_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(addon.runtime.guard, "inspect", boom)
    f = _flow("api.openai.com", "/v1/chat/completions",
              json.dumps({"messages": [{"role": "user", "content": "你好"}]}).encode())
    asyncio.run(addon.request(f))
    assert f.response is not None and f.response.status_code == 403
    assert f.metadata[METADATA_KEY].rule_ids == ("fail-closed.internal-error",)
    assert list(addon.runtime.audit.records())[-1]["rule_ids"] == ["fail-closed.internal-error"]


def _transparent_flow(sni: str, host_header: str) -> tflow.HTTPFlow:
    from mitmproxy.proxy.mode_specs import ProxyMode

    f = _flow("203.0.113.7", "/v1/chat/completions",
              json.dumps({"messages": [{"role": "user", "content": "手机13912345678"}]}).encode(), {"host": host_header})
    f.client_conn.proxy_mode = ProxyMode.parse("transparent")
    f.client_conn.sni = sni
    f.server_conn.sni = sni  # mitmproxy connects upstream with the name the client asked for
    return f


def test_transparent_mode_routes_by_the_tls_server_name(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx
    f = _transparent_flow("api.openai.com", "api.openai.com")
    asyncio.run(addon.request(f))
    assert f.response is None and "〔手机号甲〕" in f.request.get_text(strict=False)


def test_transparent_mode_blocks_a_host_header_that_disagrees_with_the_server_name(addon_ctx) -> None:  # type: ignore[no-untyped-def]
    addon, _ = addon_ctx
    f = _transparent_flow("api.openai.com", "example.com")
    asyncio.run(addon.request(f))
    assert f.response is not None and f.metadata[METADATA_KEY].rule_ids == ("host-mismatch",)


@pytest.mark.parametrize("answer,restored", [
    pytest.param('{"choices": [{"message": {"content": "好的\\u3002 ok"}}]}', None, id="no placeholder: byte for byte"),
    pytest.param('{"choices": [{"message": {"content": "请联系〔手机号甲〕"}}]}', "请联系13912345678", id="raw placeholder"),
    pytest.param('{"choices": [{"message": {"content": "请联系\\u3014手机号甲\\u3015"}}]}', "请联系13912345678",
                 id="placeholder as JSON escapes"),
])
def test_a_buffered_answer_is_restored_only_where_it_holds_a_placeholder(
        addon_ctx, answer: str, restored: str | None) -> None:  # type: ignore[no-untyped-def]
    from mitmproxy import http

    addon, _ = addon_ctx
    f = _flow("api.openai.com", "/v1/chat/completions",
              json.dumps({"messages": [{"role": "user", "content": "手机13912345678"}]}).encode())
    asyncio.run(addon.request(f))
    f.response = http.Response.make(200, answer.encode(), {"content-type": "application/json"})
    addon.responseheaders(f)
    addon.response(f)
    assert f.response is not None
    if restored is None:
        assert f.response.content == answer.encode()
    else:
        assert json.loads(f.response.content)["choices"][0]["message"]["content"] == restored


@pytest.mark.parametrize(
    "content", ["你好", "手机13912345678"], ids=["forwarded as it is", "forwarded rewritten"],
)
def test_request_trailers_never_reach_an_ai_service(addon_ctx, content: str) -> None:  # type: ignore[no-untyped-def]
    from mitmproxy.http import Headers

    addon, _ = addon_ctx
    f = _flow("api.openai.com", "/v1/chat/completions",
              json.dumps({"messages": [{"role": "user", "content": content}]}).encode())
    f.request.trailers = Headers([(b"x-note", "电话13900000000".encode())])  # HTTP/2 sends these after the hook
    asyncio.run(addon.request(f))
    assert f.response is None and not f.request.trailers
