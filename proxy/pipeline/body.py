"""A request split into text slots, and how to write rewritten slots back.

Theory of operation: `parse_request` reads the query string and the body by its
content type (JSON through the format adapter, multipart parts, form fields,
plain text) into a `ParsedRequest`: one tuple of texts to scan, what could not
be scanned, and a layout that knows where each text came from. Bytes are judged
by their content, not their label: raw bodies and uploads are sniffed
(`uploads.sniff`), text is decoded in its declared or sniffed charset
(`uploads.charset`: UTF-8, UTF-16, GB18030 family, Big5) and re-encoded in it,
and base64 files inside JSON are decoded and read (`formats.embedded`).

Besides the values, the names around them are scanned: the URL path, query and
form keys, JSON object keys, multipart field names and file names, and the
headers that carry user text. Names cannot be rewritten faithfully, so they are
"fixed" slots (`ParsedRequest.fixed`): the guard blocks when one needs redaction.
The path is the exception: it is rewritten (see `_PathSlot`). A header that
needs rewriting is dropped (see `Rendered.drop_headers`).

After the scanner and the policy have rewritten the texts,
`ParsedRequest.render(texts)` builds the new query, body, path and header list;
parts nobody rewrote stay byte-for-byte. Nothing here decides anything: that is
the guard's job.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Literal

from proxy.pipeline.formats import TextSlot, apply_replacements, get_adapter
from proxy.pipeline.formats.embedded import decode_base64, embedded_files
from proxy.pipeline.jsonwalk import check_depth, strings
from proxy.pipeline.request import RequestView
from proxy.pipeline.uploads.charset import Decoded, decode_text, declared_charset
from proxy.pipeline.uploads.filetext import ExtractedText
from proxy.pipeline.uploads.sandbox import extract_text  # in a worker process, under a budget
from proxy.pipeline.uploads.multipart import Part, join_multipart, split_multipart
from proxy.pipeline.uploads.sniff import sniff
from proxy.policy.catalog import Route

__all__ = ["ParsedRequest", "Rendered", "Unscanned", "FixedPlace", "parse_request", "wants_stream"]

Pairs = tuple[tuple[str, str], ...]

#: Where a slot that cannot be rewritten came from; the guard names its rule after it.
FixedPlace = Literal["document", "file-name", "field-name", "json-key", "unread-text", "query-key", "form-key"]

UnscannedKind = Literal["image", "binary", "error"]


@dataclass(frozen=True, slots=True)
class Unscanned:
    """A part the proxy could not read: where ("file", "field", "body", "json", "form", "query",
    "path", "header") and what ("image", "binary", "error"). Images are told apart because a
    school may allow them (`policy.unscannable_uploads: allow_images`)."""

    place: str
    kind: UnscannedKind

    @property
    def label(self) -> str:
        return f"{self.place}:{self.kind}"


def _kind_of(extracted: ExtractedText) -> UnscannedKind:
    return "image" if extracted.kind == "image" else "error" if extracted.kind == "error" else "binary"


# --------------------------------------------------------------------------- body layouts


@dataclass(frozen=True, slots=True)
class _NoBody:
    def render(self, texts: Sequence[str]) -> bytes | None:
        return None


@dataclass(frozen=True, slots=True)
class _TextBody:
    slot: int
    decoded: Decoded

    def render(self, texts: Sequence[str]) -> bytes | None:
        if texts[self.slot] == self.decoded.text:
            return None
        return self.decoded.encode(texts[self.slot])


@dataclass(frozen=True, slots=True)
class _FormValue:
    key: bytes
    raw: bytes
    decoded: Decoded | None


@dataclass(frozen=True, slots=True)
class _FormBody:
    values: tuple[_FormValue, ...]
    first: int  # slot of the first value

    def render(self, texts: Sequence[str]) -> bytes | None:
        if all(v.decoded is None or texts[self.first + i] == v.decoded.text for i, v in enumerate(self.values)):
            return None
        pairs: list[tuple[bytes, bytes]] = []
        for i, v in enumerate(self.values):
            new = texts[self.first + i]
            if v.decoded is None or new == v.decoded.text:
                pairs.append((v.key, v.raw))
            else:
                pairs.append((v.key, v.decoded.encode(new)))
        return urllib.parse.urlencode(pairs).encode("ascii")


@dataclass(frozen=True, slots=True)
class _JsonBody:
    doc: object
    slots: tuple[TextSlot, ...]
    first: int
    decoded: Decoded

    def render(self, texts: Sequence[str]) -> bytes | None:
        replacements = {s.path: texts[self.first + n] for n, s in enumerate(self.slots)
                        if texts[self.first + n] != s.text}
        if not replacements:
            return None
        return self.decoded.encode(json.dumps(apply_replacements(self.doc, replacements), ensure_ascii=False))


@dataclass(frozen=True, slots=True)
class _MultipartBody:
    content_type: str
    preamble: bytes
    parts: tuple[Part, ...]
    epilogue: bytes
    #: (part index, slot index, charset) of the parts whose text may be rewritten.
    rewritable: tuple[tuple[int, int, Decoded], ...]

    def render(self, texts: Sequence[str]) -> bytes | None:
        new_parts = list(self.parts)
        changed = False
        for i, slot, decoded in self.rewritable:
            if texts[slot] != decoded.text:
                new_parts[i] = self.parts[i].with_body(decoded.encode(texts[slot]))
                changed = True
        if not changed:
            return None
        return join_multipart(self.content_type, self.preamble, new_parts, self.epilogue)


_BodyLayout = _NoBody | _TextBody | _FormBody | _JsonBody | _MultipartBody


# --------------------------------------------------------------------------- names around the body


@dataclass(frozen=True, slots=True)
class _QueryValue:
    key: str
    value: str  # as mitmproxy gave it (surrogate-escaped)
    decoded: Decoded | None  # set when the value was not UTF-8 and was decoded in another charset


@dataclass(frozen=True, slots=True)
class _PathSlot:
    """The URL path as a slot. Redact/pseudonymise rewrite the segment (the value never leaves,
    even if the upstream then answers 404: a path with a student's ID number is not one the
    service needs); block blocks. The audit record always holds the path with every finding
    replaced by its typed label, whatever the action (no raw values in any field)."""

    slot: int
    original: str
    decoded: Decoded

    def render(self, texts: Sequence[str]) -> str | None:
        new = texts[self.slot]
        if new == self.decoded.text:
            return None
        return urllib.parse.quote(self.decoded.encode(new), safe="/:@!$&'()*+,;=-._~")


@dataclass(frozen=True, slots=True)
class Rendered:
    body: bytes | None  # None: unchanged
    query: Pairs | None  # None: there was none
    path: str | None  # None: unchanged
    drop_headers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParsedRequest:
    """The texts of one request in scan order: query values, the body's texts, then the names."""

    texts: tuple[str, ...]
    query: tuple[_QueryValue, ...]
    body: _BodyLayout
    #: Parts that could not be read (binary uploads, undecodable text).
    unscanned: tuple[Unscanned, ...] = ()
    #: Slots that cannot be rewritten: document text, file names, field names, keys.
    fixed: tuple[tuple[int, FixedPlace], ...] = ()
    path: _PathSlot | None = None
    #: (slot, header name) of scanned headers.
    headers: tuple[tuple[int, str], ...] = ()
    #: The parsed JSON body, when there is one (for conversation ids).
    doc: object = None
    stream: bool = False

    @property
    def document_slots(self) -> frozenset[int]:
        return frozenset(i for i, place in self.fixed if place == "document")

    @property
    def content_count(self) -> int:
        """How many texts a person wrote (messages, fields, documents): not the names,
        keys, path or headers around them."""
        names = {i for i, place in self.fixed if place != "document"} | {slot for slot, _ in self.headers}
        if self.path is not None:
            names.add(self.path.slot)
        return len(self.texts) - len(names)

    def render(self, texts: Sequence[str]) -> Rendered:
        query = None
        if self.query:
            query = tuple((q.key, self._query_value(q, texts[i])) for i, q in enumerate(self.query))
        drop = tuple(name for slot, name in self.headers if texts[slot] != self.texts[slot])
        return Rendered(self.body.render(texts), query, self.path.render(texts) if self.path else None, drop)

    @staticmethod
    def _query_value(q: _QueryValue, new: str) -> str:
        if q.decoded is None:
            return new
        if new == q.decoded.text:
            return q.value
        # mitmproxy re-encodes query values as UTF-8 with surrogate escapes: hand it the charset's bytes.
        return q.decoded.encode(new).decode("utf-8", "surrogateescape")


@dataclass(slots=True)
class _Builder:
    texts: list[str] = field(default_factory=list)
    unscanned: list[Unscanned] = field(default_factory=list)
    fixed: list[tuple[int, FixedPlace]] = field(default_factory=list)

    def add(self, text: str) -> int:
        self.texts.append(text)
        return len(self.texts) - 1

    def add_fixed(self, text: str, place: FixedPlace) -> None:
        if text.strip():
            self.fixed.append((self.add(text), place))

    def add_names(self, names: Iterator[str] | Sequence[str], place: FixedPlace) -> None:
        """Many short names scanned as one text, one per line (deduplicated, in order)."""
        self.add_fixed("\n".join(dict.fromkeys(n for n in names if n)), place)


# --------------------------------------------------------------------------- parsing


def parse_request(req: RequestView, route: Route) -> ParsedRequest:
    """Split a request into text slots; raises ValueError (and its kin) on a body
    that claims a format it does not have, which the guard turns into a block."""
    b = _Builder()
    query = tuple(_query_value(b, k, v) for k, v in req.query)
    ctype = req.content_type.lower()
    body = req.body
    layout: _BodyLayout = _NoBody()
    doc: object = None
    if not body:
        pass
    elif "multipart/form-data" in ctype:
        layout = _parse_multipart(req, b)
    elif "application/x-www-form-urlencoded" in ctype:
        layout = _parse_form(body, declared_charset(ctype), b)
    elif _looks_json(ctype, body):
        layout, doc = _parse_json(body, declared_charset(ctype), route, b)
    else:
        layout = _parse_raw(req, b)
    b.add_names((k for k, _v in req.query), "query-key")
    path = _path_slot(req.path, b)
    headers = tuple((b.add(text), name) for name, value in req.headers
                    if (text := _header_text(name, value, b)))
    return ParsedRequest(
        tuple(b.texts), query, layout, unscanned=tuple(b.unscanned), fixed=tuple(b.fixed), path=path,
        headers=headers, doc=doc, stream=wants_stream(req, route, doc),
    )


_SURROGATES = re.compile("[\udc80-\udcff]")


def _query_value(b: _Builder, key: str, value: str) -> _QueryValue:
    """A query value is a slot; one percent-encoded in GBK/Big5 (not UTF-8) is decoded in its charset."""
    if not _SURROGATES.search(value):
        b.add(value)
        return _QueryValue(key, value, None)
    raw = value.encode("utf-8", "surrogateescape")
    decoded = decode_text(raw)
    if decoded is None:
        b.unscanned.append(Unscanned("query", "binary"))
        b.add(raw.decode("utf-8", "replace"))
        return _QueryValue(key, value, None)
    b.add(decoded.text)
    return _QueryValue(key, value, decoded)


def _path_slot(path: str, b: _Builder) -> _PathSlot | None:
    if not path.strip("/"):
        return None
    decoded = decode_text(urllib.parse.unquote_to_bytes(path))
    if decoded is None:
        b.unscanned.append(Unscanned("path", "binary"))
        return None
    return _PathSlot(b.add(decoded.text), path, decoded)


def _header_text(name: str, value: str, b: _Builder) -> str:
    raw = urllib.parse.unquote_to_bytes(value.encode("utf-8", "surrogateescape"))
    decoded = decode_text(raw)
    if decoded is None:
        b.unscanned.append(Unscanned("header", "binary"))
        return ""
    return decoded.text


def _parse_raw(req: RequestView, b: _Builder) -> _BodyLayout:
    """A body that is neither JSON nor a form: a document, an image, text or binary, by its bytes."""
    body = req.body
    if sniff(body).kind == "unknown":
        decoded = decode_text(body, declared_charset(req.content_type))
        if decoded is None:
            b.unscanned.append(Unscanned("body", "binary"))
            return _NoBody()
        return _TextBody(b.add(decoded.text), decoded)
    extracted = extract_text("", req.content_type, body)
    if extracted.text is None:
        b.unscanned.append(Unscanned("body", _kind_of(extracted)))
    else:
        b.add_fixed(extracted.text, "document")
    return _NoBody()


def _parse_form(body: bytes, charset: str | None, b: _Builder) -> _FormBody:
    pairs = urllib.parse.parse_qsl(body.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    first = len(b.texts)
    values: list[_FormValue] = []
    for k, v in pairs:
        raw = v.encode("latin-1")
        decoded = decode_text(raw, charset)
        if decoded is None:
            b.unscanned.append(Unscanned("form", "binary"))
            b.add(raw.decode("utf-8", "replace"))
        else:
            b.add(decoded.text)
        values.append(_FormValue(k.encode("latin-1"), raw, decoded))
    keys = (decode_text(k.encode("latin-1"), charset) for k, _v in pairs)
    b.add_names((k.text for k in keys if k is not None), "form-key")
    return _FormBody(tuple(values), first)


def _parse_json(body: bytes, charset: str | None, route: Route, b: _Builder) -> tuple[_JsonBody, object]:
    decoded = decode_text(body, charset)
    if decoded is None:
        raise ValueError("JSON body in no charset the proxy reads")
    floats: list[str] = []
    doc = json.loads(decoded.text, object_pairs_hook=_unique_keys, parse_float=partial(_float_literal, floats))
    check_depth(doc)
    files = embedded_files(doc)
    # Base64 file data is read as a file below, not scanned (or rewritten) as text, where every
    # string is a slot (web chats' private JSON: scanning megabytes of base64 as text would spend
    # the scan budget). A known format's adapter names the strings the model reads as text: one
    # shaped like a file there is scanned as text too, or digits written after an image's base64
    # (base64 letters, all of them) would reach the model unread when images are allowed.
    file_paths = {f.path for f in files if f.base64} if route.format == "generic_json" else set()
    slots = tuple(s for s in get_adapter(route.format).extract(doc) if s.path not in file_paths)
    slot_paths = {s.path for s in slots}
    first = len(b.texts)
    b.texts.extend(s.text for s in slots)
    for f in files:
        if not f.base64:
            # A file field in plain or percent-encoded text: the adapter may not read it as a
            # message (OpenAI `file_data`, Gemini `inline_data`), so it is read here as a document.
            if f.path not in slot_paths:
                text = decode_text(urllib.parse.unquote_to_bytes(f.data))
                if text is None:
                    b.unscanned.append(Unscanned("json", "binary"))
                else:
                    b.add_fixed(text.text, "document")
            continue
        try:
            data = decode_base64(f.data)
        except ValueError:
            b.unscanned.append(Unscanned("json", "error"))
            continue
        extracted = extract_text(f.filename or "", f.media_type, data)
        if extracted.text is None:
            b.unscanned.append(Unscanned("json", _kind_of(extracted)))
        else:
            b.add_fixed(extracted.text, "document")
    keys, numbers = _json_names(doc)
    b.add_names(keys, "json-key")
    # A number is no string, but a phone or ID number written as one is still the value (found by
    # the r19 packaging probe): long ones are scanned as written, blocked when they need redaction.
    b.add_names(numbers + floats, "unread-text")
    if route.format != "generic_json":
        # Every string the adapter does not read as text still reaches the AI service (`metadata`,
        # `user`, tool descriptions, JSON schemas, `prediction`, image URLs, fields a new API version
        # adds): scanned as one name-like text, blocked when it would need redaction (found by the
        # r19 packaging probe). Files found above are read as files, not here.
        file_paths = {f.path for f in files}
        b.add_names((t for p, t in strings(doc) if p not in slot_paths and p not in file_paths), "unread-text")
    return _JsonBody(doc, slots, first, decoded), doc


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object whose keys repeat is refused (blocked): Python keeps the last value, a receiver
    that keeps the first would read the one never scanned (RFC 8259 §4: names SHOULD be unique;
    found by the r19 packaging probe)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise ValueError("JSON object with a repeated key")
    return obj


#: Digits from which a JSON number could be a phone, ID or student number.
_LONG_NUMBER = 7


def _float_literal(seen: list[str], literal: str) -> float:
    """`parse_float` that keeps each long number in positional form from its literal (a float's
    repr loses an ID's digits; `1.39e10` is a phone number to a receiver that reads it whole)."""
    value = float(literal)
    if 10 ** (_LONG_NUMBER - 1) <= abs(value) < 1e40:  # bounded: `1e99999` is not written out
        seen.append(f"{Decimal(literal):f}")
    return value


def _json_names(doc: object) -> tuple[list[str], list[str]]:
    """Every object key (a key can carry a name: {"王梓涵": {"score": 90}}) and every integer of
    `_LONG_NUMBER` digits or more, in one iterative walk."""
    keys: list[str] = []
    numbers: list[str] = []
    low = 10 ** (_LONG_NUMBER - 1)
    stack = [doc]
    while stack:
        node = stack.pop()
        values: Iterable[object]
        if isinstance(node, dict):
            keys.extend(k for k in node if isinstance(k, str))
            values = node.values()
        elif isinstance(node, list):
            values = node
        else:
            continue
        for v in values:
            if isinstance(v, (dict, list)):
                stack.append(v)
            elif type(v) is int and abs(v) >= low:
                numbers.append(str(v))
    return keys, numbers


def _parse_multipart(req: RequestView, b: _Builder) -> _MultipartBody:
    preamble, parts, epilogue = split_multipart(req.content_type, req.body)
    rewritable: list[tuple[int, int, Decoded]] = []
    # Before the first and after the last delimiter: no part, but bytes the upstream receives all the same.
    for outside in (preamble, epilogue.removeprefix(b"--")):
        if outside.strip():
            decoded_outside = decode_text(outside)
            if decoded_outside is None:
                b.unscanned.append(Unscanned("body", "binary"))
            else:
                b.add_fixed(decoded_outside.text, "unread-text")
    for i, part in enumerate(parts):
        if _TRANSFER_ENCODED.search(part.raw_headers):
            # base64 or quoted-printable (RFC 2045): some receivers decode it (Go's mime/multipart,
            # python-multipart), so the text they read is not the bytes scanned here.
            b.unscanned.append(Unscanned("file" if part.filename is not None else "field", "binary"))
            continue
        charset = declared_charset(part.content_type)
        if part.filename is None and sniff(part.body).kind == "unknown":
            decoded = decode_text(part.body, charset)
            if decoded is None:
                b.unscanned.append(Unscanned("field", "binary"))
                continue
            rewritable.append((i, b.add(decoded.text), decoded))
            continue
        # A file, or a field whose bytes are a document or an image: read it as a file.
        extracted = extract_text(part.filename or "", part.content_type, part.body)
        if extracted.text is None:
            b.unscanned.append(Unscanned("file" if part.filename is not None else "field", _kind_of(extracted)))
            continue
        decoded = decode_text(part.body, charset) if extracted.kind == "text" else None
        if decoded is not None and decoded.text == extracted.text:
            rewritable.append((i, b.add(extracted.text), decoded))
        else:
            # A .docx/.xlsx/.pptx/.pdf cannot be rewritten faithfully: if it needs
            # redaction the upload is blocked (the guard's rule).
            b.add_fixed(extracted.text, "document")
    # The part headers hold the field name and the file name (plain, RFC 5987 `filename*=UTF-8''…`
    # or raw GBK bytes): each part's header block is scanned whole, decoded by its content.
    b.add_names((_part_headers(p, b) for p in parts if p.filename is not None), "file-name")
    b.add_names((_part_headers(p, b) for p in parts if p.filename is None), "field-name")
    return _MultipartBody(req.content_type, preamble, tuple(parts), epilogue, tuple(rewritable))


#: A part header naming a transfer encoding other than the identity ones (RFC 7578 §4.7 deprecates it).
_TRANSFER_ENCODED = re.compile(rb"(?im)^[ \t]*content-transfer-encoding[ \t]*:(?![ \t]*(?:7bit|8bit|binary)[ \t]*\r?$)")


def _part_headers(part: Part, b: _Builder) -> str:
    decoded = decode_text(urllib.parse.unquote_to_bytes(part.raw_headers))
    if decoded is None:
        b.unscanned.append(Unscanned("part-header", "binary"))
        return ""
    return decoded.text


def wants_stream(req: RequestView, route: Route, doc: object = None) -> bool:
    """Whether the client asked for a streamed answer (so a block must be an SSE error event)."""
    if route.format == "gemini_generate" and "streamGenerateContent" in req.path:
        return True
    if doc is not None:
        return isinstance(doc, dict) and doc.get("stream") is True
    return b'"stream"' in req.body and re.search(rb'"stream"\s*:\s*true', req.body) is not None


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _looks_json(ctype: str, body: bytes) -> bool:
    """Declared JSON, or a body whose first character is `{` or `[` in any charset we read:
    a UTF-16 JSON body (BOM or not) read as plain text would leave its `\\uXXXX` escapes
    in front of the values, where no detector sees them (found by the property test)."""
    if "json" in ctype:
        return True
    head = body[:256]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    return head.replace(b"\x00", b"").lstrip()[:1] in (b"{", b"[")
