"""Unit tests for the pure parts of `bench quality`: evasion spans, BMES parsing, matching."""

from __future__ import annotations

import random
import unicodedata

import pytest

from bench.evaldata import Sample, Span, parse_bmes
from bench.evasion import (
    KINDS_BY_ENTITY,
    build_cases,
    luhn_valid,
    make_unionpay_cards,
    obfuscate,
)
from bench.scoring import (
    Counts,
    covered_fraction,
    gold_found,
    pred_correct,
    score_sample,
)

IDS = ["110101199003071234", "32010620030512678X"]
PHONES = ["13812345678", "15912345678"]
EMAILS = ["zhangsan@163.com"]
_ZERO_WIDTH = "\u200b"
_CN = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
       "六": "6", "七": "7", "八": "8", "九": "9"}


def _digits_of(s: str) -> str:
    """Undo the obfuscations: NFKC, drop zero-width, map Chinese numerals, keep digits/X."""
    s = unicodedata.normalize("NFKC", s).replace(_ZERO_WIDTH, "")
    s = "".join(_CN.get(c, c) for c in s)
    return "".join(c for c in s if c.isdigit() or c in "Xx")


# --------------------------------------------------------------------------- evasion


def test_every_evasion_case_has_its_gold_span_exactly_around_the_obfuscated_value() -> None:
    cases = build_cases(IDS, PHONES, EMAILS, n_cards=3, seed=7)
    assert cases
    for case in cases:
        obf = case.text[case.start : case.end]
        assert obf == case.obfuscated
        assert obf.strip() == obf, "the gold span has no surrounding spaces"
        if case.entity == "EMAIL_ADDRESS":
            assert unicodedata.normalize("NFKC", obf).replace(_ZERO_WIDTH, "") == case.value
            continue
        digits = _digits_of(obf)
        if digits != case.value:  # a country prefix is part of the obfuscated value
            assert case.entity == "PHONE_NUMBER"
            assert case.kind in ("prefix_+86", "prefix_0086", "mixed")
            assert digits in ("86" + case.value, "0086" + case.value)


def test_every_entity_gets_every_variant_kind_once_per_value() -> None:
    cases = build_cases(IDS, PHONES, EMAILS, n_cards=2, seed=1)
    sources = {"CN_RESIDENT_ID": 2, "PHONE_NUMBER": 2, "EMAIL_ADDRESS": 1, "BANK_CARD": 2}
    for entity, kinds in KINDS_BY_ENTITY.items():
        for kind in kinds:
            n = sum(1 for c in cases if c.entity == entity and c.kind == kind)
            assert n == sources[entity]


def test_the_same_seed_builds_the_same_cases_and_another_seed_differs() -> None:
    a = build_cases(IDS, PHONES, EMAILS, n_cards=2, seed=3)
    assert a == build_cases(IDS, PHONES, EMAILS, n_cards=2, seed=3)
    assert a != build_cases(IDS, PHONES, EMAILS, n_cards=2, seed=4)


def test_full_width_digits_round_trip_through_nfkc() -> None:
    obf = obfuscate("13812345678", "PHONE_NUMBER", "fullwidth", random.Random(0))
    assert obf == "１３８１２３４５６７８"
    assert unicodedata.normalize("NFKC", obf) == "13812345678"


def test_zero_width_variant_puts_a_zero_width_space_between_every_two_digits() -> None:
    obf = obfuscate("13812345678", "PHONE_NUMBER", "zero_width", random.Random(0))
    assert obf == _ZERO_WIDTH.join("13812345678")


def test_chinese_numeral_variant_uses_only_chinese_numerals_for_digits() -> None:
    obf = obfuscate("110101199003071234", "CN_RESIDENT_ID", "chinese_numerals", random.Random(0))
    assert all(c in _CN for c in obf)
    assert _digits_of(obf) == "110101199003071234"


def test_synthetic_unionpay_cards_start_with_62_have_16_to_19_digits_and_pass_luhn() -> None:
    cards = make_unionpay_cards(50, random.Random(5))
    assert len(set(cards)) == 50
    for card in cards:
        assert card.startswith("62") and 16 <= len(card) <= 19
        assert luhn_valid(card)
        assert not luhn_valid(card[:-1] + str((int(card[-1]) + 1) % 10))


def test_luhn_accepts_a_known_valid_test_number() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")


def test_prefix_variants_put_the_prefix_inside_the_gold_span() -> None:
    cases = build_cases([], PHONES, [], n_cards=0, seed=2)
    for case in cases:
        if case.kind == "prefix_+86":
            assert case.obfuscated.startswith(("+86", "(+86)"))
        if case.kind == "prefix_0086":
            assert case.obfuscated.startswith("0086")
        assert case.text[case.start - 1 : case.start] not in ("+", "0")


# --------------------------------------------------------------------------- Resume BMES

BMES_SAMPLE = """\
吴 B-NAME
重 M-NAME
阳 E-NAME
， O
中 B-CONT
国 E-CONT

张 S-NAME
三 O
在 O
北 B-ORG
大 E-ORG
"""


def test_bmes_parser_splits_sentences_on_blank_lines_and_builds_exclusive_spans() -> None:
    sentences = parse_bmes(BMES_SAMPLE.splitlines(keepends=True))
    assert [text for text, _ in sentences] == ["吴重阳，中国", "张三在北大"]
    assert sentences[0][1] == [("NAME", 0, 3), ("CONT", 4, 6)]
    assert sentences[1][1] == [("NAME", 0, 1), ("ORG", 3, 5)]


def test_bmes_parser_closes_an_entity_left_open_at_the_end_of_a_sentence() -> None:
    sentences = parse_bmes(["李 B-NAME\n", "四 M-NAME\n", "\n", "好 O\n"])
    assert sentences == [("李四", [("NAME", 0, 2)]), ("好", [])]


def test_bmes_parser_starts_a_new_entity_when_the_label_changes_mid_chain() -> None:
    sentences = parse_bmes(["王 B-NAME", "五 M-ORG", "厂 E-ORG"])
    assert sentences == [("王五厂", [("NAME", 0, 1), ("ORG", 1, 3)])]


# --------------------------------------------------------------------------- matching


class Pred:
    """A stand-in for the engine's Finding (only what scoring reads)."""

    def __init__(self, entity: str, start: int, end: int, text: str = "") -> None:
        self.entity, self.start, self.end, self.text = entity, start, end, text


def _sample(*spans: Span, labelled: tuple[str, ...] = ("PERSON", "PHONE_NUMBER")) -> Sample:
    return Sample("t", "0", "x" * 40, tuple(spans), frozenset(labelled))


def test_a_gold_span_half_covered_by_the_same_type_counts_as_found() -> None:
    gold = Span("PHONE_NUMBER", 10, 20, "")
    assert gold_found(gold, [Pred("PHONE_NUMBER", 15, 25)])
    assert not gold_found(gold, [Pred("PHONE_NUMBER", 16, 25)])


def test_coverage_is_the_union_of_several_predictions_without_double_counting() -> None:
    gold = Span("PHONE_NUMBER", 0, 10, "")
    preds = [Pred("PHONE_NUMBER", 0, 3), Pred("PHONE_NUMBER", 2, 4), Pred("PHONE_NUMBER", 8, 12)]
    assert covered_fraction(gold, preds) == pytest.approx(0.6)


def test_a_prediction_of_another_type_neither_finds_gold_nor_counts_as_correct() -> None:
    gold = Span("PHONE_NUMBER", 10, 20, "")
    wrong_type = Pred("BANK_CARD", 10, 20)
    assert not gold_found(gold, [wrong_type])
    assert not pred_correct(wrong_type, [gold])


def test_any_overlap_with_same_type_gold_makes_a_prediction_correct() -> None:
    gold = Span("PERSON", 5, 8, "")
    assert pred_correct(Pred("PERSON", 7, 30), [gold])
    assert not pred_correct(Pred("PERSON", 8, 30), [gold])


def test_only_labelled_types_are_scored_for_a_sample() -> None:
    sample = _sample(Span("PERSON", 0, 3, ""), labelled=("PERSON",))
    counts = score_sample(sample, [Pred("PERSON", 0, 3), Pred("ADDRESS", 5, 9)])
    assert set(counts) == {"PERSON"}
    assert counts["PERSON"] == Counts(gold=1, found=1, predicted=1, correct=1)


def test_precision_recall_and_f1_follow_from_the_counts() -> None:
    sample = _sample(Span("PERSON", 0, 3, ""), Span("PERSON", 10, 13, ""))
    counts = score_sample(sample, [Pred("PERSON", 0, 3), Pred("PERSON", 20, 22)])["PERSON"]
    assert counts == Counts(gold=2, found=1, predicted=2, correct=1)
    assert counts.precision == 0.5 and counts.recall == 0.5 and counts.f1 == 0.5
    assert score_sample(sample, [])["PHONE_NUMBER"].precision is None
