"""A request split into text slots, and how to write rewritten slots back.

Theory of operation: `parse_request` reads the query string and the body by its
content type (JSON through the format adapter, multipart parts, form fields,
plain text) into a `ParsedRequest`: one tuple of texts to scan, what could not
be scanned, and a layout that knows where each text came from. After the
scanner and the policy have rewritten the texts, `ParsedRequest.render(texts)`
builds the new query and body; parts nobody rewrote stay byte-for-byte.
Nothing here decides anything: that is the guard's job.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from proxy.pipeline.formats import TextSlot, apply_replacements, get_adapter
from proxy.pipeline.jsonwalk import check_depth
from proxy.pipeline.request import RequestView
from proxy.pipeline.uploads.sandbox import extract_text  # in a worker process, under a budget
from proxy.pipeline.uploads.multipart import Part, join_multipart, split_multipart
from proxy.policy.catalog import Route

__all__ = ["ParsedRequest", "parse_request", "wants_stream"]

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class _NoBody:
    def render(self, texts: Sequence[str]) -> bytes | None:
        return None


@dataclass(frozen=True, slots=True)
class _TextBody:
    slot: int

    def render(self, texts: Sequence[str]) -> bytes | None:
        return texts[self.slot].encode("utf-8")


@dataclass(frozen=True, slots=True)
class _FormBody:
    pairs: Pairs
    first: int  # slot of the first value

    def render(self, texts: Sequence[str]) -> bytes | None:
        pairs = [(k, texts[self.first + i]) for i, (k, _v) in enumerate(self.pairs)]
        return urllib.parse.urlencode(pairs).encode()


@dataclass(frozen=True, slots=True)
class _JsonBody:
    doc: object
    slots: tuple[TextSlot, ...]
    first: int

    def render(self, texts: Sequence[str]) -> bytes | None:
        replacements = {s.path: texts[self.first + n] for n, s in enumerate(self.slots)
                        if texts[self.first + n] != s.text}
        if not replacements:
            return None
        return json.dumps(apply_replacements(self.doc, replacements), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True, slots=True)
class _MultipartBody:
    content_type: str
    preamble: bytes
    parts: tuple[Part, ...]
    epilogue: bytes
    #: (part index, slot index) of the parts whose text may be rewritten.
    rewritable: tuple[tuple[int, int], ...]

    def render(self, texts: Sequence[str]) -> bytes | None:
        new_parts = list(self.parts)
        for i, slot in self.rewritable:
            new_parts[i] = self.parts[i].with_body(texts[slot].encode("utf-8"))
        return join_multipart(self.content_type, self.preamble, new_parts, self.epilogue)


_BodyLayout = _NoBody | _TextBody | _FormBody | _JsonBody | _MultipartBody


@dataclass(frozen=True, slots=True)
class ParsedRequest:
    """The texts of one request in scan order: query values first, then the body's."""

    texts: tuple[str, ...]
    query: Pairs
    body: _BodyLayout
    #: Parts that could not be read (binary uploads), as "file:binary", "body:image/png", …
    unscanned: tuple[str, ...] = ()
    #: Slots holding text extracted from .docx/.xlsx/.pdf: they cannot be rewritten.
    document_slots: frozenset[int] = frozenset()
    #: The parsed JSON body, when there is one (for conversation ids).
    doc: object = None
    stream: bool = False

    def render(self, texts: Sequence[str]) -> tuple[bytes | None, Pairs | None]:
        """The new body (None: unchanged) and query (None: there was none)."""
        query = tuple((k, texts[i]) for i, (k, _v) in enumerate(self.query)) if self.query else None
        return self.body.render(texts), query


def parse_request(req: RequestView, route: Route) -> ParsedRequest:
    """Split a request into text slots; raises ValueError (and its kin) on a body
    that claims a format it does not have, which the guard turns into a block."""
    ctype = req.content_type.lower()
    texts = [v for _k, v in req.query]
    first = len(texts)
    body = req.body
    if not body:
        return ParsedRequest(tuple(texts), req.query, _NoBody(), stream=wants_stream(req, route))
    if "multipart/form-data" in ctype:
        return _parse_multipart(req, route, texts)
    if "application/x-www-form-urlencoded" in ctype:
        pairs = tuple(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        texts.extend(v for _k, v in pairs)
        return ParsedRequest(tuple(texts), req.query, _FormBody(pairs, first), stream=wants_stream(req, route))
    if _looks_json(ctype, body):
        doc = json.loads(body.decode("utf-8"))
        check_depth(doc)
        slots = tuple(get_adapter(route.format).extract(doc))
        texts.extend(s.text for s in slots)
        return ParsedRequest(tuple(texts), req.query, _JsonBody(doc, slots, first), doc=doc,
                             stream=wants_stream(req, route, doc))
    text = decode_text(body)
    if text is None:
        return ParsedRequest(tuple(texts), req.query, _NoBody(), unscanned=(f"body:{ctype or 'unknown'}",),
                             stream=wants_stream(req, route))
    texts.append(text)
    return ParsedRequest(tuple(texts), req.query, _TextBody(first), stream=wants_stream(req, route))


def _parse_multipart(req: RequestView, route: Route, texts: list[str]) -> ParsedRequest:
    preamble, parts, epilogue = split_multipart(req.content_type, req.body)
    rewritable: list[tuple[int, int]] = []
    unscanned: list[str] = []
    documents: set[int] = set()
    for i, part in enumerate(parts):
        if part.filename is None:
            text = decode_text(part.body)
            if text is None:
                unscanned.append("field:binary")
                continue
            texts.append(text)
            rewritable.append((i, len(texts) - 1))
            continue
        extracted = extract_text(part.filename, part.content_type, part.body)
        if extracted.text is None:
            unscanned.append(f"file:{extracted.kind}")
            continue
        texts.append(extracted.text)
        if extracted.kind == "text":
            rewritable.append((i, len(texts) - 1))
        else:
            # A .docx/.xlsx/.pdf cannot be rewritten faithfully: if it needs
            # redaction the upload is blocked (the guard's rule).
            documents.add(len(texts) - 1)
    layout = _MultipartBody(req.content_type, preamble, tuple(parts), epilogue, tuple(rewritable))
    return ParsedRequest(tuple(texts), req.query, layout, unscanned=tuple(unscanned),
                         document_slots=frozenset(documents), stream=wants_stream(req, route))


def wants_stream(req: RequestView, route: Route, doc: object = None) -> bool:
    """Whether the client asked for a streamed answer (so a block must be an SSE error event)."""
    if route.format == "gemini_generate" and "streamGenerateContent" in req.path:
        return True
    if doc is not None:
        return isinstance(doc, dict) and doc.get("stream") is True
    return b'"stream"' in req.body and re.search(rb'"stream"\s*:\s*true', req.body) is not None


def _looks_json(ctype: str, body: bytes) -> bool:
    if "json" in ctype:
        return True
    head = body.lstrip()[:1]
    return head in (b"{", b"[")


def decode_text(body: bytes) -> str | None:
    """UTF-8 text, or None for binary (control characters betray binary that
    happens to be valid UTF-8)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if sum(1 for c in text[:4096] if ord(c) < 9) > 8:
        return None
    return text
