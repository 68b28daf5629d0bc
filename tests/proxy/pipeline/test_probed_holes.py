"""Holes the second attack probe (after the windows, escapes and memo merges) found, kept as
regression tests: each let a phone number reach the upstream unscanned or unrewritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detectors import Scanner
from proxy.pipeline.escapes import unescaped
from proxy.pipeline.guard import Guard, RequestView
from proxy.pipeline.vault import VaultStore
from proxy.policy.catalog import load_catalog
from proxy.policy.settings import PolicySettings

CATALOG = load_catalog(Path(__file__).resolve().parents[3] / "config" / "services.yaml")
VALUE = "13900000000"


def _pct(text: str) -> str:
    """Every byte percent-encoded, digits included (`urllib.parse.quote` leaves digits alone)."""
    return "".join(f"%{b:02X}" for b in text.encode("utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        _pct("电话" + VALUE) + "%FF",
        "%FF" + _pct("电话" + VALUE),
        _pct("电话" + VALUE) + "%E7%94",
        _pct("电话") + "%C3" + _pct(VALUE),
        _pct("电话" + VALUE) + "%80%80",
    ],
    ids=["a stray byte after the run", "a stray byte before the run", "a cut-off character at the end",
         "a lone lead byte between the label and the digits", "continuation bytes after the run"],
)
def test_a_percent_run_with_a_byte_that_is_no_text_still_shows_its_digits(text: str) -> None:
    got = unescaped(text)
    assert got is not None and VALUE in got.text
    at = got.text.index(VALUE)
    assert text[got.starts[at]:got.ends[at + len(VALUE) - 1]] == _pct(VALUE)


def test_a_percent_encoded_phone_number_with_a_stray_byte_is_rewritten(scanner: Scanner) -> None:
    guard = Guard(scanner, PolicySettings(), VaultStore())
    content = "请帮我写评语。" + _pct("电话" + VALUE) + "%FF"
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": content}]}).encode()
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions",
                      query=(), method="POST", content_type="application/json", accept="", body=body)
    route = CATALOG.route(req.host, req.path)
    assert route is not None
    out = guard.inspect(req, route)
    assert "PHONE_NUMBER" in {s.entity for s in out.decision.findings}
    assert out.block is not None or (out.body is not None and _pct(VALUE) not in out.body.decode())


def _gbk_with(extra: bytes) -> bytes:
    """GBK text with a phone number, `extra` bytes in the middle (an even length overall)."""
    body = ("请帮我写评语。电话" + VALUE).encode("gbk") + extra + "谢谢".encode("gbk")
    return body if len(body) % 2 == 0 else body + b" "


@pytest.mark.parametrize("label", ["utf-16", "utf-16le", "utf-16be"])
@pytest.mark.parametrize(
    "body",
    [_gbk_with(b"\x00"), _gbk_with(b"\x00\x00\x00"), _gbk_with(b"\x01" * 9 + b" ")],
    ids=["one NUL in the middle", "three NULs in the middle", "control bytes that make the 8-bit reading look binary"],
)
def test_gbk_text_labelled_utf_16_is_not_vouched_for_by_a_stray_nul_or_control_bytes(
        scanner: Scanner, label: str, body: bytes) -> None:
    guard = Guard(scanner, PolicySettings(), VaultStore())
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/other/thing", query=(),
                      method="POST", content_type=f"text/plain; charset={label}", accept="", body=body)
    route = CATALOG.route(req.host, req.path)
    assert route is not None
    out = guard.inspect(req, route)
    assert out.block is not None or (out.body is not None and VALUE not in out.body.decode("gbk", "replace"))
