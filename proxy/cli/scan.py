"""`privacy-guard scan` and `demo`: findings and a redacted preview for a person, or JSON lines for machines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from detectors import Finding, Scanner
from detectors.errors import InputError
from detectors.redaction import label_for, redact
from proxy.cli.common import build_cli_scanner

__all__ = ["scan_human", "scan_jsonl", "parse_jsonl_line", "finding_to_json", "add_commands"]


def finding_to_json(f: Finding) -> dict[str, Any]:
    return {"entity": f.entity, "start": f.start, "end": f.end, "text": f.text, "score": f.score, "detector": f.detector}


def parse_jsonl_line(raw: bytes, line_no: int) -> tuple[Any, str]:
    """Decode one input line into (id, text); InputError names the line and the problem."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"line {line_no}: not UTF-8 (byte {exc.start})", line=line_no) from exc
    try:
        doc = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {line_no}: invalid JSON: {exc.msg} at column {exc.colno}", line=line_no) from exc
    if not isinstance(doc, dict):
        raise InputError(f"line {line_no}: expected a JSON object {{\"id\": …, \"text\": …}}", line=line_no)
    missing = [k for k in ("id", "text") if k not in doc]
    if missing:
        raise InputError(f"line {line_no}: missing field(s) {', '.join(missing)}", line=line_no)
    if not isinstance(doc["text"], str):
        raise InputError(f"line {line_no}: field text must be a string, got {type(doc['text']).__name__}", line=line_no)
    return doc["id"], doc["text"]


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    for line_no, raw in enumerate(stream, start=1):
        raw = raw.rstrip(b"\r\n")
        if raw.strip():
            yield line_no, raw


def scan_jsonl(scanner: Scanner, stream: IO[bytes], out: IO[str], err: IO[str]) -> int:
    """One output line per input line; bad lines get an error object and a message on stderr."""
    errors = 0
    for line_no, raw in _lines(stream):
        try:
            ident, text = parse_jsonl_line(raw, line_no)
        except InputError as exc:
            errors += 1
            print(f"privacy-guard scan: {exc}", file=err)
            out.write(json.dumps({"id": None, "line": line_no, "error": str(exc)}, ensure_ascii=False) + "\n")
            continue
        report = scanner.scan(text)
        doc = {"id": ident, "findings": [finding_to_json(f) for f in report.findings]}
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    out.flush()
    return 1 if errors else 0


def scan_human(scanner: Scanner, data: bytes, source: str, out: IO[str] = sys.stdout) -> int:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again") from exc
    report = scanner.scan(text)
    if not report.findings:
        out.write("未发现敏感信息 (no findings)\n")
    else:
        out.write(f"发现 {len(report.findings)} 处敏感信息 (findings):\n")
        for f in report.findings:
            line = text.count("\n", 0, f.start) + 1
            out.write(
                f"  {label_for(f.entity):<8} {f.entity:<20} line {line:<4} [{f.start}:{f.end}] "
                f"score {f.score:.2f}  {f.detector}: {f.text}\n"
            )
    out.write("\n脱敏预览 (redacted preview):\n")
    out.write(redact(text, report.findings))
    if not text.endswith("\n"):
        out.write("\n")
    return 0


_DEMO = (
    "老师您好，我是三年级二班刘一鸣的家长，孩子最近有点焦虑。"
    "我的手机是139 1234 5678，家住杭州市西湖区文三路41号阳光小区3号楼2单元501室。"
    "请帮我写一首关于李白《静夜思》的赏析。"
)


def _scan(args: argparse.Namespace) -> int:
    scanner = build_cli_scanner(args)
    if args.jsonl:
        if args.file in (None, "-"):
            return scan_jsonl(scanner, sys.stdin.buffer, sys.stdout, sys.stderr)
        with open(args.file, "rb") as fh:
            return scan_jsonl(scanner, fh, sys.stdout, sys.stderr)
    data = sys.stdin.buffer.read() if args.file in (None, "-") else Path(args.file).read_bytes()
    if args.file and Path(args.file).suffix.lower() in DOCUMENT_SUFFIXES:
        data = document_text(Path(args.file), data).encode("utf-8")
    return scan_human(scanner, data, args.file or "<stdin>")


#: Documents read the way the proxy reads an upload (text of the body, tables, headers; PDF text layer).
DOCUMENT_SUFFIXES = (".docx", ".xlsx", ".pdf")


def document_text(path: Path, data: bytes) -> str:
    from proxy.pipeline.uploads.filetext import extract_text

    extracted = extract_text(path.name, None, data)
    if extracted.text is None:
        raise InputError(f"{path}: 无法读取文档 / cannot read the document ({extracted.kind}: {extracted.reason})")
    return extracted.text


def _demo(args: argparse.Namespace) -> int:
    return scan_human(build_cli_scanner(args), _DEMO.encode("utf-8"), "<demo>")


def add_commands(sub: Any) -> None:
    scan = sub.add_parser("scan", help="scan a file or stdin for personal data")
    scan.add_argument("file", nargs="?", help="file to scan (.txt, .docx, .xlsx, .pdf), or - for stdin (default)")
    scan.add_argument("--jsonl", action="store_true", help='read {"id","text"} JSON lines, write one result line each')
    scan.set_defaults(func=_scan)
    demo = sub.add_parser("demo", help="show the detection engine on a sample text")
    demo.set_defaults(func=_demo)
