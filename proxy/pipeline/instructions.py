"""Homework mode: add a system instruction to a student's request, in the
request's own format, never inside the pupil's own text.

Where each API takes instructions (from the providers' API references):
  openai_chat         a `system` message (or `developer`, when the request already
                      uses developer messages, as reasoning models do), placed
                      after the request's own leading system/developer messages
  openai_responses    the top-level `instructions` string
  anthropic_messages  the top-level `system` (a string, or a list of text blocks)
  gemini_generate     `systemInstruction.parts` (also accepts `system_instruction`)
  ollama              /api/chat: a `system` message; /api/generate: the `system` string
Other formats (completions, embeddings, private web-chat JSON) have no place for
an instruction: `add_instruction` returns None and the guard records it as not applied.
"""

from __future__ import annotations

import json
from typing import Any

from proxy.policy.vocabulary import Format

__all__ = ["add_instruction", "SUPPORTED_FORMATS"]

SUPPORTED_FORMATS: frozenset[Format] = frozenset(
    {"openai_chat", "openai_responses", "anthropic_messages", "gemini_generate", "ollama"}
)


def _join(existing: str, instruction: str) -> str:
    return f"{existing}\n\n{instruction}" if existing.strip() else instruction


def _into_messages(messages: list[Any], instruction: str) -> bool:
    roles = [m.get("role") if isinstance(m, dict) else None for m in messages]
    role = "developer" if "developer" in roles else "system"
    at = 0
    while at < len(roles) and roles[at] in ("system", "developer"):
        at += 1
    messages.insert(at, {"role": role, "content": instruction})
    return True


def _apply(fmt: Format, doc: dict[str, Any], instruction: str) -> bool:
    if fmt == "openai_chat" or (fmt == "ollama" and isinstance(doc.get("messages"), list)):
        messages = doc.get("messages")
        return isinstance(messages, list) and _into_messages(messages, instruction)
    if fmt == "openai_responses":
        current = doc.get("instructions")
        doc["instructions"] = _join(current if isinstance(current, str) else "", instruction)
        return True
    if fmt == "anthropic_messages":
        system = doc.get("system")
        if isinstance(system, list):
            system.append({"type": "text", "text": instruction})
        else:
            doc["system"] = _join(system if isinstance(system, str) else "", instruction)
        return True
    if fmt == "gemini_generate":
        key = "system_instruction" if "system_instruction" in doc else "systemInstruction"
        current = doc.get(key)
        if isinstance(current, dict) and isinstance(current.get("parts"), list):
            current["parts"].append({"text": instruction})
        else:
            doc[key] = {"parts": [{"text": instruction}]}
        return True
    if fmt == "ollama" and isinstance(doc.get("prompt"), str):
        system = doc.get("system")
        doc["system"] = _join(system if isinstance(system, str) else "", instruction)
        return True
    return False


def add_instruction(fmt: Format, body: bytes, instruction: str) -> bytes | None:
    """The body with the instruction added, or None when the format or body has no place for it."""
    if fmt not in SUPPORTED_FORMATS:
        return None
    try:
        doc = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(doc, dict) or not _apply(fmt, doc, instruction):
        return None
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")
