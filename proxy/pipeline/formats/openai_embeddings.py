"""OpenAI Embeddings (`POST /v1/embeddings`): `input`.

Reference: https://platform.openai.com/docs/api-reference/embeddings/create. Input given as
token ids is not text a person typed and is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from proxy.pipeline.formats.base import Handler, TextSlot, extract_fields, strings_or_tokens

__all__ = ["OpenAIEmbeddingsAdapter"]

_REQUEST: Mapping[str, Handler] = {"input": strings_or_tokens}


class OpenAIEmbeddingsAdapter:
    """`input` (string, list of strings, or token ids)."""

    __slots__ = ()
    name: ClassVar[str] = "openai_embeddings"

    def extract(self, doc: object) -> list[TextSlot]:
        return extract_fields(doc, _REQUEST, required_any=("input",))
