"""Splitting an exam paper's text into items (numbered questions with their
sub-questions and options, reading passages) before they are fingerprinted."""

from __future__ import annotations

import re

__all__ = ["split_items"]

# A question starts a line: "12." "12．" "12、" (not "1.5"), or "第12题".
_QUESTION = re.compile(r"(?m)^[ \t\u3000]*(?:(\d{1,3})[ \t]*[.．、](?!\d)|第\s*(\d{1,3})\s*题)")
_SECTION = re.compile(r"(?m)^[ \t\u3000]*[一二三四五六七八九十]{1,3}[ \t]*[、.．]")
_MIN_PASSAGE = 60
_CHUNK = 400


def split_items(text: str) -> list[str]:
    """Items in paper order. Text between a section header and its first question
    (a reading passage, a material) is an item of its own when long enough;
    a paper without numbered questions is cut into ~400-character pieces."""
    starts = [m.start() for m in _QUESTION.finditer(text)]
    if len(starts) < 2:
        clean = text.strip()
        return [clean[i : i + _CHUNK] for i in range(0, len(clean), _CHUNK)] if clean else []
    items: list[str] = []
    head = text[: starts[0]]
    for n, block in enumerate(_SECTION.split(head)):
        if n > 0:
            block = block.split("\n", 1)[1] if "\n" in block else ""  # drop the section title line
        if len(block.strip()) >= _MIN_PASSAGE:
            items.append(block.strip())
    for a, b in zip(starts, [*starts[1:], len(text)]):
        chunk = text[a:b]
        # A section header inside the chunk ends the question; what follows it
        # before the next question is a passage.
        sec = _SECTION.search(chunk, 1)
        if sec is not None:
            items.append(chunk[: sec.start()].strip())
            rest = chunk[sec.start() :]
            rest = rest.split("\n", 1)[1] if "\n" in rest else ""
            if len(rest.strip()) >= _MIN_PASSAGE:
                items.append(rest.strip())
        else:
            items.append(chunk.strip())
    return [i for i in items if i]
