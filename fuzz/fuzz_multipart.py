"""Fuzz multipart/form-data splitting: never anything but ValueError, and an accepted
body re-joins byte-for-byte (untouched parts are forwarded as they came)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import atheris

    with atheris.instrument_imports():
        from proxy.pipeline.uploads.multipart import join_multipart, split_multipart
except ImportError:
    from proxy.pipeline.uploads.multipart import join_multipart, split_multipart

from _common import main

CONTENT_TYPE = 'multipart/form-data; boundary="X-BOUNDARY"'


def test_one_input(data: bytes) -> None:
    try:
        preamble, parts, epilogue = split_multipart(CONTENT_TYPE, data)
    except ValueError:
        return
    if join_multipart(CONTENT_TYPE, preamble, parts, epilogue) != data:
        raise AssertionError("split + join changed an untouched multipart body")


if __name__ == "__main__":
    main(test_one_input, "multipart")
