"""The scan's shortcuts give what the long way gives: the lexicon's hash index against a
binary search, the scorer's fused logits against `featurize`, the keyword prefilter against
the terms, the digit view's pretest against rewriting every numeral run, and structure's key
patterns against their lookahead forms."""

from __future__ import annotations

import random

import numpy as np
import pytest

from detectors.models.keyindex import KeyIndex
from detectors.models.keywords import _any_of
from detectors.text import CHINESE_DIGITS, _DIGIT_TABLE, _NUMERAL_RUN, ScanText


def _binary_search(keys: np.ndarray, codes: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """The reference: the first code of each query among the stably sorted keys, else 0."""
    order = np.argsort(keys, kind="stable")
    sk, sc = keys[order], codes[order]
    pos = np.minimum(np.searchsorted(sk, queries), len(sk) - 1)
    return np.where(sk[pos] == queries, sc[pos], 0).astype(np.uint8)


def _queries(rng: np.random.Generator, keys: np.ndarray, n: int) -> np.ndarray:
    present = keys[rng.integers(0, len(keys), n)]
    near = present + rng.integers(-2, 3, n).astype(np.uint64)  # neighbours of present keys
    absent = rng.integers(0, 2**64 - 1, n, dtype=np.uint64, endpoint=True)
    return np.concatenate([present, near, absent, np.array([0, 2**64 - 1], dtype=np.uint64)])


@pytest.mark.parametrize(
    "n,load,spread",
    [
        (5_000, 0.35, 2**64 - 1),  # the lexicon's load: a few keys in the stash
        (5_000, 8.0, 2**64 - 1),  # a table far too small: most keys in the stash
        (3_000, 0.35, 50),  # many repeated keys: the first code must win
        (1, 0.35, 2**64 - 1),
    ],
    ids=["lexicon load", "mostly stashed", "repeated keys", "one key"],
)
def test_key_index_finds_what_a_binary_search_finds(n: int, load: float, spread: int) -> None:
    rng = np.random.default_rng(n + int(load * 10))
    keys = rng.integers(0, spread, n, dtype=np.uint64, endpoint=True)
    if n > 10:
        keys[:3] = [0, 1, 2**64 - 1]  # the empty slots' key and the extremes are real keys here
    codes = rng.integers(1, 256, n).astype(np.uint8)
    index = KeyIndex.build(keys, codes, load=load)
    queries = _queries(rng, keys, 4 * n)
    assert np.array_equal(index.lookup(queries), _binary_search(keys, codes, queries))
    # Any shape: a window kind per row, a candidate per column.
    assert np.array_equal(index.lookup(queries[: 2 * n].reshape(2, n)), _binary_search(keys, codes, queries[: 2 * n]).reshape(2, n))


def test_key_index_says_absent_for_key_zero_unless_it_is_a_key() -> None:
    keys = np.array([5, 9, 2**63], dtype=np.uint64)
    index = KeyIndex.build(keys, np.array([3, 4, 5], dtype=np.uint8))
    assert index.lookup(np.array([0, 5, 9, 2**63, 7], dtype=np.uint64)).tolist() == [0, 3, 4, 5, 0]


def test_the_lexicon_index_agrees_with_the_sorted_keys_on_every_word_and_on_text_windows() -> None:
    from bench.load import prompt
    from detectors.models.name_tagger import _poly_key, code_points
    from detectors.resources import load_resources

    tagger = load_resources().name_tagger
    assert tagger is not None
    lex = tagger.lexicon
    assert np.array_equal(lex.index.lookup(lex.keys), lex.codes)  # every word (the keys are distinct)
    rng = np.random.default_rng(7)
    windows = []
    for i in range(5):
        c = code_points(prompt(i, 3)).astype(np.uint64)
        for k in (2, 3, 4):
            windows.append(_poly_key([c[j : len(c) - k + 1 + j] for j in range(k)]))
    queries = np.concatenate([*windows, _queries(rng, lex.keys, 20_000)])
    got = lex.index.lookup(queries)
    assert np.array_equal(got, _binary_search(lex.keys, lex.codes, queries))
    assert (got > 0).sum() > 1_000  # the texts' windows do hit words


def test_the_fused_logits_are_the_logits_of_featurize_to_the_bit() -> None:
    from detectors.models.name_tagger import _PAD, candidates, featurize
    from detectors.resources import load_resources

    tagger = load_resources().name_tagger
    assert tagger is not None
    texts = ["王一诺", "我叫李华。", "班长孙一然和王一诺、刘洋去了科技馆", "学生马力的家长欧阳娜娜来电", "司马光砸缸"] * 2
    texts += ["".join(random.Random(i).choice("王李张刘陈杨黄赵吴周一诺华明丽的了是和学生老师") for _ in range(60))
              for i in range(20)]
    scored = 0
    for text in texts:
        cp, s, ln = candidates(text, tagger.lexicon)
        z = tagger.logits(featurize(cp, s, ln, tagger.lexicon))
        ranked = tagger.ranked(text, -1e9)
        if not len(s):
            assert ranked is None
            continue
        assert ranked is not None
        scored += 1
        starts, ends, zs = ranked
        want = sorted(zip((s - _PAD).tolist(), (s - _PAD + ln).tolist(), z.tolist()), key=lambda r: -r[2])
        assert sorted(zip(starts, ends, zs)) == sorted(want)
        assert zs == sorted(zs, reverse=True)
    assert scored >= 20


_KEY_TERMS = ("抑郁症", "抑郁", "焦虑", "ADHD".lower(), "心理咨询", "心理", "自伤", "a+b", "想死")


@pytest.mark.parametrize("seed", range(6))
def test_the_keyword_prefilter_finds_a_text_exactly_when_a_term_occurs(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "".join(sorted({c for t in _KEY_TERMS for c in t})) + "的了学生他"
    pattern = _any_of(_KEY_TERMS)
    seen = {True: 0, False: 0}
    for _ in range(3_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        occurs = any(t in text for t in _KEY_TERMS)
        assert (pattern.search(text) is not None) == occurs, text
        seen[occurs] += 1
    assert min(seen.values()) > 50


def test_the_keyword_prefilter_of_no_terms_matches_nothing() -> None:
    assert _any_of(()).search("抑郁 焦虑") is None


def _digits_the_long_way(norm: str) -> str:
    return _NUMERAL_RUN.sub(lambda m: m.group(0).translate(_DIGIT_TABLE), norm)


@pytest.mark.parametrize("seed", range(4))
def test_the_digit_view_pretest_never_skips_a_run_it_would_rewrite(seed: int) -> None:
    rng = random.Random(seed)
    # Numerals, separators and other characters, weighted so that runs of seven form often.
    pool = list(CHINESE_DIGITS) + list("0123456789") * 2 + list(" -—\u3000") + list("年级班号a\n")
    changed = 0
    for _ in range(4_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 14)))
        view = ScanText(text)
        long_way = _digits_the_long_way(view.norm)
        assert view.digits == long_way, text
        changed += long_way != view.norm
    assert changed > 200


def test_the_key_patterns_find_the_keys_the_lookahead_forms_found() -> None:
    import re

    from detectors import structure

    cjk_words = structure._ANY_CJK_KEY.pattern.split("|")
    old_cjk = re.compile("(?=[" + "".join(sorted({w[0] for w in cjk_words})) + "])(?:" + "|".join(cjk_words) + ")")
    old_latin = re.compile(r"(?=[a-z])(?<![a-z])(?:" + "|".join(structure._LATIN_KEY_WORDS) + ")")
    rng = random.Random(3)
    pieces = [*structure._LATIN_KEY_WORDS, *cjk_words[:40], *"abxz _-1\n中名学"]
    found = 0
    for _ in range(5_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        for old, new in ((old_cjk, structure._ANY_CJK_KEY), (old_latin, structure._ANY_LATIN_KEY)):
            spans = [m.span() for m in old.finditer(text)]
            assert [m.span() for m in new.finditer(text)] == spans, text
            found += len(spans)
    assert found > 5_000

