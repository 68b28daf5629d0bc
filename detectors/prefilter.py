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
from collections.abc import Set as AbstractSet
from typing import Any

__all__ = ["gated", "first_chars", "required", "Needs"]

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


# --------------------------------------------------------------------------- required literals

#: A clause of more strings than this is tested with one regex pass, not a `in` per string.
_IN_LIMIT = 6
#: Character classes of at most this many characters give a clause (one string per character).
_MAX_CLASS = 24
#: The clauses kept per pattern (the most selective-looking first).
_MAX_CLAUSES = 3


def required(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...] | None:
    """Clauses of literal strings (a conjunction of disjunctions): every match of `pattern`, with
    the text its positive lookarounds assert, contains at least one string of every clause. None
    when nothing is known (case-insensitive patterns, a clause-free pattern, an unknown parse)."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        clauses = _clauses(_p.parse(pattern.pattern, pattern.flags))
    except Exception:  # `re`'s parser is internal: should it change, the pattern is run as it is
        return None
    if not clauses:
        return None
    return tuple(sorted(clauses, key=_selectivity)[:_MAX_CLAUSES])


def _selectivity(clause: AbstractSet[str]) -> tuple[int, int]:
    """Sort key, most selective-looking first: longer shortest strings, then fewer strings."""
    return (-min(map(len, clause)), len(clause))


def _clauses(items: Any) -> list[frozenset[str]]:
    """The clauses of a sequence: one per element every match passes through (runs of literal
    characters joined into one string), and those of its positive lookarounds."""
    out: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(frozenset(("".join(run),)))
            run = []
        out += _element_clauses(op, av)
    if run:
        out.append(frozenset(("".join(run),)))
    return out


def _element_clauses(op: Any, av: Any) -> list[frozenset[str]]:
    if op is _c.IN:
        chars = _charset(av)
        return [frozenset(chr(c) for c in chars)] if chars and len(chars) <= _MAX_CLASS else []
    if op is _c.ASSERT:  # a positive lookahead or lookbehind: what it asserts is in the text
        return _clauses(av[1])
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        return [] if add_flags or del_flags else _clauses(body)
    if op is _c.ATOMIC_GROUP:
        return _clauses(av)
    if op in _REPEATS:
        low, _high, body = av
        return _clauses(body) if low >= 1 else []
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            clauses = _clauses(branch)
            if not clauses:
                return []  # a branch that needs nothing: the alternation needs nothing
            union |= min(clauses, key=_selectivity)
        return [frozenset(union)]
    return []  # zero-width assertions, negative lookarounds, `.`, categories, back-references


class Needs:
    """`Needs(pattern)(text)`: False only when `text` cannot hold a match of `pattern` (it lacks
    every string of one of its `required` clauses); True for a pattern with no clause."""

    __slots__ = ("clauses", "_tests")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.clauses = required(pattern) or ()
        tests: list[Any] = []
        for clause in self.clauses:
            strings = tuple(sorted(clause, key=lambda s: (-len(s), s)))
            if len(strings) <= _IN_LIMIT:
                tests.append(strings)
            else:  # longest first, so the alternation's first branch that fits is as good as any
                tests.append(re.compile("|".join(map(re.escape, strings))).search)
        self._tests = tuple(tests)

    def __call__(self, text: str) -> bool:
        for test in self._tests:
            if isinstance(test, tuple):
                for s in test:
                    if s in text:
                        break
                else:
                    return False
            elif test(text) is None:
                return False
        return True
