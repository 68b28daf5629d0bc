"""The sealed framing split shares no template, test word, time word or request with tune,
test, final and fresh, its templates fill without error, its items are items no other split
uses wherever the source has enough of them, and adding it changed none of the texts of the
other four splits (their hashes were taken before the sealed split was added)."""

from __future__ import annotations

import dataclasses
import hashlib
import random
from collections.abc import Sequence

import pytest

from bench.evaldata import default_eval_dir
from bench.framing import (
    FINAL_FRAMING,
    FRAMING_SEEDS,
    FRESH_FRAMING,
    SEALED_FRAMING,
    TEST_FRAMING,
    TUNE_FRAMING,
    VOCABS,
    FramingVocab,
    _split_items,
    framed_texts,
    split_source,
    unframed_texts,
)
from bench.structure import _parse

OTHERS = {"tune": TUNE_FRAMING, "test": TEST_FRAMING, "final": FINAL_FRAMING, "fresh": FRESH_FRAMING}
FIELDS = [f.name for f in dataclasses.fields(FramingVocab)]

# sha256 of each split's items, framed texts and unframed texts, taken on main (feaa4ab)
# before the sealed split was added.
SYNTHETIC_BEFORE = {
    "tune": "4d17a24f8673830fc575298d4d27d93214fd6a99e6b94ab0493856bfcf11e773",
    "test": "a0243a2bb1080bd8da3b42002eb631bfe4e792f89ab6bfbe7e7b56cf3178ec44",
    "final": "1ca796536c39fd5bc9232c54bc3a265fd7d018b01f683d516a10b959f7c6c5ba",
    "fresh": "86a81ccd06e844cf192ac7919090b2e7fa2014ef6ea61a63dab1829b02ae0981",
}
EVAL_BEFORE = {
    "tune": "304238f2fb129e82e41d4f452875669f41d20e9ad649288ec19b54a5ddb66506",
    "test": "8a96dac0870c6fe201414341745ff67b60d116e28cab443c729fea682b7edf6c",
    "final": "b2613090646a7c7afda0ad274a5646a5388ea9d5b26b73a6332e338af41deec7",
    "fresh": "4e5737e57ea414fe8ecdee20c94a7256752d6b804e85d15049e5150c04aa75e4",
}


def _digest(split: str, by_source: dict[str, list[str]]) -> str:
    vocab = VOCABS[split]
    rng = random.Random(FRAMING_SEEDS[split])
    rng_unframed = random.Random(f"{FRAMING_SEEDS[split]}/unframed")
    h = hashlib.sha256()
    for items in by_source.values():
        texts: Sequence[str] = [*items, *framed_texts(items, vocab, rng), *unframed_texts(items, vocab, rng_unframed)]
        for t in texts:
            h.update(t.encode() + b"\0")
    return h.hexdigest()


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("other", OTHERS)
def test_the_sealed_vocabulary_is_disjoint_from_the_other_splits(field: str, other: str) -> None:
    mine, theirs = set(getattr(SEALED_FRAMING, field)), set(getattr(OTHERS[other], field))
    assert mine, f"sealed has no {field}"
    assert not mine & theirs


def test_the_sealed_framed_and_unframed_templates_are_disjoint() -> None:
    assert not set(SEALED_FRAMING.templates) & set(SEALED_FRAMING.unframed)


@pytest.mark.parametrize("field,least", [("templates", 40), ("unframed", 20), ("requests", 10)])
def test_the_sealed_vocabulary_is_as_large_as_asked(field: str, least: int) -> None:
    assert len(set(getattr(SEALED_FRAMING, field))) >= least


@pytest.mark.parametrize("field", ["templates", "unframed"])
def test_every_sealed_template_holds_the_item_once(field: str) -> None:
    for t in getattr(SEALED_FRAMING, field):
        assert t.count("{item}") == 1, t


def test_the_sealed_texts_hold_their_items_and_no_placeholder() -> None:
    items = [f"第{i}道：计算 {i} × {i} 的值。" for i in range(300)]
    framed = framed_texts(items, SEALED_FRAMING, random.Random(1))
    unframed = unframed_texts(items, SEALED_FRAMING, random.Random(2))
    assert len(framed) == len(unframed) == len(items)
    for item, f, u in zip(items, framed, unframed):
        assert item in f and item in u
        assert "{" not in f and "}" not in f and "{" not in u and "}" not in u


def test_the_sealed_seed_is_its_own() -> None:
    others = [FRAMING_SEEDS[s] for s in OTHERS]
    assert FRAMING_SEEDS["sealed"] not in others


@pytest.mark.parametrize("split", SYNTHETIC_BEFORE)
def test_the_other_splits_texts_are_unchanged_on_synthetic_items(split: str) -> None:
    items = [f"第{i}题：一个长方形长{i}厘米，宽3厘米，面积是多少？" for i in range(3000)]
    chosen = split_source(items, "gaokao")[split]
    assert _digest(split, {"gaokao": chosen}) == SYNTHETIC_BEFORE[split]


@pytest.mark.skipif(not default_eval_dir().is_dir(), reason="evaluation data not present")
def test_the_other_splits_texts_are_unchanged_on_the_evaluation_items() -> None:
    by_split = _split_items(default_eval_dir())
    assert {s: _digest(s, by_split[s]) for s in EVAL_BEFORE} == EVAL_BEFORE


def _used_before(split: dict[str, list[str]]) -> set[str]:
    return {t for s in OTHERS for t in split[s]}


def test_a_large_source_gives_sealed_items_no_other_split_uses() -> None:
    split = split_source([f"题{i}" for i in range(2000)], "gaokao")
    assert len(split["sealed"]) == 200
    assert not set(split["sealed"]) & _used_before(split)


@pytest.mark.parametrize("n", [1000, 1200])
def test_a_source_with_unused_tune_half_items_gives_those_to_sealed(n: int) -> None:
    split = split_source([f"题{i}" for i in range(n)], "x")  # test half used up by fresh
    assert len(split["sealed"]) == 200
    assert not set(split["sealed"]) & _used_before(split)


def test_a_small_source_gives_sealed_the_test_items_as_final_and_fresh_do() -> None:
    split = split_source([f"题{i}" for i in range(335)], "cmmlu")
    assert split["sealed"] == split["fresh"] == split["final"] == split["test"]


def test_a_source_too_small_for_a_sealed_share_falls_back_to_the_test_items() -> None:
    split = split_source([f"题{i}" for i in range(900)], "x")  # 50 unused tune-half items
    assert split["sealed"] == split["test"]


def test_sealed_is_a_framing_only_split_of_bench_structure() -> None:
    assert _parse(["--part", "framing", "--split", "sealed"]).split == "sealed"
    with pytest.raises(SystemExit):
        _parse(["--part", "tables", "--split", "sealed"])
