"""The school corpus's sealed split shares nothing but single-character surnames with
the train, tune and test splits, and its gold spans sit on the names."""

from __future__ import annotations

import re

import pytest

from bench.schoolcorpus import VOCABULARIES, _given_pool, generate

OTHERS = ("train", "tune", "test")
SEALED = VOCABULARIES["sealed"]


def _name_chars(split: str) -> set[str]:
    v = VOCABULARIES[split]
    return set(v.pool) | set(_given_pool()[v.pool_part]) | set(v.given1)


def _minority_parts(names: tuple[str, ...]) -> set[str]:
    return {p for n in names for p in re.split("[·•]", n)}


def _templates(split: str) -> set[str]:
    return {t for ts in VOCABULARIES[split].templates.values() for t in ts}


@pytest.mark.parametrize("other", OTHERS)
def test_the_sealed_vocabularies_are_disjoint_from_the_other_splits(other: str) -> None:
    v = VOCABULARIES[other]
    assert not set(SEALED.compound) & set(v.compound)
    assert not set(SEALED.given2) & set(v.given2)
    assert not _name_chars("sealed") & _name_chars(other), "generated given names could coincide"
    assert not set(SEALED.wordnames) & set(v.wordnames)
    assert not _minority_parts(SEALED.minority) & _minority_parts(v.minority)
    assert not set(SEALED.english) & set(v.english)
    assert not set(SEALED.classes) & set(v.classes)
    assert not set(SEALED.schools) & set(v.schools)
    assert not set(SEALED.cues) & set(v.cues)
    assert not set(SEALED.words) & set(v.words)
    assert not set(SEALED.org_suffixes) & set(v.org_suffixes)
    assert not _templates("sealed") & _templates(other)
    for kind, words in SEALED.negatives.items():
        assert not set(words) & {w for ws in v.negatives.values() for w in ws}, kind


@pytest.mark.parametrize("other", OTHERS)
def test_no_curated_sealed_given_name_can_be_generated_by_another_split(other: str) -> None:
    v = VOCABULARIES[other]
    pools = (set(v.pool), set(_given_pool()[v.pool_part]))
    for given in SEALED.given2:
        assert not any(given[0] in p and given[1] in p for p in pools), given
    assert not set(SEALED.given1) & set(v.given1)


def test_the_sealed_split_keeps_the_test_splits_situations() -> None:
    assert set(SEALED.templates) == set(VOCABULARIES["test"].templates)


def test_sealed_gold_spans_cover_their_text_and_every_kind_of_name_occurs() -> None:
    samples = generate("sealed", 3000)
    kinds = set()
    for s in samples:
        for g in s.spans:
            assert s.text[g.start : g.end] == g.text
            kinds.add(g.tag)
    assert kinds == {"common", "single", "compound", "word", "minority", "english"}
    assert generate("sealed", 50) == samples[:50]
