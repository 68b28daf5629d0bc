"""The school corpus's held-out splits written after the name model was tuned (sealed, blind,
final, fresh, then spring) each share nothing but single-character surnames with every split written before
them, and their gold spans sit on the names."""

from __future__ import annotations

import re

import pytest

from bench.schoolcorpus import VOCABULARIES, _given_pool, generate

#: Each held-out split and the splits written before it.
BEFORE = {"sealed": ("train", "tune", "test"), "blind": ("train", "tune", "test", "sealed"),
          "final": ("train", "tune", "test", "sealed", "blind"),
          "fresh": ("train", "tune", "test", "sealed", "blind", "final"),
          "spring": ("train", "tune", "test", "sealed", "blind", "final", "fresh")}
#: The middle dots each split writes minority names with (the sealed split has no ・).
DOTS = {"sealed": "·•", "blind": "·•・", "final": "·•・", "fresh": "·•・", "spring": "·•・"}
#: Situations a split has beyond the test split's (spring: chat logs, seating plans, nicknames).
OWN_SITUATIONS = {"spring": {"chat", "seating", "nickname"}}
#: Kinds of gold name a split has beyond the six every split has.
OWN_KINDS = {"spring": {"nickname"}}
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


def test_only_the_spring_split_writes_nicknames() -> None:
    for split in ("train", "tune", *BEFORE):
        has_slot = any("{k}" in t for t in _templates(split))
        assert has_slot == (split == "spring"), split
