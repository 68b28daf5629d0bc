"""Ollama's native API: `/api/chat` messages, `/api/generate` prompt and system, `/api/embed` input.

Reference: https://github.com/ollama/ollama/blob/main/docs/api.md. One adapter serves all three
endpoints: they share no field names, so each body is read by the fields it holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from proxy.pipeline.formats.base import (
    Handler,
    TextSlot,
    each,
    every_string,
    extract_fields,
    fields,
    role_from,
    strings_or_tokens,
    text_at,
    text_or,
    with_role,
)

__all__ = ["OllamaAdapter"]

_MESSAGE: Handler = role_from(
    "role",
    fields(
        {  # `images` are base64 and not read
            "content": text_at,
            "thinking": text_at,
            # Unlike OpenAI, Ollama sends tool arguments as an object; accept a string too.
            "tool_calls": each(fields({"function": fields({"arguments": text_or(every_string)})})),
        }
    ),
)

_REQUEST: Mapping[str, Handler] = {
    "messages": each(_MESSAGE),  # /api/chat
    "system": with_role("system", text_at),  # /api/generate
    "prompt": text_at,  # /api/generate, /api/embeddings
    "suffix": text_at,  # /api/generate
    "input": strings_or_tokens,  # /api/embed
}


class OllamaAdapter:
    """Chat messages, generate prompt/system/suffix and embed input."""

    __slots__ = ()
    name: ClassVar[str] = "ollama"

    def extract(self, doc: object) -> list[TextSlot]:
        return extract_fields(doc, _REQUEST, required_any=("messages", "prompt", "system", "input"))
