"""Text of files uploaded to AI services (txt/md/csv, docx, xlsx, pptx, pdf), so the scanner can read them.

The kind is decided by the bytes first (see "deciding the kind"). Never raises: a corrupt,
encrypted or oversized file is an `ExtractedText` of kind "error", an image of kind "image".
"""

from __future__ import annotations

import io
import re
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

from proxy.pipeline.uploads.charset import decode_text, declared_charset
from proxy.pipeline.uploads.sniff import OLE_MAGIC, sniff

__all__ = ["ExtractedKind", "ExtractedText", "MAX_EXTRACT_BYTES", "MAX_TEXT_CHARS", "MAX_UNZIPPED_XML_BYTES", "extract_text"]

MAX_EXTRACT_BYTES = 20 * 1024 * 1024
"""Largest input we parse; larger documents are refused (kind "error"), images stay "binary"."""

MAX_TEXT_CHARS = 2_000_000
"""Most text we return; a document with more is refused rather than scanned in part."""

MAX_UNZIPPED_XML_BYTES = 100 * 1024 * 1024
"""Zip-bomb guard for docx/xlsx: the XML parts may not unpack to more than this."""

ExtractedKind = Literal["text", "docx", "xlsx", "pptx", "pdf", "image", "binary", "error"]


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """`text` is None for "image", "binary" and "error"; `reason` says why, or notes a lossy extraction."""

    kind: ExtractedKind
    text: str | None
    reason: str | None


class _Failure(Exception):
    """Internal: extraction stopped for a reason we can name; becomes kind "error"."""


# --------------------------------------------------------------------------- deciding the kind
#
# Theory of operation: decide by content, not by label. The bytes' signature (`sniff`) decides
# whenever there is one: a .docx renamed .bin, a PDF sent as application/octet-stream and a
# .pptx are read as what they are, a PNG called notes.txt is an image. Only bytes without a
# signature fall back to the labels (extension, then Content-Type): a declared .docx/.xlsx/.pdf
# that is not one is a corrupt file (an error); everything else is text if it decodes in a
# charset we read (`charset.decode_text`) and binary if it does not.

_DocKind = Literal["text", "docx", "xlsx", "pptx", "pdf", "binary"]

_BY_EXTENSION: Mapping[str, _DocKind] = {
    **dict.fromkeys((".txt", ".md", ".markdown", ".csv", ".tsv", ".json", ".log"), "text"),
    ".docx": "docx",
    **dict.fromkeys((".xlsx", ".xlsm"), "xlsx"),
    ".pptx": "pptx",
    ".pdf": "pdf",
}  # fmt: skip

_BY_CONTENT_TYPE: Mapping[str, _DocKind] = {
    "text/plain": "text",
    "text/markdown": "text",
    "text/csv": "text",
    "application/csv": "text",
    "application/json": "text",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/pdf": "pdf",
}

_OLE_MAGIC = OLE_MAGIC  # also the wrapper of password-protected docx/xlsx
_BY_SNIFF: Mapping[str, _DocKind] = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "pptx": "pptx"}


def _declared(filename: str, content_type: str | None) -> _DocKind | None:
    """What the labels claim: the extension when we know it, else the Content-Type."""
    dot = filename.rfind(".")
    extension = filename[dot:].lower() if dot >= 0 else ""
    if extension in _BY_EXTENSION:
        return _BY_EXTENSION[extension]
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type in _BY_CONTENT_TYPE:
        return _BY_CONTENT_TYPE[media_type]
    if media_type.startswith("text/"):
        return "text"
    return None

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


def _plain(data: bytes, charset: str | None = None) -> ExtractedText:
    """UTF-8 (BOM or not), UTF-16 with a BOM, GB18030/GBK as Chinese Excel and Notepad write, Big5;
    bytes in none of them are refused (never scanned half-decoded)."""
    decoded = decode_text(data, charset)
    if decoded is None:
        raise _Failure("not text in a charset this proxy reads (UTF-8, UTF-16, GB18030, Big5)")
    return _plain_result(decoded.text, note=None)


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
    out.add_all(_package_rest(data, _docx_rest))
    return ExtractedText("docx", out.text(), None)


# --- what the structured readers above skip


def _package_rest(data: bytes, residual: Callable[[str, etree._Element], Iterator[str] | None]) -> Iterator[str]:
    """The text of an Office package that its structured reader skips, by the class of place, not a
    list of element names (found by the r19 packaging probe: content controls, tracked changes,
    field codes, alt text, comments, formulas, custom parts and text files inside the zip all
    travel with the upload). `residual(name, root)` gives a part's unread text, or None for a part
    it does not read at all, whose every text node and prose attribute is then taken."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            blob = archive.read(name)
            if not name.endswith((".xml", ".rels")):
                decoded = decode_text(blob) if sniff(blob).kind == "unknown" else None
                if decoded is not None:  # a text file inside the package; media are not text
                    yield decoded.text
                continue
            if _FORMATTING_PART.search(name):
                continue  # style, font and theme definitions: names of formats, not text anyone wrote
            root = etree.fromstring(blob, _SAFE_XML)
            rest = residual(name, root)
            yield from _all_text(root) if rest is None else rest


#: The formatting parts of an Office package (ECMA-376 part 1, §11.3 and §12.3: styles, fonts,
#: themes, numbering, settings).
_FORMATTING_PART = re.compile(r"(styles|stylesWithEffects|fontTable|theme\d*|numbering|settings|webSettings)\.xml$")


def _all_text(root: etree._Element) -> Iterator[str]:
    yield from (str(t) for t in _CORE_TEXT(root) if str(t).strip())
    yield from _prose_attributes(root)


def _prose_attributes(root: etree._Element) -> Iterator[str]:
    """Attribute values a person wrote (alt text, a validation prompt): non-ASCII or with spaces;
    ids, sizes and hashes are neither."""
    for element in root.iter():
        for value in element.attrib.values():
            if not value.isascii() or " " in value:
                yield value


_W_TAG = f"{{{_W}}}"
_READ_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml$")
#: Where python-docx finds the paragraphs it reads (`iter_inner_content`, tables and cells).
_BLOCK_PARENTS = frozenset(f"{_W_TAG}{t}" for t in ("body", "tbl", "tr", "tc", "hdr", "ftr", "document"))
_SHOWN_RUNS = etree.XPath("./w:r/w:t/text() | ./w:hyperlink/w:r/w:t/text()", namespaces=_NS)
_ALL_RUNS = etree.XPath(".//w:t/text() | .//w:delText/text() | .//w:instrText/text()", namespaces=_NS)
_IN_TEXT_BOX = etree.XPath("ancestor::w:txbxContent", namespaces=_NS)


def _docx_rest(name: str, root: etree._Element) -> Iterator[str] | None:
    """Document, header and footer parts: each paragraph python-docx does not reach (inside a
    content control or custom XML) or reads only in part (tracked changes, field codes,
    smart tags), whole; and the alt text. Any other part (core properties aside): all its text."""
    if name == "docProps/core.xml":
        return iter(())  # read as the document properties
    if not _READ_PARTS.fullmatch(name):
        return None
    return _docx_paragraph_rest(root)


def _docx_paragraph_rest(root: etree._Element) -> Iterator[str]:
    for p in _ALL_PARAGRAPHS(root):
        if _IN_TEXT_BOX(p):
            continue  # read with the text boxes
        every = "".join(str(t) for t in _ALL_RUNS(p))
        reached = all(a.tag in _BLOCK_PARENTS for a in p.iterancestors())
        if every.strip() and (not reached or every != "".join(str(t) for t in _SHOWN_RUNS(p))):
            yield every
    yield from _prose_attributes(root)


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
        out.add_all(_package_rest(data, _xlsx_rest))
        return ExtractedText("xlsx", out.text(), None)
    finally:
        workbook.close()  # read-only mode keeps the archive open until closed


_SHEET_PART = re.compile(r"xl/worksheets/sheet\d*\.xml$")
#: Cell values and inline strings, which `iter_rows` has read; shared strings are cell values too.
_SHEET_VALUES = frozenset(f"{{{ns}}}{t}" for ns in ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",)
                          for t in ("v", "t"))


def _xlsx_rest(name: str, root: etree._Element) -> Iterator[str] | None:
    """Sheets: everything but the cell values (formulas, headers and footers, validation
    prompts); the shared strings and core properties are read; any other part: all its text."""
    if name in ("xl/sharedStrings.xml", "docProps/core.xml"):
        return iter(())
    if not _SHEET_PART.fullmatch(name):
        return None
    rest = (e.text for e in root.iter() if e.tag not in _SHEET_VALUES and e.text and e.text.strip())
    return (t for it in (rest, _prose_attributes(root)) for t in it)


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
    has_images = False
    for page in reader.pages:
        page_text = page.extract_text() or ""
        has_pages_text = has_pages_text or bool(page_text.strip())
        has_images = has_images or bool(page.images)
        out.add(page_text)
    out.add_all(_pdf_rest(reader))
    if not has_pages_text and has_images:
        # A scan: its text is in images, which are not read; judged as an image (blocked unless a
        # school allows images), never as an empty document (found by the r19 packaging probe).
        return ExtractedText("image", None, "image: a PDF without a text layer (a scan)")
    note = None if has_pages_text else "no text layer (a scanned PDF?): only images, which are not read"
    return ExtractedText("pdf", out.text(), note)


def _pdf_rest(reader: PdfReader) -> Iterator[str]:
    """What travels in a PDF besides its pages' text (found by the r19 packaging probe): every
    document-information value, annotation texts (comments, sticky notes), form field values,
    bookmark titles and attached files that are text."""
    if reader.metadata is not None:
        yield from _metadata_lines(reader.metadata.values())
    for page in reader.pages:
        for ref in page.get("/Annots") or ():
            annot = ref.get_object()
            yield from _metadata_lines(annot.get(k) for k in ("/Contents", "/T", "/Subj", "/RC"))
    for field in (reader.get_fields() or {}).values():
        yield from _metadata_lines((field.get("/V"), field.get("/TU")))
    outline: list[object] = list(reader.outline)
    while outline:
        item = outline.pop()
        if isinstance(item, list):
            outline.extend(item)
        elif (title := getattr(item, "title", None)) is not None:
            yield str(title)
    for files in reader.attachments.values():
        for blob in files:
            decoded = decode_text(blob) if sniff(blob).kind == "unknown" else None
            if decoded is None:
                raise _Failure("an attached file that is not text cannot be read")
            yield decoded.text


# --- pptx

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_DRAWING_TEXT = etree.XPath(".//a:p", namespaces={"a": _A})
_DRAWING_RUNS = etree.XPath(".//a:t/text()", namespaces={"a": _A})
_CORE_TEXT = etree.XPath("//text()")
_SLIDE_PART = re.compile(r"ppt/(slides/slide|notesSlides/notesSlide|comments/comment|commentAuthors)(\d*)\.xml$")


def _part_order(name: str) -> tuple[int, int]:
    m = _SLIDE_PART.match(name)
    assert m is not None
    return ({"slides/slide": 0, "notesSlides/notesSlide": 1}.get(m.group(1), 2), int(m.group(2) or 0))


def _pptx(data: bytes) -> ExtractedText:
    """Slides in order, then speaker notes and comments, then the document properties: the text
    of every DrawingML paragraph (text boxes, tables, shapes), one line each."""
    _check_zip(data)  # the declared sizes bound what each read below can return
    out = _TextBuilder()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted((n for n in archive.namelist() if _SLIDE_PART.match(n)), key=_part_order)
        for name in names:
            root = etree.fromstring(archive.read(name), _SAFE_XML)
            if name.startswith("ppt/comment"):
                out.add_all(str(t) for t in _CORE_TEXT(root))
                continue
            out.add_all("".join(str(t) for t in _DRAWING_RUNS(p)) for p in _DRAWING_TEXT(root))
        if "docProps/core.xml" in archive.namelist():
            root = etree.fromstring(archive.read("docProps/core.xml"), _SAFE_XML)
            out.add_all(_metadata_lines(str(t) for t in _CORE_TEXT(root)))
    out.add_all(_package_rest(data, _pptx_rest))
    return ExtractedText("pptx", out.text(), None)


def _pptx_rest(name: str, root: etree._Element) -> Iterator[str] | None:
    """Slides, notes and comments are read above (their alt text is not); any other part (charts,
    SmartArt, layouts, custom parts): all its text."""
    if name == "docProps/core.xml":
        return iter(())
    if _SLIDE_PART.match(name):
        return _prose_attributes(root)
    return None


_EXTRACTORS: Mapping[_DocKind, Callable[[bytes], ExtractedText]] = {
    "text": _plain,
    "docx": _docx,
    "xlsx": _xlsx,
    "pptx": _pptx,
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
    sniffed = sniff(data)
    declared = _declared(filename, content_type)
    if sniffed.kind == "image":
        return ExtractedText("image", None, f"image: {sniffed.label}")
    if sniffed.kind in ("media", "archive", "zip"):
        return ExtractedText("binary", None, f"unsupported type: {sniffed.label}")
    if sniffed.kind == "ole":
        return ExtractedText("error", None, "encrypted: a password-protected Office file (or a legacy .doc/.xls/.ppt)")
    kind: _DocKind
    if sniffed.kind in _BY_SNIFF:
        kind = _BY_SNIFF[sniffed.kind]
    elif sniffed.kind == "damaged-zip":
        kind = declared if declared in ("docx", "xlsx", "pptx") else "binary"
        if kind == "binary":
            return ExtractedText("error", None, "corrupt zip: not a readable zip container (truncated or damaged)")
    elif declared in ("docx", "xlsx", "pptx", "pdf") and not _is_text(data):
        kind = declared  # labelled a document, neither one nor text: its parser names the damage
    else:
        kind = "text"
    if len(data) > MAX_EXTRACT_BYTES:
        reason = f"input is {len(data):,} bytes, over the {MAX_EXTRACT_BYTES:,}-byte limit (MAX_EXTRACT_BYTES)"
        return ExtractedText("error", None, reason)
    try:
        if kind == "text":
            return _text_or_binary(data, declared, declared_charset(content_type))
        return _EXTRACTORS[kind](data)
    except _Failure as exc:
        return ExtractedText("error", None, str(exc))
    except Exception as exc:  # a parser bug or a hostile file: fail closed, never crash the proxy
        return ExtractedText("error", None, _failure_reason(exc, kind))


def _is_text(data: bytes) -> bool:
    decoded = decode_text(data)
    return decoded is not None and bool(decoded.text.strip())


def _text_or_binary(data: bytes, declared: _DocKind | None, charset: str | None) -> ExtractedText:
    """Bytes with no signature: text when they decode; binary when nothing claimed they were text,
    an error when something did (a .txt in a charset we cannot read must not pass as "binary")."""
    if declared == "text":
        return _plain(data, charset)
    decoded = decode_text(data, charset)
    if decoded is None:
        return ExtractedText("binary", None, "unsupported type: no known signature and not text")
    return _plain_result(decoded.text, note=None)
