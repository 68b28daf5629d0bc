"""The held-out framing splits (fresh, sealed, blind, unseen, last, ninth, eleventh, twelfth,
thirteenth): each
vocabulary shares no string with any other split's, its templates fill without error, its items are
items no other split uses wherever the source has enough of them, it is a framing-only split of
bench structure, and the texts of all twelve splits stay as they were pinned."""

from __future__ import annotations

import dataclasses
import hashlib
import random

import pytest

from bench.evaldata import default_eval_dir
from bench.framing import (
    FRAMING_SEEDS,
    FRAMING_SPLITS,
    VOCABS,
    WRITTEN_ITEMS,
    FramingVocab,
    _split_items,
    framed_texts,
    split_source,
    unframed_texts,
)
from bench.framing_eleventh_items import ELEVENTH_ITEMS
from bench.framing_thirteenth_items import THIRTEENTH_ITEMS
from bench.framing_twelfth_items import TWELFTH_ITEMS
from bench.structure import FRAMING_ONLY, _parse, chosen_splits

EARLIER = ("tune", "test", "final")
HELD_OUT = ("fresh", "sealed", "blind", "unseen", "last", "ninth", "eleventh", "twelfth", "thirteenth")
FIELDS = [f.name for f in dataclasses.fields(FramingVocab)]
LEAST = {"templates": 40, "unframed": 20, "requests": 10}  # the same for every held-out split
ENGLISH = {"blind": (6, 8), "unseen": (6, 8), "last": (6, 8), "ninth": (6, 8), "eleventh": (6, 8),
           "twelfth": (6, 8), "thirteenth": (6, 8)}  # English framed templates, where asked

# sha256 of each split's items, framed texts and unframed texts: tune, test and final pinned
# before fresh was added (feaa4ab), each held-out split's own taken when it was written
# (fresh and sealed on feaa4ab/215a629, blind r8-framing, unseen r9-framing, last r10-framing,
# ninth r12-framing, eleventh r15-splits, twelfth r17-splits, thirteenth r19-splits; the evaluation
# digests of eleventh, twelfth and thirteenth include their written items).
SYNTHETIC_PINNED = {
    "tune": "4d17a24f8673830fc575298d4d27d93214fd6a99e6b94ab0493856bfcf11e773",
    "test": "a0243a2bb1080bd8da3b42002eb631bfe4e792f89ab6bfbe7e7b56cf3178ec44",
    "final": "1ca796536c39fd5bc9232c54bc3a265fd7d018b01f683d516a10b959f7c6c5ba",
    "fresh": "86a81ccd06e844cf192ac7919090b2e7fa2014ef6ea61a63dab1829b02ae0981",
    "sealed": "9328cf6eb6c4b3bc197cdc661144350f757e87f49e87e3a84d7cfeb7a948d9cf",
    "blind": "b1f350ba2b6e8e43da7c2f9615836aabda684c54dcc2654ce441fdcfa81ea208",
    "unseen": "c8a798413be5f1e24351254a7b430570e7ea24caef428205a15983ec2c46e377",
    "last": "2fdbb12e3394130f810ec779b294c9fa46a4a001b5d061f873ceca015723b71a",
    "ninth": "8c30d56db1d2006222a943903c7bb3c661597930665e8921b4cbb0aaf3c3d579",
    "eleventh": "c692745d8a490944750943bbfebff1d223ea8f0d4b23cc6f1b4a109094268d70",
    "twelfth": "6172ef578ea7e2ec6209f8247291a10a06a6cd1dfd99474eff222ea49115b648",
    "thirteenth": "209bf14c9e9c125d195aaa72acd9cab5a031b2b6deb0570f7ee40010a8a0a795",
}
EVAL_PINNED = {
    "tune": "304238f2fb129e82e41d4f452875669f41d20e9ad649288ec19b54a5ddb66506",
    "test": "8a96dac0870c6fe201414341745ff67b60d116e28cab443c729fea682b7edf6c",
    "final": "b2613090646a7c7afda0ad274a5646a5388ea9d5b26b73a6332e338af41deec7",
    "fresh": "4e5737e57ea414fe8ecdee20c94a7256752d6b804e85d15049e5150c04aa75e4",
    "sealed": "66572a2095c27f7bf648946934041c446c2d4c064e8b0ebc3db55ae69f2e35fa",
    "blind": "cd036d57736ec98814c330ff67102d27612c0c42301ff0bbfdd28ac3f44b99ff",
    "unseen": "c9d24eeab6216bf5d9505c95fd59add976fa7025a4a0baba4598b8ef3292a745",
    "last": "13d47e9cee2453541682cacc8acd4c61b493c72f4c4a1aea07312466613efc94",
    "ninth": "76be0ee8185e1fe277cea73a547cf8711a9a37c102c2d3b00b7f722ecedcbfc1",
    "eleventh": "78f99138ba1e8eda871c34e22dc8b03c8df7f7c21a176b14ddad2a5991b6b53a",
    "twelfth": "ec89643320c22aebcc585060798644198e268fa40998f8ee2d272959e18a4dca",
    "thirteenth": "22b28085b6cd0807776d2f999a64e987606f4002b58df5e80c298006f8277a79",
}


def _digest(split: str, by_source: dict[str, list[str]]) -> str:
    vocab = VOCABS[split]
    rng = random.Random(FRAMING_SEEDS[split])
    rng_unframed = random.Random(f"{FRAMING_SEEDS[split]}/unframed")
    h = hashlib.sha256()
    for items in by_source.values():
        for t in [*items, *framed_texts(items, vocab, rng), *unframed_texts(items, vocab, rng_unframed)]:
            h.update(t.encode() + b"\0")
    return h.hexdigest()


def _strings(vocab: FramingVocab) -> set[str]:
    return {s for f in FIELDS for s in getattr(vocab, f)}


def test_every_split_is_pinned_and_held_out_or_earlier() -> None:
    assert set(SYNTHETIC_PINNED) == set(EVAL_PINNED) == set(FRAMING_SPLITS) == set(VOCABS)
    assert FRAMING_SPLITS == (*EARLIER, *HELD_OUT)


@pytest.mark.parametrize("split", FRAMING_SPLITS)
def test_the_splits_texts_are_unchanged_on_synthetic_items(split: str) -> None:
    items = [f"第{i}题：一个长方形长{i}厘米，宽3厘米，面积是多少？" for i in range(3000)]  # 1,500 per half
    chosen = split_source(items, "gaokao")[split]
    assert _digest(split, {"gaokao": chosen}) == SYNTHETIC_PINNED[split]


@pytest.mark.skipif(not default_eval_dir().is_dir(), reason="evaluation data not present")
def test_the_splits_texts_are_unchanged_on_the_evaluation_items() -> None:
    by_split = _split_items(default_eval_dir())
    assert {s: _digest(s, by_split[s]) for s in EVAL_PINNED} == EVAL_PINNED


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("split", HELD_OUT)
def test_the_held_out_vocabulary_is_disjoint_field_by_field_from_every_other_split(split: str, field: str) -> None:
    mine = set(getattr(VOCABS[split], field))
    assert mine, f"{split} has no {field}"
    for other in FRAMING_SPLITS:
        if other != split:
            assert not mine & set(getattr(VOCABS[other], field)), other


@pytest.mark.parametrize("split", HELD_OUT)
def test_no_held_out_string_is_in_any_field_of_another_split(split: str) -> None:
    theirs = {s for other in FRAMING_SPLITS if other != split for s in _strings(VOCABS[other])}
    assert not _strings(VOCABS[split]) & theirs


@pytest.mark.parametrize("split", HELD_OUT)
def test_the_held_out_framed_and_unframed_templates_are_disjoint(split: str) -> None:
    assert not set(VOCABS[split].templates) & set(VOCABS[split].unframed)


@pytest.mark.parametrize("field", LEAST)
@pytest.mark.parametrize("split", HELD_OUT)
def test_the_held_out_vocabulary_is_as_large_as_asked(split: str, field: str) -> None:
    assert len(set(getattr(VOCABS[split], field))) >= LEAST[field]


@pytest.mark.parametrize("split", ENGLISH)
def test_the_held_out_vocabulary_has_as_many_english_framings_as_asked(split: str) -> None:
    least, most = ENGLISH[split]
    assert least <= sum(t.isascii() for t in VOCABS[split].templates) <= most


@pytest.mark.parametrize("field", ["templates", "unframed"])
@pytest.mark.parametrize("split", HELD_OUT)
def test_every_held_out_template_holds_the_item_once_and_more(split: str, field: str) -> None:
    for t in getattr(VOCABS[split], field):
        assert t.count("{item}") == 1, t
        assert t.strip() != "{item}", t


@pytest.mark.parametrize("split", HELD_OUT)
def test_the_held_out_requests_hold_no_placeholder(split: str) -> None:
    for t in VOCABS[split].requests:
        assert "{" not in t and "}" not in t, t


@pytest.mark.parametrize("split", HELD_OUT)
def test_the_held_out_texts_hold_their_items_and_no_placeholder(split: str) -> None:
    items = [f"第{i}道：计算 {i} × {i} 的值。" for i in range(300)]
    framed = framed_texts(items, VOCABS[split], random.Random(1))
    unframed = unframed_texts(items, VOCABS[split], random.Random(2))
    assert len(framed) == len(unframed) == len(items)
    for item, f, u in zip(items, framed, unframed):
        assert item in f and item in u
        assert "{" not in f and "}" not in f and "{" not in u and "}" not in u


@pytest.mark.parametrize("split", HELD_OUT)
def test_the_held_out_seed_is_its_own(split: str) -> None:
    assert FRAMING_SEEDS[split] not in [FRAMING_SEEDS[s] for s in FRAMING_SPLITS if s != split]


@pytest.mark.parametrize("split", EARLIER)
def test_the_earlier_splits_have_no_unframed_templates(split: str) -> None:
    # Their unframed texts are the bare items; adding templates would change their figures.
    assert unframed_texts(["1+1=?"], VOCABS[split], random.Random(0)) == []


def _used_before(split: str, chosen: dict[str, list[str]]) -> set[str]:
    return {t for s in FRAMING_SPLITS[: FRAMING_SPLITS.index(split)] for t in chosen[s]}


def _check_own_items(split: str, n: int, size: int, name: str = "x") -> None:
    chosen = split_source([f"题{i}" for i in range(n)], name)
    assert len(chosen[split]) == size
    assert not set(chosen[split]) & _used_before(split, chosen)


@pytest.mark.parametrize("split,n", [("fresh", 2000), ("sealed", 2000), ("blind", 2000), ("unseen", 2400),
                                     ("last", 2800), ("ninth", 3200), ("eleventh", 3600), ("twelfth", 4000),
                                     ("thirteenth", 4400)])
def test_a_large_source_gives_held_out_items_no_earlier_split_uses(split: str, n: int) -> None:
    _check_own_items(split, n, 200, "gaokao")


@pytest.mark.parametrize("split,n,size", [
    ("fresh", 900, 200),  # test half 450: no fresh there
    ("sealed", 1000, 200), ("sealed", 1200, 200),  # test half used up by fresh
    ("blind", 1000, 100), ("blind", 1200, 200), ("blind", 1600, 200),  # ... by sealed
    ("unseen", 1400, 200), ("unseen", 1500, 200), ("unseen", 2000, 200),  # ... by blind
    ("last", 1800, 200), ("last", 2000, 200), ("last", 2400, 200),  # ... by unseen
    ("ninth", 2000, 200), ("ninth", 2200, 200), ("ninth", 2800, 200),  # ... by last
    ("eleventh", 1900, 150), ("eleventh", 2400, 200), ("eleventh", 3000, 200),  # ... by ninth
    ("twelfth", 2200, 200), ("twelfth", 2600, 200), ("twelfth", 3400, 200),  # ... by eleventh
    ("thirteenth", 2400, 200), ("thirteenth", 2600, 200), ("thirteenth", 3800, 200),  # ... by twelfth
])
def test_a_source_with_unused_tune_half_items_gives_those_to_the_held_out_split(split: str, n: int, size: int) -> None:
    _check_own_items(split, n, size)


@pytest.mark.parametrize("split,n", [("unseen", 2200), ("last", 2600), ("ninth", 3000), ("eleventh", 3400),
                                     ("twelfth", 3800), ("thirteenth", 4200)])  # 100 test-half items left for it
def test_a_source_with_a_short_test_half_rest_gives_that_rest_to_the_held_out_split(split: str, n: int) -> None:
    _check_own_items(split, n, 100)


def test_a_small_source_gives_every_held_out_split_the_test_items_as_final_does() -> None:
    chosen = split_source([f"题{i}" for i in range(335)], "cmmlu")
    assert all(chosen[s] == chosen["test"] for s in ("final", *HELD_OUT))


@pytest.mark.parametrize("split,n", [("sealed", 900), ("blind", 900), ("unseen", 1100), ("last", 1300),
                                    ("ninth", 1500), ("eleventh", 1700), ("twelfth", 2100), ("thirteenth", 2100)])
def test_a_source_too_small_for_a_held_out_share_falls_back_to_the_test_items(split: str, n: int) -> None:
    chosen = split_source([f"题{i}" for i in range(n)], "x")  # the others took the tune-half rest
    assert chosen[split] == chosen["test"]


@pytest.mark.parametrize("split", HELD_OUT)
def test_the_held_out_split_is_a_framing_only_split_of_bench_structure(split: str) -> None:
    assert split in FRAMING_ONLY
    assert _parse(["--part", "framing", "--split", split]).split == split
    with pytest.raises(SystemExit):
        _parse(["--part", "tables", "--split", split])
    assert chosen_splits(split) == (split,)


def test_no_held_out_split_is_part_of_both() -> None:
    assert chosen_splits("both") == EARLIER
    assert FRAMING_ONLY == HELD_OUT


@pytest.mark.parametrize("split", WRITTEN_ITEMS)
def test_the_splits_written_items_are_distinct_and_in_both_languages(split: str) -> None:
    items = WRITTEN_ITEMS[split]
    assert len(set(items)) == len(items) >= 40
    english = [t for t in items if sum(c.isascii() and c.isalpha() for c in t) > len(t) // 3]
    assert 5 <= len(english) < len(items) - 30
    assert sum("A." in t and "D." in t for t in items) >= 5  # choice items with options
    for t in items:
        assert "{" not in t and "}" not in t, t


def test_the_written_items_are_the_eleventh_twelfth_and_thirteenth_splits_own() -> None:
    assert WRITTEN_ITEMS == {"eleventh": ELEVENTH_ITEMS, "twelfth": TWELFTH_ITEMS, "thirteenth": THIRTEENTH_ITEMS}
    assert not set(ELEVENTH_ITEMS) & set(TWELFTH_ITEMS)
    assert not set(THIRTEENTH_ITEMS) & (set(ELEVENTH_ITEMS) | set(TWELFTH_ITEMS))


#: Question words and marks: an item holding none of them asks nothing in question form.
QUESTION_MARKS = ("？", "?", "吗", "多少", "什么", "哪", "几", "怎么", "如何", "为什么")
#: Past-tense and time words inside an item (the same words a framing uses for the test's date).
ITEM_TIME_WORDS = ("昨天", "今天", "明天", "去年", "今年", "明年", "上周", "上个月", "年 ", "last", "Last", "this morning")


def test_many_of_the_twelfth_splits_items_ask_nothing_in_question_form() -> None:
    plain = [t for t in TWELFTH_ITEMS if not any(q in t for q in QUESTION_MARKS)]
    assert len(plain) >= 15
    for opening in ("简述", "赏析", "默写", "Translate", "以“", "Write"):
        assert any(t.startswith(opening) or f"。{opening}" in t for t in plain), opening


def test_some_of_the_twelfth_splits_items_hold_time_words_of_their_own() -> None:
    assert sum(any(w in t for w in ITEM_TIME_WORDS) for t in TWELFTH_ITEMS) >= 10


def test_many_of_the_thirteenth_splits_items_ask_nothing_in_question_form() -> None:
    plain = [t for t in THIRTEENTH_ITEMS if not any(q in t for q in QUESTION_MARKS)]
    assert len(plain) >= 20
    for opening in ("填空", "补全", "改写", "概括", "列举", "Fill in", "Rewrite", "Summarise"):
        assert any(t.startswith(opening) for t in plain), opening


def test_some_of_the_thirteenth_splits_items_hold_time_words_of_their_own() -> None:
    words = (*ITEM_TIME_WORDS, "前天", "yesterday", "Yesterday", "tomorrow")
    assert sum(any(w in t for w in words) for t in THIRTEENTH_ITEMS) >= 10


@pytest.mark.skipif(not default_eval_dir().is_dir(), reason="evaluation data not present")
def test_only_the_eleventh_twelfth_and_thirteenth_splits_have_written_items() -> None:
    by_split = _split_items(default_eval_dir())
    for split, items in WRITTEN_ITEMS.items():
        assert by_split[split]["written"] == list(items)
    assert all("written" not in by_split[s] for s in FRAMING_SPLITS if s not in WRITTEN_ITEMS)


@pytest.mark.skipif(not default_eval_dir().is_dir(), reason="evaluation data not present")
@pytest.mark.parametrize("split", ["twelfth", "thirteenth"])
def test_the_split_uses_no_gaokao_or_ape210k_item_an_earlier_split_uses(split: str) -> None:
    # CMMLU dev is too small for a held-out share: every held-out split takes its test items.
    by_split = _split_items(default_eval_dir())
    for source in ("gaokao", "ape210k"):
        mine = by_split[split][source]
        assert len(mine) == 200, source
        for other in FRAMING_SPLITS[: FRAMING_SPLITS.index(split)]:
            assert not set(mine) & set(by_split[other][source]), (source, other)
    assert by_split[split]["cmmlu"] == by_split["test"]["cmmlu"]
