"""The school corpus's blind split shares nothing but single-character surnames with the
train, tune, test and sealed splits, and its gold spans sit on the names."""

from __future__ import annotations

import re

import pytest

from bench.schoolcorpus import VOCABULARIES, _given_pool, generate

OTHERS = ("train", "tune", "test", "sealed")
BLIND = VOCABULARIES["blind"]


def _name_chars(split: str) -> set[str]:
    v = VOCABULARIES[split]
    return set(v.pool) | set(_given_pool()[v.pool_part]) | set(v.given1)


def _minority_parts(names: tuple[str, ...]) -> set[str]:
    return {p for n in names for p in re.split("[·•・]", n)}


def _templates(split: str) -> set[str]:
    return {t for ts in VOCABULARIES[split].templates.values() for t in ts}


@pytest.mark.parametrize("other", OTHERS)
def test_the_blind_vocabularies_are_disjoint_from_the_other_splits(other: str) -> None:
    v = VOCABULARIES[other]
    assert not set(BLIND.compound) & set(v.compound)
    assert not set(BLIND.given2) & set(v.given2)
    assert not _name_chars("blind") & _name_chars(other), "generated given names could coincide"
    assert not set(BLIND.wordnames) & set(v.wordnames)
    assert not _minority_parts(BLIND.minority) & _minority_parts(v.minority)
    assert not set(BLIND.english) & set(v.english)
    assert not set(BLIND.classes) & set(v.classes)
    assert not set(BLIND.schools) & set(v.schools)
    assert not set(BLIND.cues) & set(v.cues)
    assert not set(BLIND.words) & set(v.words)
    assert not set(BLIND.org_suffixes) & set(v.org_suffixes)
    assert not _templates("blind") & _templates(other)
    for kind, words in BLIND.negatives.items():
        assert not set(words) & {w for ws in v.negatives.values() for w in ws}, kind


@pytest.mark.parametrize("other", OTHERS)
def test_no_curated_blind_given_name_can_be_generated_by_another_split(other: str) -> None:
    v = VOCABULARIES[other]
    pools = (set(v.pool), set(_given_pool()[v.pool_part]))
    for given in BLIND.given2:
        assert not any(given[0] in p and given[1] in p for p in pools), given
    assert not set(BLIND.given1) & set(v.given1)


def test_blind_name_words_are_not_its_hard_negative_words() -> None:
    assert BLIND.words
    assert not set(BLIND.wordnames) & set(BLIND.words)


def test_the_blind_split_keeps_the_test_splits_situations() -> None:
    assert set(BLIND.templates) == set(VOCABULARIES["test"].templates)


def test_blind_gold_spans_cover_their_text_and_every_kind_of_name_occurs() -> None:
    samples = generate("blind", 3000)
    kinds = set()
    dots = set()
    for s in samples:
        for g in s.spans:
            assert s.text[g.start : g.end] == g.text
            kinds.add(g.tag)
            dots |= set(g.text) & set("·•・")
    assert kinds == {"common", "single", "compound", "word", "minority", "english"}
    assert dots == set("·•・")
    assert generate("blind", 50) == samples[:50]


def test_name_tune_refuses_the_blind_split_before_building_anything() -> None:
    from bench import name_tune

    with pytest.raises(SystemExit):
        name_tune.main(["--split", "blind"])


def test_bench_quality_reports_the_blind_split_beside_the_others() -> None:
    from bench import quality

    assert "school_blind" in quality.SCORED_SETS
    assert "school_blind" in quality.DATASET_TITLES and "school_blind" in quality.DATASET_NOTES
