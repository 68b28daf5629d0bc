"""Text of files uploaded to AI services (txt/md/csv, docx, xlsx, pdf), so the scanner can read them.

Never raises: a corrupt, encrypted or oversized file is an `ExtractedText` of kind "error".
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal, Protocol

import docx
import openpyxl
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree
from openpyxl.utils.exceptions import InvalidFileException
from pypdf import PasswordType, PdfReader
from pypdf.errors import (
    DependencyError,
    FileNotDecryptedError,
    PdfReadError,
    PyPdfError,
)

__all__ = ["ExtractedKind", "ExtractedText", "MAX_EXTRACT_BYTES", "MAX_TEXT_CHARS", "MAX_UNZIPPED_XML_BYTES", "extract_text"]

MAX_EXTRACT_BYTES = 20 * 1024 * 1024
"""Largest input we parse; larger documents are refused (kind "error"), images stay "binary"."""

MAX_TEXT_CHARS = 2_000_000
"""Most text we return; a document with more is refused rather than scanned in part."""

MAX_UNZIPPED_XML_BYTES = 100 * 1024 * 1024
"""Zip-bomb guard for docx/xlsx: the XML parts may not unpack to more than this."""

ExtractedKind = Literal["text", "docx", "xlsx", "pdf", "binary", "error"]


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """`text` is None for "binary" and "error"; `reason` says why, or notes a lossy extraction."""

    kind: ExtractedKind
    text: str | None
    reason: str | None


class _Failure(Exception):
    """Internal: extraction stopped for a reason we can name; becomes kind "error"."""


# --------------------------------------------------------------------------- deciding the kind
#
# Theory of operation: the extension decides when we know it, then the Content-Type, then magic
# bytes, then a UTF-8 sniff. A decision is (kind, label); the label names the type in reasons.

_DocKind = Literal["text", "docx", "xlsx", "pdf", "binary"]

_BY_EXTENSION: Mapping[str, _DocKind] = {
    **dict.fromkeys((".txt", ".md", ".markdown", ".csv", ".tsv", ".json", ".log"), "text"),
    ".docx": "docx",
    **dict.fromkeys((".xlsx", ".xlsm"), "xlsx"),
    ".pdf": "pdf",
    # Known, and known not to be readable here: legacy Office, slides, archives, media.
    **dict.fromkeys(
        (".doc", ".xls", ".ppt", ".pptx", ".docm", ".zip", ".rar", ".7z", ".png", ".jpg", ".jpeg", ".gif",
         ".webp", ".bmp", ".heic", ".tif", ".tiff", ".mp3", ".m4a", ".wav", ".mp4", ".mov"),
        "binary",
    ),
}  # fmt: skip

_BY_CONTENT_TYPE: Mapping[str, _DocKind] = {
    "text/plain": "text",
    "text/markdown": "text",
    "text/csv": "text",
    "application/csv": "text",
    "application/json": "text",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/pdf": "pdf",
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # also the wrapper of password-protected docx/xlsx
_ZIP_MAGIC = b"PK\x03\x04"
_MAGIC: tuple[tuple[bytes, _DocKind, str], ...] = (
    (b"%PDF-", "pdf", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "binary", "PNG image"),
    (b"\xff\xd8\xff", "binary", "JPEG image"),
    (b"GIF8", "binary", "GIF image"),
    (_OLE_MAGIC, "binary", "OLE compound file (legacy .doc/.xls or password-protected Office)"),
)
_ZIP_MAIN_PART: Mapping[str, _DocKind] = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),  # Windows Notepad "Unicode"
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decide(filename: str, content_type: str | None, data: bytes) -> tuple[_DocKind, str]:
    dot = filename.rfind(".")
    extension = filename[dot:].lower() if dot >= 0 else ""
    if extension in _BY_EXTENSION:
        return _BY_EXTENSION[extension], extension
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type in _BY_CONTENT_TYPE:
        return _BY_CONTENT_TYPE[media_type], media_type
    if media_type.startswith("text/"):
        return "text", media_type
    return _sniff(data, label=extension or media_type or "unknown")


def _sniff(data: bytes, *, label: str) -> tuple[_DocKind, str]:
    # A PDF header may follow up to 1 KiB of junk (ISO 32000-1, annex H.3, note 3).
    if b"%PDF-" in data[:1024]:
        return "pdf", "PDF"
    for magic, kind, name in _MAGIC:
        if data.startswith(magic):
            return kind, name
    if data.startswith(_ZIP_MAGIC):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
        for part, kind in _ZIP_MAIN_PART.items():
            if part in names:
                return kind, f"zip with {part}"
        return "binary", "zip archive"
    if _looks_like_text(data[:8192]):
        return "text", "text (sniffed)"
    return "binary", label


def _looks_like_text(head: bytes) -> bool:
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return True
    if b"\x00" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a cut character is fine
    except UnicodeDecodeError:
        return False
    return True


# --------------------------------------------------------------------------- collecting text


class _TextBuilder:
    """Lines of output, refusing to grow past MAX_TEXT_CHARS (read at call time, for tests)."""

    __slots__ = ("_lines", "_chars", "_limit")

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._chars = 0
        self._limit = MAX_TEXT_CHARS

    def add(self, line: str) -> None:
        if not line.strip():
            return
        self._chars += len(line) + 1
        if self._chars > self._limit:
            raise _Failure(_text_limit_reason(self._limit))
        self._lines.append(line)

    def add_all(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.add(line)

    def text(self) -> str:
        return "\n".join(self._lines)


def _text_limit_reason(limit: int) -> str:
    return f"extracted text is over the {limit:,}-character limit (MAX_TEXT_CHARS)"


def _plain(data: bytes) -> ExtractedText:
    """UTF-8 (BOM or not), else GB18030 as Chinese Excel and Notepad write, else GB18030 lossy."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _plain_result(data[len(bom) :].decode(codec, errors="replace"), note=None)
    for codec in ("utf-8", "gb18030"):
        try:
            return _plain_result(data.decode(codec), note=None)
        except UnicodeDecodeError:
            continue
    note = "not valid UTF-8 or GB18030: undecodable bytes were replaced with U+FFFD"
    return _plain_result(data.decode("gb18030", errors="replace"), note=note)


def _plain_result(text: str, *, note: str | None) -> ExtractedText:
    if len(text) > MAX_TEXT_CHARS:
        raise _Failure(_text_limit_reason(MAX_TEXT_CHARS))
    return ExtractedText("text", text, note)


def _check_zip(data: bytes) -> None:
    """Encrypted OOXML is an OLE file, not a zip; and a zip may not unpack into a bomb."""
    if data.startswith(_OLE_MAGIC):
        raise _Failure("encrypted: a password-protected Office file (or a legacy .doc/.xls renamed)")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # ZipExtFile never yields more than the declared size, so the declared sizes bound the XML.
        xml_bytes = sum(i.file_size for i in archive.infolist() if i.filename.endswith((".xml", ".rels")))
    if xml_bytes > MAX_UNZIPPED_XML_BYTES:
        raise _Failure(f"its XML unpacks to {xml_bytes:,} bytes, over the MAX_UNZIPPED_XML_BYTES limit")


def _metadata_lines(values: Iterable[object]) -> Iterator[str]:
    """Document properties (author, title…) travel with the file, so they are scanned too."""
    return (str(v) for v in values if isinstance(v, str) and v.strip())


# --- docx

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
# Text boxes hang off drawings inside runs, which python-docx's Paragraph.text does not read.
# Word writes each box twice (DrawingML in mc:Choice, VML in mc:Fallback): read the first only.
_TEXT_BOX_PARAGRAPHS = etree.XPath(".//w:p[ancestor::w:txbxContent][not(ancestor::mc:Fallback)]", namespaces=_NS)
_ALL_PARAGRAPHS = etree.XPath(".//w:p", namespaces=_NS)
_RUN_TEXT = etree.XPath(".//w:t/text()", namespaces=_NS)
_NOTE_PARTS = ("/word/footnotes.xml", "/word/endnotes.xml", "/word/comments.xml")
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)


class _BlockContainer(Protocol):
    def iter_inner_content(self) -> Iterator[Paragraph | Table]: ...


def _block_lines(container: _BlockContainer) -> Iterator[str]:
    """Paragraphs and tables in document order; a table row is one line of tab-separated cells."""
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        else:
            yield from _table_lines(block)


def _table_lines(table: Table) -> Iterator[str]:
    seen: set[object] = set()  # merged cells come back once per grid column and row they span
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell._tc in seen:  # noqa: SLF001 - the only identity python-docx offers for a cell
                continue
            seen.add(cell._tc)  # noqa: SLF001
            cells.append(" / ".join(line for line in _block_lines(cell) if line.strip()))
        yield "\t".join(cells)


def _paragraph_text(paragraph: etree._Element) -> str:
    return "".join(str(t) for t in _RUN_TEXT(paragraph))


def _docx(data: bytes) -> ExtractedText:
    _check_zip(data)
    document = docx.Document(io.BytesIO(data))
    out = _TextBuilder()
    props = document.core_properties
    out.add_all(_metadata_lines((props.title, props.subject, props.author, props.last_modified_by, props.keywords, props.comments)))
    headers, footers = [], []
    for section in document.sections:
        for header in (section.first_page_header, section.header, section.even_page_header):
            if not header.is_linked_to_previous:
                headers.append(header)
        for footer in (section.first_page_footer, section.footer, section.even_page_footer):
            if not footer.is_linked_to_previous:
                footers.append(footer)
    stories: list[tuple[_BlockContainer, etree._Element]] = [(h, h._element) for h in headers]  # noqa: SLF001
    stories.append((document, document.element.body))
    stories.extend((f, f._element) for f in footers)  # noqa: SLF001
    for container, element in stories:
        out.add_all(_block_lines(container))
        out.add_all(_paragraph_text(p) for p in _TEXT_BOX_PARAGRAPHS(element))
    for part in document.part.package.iter_parts():
        if str(part.partname) in _NOTE_PARTS:
            root = etree.fromstring(part.blob, _SAFE_XML)
            out.add_all(_paragraph_text(p) for p in _ALL_PARAGRAPHS(root))
    return ExtractedText("docx", out.text(), None)


# --- xlsx


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    # Excel stores every number as a double: show 13912345678.0 as the digits a person typed.
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value)


def _xlsx(data: bytes) -> ExtractedText:
    _check_zip(data)
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        out = _TextBuilder()
        props = workbook.properties
        out.add_all(_metadata_lines((props.title, props.subject, props.creator, props.lastModifiedBy, props.keywords, props.description)))
        for sheet in workbook.worksheets:  # hidden sheets too: they are uploaded all the same
            out.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                out.add("\t".join(text for text in map(_cell_text, row) if text.strip()))
        return ExtractedText("xlsx", out.text(), None)
    finally:
        workbook.close()  # read-only mode keeps the archive open until closed


# --- pdf


def _pdf(data: bytes) -> ExtractedText:
    reader = PdfReader(io.BytesIO(data))
    # Many PDFs are encrypted with an empty user password only to restrict printing or copying.
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise _Failure("encrypted: the PDF needs a password to open")
    out = _TextBuilder()
    if reader.metadata is not None:
        meta = reader.metadata
        out.add_all(_metadata_lines((meta.title, meta.subject, meta.author, meta.creator)))
    has_pages_text = False
    for page in reader.pages:
        page_text = page.extract_text() or ""
        has_pages_text = has_pages_text or bool(page_text.strip())
        out.add(page_text)
    note = None if has_pages_text else "no text layer (a scanned PDF?): only images, which are not read"
    return ExtractedText("pdf", out.text(), note)


_EXTRACTORS: Mapping[_DocKind, Callable[[bytes], ExtractedText]] = {
    "text": _plain,
    "docx": _docx,
    "xlsx": _xlsx,
    "pdf": _pdf,
}

# First match wins: the reasons name the problem, never the content.
_FAILURE_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (zipfile.BadZipFile, "corrupt {kind}: not a readable zip container (truncated or damaged)"),
    (FileNotDecryptedError, "encrypted: the PDF needs a password to open"),
    (DependencyError, "encrypted: the PDF uses an encryption this proxy cannot open"),
    (PdfReadError, "corrupt pdf: the file structure cannot be read"),
    (PyPdfError, "corrupt pdf: the file cannot be read"),
    (InvalidFileException, "corrupt xlsx: not a workbook openpyxl can read"),
    (etree.XMLSyntaxError, "corrupt {kind}: malformed XML inside"),
    (KeyError, "corrupt {kind}: a required part is missing"),
    (MemoryError, "{kind} is too large to extract"),
    (RecursionError, "{kind} is nested too deeply to extract"),
)


def _failure_reason(exc: Exception, kind: str) -> str:
    for exc_type, template in _FAILURE_REASONS:
        if isinstance(exc, exc_type):
            return template.format(kind=kind)
    return f"corrupt {kind}: cannot be read ({type(exc).__name__})"


def extract_text(filename: str, content_type: str | None, data: bytes) -> ExtractedText:
    """The text of an uploaded file; see the module docstring. Never raises."""
    try:
        kind, label = _decide(filename, content_type, data)
    except Exception as exc:  # only a damaged zip can fail here; it cannot be scanned
        return ExtractedText("error", None, _failure_reason(exc, "zip"))
    if kind == "binary":
        return ExtractedText("binary", None, f"unsupported type {label}")
    if len(data) > MAX_EXTRACT_BYTES:
        reason = f"input is {len(data):,} bytes, over the {MAX_EXTRACT_BYTES:,}-byte limit (MAX_EXTRACT_BYTES)"
        return ExtractedText("error", None, reason)
    try:
        return _EXTRACTORS[kind](data)
    except _Failure as exc:
        return ExtractedText("error", None, str(exc))
    except Exception as exc:  # a parser bug or a hostile file: fail closed, never crash the proxy
        return ExtractedText("error", None, _failure_reason(exc, kind))
