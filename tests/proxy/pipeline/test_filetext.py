"""Unit tests for text extraction from uploads: each format built in tmp_path, the kind decision
(extension, Content-Type, magic bytes), and corrupt, encrypted and oversized files as errors."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfWriter

from proxy.pipeline.uploads import filetext
from proxy.pipeline.uploads.filetext import ExtractedText, extract_text
from tests.builders import build_pdf as make_pdf

SAMPLE = "学生王小明 手机13912345678"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def build_docx(path: Path) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "北京市第一中学 初二(3)班"
    section.footer.paragraphs[0].text = "班主任 李老师"
    document.add_paragraph(SAMPLE)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).text = "家长电话"
    table.cell(1, 0).text = "李娜"
    table.cell(1, 1).text = "13800001111"
    table.cell(2, 0).merge(table.cell(2, 1)).text = "备注：对花生过敏"
    document.add_paragraph("期末评语：进步明显。")
    document.save(str(path))
    return path.read_bytes()


def build_xlsx(path: Path) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "学生名单"
    sheet.append(["姓名", "手机", "备注"])
    sheet.append(["王小明", 13912345678, None])
    sheet.append([None, None, "学生王小明 手机13912345678"])
    hidden = workbook.create_sheet("隐藏页")
    hidden["C3"] = "李娜"
    hidden.sheet_state = "hidden"
    workbook.save(str(path))
    return path.read_bytes()


def build_pdf(path: Path, text: str) -> bytes:
    data = make_pdf(text)
    path.write_bytes(data)
    return data
    return path.read_bytes()


def build_encrypted_pdf(path: Path) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="AES-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path.read_bytes()


# --------------------------------------------------------------------------- each format


def test_docx_text_has_header_body_table_rows_and_footer_in_order(tmp_path: Path) -> None:
    result = extract_text("评语.docx", None, build_docx(tmp_path / "评语.docx"))
    assert (result.kind, result.reason) == ("docx", None)
    assert result.text is not None
    lines = result.text.splitlines()
    wanted = ["北京市第一中学 初二(3)班", SAMPLE, "姓名\t家长电话", "李娜\t13800001111", "备注：对花生过敏", "期末评语：进步明显。", "班主任 李老师"]
    assert [line for line in lines if line in wanted] == wanted


def test_a_merged_docx_cell_is_read_once(tmp_path: Path) -> None:
    result = extract_text("a.docx", None, build_docx(tmp_path / "a.docx"))
    assert result.text is not None and result.text.count("对花生过敏") == 1


def test_xlsx_text_has_sheet_names_and_one_tab_separated_line_per_row(tmp_path: Path) -> None:
    result = extract_text("名单.xlsx", None, build_xlsx(tmp_path / "名单.xlsx"))
    assert (result.kind, result.reason) == ("xlsx", None)
    assert result.text is not None
    lines = result.text.splitlines()
    # The sheets come first; the rest of the package (properties, formulas, comments) follows them.
    start = lines.index("学生名单")
    assert lines[start:start + 6] == ["学生名单", "姓名\t手机\t备注", "王小明\t13912345678", SAMPLE, "隐藏页", "李娜"]


def test_pdf_text_is_read_from_a_hand_written_pdf(tmp_path: Path) -> None:
    result = extract_text("scan.pdf", "application/pdf", build_pdf(tmp_path / "scan.pdf", "Phone 13912345678"))
    assert (result.kind, result.reason) == ("pdf", None)
    assert result.text is not None and "13912345678" in result.text


def test_a_pdf_with_no_text_layer_says_so(tmp_path: Path) -> None:
    result = extract_text("blank.pdf", None, build_pdf(tmp_path / "blank.pdf", ""))
    assert (result.kind, result.text) == ("pdf", "")
    assert result.reason is not None and "no text layer" in result.reason


PLAIN = [
    pytest.param("notes.txt", SAMPLE.encode("utf-8"), id="utf-8"),
    pytest.param("notes.txt", b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), id="utf-8 with BOM"),
    pytest.param("名单.csv", SAMPLE.encode("gbk"), id="gbk csv as Chinese Excel writes"),
    pytest.param("notes.md", SAMPLE.encode("gb18030"), id="gb18030"),
    pytest.param("notes.txt", b"\xff\xfe" + SAMPLE.encode("utf-16-le"), id="utf-16 with BOM"),
]


@pytest.mark.parametrize("name,data", PLAIN)
def test_plain_text_is_decoded_in_the_encodings_schools_use(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / name).write_bytes(data)
    assert extract_text(name, None, (tmp_path / name).read_bytes()) == ExtractedText("text", SAMPLE, None)


def test_a_text_file_in_no_charset_we_read_is_an_error_not_half_decoded_text() -> None:
    # Before issue 11 the bytes were replaced with U+FFFD and the rest scanned; now an upload
    # the proxy cannot read is unscannable (and blocked by default).
    result = extract_text("x.txt", None, b"13912345678 \xff\xff")
    assert (result.kind, result.text) == ("error", None)
    assert result.reason is not None and "charset" in result.reason


# --------------------------------------------------------------------------- deciding the kind


@pytest.fixture()
def samples(tmp_path: Path) -> dict[str, bytes]:
    return {
        "docx": build_docx(tmp_path / "s.docx"),
        "xlsx": build_xlsx(tmp_path / "s.xlsx"),
        "pdf": build_pdf(tmp_path / "s.pdf", "Phone 13912345678"),
        "png": PNG_HEADER,
        "utf8": SAMPLE.encode("utf-8"),
    }


DECISIONS = [
    pytest.param("photo.png", None, "png", "image", id="png by extension"),
    pytest.param("upload", None, "png", "image", id="png by magic bytes"),
    pytest.param("upload.bin", "application/octet-stream", "docx", "docx", id="docx by zip content"),
    pytest.param("blob", None, "xlsx", "xlsx", id="xlsx by zip content"),
    pytest.param("file", "application/pdf", "pdf", "pdf", id="pdf by content type"),
    pytest.param("file", None, "pdf", "pdf", id="pdf by magic bytes"),
    pytest.param("file", "text/plain; charset=utf-8", "utf8", "text", id="text by content type"),
    pytest.param("file", None, "utf8", "text", id="text by sniffing"),
    pytest.param("REPORT.DOCX", None, "docx", "docx", id="upper-case extension"),
    pytest.param("slides.pptx", None, "docx", "docx", id="content decides before the extension"),
    pytest.param("notes.txt", "text/plain", "png", "image", id="an image called notes.txt is an image"),
    pytest.param("scan.png", "image/png", "utf8", "text", id="text called scan.png is text"),
    pytest.param("report.pdf", "application/pdf", "utf8", "text", id="text called report.pdf is text"),
]


@pytest.mark.parametrize("name,content_type,sample,kind", DECISIONS)
def test_the_kind_is_decided_by_the_bytes_then_the_extension_then_the_content_type(
    samples: dict[str, bytes], name: str, content_type: str | None, sample: str, kind: str
) -> None:
    assert extract_text(name, content_type, samples[sample]).kind == kind


def test_an_image_is_an_image_with_no_text_and_a_reason_naming_the_sniffed_type() -> None:
    result = extract_text("作业.png", "image/png", PNG_HEADER)
    assert result == ExtractedText("image", None, "image: PNG image")


# --------------------------------------------------------------------------- errors


def test_a_truncated_docx_is_an_error_naming_the_damage(samples: dict[str, bytes]) -> None:
    data = samples["docx"]
    result = extract_text("a.docx", None, data[: len(data) // 2])
    assert (result.kind, result.text) == ("error", None)
    assert result.reason is not None and "corrupt docx" in result.reason


def test_a_password_protected_office_file_is_an_error_saying_encrypted() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    result = extract_text("成绩.xlsx", None, ole)
    assert (result.kind, result.text) == ("error", None)
    assert result.reason is not None and "password-protected" in result.reason


def test_an_encrypted_pdf_is_an_error_saying_encrypted(tmp_path: Path) -> None:
    result = extract_text("secret.pdf", None, build_encrypted_pdf(tmp_path / "secret.pdf"))
    assert (result.kind, result.text) == ("error", None)
    assert result.reason is not None and result.reason.startswith("encrypted")


CORRUPT = [
    pytest.param("a.pdf", b"%PDF-1.4\n1 0 obj garbage", "corrupt pdf", id="pdf without structure"),
    pytest.param("a.xlsx", b"PK\x03\x04broken", "corrupt xlsx", id="broken xlsx zip"),
    pytest.param("a.docx", b"", "corrupt docx", id="empty docx"),
    pytest.param("upload", b"PK\x03\x04broken", "corrupt zip", id="broken zip found by magic"),
]


@pytest.mark.parametrize("name,data,reason", CORRUPT)
def test_a_corrupt_file_is_an_error_and_never_raises(name: str, data: bytes, reason: str) -> None:
    result = extract_text(name, None, data)
    assert (result.kind, result.text) == ("error", None)
    assert result.reason is not None and reason in result.reason


def test_a_zip_whose_xml_unpacks_too_large_is_refused(samples: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filetext, "MAX_UNZIPPED_XML_BYTES", 1000)
    result = extract_text("a.docx", None, samples["docx"])
    assert result.kind == "error"
    assert result.reason is not None and "MAX_UNZIPPED_XML_BYTES" in result.reason


# --------------------------------------------------------------------------- limits


@pytest.mark.parametrize("sample,name", [("utf8", "a.txt"), ("docx", "a.docx"), ("xlsx", "a.xlsx"), ("pdf", "a.pdf")], ids=["text", "docx", "xlsx", "pdf"])
def test_input_over_the_byte_limit_is_an_error_naming_the_limit(
    samples: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, sample: str, name: str
) -> None:
    monkeypatch.setattr(filetext, "MAX_EXTRACT_BYTES", 10)
    result = extract_text(name, None, samples[sample])
    assert (result.kind, result.text) == ("error", None)
    assert result.reason is not None and "MAX_EXTRACT_BYTES" in result.reason


def test_an_image_over_the_byte_limit_is_still_just_an_image(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filetext, "MAX_EXTRACT_BYTES", 10)
    assert extract_text("photo.png", None, PNG_HEADER).kind == "image"


@pytest.mark.parametrize("sample,name", [("utf8", "a.txt"), ("docx", "a.docx"), ("xlsx", "a.xlsx"), ("pdf", "a.pdf")], ids=["text", "docx", "xlsx", "pdf"])
def test_text_over_the_character_limit_is_an_error_naming_the_limit(
    samples: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, sample: str, name: str
) -> None:
    monkeypatch.setattr(filetext, "MAX_TEXT_CHARS", 5)
    result = extract_text(name, None, samples[sample])
    assert (result.kind, result.text) == ("error", None)
    assert result.reason is not None and "MAX_TEXT_CHARS" in result.reason


def test_the_limits_are_the_documented_sizes() -> None:
    assert filetext.MAX_EXTRACT_BYTES == 20 * 1024 * 1024
    assert filetext.MAX_TEXT_CHARS == 2_000_000



PLAUSIBLE_TEXTS = [
    ("chinese prose", "老师您好，请帮我看看这篇作文。" * 50, True),
    ("allowed controls only", "a\tb\nc\rd\x0be\x0cf\x1bg" * 100, True),
    ("eight stray controls", "正文" + "\x01" * 8, True),
    ("nine stray controls", "正文" + "\x01" * 9, False),
    ("one of each stray control", "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\v\f\r\x1b"), False),
    ("stray controls past the head", "字" * 4096 + "\x00" * 50, True),
]


@pytest.mark.parametrize("text,plausible", [(t, p) for _, t, p in PLAUSIBLE_TEXTS], ids=[n for n, _, _ in PLAUSIBLE_TEXTS])
def test_text_is_plausible_unless_its_head_has_more_than_eight_stray_controls(text: str, plausible: bool) -> None:
    from proxy.pipeline.uploads.charset import _plausible

    assert _plausible(text) is plausible
