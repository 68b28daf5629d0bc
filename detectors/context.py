"""Context words near a match: the Chinese counterpart of Presidio's context enhancer.

Presidio's enhancer compares lemmas of tokens; Chinese has no spaces, so we
look for context words as substrings in a window of the normalised text.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["has_context", "window"]


def window(norm: str, start: int, end: int, before: int = 16, after: int = 6) -> str:
    return norm[max(0, start - before) : start] + "\x00" + norm[end : end + after]


def has_context(
    norm: str, start: int, end: int, words: Iterable[str], before: int = 16, after: int = 6
) -> bool:
    """True when any context word occurs within `before` chars before or `after` after."""
    lowered = window(norm, start, end, before, after).lower()
    return any(w in lowered for w in words)
