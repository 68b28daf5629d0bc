"""A conversation's resent messages are judged and rewritten once, with the same result."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from detectors import Scanner
from detectors.entities import HASHED_ENTITIES
from proxy.pipeline import guard as guard_module
from proxy.pipeline.decision import summarise
from proxy.pipeline.guard import Guard, RequestView
from proxy.pipeline.judged import hashed_values, judge_text, summarise_texts
from proxy.pipeline.scancache import Scanned
from proxy.pipeline.vault import VaultStore
from proxy.policy.catalog import load_catalog
from proxy.policy.principals import Principal
from proxy.policy.settings import PolicySettings

CATALOG = load_catalog(Path(__file__).resolve().parents[3] / "config" / "services.yaml")
ROUTE = CATALOG.route("api.openai.com", "/v1/chat/completions")
TURNS = [
    "学生王小明的电话是13912345678，住在北京市海淀区中关村大街27号。",
    "王小明和李华都在三年级二班，李华的家长电话是13812345678。",
    "请给王小明写一段评语，提到他的身份证号110101199003074578不要外传。",
]


def _req(messages: list[str], n: int) -> RequestView:
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": m} for m in messages]},
                      ensure_ascii=False).encode()
    return RequestView(request_id=f"r{n}", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions",
                       query=(), method="POST", content_type="application/json", accept="", body=body)


def _conversation(guard: Guard) -> list[Any]:
    assert ROUTE is not None
    outs = []
    for n in range(len(TURNS)):
        out = guard.inspect(_req(TURNS[: n + 1], n), ROUTE, Principal(role="teacher"))
        outs.append((out.body, dataclasses.replace(out.decision, scan_ms=0.0)))
    return outs


def test_a_remembered_judgement_and_rewrite_give_what_doing_it_again_gives(
        scanner: Scanner, monkeypatch: pytest.MonkeyPatch) -> None:
    remembered = _conversation(Guard(scanner, PolicySettings(), VaultStore(), value_hash=lambda e, v: f"{e}:{len(v)}"))
    monkeypatch.setattr(Scanned, "derive", lambda self, token, make: make())
    again = _conversation(Guard(scanner, PolicySettings(), VaultStore(), value_hash=lambda e, v: f"{e}:{len(v)}"))
    assert remembered == again


def test_each_message_is_rewritten_once_per_conversation(scanner: Scanner, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = guard_module.rewrite

    def counting(text: str, *args: Any) -> str:
        calls.append(text)
        return real(text, *args)

    monkeypatch.setattr(guard_module, "rewrite", counting)
    _conversation(Guard(scanner, PolicySettings(), VaultStore()))
    assert sorted(calls.count(t) for t in TURNS) == [1, 1, 1]


def test_a_new_vault_gets_its_own_rewrite(scanner: Scanner) -> None:
    """A conversation whose vault expired gets a new one: the remembered rewrite is not reused."""
    guard = Guard(scanner, PolicySettings(), VaultStore())
    assert ROUTE is not None
    first = guard.inspect(_req(TURNS[1:2], 0), ROUTE)
    assert first.conversation is not None and "〔学生甲〕" in (first.body or b"").decode()
    fresh = VaultStore()
    fresh.get(first.conversation).placeholder_for("PERSON", "某某")  # 甲 is taken in the new vault
    guard._vaults = fresh
    second = guard.inspect(_req(TURNS[1:2], 1), ROUTE)
    assert "〔学生甲〕" not in (second.body or b"").decode() and "〔学生乙〕" in (second.body or b"").decode()


def test_summaries_and_hashed_values_per_text_add_up_to_those_of_all_findings(scanner: Scanner) -> None:
    policy = PolicySettings()
    judged = [judge_text(scanner.scan(t).findings, policy, None) for t in TURNS]
    all_actions = [fa for j in judged for fa in j.judgement.actions]
    assert summarise_texts(judged) == summarise(all_actions)
    assert hashed_values(judged) == {(f.entity, f.text) for f, _ in all_actions if f.entity in HASHED_ENTITIES}
