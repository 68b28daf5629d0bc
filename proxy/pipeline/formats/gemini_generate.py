"""Google Gemini `generateContent` / `streamGenerateContent`: contents, parts and system instruction.

Reference: https://ai.google.dev/api/generate-content. Parts are told apart by which field they
hold, not by a "type"; the REST API accepts both camelCase and snake_case names, so both are read.
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
    with_role,
)

__all__ = ["GeminiGenerateAdapter"]


def _both_spellings(table: Mapping[str, Handler]) -> dict[str, Handler]:
    """{"functionCall": h} -> {"functionCall": h, "function_call": h}."""
    out: dict[str, Handler] = {}
    for camel, handler in table.items():
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in camel)
        out[camel] = handler
        out[snake] = handler
    return out


# A part holding none of these fields is a kind we do not know: every string in it is read.
_PART: Handler = fields(
    _both_spellings(
        {
            "text": text_at,
            "functionCall": fields({"args": every_string}),
            "functionResponse": fields({"response": every_string}),
            "executableCode": fields({"code": text_at}),
            "codeExecutionResult": fields({"output": text_at}),
            "inlineData": skip,  # base64 media
            "fileData": skip,  # a file URI
            "thought": skip,  # a flag
            "thoughtSignature": skip,  # opaque, must stay byte-exact
            "videoMetadata": skip,
        }
    ),
    unknown_object_is_text=True,
)

_CONTENT: Handler = fields({"parts": each(_PART)})

# The system instruction is a Content; a bare string is accepted too rather than falling back.
_SYSTEM: Handler = with_role("system", text_or(_CONTENT))

_REQUEST: Mapping[str, Handler] = {
    "contents": each(role_from("role", _CONTENT)),
    "systemInstruction": _SYSTEM,
    "system_instruction": _SYSTEM,
}


class GeminiGenerateAdapter:
    """`contents[*].parts[*]` (text, function call/response) and the system instruction."""

    __slots__ = ()
    name: ClassVar[str] = "gemini_generate"

    def extract(self, doc: object) -> list[TextSlot]:
        return extract_fields(doc, _REQUEST, required_any=("contents",))
