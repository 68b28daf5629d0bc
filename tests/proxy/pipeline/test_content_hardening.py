"""Issue 11, "decide by content, not by label" and "parts never scanned": each finding as a
regression test through the pipeline (Guard.inspect). The edge is in tests/proxy/mitm/test_addon_content.py."""

from __future__ import annotations

import base64
import io
import json
import urllib.parse
import zipfile
from pathlib import Path

import docx
import pytest

from detectors import Scanner
from proxy.audit.records import to_record
from proxy.pipeline.formats.embedded import embedded_files
from proxy.pipeline.guard import Guard, Outcome, RequestView
from proxy.pipeline.request import user_text_headers
from proxy.pipeline.uploads import filetext
from proxy.pipeline.uploads.charset import decode_text
from proxy.pipeline.uploads.filetext import extract_text
from proxy.pipeline.uploads.sniff import sniff
from proxy.pipeline.vault import VaultStore
from tests.builders import build_pdf
from proxy.policy.catalog import Route, load_catalog
from proxy.policy.settings import PolicySettings

CATALOG = load_catalog(Path(__file__).resolve().parents[3] / "config" / "services.yaml")

NAME, PHONE, ID_NUMBER = "王梓涵", "13912345678", "110108201503121238"
PRIVATE = f"学生{NAME}的家长电话是{PHONE}"
CLEAN = "请帮我把这篇关于春天的作文改得更生动。"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"




def _route(host: str = "api.openai.com", path: str = "/v1/chat/completions") -> Route:
    route = CATALOG.route(host, path)
    assert route is not None
    return route


def _req(body: bytes, *, ctype: str = "application/json", path: str = "/v1/chat/completions",
         host: str = "api.openai.com", query: tuple[tuple[str, str], ...] = (),
         headers: tuple[tuple[str, str], ...] = ()) -> RequestView:
    return RequestView(request_id="r1", client="10.0.0.5", host=host, path=path, query=query, method="POST",
                       content_type=ctype, accept="", body=body, headers=headers)


def _inspect(scanner: Scanner, req: RequestView, route: Route | None = None, **policy: object) -> Outcome:
    guard = Guard(scanner, PolicySettings(**policy), VaultStore())  # type: ignore[arg-type]
    return guard.inspect(req, route or _route(req.host, req.path))


def _multipart(*parts: tuple[str, str | None, str | None, bytes]) -> tuple[bytes, str]:
    """(field name, file name, content type, body) parts; names are written as raw UTF-8."""
    boundary = "b0undary"
    out = b""
    for name, filename, ctype, body in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        out += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        if ctype:
            out += f"Content-Type: {ctype}\r\n".encode()
        out += b"\r\n" + body + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _upload(scanner: Scanner, filename: str, ctype: str | None, data: bytes, **policy: object) -> Outcome:
    body, content_type = _multipart(("purpose", None, None, b"assistants"), ("file", filename, ctype, data))
    return _inspect(scanner, _req(body, ctype=content_type, path="/v1/files"), **policy)


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pptx(*slides: str, notes: str = "") -> bytes:
    """A minimal presentation: the parts `sniff` and the extractor read (ECMA-376 part 1, PresentationML)."""
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    p = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/presentation.xml", f"<p:presentation {p}/>")
        for n, text in enumerate(slides, start=1):
            z.writestr(f"ppt/slides/slide{n}.xml",
                       f"<p:sld {p} {a}><p:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sld>")
        if notes:
            z.writestr("ppt/notesSlides/notesSlide1.xml", f"<p:notes {p} {a}><a:p><a:r><a:t>{notes}</a:t></a:r></a:p></p:notes>")
    return buf.getvalue()


def _pdf(tmp_path: Path, text: str) -> bytes:
    return build_pdf(text)


# --------------------------------------------------------------------------- 3. files judged by their bytes


@pytest.mark.parametrize(
    "filename,ctype,kind",
    [
        pytest.param("upload.bin", "application/octet-stream", "docx", id="docx as octet-stream"),
        pytest.param("upload.bin", "application/octet-stream", "pdf", id="pdf as octet-stream"),
        pytest.param("upload.bin", "application/octet-stream", "pptx", id="pptx as octet-stream"),
        pytest.param("photo.png", "image/png", "docx", id="docx called photo.png"),
        pytest.param("slides.pptx", None, "pptx", id="pptx by its own name"),
    ],
)
def test_a_document_is_read_by_its_bytes_whatever_its_label(
    scanner: Scanner, tmp_path: Path, filename: str, ctype: str | None, kind: str
) -> None:
    data = {"docx": lambda: _docx(PRIVATE), "pdf": lambda: _pdf(tmp_path, f"Phone {PHONE}"),
            "pptx": lambda: _pptx("第一页", PRIVATE)}[kind]()
    out = _upload(scanner, filename, ctype, data)
    assert out.block is not None
    assert out.decision.rule_ids[-1] == "upload.document-with-personal-data"
    assert "PHONE_NUMBER" in out.decision.entities


def test_a_clean_document_sent_as_octet_stream_passes_unchanged(scanner: Scanner) -> None:
    data = _docx(CLEAN)
    out = _upload(scanner, "upload.bin", "application/octet-stream", data)
    assert out.decision.action == "allow" and out.body is None and out.decision.unscanned == ()


def test_pptx_text_includes_every_slide_and_the_speaker_notes() -> None:
    result = extract_text("deck.pptx", None, _pptx("第一页", "第二页", notes=PRIVATE))
    assert result.kind == "pptx" and result.text == f"第一页\n第二页\n{PRIVATE}"


@pytest.mark.parametrize(
    "policy,action,rule",
    [
        pytest.param({}, "block", "upload.unscannable", id="default blocks"),
        pytest.param({"unscannable_uploads": "allow_images"}, "allow", "no-findings", id="allow_images lets it pass"),
        pytest.param({"unscannable_uploads": "allow"}, "allow", "no-findings", id="allow lets it pass"),
    ],
)
def test_an_image_upload_follows_the_unscannable_policy(
    scanner: Scanner, policy: dict[str, object], action: str, rule: str
) -> None:
    out = _upload(scanner, "photo.png", "image/png", PNG_HEADER, **policy)
    assert (out.decision.action, out.decision.rule_ids[-1]) == (action, rule)
    assert out.decision.unscanned == ("file:image",)


@pytest.mark.parametrize(
    "policy,action",
    [
        pytest.param({}, "block", id="default"),
        pytest.param({"unscannable_uploads": "allow_images"}, "block", id="allow_images is for images only"),
        pytest.param({"unscannable_uploads": "allow"}, "allow", id="allow"),
    ],
)
def test_a_binary_upload_that_is_no_image_is_blocked_unless_everything_is_allowed(
    scanner: Scanner, policy: dict[str, object], action: str
) -> None:
    out = _upload(scanner, "data.bin", "application/octet-stream", b"\x1f\x8b\x08\x00" + bytes(range(256)), **policy)
    assert out.decision.action == action and out.decision.unscanned == ("file:binary",)


def test_an_image_renamed_notes_txt_is_still_an_image(scanner: Scanner) -> None:
    out = _upload(scanner, "notes.txt", "text/plain", PNG_HEADER, unscannable_uploads="allow_images")
    assert out.decision.unscanned == ("file:image",)


@pytest.mark.parametrize(
    "limit,value",
    [pytest.param("MAX_UNZIPPED_XML_BYTES", 1000, id="zip bomb"), pytest.param("MAX_TEXT_CHARS", 5, id="over the character limit")],
)
def test_a_docx_whose_extraction_fails_is_blocked_by_default(
    scanner: Scanner, monkeypatch: pytest.MonkeyPatch, limit: str, value: int
) -> None:
    import proxy.pipeline.body as body

    monkeypatch.setattr(filetext, limit, value)
    # Extraction normally runs in a worker process; in-process here, so the lowered limit applies.
    monkeypatch.setattr(body, "extract_text", filetext.extract_text)
    out = _upload(scanner, "作文.docx", None, _docx(CLEAN))
    assert out.block is not None and out.decision.rule_ids[-1] == "upload.unscannable"
    assert out.decision.unscanned == ("file:error",)


CHARSETS = [
    pytest.param("gb18030", None, id="gb18030 undeclared"),
    pytest.param("gbk", None, id="gbk undeclared"),
    pytest.param("gbk", "gbk", id="gbk declared"),
    pytest.param("gb18030", "utf-8", id="gb18030 mislabelled utf-8"),
    pytest.param("utf-16", None, id="utf-16 with BOM"),
    pytest.param("utf-16-le", "utf-16le", id="utf-16le declared"),
]


@pytest.mark.parametrize("codec,declared", CHARSETS)
def test_a_text_plain_body_is_decoded_in_its_charset_and_rewritten_in_it(
    scanner: Scanner, codec: str, declared: str | None
) -> None:
    text = PRIVATE
    ctype = "text/plain" + (f"; charset={declared}" if declared else "")
    out = _inspect(scanner, _req(text.encode(codec), ctype=ctype, host="chat.deepseek.com", path="/api/x"))
    assert out.decision.action == "pseudonymize" and out.body is not None
    decoded = decode_text(out.body, declared)
    assert decoded is not None and PHONE not in decoded.text and "〔手机号甲〕" in decoded.text
    assert out.body.decode(codec).endswith(decoded.text[-8:])  # still in the original charset


def test_a_multipart_field_in_gbk_is_scanned_and_rewritten_in_its_charset(scanner: Scanner) -> None:
    body, ctype = _multipart(("prompt", None, None, f"家长电话{PHONE}".encode("gbk")))
    out = _inspect(scanner, _req(body, ctype=ctype, host="chat.deepseek.com", path="/api/x"))
    assert out.body is not None and PHONE.encode() not in out.body
    assert "〔手机号甲〕".encode("gbk") in out.body


@pytest.mark.parametrize("declared", [None, "big5"], ids=["undeclared", "declared"])
def test_big5_text_is_read_as_big5_and_rewritten_in_big5_hkscs(scanner: Scanner, declared: str | None) -> None:
    # Before issue 11 Big5 bytes were decoded as GB18030 mojibake. WHATWG's "big5" is Big5-HKSCS,
    # which holds the simplified placeholder 〔手机号甲〕.
    ctype = "text/plain" + (f"; charset={declared}" if declared else "")
    text = f"學生{NAME}的家長電話是{PHONE}"
    assert (decoded := decode_text(text.encode("big5"), declared)) is not None and decoded.text == text
    out = _inspect(scanner, _req(text.encode("big5"), ctype=ctype, host="chat.deepseek.com", path="/api/x"))
    assert out.body is not None
    restored = out.body.decode("big5hkscs")  # still in its charset
    assert restored.startswith("學生") and restored.endswith("的家長電話是〔手机号甲〕") and PHONE not in restored


def test_big5_text_is_blocked_when_a_placeholder_cannot_be_written_in_big5(scanner: Scanner) -> None:
    body = f"身分證{ID_NUMBER}".encode("big5")
    out = _inspect(scanner, _req(body, ctype="text/plain; charset=big5", host="chat.deepseek.com", path="/api/x"))
    assert "CN_RESIDENT_ID" in out.decision.entities
    assert out.block is not None and out.decision.rule_ids == ("access.open", "rewrite.charset")


def test_a_gbk_text_file_upload_stays_gbk_when_rewritten(scanner: Scanner) -> None:
    out = _upload(scanner, "notes.csv", "text/csv", f"姓名,电话\n同学,{PHONE}".encode("gbk"))
    assert out.body is not None and "〔手机号甲〕".encode("gbk") in out.body and PHONE.encode() not in out.body


def test_text_behind_leading_nul_bytes_is_scanned(scanner: Scanner) -> None:
    out = _inspect(scanner, _req(b"\x00" * 512 + PRIVATE.encode(), ctype="application/octet-stream",
                                 host="chat.deepseek.com", path="/api/x"))
    assert out.decision.action == "pseudonymize" and out.body is not None and PHONE.encode() not in out.body


def test_a_gbk_form_post_is_decoded_before_scanning(scanner: Scanner) -> None:
    body = urllib.parse.urlencode({"q": PRIVATE}, encoding="gbk").encode()
    out = _inspect(scanner, _req(body, ctype="application/x-www-form-urlencoded", host="chat.deepseek.com", path="/api/x"))
    assert out.body is not None
    assert urllib.parse.parse_qs(out.body.decode(), encoding="gbk")["q"] == [f"学生〔学生甲〕的家长电话是〔手机号甲〕"]


def test_a_gbk_query_value_is_decoded_before_scanning(scanner: Scanner) -> None:
    raw = urllib.parse.quote(PRIVATE.encode("gbk"))
    value = urllib.parse.unquote(raw, errors="surrogateescape")  # as mitmproxy hands it over
    out = _inspect(scanner, _req(b"", host="chat.deepseek.com", path="/api/x", query=(("q", value),)))
    assert out.query is not None
    sent = out.query[0][1].encode("utf-8", "surrogateescape").decode("gbk")
    assert PHONE not in sent and "〔手机号甲〕" in sent


def test_bytes_in_no_charset_we_read_are_blocked_by_default(scanner: Scanner) -> None:
    out = _inspect(scanner, _req(bytes(range(256)) * 4, ctype="text/plain", host="chat.deepseek.com", path="/api/x"))
    assert out.block is not None and out.decision.unscanned == ("body:binary",)


@pytest.mark.parametrize(
    "data,kind",
    [
        pytest.param(PNG_HEADER, "image", id="png"), pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", "image", id="jpeg"),
        pytest.param(b"GIF89a\x01\x00", "image", id="gif"), pytest.param(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image", id="webp"),
        pytest.param(b"\x1f\x8b\x08\x00\x00", "archive", id="gzip"), pytest.param(b"%PDF-1.7\n", "pdf", id="pdf"),
        pytest.param(b"junk" * 10 + b"%PDF-1.4", "pdf", id="pdf after junk"),
        pytest.param(b"\x00\x00\x00\x20ftypisom", "media", id="mp4"),
        pytest.param(PRIVATE.encode(), "unknown", id="text has no signature"),
    ],
)
def test_sniff_names_the_type_from_magic_numbers(data: bytes, kind: str) -> None:
    assert sniff(data).kind == kind


@pytest.mark.parametrize("kind", ["docx", "pptx"])
def test_sniff_tells_office_documents_from_their_zip_parts(kind: str) -> None:
    data = _docx(CLEAN) if kind == "docx" else _pptx(CLEAN)
    assert sniff(data).kind == kind


# --------------------------------------------------------------------------- 4. files inside JSON


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _openai_file(data: bytes, media: str, filename: str = "report.pdf") -> bytes:
    part = {"type": "file", "file": {"filename": filename, "file_data": f"data:{media};base64,{_b64(data)}"}}
    return json.dumps({"model": "m", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "总结这份文件"}, part]}]}, ensure_ascii=False).encode()


def _responses_file(data: bytes, media: str) -> bytes:
    part = {"type": "input_file", "filename": "a.pdf", "file_data": f"data:{media};base64,{_b64(data)}"}
    return json.dumps({"model": "m", "input": [{"role": "user", "content": [part]}]}).encode()


def _anthropic_document(data: bytes, media: str) -> bytes:
    block = {"type": "document", "source": {"type": "base64", "media_type": media, "data": _b64(data)}}
    return json.dumps({"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [
        block, {"type": "text", "text": "总结"}]}]}).encode()


def _gemini(data: bytes, media: str, *, snake: bool) -> bytes:
    part = {"inline_data": {"mime_type": media, "data": _b64(data)}} if snake else \
        {"inlineData": {"mimeType": media, "data": _b64(data)}}
    return json.dumps({"contents": [{"role": "user", "parts": [{"text": "总结"}, part]}]}).encode()


JSON_FILES = [
    pytest.param(_openai_file, ("api.openai.com", "/v1/chat/completions"), id="openai file part"),
    pytest.param(_responses_file, ("api.openai.com", "/v1/responses"), id="openai responses input_file"),
    pytest.param(_anthropic_document, ("api.anthropic.com", "/v1/messages"), id="anthropic document"),
    pytest.param(lambda d, m: _gemini(d, m, snake=True), ("generativelanguage.googleapis.com",
                 "/v1beta/models/g:generateContent"), id="gemini inline_data"),
    pytest.param(lambda d, m: _gemini(d, m, snake=False), ("generativelanguage.googleapis.com",
                 "/v1beta/models/g:generateContent"), id="gemini inlineData"),
]


@pytest.mark.parametrize("make,where", JSON_FILES)
@pytest.mark.parametrize("media", ["application/pdf", "text/plain"])
def test_base64_file_data_inside_json_is_decoded_and_scanned(
    scanner: Scanner, tmp_path: Path, make, where: tuple[str, str], media: str  # type: ignore[no-untyped-def]
) -> None:
    data = _pdf(tmp_path, f"Phone {PHONE}") if media == "application/pdf" else PRIVATE.encode()
    out = _inspect(scanner, _req(make(data, media), host=where[0], path=where[1]))
    assert out.block is not None and out.decision.rule_ids[-1] == "upload.document-with-personal-data"


@pytest.mark.parametrize("make,where", JSON_FILES)
def test_clean_base64_file_data_inside_json_passes_unchanged(scanner: Scanner, make, where: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    out = _inspect(scanner, _req(make(_docx(CLEAN), "application/octet-stream"), host=where[0], path=where[1]))
    assert out.decision.action == "allow" and out.body is None


@pytest.mark.parametrize(
    "policy,action",
    [pytest.param({}, "block", id="default"), pytest.param({"unscannable_uploads": "allow_images"}, "allow", id="allow_images")],
)
def test_an_image_part_inside_json_follows_the_policy(scanner: Scanner, policy: dict[str, object], action: str) -> None:
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "这张图里是什么"},
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{_b64(PNG_HEADER)}"}}]}]}).encode()
    out = _inspect(scanner, _req(body), **policy)
    assert out.decision.action == action and out.decision.unscanned == ("json:image",)


def test_file_data_that_is_not_base64_is_unscannable(scanner: Scanner) -> None:
    body = _openai_file(b"", "application/pdf").replace(b";base64,", b";base64,!!not-base64!!")
    out = _inspect(scanner, _req(body))
    assert out.block is not None and out.decision.unscanned == ("json:error",)


def test_a_data_url_in_a_web_chat_sites_private_json_is_read_as_a_file(scanner: Scanner) -> None:
    body = json.dumps({"prompt": "看看这个", "attachment": f"data:text/plain;base64,{_b64(PRIVATE.encode())}"}).encode()
    out = _inspect(scanner, _req(body, host="chat.deepseek.com", path="/api/v0/chat/completion"))
    assert out.block is not None and out.decision.rule_ids[-1] == "upload.document-with-personal-data"


def test_embedded_files_finds_each_format_and_leaves_text_alone() -> None:
    doc = json.loads(_anthropic_document(b"x" * 20, "application/pdf"))
    doc["messages"][0]["content"].append({"type": "text", "text": "data:not really a file"})
    [found] = embedded_files(doc)
    assert found.path == ("messages", 0, "content", 0, "source", "data") and found.media_type == "application/pdf"


# --------------------------------------------------------------------------- 6. parts never scanned


def test_an_upload_file_name_with_personal_data_blocks_the_upload(scanner: Scanner) -> None:
    out = _upload(scanner, f"{NAME}_{PHONE}_病历.txt", "text/plain", CLEAN.encode())
    assert out.block is not None and out.decision.rule_ids[-1] == "upload.file-name-with-personal-data"
    assert set(out.decision.entities) >= {"PERSON", "PHONE_NUMBER"}


def test_an_rfc5987_encoded_file_name_is_decoded_before_scanning(scanner: Scanner) -> None:
    encoded = urllib.parse.quote(f"{NAME}_{PHONE}.txt")
    boundary = "b0"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''{encoded}\r\n\r\n"
            f"{CLEAN}\r\n--{boundary}--\r\n").encode()
    out = _inspect(scanner, _req(body, ctype=f"multipart/form-data; boundary={boundary}", path="/v1/files"))
    assert out.block is not None and out.decision.rule_ids[-1] == "upload.file-name-with-personal-data"


def test_a_multipart_field_name_with_personal_data_blocks(scanner: Scanner) -> None:
    body, ctype = _multipart((f"家长电话{PHONE}", None, None, b"ok"))
    out = _inspect(scanner, _req(body, ctype=ctype, path="/v1/files"))
    assert out.block is not None and out.decision.rule_ids[-1] == "request.field-name-with-personal-data"


def test_a_json_key_with_personal_data_blocks(scanner: Scanner) -> None:
    body = json.dumps({"scores": {f"学生{NAME}": 92}, "prompt": "分析成绩"}, ensure_ascii=False).encode()
    out = _inspect(scanner, _req(body, host="chat.deepseek.com", path="/api/v0/chat/completion"))
    assert out.block is not None and out.decision.rule_ids[-1] == "request.json-key-with-personal-data"


def test_a_query_key_with_personal_data_blocks(scanner: Scanner) -> None:
    out = _inspect(scanner, _req(b"", host="chat.deepseek.com", path="/api/x", query=((PHONE, "1"),)))
    assert out.block is not None and out.decision.rule_ids[-1] == "request.query-key-with-personal-data"


def test_ordinary_api_requests_have_no_findings_in_their_names(scanner: Scanner) -> None:
    body = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": CLEAN}], "stream": True,
                       "temperature": 0.2, "max_tokens": 512, "tools": []}).encode()
    out = _inspect(scanner, _req(body, headers=user_text_headers([("referer", "https://chat.openai.com/c/abc"),
                                                                   ("user-agent", "Mozilla/5.0")])))
    assert out.decision.action == "allow" and out.decision.findings == ()


@pytest.mark.parametrize(
    "policy,action,path",
    [
        pytest.param({}, "pseudonymize", "/api/users/%E3%80%94%E8%BA%AB%E4%BB%BD%E8%AF%81%E5%8F%B7%E7%94%B2%E3%80%95/chat",
                     id="pseudonymised segment"),
        pytest.param({"default_action": "redact"}, "redact",
                     "/api/users/%5B%E8%BA%AB%E4%BB%BD%E8%AF%81%E5%8F%B7%5D/chat", id="redacted segment"),
        pytest.param({"actions": {"CN_RESIDENT_ID": "block"}}, "block", None, id="blocked"),
    ],
)
def test_a_path_segment_with_personal_data_follows_the_policy_and_the_record_is_masked(
    scanner: Scanner, policy: dict[str, object], action: str, path: str | None
) -> None:
    req = _req(json.dumps({"prompt": CLEAN}, ensure_ascii=False).encode(), host="chat.deepseek.com",
               path=f"/api/users/{ID_NUMBER}/chat")
    out = _inspect(scanner, req, **policy)
    assert out.decision.action == action and out.path == path
    assert out.decision.path == "/api/users/[身份证号]/chat"


def test_a_header_carrying_personal_data_is_dropped_and_credentials_are_never_scanned(scanner: Scanner) -> None:
    headers = user_text_headers([
        ("Referer", f"https://chat.deepseek.com/?q={urllib.parse.quote(PRIVATE)}"),
        ("X-Chat-Title", f"{NAME}的病历"),
        ("Authorization", "Bearer sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"),
        ("User-Agent", "Mozilla/5.0"),
    ])
    assert [name for name, _ in headers] == ["referer", "x-chat-title"]
    out = _inspect(scanner, _req(json.dumps({"prompt": CLEAN}).encode(), host="chat.deepseek.com",
                                 path="/api/v0/chat/completion", headers=headers))
    assert out.decision.action == "pseudonymize" and set(out.drop_headers) == {"referer", "x-chat-title"}


def test_no_raw_value_reaches_any_field_of_the_record(scanner: Scanner) -> None:
    body, ctype = _multipart(("file", f"{NAME}_{PHONE}_病历.txt", "text/plain", PRIVATE.encode()))
    req = _req(body, ctype=ctype, host="chat.deepseek.com", path=f"/api/users/{ID_NUMBER}/upload",
               query=(("q", PRIVATE),), headers=(("x-chat-title", NAME),))
    out = _inspect(scanner, req)
    record = json.dumps(to_record(out.decision, client=req.client, client_mode="full"), ensure_ascii=False)
    assert out.block is not None
    assert not any(value in record for value in (NAME, PHONE, ID_NUMBER))


def test_a_document_in_a_multipart_field_without_a_file_name_is_read_as_a_file(scanner: Scanner) -> None:
    body, ctype = _multipart(("attachment", None, None, _docx(PRIVATE)))
    out = _inspect(scanner, _req(body, ctype=ctype, path="/v1/files"))
    assert out.block is not None and out.decision.rule_ids[-1] == "upload.document-with-personal-data"


def test_a_json_body_in_a_declared_gbk_charset_is_rewritten_in_gbk(scanner: Scanner) -> None:
    body = json.dumps({"messages": [{"role": "user", "content": PRIVATE}]}, ensure_ascii=False).encode("gbk")
    out = _inspect(scanner, _req(body, ctype="application/json; charset=gbk"))
    assert out.body is not None and "〔手机号甲〕" in json.loads(out.body.decode("gbk"))["messages"][0]["content"]


@pytest.mark.parametrize(
    "policy,action",
    [pytest.param({}, "block", id="default"), pytest.param({"unscannable_uploads": "allow_images"}, "allow", id="allow_images")],
)
def test_ollama_images_follow_the_policy(scanner: Scanner, policy: dict[str, object], action: str) -> None:
    body = json.dumps({"model": "llava", "messages": [{"role": "user", "content": "图里是什么", "images": [_b64(PNG_HEADER)]}]}).encode()
    out = _inspect(scanner, _req(body, host="ollama.local", path="/api/chat"), **policy)
    assert out.decision.action == action and out.decision.unscanned == ("json:image",)
