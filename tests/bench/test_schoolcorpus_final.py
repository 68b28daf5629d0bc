"""The school corpus's final split shares nothing but single-character surnames with the
train, tune, test, sealed and blind splits, and its gold spans sit on the names."""

from __future__ import annotations

import re

import pytest

from bench.schoolcorpus import VOCABULARIES, _given_pool, generate

OTHERS = ("train", "tune", "test", "sealed", "blind")
FINAL = VOCABULARIES["final"]


def _name_chars(split: str) -> set[str]:
    v = VOCABULARIES[split]
    return set(v.pool) | set(_given_pool()[v.pool_part]) | set(v.given1)


def _minority_parts(names: tuple[str, ...]) -> set[str]:
    return {p for n in names for p in re.split("[·•・]", n)}


def _templates(split: str) -> set[str]:
    return {t for ts in VOCABULARIES[split].templates.values() for t in ts}


@pytest.mark.parametrize("other", OTHERS)
def test_the_final_vocabularies_are_disjoint_from_the_other_splits(other: str) -> None:
    v = VOCABULARIES[other]
    assert not set(FINAL.compound) & set(v.compound)
    assert not set(FINAL.given2) & set(v.given2)
    assert not _name_chars("final") & _name_chars(other), "generated given names could coincide"
    assert not set(FINAL.wordnames) & set(v.wordnames)
    assert not _minority_parts(FINAL.minority) & _minority_parts(v.minority)
    assert not set(FINAL.english) & set(v.english)
    assert not set(FINAL.classes) & set(v.classes)
    assert not set(FINAL.schools) & set(v.schools)
    assert not set(FINAL.cues) & set(v.cues)
    assert not set(FINAL.words) & set(v.words)
    assert not set(FINAL.org_suffixes) & set(v.org_suffixes)
    assert not _templates("final") & _templates(other)
    for kind, words in FINAL.negatives.items():
        assert not set(words) & {w for ws in v.negatives.values() for w in ws}, kind


@pytest.mark.parametrize("other", OTHERS)
def test_no_curated_final_given_name_can_be_generated_by_another_split(other: str) -> None:
    v = VOCABULARIES[other]
    pools = (set(v.pool), set(_given_pool()[v.pool_part]))
    for given in FINAL.given2:
        assert not any(given[0] in p and given[1] in p for p in pools), given
    assert not set(FINAL.given1) & set(v.given1)


def test_final_name_words_are_not_its_hard_negative_words() -> None:
    assert FINAL.words
    assert not set(FINAL.wordnames) & set(FINAL.words)


def test_the_final_split_keeps_the_test_splits_situations() -> None:
    assert set(FINAL.templates) == set(VOCABULARIES["test"].templates)


def test_final_gold_spans_cover_their_text_and_every_kind_of_name_occurs() -> None:
    samples = generate("final", 3000)
    kinds = set()
    dots = set()
    for s in samples:
        for g in s.spans:
            assert s.text[g.start : g.end] == g.text
            kinds.add(g.tag)
            dots |= set(g.text) & set("·•・")
    assert kinds == {"common", "single", "compound", "word", "minority", "english"}
    assert dots == set("·•・")
    assert generate("final", 50) == samples[:50]


def test_name_tune_refuses_the_final_split_before_building_anything() -> None:
    from bench import name_tune

    with pytest.raises(SystemExit):
        name_tune.main(["--split", "final"])


def test_bench_quality_reports_the_final_split_beside_the_others() -> None:
    from bench import quality

    assert "school_final" in quality.SCORED_SETS
    assert "school_final" in quality.DATASET_TITLES and "school_final" in quality.DATASET_NOTES


def test_adding_the_final_split_leaves_the_other_splits_word_lists_alone() -> None:
    """Every split's name-words are kept out of the rarer ordinary words of the sealed,
    blind and final splits; a final name-word from the sealed or blind band would have
    changed that split's corpus."""
    for other in ("sealed", "blind"):
        assert VOCABULARIES[other].word_freq is not None
        assert not set(FINAL.wordnames) & set(VOCABULARIES[other].words), other
