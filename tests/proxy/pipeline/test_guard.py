"""The request pipeline without sockets: parsing, policy, rewriting and failing closed."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from detectors import Scanner
from proxy.policy.catalog import Route, ServiceCatalog, ServiceEntry, load_catalog
from proxy.pipeline.guard import Guard, RequestView
from proxy.policy.judge import judge
from proxy.policy.settings import PolicySettings
from proxy.pipeline.vault import VaultStore

CATALOG = load_catalog(Path(__file__).resolve().parents[3] / "config" / "services.yaml")


def _route(host: str, path: str) -> Route:
    route = CATALOG.route(host, path)
    assert route is not None
    return route


def _req(body: bytes, *, ctype: str = "application/json", query: tuple[tuple[str, str], ...] = (),
         path: str = "/v1/chat/completions", host: str = "api.openai.com", accept: str = "") -> RequestView:
    return RequestView(request_id="r1", client="10.0.0.5", host=host, path=path, query=query, method="POST",
                       content_type=ctype, accept=accept, body=body)


def _guard(scanner: Scanner, **policy: object) -> Guard:
    return Guard(scanner, PolicySettings(**policy), VaultStore())  # type: ignore[arg-type]


def _chat(*messages: str) -> bytes:
    return json.dumps({"model": "m", "messages": [{"role": "user", "content": m} for m in messages]}, ensure_ascii=False).encode()


def test_clean_prompt_is_allowed_untouched(scanner: Scanner) -> None:
    out = _guard(scanner).inspect(_req(_chat("请解释勾股定理")), _route("api.openai.com", "/v1/chat/completions"))
    assert out.decision.action == "allow" and out.body is None and out.decision.rule_ids == ("access.open", "no-findings")


def test_pseudonymised_values_are_consistent_across_turns(scanner: Scanner) -> None:
    guard = _guard(scanner)
    route = _route("api.openai.com", "/v1/chat/completions")
    first = guard.inspect(_req(_chat("学生王小明的电话是13912345678")), route)
    second = guard.inspect(_req(_chat("学生王小明的电话是13912345678", "王小明还有一个哥哥")), route)
    texts = [m["content"] for m in json.loads(second.body or b"")["messages"]]
    assert json.loads(first.body or b"")["messages"][0]["content"] == texts[0]
    assert "〔学生甲〕" in texts[1] and first.conversation == second.conversation


def test_redact_action_uses_typed_labels(scanner: Scanner) -> None:
    out = _guard(scanner, default_action="redact").inspect(_req(_chat("手机13912345678")), _route("api.openai.com", "/v1/chat/completions"))
    assert json.loads(out.body or b"")["messages"][0]["content"] == "手机[手机号]"
    assert out.decision.action == "redact" and out.conversation is None


def test_special_category_next_to_a_person_escalates_to_block(scanner: Scanner) -> None:
    out = _guard(scanner).inspect(_req(_chat("学生刘一鸣最近有抑郁症")), _route("api.openai.com", "/v1/chat/completions"))
    assert out.block is not None and out.block.status == 403
    assert out.decision.rule_ids == ("access.open", "escalation.special-category-next-to-person")
    assert "健康信息" in json.loads(out.block.body)["error"]["message"]


def test_streaming_request_is_blocked_with_an_sse_error_event(scanner: Scanner) -> None:
    body = json.dumps({"model": "m", "stream": True, "messages": [{"role": "user", "content": "密码是 Abc12345!"}]}).encode()
    out = _guard(scanner).inspect(_req(body), _route("api.openai.com", "/v1/chat/completions"))
    assert out.block is not None and out.block.content_type.startswith("text/event-stream")
    first = out.block.body.decode().split("\n\n")[0]
    assert json.loads(first.removeprefix("data: "))["error"]["code"] == "sensitive_data"


def test_form_posts_and_query_strings_are_scanned(scanner: Scanner) -> None:
    body = urllib.parse.urlencode({"q": "学生王小明 13912345678", "lang": "zh"}).encode()
    out = _guard(scanner, default_action="redact").inspect(
        _req(body, ctype="application/x-www-form-urlencoded", query=(("prompt", "邮箱 a@b.cn"),), host="chat.deepseek.com", path="/api/x"),
        _route("chat.deepseek.com", "/api/x"),
    )
    assert dict(urllib.parse.parse_qsl((out.body or b"").decode()))["q"] == "学生[姓名] [手机号]"
    assert out.query == (("prompt", "邮箱 [邮箱]"),)


def test_web_chat_block_is_html_for_a_browser_page(scanner: Scanner) -> None:
    out = _guard(scanner).inspect(_req("密码是 Abc12345!".encode(), ctype="text/plain", host="chat.deepseek.com",
                                       path="/x", accept="text/html"), _route("chat.deepseek.com", "/x"))
    assert out.block is not None and out.block.content_type.startswith("text/html")
    assert "请求已被拦截" in out.block.body.decode()


def test_unparseable_json_fails_closed(scanner: Scanner) -> None:
    out = _guard(scanner).inspect(_req(b'{"messages": [oops'), _route("api.openai.com", "/v1/chat/completions"))
    assert out.block is not None and out.decision.rule_ids == ("access.open", "fail-closed")


def test_a_failing_detector_fails_closed(scanner: Scanner) -> None:
    class Broken:
        name = "broken"
        entities = ("PERSON",)

        def detect(self, text: object) -> list[object]:
            raise RuntimeError("boom")

    guard = Guard(Scanner([Broken()]), PolicySettings(), VaultStore())  # type: ignore[list-item]
    out = guard.inspect(_req(_chat("你好")), _route("api.openai.com", "/v1/chat/completions"))
    assert out.block is not None and out.decision.action == "block"


def test_unscannable_uploads_are_blocked_by_default_and_can_be_allowed_by_policy(scanner: Scanner) -> None:
    # Issue 11: the default changed from allow to block (nothing reaches an AI host unscanned).
    boundary = "b0"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + b"\x89PNG\r\n\x1a\n\x00\x00" + f"\r\n--{boundary}--\r\n".encode()
    req = _req(body, ctype=f"multipart/form-data; boundary={boundary}", path="/v1/files")
    blocked = _guard(scanner).inspect(req, _route("api.openai.com", "/v1/files"))
    assert blocked.decision.rule_ids == ("access.open", "upload.unscannable")
    allowed = _guard(scanner, unscannable_uploads="allow").inspect(req, _route("api.openai.com", "/v1/files"))
    assert allowed.decision.action == "allow" and allowed.decision.unscanned == ("file:image",)


@pytest.mark.parametrize(
    "host,path,fmt",
    [("api.openai.com", "/v1/responses", "openai_responses"), ("api.anthropic.com", "/v1/messages", "anthropic_messages"),
     ("generativelanguage.googleapis.com", "/v1beta/models/g:streamGenerateContent", "gemini_generate"),
     ("dashscope.aliyuncs.com", "/compatible-mode/v1/chat/completions", "openai_chat"),
     ("chat.deepseek.com", "/api/v0/chat/completion", "generic_json"), ("ark.cn-shanghai.volces.com", "/api/v3/chat/completions", "openai_chat")],
    ids=["responses", "anthropic", "gemini stream", "dashscope", "web chat", "wildcard host"],
)
def test_catalog_routes_hosts_and_paths_to_formats(host: str, path: str, fmt: str) -> None:
    assert _route(host, path).format == fmt


def test_a_schools_own_service_takes_precedence() -> None:
    own = ServiceEntry(id="school-llm", name="校内大模型", hosts=("llm.school.cn",), default_format="openai_chat")
    catalog = ServiceCatalog((own, *CATALOG.services))
    route = catalog.route("llm.school.cn", "/anything")
    assert route is not None and route.service.id == "school-llm"
    assert catalog.route("example.com", "/") is None


def test_judge_takes_the_strictest_action_and_names_its_rules(scanner: Scanner) -> None:
    findings = scanner.scan("我的密码是 Abc12345!，电话13912345678").findings
    j = judge(findings, PolicySettings())
    assert j.action == "block" and j.rule_ids == ("action.SECRET",)


def test_a_body_over_the_size_limit_fails_closed(scanner: Scanner) -> None:
    body = _chat("你好" * 1000)
    out = _guard(scanner, max_body_bytes=1024).inspect(_req(body), _route("api.openai.com", "/v1/chat/completions"))
    assert out.block is not None and out.decision.rule_ids == ("access.open", "fail-closed")
    assert "max_body_bytes" in out.decision.reason
