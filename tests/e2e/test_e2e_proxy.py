"""End to end: real clients (official SDKs, curl) through the real proxy to a local
fake upstream over HTTPS. No real AI service is ever contacted."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import anthropic
import httpx
import openai
import pytest
from mitmproxy.net import encoding

from bench.fakeupstream import FakeUpstream, make_ca_and_cert
from proxy.mitm.server import BackgroundProxy, ProxyServer, RunOptions

PROMPT = "学生王小明的电话是13912345678，请帮他写评语。"


@dataclass
class Env:
    upstream: FakeUpstream
    upstream_port: int
    proxy: ProxyServer
    proxy_port: int
    help_port: int
    ca: Path  # the proxy's CA, which clients must trust
    data_dir: Path

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def audit(self) -> list[dict[str, object]]:
        return list(self.proxy.runtime.audit.records())


def _config(tmp: Path, extra: str = "") -> Path:
    root = Path(__file__).resolve().parents[2] / "config"
    cfg = tmp / "guard.yaml"
    cfg.write_text(
        f"services_file: {root / 'services.yaml'}\n"
        f"data_dir: {tmp / 'data'}\n"
        "services:\n"
        "  - {id: fake-ai, name: Fake AI, hosts: [localhost], endpoints: [{path: '*/chat/completions', format: openai_chat}, {path: '*/messages', format: anthropic_messages}]}\n"
        + extra,
        encoding="utf-8",
    )
    return cfg


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    tmp = tmp_path_factory.mktemp("e2e")
    ca, cert, key = make_ca_and_cert(tmp)
    upstream = FakeUpstream(cert=cert, key=key)
    up_port = upstream.start()
    opts = RunOptions(config=_config(tmp), listen_port=0, help_port=0, upstream_trust=ca)
    with BackgroundProxy(opts) as server:
        assert server.help_server is not None
        yield Env(upstream, up_port, server, server.port, server.help_server.port,
                  server.runtime.data_dir / "mitmproxy-ca-cert.pem", server.runtime.data_dir)
    upstream.stop()


def _openai_client(env: Env) -> openai.OpenAI:
    http_client = httpx.Client(proxy=env.proxy_url, verify=str(env.ca), timeout=20)
    return openai.OpenAI(base_url=f"https://localhost:{env.upstream_port}/v1", api_key="test-key", http_client=http_client, max_retries=0)


def _anthropic_client(env: Env) -> anthropic.Anthropic:
    http_client = anthropic.DefaultHttpxClient(proxy=env.proxy_url, verify=str(env.ca), timeout=20)
    return anthropic.Anthropic(base_url=f"https://localhost:{env.upstream_port}", api_key="test-key", http_client=http_client, max_retries=0)


def test_openai_sdk_buffered_upstream_sees_placeholders_and_client_gets_originals(env: Env) -> None:
    reply = _openai_client(env).chat.completions.create(model="m", messages=[{"role": "user", "content": PROMPT}])
    sent = env.upstream.last_json()["messages"][0]["content"]
    assert "王小明" not in sent and "13912345678" not in sent
    assert "〔学生甲〕" in sent and "〔手机号甲〕" in sent
    assert reply.choices[0].message.content == "收到：" + PROMPT


def test_openai_sdk_streaming_is_restored_across_split_chunks(env: Env) -> None:
    stream = _openai_client(env).chat.completions.create(
        model="m", messages=[{"role": "user", "content": PROMPT}], stream=True
    )
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert text == "收到：" + PROMPT
    assert "13912345678" not in env.upstream.last_json()["messages"][0]["content"]


def test_openai_sdk_secret_is_blocked_with_an_openai_error(env: Env) -> None:
    before = len(env.upstream.received)
    with pytest.raises(openai.PermissionDeniedError, match="密钥"):
        _openai_client(env).chat.completions.create(
            model="m", messages=[{"role": "user", "content": "我的key是sk-proj-abcdefghijklmnopqrstuvwxyz012345"}]
        )
    assert len(env.upstream.received) == before


def test_openai_sdk_streaming_block_is_a_well_formed_sse_error(env: Env) -> None:
    with pytest.raises(openai.APIError, match="隐私保护"):
        stream = _openai_client(env).chat.completions.create(
            model="m", messages=[{"role": "user", "content": "密码是 Hunter2024!"}], stream=True
        )
        list(stream)


def test_anthropic_sdk_buffered_and_streaming(env: Env) -> None:
    client = _anthropic_client(env)
    msg = client.messages.create(model="m", max_tokens=50, messages=[{"role": "user", "content": PROMPT}])
    assert msg.content[0].text == "收到：" + PROMPT  # type: ignore[union-attr]
    assert "王小明" not in json.dumps(env.upstream.last_json(), ensure_ascii=False)
    with client.messages.stream(model="m", max_tokens=50, messages=[{"role": "user", "content": PROMPT}]) as s:
        streamed = "".join(s.text_stream)
    assert streamed == "收到：" + PROMPT


def test_anthropic_sdk_block_is_a_permission_error_in_chinese(env: Env) -> None:
    with pytest.raises(anthropic.PermissionDeniedError, match="学校隐私保护"):
        _anthropic_client(env).messages.create(
            model="m", max_tokens=50,
            messages=[{"role": "user", "content": "学生刘一鸣有抑郁症，请帮我写给家长的信"}],
        )


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "zstd"])
def test_compressed_request_body_is_decoded_scanned_and_re_encoded(env: Env, coding: str) -> None:
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": PROMPT}]}, ensure_ascii=False).encode()
    with httpx.Client(proxy=env.proxy_url, verify=str(env.ca)) as c:
        r = c.post(f"https://localhost:{env.upstream_port}/v1/chat/completions", content=encoding.encode(body, coding),
                   headers={"content-type": "application/json", "content-encoding": coding})
    assert r.status_code == 200
    assert env.upstream.received[-1]["headers"].get("content-encoding") == coding
    assert "13912345678" not in env.upstream.last_json()["messages"][0]["content"]
    assert r.json()["choices"][0]["message"]["content"] == "收到：" + PROMPT


def test_unknown_content_encoding_is_blocked(env: Env) -> None:
    before = len(env.upstream.received)
    with httpx.Client(proxy=env.proxy_url, verify=str(env.ca)) as c:
        r = c.post(f"https://localhost:{env.upstream_port}/v1/chat/completions", content=b"\x00\x01",
                   headers={"content-type": "application/json", "content-encoding": "x-secret"})
    assert r.status_code == 403
    assert len(env.upstream.received) == before


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_through_the_proxy(env: Env) -> None:
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": PROMPT}]}, ensure_ascii=False)
    out = subprocess.run(
        ["curl", "-sS", "--proxy", env.proxy_url, "--cacert", str(env.ca), "-H", "content-type: application/json",
         "--data-binary", body, f"https://localhost:{env.upstream_port}/v1/chat/completions"],
        capture_output=True, check=True, timeout=30,
    )
    assert json.loads(out.stdout)["choices"][0]["message"]["content"] == "收到：" + PROMPT


def test_pac_file_and_help_page_are_served_directly(env: Env) -> None:
    pac = httpx.get(f"http://127.0.0.1:{env.help_port}/proxy.pac")
    assert "FindProxyForURL" in pac.text and "api.openai.com" in pac.text
    assert f"PROXY 127.0.0.1:{env.proxy_port}" in pac.text
    page = httpx.get(f"http://127.0.0.1:{env.help_port}/")
    assert "学校 AI 隐私保护网关" in page.text
    ca = httpx.get(f"http://127.0.0.1:{env.help_port}/ca.pem")
    assert ca.content.startswith(b"-----BEGIN CERTIFICATE-----")
    assert b"PRIVATE KEY" not in ca.content


def test_ca_private_key_is_owner_only(env: Env) -> None:
    mode = (env.data_dir / "mitmproxy-ca.pem").stat().st_mode & 0o777
    assert mode == 0o600


def test_audit_file_has_decisions_without_raw_values(env: Env) -> None:
    text = b"".join(p.read_bytes() for p in env.data_dir.glob("audit.sqlite*"))
    for value in ("王小明", "13912345678", "Hunter2024"):
        assert value.encode() not in text
    assert env.proxy.runtime.audit.verify().ok
    actions = {r["action"] for r in env.audit()}
    assert {"pseudonymize", "block"} <= actions
    assert all(r["rule_ids"] for r in env.audit())


def test_reverse_proxy_mode_for_clients_with_a_base_url(tmp_path: Path, env: Env) -> None:
    opts = RunOptions(config=_config(tmp_path), listen_port=0, help_port=0,
                      mode=f"reverse:https://localhost:{env.upstream_port}", upstream_trust=env.upstream.cert.parent / "upstream-ca.pem")  # type: ignore[union-attr]
    with BackgroundProxy(opts) as server:
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{server.port}/v1", api_key="k", max_retries=0)
        reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": PROMPT}])
    assert reply.choices[0].message.content == "收到：" + PROMPT
    assert "13912345678" not in env.upstream.last_json()["messages"][0]["content"]
