"""The `privacy-guard scan` command: human output, JSON lines, and bad input that loses nothing."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from detectors import Scanner
from proxy.cli.scan import scan_human, scan_jsonl


def _jsonl(scanner: Scanner, data: bytes) -> tuple[int, list[dict[str, object]], str]:
    out, err = io.StringIO(), io.StringIO()
    rc = scan_jsonl(scanner, io.BytesIO(data), out, err)
    return rc, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_jsonl_writes_one_line_per_input_with_offsets_into_the_original(scanner: Scanner) -> None:
    data = (
        json.dumps({"id": 1, "text": "手机１３９１２３４５６７８"}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "b", "text": "今天天气很好"}, ensure_ascii=False) + "\n"
    ).encode("utf-8")
    rc, rows, _ = _jsonl(scanner, data)
    assert rc == 0
    assert [r["id"] for r in rows] == [1, "b"]
    phone = rows[0]["findings"][0]  # type: ignore[index]
    assert phone == {"entity": "PHONE_NUMBER", "start": 2, "end": 13, "text": "１３９１２３４５６７８",
                     "score": phone["score"], "detector": "phone_number"}
    assert rows[1]["findings"] == []


def test_jsonl_bad_lines_are_named_and_the_rest_still_processed(scanner: Scanner) -> None:
    data = b'{"id": 1, "text": "ok"}\n{not json\n{"id": 3}\n\xff\xfe\n{"id": 5, "text": 7}\n{"id": 6, "text": "x"}\n'
    rc, rows, err = _jsonl(scanner, data)
    assert rc == 1
    assert [r.get("id") for r in rows] == [1, None, None, None, None, 6]
    assert "line 2: invalid JSON" in err
    assert "line 3: missing field(s) text" in err
    assert "line 4: not UTF-8" in err
    assert "line 5: field text must be a string" in err
    assert rows[2]["line"] == 3


def test_human_output_shows_findings_and_a_redacted_preview(scanner: Scanner) -> None:
    out = io.StringIO()
    scan_human(scanner, "我叫王小明，手机13912345678".encode(), "<t>", out)
    text = out.getvalue()
    assert "PHONE_NUMBER" in text
    assert "我叫[姓名]，手机[手机号]" in text


def test_console_script_runs_as_a_module() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "proxy", "scan", "--jsonl", "-"],
        input='{"id": 1, "text": "邮箱a@b.cn"}\n'.encode(), capture_output=True, check=True,
    )
    assert json.loads(proc.stdout)["findings"][0]["entity"] == "EMAIL_ADDRESS"
