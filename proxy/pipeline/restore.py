"""Restore placeholders (〔学生甲〕) to the original values in AI responses:
whole JSON bodies, and streams where a placeholder or a UTF-8 character may be
split across network chunks or across events.

Theory of operation for streams: bytes are cut into complete events (SSE
blocks ending in a blank line, or NDJSON lines), so UTF-8 is only decoded whole.
In each event, strings at known *delta* paths (choices.N.delta.content,
delta.text, candidates.N.content.parts.N.text …) are fed through one
`PlaceholderRestorer` per path, which holds back at most an unfinished
placeholder; every other string is complete and restored directly. Held text is
flushed into a copy of the last event of its path when an event without that
path arrives (finish event, content_block_stop) or when the stream ends.

No stall: an event's bytes go out as they arrive, unchanged, up to the first
opening bracket 〔 (or its JSON escape), which only a placeholder could need;
from there the event waits for its end and is restored in its raw text, so what
went out stays a prefix of it. An event that must carry text held from an earlier
one is rewritten whole, as above.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from proxy.pipeline.jsonwalk import JsonPath, map_strings, set_at, strings
from proxy.pipeline.vault import (
    CLOSE,
    MAX_PLACEHOLDER_LEN,
    OPEN,
    PLACEHOLDER_LABELS,
    ConversationVault,
)

__all__ = ["PlaceholderRestorer", "restore_text", "restore_json", "restore_json_text", "StreamRestorer", "framing_for"]

_PLACEHOLDER = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]{{1,{MAX_PLACEHOLDER_LEN}}}{CLOSE}")
_TAIL = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]{{0,{MAX_PLACEHOLDER_LEN}}}$")
_LABELS = tuple(PLACEHOLDER_LABELS.values())
_ORDINAL = re.compile(r"[甲乙丙丁戊己庚辛壬癸]?[0-9]{0,4}")


def restore_text(text: str, vault: ConversationVault) -> str:
    """Replace every complete placeholder known to the vault; leave others as they are."""
    return _replace_placeholders(text, vault, str)


def _replace_placeholders(text: str, vault: ConversationVault, write: Callable[[str], str]) -> str:
    """Every complete placeholder the vault knows replaced by `write(original)`."""
    if OPEN not in text:
        return text
    seen: dict[str, str] = {}  # an answer repeats its placeholders: ask the vault once each

    def repl(m: re.Match[str]) -> str:
        token = m.group(0)
        if token not in seen:
            original = vault.original_for(token)
            seen[token] = token if original is None else write(original)
        return seen[token]

    return _PLACEHOLDER.sub(repl, text)


def _could_continue(tail: str) -> bool:
    """Whether `tail` (starting with 〔, no 〕) may grow into one of our placeholders."""
    inner = tail[1:]
    for label in _LABELS:
        if label.startswith(inner):
            return True
        if inner.startswith(label) and _ORDINAL.fullmatch(inner[len(label) :]):
            return True
    return False


class PlaceholderRestorer:
    """Incremental restorer for one text stream: `feed` returns what is safe to
    emit now; `flush` returns what is left at the end."""

    def __init__(self, vault: ConversationVault) -> None:
        self._vault = vault
        self._held = ""

    @property
    def held(self) -> str:
        return self._held

    def feed(self, text: str) -> str:
        buf = self._held + text
        self._held = ""
        m = _TAIL.search(buf)
        if m is not None and _could_continue(m.group(0)):
            self._held = m.group(0)
            buf = buf[: m.start()]
        return restore_text(buf, self._vault)

    def flush(self) -> str:
        rest, self._held = self._held, ""
        return restore_text(rest, self._vault)


def restore_json(doc: Any, vault: ConversationVault) -> Any:
    """A copy of a JSON value with every string restored."""
    return map_strings(doc, lambda _path, text: restore_text(text, vault))


def restore_json_text(raw: str, vault: ConversationVault) -> str | None:
    """A JSON text with every complete placeholder restored where it stands, each original
    written as JSON string content; every other byte as the upstream wrote it (no parse, no
    re-serialisation: a buffered answer costs one regex pass). None when the text holds a
    `\\u` escape, which could spell a placeholder or a part of one: then parse it
    (`restore_json`)."""
    if "\\u" in raw:
        return None
    return _restore_raw_json(raw, vault)


def _restore_raw_json(raw: str, vault: ConversationVault) -> str:
    """Complete placeholders in raw JSON text, the originals escaped for a JSON string."""
    return _replace_placeholders(raw, vault, lambda original: json.dumps(original, ensure_ascii=False)[1:-1])


Path = JsonPath

# Paths of incremental text in streamed events, with "*" for list indices.
_DELTA_PATTERNS: tuple[tuple[str, ...], ...] = (
    ("choices", "*", "delta", "content"),
    ("choices", "*", "delta", "reasoning_content"),
    ("choices", "*", "delta", "tool_calls", "*", "function", "arguments"),
    ("choices", "*", "text"),
    ("delta",),
    ("delta", "text"),
    ("delta", "partial_json"),
    ("delta", "thinking"),
    ("candidates", "*", "content", "parts", "*", "text"),
    ("message", "content"),
    ("response",),
)


def _is_delta(path: Path) -> bool:
    for pattern in _DELTA_PATTERNS:
        if len(pattern) == len(path) and all(
            (p == "*" and isinstance(x, int)) or p == x for p, x in zip(pattern, path)
        ):
            return True
    return False


class StreamRestorer:
    """Restores a streamed response chunk by chunk: `feed(bytes) -> bytes`,
    then `feed(b"")` at the end (mitmproxy's stream callable contract)."""

    def __init__(self, vault: ConversationVault, *, framing: str) -> None:
        if framing not in ("sse", "ndjson", "raw"):
            raise ValueError(f"unknown framing {framing!r}")
        self._vault = vault
        self._framing = framing
        self._buffer = b""
        self._restorers: dict[Path, PlaceholderRestorer] = {}
        # The last event that carried each delta path: (non-data SSE lines, JSON doc).
        self._templates: dict[Path, tuple[list[str], Any]] = {}
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._raw = PlaceholderRestorer(vault)
        # The unfinished event: how many of its bytes went out as they were, and whether
        # the rest waits for the event's end (it holds a placeholder bracket).
        self._emitted = 0
        self._event_held = False

    def __call__(self, chunk: bytes) -> list[bytes]:
        """mitmproxy's stream callable: a list, because an empty `bytes` chunk
        would be written as the terminating chunk of a chunked response."""
        out = self.feed(chunk)
        return [out] if out else []

    def feed(self, chunk: bytes) -> bytes:
        if self._framing == "raw":
            if chunk:
                return self._raw.feed(self._decoder.decode(chunk)).encode("utf-8")
            return (self._raw.feed(self._decoder.decode(b"", final=True)) + self._raw.flush()).encode("utf-8")
        end = not chunk
        self._buffer += chunk
        if not end and not self._event_held and _first_trigger(self._buffer) is None and not self._holding():
            return self._untouched()
        out: list[bytes] = []
        for block, sep in self._complete_blocks(final=end):
            out.append(self._finish(block, sep))
        if end:
            out.append(self._flush_all(sep="\n\n" if self._framing == "sse" else "\n").encode("utf-8"))
        else:
            out.append(self._pass_through())
        return b"".join(out)

    def _untouched(self) -> bytes:
        """No placeholder bracket in the buffer and no text held back: every complete event
        would go out as it is (`_finish`), and the unfinished one up to a possible start of a
        bracket (`_pass_through`), so the bytes go out without being cut into events. Only the
        unfinished event stays in the buffer."""
        seps = (b"\r\n\r\n", b"\n\n") if self._framing == "sse" else (b"\n",)
        done = max((i + len(s) for s in seps if (i := self._buffer.rfind(s)) != -1), default=0)
        cut = len(self._buffer) - _partial_trigger(self._buffer)
        data = self._buffer[self._emitted : cut] if cut > self._emitted else b""
        self._emitted = max(self._emitted, cut) - done
        self._buffer = self._buffer[done:]
        return data

    # -- the fast path: bytes out as they arrive ---------------------------------------

    def _holding(self) -> bool:
        return any(r.held for r in self._restorers.values())

    def _pass_through(self) -> bytes:
        """What of the unfinished event may go out now: everything before a placeholder's
        opening bracket (or the start of one), unless held text must go into this event."""
        if self._event_held:
            return b""
        if self._emitted == 0 and self._holding():
            self._event_held = True  # held text is put into this event's delta: rewrite it whole
            return b""
        cut = _first_trigger(self._buffer)
        if cut is not None:
            self._event_held = True
        else:
            cut = len(self._buffer) - _partial_trigger(self._buffer)
        data = self._buffer[self._emitted : cut] if cut > self._emitted else b""
        self._emitted = max(self._emitted, cut)
        return data

    def _finish(self, block: bytes, sep: bytes) -> bytes:
        """A complete event: the rest of its bytes as they are, or restored."""
        emitted, held = self._emitted, self._event_held
        self._emitted, self._event_held = 0, False
        if not held and _first_trigger(block) is None and not (emitted == 0 and self._holding()):
            return (block + sep)[emitted:]
        if emitted == 0:
            return self._event(block.decode("utf-8", errors="replace"), sep.decode()).encode("utf-8")
        return self._splice(block, sep, emitted)

    def _splice(self, block: bytes, sep: bytes, emitted: int) -> bytes:
        """The event's first `emitted` bytes are out already (all before its first
        placeholder bracket, which sits in a JSON string): restore from the bracket on,
        in the raw text, so the bytes out so far stay a prefix of a valid event."""
        trigger = _first_trigger(block)
        assert trigger is not None and trigger >= emitted
        head, rest = block[emitted:trigger], block[trigger:].decode("utf-8", errors="replace")
        close = _string_end(rest)
        literal, after = rest[:close], rest[close:]
        try:
            text = json.loads(f'"{literal}"')
        except json.JSONDecodeError:
            return head + self._restore_raw(rest).encode("utf-8") + sep
        other, doc = self._parse(block.decode("utf-8", errors="replace"))
        path = next((p for p, v in (strings(doc) if doc is not None else ()) if _is_delta(p) and v.endswith(text)), None)
        if path is not None:
            restored = self._restorers.setdefault(path, PlaceholderRestorer(self._vault)).feed(text)
            self._templates[path] = (other, doc)
        else:
            restored = restore_text(text, self._vault)
        escaped = json.dumps(restored, ensure_ascii=False)[1:-1]
        return head + (escaped + self._restore_raw(after)).encode("utf-8") + sep

    def _restore_raw(self, raw_json: str) -> str:
        return _restore_raw_json(raw_json, self._vault)

    def _parse(self, block: str) -> tuple[list[str], Any]:
        if self._framing == "sse":
            lines = block.splitlines()
            other = [ln for ln in lines if not ln.startswith("data:")]
            payload = "\n".join(ln[5:].lstrip(" ") for ln in lines if ln.startswith("data:"))
        else:
            other, payload = [], block
        try:
            return other, json.loads(payload) if payload.strip() and payload.strip() != "[DONE]" else None
        except json.JSONDecodeError:
            return other, None

    def _complete_blocks(self, *, final: bool) -> Iterator[tuple[bytes, bytes]]:
        """The complete events in the buffer, in order; the buffer keeps the rest. Linear in the
        buffer: each separator's next position is searched once past the last event (a chunk of
        64 KB holds hundreds of events; cutting the buffer at each one copied it each time)."""
        seps = (b"\r\n\r\n", b"\n\n") if self._framing == "sse" else (b"\n",)
        buf = self._buffer
        pos = 0
        nxt = {s: buf.find(s) for s in seps}
        while True:
            found = [(i, s) for s, i in nxt.items() if i != -1]
            if not found:
                break
            idx, sep = min(found)
            yield buf[pos:idx], sep
            pos = idx + len(sep)
            for s, i in nxt.items():
                if i != -1 and i < pos:
                    nxt[s] = buf.find(s, pos)
        self._buffer = buf[pos:]
        if final and self._buffer:
            block, self._buffer = self._buffer, b""
            yield block, b""

    def _event(self, block: str, sep: str) -> str:
        other, doc = self._parse(block)
        if doc is None:
            # [DONE], a comment or non-JSON: flush held text first, restore the rest as text.
            return self._flush_all(sep=sep or "\n\n") + restore_text(block, self._vault) + sep
        if isinstance(doc, str):
            return self._flush_all(sep=sep or "\n\n") + self._render(other, restore_text(doc, self._vault)) + sep
        paths = list(strings(doc))
        delta_paths = {p for p, _ in paths if _is_delta(p)}
        flushed = self._flush_all(sep=sep or "\n\n", keep=delta_paths)
        for path, text in paths:
            if path in delta_paths:
                restorer = self._restorers.setdefault(path, PlaceholderRestorer(self._vault))
                # An empty delta (Ollama's final line) is where held text goes out.
                set_at(doc, path, restorer.feed(text) if text else restorer.flush())
                self._templates[path] = (other, doc)
            else:
                set_at(doc, path, restore_text(text, self._vault))
        return flushed + self._render(other, doc) + sep

    def _render(self, other: list[str], doc: Any) -> str:
        payload = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        if self._framing == "sse":
            return "\n".join([*other, f"data: {payload}"])
        return payload

    def _flush_all(self, *, sep: str, keep: set[Path] | None = None) -> str:
        out: list[str] = []
        for path, restorer in self._restorers.items():
            if keep is not None and path in keep or not restorer.held:
                continue
            other, template = self._templates[path]
            # The template event with every delta emptied and this one holding the rest.
            synthetic = map_strings(template, lambda p, text: "" if _is_delta(p) else text)
            set_at(synthetic, path, restorer.flush())
            out.append(self._render(other, synthetic) + (sep or "\n\n"))
        return "".join(out)


#: A placeholder's opening bracket in a JSON string: the character itself or its escape.
_TRIGGERS = (OPEN.encode("utf-8"), b"\\u" + f"{ord(OPEN):04x}".encode())


def _first_trigger(data: bytes) -> int | None:
    found = [i for t in _TRIGGERS if (i := data.find(t)) != -1]
    return min(found) if found else None


def _partial_trigger(data: bytes) -> int:
    """How many bytes at the end of `data` could be the start of a trigger."""
    for n in range(max(len(t) for t in _TRIGGERS) - 1, 0, -1):
        if any(data.endswith(t[:n]) for t in _TRIGGERS):
            return n
    return 0


def _string_end(raw: str) -> int:
    """Index of the quote that closes the JSON string `raw` is inside (len(raw) if none)."""
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return i
        i += 1
    return len(raw)


def framing_for(content_type: str | None) -> str:
    """Which stream framing a response content type uses."""
    ct = (content_type or "").lower()
    if "text/event-stream" in ct:
        return "sse"
    if "ndjson" in ct or "jsonl" in ct or "application/json" in ct:
        return "ndjson"
    return "raw"

