"""`detectors.prefilter.gated`: a pattern behind a lookahead on its first characters finds
exactly what the pattern finds (spans and groups), on the detectors' own patterns and on
patterns built to trip it (optional heads, lookarounds, case folding, alternations)."""

from __future__ import annotations

import importlib
import pkgutil
import random
import re

import detectors
import detectors.models
import detectors.recognizers
import detectors.recognizers.person
from detectors.prefilter import first_chars, gated

TRICKY = [
    r"a?b|c*d|(?:e|f?)g", r"(?<![上下本这每])周测|[一二三四]模|月考|\b(?!the\b)[a-z]{3,} exam\b", r"(?:x|y)?z+",
    r"\bK[a-z]+|ſt", r"(?=ab)a|b(?!c)", r"(?:ab|cd){2,}", r"(a)(b)?\2?c|(?P<n>d)e", r"[^a]b|ab",
    r"(?:)|a", r"a{0}b|c", r"考试|测验|[才就]考|\bexam", r"(?i:A)b|c",
]
CORPUS = [
    "这是下周月考的作文题（60分），不能外传，学生还没见过：1. 计算 6375+450/18*101 = ?", "期中考试阅读C篇 卷子还没交印",
    "from tomorrow's quiz, don't share. Question 2 of the midterm: what is 3*4+5?", "家住阳光小区3栋2单元501室，幸福路12号",
    "学号 G110101200801011234，student: Wang Li，班级 三（2）班", "name\tclass\n王小明  三年级二班\n",
]
ALPHABET = "abcdefgxyzKkſTtEe 周测上一二三四模月考试验才就的 。\n?？0123"


def _patterns() -> list[re.Pattern[str]]:
    out = [re.compile(p, f) for p in TRICKY for f in (0, re.I)]
    for pkg in (detectors, detectors.recognizers, detectors.recognizers.person, detectors.models):
        for info in pkgutil.iter_modules(pkg.__path__):
            if info.name == "presidio_bridge":
                continue
            module = importlib.import_module(f"{pkg.__name__}.{info.name}")
            out += [_ungated(v) for v in vars(module).values() if isinstance(v, re.Pattern) and isinstance(v.pattern, str)]
    return out


def _ungated(p: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern a module gated (its source follows the lookahead's class, whose brackets are escaped)."""
    cut = p.pattern.find("])(?:")
    if p.pattern.startswith("(?=[") and cut > 0:
        try:
            inner = re.compile(p.pattern[cut + 5 : -1], p.flags)
        except re.error:
            return p
        if gated(inner).pattern == p.pattern:
            return inner
    return p


def _found(p: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in p.finditer(text)]


def test_a_gated_pattern_finds_exactly_what_the_pattern_finds() -> None:
    rnd = random.Random(3)
    patterns = _patterns()
    gates = [(p, gated(p)) for p in patterns]
    assert sum(g is not p for p, g in gates) >= 25  # the detectors' slow alternations are gated
    texts = ["这是下周月考的作文题（60分），不能外传", "Next week's unit test: question 3 of the paper", "阳光小区3栋2单元"]
    texts += ["".join(rnd.choice(ALPHABET) for _ in range(rnd.randrange(0, 30))) for _ in range(300)]
    for p, g in gates:
        if g is p:
            continue
        assert g.groupindex == p.groupindex and g.groups == p.groups
        for text in texts + [t for t in CORPUS if p.search(t)][:20]:
            assert _found(g, text) == _found(p, text), (p.pattern[:60], text)
            assert bool(g.match(text, 1)) == bool(p.match(text, 1)) and bool(g.fullmatch(text)) == bool(p.fullmatch(text))


def test_no_gate_where_a_match_may_be_empty_or_start_anywhere() -> None:
    assert first_chars(re.compile(r"a?b?")) is None
    assert first_chars(re.compile(r".x|y")) is None
    assert first_chars(re.compile(r"(?i:a)b")) is None
    assert first_chars(re.compile(r"\bx?(?<=q)y|z")) == frozenset("xyz")
    slow = re.compile(r"(?<!a)bc|[de]f")
    assert gated(slow) is not slow and gated(re.compile("abc|abd")).pattern == "abc|abd"  # re skips ahead itself
