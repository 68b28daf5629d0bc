"""Escapes inside a text slot, undone for scanning and mapped back for rewriting.

A web app that sends its JSON as a form field, a multipart field or a text body writes
`电话13900000000` as `\\u7535\\u8bdd13900000000`; a client that percent-encodes its text
writes `%E7%94%B5%E8%AF%9D13900000000`. Read as it stands, the value follows the hex
digits or letters of an escape, so no digit detector sees where it begins (found by the
property test, tests/proxy/mitm/test_property_requests.py). `unescaped` gives the text
with JSON string escapes and percent-encoded runs (UTF-8, else GB18030) undone and, per
character of that view, the span of the original it came from; `EscapedView.to_original`
moves findings back onto the original text, so a rewrite replaces the escaped form of
the value (`Finding.text` stays the value itself, which the vault keys placeholders by).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, replace

from detectors import Finding

__all__ = ["EscapedView", "unescaped"]

_ANY_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}|%[0-9A-Fa-f]{2}")
_ESCAPE = re.compile(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"  # a surrogate pair
    r"|\\u([0-9a-fA-F]{4})|\\([\"\\/bfnrt])"  # JSON string escapes
    r"|((?:%[0-9A-Fa-f]{2})+)"  # a percent-encoded run
)
_SHORT = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@dataclass(frozen=True, slots=True)
class EscapedView:
    text: str
    #: For each character of `text`: where it starts and ends in the original.
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, findings: Sequence[Finding]) -> tuple[Finding, ...]:
        return tuple(replace(f, start=self.starts[f.start], end=self.ends[f.end - 1]) for f in findings)


def _percent_run(run: str) -> list[tuple[str, int]] | None:
    """The characters of a percent-encoded run with the length each takes in it, or None
    when the bytes are no text in UTF-8 or GB18030 (the run then stays as it is)."""
    data = urllib.parse.unquote_to_bytes(run)
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return [(ch, 3 * len(ch.encode(codec))) for ch in text]
    return None


def unescaped(text: str) -> EscapedView | None:
    """The view with `\\uXXXX` (and the short JSON escapes) and `%XX` runs undone, or None
    when the text has neither (then it is scanned as it stands)."""
    # Every escape starts with a backslash or a percent sign: `in` is a C scan, while the
    # pattern's two alternatives make the regex test each position (1 ms per turn at 40 texts).
    if ("\\" not in text and "%" not in text) or _ANY_ESCAPE.search(text) is None:
        return None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def keep(a: int, b: int) -> None:
        out.append(text[a:b])
        starts.extend(range(a, b))
        ends.extend(range(a + 1, b + 1))

    pos = 0
    for m in _ESCAPE.finditer(text):
        keep(pos, m.start())
        pos = m.end()
        high, low, single, short, run = m.groups()
        if run is not None:
            chars = _percent_run(run)
            if chars is None:
                keep(m.start(), m.end())
                continue
            at = m.start()
            for ch, width in chars:
                out.append(ch)
                starts.append(at)
                ends.append(at + width)
                at += width
            continue
        if high is not None:
            char = chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00))
        elif single is not None:
            char = chr(int(single, 16))
        else:
            char = _SHORT[short]
        out.append(char)
        starts.append(m.start())
        ends.append(m.end())
    keep(pos, len(text))
    return EscapedView("".join(out), tuple(starts), tuple(ends))
