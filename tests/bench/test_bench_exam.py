"""Unit tests for the pure parts of `bench exam`: the query variants and the paste builders."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from bench.exam import (
    EDIT_CLASSES,
    CmmluItem,
    apply_edit,
    change_digits,
    docx_round_trip,
    drop_every_tenth,
    filler,
    first_share,
    mixed_edit,
    numbered_list,
    ocr_lookalikes,
    paraphrase,
    reorder_options,
    same_question,
    space_formulas,
    swap_option_markers,
    synthetic_items,
    to_fullwidth,
    vary_punctuation,
    vary_whitespace,
)
from detectors.stores.exam_bank import normalise

ITEM = "1. （5 分）已知集合 A={x|x≤2}，则 A∩B=（ ）\nA. {0,2}\nB. [0,2]\nC．(0,2)\nD、{0,1,2}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A. 甲\nB．乙\nC、丙", "(A) 甲\n(B)乙\n(C)丙"),
        ("(A) 甲 （B）乙", "A． 甲 B．乙"),
        ("A .  spaced", "(A)  spaced"),
        ("USA. and ABCD. stay", "USA. and ABCD. stay"),
        ("E. is not an option letter", "E. is not an option letter"),
    ],
    ids=["dot-fullwidth-dot-comma", "parentheses-to-dots", "space-before-dot", "after-a-letter", "letter-E"],
)
def test_option_markers_are_swapped_between_dotted_and_parenthesised(text: str, expected: str) -> None:
    assert swap_option_markers(text) == expected


def test_swapping_option_markers_twice_restores_the_parenthesised_form() -> None:
    assert swap_option_markers(swap_option_markers("(A) 甲 (B) 乙")) == "(A) 甲 (B) 乙"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x=2y+1", "x = 2 y + 1"),
        ("a^2-b/3", "a ^ 2 - b / 3"),
        ("6×7÷2", "6 × 7 ÷ 2"),
        ("3x", "3 x"),
        ("已知 f(x)=x  +  1", "已知 f(x) = x + 1"),
    ],
    ids=["equals-plus-digit-letter", "caret-minus-slash", "times-divide", "digit-then-letter",
         "existing-spaces"],
)
def test_formula_spacing_puts_one_space_around_operators_and_between_digits_and_letters(
    text: str, expected: str
) -> None:
    assert space_formulas(text) == expected


def test_fullwidth_turns_ascii_letters_and_digits_into_fullwidth_and_leaves_the_rest() -> None:
    assert to_fullwidth("Ab9，x+1 中") == "Ａｂ９，ｘ+１ 中"


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: vary_whitespace(t, random.Random(1)),
        lambda t: vary_punctuation(t, random.Random(1)),
        to_fullwidth,
        swap_option_markers,
        space_formulas,
    ],
    ids=["whitespace", "punctuation", "fullwidth", "options", "formula_spacing"],
)
def test_every_edit_variant_changes_the_text_but_not_its_bank_normal_form(
    variant: Callable[[str], str]
) -> None:
    changed = variant(ITEM)
    assert changed != ITEM
    assert normalise(changed)[0] == normalise(ITEM)[0]


def test_whitespace_variant_removes_all_existing_whitespace_before_inserting_its_own() -> None:
    out = vary_whitespace("a b\nc\td", random.Random(7), rate=0.0)
    assert out == "abcd"


def test_punctuation_variant_swaps_chinese_and_ascii_punctuation_when_nothing_is_dropped() -> None:
    assert vary_punctuation("甲，乙. (丙)？", random.Random(3), drop=0.0) == "甲,乙。 （丙）?"


def test_punctuation_variant_drops_every_mark_when_asked_to() -> None:
    assert vary_punctuation("甲，乙。丙!", random.Random(3), drop=1.0) == "甲乙丙"


def test_variants_with_a_random_generator_are_deterministic_for_a_seed() -> None:
    assert vary_whitespace(ITEM, random.Random(5)) == vary_whitespace(ITEM, random.Random(5))
    assert vary_punctuation(ITEM, random.Random(5)) == vary_punctuation(ITEM, random.Random(5))


def test_docx_round_trip_keeps_every_line_of_the_item_and_drops_control_characters() -> None:
    out = docx_round_trip("1. 已知 x=2\x0b，求 y\nA. 1\nB. 2")
    # extract_text also reads the document's properties and app metadata python-docx writes
    # (r19-probe: every text part of the package is read), before and after the body.
    assert "1. 已知 x=2，求 y\nA. 1\nB. 2\n" in out + "\n" and "\x0b" not in out


def test_filler_is_exactly_the_requested_size_and_made_of_the_pool() -> None:
    pool = ["请写一首诗", "翻译这句话"]
    out = filler(pool, random.Random(2), 23)
    assert len(out) == 23
    assert set(out) <= set("".join(pool) + "\n")


def test_numbered_list_renumbers_items_and_puts_the_score_mark_after_the_number() -> None:
    assert numbered_list(["3. 甲题", "乙题"], "（5分）") == "1. （5分）甲题\n2. （5分）乙题"


def test_cmmlu_item_is_formatted_as_a_numbered_question_with_four_option_lines() -> None:
    item = CmmluItem("下列正确的是", ("甲", "乙", "丙", "丁"))
    assert item.format(2) == "2. 下列正确的是\nA. 甲\nB. 乙\nC. 丙\nD. 丁"
    assert item.format().startswith("下列正确的是\nA. 甲")


def test_synthetic_items_are_distinct_and_between_100_and_400_characters() -> None:
    texts = [f"第{i}句话说的是一件相当具体的事情。" for i in range(300)]
    items = synthetic_items(texts, 50, random.Random(4))
    assert len(items) == len(set(items)) == 50
    assert all(100 <= len(i) <= 400 for i in items)


MATHS = "3．一辆汽车每小时行驶65千米，4小时后距离乙地还有140千米，甲乙两地相距多少千米？"
CHOICE = "下列关于光合作用的叙述，正确的是（  ）\nA．只在白天进行\nB．叶绿体是场所\nC．产物只有氧气\nD．不需要二氧化碳"


def test_every_digit_is_changed_and_nothing_else() -> None:
    out = change_digits(MATHS, random.Random(1))
    assert out is not None and len(out) == len(MATHS)
    assert all((a == b) != a.isdigit() for a, b in zip(MATHS, out))


def test_an_item_without_digits_has_no_digit_edit() -> None:
    assert change_digits("下列说法正确的是", random.Random(1)) is None


def test_every_tenth_letter_digit_or_hanzi_is_dropped_and_punctuation_is_kept() -> None:
    out = drop_every_tenth(MATHS, random.Random(2))
    assert sum(c.isalnum() for c in MATHS) - sum(c.isalnum() for c in out) == sum(c.isalnum() for c in MATHS) // 10
    assert [c for c in out if not c.isalnum()] == [c for c in MATHS if not c.isalnum()]


def test_ocr_edit_replaces_about_five_percent_of_the_visible_characters() -> None:
    text = "已知人们在土地上种植大量的树木，" * 5
    out = ocr_lookalikes(text, random.Random(3))
    assert len(out) == len(text)
    assert sum(a != b for a, b in zip(text, out)) == round(0.05 * len(text))


def test_first_share_is_the_opening_sixty_percent() -> None:
    assert first_share("一二三四五六七八九十") == "一二三四五六"


def test_paraphrase_replaces_two_or_three_words() -> None:
    out = paraphrase("已知下列说法正确，请分析作者表达的情感。", random.Random(4))
    assert out is not None and out != "已知下列说法正确，请分析作者表达的情感。"


def test_options_are_reordered_under_the_same_letters() -> None:
    out = reorder_options(CHOICE, random.Random(5))
    assert out is not None and out != CHOICE
    assert out.startswith("下列关于光合作用的叙述")
    assert sorted(out.split("\n")[1:]) != sorted(CHOICE.split("\n")[1:])
    assert [line[:2] for line in out.split("\n")[1:]] == ["A．", "B．", "C．", "D．"]
    assert sorted(line[2:] for line in out.split("\n")[1:]) == sorted(line[2:] for line in CHOICE.split("\n")[1:])


def test_an_item_without_options_is_not_reordered() -> None:
    assert reorder_options(MATHS, random.Random(5)) is None


def test_mixed_edit_applies_two_edits() -> None:
    out = mixed_edit(MATHS, random.Random(6))
    assert out is not None and out != MATHS


@pytest.mark.parametrize("edit", EDIT_CLASSES)
def test_every_edit_class_is_deterministic_for_a_seed(edit: str) -> None:
    assert apply_edit(edit, CHOICE + MATHS, random.Random(7)) == apply_edit(edit, CHOICE + MATHS, random.Random(7))


@pytest.mark.parametrize(
    ("item", "query", "same"),
    [
        (MATHS, MATHS.replace("65", "70").replace("140", "12"), True),
        (MATHS, "老师请讲讲：" + MATHS + "谢谢", True),
        (MATHS, "一辆货车每小时行驶60千米，3小时到达，两城相距多少千米？", False),
    ],
    ids=["new numbers", "embedded", "another problem"],
)
def test_same_question_judge_reads_numbers_as_one_class(item: str, query: str, same: bool) -> None:
    assert same_question(item, query) is same
