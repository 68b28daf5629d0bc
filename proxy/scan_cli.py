"""`privacy-guard scan`: findings and a redacted preview for a person, or JSON lines for machines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from detectors import Finding, Scanner
from detectors.errors import InputError
from detectors.redaction import label_for, redact

__all__ = ["scan_human", "scan_jsonl", "parse_jsonl_line", "finding_to_json"]


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
