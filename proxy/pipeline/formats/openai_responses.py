"""OpenAI Responses API (`POST /v1/responses`): `instructions`, `input` and prompt variables.

Reference: https://platform.openai.com/docs/api-reference/responses/create. Function calls are
given role "assistant" and their outputs role "tool", as the Chat Completions format names them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from proxy.pipeline.formats.base import (
    Handler,
    JsonPath,
    TextSlot,
    every_string,
    extract_fields,
    fields,
    role_from,
    skip,
    text_at,
    text_or,
    typed_blocks,
    with_role,
)

__all__ = ["OpenAIResponsesAdapter"]

# Content parts of message items and of tool outputs; an unknown type yields all its strings.
_PARTS: Mapping[str, Handler] = {
    "input_text": fields({"text": text_at}),
    "output_text": fields({"text": text_at}),  # annotations are the model's citations: not read
    "text": fields({"text": text_at}),
    "refusal": fields({"refusal": text_at}),
    "input_image": skip,  # image_url (maybe a base64 data URL) or file_id
    "input_audio": skip,  # base64 audio
    "input_file": fields({"filename": text_at}),  # file_data is base64, file_id an id
}

_CONTENT: Handler = text_or(typed_blocks(_PARTS))

# Input items. An item without "type" but with a role is a message ("EasyInputMessage").
_ITEMS: Mapping[str, Handler] = {
    "message": role_from("role", fields({"content": _CONTENT})),
    "function_call": with_role("assistant", fields({"arguments": text_at})),
    "function_call_output": with_role("tool", fields({"output": _CONTENT})),
    "custom_tool_call": with_role("assistant", fields({"input": text_at})),
    "custom_tool_call_output": with_role("tool", fields({"output": _CONTENT})),
    "reasoning": with_role(
        "assistant",
        fields(
            {  # encrypted_content is opaque and must stay byte-exact: not read
                "summary": typed_blocks({"summary_text": fields({"text": text_at})}),
                "content": typed_blocks({"reasoning_text": fields({"text": text_at})}),
            }
        ),
    ),
    "item_reference": skip,  # only an id
}

_INPUT_ITEMS: Handler = typed_blocks(_ITEMS, default_type="message")


def _input(node: object, path: JsonPath, role: str | None) -> list[TextSlot]:
    """A bare string input is one user message; a list holds items that name their own roles."""
    if isinstance(node, str):
        return text_at(node, path, "user")
    return _INPUT_ITEMS(node, path, role)


_REQUEST: Mapping[str, Handler] = {
    "instructions": with_role("system", text_at),
    "input": _input,
    # Reusable prompt templates: the variables are filled with user text.
    "prompt": fields({"variables": every_string}),
}


class OpenAIResponsesAdapter:
    """`instructions`, `input` (string or items), `prompt.variables`."""

    __slots__ = ()
    name: ClassVar[str] = "openai_responses"

    def extract(self, doc: object) -> list[TextSlot]:
        return extract_fields(doc, _REQUEST, required_any=("input", "instructions", "prompt"))
