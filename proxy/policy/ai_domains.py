"""The maintained list of generative-AI domains (`config/ai_domains.yaml`) and
what makes a host name look like an AI service.

A listed domain covers its subdomains (`perplexity.ai` covers
`www.perplexity.ai`); a host in the service catalog is routed by the catalog,
never by this list. Hosts outside both that merely *look* like AI (a label such
as `gpt`, `llm`, `aigc`, or the `.ai` top-level domain) are only reported by
discovery, never blocked on a guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal, get_args

from pydantic import Field, field_validator

from proxy.policy.loading import StrictModel, load_yaml_model

__all__ = ["AiCategory", "AI_CATEGORIES", "AiDomains", "load_ai_domains", "SHIPPED_AI_DOMAINS", "looks_like_ai"]

AiCategory = Literal["chat", "image", "writing", "homework", "companion", "video", "audio", "code", "search", "other"]
AI_CATEGORIES: tuple[AiCategory, ...] = get_args(AiCategory)

#: The list shipped with the product (config/ai_domains.yaml at the repository root).
SHIPPED_AI_DOMAINS = Path(__file__).resolve().parents[2] / "config" / "ai_domains.yaml"

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")


class AiDomainsFile(StrictModel):
    #: category -> domains (each covers its subdomains).
    domains: dict[AiCategory, tuple[str, ...]] = Field(min_length=1)

    @field_validator("domains")
    @classmethod
    def _well_formed(cls, v: dict[AiCategory, tuple[str, ...]]) -> dict[AiCategory, tuple[str, ...]]:
        bad = sorted({d for ds in v.values() for d in ds if not _DOMAIN.match(d)})
        if bad:
            raise ValueError(f"not lower-case domain names: {bad[:10]}")
        return v


@dataclass(frozen=True, slots=True)
class AiDomains:
    """domain -> category; `category_of` walks the host's parent domains."""

    categories: Mapping[str, str]

    @staticmethod
    def of(entries: Mapping[str, str]) -> AiDomains:
        return AiDomains(MappingProxyType(dict(entries)))

    def category_of(self, host: str) -> str | None:
        h = host.lower().rstrip(".")
        while h:
            found = self.categories.get(h)
            if found is not None:
                return found
            h = h.partition(".")[2]
        return None

    def __len__(self) -> int:
        return len(self.categories)


def load_ai_domains(path: Path, extra: tuple[str, ...] = ()) -> AiDomains:
    """The list file plus a school's own additions (category `other`)."""
    parsed = load_yaml_model(AiDomainsFile, path)
    entries: dict[str, str] = {}
    for category, domains in parsed.domains.items():
        for d in domains:
            entries.setdefault(d, category)
    for d in extra:
        entries.setdefault(d.lower().rstrip("."), "other")
    return AiDomains.of(entries)


# Tokens that make a label look like an AI service (for discovery only). Whole
# labels or label parts separated by '-': "gpt", "my-gpt", "aigc", "chatbot".
_AI_TOKENS = frozenset({
    "ai", "gpt", "chatgpt", "llm", "llms", "aigc", "chatbot", "chatai", "aichat", "copilot", "genai", "agi",
    "openai", "claude", "gemini", "deepseek", "qwen", "kimi", "doubao", "ernie", "wenxin", "yiyan", "chatglm",
    "glm", "zhipu", "hunyuan", "xinghuo", "spark", "mistral", "llama", "ollama", "perplexity", "midjourney",
    "stablediffusion", "sd", "diffusion", "aiwriter", "xiezuo", "zuowen", "zuoye", "sora", "suno", "tongyi",
    "moonshot", "minimax", "baichuan", "stepfun", "sensechat", "yuanbao",
})
_TOKEN_SPLIT = re.compile(r"[-_]")


def looks_like_ai(host: str) -> str | None:
    """The reason a host name looks like an AI service ("tld:ai", "label:gpt"), or None."""
    h = host.lower().rstrip(".")
    labels = h.split(".")
    if len(labels) >= 2 and labels[-1] == "ai":
        return "tld:ai"
    for label in labels[:-1]:
        for token in _TOKEN_SPLIT.split(label):
            if token in _AI_TOKENS or token.endswith(("gpt", "aigc")) or token.startswith(("gpt", "aigc")):
                return f"label:{token}"
    return None
