"""The values that cross the cut between the mitmproxy edge and the pipeline:
what the guard is shown of a request, and what it decided to do with it."""

from __future__ import annotations

from dataclasses import dataclass

from proxy.pipeline.blocking import BlockResponse
from proxy.pipeline.decision import Decision

__all__ = ["RequestView", "Outcome"]


@dataclass(frozen=True, slots=True)
class RequestView:
    request_id: str
    client: str
    host: str
    path: str  # without query
    query: tuple[tuple[str, str], ...]
    method: str
    content_type: str
    accept: str
    body: bytes  # content-encoding already removed


@dataclass(frozen=True, slots=True)
class Outcome:
    decision: Decision
    body: bytes | None = None  # new body, when rewritten
    query: tuple[tuple[str, str], ...] | None = None  # new query, when rewritten
    block: BlockResponse | None = None
    conversation: str | None = None  # vault key, when placeholders were minted
    stream: bool = False
