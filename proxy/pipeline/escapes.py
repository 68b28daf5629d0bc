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
_UNDECODED_BYTE = re.compile("[\udc80-\udcff]")  # a byte `surrogateescape` could not decode
_SHORT = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@dataclass(frozen=True, slots=True)
class EscapedView:
    text: str
    #: For each character of `text`: where it starts and ends in the original.
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, findings: Sequence[Finding]) -> tuple[Finding, ...]:
        return tuple(replace(f, start=self.starts[f.start], end=self.ends[f.end - 1]) for f in findings)


def _percent_run(run: str) -> list[tuple[str, int]]:
    """The characters of a percent-encoded run with the length each takes in it: the run in
    UTF-8, else GB18030, else UTF-8 with each byte that is no UTF-8 left as its `%XX` (a lone
    surrogate here, which `unescaped` keeps as the original text). Never the whole run as it
    stands: one stray `%FF` must not hide the percent-encoded digits around it."""
    data = urllib.parse.unquote_to_bytes(run)
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return [(ch, 3 * len(ch.encode(codec))) for ch in text]
    # UTF-8's decoder reports the maximal invalid subpart (Unicode 15, 3.9 U+FFFD substitution), so an
    # ASCII byte is never swallowed into an error: every percent-encoded digit stays visible.
    return [(ch, 3 if _UNDECODED_BYTE.match(ch) else 3 * len(ch.encode("utf-8")))
            for ch in data.decode("utf-8", "surrogateescape")]


#: Layers of escaping undone, outermost first: `quote(json.dumps(...))` writes `%5Cu7535`, which
#: one pass turns into `\\u7535` and a second into the character.
_MAX_LAYERS = 3


def unescaped(text: str) -> EscapedView | None:
    """The view with `\\uXXXX` (and the short JSON escapes) and `%XX` runs undone, layer by
    layer (up to `_MAX_LAYERS`), or None when the text has neither (then it is scanned as it stands)."""
    view = _one_layer(text)
    for _ in range(_MAX_LAYERS - 1):
        inner = None if view is None else _one_layer(view.text)
        if view is None or inner is None or inner.text == view.text:
            break
        # Composed: a character of the inner view starts where its first source character did
        # and ends where its last one ended, in the original.
        view = EscapedView(inner.text, tuple(view.starts[i] for i in inner.starts),
                           tuple(view.ends[i - 1] for i in inner.ends))
    return view


def _one_layer(text: str) -> EscapedView | None:
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
            at = m.start()
            for ch, width in _percent_run(run):
                if _UNDECODED_BYTE.match(ch):
                    keep(at, at + width)  # the `%XX` itself: no text in any charset read here
                    at += width
                    continue
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
