"""OpenAI Chat Completions (`POST /v1/chat/completions`, also the many "OpenAI-compatible" hosts).

Reference: https://platform.openai.com/docs/api-reference/chat/create. Every role is read,
assistant and tool included, because clients resend the whole history with each request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from proxy.pipeline.formats.base import (
    Handler,
    TextSlot,
    each,
    extract_fields,
    fields,
    role_from,
    skip,
    text_at,
    text_or,
    typed_blocks,
)

__all__ = ["OpenAIChatAdapter"]

# Content parts of a message; an unknown part type yields every string inside it.
_PARTS: Mapping[str, Handler] = {
    "text": fields({"text": text_at}),
    "refusal": fields({"refusal": text_at}),
    "image_url": skip,  # a URL or a base64 data URL
    "input_audio": skip,  # base64 audio
    "file": fields({"file": fields({"filename": text_at})}),  # file_data is base64, file_id an id
}

_TOOL_CALL: Handler = fields(
    {
        # `arguments` is JSON text written by the model from the conversation: one slot, as sent.
        "function": fields({"arguments": text_at}),
        "custom": fields({"input": text_at}),
    }
)

_MESSAGE: Handler = role_from(
    "role",
    fields(
        {
            "content": text_or(typed_blocks(_PARTS)),
            "name": text_at,
            "refusal": text_at,
            "tool_calls": each(_TOOL_CALL),
            "function_call": fields({"arguments": text_at}),  # legacy functions API
        }
    ),
)

_REQUEST: Mapping[str, Handler] = {"messages": each(_MESSAGE)}


class OpenAIChatAdapter:
    """`messages[*]`: content (string or parts), name, refusal, tool call arguments."""

    __slots__ = ()
    name: ClassVar[str] = "openai_chat"

    def extract(self, doc: object) -> list[TextSlot]:
        return extract_fields(doc, _REQUEST, required_any=("messages",))
