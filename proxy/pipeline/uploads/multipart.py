"""multipart/form-data split and re-join that keeps untouched parts byte-for-byte (RFC 7578)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

__all__ = ["Part", "split_multipart", "join_multipart", "boundary_of"]

_BOUNDARY = re.compile(r'boundary=(?:"([^"]+)"|([^;\s]+))', re.IGNORECASE)
_DISPOSITION_PARAM = re.compile(r'(\w+)\*?=(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))')


@dataclass(frozen=True, slots=True)
class Part:
    raw_headers: bytes
    body: bytes
    name: str | None
    filename: str | None
    content_type: str | None

    def with_body(self, body: bytes) -> Part:
        return replace(self, body=body)


def boundary_of(content_type: str) -> str | None:
    m = _BOUNDARY.search(content_type)
    return (m.group(1) or m.group(2)) if m else None


def _parse_headers(raw: bytes) -> tuple[str | None, str | None, str | None]:
    name = filename = ctype = None
    for line in raw.decode("utf-8", errors="replace").split("\r\n"):
        key, _, value = line.partition(":")
        key = key.strip().lower()
        if key == "content-disposition":
            for m in _DISPOSITION_PARAM.finditer(value):
                v = m.group(2) if m.group(2) is not None else m.group(3)
                if m.group(1).lower() == "name":
                    name = v
                elif m.group(1).lower() == "filename":
                    filename = v
        elif key == "content-type":
            ctype = value.strip()
    return name, filename, ctype


def split_multipart(content_type: str, body: bytes) -> tuple[bytes, list[Part], bytes]:
    """(preamble, parts, epilogue). Raises ValueError when the body is not well formed."""
    boundary = boundary_of(content_type)
    if not boundary:
        raise ValueError("multipart body without a boundary parameter")
    delim = b"--" + boundary.encode("latin-1")
    pieces = body.split(delim)
    if len(pieces) < 3:
        raise ValueError("multipart body has no parts")
    preamble, *middle, last = pieces
    if not last.startswith(b"--"):
        raise ValueError("multipart body is not terminated")
    parts: list[Part] = []
    for piece in middle:
        if not piece.startswith(b"\r\n"):
            raise ValueError("malformed multipart delimiter line")
        head, sep, rest = piece[2:].partition(b"\r\n\r\n")
        if not sep:
            raise ValueError("multipart part without a header/body separator")
        if not rest.endswith(b"\r\n"):
            raise ValueError("multipart part not followed by CRLF")
        name, filename, ctype = _parse_headers(head)
        parts.append(Part(raw_headers=head, body=rest[:-2], name=name, filename=filename, content_type=ctype))
    return preamble, parts, last


def join_multipart(content_type: str, preamble: bytes, parts: list[Part], epilogue: bytes) -> bytes:
    boundary = boundary_of(content_type)
    assert boundary is not None
    delim = b"--" + boundary.encode("latin-1")
    out = [preamble]
    for p in parts:
        out.append(delim + b"\r\n" + p.raw_headers + b"\r\n\r\n" + p.body + b"\r\n")
    out.append(delim + epilogue)
    return b"".join(out)
