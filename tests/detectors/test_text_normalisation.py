"""Unit tests for the normalised views and their offset map."""

from __future__ import annotations

import pytest

from detectors.text import ScanText


def test_full_width_digits_become_ascii_in_the_norm_view() -> None:
    t = ScanText("电话１３８")
    assert t.norm == "电话138"


def test_zero_width_characters_are_removed_and_offsets_map_back() -> None:
    original = "号1\u200b3\u200c8"
    t = ScanText(original)
    assert t.norm == "号138"
    start, end = t.span(1, 4)
    assert original[start:end] == "1\u200b3\u200c8"


def test_chinese_numerals_read_as_digits_only_in_long_runs() -> None:
    t = ScanText("三年级二班，电话一三九一二三四五六七八")
    assert t.digits.endswith("13912345678")
    assert t.digits.startswith("三年级二班")
    assert len(t.digits) == len(t.norm)


@pytest.mark.parametrize(
    "original",
    ["ｂａｉ＠１６３．ｃｏｍ", "a\u200bb", "㈠㈡ test", "Ⅻ号", "①②③"],
    ids=["full-width", "zero-width", "parenthesised", "roman", "circled"],
)
def test_every_norm_character_maps_into_the_original(original: str) -> None:
    t = ScanText(original)
    assert len(t.norm_to_orig) == len(t.norm) + 1
    assert all(0 <= i <= len(original) for i in t.norm_to_orig)


@pytest.mark.parametrize(
    "separator", ["\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f"],
    ids=["NUL (a JSON \\u0000 escape)", "SOH", "vertical tab", "form feed", "escape", "delete"],
)
def test_control_characters_between_digits_are_removed_and_offsets_map_back(separator: str) -> None:
    original = "号" + separator.join("138")
    t = ScanText(original)
    assert t.norm == "号138"
    start, end = t.span(1, 4)
    assert original[start:end] == separator.join("138")


def test_tabs_and_line_breaks_stay_in_the_norm_view() -> None:
    assert ScanText("a\tb\nc\r\nd").norm == "a\tb\nc\r\nd"


def test_the_views_are_the_per_character_mapping_whatever_the_mix() -> None:
    """`norm` replaces one kind of character at a time and `digits` translates a numeral run:
    both equal the character-by-character definitions on texts mixing every mapped character."""
    import random

    from detectors.text import _NUMERAL_RUN, _SINGLE, CHINESE_DIGITS, _normalise_char

    rnd = random.Random(7)
    pool = list(_SINGLE) + list(CHINESE_DIGITS) + list("0123456789 -\u3000\u200b…ﬁ①abc王，")
    for _ in range(300):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randrange(1, 40)))
        st = ScanText(text)
        assert st.norm == "".join(_normalise_char(c) for c in text)
        assert st.digits == _NUMERAL_RUN.sub(lambda m: "".join(CHINESE_DIGITS.get(c, c) for c in m.group()), st.norm)
    # Texts whose every change keeps the length (the one-pass fast path), with lone surrogates
    # and, now and then, one character outside the BMP or one that vanishes (the slow path).
    fast = list(_SINGLE)[::7] + list("王老师，（）：0123456789abc \n\t") + ["\ud800", "\udfff"]
    for i in range(300):
        chars = [rnd.choice(fast) for _ in range(rnd.randrange(0, 40))]
        if i % 3 == 0:
            chars.insert(rnd.randrange(len(chars) + 1), rnd.choice(["\U0001d400", "\u200b", "…", "\x00"]))
        text = "".join(chars)
        st = ScanText(text)
        assert st.norm == "".join(_normalise_char(c) for c in text), repr(text)
        assert list(st.norm_to_orig) == [i for i, c in enumerate(text) for _ in _normalise_char(c)] + [len(text)]
