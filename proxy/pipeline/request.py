"""The values that cross the cut between the mitmproxy edge and the pipeline:
what the guard is shown of a request, and what it decided to do with it;
and which request headers carry user text (`user_text_headers`)."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

from proxy.pipeline.blocking import BlockResponse
from proxy.pipeline.decision import Decision

__all__ = ["RequestView", "Outcome", "user_text_headers", "USER_TEXT_HEADERS", "CREDENTIAL_HEADERS"]

#: Headers that carry what a person typed or named: the page a request came from (its path and
#: query), file names of raw uploads, and the titles some clients and web chat sites send.
USER_TEXT_HEADERS = frozenset((
    "referer", "content-disposition", "x-title", "x-file-name", "x-filename", "x-upload-filename",
    "x-file-title", "x-conversation-title", "x-chat-title", "x-prompt", "x-query", "slug",
))

#: Never scanned (a key or token would be a SECRET finding on every request) and never recorded.
CREDENTIAL_HEADERS = frozenset((
    "authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-goog-api-key",
    "x-csrf-token", "x-xsrf-token",
))


def user_text_headers(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The headers to scan: the named ones, and any other non-credential header whose value
    (percent-decoded) holds non-ASCII text — custom `x-*` headers of web chat sites carrying
    Chinese text — or a run of eleven digits (a phone or ID number). Other plain ASCII technical
    headers (user agent, ids, versions) are not scanned: their digits would only add false
    findings. Names are lower-cased."""
    chosen: list[tuple[str, str]] = []
    for name, value in headers:
        key = name.lower()
        if key in CREDENTIAL_HEADERS:
            continue
        if key in USER_TEXT_HEADERS or not _ascii(value) or _LONG_DIGITS.search(value):
            chosen.append((key, value))
    return tuple(chosen)


#: As many digits in a row as the shortest phone number: `x-student-id: <ID number>` is user data
#: in plain ASCII (found by the r19 packaging probe); versions, sizes and ids rarely have 11.
_LONG_DIGITS = re.compile(r"\d{11}")


def _ascii(value: str) -> bool:
    if not value.isascii():
        return False
    return "%" not in value or urllib.parse.unquote_to_bytes(value).isascii()


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
    #: Headers that carry user text (`user_text_headers`), scanned like the body.
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    decision: Decision
    body: bytes | None = None  # new body, when rewritten
    query: tuple[tuple[str, str], ...] | None = None  # new query, when rewritten
    block: BlockResponse | None = None
    conversation: str | None = None  # vault key, when placeholders were minted
    stream: bool = False
    path: str | None = None  # new path (without query), when a segment held personal data
    #: Headers to remove before forwarding: they held personal data that needs rewriting.
    drop_headers: tuple[str, ...] = ()
