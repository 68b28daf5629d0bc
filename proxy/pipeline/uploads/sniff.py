"""What a file is, from its bytes: magic numbers for documents, images, media and archives.

The name and the declared Content-Type are labels a client chooses; the bytes are what the
AI service receives. Uploads are therefore judged by `sniff(data)` first and by their labels
only when the bytes carry no signature (plain text, or something we do not know).

Theory of operation: a table of (offset, magic, kind, label), first match wins; a zip is
opened (central directory only, nothing is unpacked) to tell .docx/.xlsx/.pptx from other
archives. Never raises.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Literal

__all__ = ["SniffedKind", "Sniffed", "sniff", "OLE_MAGIC", "ZIP_MAGIC"]

SniffedKind = Literal[
    "pdf", "docx", "xlsx", "pptx",  # documents we read
    "zip", "damaged-zip",  # a zip that is no Office document, or one whose directory cannot be read
    "image", "media", "archive",  # known, and not text
    "ole",  # legacy .doc/.xls/.ppt, or password-protected Office (an OLE wrapper)
    "unknown",  # no signature: maybe text, decided by the charset sniff
]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"


@dataclass(frozen=True, slots=True)
class Sniffed:
    kind: SniffedKind
    #: Names the type in reasons ("PNG image"); never taken from the file's name.
    label: str


# (offset, magic, kind, label); checked in order.
_MAGIC: tuple[tuple[int, bytes, SniffedKind, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "image", "PNG image"),
    (0, b"\xff\xd8\xff", "image", "JPEG image"),
    (0, b"GIF87a", "image", "GIF image"),
    (0, b"GIF89a", "image", "GIF image"),
    (0, b"II*\x00", "image", "TIFF image"),
    (0, b"MM\x00*", "image", "TIFF image"),
    (0, b"\x00\x00\x01\x00", "image", "ICO image"),
    (0, OLE_MAGIC, "ole", "OLE compound file (legacy .doc/.xls/.ppt or password-protected Office)"),
    (0, b"\x1f\x8b", "archive", "gzip archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "archive", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "archive", "RAR archive"),
    (0, b"\xfd7zXZ\x00", "archive", "xz archive"),
    (0, b"\x28\xb5\x2f\xfd", "archive", "zstd archive"),
    (0, b"BZh", "archive", "bzip2 archive"),
    (0, b"ID3", "media", "MP3 audio"),
    (0, b"OggS", "media", "Ogg media"),
    (0, b"fLaC", "media", "FLAC audio"),
    (0, b"\x1aE\xdf\xa3", "media", "Matroska/WebM video"),
)

# ISO base media (MP4, MOV, HEIC, AVIF): "ftyp" at offset 4, then the brand.
_IMAGE_BRANDS = (b"heic", b"heix", b"hevc", b"heif", b"mif1", b"msf1", b"avif", b"avis")

# The part that makes a zip an Office document (ECMA-376 part 2, the main part of each package).
_ZIP_MAIN_PART: tuple[tuple[str, SniffedKind], ...] = (
    ("word/document.xml", "docx"),
    ("xl/workbook.xml", "xlsx"),
    ("ppt/presentation.xml", "pptx"),
)


def sniff(data: bytes) -> Sniffed:
    """The kind of `data` by its signature; "unknown" when it has none we know."""
    # A PDF header may follow up to 1 KiB of junk (ISO 32000-1, annex H.3, note 3).
    if b"%PDF-" in data[:1024]:
        return Sniffed("pdf", "PDF")
    for offset, magic, kind, label in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return Sniffed(kind, label)
    if data[:4] == b"RIFF" and len(data) >= 12:
        form = data[8:12]
        if form == b"WEBP":
            return Sniffed("image", "WebP image")
        return Sniffed("media", "RIFF media (WAV/AVI)")
    if data[:2] == b"BM" and data[6:10] == b"\x00\x00\x00\x00" and len(data) >= 26:
        return Sniffed("image", "BMP image")
    if data[4:8] == b"ftyp":
        if data[8:12] in _IMAGE_BRANDS:
            return Sniffed("image", "HEIF/AVIF image")
        return Sniffed("media", "MP4/QuickTime media")
    if data.startswith((ZIP_MAGIC, _EMPTY_ZIP)):
        return _sniff_zip(data)
    return Sniffed("unknown", "no known signature")


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # reads the central directory only
            names = set(archive.namelist())
    except Exception:  # noqa: BLE001 - any damage: the caller decides (a declared .docx is "corrupt docx")
        return Sniffed("damaged-zip", "damaged zip")
    for part, kind in _ZIP_MAIN_PART:
        if part in names:
            return Sniffed(kind, f"zip with {part}")
    return Sniffed("zip", "zip archive")
