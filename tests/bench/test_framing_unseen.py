"""The unseen framing split shares no template, test word, time word or request with the
six other splits, its templates fill without error, its items are items no other split
uses wherever the source has enough of them, adding it changed none of the texts of the
other six splits (their hashes were taken before the unseen split was added), and its own
texts stay as they were when it was written."""

from __future__ import annotations

import dataclasses
import hashlib
import random
from collections.abc import Sequence

import pytest

from bench.evaldata import default_eval_dir
from bench.framing import (
    BLIND_FRAMING,
    FINAL_FRAMING,
    FRAMING_SEEDS,
    FRAMING_SPLITS,
    FRESH_FRAMING,
    SEALED_FRAMING,
    TEST_FRAMING,
    TUNE_FRAMING,
    UNSEEN_FRAMING,
    VOCABS,
    FramingVocab,
    _split_items,
    framed_texts,
    split_source,
    unframed_texts,
)
from bench.structure import FRAMING_ONLY, _parse, chosen_splits

OTHERS = {"tune": TUNE_FRAMING, "test": TEST_FRAMING, "final": FINAL_FRAMING, "fresh": FRESH_FRAMING,
          "sealed": SEALED_FRAMING, "blind": BLIND_FRAMING}
FIELDS = [f.name for f in dataclasses.fields(FramingVocab)]

# sha256 of each split's items, framed texts and unframed texts: the six others as pinned on
# main (8873def) before the unseen split was added; unseen's own taken when it was written
# (r9-framing).
SYNTHETIC_BEFORE = {
    "tune": "4d17a24f8673830fc575298d4d27d93214fd6a99e6b94ab0493856bfcf11e773",
    "test": "a0243a2bb1080bd8da3b42002eb631bfe4e792f89ab6bfbe7e7b56cf3178ec44",
    "final": "1ca796536c39fd5bc9232c54bc3a265fd7d018b01f683d516a10b959f7c6c5ba",
    "fresh": "86a81ccd06e844cf192ac7919090b2e7fa2014ef6ea61a63dab1829b02ae0981",
    "sealed": "9328cf6eb6c4b3bc197cdc661144350f757e87f49e87e3a84d7cfeb7a948d9cf",
    "blind": "b1f350ba2b6e8e43da7c2f9615836aabda684c54dcc2654ce441fdcfa81ea208",
    "unseen": "c8a798413be5f1e24351254a7b430570e7ea24caef428205a15983ec2c46e377",
}
EVAL_BEFORE = {
    "tune": "304238f2fb129e82e41d4f452875669f41d20e9ad649288ec19b54a5ddb66506",
    "test": "8a96dac0870c6fe201414341745ff67b60d116e28cab443c729fea682b7edf6c",
    "final": "b2613090646a7c7afda0ad274a5646a5388ea9d5b26b73a6332e338af41deec7",
    "fresh": "4e5737e57ea414fe8ecdee20c94a7256752d6b804e85d15049e5150c04aa75e4",
    "sealed": "66572a2095c27f7bf648946934041c446c2d4c064e8b0ebc3db55ae69f2e35fa",
    "blind": "cd036d57736ec98814c330ff67102d27612c0c42301ff0bbfdd28ac3f44b99ff",
    "unseen": "c9d24eeab6216bf5d9505c95fd59add976fa7025a4a0baba4598b8ef3292a745",
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


def test_every_split_is_pinned() -> None:
    # Splits added later (last) are pinned in their own test module.
    assert set(SYNTHETIC_BEFORE) == set(EVAL_BEFORE) == set(FRAMING_SPLITS) - {"last"} == set(VOCABS) - {"last"}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("other", OTHERS)
def test_the_unseen_vocabulary_is_disjoint_from_the_other_splits(field: str, other: str) -> None:
    mine, theirs = set(getattr(UNSEEN_FRAMING, field)), set(getattr(OTHERS[other], field))
    assert mine, f"unseen has no {field}"
    assert not mine & theirs


def test_no_unseen_string_is_in_any_field_of_the_other_splits() -> None:
    mine = {s for f in FIELDS for s in getattr(UNSEEN_FRAMING, f)}
    theirs = {s for v in OTHERS.values() for f in FIELDS for s in getattr(v, f)}
    assert not mine & theirs


def test_the_unseen_framed_and_unframed_templates_are_disjoint() -> None:
    assert not set(UNSEEN_FRAMING.templates) & set(UNSEEN_FRAMING.unframed)


@pytest.mark.parametrize("field,least", [("templates", 40), ("unframed", 20), ("requests", 10)])
def test_the_unseen_vocabulary_is_as_large_as_asked(field: str, least: int) -> None:
    assert len(set(getattr(UNSEEN_FRAMING, field))) >= least


def test_the_unseen_vocabulary_has_six_to_eight_english_framings() -> None:
    assert 6 <= sum(t.isascii() for t in UNSEEN_FRAMING.templates) <= 8


@pytest.mark.parametrize("field", ["templates", "unframed"])
def test_every_unseen_template_holds_the_item_once(field: str) -> None:
    for t in getattr(UNSEEN_FRAMING, field):
        assert t.count("{item}") == 1, t


def test_the_unseen_requests_hold_no_placeholder() -> None:
    for t in UNSEEN_FRAMING.requests:
        assert "{" not in t and "}" not in t, t


def test_the_unseen_texts_hold_their_items_and_no_placeholder() -> None:
    items = [f"第{i}道：求 {i} + {i} 的和。" for i in range(300)]
    framed = framed_texts(items, UNSEEN_FRAMING, random.Random(1))
    unframed = unframed_texts(items, UNSEEN_FRAMING, random.Random(2))
    assert len(framed) == len(unframed) == len(items)
    for item, f, u in zip(items, framed, unframed):
        assert item in f and item in u
        assert "{" not in f and "}" not in f and "{" not in u and "}" not in u


def test_the_unseen_seed_is_its_own() -> None:
    assert FRAMING_SEEDS["unseen"] not in [FRAMING_SEEDS[s] for s in OTHERS]


@pytest.mark.parametrize("split", SYNTHETIC_BEFORE)
def test_the_splits_texts_are_unchanged_on_synthetic_items(split: str) -> None:
    items = [f"第{i}题：一个长方形长{i}厘米，宽3厘米，面积是多少？" for i in range(3000)]
    chosen = split_source(items, "gaokao")[split]
    assert _digest(split, {"gaokao": chosen}) == SYNTHETIC_BEFORE[split]


@pytest.mark.skipif(not default_eval_dir().is_dir(), reason="evaluation data not present")
def test_the_splits_texts_are_unchanged_on_the_evaluation_items() -> None:
    by_split = _split_items(default_eval_dir())
    assert {s: _digest(s, by_split[s]) for s in EVAL_BEFORE} == EVAL_BEFORE


def _used_before(split: dict[str, list[str]]) -> set[str]:
    return {t for s in OTHERS for t in split[s]}


def test_a_large_source_gives_unseen_items_no_other_split_uses() -> None:
    split = split_source([f"题{i}" for i in range(2400)], "gaokao")
    assert len(split["unseen"]) == 200
    assert not set(split["unseen"]) & _used_before(split)


@pytest.mark.parametrize("n", [1400, 1500, 2000])
def test_a_source_with_unused_tune_half_items_gives_those_to_unseen(n: int) -> None:
    split = split_source([f"题{i}" for i in range(n)], "x")  # test half used up by blind
    assert len(split["unseen"]) == 200
    assert not set(split["unseen"]) & _used_before(split)


def test_a_source_with_a_short_test_half_rest_gives_that_rest_to_unseen() -> None:
    split = split_source([f"题{i}" for i in range(2200)], "x")  # 100 test-half items after blind's
    assert len(split["unseen"]) == 100
    assert not set(split["unseen"]) & _used_before(split)


def test_a_small_source_gives_unseen_the_test_items_as_the_others_do() -> None:
    split = split_source([f"题{i}" for i in range(335)], "cmmlu")
    assert split["unseen"] == split["blind"] == split["sealed"] == split["test"]


def test_a_source_too_small_for_an_unseen_share_falls_back_to_the_test_items() -> None:
    split = split_source([f"题{i}" for i in range(1100)], "x")  # sealed and blind took the tune-half rest
    assert split["unseen"] == split["test"]


def test_unseen_is_a_framing_only_split_of_bench_structure() -> None:
    assert "unseen" in FRAMING_ONLY
    assert _parse(["--part", "framing", "--split", "unseen"]).split == "unseen"
    with pytest.raises(SystemExit):
        _parse(["--part", "tables", "--split", "unseen"])


def test_unseen_is_not_part_of_both() -> None:
    assert chosen_splits("both") == ("tune", "test", "final")
    assert chosen_splits("unseen") == ("unseen",)
