"""Fuzz stream restoring: any answer bytes, cut into chunks anywhere, restore without
raising, and chunking never changes the result (a placeholder or a UTF-8 character
split across two network chunks is restored the same)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import atheris

    with atheris.instrument_imports(include=["proxy"]):
        from proxy.pipeline.restore import StreamRestorer
        from proxy.pipeline.vault import ConversationVault
except ImportError:
    from proxy.pipeline.restore import StreamRestorer
    from proxy.pipeline.vault import ConversationVault

from _common import main

FRAMINGS = ("sse", "ndjson", "raw")


def _vault() -> ConversationVault:
    v = ConversationVault()
    v.placeholder_for("PERSON", "王小明")
    v.placeholder_for("PHONE_NUMBER", "13912345678")
    return v


def _restore(framing: str, chunks: list[bytes]) -> bytes:
    r = StreamRestorer(_vault(), framing=framing)
    return b"".join(r.feed(c) for c in chunks) + r.feed(b"")


def test_one_input(data: bytes) -> None:
    if len(data) < 2:
        return
    framing = FRAMINGS[data[0] % len(FRAMINGS)]
    step = data[1] % 7 + 1
    body = data[2:]
    whole = _restore(framing, [body])
    pieces = _restore(framing, [body[i:i + step] for i in range(0, len(body), step)])
    if whole != pieces:
        raise AssertionError(f"{framing}: restoring in {step}-byte chunks differs from restoring at once")


if __name__ == "__main__":
    main(test_one_input, "restore")
