"""Hypothesis strategies for requests to AI services that carry canaries, composable by layer:
canaries (valid resident ID and mobile numbers made per example, nobody's), charsets,
Content-Encoding stacks, files built in-test (text, .docx, .pdf, .pptx, .png, .zip, text
behind NULs), base64 files inside JSON in every format, names (file and field names, JSON
keys, path segments, user-text headers), multipart layouts and WebSocket frames."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import io
import json
import struct
import urllib.parse
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import brotli  # type: ignore[import-untyped]
import docx
import zstandard
from hypothesis import strategies as st

from tests.builders import build_pdf

# -- canaries ---------------------------------------------------------------------------------

_REGIONS = ("110101", "310104", "440305", "510107", "330106", "420102")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"  # GB 11643-1999


def _resident_id(region: str, born: dt.date, seq: int) -> str:
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS)) % 11]


resident_ids = st.builds(_resident_id, st.sampled_from(_REGIONS),
                         st.dates(dt.date(1975, 1, 1), dt.date(2016, 12, 31)), st.integers(1, 999))
phones = st.builds(lambda p, n: f"{p}{n:08d}", st.sampled_from(("139", "138", "186", "150", "159", "177", "188")),
                   st.integers(0, 99_999_999))
values = st.one_of(resident_ids, phones)


@dataclass(frozen=True)
class Canary:
    value: str
    text: str  # the value in a sentence, never next to other digits


# Labels and fillers every charset here can write (Big5 has no simplified-only characters).
#: Some written against the value with no space (tel13912345678, shenfenzheng1101…): since the
#: number detectors read such a label as one (r3), a value behind one must not pass either.
_LABELS = ("電話", "手機：", "联系电话 ", "身份证号", "ID ", "", "Tel ", "tel", "shenfenzheng", "kh")
_FILLERS = ("請幫我寫評語。", "Please summarise this.", "謝謝", "", "家長會通知：", "——")
# The value is followed by a separator: recall next to Latin letters ("13912345678Please")
# is a detector question (reported separately), not this transport property's.
canaries = st.builds(
    lambda label, value, before, after: Canary(value, f"{before}{label}{value}，{after}"),
    st.sampled_from(_LABELS), values, st.sampled_from(_FILLERS), st.sampled_from(_FILLERS),
).filter(lambda c: len(c.value) == 18 or c.text.count(c.value) == 1)
#: For names: short, no sentence around the value.
name_canaries = st.builds(lambda label, value: Canary(value, f"{label}{value}"),
                          st.sampled_from(("王梓涵_", "学生_", "", "家长电话")), values)


# -- charsets and encodings ---------------------------------------------------------------------

#: (codec that writes the bytes, label declared in Content-Type or None, whether a BOM is written)
CHARSETS = {
    "utf-8": ("utf-8", "utf-8"),
    "utf-8 with BOM": ("utf-8-sig", "utf-8"),
    "gb18030": ("gb18030", "gb18030"),
    "gbk": ("gbk", "gbk"),
    "big5": ("big5", "big5"),
    "utf-16 with BOM": ("utf-16", "utf-16"),
    "utf-16le without BOM": ("utf-16-le", "utf-16le"),
    "utf-16be without BOM": ("utf-16-be", "utf-16be"),
}


@dataclass(frozen=True)
class Charset:
    codec: str
    label: str | None  # None: not declared

    def encode(self, text: str) -> bytes:
        # A character the charset lacks becomes "?": the canary's digits always survive.
        return text.encode(self.codec, "replace")

    def param(self) -> str:
        return f"; charset={self.label}" if self.label else ""


def _charset(name: str, label: str) -> Charset:
    """`label`: "declared" (the true one), "none", or another charset's name (a client's mistake)."""
    if label == "declared":
        return Charset(CHARSETS[name][0], CHARSETS[name][1])
    return Charset(CHARSETS[name][0], None if label == "none" else CHARSETS[label][1])


charsets = st.builds(_charset, st.sampled_from(sorted(CHARSETS)),
                     st.sampled_from(("declared", "declared", "none", "none", *sorted(CHARSETS))))
#: The 8-bit ones: a JSON body or a name in UTF-16 is legal but a different property.
_NARROW = sorted(name for name, (codec, _) in CHARSETS.items() if not codec.startswith("utf-16"))
narrow_charsets = st.builds(_charset, st.sampled_from(_NARROW), st.sampled_from(("declared", "none", *_NARROW)))

_ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": lambda b: zstandard.ZstdCompressor().compress(b),
}
content_encodings = st.one_of(st.just(()), st.lists(st.sampled_from(sorted(_ENCODERS)), min_size=1, max_size=2)
                              .map(tuple))


def encode_body(body: bytes, layers: tuple[str, ...]) -> tuple[bytes, tuple[tuple[str, str], ...]]:
    """Apply Content-Encoding layers in order (the header lists them in the order applied)."""
    for layer in layers:
        body = _ENCODERS[layer](body)
    return body, ((("content-encoding", ", ".join(layers)),) if layers else ())


# -- files built in-test --------------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def docx_bytes(text: str) -> bytes:
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def pptx_bytes(text: str) -> bytes:
    """A one-slide presentation written by hand: the parts a reader needs, one text run per line."""
    runs = "".join(f"<a:p><a:r><a:t>{line}</a:t></a:r></a:p>" for line in text.split("\n"))
    ns = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override '
        'PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.'
        'presentation.main+xml"/><Override PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.presentationml.slide+xml"/></Types>',
        "ppt/presentation.xml": f'<?xml version="1.0" encoding="UTF-8"?><p:presentation {ns}><p:sldIdLst>'
        '<p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>',
        "ppt/slides/slide1.xml": f'<?xml version="1.0" encoding="UTF-8"?><p:sld {ns}><p:cSld><p:spTree><p:sp>'
        f"<p:txBody>{runs}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    return buf.getvalue()


def png_bytes(text: str) -> bytes:
    """A 1x1 PNG whose tEXt chunk holds the text (an image is not read: it must be blocked)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"tEXt", b"Comment\x00" + text.encode("utf-8")) + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
            + chunk(b"IEND", b""))


def zip_bytes(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("名单.txt", text)
    return buf.getvalue()


@dataclass(frozen=True)
class File:
    kind: str
    data: bytes
    media_type: str  # what it truly is
    extension: str




@st.composite
def files(draw: st.DrawFn, canary: Canary) -> File:
    """A file with the canary in it, of a kind chosen by its bytes."""
    kind = draw(st.sampled_from(("text", "docx", "pdf", "pptx", "png", "zip", "text behind NULs")))
    if kind == "text":
        cs = draw(narrow_charsets)
        return File(kind, cs.encode(canary.text), "text/plain" + cs.param(), ".txt")
    if kind == "text behind NULs":
        return File(kind, b"\x00" * draw(st.integers(1, 64)) + canary.text.encode("utf-8"), "text/plain", ".txt")
    if kind == "docx":
        return File(kind, docx_bytes(canary.text), DOCX, ".docx")
    if kind == "pdf":  # the hand-written PDF holds ASCII only: the value with an ASCII label
        return File(kind, build_pdf(f"Tel {canary.value} , please call."), "application/pdf", ".pdf")
    if kind == "pptx":
        return File(kind, pptx_bytes(canary.text), PPTX, ".pptx")
    if kind == "png":
        return File(kind, png_bytes(canary.text), "image/png", ".png")
    return File(kind, zip_bytes(canary.text), "application/zip", ".zip")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def declared_type(draw: st.DrawFn, f: File) -> str:
    """The media type a client declares: the true one, octet-stream, or a wrong one."""
    return draw(st.sampled_from((f.media_type, "application/octet-stream", "text/plain")))


def quoted_name(name: str, how: str) -> bytes:
    """A multipart filename parameter: plain UTF-8, RFC 5987 `filename*`, or raw GBK bytes."""
    if how == "rfc5987":
        return b"filename*=UTF-8''" + urllib.parse.quote(name).encode("ascii")
    if how == "gbk":
        return b'filename="' + name.encode("gbk") + b'"'
    return b'filename="' + name.encode("utf-8") + b'"'


def json_dumps(doc: object, ascii_only: bool) -> str:
    return json.dumps(doc, ensure_ascii=ascii_only)
