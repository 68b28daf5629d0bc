"""Resource limits at the edge: header count and size checked before any
per-header work, and request bodies decoded incrementally under a size and
ratio cap (so a decompression bomb stops after a few megabytes, not 4 GiB).

Theory of operation: `check_headers` looks only at the list of raw header
fields (one pass, no dictionary, no lower-casing), so 20,000 tiny headers cost
microseconds and are refused before anything builds a per-header map; after it
has passed, `header_map` builds the lower-cased map in one linear pass (the
mitmproxy `Headers.items()` idiom re-scans every field per key: quadratic).
`decode_body` replaces `Request.get_content()`: it feeds the raw body to a
zlib/brotli/zstd decompressor 64 KiB at a time with an output limit, and stops
as soon as the output would pass `max_bytes` or `max_ratio` times the input.
It is CPU work: callers run it off the event loop (`asyncio.to_thread`).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import brotli  # type: ignore[import-untyped]
import zstandard

__all__ = [
    "HeaderLimits", "BodyLimits", "BodyRefused", "check_headers", "header_map", "decode_body", "SUPPORTED_ENCODINGS",
]

_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class HeaderLimits:
    max_count: int = 200
    max_bytes: int = 64 * 1024


@dataclass(frozen=True, slots=True)
class BodyLimits:
    #: Largest decoded body.
    max_bytes: int = 32 * 1024 * 1024
    #: Largest decoded/encoded ratio (a real JSON or text body compresses 3-20x; bombs 1000x+).
    max_ratio: float = 200.0
    #: Content-Encoding layers ("gzip, br" is two).
    max_layers: int = 2


class BodyRefused(ValueError):
    """The body was not decoded: `rule` names why for the audit record (never a body value)."""

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason


def check_headers(fields: Sequence[tuple[bytes, bytes]], limits: HeaderLimits) -> str | None:
    """None when the header block is within limits, else a reason (count or size, never a value)."""
    if len(fields) > limits.max_count:
        return f"{len(fields)} header fields exceed the limit of {limits.max_count}"
    size = 0
    for name, value in fields:
        size += len(name) + len(value) + 4
    if size > limits.max_bytes:
        return f"header block of {size} bytes exceeds the limit of {limits.max_bytes}"
    return None


def header_map(fields: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """Lower-cased names to values in one pass; repeated names joined with ", " (RFC 9110 §5.3)."""
    out: dict[str, str] = {}
    for raw_name, raw_value in fields:
        name = raw_name.decode("latin-1").lower()
        value = raw_value.decode("utf-8", "surrogateescape")
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


# -- decoding -----------------------------------------------------------------------

class _Zlib:
    def __init__(self, wbits: int) -> None:
        self._d = zlib.decompressobj(wbits)

    def feed(self, data: bytes, room: int) -> bytes:
        out = self._d.decompress(self._d.unconsumed_tail + data, room)
        return out

    def pending(self) -> bool:
        return bool(self._d.unconsumed_tail)

    def done(self) -> bool:
        return self._d.eof


class _Brotli:
    def __init__(self) -> None:
        self._d = brotli.Decompressor()

    def feed(self, data: bytes, room: int) -> bytes:
        if not self._d.can_accept_more_data():
            return bytes(self._d.process(b"", output_buffer_limit=room))
        return bytes(self._d.process(data, output_buffer_limit=room))

    def pending(self) -> bool:
        return not self._d.can_accept_more_data()

    def done(self) -> bool:
        return bool(self._d.is_finished())


class _Zstd:
    """zstandard's decompressobj has no output limit; its stream reader does (read(n))."""

    def __init__(self) -> None:
        self._buf = io.BytesIO()
        self._reader: zstandard.ZstdDecompressionReader | None = None
        self._eof = False

    def feed(self, data: bytes, room: int) -> bytes:
        if data:
            self._buf.write(data)
            return b""
        if self._reader is None:
            self._buf.seek(0)
            self._reader = zstandard.ZstdDecompressor().stream_reader(self._buf, read_across_frames=True)
        out = self._reader.read(max(1, min(room, _CHUNK)))
        if not out:
            self._eof = True
        return bytes(out)

    def pending(self) -> bool:
        return False

    def done(self) -> bool:
        return self._eof


def _is_zlib(head: bytes) -> bool:
    """RFC 1950 header: CM 8, and the first two bytes a multiple of 31."""
    return len(head) >= 2 and head[0] & 0x0F == 8 and ((head[0] << 8) | head[1]) % 31 == 0


def _decoder(encoding: str, head: bytes) -> _Zlib | _Brotli | _Zstd:
    if encoding in ("gzip", "x-gzip"):
        return _Zlib(47)  # gzip or zlib header, auto-detected
    if encoding == "deflate":
        # Some clients send raw DEFLATE without the zlib header (see mitmproxy.net.encoding).
        return _Zlib(15 if _is_zlib(head) else -15)
    if encoding == "br":
        return _Brotli()
    if encoding == "zstd":
        return _Zstd()
    raise BodyRefused("unknown-content-encoding", "content-encoding cannot be decoded")


SUPPORTED_ENCODINGS = ("identity", "gzip", "x-gzip", "deflate", "br", "zstd")


def _decode_one(data: bytes, encoding: str, limits: BodyLimits, original: int) -> bytes:
    cap = min(limits.max_bytes, int(max(original, 1) * limits.max_ratio))
    d = _decoder(encoding, data[:2])
    out = bytearray()
    pos = 0
    try:
        while pos < len(data) or d.pending():
            chunk = data[pos:pos + _CHUNK] if not d.pending() else b""
            if not d.pending():
                pos += len(chunk)
            room = cap + 1 - len(out)
            out += d.feed(chunk, room)
            if len(out) > cap:
                which = "size" if cap == limits.max_bytes else "ratio"
                raise BodyRefused(f"decompression.{which}-limit",
                                  f"decoded body passes the {which} limit ({cap} bytes from {original} bytes)")
            if d.done():
                break
        if isinstance(d, _Zstd):
            while not d.done():
                out += d.feed(b"", cap + 1 - len(out))
                if len(out) > cap:
                    which = "size" if cap == limits.max_bytes else "ratio"
                    raise BodyRefused(f"decompression.{which}-limit",
                                      f"decoded body passes the {which} limit ({cap} bytes from {original} bytes)")
    except (zlib.error, brotli.error, zstandard.ZstdError) as exc:
        raise BodyRefused("unknown-content-encoding", f"content-encoding {encoding} is corrupt") from exc
    return bytes(out)


def decode_body(raw: bytes, content_encoding: str, limits: BodyLimits) -> bytes:
    """The decoded body, or `BodyRefused` (over a cap, unknown or corrupt encoding).

    Layers are undone last-applied first (RFC 9110 §8.4: listed in the order applied)."""
    layers = [e.strip().lower() for e in content_encoding.split(",") if e.strip()]
    layers = [e for e in layers if e not in ("identity", "none")]
    if len(layers) > limits.max_layers:
        raise BodyRefused("decompression.too-many-layers", f"{len(layers)} content-encoding layers")
    if not layers and len(raw) > limits.max_bytes:
        raise BodyRefused("body-too-large", f"body of {len(raw)} bytes exceeds {limits.max_bytes}")
    data = raw
    for encoding in reversed(layers):
        data = _decode_one(data, encoding, limits, len(raw))
    return data
