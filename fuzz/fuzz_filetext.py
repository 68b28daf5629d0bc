"""Fuzz file-text extraction (txt, docx, xlsx, pdf): it never raises, whatever the bytes;
the result is one of the known kinds. Hangs and memory blow-ups are caught by
libFuzzer's -timeout and -rss_limit_mb (set in `make fuzz`)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import atheris

    with atheris.instrument_imports(include=["proxy"]):
        from proxy.pipeline.uploads.filetext import extract_text
except ImportError:
    from proxy.pipeline.uploads.filetext import extract_text

from _common import main

NAMES = ("a.txt", "a.docx", "a.xlsx", "a.pdf", "a.csv", "a.bin")
KINDS = {"text", "docx", "xlsx", "pdf", "binary", "error"}


def test_one_input(data: bytes) -> None:
    name = NAMES[data[0] % len(NAMES)] if data else "a.txt"
    got = extract_text(name, None, data[1:])
    if got.kind not in KINDS or (got.text is None) != (got.kind in ("binary", "error")):
        raise AssertionError(f"unexpected extraction result kind {got.kind}")


if __name__ == "__main__":
    main(test_one_input, "filetext")
