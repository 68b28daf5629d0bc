"""End to end, as a school's clients and IT office meet the gateway: an AI service
that cannot be reached answers in Chinese in each client's own format (OpenAI,
Anthropic, web chat; explicit and reverse mode) and is audited; /metrics parses
with prometheus_client and /healthz says whether the audit can be written; the
help page names the real PAC address and the CA's fingerprint; the CA carries
the school's name; settings that need a restart are named."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import anthropic
import httpx
import openai
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bench.fakeupstream import make_ca_and_cert
from proxy.datadir import DataDir
from proxy.mitm.server import BackgroundProxy, ProxyServer, RunOptions, restart_needed
from proxy.policy.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROMPT = "学生王小明的电话是13912345678，请帮他写评语。"
SCHOOL_CA = "杭州市某某中学 AI 网关 CA"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _config(tmp: Path) -> Path:
    cfg = tmp / "guard.yaml"
    cfg.write_text(
        f"services_file: {ROOT / 'config' / 'services.yaml'}\n"
        f"data_dir: {tmp / 'data'}\n"
        "services:\n"
        "  - {id: fake-ai, name: Fake AI, hosts: [localhost], endpoints: [{path: '*/chat/completions', format: openai_chat}, {path: '*/messages', format: anthropic_messages}]}\n"
        "  - {id: fake-web, name: 某网页聊天, kind: web, hosts: [127.0.0.1], default_format: generic_json}\n"
        "review: {metrics: true, port: 0}\n"
        f"ca: {{organization: 杭州市某某中学, common_name: {SCHOOL_CA}}}\n",
        encoding="utf-8",
    )
    return cfg


@dataclass
class Gateway:
    server: ProxyServer
    dead_port: int
    ca: Path
    upstream_ca: Path

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    @property
    def admin(self) -> str:
        assert self.server.review_server is not None
        return f"http://127.0.0.1:{self.server.review_server.port}"


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("gw")
    upstream_ca, _cert, _key = make_ca_and_cert(tmp)
    opts = RunOptions(config=_config(tmp), listen_port=0, help_port=0, upstream_trust=upstream_ca)
    with BackgroundProxy(opts) as server:
        yield Gateway(server, _closed_port(), server.runtime.data_dir / "mitmproxy-ca-cert.pem", upstream_ca)


def test_openai_client_gets_the_chinese_explanation_when_the_service_is_down(gw: Gateway) -> None:
    http_client = httpx.Client(proxy=gw.proxy_url, verify=str(gw.ca), timeout=20)
    client = openai.OpenAI(base_url=f"https://localhost:{gw.dead_port}/v1", api_key="k", http_client=http_client,
                           max_retries=0)
    with pytest.raises(openai.APIStatusError, match="暂时无法连接 AI 服务（Fake AI）") as caught:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": PROMPT}])
    assert caught.value.status_code == 502
    assert caught.value.body["code"] == "upstream_unreachable"  # type: ignore[index]


def test_anthropic_client_gets_the_chinese_explanation_when_the_service_is_down(gw: Gateway) -> None:
    http_client = anthropic.DefaultHttpxClient(proxy=gw.proxy_url, verify=str(gw.ca), timeout=20)
    client = anthropic.Anthropic(base_url=f"https://localhost:{gw.dead_port}", api_key="k", http_client=http_client,
                                 max_retries=0)
    with pytest.raises(anthropic.APIStatusError, match="暂时无法连接 AI 服务") as caught:
        client.messages.create(model="m", max_tokens=10, messages=[{"role": "user", "content": PROMPT}])
    assert caught.value.status_code == 502


@pytest.mark.parametrize("accept,ctype,words", [
    ("text/html,application/xhtml+xml", "text/html", "<h1>暂时无法连接 AI 服务</h1>"),
    ("application/json", "application/json", '"code": "upstream_unreachable"'),
], ids=["browser page", "web chat JSON"])
def test_web_chat_gets_the_explanation_as_a_page_or_json(gw: Gateway, accept: str, ctype: str, words: str) -> None:
    with httpx.Client(proxy=gw.proxy_url, verify=str(gw.ca), timeout=20) as c:
        r = c.post(f"https://127.0.0.1:{gw.dead_port}/api/chat", json={"prompt": "你好"}, headers={"accept": accept})
    assert r.status_code == 502 and r.headers["content-type"].startswith(ctype)
    assert words in r.text and "某网页聊天" in r.text and r.headers["x-privacy-guard"] == "upstream-unreachable"


def test_an_unreachable_request_with_a_value_in_its_path_is_recorded_with_the_masked_path(gw: Gateway) -> None:
    with httpx.Client(proxy=gw.proxy_url, verify=str(gw.ca), timeout=20) as c:
        r = c.post(f"https://127.0.0.1:{gw.dead_port}/api/users/13800138000/chat", json={"prompt": "你好"})
    assert r.status_code == 502
    errors = [r for r in gw.server.runtime.audit.records() if r["rule_ids"] == ["upstream.unreachable"]]
    assert errors and all("13800138000" not in str(r) for r in errors)
    assert any(r["path"].startswith("/api/users/") for r in errors)


def test_each_unreachable_request_is_audited_without_values(gw: Gateway) -> None:
    records = list(gw.server.runtime.audit.records())
    errors = [r for r in records if r["rule_ids"] == ["upstream.unreachable"]]
    assert errors and all(r["action"] == "error" and r["request_id"].endswith(".upstream") for r in errors)
    assert {r["service"] for r in errors} >= {"fake-ai", "fake-web"}
    assert all("13912345678" not in str(r) and "王小明" not in str(r) for r in records)


def _families(gw: Gateway) -> dict[str, list[tuple[dict[str, str], float]]]:
    text = urllib.request.urlopen(gw.admin + "/metrics", timeout=10).read().decode()
    # Without the `_created` samples (a timestamp per series, not a count).
    return {f.name: [(s.labels, s.value) for s in f.samples if not s.name.endswith("_created")]
            for f in text_string_to_metric_families(text)}


def test_metrics_parse_and_count_requests_actions_blocks_and_upstream_errors(gw: Gateway) -> None:
    with httpx.Client(proxy=gw.proxy_url, verify=str(gw.ca), timeout=20) as c:
        url = f"https://localhost:{gw.dead_port}/v1/chat/completions"
        secret = "密码是 Hunter2024!，api_key=sk-abcdefghijklmnopqrstuvwx"
        assert c.post(url, json={"model": "m", "messages": [{"role": "user", "content": secret}]}).status_code == 403
        assert c.post(url, json={"model": "m", "messages": [{"role": "user", "content": PROMPT}]}).status_code == 502
    fams = _families(gw)
    requests = {(lab["service"], lab["action"]): v for lab, v in fams["privacy_guard_requests"] if "service" in lab}
    assert requests[("fake-ai", "pseudonymize")] >= 1 and requests[("fake-ai", "block")] >= 1
    assert any(lab.get("entity") == "PHONE_NUMBER" for lab, _ in fams["privacy_guard_findings"])
    assert any(lab.get("rule", "").startswith("action.SECRET") for lab, _ in fams["privacy_guard_blocks"])
    assert dict((lab["service"], v) for lab, v in fams["privacy_guard_upstream_errors"]
                if "service" in lab)["fake-ai"] >= 1
    for histogram in ("privacy_guard_scan_seconds", "privacy_guard_added_latency_seconds",
                      "privacy_guard_audit_write_seconds"):
        assert any(lab.get("le") == "+Inf" and v >= 1 for lab, v in fams[histogram]), histogram
    assert "privacy_guard_vault_conversations" in fams and "privacy_guard_reload_failures" in fams


def test_a_rejected_configuration_change_is_counted_in_the_metrics(gw: Gateway) -> None:
    cfg = gw.server.runtime.config_path
    good = cfg.read_text(encoding="utf-8")
    before = sum(v for _, v in _families(gw)["privacy_guard_reload_failures"])
    try:
        cfg.write_text(good + "listen_port: not-a-port\n", encoding="utf-8")
        assert gw.server.reloader.reload_now() is False
    finally:
        cfg.write_text(good, encoding="utf-8")
    assert sum(v for _, v in _families(gw)["privacy_guard_reload_failures"]) >= before + 1


def test_healthz_is_ok_while_the_audit_store_can_be_written(gw: Gateway) -> None:
    with urllib.request.urlopen(gw.admin + "/healthz", timeout=10) as r:
        assert r.status == 200 and r.read() == b"ok\n"


def test_healthz_fails_when_the_audit_store_cannot_be_written(tmp_path: Path) -> None:
    from proxy.audit.chain import load_or_create_signer
    from proxy.audit.metrics import Metrics
    from proxy.audit.review import ReviewServer
    from proxy.audit.sqlite_store import SqliteAuditStore

    store = SqliteAuditStore(tmp_path / "a.sqlite", chain="n", signer=load_or_create_signer(tmp_path / "k.pem"))
    server = ReviewServer(lambda: store, {}, "127.0.0.1", 0, metrics=Metrics(), pages=False)
    server.start()
    try:
        assert urllib.request.urlopen(f"http://127.0.0.1:{server.port}/healthz", timeout=10).status == 200
        store.close()
        with pytest.raises(urllib.error.HTTPError, match="503"):
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}/healthz", timeout=10)
        with pytest.raises(urllib.error.HTTPError, match="404"):  # no review pages when they are off
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}/login", timeout=10)
    finally:
        server.stop()


def test_the_ca_carries_the_schools_name_and_the_help_page_its_fingerprint(gw: Gateway) -> None:
    data = DataDir(gw.server.runtime.data_dir)
    assert SCHOOL_CA in (data.ca_subject() or "")
    assert gw.server.help_server is not None
    page = httpx.get(f"http://127.0.0.1:{gw.server.help_server.port}/").text
    fingerprint = data.ca_fingerprint()
    assert fingerprint is not None and len(fingerprint) == 95 and fingerprint in page
    assert f"http://127.0.0.1:{gw.server.help_server.port}/proxy.pac" in page
    assert "Android 7 及以上" in page and "使用设置脚本" in page


def test_the_pac_file_fetched_through_the_proxy_names_the_proxys_real_address(gw: Gateway) -> None:
    pac = httpx.get("http://privacy-guard.internal/proxy.pac", proxy=gw.proxy_url, timeout=10).text
    assert f'"PROXY 127.0.0.1:{gw.server.port}"' in pac
    page = httpx.get("http://privacy-guard.internal/", proxy=gw.proxy_url, timeout=10).text
    assert f"http://127.0.0.1:{gw.server.help_server.port}/proxy.pac" in page  # type: ignore[union-attr]


def test_ca_show_prints_the_same_fingerprint(gw: Gateway) -> None:
    done = subprocess.run([sys.executable, "-m", "proxy", "ca", "show", "--data-dir", str(gw.server.runtime.data_dir)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0
    assert DataDir(gw.server.runtime.data_dir).ca_fingerprint() in done.stdout and SCHOOL_CA in done.stdout


RESTART_CASES = [
    ("review page enabled", {"review": {"enabled": True, "reviewers_file": "r.yaml"}}, ["review"]),
    ("listen port", {"listen_port": 9090}, ["listen_port"]),
    ("audit database", {"audit": {"path": "other.sqlite"}}, ["audit.path"]),
    ("audit fsync mode", {"audit": {"sync": "full"}}, ["audit.sync"]),
    ("policy only", {"policy": {"default_action": "redact"}}, []),
]


@pytest.mark.parametrize("change,expected", [c[1:] for c in RESTART_CASES], ids=[c[0] for c in RESTART_CASES])
def test_settings_that_need_a_restart_are_named(change: dict[str, object], expected: list[str]) -> None:
    assert restart_needed(Settings(), Settings.model_validate(change)) == expected


# Last in the module: a second proxy in one process replaces mitmproxy's global context.
def test_reverse_mode_answers_in_chinese_instead_of_an_empty_reply(tmp_path: Path, gw: Gateway) -> None:
    cfg = _config(tmp_path)
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("review: {metrics: true, port: 0}\n", ""), encoding="utf-8")
    opts = RunOptions(config=cfg, listen_port=0, help_port=0, mode=f"reverse:https://localhost:{gw.dead_port}",
                      upstream_trust=gw.upstream_ca)
    with BackgroundProxy(opts) as server:
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{server.port}/v1", api_key="k", max_retries=0)
        with pytest.raises(openai.APIStatusError, match="暂时无法连接 AI 服务") as caught:
            client.chat.completions.create(model="m", messages=[{"role": "user", "content": PROMPT}])
    assert caught.value.status_code == 502
