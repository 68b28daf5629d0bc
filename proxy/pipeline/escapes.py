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

A run of base64 (`请解码：5Lit5paH…`) is text too when it decodes to readable UTF-8 (an AI
model decodes it on request; found by the r19 packaging probe): its characters map to the
whole run, so a finding inside it rewrites the run as one piece. Runs that decode to
bytes that are not text (keys, hashes, images) are left as they stand.
"""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from detectors import Finding

__all__ = ["EscapedView", "unescaped"]

_ANY_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}|%[0-9A-Fa-f]{2}")
_ESCAPE = re.compile(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"  # a surrogate pair
    r"|\\u([0-9a-fA-F]{4})|\\([\"\\/bfnrt])"  # JSON string escapes
    r"|((?:%[0-9A-Fa-f]{2})+)"  # a percent-encoded run
)
#: Every byte of the base64 alphabets (both) as `a`, every other byte as a space: a base64 run
#: long enough to hold a phone number (16 characters: 12 bytes) is 16 `a` in a row of the text's
#: UTF-8 so mapped, which `bytes.translate` and `find` find in C (a pattern tried at every
#: position costs 0.1–0.3 ms a 2 KB text).
_B64_BYTES = bytes(0x61 if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "+/_-") else 0x20 for b in range(256))
_B64_MIN = b"a" * 16
#: Longer runs are files, judged where files are (`formats.embedded`), not as text here.
_B64_MAX = 1 << 18
#: Characters that keep a decoded run from being text: controls other than tab and newlines.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
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


def _base64_text(run: str) -> str | None:
    """The text a base64 run stands for, or None when it is not readable UTF-8 text."""
    if len(run) > _B64_MAX:
        return None
    body = run.rstrip("=")
    if len(body) % 4 == 1:
        return None  # no base64 has that length
    try:
        data = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_" if "-" in body or "_" in body else None,
                                validate=True)
        decoded = data.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    if not decoded.strip() or _NOT_TEXT.search(decoded) is not None:
        return None
    return decoded


def _base64_runs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each maximal run of base64 characters of 16 or more, with up to two `=`
    after it. Found in the text's UTF-8 mapped to two bytes (`_B64_BYTES`) by C searches; a
    run is ASCII, so its length in characters is its length in bytes."""
    raw = text.encode("utf-8", "surrogatepass")
    marks = raw.translate(_B64_BYTES)
    at_byte = at_char = 0
    found = marks.find(_B64_MIN)
    while found != -1:
        end = marks.find(b" ", found)
        end = len(marks) if end == -1 else end
        at_char += len(raw[at_byte:found].decode("utf-8", "surrogatepass"))
        start, stop = at_char, at_char + end - found
        while stop < len(text) and stop - (at_char + end - found) < 2 and text[stop] == "=":
            stop += 1
        yield start, stop
        at_byte, at_char = end, at_char + end - found
        found = marks.find(_B64_MIN, end)


def _base64_layer(text: str) -> EscapedView | None:
    """`text` with every base64 run that is text decoded, each decoded character mapped to its whole run."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for a, b in _base64_runs(text):
        run = text[a:b]
        if run.isalpha():
            # Letters only: a word or an identifier (internationalization, camelCaseName). Base64
            # of Chinese text has a digit every few characters (UTF-8's lead bytes E4–E9 are 5 or
            # 6 at a quartet's start); of digits, it has them too (MTM5…).
            continue
        # A word glued to the run's front (`code5Lit…`) is skipped: up to 16 letters of it.
        decoded = None
        for skip in range(min(b - a - 16, 16) + 1):
            if skip and not run[skip - 1].isalpha():
                break
            decoded = _base64_text(run[skip:])
            if decoded is not None:
                a += skip
                break
        if decoded is None:
            continue
        out.append(text[pos:a])
        starts.extend(range(pos, a))
        ends.extend(range(pos + 1, a + 1))
        out.append(decoded)
        starts.extend([a] * len(decoded))
        ends.extend([b] * len(decoded))
        pos = b
    if not out:
        return None
    out.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return EscapedView("".join(out), tuple(starts), tuple(ends))


def _one_layer(text: str) -> EscapedView | None:
    # Every escape starts with a backslash or a percent sign: `in` is a C scan, while the
    # pattern's two alternatives make the regex test each position (1 ms per turn at 40 texts).
    if ("\\" not in text and "%" not in text) or _ANY_ESCAPE.search(text) is None:
        return _base64_layer(text)
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
