"""Request-body format adapters: which strings of an AI service's JSON body a person wrote.

`get_adapter("openai_chat").extract(body)` lists the text slots; after scanning,
`apply_replacements(body, {slot.path: new_text})` writes the rewritten texts back.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from proxy.adapters.anthropic_messages import AnthropicMessagesAdapter
from proxy.adapters.base import (
    FormatAdapter,
    JsonPath,
    TextSlot,
    all_strings,
    apply_replacements,
)
from proxy.adapters.gemini_generate import GeminiGenerateAdapter
from proxy.adapters.generic_json import GenericJsonAdapter
from proxy.adapters.ollama import OllamaAdapter
from proxy.adapters.openai_chat import OpenAIChatAdapter
from proxy.adapters.openai_completions import OpenAICompletionsAdapter
from proxy.adapters.openai_embeddings import OpenAIEmbeddingsAdapter
from proxy.adapters.openai_responses import OpenAIResponsesAdapter

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
