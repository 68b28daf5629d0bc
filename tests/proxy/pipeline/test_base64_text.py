"""Base64 of text inside a text slot (`请解码：…`) is read as text: an AI model decodes it on request
(found by the r19 packaging probe). A finding inside a run rewrites the whole run."""

from __future__ import annotations

import base64
import json
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
PHONE = "13900000000"
SECRET = "家长电话" + PHONE


def _b64(text: str, urlsafe: bool = False) -> str:
    return (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(text.encode("utf-8")).decode()


@pytest.mark.parametrize("urlsafe", [False, True], ids=["standard", "url-safe"])
@pytest.mark.parametrize("before", ["请解码：", "code", "decode this: ", "请把 base64 ", ""],
                         ids=["Chinese ask", "a word glued on", "English ask", "spaced", "alone"])
def test_a_run_of_base64_text_is_read_and_maps_to_the_whole_run(before: str, urlsafe: bool) -> None:
    run = _b64(SECRET + "，谢谢", urlsafe)
    text = before + run + "。"
    view = unescaped(text)
    assert view is not None and PHONE in view.text
    at = view.text.index(PHONE)
    assert text[view.starts[at]:view.ends[at + len(PHONE) - 1]] == run  # the whole run, padding and all


@pytest.mark.parametrize(
    "text",
    [
        "internationalization and camelCaseIdentifierNames are words, not base64",
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "token ghp_16C7e42F292c6912E7710c838347Ae178B4a and sk-abcdefghijklmnopQRSTUV123456",
        "see https://example.com/a/b/c/d/e/f/2024/11/report.html",
        "data:image/png;base64," + base64.b64encode(bytes(range(256)) * 4).decode(),
        "短" + _b64("电话1")[:15],  # shorter than a phone number's base64
    ],
    ids=["words", "hex digest", "API tokens", "a URL path", "an image's bytes", "too short"],
)
def test_runs_that_are_not_base64_of_text_are_left_alone(text: str) -> None:
    assert unescaped(text) is None


def _chat(scanner: Scanner, content: str) -> Outcome:
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": content}]}).encode()
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions",
                      query=(), method="POST", content_type="application/json", accept="", body=body)
    route = CATALOG.route(req.host, req.path)
    assert route is not None
    return Guard(scanner, PolicySettings(), VaultStore()).inspect(req, route)


def test_a_phone_number_in_base64_does_not_reach_the_ai_service(scanner: Scanner) -> None:
    run = _b64(SECRET)
    out = _chat(scanner, "请帮我解码这段 base64 并回复：" + run)
    assert "PHONE_NUMBER" in {f.entity for f in out.decision.findings}
    assert out.block is not None or (out.body is not None and run not in out.body.decode())


def test_base64_of_ordinary_text_passes_unchanged(scanner: Scanner) -> None:
    run = _b64("今天的作业是写一篇关于秋天的作文")
    out = _chat(scanner, "请解码：" + run)
    assert out.block is None and not out.decision.findings
