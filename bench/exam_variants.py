"""The formatting variants of the exam benchmark (`python -m bench exam`, part 1): the same
registered item re-spaced, re-punctuated, full-width, with other option markers or spaced
formulas, round-tripped through a .docx, or buried in filler; and the synthetic items of the
scale part. Seeded where random. The edit classes of issue 14 are in `bench.exam_edits`."""

from __future__ import annotations

import io
import random
import re
import string
from collections.abc import Sequence

from proxy.pipeline.uploads.filetext import extract_text

__all__ = ["swap_option_markers", "space_formulas", "to_fullwidth", "vary_whitespace", "vary_punctuation",
           "docx_round_trip", "filler", "numbered_list", "synthetic_items"]

# `([A-D])\s*[.．、]`, but not after a letter, so "USA." or "ABCD." in English text stay.
_OPTION_MARK = re.compile(r"[(（]\s*([A-D])\s*[)）]|(?<![A-Za-z])([A-D])\s*[.．、]")
_OPERATOR = re.compile(r"\s*([=+\-×÷/^])\s*")
_DIGIT_LETTER = re.compile(r"(?<=[0-9])(?=[A-Za-z])|(?<=[A-Za-z])(?=[0-9])")
_FULLWIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in string.ascii_letters + string.digits})
_WHITESPACE = (" ", "  ", "\n", "\r\n", "\u3000", "\t")
_PUNCT_PAIRS = (("，", ","), ("。", "."), ("：", ":"), ("；", ";"), ("？", "?"), ("！", "!"),
                ("（", "("), ("）", ")"), ("“", '"'), ("”", '"'), ("【", "["), ("】", "]"))
_PUNCT_SWAP = {**{a: c for c, a in _PUNCT_PAIRS}, **dict(_PUNCT_PAIRS), "、": ","}
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LEADING_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.．、](?!\d)\s*")
_PIECE = re.compile(r"[^。？！；?!;\n]+[。？！；?!;]?")


def swap_option_markers(text: str) -> str:
    """`A．`/`A.`/`A、` become `(A)` and `(A)`/`（A）` become `A．`, in one pass."""
    return _OPTION_MARK.sub(lambda m: f"{m.group(1)}．" if m.group(1) else f"({m.group(2)})", text)


def space_formulas(text: str) -> str:
    """One space around = + - × ÷ / ^ and between a digit and a letter."""
    return _DIGIT_LETTER.sub(" ", _OPERATOR.sub(r" \1 ", text))


def to_fullwidth(text: str) -> str:
    """ASCII letters and digits as their full-width forms (Ａ, ５)."""
    return text.translate(_FULLWIDTH)


def vary_whitespace(text: str, rng: random.Random, rate: float = 0.1) -> str:
    """All existing whitespace removed; spaces, tabs or newlines inserted after ~`rate` of characters."""
    out: list[str] = []
    for ch in text:
        if not ch.isspace():
            out.append(ch)
            if rng.random() < rate:
                out.append(rng.choice(_WHITESPACE))
    return "".join(out)


def vary_punctuation(text: str, rng: random.Random, drop: float = 0.15) -> str:
    """Chinese punctuation as ASCII and ASCII as Chinese; ~`drop` of them deleted."""
    out: list[str] = []
    for ch in text:
        swap = _PUNCT_SWAP.get(ch)
        if swap is None or rng.random() >= drop:
            out.append(ch if swap is None else swap)
    return "".join(out)


def docx_round_trip(text: str) -> str:
    """The text written to a .docx (one paragraph per line) and read back by `extract_text`.
    Control characters a .docx cannot hold are removed first, as Word would."""
    import docx  # python-docx, only needed here

    document = docx.Document()
    for line in _XML_ILLEGAL.sub("", text).split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return extract_text("item.docx", None, buf.getvalue()).text or ""


def filler(pool: Sequence[str], rng: random.Random, size: int) -> str:
    """Random prompts from `pool` joined by newlines, cut to exactly `size` characters."""
    parts: list[str] = []
    length = 0
    while length < size:
        parts.append(rng.choice(pool))
        length += len(parts[-1]) + 1
    return "\n".join(parts)[:size]


def numbered_list(items: Sequence[str], mark: str = "") -> str:
    """`1. …\\n2. …`, each item's own leading number replaced; `mark` after the number."""
    return "\n".join(f"{i}. {mark}{_LEADING_NUMBER.sub('', t.strip())}" for i, t in enumerate(items, 1))


def synthetic_items(texts: Sequence[str], n: int, rng: random.Random) -> list[str]:
    """`n` distinct items of 100-400 characters, each sentence pieces of several real items."""
    stripped = (p.strip() for t in texts for p in _PIECE.findall(t))
    pieces = list(dict.fromkeys(p for p in stripped if 8 <= len(p) <= 150))
    seen: dict[str, None] = {}  # an insertion-ordered set
    while len(seen) < n:
        target, length = rng.randint(100, 400), 0
        parts: list[str] = []
        while length < target:
            parts.append(rng.choice(pieces))
            length += len(parts[-1])
        seen["".join(parts)[:400]] = None
    return list(seen)
