"""Request-body format adapters: which strings of an AI service's JSON body a person wrote.

`get_adapter("openai_chat").extract(body)` lists the text slots; after scanning,
`apply_replacements(body, {slot.path: new_text})` writes the rewritten texts back.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from proxy.pipeline.formats.anthropic_messages import AnthropicMessagesAdapter
from proxy.pipeline.formats.base import (
    FormatAdapter,
    JsonPath,
    TextSlot,
    all_strings,
    apply_replacements,
)
from proxy.pipeline.formats.gemini_generate import GeminiGenerateAdapter
from proxy.pipeline.formats.generic_json import GenericJsonAdapter
from proxy.pipeline.formats.ollama import OllamaAdapter
from proxy.pipeline.formats.openai_chat import OpenAIChatAdapter
from proxy.pipeline.formats.openai_completions import OpenAICompletionsAdapter
from proxy.pipeline.formats.openai_embeddings import OpenAIEmbeddingsAdapter
from proxy.pipeline.formats.openai_responses import OpenAIResponsesAdapter

__all__ = [
    "ADAPTERS",
    "FormatAdapter",
    "JsonPath",
    "TextSlot",
    "all_strings",
    "apply_replacements",
    "get_adapter",
]

_ALL: tuple[FormatAdapter, ...] = (
    OpenAIChatAdapter(),
    OpenAIResponsesAdapter(),
    OpenAICompletionsAdapter(),
    OpenAIEmbeddingsAdapter(),
    AnthropicMessagesAdapter(),
    GeminiGenerateAdapter(),
    OllamaAdapter(),
    GenericJsonAdapter(),
)

ADAPTERS: Mapping[str, FormatAdapter] = MappingProxyType({adapter.name: adapter for adapter in _ALL})


def get_adapter(name: str) -> FormatAdapter:
    """The adapter for a format name; KeyError lists the known names."""
    try:
        return ADAPTERS[name]
    except KeyError:
        known = ", ".join(sorted(ADAPTERS))
        raise KeyError(f"unknown request format {name!r}; known formats: {known}") from None
