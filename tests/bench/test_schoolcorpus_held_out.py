"""The school corpus's held-out splits written after the name model was tuned (sealed, blind,
final, fresh, spring, summer, then autumn) each share nothing but single-character surnames with every split
written before them, their gold spans sit on the names, and adding one leaves the texts of every
other split and of the training sets as they were."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence

import pytest

from bench.evaldata import Sample
from bench.schoolcorpus import VOCABULARIES, _given_pool, _spelled_by_train_names, generate

#: Each held-out split and the splits written before it.
BEFORE = {"sealed": ("train", "tune", "test"), "blind": ("train", "tune", "test", "sealed"),
          "final": ("train", "tune", "test", "sealed", "blind"),
          "fresh": ("train", "tune", "test", "sealed", "blind", "final"),
          "spring": ("train", "tune", "test", "sealed", "blind", "final", "fresh"),
          "summer": ("train", "tune", "test", "sealed", "blind", "final", "fresh", "spring"),
          "autumn": ("train", "tune", "test", "sealed", "blind", "final", "fresh", "spring", "summer")}
#: The middle dots each split writes minority names with (the sealed split has no ・).
DOTS = {"sealed": "·•", "blind": "·•・", "final": "·•・", "fresh": "·•・", "spring": "·•・", "summer": "·•・",
        "autumn": "·•・"}
#: Situations a split has beyond the test split's (spring: chat logs, seating plans, nicknames).
OWN_SITUATIONS = {"spring": {"chat", "seating", "nickname"},
                  "summer": {"chat", "seating", "nickname", "award", "duty", "prose"},
                  "autumn": {"chat", "seating", "nickname", "award", "duty", "prose", "pickup", "club", "counsel"}}
#: Kinds of gold name a split has beyond the six every split has.
OWN_KINDS = {"spring": {"nickname"}, "summer": {"nickname", "doubled"}, "autumn": {"nickname", "doubled"}}
PAIRS = [(split, other) for split, others in BEFORE.items() for other in others]


def _name_chars(split: str) -> set[str]:
    v = VOCABULARIES[split]
    return set(v.pool) | set(_given_pool()[v.pool_part]) | set(v.given1)


def _minority_parts(names: tuple[str, ...]) -> set[str]:
    return {p for n in names for p in re.split("[·•・]", n)}


def _templates(split: str) -> set[str]:
    return {t for ts in VOCABULARIES[split].templates.values() for t in ts}


@pytest.mark.parametrize("split,other", PAIRS)
def test_the_vocabularies_are_disjoint_from_the_splits_before(split: str, other: str) -> None:
    mine, v = VOCABULARIES[split], VOCABULARIES[other]
    for field in ("compound", "given2", "wordnames", "english", "classes", "schools", "cues", "words", "org_suffixes"):
        assert not set(getattr(mine, field)) & set(getattr(v, field)), field
    assert not _name_chars(split) & _name_chars(other), "generated given names could coincide"
    assert not _minority_parts(mine.minority) & _minority_parts(v.minority)
    assert not _templates(split) & _templates(other)
    for kind, words in mine.negatives.items():
        assert not set(words) & {w for ws in v.negatives.values() for w in ws}, kind


@pytest.mark.parametrize("split,other", PAIRS)
def test_no_curated_given_name_can_be_generated_by_a_split_before(split: str, other: str) -> None:
    mine, v = VOCABULARIES[split], VOCABULARIES[other]
    pools = (set(v.pool), set(_given_pool()[v.pool_part]))
    for given in mine.given2:
        assert not any(given[0] in p and given[1] in p for p in pools), given
    assert not set(mine.given1) & set(v.given1)


@pytest.mark.parametrize("split", BEFORE)
def test_name_words_are_not_the_splits_own_hard_negative_words(split: str) -> None:
    assert VOCABULARIES[split].words
    assert not set(VOCABULARIES[split].wordnames) & set(VOCABULARIES[split].words)


@pytest.mark.parametrize("split", BEFORE)
def test_the_split_keeps_the_test_splits_situations(split: str) -> None:
    own = OWN_SITUATIONS.get(split, set())
    assert set(VOCABULARIES[split].templates) == set(VOCABULARIES["test"].templates) | own


@pytest.mark.parametrize("split", BEFORE)
def test_gold_spans_cover_their_text_and_every_kind_of_name_occurs(split: str) -> None:
    samples = generate(split, 3000)
    kinds = set()
    dots = set()
    for s in samples:
        for g in s.spans:
            assert s.text[g.start : g.end] == g.text
            kinds.add(g.tag)
            dots |= set(g.text) & set("·•・")
    assert kinds == {"common", "single", "compound", "word", "minority", "english"} | OWN_KINDS.get(split, set())
    assert dots == set(DOTS[split])
    assert generate(split, 50) == samples[:50]


@pytest.mark.parametrize("split", BEFORE)
def test_name_tune_refuses_the_split_before_building_anything(split: str) -> None:
    from bench import name_tune

    with pytest.raises(SystemExit):
        name_tune.main(["--split", split])


@pytest.mark.parametrize("split", BEFORE)
def test_bench_quality_reports_the_split_beside_the_others(split: str) -> None:
    from bench import quality

    name = f"school_{split}"
    assert name in quality.SCORED_SETS
    assert name in quality.DATASET_TITLES and name in quality.DATASET_NOTES


def test_adding_the_final_split_leaves_the_other_splits_word_lists_alone() -> None:
    """Every split's name-words are kept out of the rarer ordinary words of the sealed,
    blind and final splits; a final name-word from the sealed or blind band would have
    changed that split's corpus."""
    for other in ("sealed", "blind"):
        assert VOCABULARIES[other].word_freq is not None
        assert not set(VOCABULARIES["final"].wordnames) & set(VOCABULARIES[other].words), other


def test_adding_the_fresh_split_leaves_the_other_splits_word_lists_alone() -> None:
    """The fresh split's name-words are kept out of the sealed, blind and final word bands
    (a name-word is removed from every band, so one inside a band would change that corpus)."""
    for other in ("sealed", "blind", "final"):
        assert VOCABULARIES[other].word_freq is not None
        assert not set(VOCABULARIES["fresh"].wordnames) & set(VOCABULARIES[other].words), other


def test_the_fresh_splits_separators_and_tails_are_its_own() -> None:
    """Separators and tails are not in the disjointness table above (every split may write a
    name straight after its role word), so check the fresh split's non-empty ones here."""
    mine = VOCABULARIES["fresh"]
    for other in BEFORE["fresh"]:
        v = VOCABULARIES[other]
        assert not (set(mine.seps) & set(v.seps)) - {""}, other
        assert not (set(mine.tails) & set(v.tails)) - {""}, other


def test_adding_the_spring_split_leaves_the_other_splits_word_lists_alone() -> None:
    """The spring split's name-words are kept out of the sealed, blind, final and fresh word
    bands (a name-word is removed from every band, so one inside a band would change that corpus)."""
    for other in ("sealed", "blind", "final", "fresh"):
        assert VOCABULARIES[other].word_freq is not None
        assert not set(VOCABULARIES["spring"].wordnames) & set(VOCABULARIES[other].words), other


def test_the_spring_splits_separators_and_tails_are_its_own() -> None:
    mine = VOCABULARIES["spring"]
    for other in BEFORE["spring"]:
        v = VOCABULARIES[other]
        assert not (set(mine.seps) & set(v.seps)) - {""}, other
        assert not (set(mine.tails) & set(v.tails)) - {""}, other


def test_the_spring_splits_nicknames_are_a_prefix_and_one_character() -> None:
    v = VOCABULARIES["spring"]
    nicknames = [g.text for s in generate("spring", 2000) for g in s.spans if g.tag == "nickname"]
    assert len(nicknames) > 100
    assert {n[0] for n in nicknames} == set(v.nick_prefixes)
    for n in nicknames:
        assert len(n) == 2, n
        assert n[1] in v.surnames if n[0] == "老" else True, n


def test_only_the_spring_summer_and_autumn_splits_write_nicknames() -> None:
    for split in ("train", "tune", *BEFORE):
        has_slot = any("{k}" in t for t in _templates(split))
        assert has_slot == (split in ("spring", "summer", "autumn")), split


def test_the_summer_splits_nicknames_are_a_prefix_and_one_character_or_a_doubled_character() -> None:
    v = VOCABULARIES["summer"]
    spans = [g for s in generate("summer", 2000) for g in s.spans if g.tag in ("nickname", "doubled")]
    prefixed = [g.text for g in spans if g.tag == "nickname"]
    doubled = [g.text for g in spans if g.tag == "doubled"]
    assert len(prefixed) > 100 and len(doubled) > 40
    assert {n[0] for n in prefixed} == set(v.nick_prefixes)
    for n in prefixed:
        assert len(n) == 2, n
        assert n[1] in v.surnames if n[0] == "老" else True, n
    for n in doubled:
        assert len(n) == 2 and n[0] == n[1] and n[0] in v.doubled, n


def test_only_the_summer_and_autumn_splits_write_doubled_nicknames() -> None:
    assert VOCABULARIES["summer"].doubled and VOCABULARIES["autumn"].doubled
    assert all(not VOCABULARIES[s].doubled for s in VOCABULARIES if s not in ("summer", "autumn"))


def test_adding_the_summer_split_leaves_the_other_splits_word_lists_alone() -> None:
    """The summer split's name-words are kept out of every earlier word band (a name-word is
    removed from every band, so one inside a band would change that corpus)."""
    for other in ("sealed", "blind", "final", "fresh", "spring"):
        assert VOCABULARIES[other].word_freq is not None
        assert not set(VOCABULARIES["summer"].wordnames) & set(VOCABULARIES[other].words), other


def test_the_summer_splits_word_band_is_below_every_other_band_and_the_train_only_name_words() -> None:
    # bench.name_train_extra draws its name-words from jieba frequency 5 and up.
    low, high = VOCABULARIES["summer"].word_freq or (0, 0)
    assert high <= 3
    for other in ("sealed", "blind", "final", "fresh", "spring"):
        other_low, _ = VOCABULARIES[other].word_freq or (0, 0)
        assert high <= other_low, other


def test_no_summer_word_is_a_name_the_train_only_texts_could_draw() -> None:
    """Every word of a held-out split is kept out of bench.name_train_extra's generated names,
    so a new word such a name could spell would redraw it and change the training texts."""
    v = VOCABULARIES["summer"]
    strings = [*v.words, *v.wordnames, *(w for ws in v.negatives.values() for w in ws)]
    assert len(v.words) > 2000
    assert not [w for w in strings if _spelled_by_train_names(w)]


def test_the_summer_splits_separators_and_tails_are_its_own() -> None:
    mine = VOCABULARIES["summer"]
    for other in BEFORE["summer"]:
        v = VOCABULARIES[other]
        assert not (set(mine.seps) & set(v.seps)) - {""}, other
        assert not (set(mine.tails) & set(v.tails)) - {""}, other


def test_the_summer_splits_doubled_characters_are_no_earlier_splits_one_character_given_names() -> None:
    for other in BEFORE["summer"]:
        assert not set(VOCABULARIES["summer"].doubled) & set(VOCABULARIES[other].given1), other


#: The kinds of name the autumn split draws far more often than the splits before it, so that recall
#: per kind is measurable on one run of 2,000 texts.
WEAK_KINDS = ("compound", "minority", "doubled", "nickname", "word", "english")


def test_the_autumn_split_has_at_least_150_names_of_every_weak_kind() -> None:
    kinds = Counter(g.tag for s in generate("autumn", 2000) for g in s.spans)
    for kind in WEAK_KINDS:
        assert kinds[kind] >= 150, kind
    assert kinds["common"] + kinds["single"] > sum(kinds[k] for k in WEAK_KINDS)


def test_the_autumn_split_draws_the_weak_kinds_more_often_than_summer() -> None:
    autumn, summer = VOCABULARIES["autumn"], VOCABULARIES["summer"]
    assert autumn.compound_rate > summer.compound_rate
    assert autumn.minority_rate > summer.minority_rate
    assert autumn.wordname_rate > summer.wordname_rate
    assert autumn.doubled_rate > summer.doubled_rate
    assert all(VOCABULARIES[s].minority_rate == 0.02 and VOCABULARIES[s].doubled_rate == 0.3
               for s in VOCABULARIES if s != "autumn")


def test_the_autumn_splits_nicknames_are_a_prefix_and_one_character_or_a_doubled_character() -> None:
    v = VOCABULARIES["autumn"]
    spans = [g for s in generate("autumn", 2000) for g in s.spans if g.tag in ("nickname", "doubled")]
    prefixed = [g.text for g in spans if g.tag == "nickname"]
    doubled = [g.text for g in spans if g.tag == "doubled"]
    assert {n[0] for n in prefixed} == set(v.nick_prefixes)
    for n in prefixed:
        assert len(n) == 2, n
        assert n[1] in v.surnames if n[0] in ("老", "大") else True, n
    for n in doubled:
        assert len(n) == 2 and n[0] == n[1] and n[0] in v.doubled, n


def test_the_autumn_splits_ordinary_words_are_four_characters_and_no_earlier_splits() -> None:
    v = VOCABULARIES["autumn"]
    assert len(v.words) > 2000 and all(len(w) == 4 for w in v.words)
    assert all(len(w) <= 3 for s in BEFORE["autumn"] if VOCABULARIES[s].word_freq for w in VOCABULARIES[s].words)


def test_adding_the_autumn_split_leaves_the_other_splits_word_lists_alone() -> None:
    for other in ("sealed", "blind", "final", "fresh", "spring", "summer"):
        assert VOCABULARIES[other].word_freq is not None
        assert not set(VOCABULARIES["autumn"].wordnames) & set(VOCABULARIES[other].words), other


def test_no_autumn_word_is_a_name_the_train_only_texts_could_draw() -> None:
    v = VOCABULARIES["autumn"]
    strings = [*v.words, *v.wordnames, *(w for ws in v.negatives.values() for w in ws)]
    assert not [w for w in strings if _spelled_by_train_names(w)]


@pytest.mark.parametrize("split", ["autumn"])
def test_the_autumn_splits_separators_tails_and_doubled_characters_are_its_own(split: str) -> None:
    mine = VOCABULARIES[split]
    for other in BEFORE[split]:
        v = VOCABULARIES[other]
        assert not (set(mine.seps) & set(v.seps)) - {""}, other
        assert not (set(mine.tails) & set(v.tails)) - {""}, other
        assert not set(mine.doubled) & (set(v.given1) | set(v.doubled)), other
        assert not set(mine.minority) & set(v.minority), other


def _digest(samples: Sequence[Sample]) -> str:
    h = hashlib.sha256()
    for s in samples:
        h.update(s.text.encode() + b"\0")
        for g in s.spans:
            h.update(f"{g.entity}|{g.start}|{g.end}|{g.text}|{g.tag}\0".encode())
    return h.hexdigest()


#: sha256 of 2,000 texts of each split (text and gold spans) and of the train-only extra texts and
#: name-words, taken on main 9f52308 before the summer split was added (summer's own on r17-splits;
#: all unchanged on main d0e51ea, when the autumn split was added on r19-splits with its own).
PINNED = {
    "train": "78caa5ec704d4e117c5ae6ea32973e5b02a2fb8b96fa68d16c696b4f5fa1ce6f",
    "test": "7d943ccda5d70aa80dc548ea25c622c4a8669ce955bdcdd06a765a13bdc64b72",
    "tune": "b87ce39fd50ca31e64e962db3a88645a56c47d2a97a0ebafdd6c16850f3d7248",
    "sealed": "217c24067a7e117c5a76110c074a007fabe0902ab7df900506265fc9ae96d97b",
    "blind": "390922af6a36a3fb545abea44f3c3b8cd5b9982e540eeccf2b6072337cb8b4cf",
    "final": "3d7c7dfa0b18b53b0b72c46dcb230174604eff839e41743db169aab306405135",
    "fresh": "06a62b2637fb5917c9f2d787b092edad5f42ee329448c96bfe6bd0c7caecaecc",
    "spring": "cce593ea6b630852f905f2634039f45e19784bd2570b27aa5046e21f62d053e5",
    "summer": "39fd0fc760a85d1411db6b9f560960ba3da843fb7bb70f9a431137e1031ad47d",
    "autumn": "4125a8a7223a29e35e12f8d4493f6c14cb63323f11796ce1086ba86380d00a6a",
}
EXTRA_PINNED = "64c9491b39fcd68835f9930ee7d245494395508c2b80562aa31acefcc876a227"
WORDNAMES_PINNED = "f0f588c1977d7bdac485d26ee136031075ea040cecf117262c70bd13efb07546"


@pytest.mark.parametrize("split", PINNED)
def test_every_splits_texts_are_as_pinned(split: str) -> None:
    assert set(PINNED) == set(VOCABULARIES)
    assert _digest(generate(split, 2000)) == PINNED[split]


def test_the_train_only_extra_texts_and_name_words_are_as_pinned() -> None:
    from bench.name_train_extra import generate_extra, train_wordnames

    assert hashlib.sha256("\0".join(train_wordnames()).encode()).hexdigest() == WORDNAMES_PINNED
    assert _digest(generate_extra()) == EXTRA_PINNED
