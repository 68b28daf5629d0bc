"""Office text the structured readers skipped, found by the r19 packaging probe: each reached the
upstream inside an uploaded .docx or .xlsx unscanned (invented values only)."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest
from openpyxl.comments import Comment

from proxy.pipeline.uploads.filetext import extract_text

PHONE = "13900000000"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(body_xml: str = "", extra: tuple[tuple[str, str], ...] = ()) -> bytes:
    d = docx.Document()
    d.add_paragraph("春游通知")
    plain = io.BytesIO()
    d.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body_xml.encode())
            zout.writestr(item, data)
        for name, text in extra:
            zout.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _docx(f"<w:sdt><w:sdtContent><w:p><w:r><w:t>电话{PHONE}</w:t></w:r></w:p></w:sdtContent></w:sdt>"),
        _docx(f'<w:p><w:ins w:id="1" w:author="a"><w:r><w:t>电话{PHONE}</w:t></w:r></w:ins></w:p>'),
        _docx(f'<w:p><w:del w:id="1" w:author="a"><w:r><w:delText>电话{PHONE}</w:delText></w:r></w:del></w:p>'),
        _docx(f"<w:p><w:r><w:instrText>HYPERLINK tel:{PHONE}</w:instrText></w:r></w:p>"),
        _docx('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
              f'wordprocessingDrawing"><wp:docPr id="1" name="p" descr="家长电话 {PHONE}"/></wp:inline></w:drawing>'
              "</w:r></w:p>"),
        _docx(extra=(("customXml/item9.xml", f"<data>电话{PHONE}</data>"),)),
        _docx(extra=(("word/notes.txt", f"电话{PHONE}"),)),
    ],
    ids=["a content control", "a tracked insertion", "a tracked deletion", "a field code", "alt text",
         "a custom XML part", "a text file in the package"],
)
def test_docx_text_outside_the_paragraphs_python_docx_reads_is_extracted(data: bytes) -> None:
    got = extract_text("a.docx", None, data)
    assert got.kind == "docx" and got.text is not None and PHONE in got.text


def _xlsx(setup: str) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "成绩"
    if setup == "comment":
        ws["A1"].comment = Comment(f"家长电话{PHONE}", "t")
    elif setup == "formula":
        ws["B2"] = f'="电话{PHONE}"'
    elif setup == "header":
        ws.oddHeader.center.text = f"电话{PHONE}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("setup", ["comment", "formula", "header"])
def test_xlsx_text_outside_the_cell_values_is_extracted(setup: str) -> None:
    got = extract_text("a.xlsx", None, _xlsx(setup))
    assert got.kind == "xlsx" and got.text is not None and PHONE in got.text


def test_a_plain_docx_gains_no_formatting_names() -> None:
    got = extract_text("a.docx", None, _docx())
    assert got.text is not None and "春游通知" in got.text and "Heading" not in got.text and "宋体" not in got.text


def _pptx(extra_name: str, extra_xml: str) -> bytes:
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    p = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/presentation.xml", f"<p:presentation {p}/>")
        z.writestr("ppt/slides/slide1.xml", f"<p:sld {p} {a}><p:txBody><a:p><a:r><a:t>春游</a:t></a:r></a:p></p:txBody></p:sld>")
        z.writestr(extra_name, extra_xml)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "xml"),
    [
        ("ppt/diagrams/data1.xml", f'<dgm:dataModel xmlns:dgm="d"><dgm:t>电话{PHONE}</dgm:t></dgm:dataModel>'),
        ("ppt/charts/chart1.xml", f'<c:chartSpace xmlns:c="c"><c:v>电话{PHONE}</c:v></c:chartSpace>'),
        ("ppt/slides/slide2.xml", f'<p:sld xmlns:p="p"><p:cNvPr id="2" name="pic" descr="家长电话 {PHONE}"/></p:sld>'),
    ],
    ids=["SmartArt data", "a chart", "alt text on a slide"],
)
def test_pptx_text_outside_slide_paragraphs_is_extracted(name: str, xml: str) -> None:
    got = extract_text("a.pptx", None, _pptx(name, xml))
    assert got.kind == "pptx" and got.text is not None and PHONE in got.text


def _pdf(change: str) -> bytes:
    from pypdf import PdfWriter
    from pypdf.annotations import Text
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    w = PdfWriter()
    page = w.add_blank_page(200, 200)
    if change == "note":
        w.add_annotation(0, Text(text=f"家长电话{PHONE}", rect=(10, 10, 30, 30)))
    elif change == "bookmark":
        w.add_outline_item(title=f"电话{PHONE}", page_number=0)
    elif change == "attachment":
        w.add_attachment("a.txt", f"电话{PHONE}".encode())
    elif change == "metadata":
        w.add_metadata({"/Custom": f"电话{PHONE}"})
    elif change == "scan":
        image = DecodedStreamObject()
        image.set_data(b"\x00")
        image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                      NameObject("/Width"): NumberObject(1), NameObject("/Height"): NumberObject(1),
                      NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                      NameObject("/BitsPerComponent"): NumberObject(8)})
        xobjects = DictionaryObject({NameObject("/Im0"): w._add_object(image)})  # noqa: SLF001
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
        content = DecodedStreamObject()
        content.set_data(b"q 200 0 0 200 0 0 cm /Im0 Do Q")
        page[NameObject("/Contents")] = w._add_object(content)  # noqa: SLF001
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize("change", ["note", "bookmark", "attachment", "metadata"])
def test_pdf_text_outside_the_page_text_is_extracted(change: str) -> None:
    got = extract_text("a.pdf", None, _pdf(change))
    assert got.kind == "pdf" and got.text is not None and PHONE in got.text


def test_a_pdf_that_is_only_a_scan_is_judged_as_an_image_not_an_empty_document() -> None:
    got = extract_text("a.pdf", None, _pdf("scan"))
    assert got.kind == "image" and got.text is None
    assert extract_text("b.pdf", None, _pdf("blank")).kind == "pdf"
