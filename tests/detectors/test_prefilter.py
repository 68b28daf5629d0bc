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
from detectors.prefilter import Needs, first_chars, gated, required

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


def _detector_patterns() -> list[re.Pattern[str]]:
    """Every pattern the detectors' modules hold, alone or in tuples and dicts (as `Needs` meets them)."""
    out: list[re.Pattern[str]] = []

    def walk(v: object, depth: int) -> None:
        if isinstance(v, re.Pattern) and isinstance(v.pattern, str):
            out.append(v)
        elif depth and isinstance(v, (tuple, list)):
            for x in v:
                walk(x, depth - 1)
        elif depth and isinstance(v, dict):
            for x in v:
                walk(x, depth - 1)
    for pkg in (detectors, detectors.recognizers, detectors.models):
        for info in pkgutil.iter_modules(pkg.__path__):
            if info.name == "presidio_bridge":
                continue
            for v in vars(importlib.import_module(f"{pkg.__name__}.{info.name}")).values():
                walk(v, 2)
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


def test_required_reads_the_strings_every_match_holds() -> None:
    assert required(re.compile(r"ab(?:c|de)f?")) == (frozenset({"ab"}), frozenset({"c", "de"}))
    assert required(re.compile(r"(?=[xy])(?:x1|y2)")) == (frozenset({"x1", "y2"}), frozenset({"x", "y"}))
    assert required(re.compile(r"(?<=前)a+b")) == (frozenset({"前"}), frozenset({"a"}), frozenset({"b"}))
    assert required(re.compile(r"(?:a|b?)c")) == (frozenset({"c"}),)  # a branch that may be empty needs nothing
    for nothing in (r"(?!x)y?", r"\d+", r"a?", r"[^a]", r"(?:)|a", r".b?"):
        assert required(re.compile(nothing)) is None, nothing
    assert required(re.compile("ab", re.IGNORECASE)) is None  # case folding: not read
    assert required(re.compile(r"(?i:a)b")) == (frozenset({"b"}),)
    needs = Needs(re.compile(r"交(?:给老师|上去)|[我你]抄"))
    assert needs("明天交上去") and needs("我抄") and not needs("交给老板") and not needs("")
    assert Needs(re.compile(r"\d+"))("")  # no clause: always searched


def test_needs_is_never_false_where_a_pattern_matches() -> None:
    """The exactness of `Needs`: on texts where each detector pattern (and each tricky one)
    matches, it says the text may hold a match; on random texts from the patterns' own
    literal characters, wherever it says no, the pattern finds nothing."""
    from bench.schoolcorpus import generate

    rnd = random.Random(5)
    patterns = _detector_patterns() + [_ungated(p) for p in _patterns()]
    texts = list(CORPUS) + [s.text for s in generate("test", 300)]
    clause_chars = "".join(sorted({ch for p in patterns for c in (required(p) or ()) for w in c for ch in w}))
    alphabet = ALPHABET + clause_chars
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 40))) for _ in range(400)]
    skipped = 0
    for p in patterns:
        needs = Needs(p)
        for text in texts:
            if not needs(text):
                skipped += 1
                assert p.search(text) is None, (p.pattern[:60], text)
        # Pieces of texts it matches, cut to the match and its neighbours, keep their answer.
        for text in texts:
            m = p.search(text)
            if m is not None:
                assert needs(text[max(0, m.start() - 30) : m.end() + 30]), (p.pattern[:60], text)
    assert skipped > 10_000  # the prefilter does skip: most patterns need words most texts lack
