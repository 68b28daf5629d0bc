"""OpenAI legacy Completions (`POST /v1/completions`): `prompt` and `suffix`.

Reference: https://platform.openai.com/docs/api-reference/completions/create. A prompt given as
token ids is not text a person typed and is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from proxy.pipeline.formats.base import (
    Handler,
    TextSlot,
    extract_fields,
    strings_or_tokens,
    text_at,
)

__all__ = ["OpenAICompletionsAdapter"]

_REQUEST: Mapping[str, Handler] = {"prompt": strings_or_tokens, "suffix": text_at}


class OpenAICompletionsAdapter:
    """`prompt` (string, list of strings, or token ids) and `suffix`."""

    __slots__ = ()
    name: ClassVar[str] = "openai_completions"

    def extract(self, doc: object) -> list[TextSlot]:
        return extract_fields(doc, _REQUEST, required_any=("prompt",))
