"""JSON string escapes inside a text slot, undone for scanning and mapped back for rewriting.

A web app that sends its JSON as a form field, a multipart field or a text body writes
`电话13900000000` as `\\u7535\\u8bdd13900000000`: read as it stands, the value follows
the hex digits of an escape, so no digit detector sees where it begins (found by the
property test, tests/proxy/mitm/test_property_requests.py). `unescaped` gives the text
with its escapes undone and, per character of that view, the span it came from;
`EscapedView.to_original` moves findings back onto the original text, so a rewrite
replaces the escaped form of the value (`Finding.text` stays the value itself, which is
what the vault keys placeholders by).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from detectors import Finding

__all__ = ["EscapedView", "unescaped"]

_ANY_UNICODE_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}")
_ESCAPE = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\([\"\\/bfnrt])")
_SHORT = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@dataclass(frozen=True, slots=True)
class EscapedView:
    text: str
    #: For each character of `text`: where it starts and ends in the original.
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, findings: Sequence[Finding]) -> tuple[Finding, ...]:
        return tuple(replace(f, start=self.starts[f.start], end=self.ends[f.end - 1]) for f in findings)


def unescaped(text: str) -> EscapedView | None:
    """The view with `\\uXXXX` (and the short JSON escapes) undone, or None when the text has
    no `\\u` escape (then it is scanned as it stands)."""
    if _ANY_UNICODE_ESCAPE.search(text) is None:
        return None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _ESCAPE.finditer(text):
        out.append(text[pos : m.start()])
        starts.extend(range(pos, m.start()))
        ends.extend(range(pos + 1, m.start() + 1))
        high, low, single, short = m.groups()
        if high is not None:
            char = chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00))
        elif single is not None:
            char = chr(int(single, 16))
        else:
            char = _SHORT[short]
        out.append(char)
        starts.append(m.start())
        ends.append(m.end())
        pos = m.end()
    out.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return EscapedView("".join(out), tuple(starts), tuple(ends))
