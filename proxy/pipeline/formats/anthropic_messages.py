"""Anthropic Messages API (`POST /v1/messages`): `system` and `messages[*].content` blocks.

Reference: https://docs.anthropic.com/en/api/messages. Blocks nest (a tool_result holds text
and document blocks), so the block table refers to itself.
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
    skip,
    text_at,
    text_or,
    typed_blocks,
    typed_object,
    with_role,
)

__all__ = ["AnthropicMessagesAdapter"]

# Filled below; handlers look the table up at call time, which lets blocks contain blocks.
_BLOCKS: dict[str, Handler] = {}
_CONTENT: Handler = text_or(typed_blocks(_BLOCKS))

# A document's source: plain text and nested content are user text; the rest is media or an id.
_DOCUMENT_SOURCE: Handler = typed_object(
    {
        "text": fields({"data": text_at}),
        "content": fields({"content": _CONTENT}),
        "base64": skip,
        "url": skip,
        "file": skip,
    }
)

_BLOCKS.update(
    {
        "text": fields(
            {  # citations quote the user's own documents
                "text": text_at,
                "citations": each(fields({"cited_text": text_at, "document_title": text_at, "title": text_at})),
            }
        ),
        "image": skip,  # base64, URL or file id
        "document": fields({"source": _DOCUMENT_SOURCE, "title": text_at, "context": text_at}),
        "tool_use": fields({"input": every_string}),
        "server_tool_use": fields({"input": every_string}),
        "tool_result": fields({"content": _CONTENT}),
        # Thinking is read; its signature is opaque and must stay byte-exact.
        "thinking": fields({"thinking": text_at}),
        "redacted_thinking": skip,  # encrypted
    }
)

_REQUEST: Mapping[str, Handler] = {
    "system": with_role("system", _CONTENT),
    "messages": each(role_from("role", fields({"content": _CONTENT}))),
}


class AnthropicMessagesAdapter:
    """`system` (string or text blocks) and message content (string or blocks)."""

    __slots__ = ()
    name: ClassVar[str] = "anthropic_messages"

    def extract(self, doc: object) -> list[TextSlot]:
        return extract_fields(doc, _REQUEST, required_any=("messages",))
