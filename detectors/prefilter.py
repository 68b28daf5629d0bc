"""Exact prefilters for regular expressions: the characters a match can start with.

Python's `re` skips ahead in C only when a pattern starts with a literal or a character
class. A long alternation whose branches start otherwise (a lookbehind, `\\b`, a group,
a class in one branch: `(?<![上下])周测|[一二三四]模|月考|…`) is tried branch by branch
at every position of the text, which costs 0.5–5 µs a character on Chinese text.

`gated(pattern)` reads the parsed pattern, collects every character a match can
consume first (the first set: anchors and lookarounds consume nothing and are passed
over; an optional element adds its first set and the next element's), and returns
`(?=[first set])(?:pattern)`, compiled with the same flags. The lookahead consumes
nothing and captures nothing, so matches, spans and groups are those of the pattern:
where it fails the pattern cannot match, since a match consumes at least one
character and that character is in the set. It is exact, not a guess. The pattern is
returned unchanged when `re` already skips ahead for it, when a match may be empty,
or when the first set is unknown or large (`.`, `\\w`, a negated class), and with
`re.IGNORECASE` the class folds case exactly as the pattern's own characters do.
"""

from __future__ import annotations

import re
from re import _compiler as _rc  # type: ignore[attr-defined]
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any

__all__ = ["gated", "first_chars"]

#: Larger first sets gain little (most positions hold one of their characters).
_MAX_CHARS = 512
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every character a match of `pattern` can start with, or None (unknown, too many, or a match may be empty)."""
    if not isinstance(pattern.pattern, str):
        return None
    first, nullable = _sequence(_p.parse(pattern.pattern, pattern.flags))
    if first is None or nullable or not first:
        return None
    return frozenset(chr(c) for c in first)


def gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern`, behind a lookahead on its first characters when `re` would otherwise try it everywhere."""
    try:
        first = first_chars(pattern)
        if first is None or _skips_ahead(pattern):
            return pattern
    except Exception:  # `re`'s parser is internal: should it change, the pattern is kept as it is
        return pattern
    cls = "".join(re.escape(c) for c in sorted(first))
    tail = "\n)" if pattern.flags & re.VERBOSE else ")"  # a trailing comment must not swallow the bracket
    try:
        return re.compile(f"(?=[{cls}])(?:{pattern.pattern}{tail}", pattern.flags)
    except re.error:  # a global inline flag, (?i) …, must open the pattern: keep it as it is
        return pattern


def _skips_ahead(pattern: re.Pattern[str]) -> bool:
    """`re` already scans in C for the pattern's literal prefix or first-character class."""
    parsed = _p.parse(pattern.pattern, pattern.flags)
    prefix, _skip, _all = _rc._get_literal_prefix(parsed, pattern.flags)
    return bool(prefix) or _rc._get_charset_prefix(parsed, pattern.flags) is not None


def _sequence(items: Any) -> tuple[set[int] | None, bool]:
    """(first set, whether the sequence may match empty)."""
    out: set[int] = set()
    for op, av in items:
        first, nullable = _element(op, av)
        if first is None:
            return None, False
        out |= first
        if len(out) > _MAX_CHARS:
            return None, False
        if not nullable:
            return out, False
    return out, True


def _element(op: Any, av: Any) -> tuple[set[int] | None, bool]:
    if op is _c.LITERAL:
        return {av}, False
    if op is _c.IN:
        return _charset(av), False
    if op in _ZERO_WIDTH:
        return set(), True
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        # Inline flags change how the body matches (case): no first set taken from it.
        return (None, False) if add_flags or del_flags else _sequence(body)
    if op is _c.ATOMIC_GROUP:
        return _sequence(av)
    if op in _REPEATS:
        low, high, body = av
        if high == 0:
            return set(), True
        first, nullable = _sequence(body)
        return first, nullable or low == 0
    if op is _c.BRANCH:
        out: set[int] = set()
        any_empty = False
        for branch in av[1]:
            first, nullable = _sequence(branch)
            if first is None:
                return None, False
            out |= first
            any_empty = any_empty or nullable
        return out, any_empty
    return None, False  # `.`, a negated character, a category, a back-reference, a conditional


def _charset(items: Any) -> set[int] | None:
    out: set[int] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(av)
        elif op is _c.RANGE and av[1] - av[0] < _MAX_CHARS:
            out.update(range(av[0], av[1] + 1))
        else:
            return None  # a negation, a category (\d, \s) or a wide range
    return out
