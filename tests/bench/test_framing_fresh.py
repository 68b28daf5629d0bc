"""The fresh framing split shares no template, test word, time word or request with tune,
test and final, its templates fill without error, and its items are items no other split
uses wherever the source has enough of them."""

from __future__ import annotations

import dataclasses
import random

import pytest

from bench.framing import (
    FINAL_FRAMING,
    FRESH_FRAMING,
    TEST_FRAMING,
    TUNE_FRAMING,
    FramingVocab,
    framed_texts,
    split_source,
    unframed_texts,
)

EARLIER = {"tune": TUNE_FRAMING, "test": TEST_FRAMING, "final": FINAL_FRAMING}
FIELDS = [f.name for f in dataclasses.fields(FramingVocab)]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("other", EARLIER)
def test_the_fresh_vocabulary_is_disjoint_from_the_earlier_splits(field: str, other: str) -> None:
    mine, theirs = set(getattr(FRESH_FRAMING, field)), set(getattr(EARLIER[other], field))
    assert mine, f"fresh has no {field}"
    assert not mine & theirs


def test_the_fresh_framed_and_unframed_templates_are_disjoint() -> None:
    assert not set(FRESH_FRAMING.templates) & set(FRESH_FRAMING.unframed)


@pytest.mark.parametrize("field,least", [("templates", 40), ("unframed", 20), ("requests", 10)])
def test_the_fresh_vocabulary_is_larger_than_the_others(field: str, least: int) -> None:
    assert len(set(getattr(FRESH_FRAMING, field))) >= least


@pytest.mark.parametrize("field", ["templates", "unframed"])
def test_every_fresh_template_holds_the_item_once(field: str) -> None:
    for t in getattr(FRESH_FRAMING, field):
        assert t.count("{item}") == 1, t


def test_the_fresh_texts_hold_their_items_and_no_placeholder() -> None:
    items = [f"第{i}道：计算 {i} + {i} 的值。" for i in range(300)]
    framed = framed_texts(items, FRESH_FRAMING, random.Random(1))
    unframed = unframed_texts(items, FRESH_FRAMING, random.Random(2))
    assert len(framed) == len(unframed) == len(items)
    for item, f, u in zip(items, framed, unframed):
        assert item in f and item in u
        assert "{" not in f and "{" not in u


def test_the_earlier_splits_have_no_unframed_templates() -> None:
    # Their unframed texts are the bare items; adding templates would change their figures.
    for vocab in EARLIER.values():
        assert unframed_texts(["1+1=?"], vocab, random.Random(0)) == []


def test_a_large_source_gives_fresh_items_no_other_split_uses() -> None:
    split = split_source([f"题{i}" for i in range(2000)], "gaokao")
    used = set(split["tune"]) | set(split["test"]) | set(split["final"])
    assert len(split["fresh"]) == 200
    assert not set(split["fresh"]) & used


def test_a_source_with_unused_tune_half_items_gives_those_to_fresh() -> None:
    split = split_source([f"题{i}" for i in range(900)], "x")  # test half 450: no fresh there
    used = set(split["tune"]) | set(split["test"]) | set(split["final"])
    assert len(split["fresh"]) == 200
    assert not set(split["fresh"]) & used


def test_a_small_source_gives_fresh_the_test_items_as_final_does() -> None:
    split = split_source([f"题{i}" for i in range(335)], "cmmlu")
    assert split["fresh"] == split["final"] == split["test"]
