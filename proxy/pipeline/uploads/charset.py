"""Bytes to text in the charsets Chinese schools meet: UTF-8 (with or without BOM),
UTF-16 LE/BE, the GB18030 family (GB2312, GBK) and Big5; anything else is not text.

Theory of operation: `decode_text(data, declared)` tries, in order,
  1. a byte-order mark (UTF-8, UTF-16 LE/BE): the bytes say what they are, unless a UTF-16
     mark sits under an 8-bit label (then the two readings disagree: not text);
  (a UTF-16 reading, from a mark, a label or sniffed, is no text either when the bytes hold
  seven ASCII digits in a row: UTF-16 digits have NULs between them, 8-bit digits do not);
  2. the declared charset (`charset=` of a Content-Type), when it is one of ours and the
     bytes decode strictly with it; a label that lies (GBK bytes declared UTF-8, a
     single-byte `latin-1` on Chinese text) is ignored and the bytes decide; a UTF-16
     label on NUL-free bytes that also read as 8-bit text is ambiguous: not text;
  3. UTF-8, strictly;
  4. UTF-16 without a BOM, when NUL bytes sit in every other position (ASCII digits and
     Latin letters in UTF-16 look like that);
  5. GB18030 and Big5, strictly; when both decode, the one whose characters are the more
     common ones of its standard wins (level-1 hanzi of GB2312, level-1 of Big5).
Leading and trailing NUL padding is not text and is set aside. What is left must not be
control characters (binary data that happens to decode); otherwise the answer is None and
the caller treats the bytes as unscannable, which the policy blocks by default.
`Decoded.encode` writes a rewritten text back in the same charset (and BOM).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["Decoded", "decode_text", "declared_charset", "CODEC_FOR"]

#: Charset labels we decode (WHATWG/IANA names and common aliases) -> Python codec.
CODEC_FOR: dict[str, str] = {
    **dict.fromkeys(("utf-8", "utf8", "unicode-1-1-utf-8", "us-ascii", "ascii"), "utf-8"),
    **dict.fromkeys(("utf-16le", "utf-16-le"), "utf-16-le"),
    **dict.fromkeys(("utf-16be", "utf-16-be"), "utf-16-be"),
    # "utf-16" without an order and no BOM: RFC 2781 says big-endian, Windows writes little; sniffed.
    "utf-16": "utf-16",
    # GB2312 and GBK are subsets of GB18030; decoding them as GB18030 is exact.
    **dict.fromkeys(("gb18030", "gbk", "gb2312", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn",
                     "csgb2312", "chinese", "iso-ir-58", "hz-gb-2312"), "gb18030"),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5", "cp950", "ms950"), "big5hkscs"),
}

_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:+-]+)""", re.IGNORECASE)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),  # Windows Notepad "Unicode"
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Control characters (besides tab, line breaks, form feed and escape) allowed in the sniffed head.
_MAX_CONTROLS = 8
_HEAD_CHARS = 4096
_ALLOWED_CONTROLS = frozenset("\t\n\v\f\r\x1b")
#: The control characters below U+0020 other than `_ALLOWED_CONTROLS` (one regex pass, not a Python loop).
_CONTROLS = re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x20) if chr(c) not in _ALLOWED_CONTROLS) + "]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    #: Python codec name the bytes were decoded with.
    codec: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """`text` in the original charset; raises UnicodeEncodeError (the caller blocks) when it cannot be."""
        return self.bom + text.encode(self.codec)


def declared_charset(content_type: str | None) -> str | None:
    """The `charset=` parameter of a Content-Type, lower-cased; None when absent."""
    m = _CHARSET_PARAM.search(content_type or "")
    return m.group(1).lower() if m else None


def decode_text(data: bytes, declared: str | None = None) -> Decoded | None:
    """The text in `data`, or None when it is not text in a charset we read (see the module docstring)."""
    codec = CODEC_FOR.get((declared or "").lower())
    for bom, by_bom in _BOMS:
        if data.startswith(bom):
            if by_bom.startswith("utf-16") and codec is not None and not codec.startswith("utf-16"):
                # A UTF-16 BOM under an 8-bit label (GBK bytes after FF FE, `charset=utf-8`): a receiver
                # that follows the label reads the ASCII digits the UTF-16 reading hides. Not text we
                # can vouch for (found by the second attack probe).
                return None
            if by_bom.startswith("utf-16") and _digits_outside_utf16(data):
                return None
            return _checked(_strict(data[len(bom):], by_bom), by_bom, bom)
    order: str | None = None
    if codec is not None and codec.startswith("utf-16"):
        # The NULs of ASCII say the byte order; a label with the wrong order would hide the
        # digits of a big-endian body read as little-endian (found by the property test).
        order = _utf16_order(data)
        codec = order or ("utf-16-le" if codec == "utf-16" else codec)
    # NUL padding is set aside for the 8-bit-based charsets only: in UTF-16 a NUL is half a character.
    stripped = data.strip(b"\x00")
    if codec is not None:
        candidate = data if codec.startswith("utf-16") else stripped
        if (text := _strict(candidate, codec)) is not None and _plausible(text):
            if codec.startswith("utf-16") and (order is None and _decodes_as_8bit(stripped)
                                               or _digits_outside_utf16(data)):
                # A UTF-16 label on bytes that are also 8-bit text (GBK digits and all): a receiver
                # that ignores the label reads what the UTF-16 reading hides. Which reading counts
                # is unknown, so this is not text we can vouch for (found by the property test; a
                # genuine UTF-16 body has a BOM or the NULs of its ASCII). Neither a stray NUL nor
                # a few control bytes (which made the 8-bit reading look binary) settle it, and a
                # head of UTF-16 ASCII (the NULs `_utf16_order` reads) does not vouch for the rest.
                return None
            return Decoded(text, codec)
    if (text := _strict(stripped, "utf-8")) is not None:
        return _checked(text, "utf-8")
    if (order := _utf16_order(data)) is not None:
        return None if _digits_outside_utf16(data) else _checked(_strict(data, order), order)
    gb, big5 = _strict(stripped, "gb18030"), _strict(stripped, "big5hkscs")
    if gb is not None and big5 is not None:
        if _common_share(big5, "big5hkscs", 0xA4, 0xC6) > _common_share(gb, "gb18030", 0xB0, 0xD7):
            return _checked(big5, "big5hkscs")
        return _checked(gb, "gb18030")
    if gb is not None:
        return _checked(gb, "gb18030")
    if big5 is not None:
        return _checked(big5, "big5hkscs")
    return None


#: Seven ASCII digits in a row as bytes: a phone, ID or card number to any 8-bit reader.
_DIGIT_BYTES = re.compile(rb"[0-9]{7}")


def _digits_outside_utf16(data: bytes) -> bool:
    """Whether bytes read as UTF-16 hold a number that only an 8-bit reading shows. UTF-16 writes
    a digit with a NUL beside it; seven digit bytes in a row would be seven rare characters of
    U+3030-U+3939 in a row, but are what GBK or UTF-8 digits look like after a head of UTF-16
    ASCII, a byte-order mark or a UTF-16 label put in front of them (found by the second attack
    probe: a receiver reading the bytes as 8-bit text sees the number the scan did not)."""
    return _DIGIT_BYTES.search(data) is not None


def _decodes_as_8bit(data: bytes) -> bool:
    return any(_strict(data, c) is not None for c in ("utf-8", "gb18030", "big5hkscs"))


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _checked(text: str | None, codec: str, bom: bytes = b"") -> Decoded | None:
    if text is None or not _plausible(text):
        return None
    return Decoded(text, codec, bom)


def _plausible(text: str) -> bool:
    """Not binary: few control characters in the head (after NUL padding was set aside)."""
    return len(_CONTROLS.findall(text, 0, _HEAD_CHARS)) <= _MAX_CONTROLS


def _utf16_order(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL high bytes of ASCII text fill every other position."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    half = len(head) // 2
    # A fifth is enough: Chinese text with a phone number or a few Latin words reaches it.
    if odd.count(0) >= 0.2 * half and even.count(0) <= 0.02 * half:
        return "utf-16-le"
    if even.count(0) >= 0.2 * half and odd.count(0) <= 0.02 * half:
        return "utf-16-be"
    return None


def _common_share(text: str, codec: str, low: int, high: int) -> float:
    """Share of the non-ASCII characters that are hanzi in the standard's level-1 (most common) block;
    private-use and rare characters, what a wrong guess decodes to, count against it."""
    wide = [c for c in text[:_HEAD_CHARS] if c > "\x7f"]
    if not wide:
        return 0.0
    common = 0
    for c in wide:
        if not "\u4e00" <= c <= "\u9fff":
            continue
        try:
            lead = c.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        common += low <= lead <= high
    return common / len(wide)
