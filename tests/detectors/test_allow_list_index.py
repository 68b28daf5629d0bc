"""The allow list answers "which listed name starts here" by the first two characters."""

from __future__ import annotations

from typing import Any

import pytest

from detectors.resources import Resources


def _resources(names: list[str]) -> Resources:
    model: Any = None  # the name model plays no part in the allow-list lookup
    return Resources.build(model, names, [])


@pytest.mark.parametrize("names,text,pos,expected", [
    (["王羲之", "王安石", "王安"], "读王安石的诗", 1, 3),
    (["王羲之", "王安"], "王安的", 0, 2),
    (["王羲之"], "王羲", 0, 0),
    (["李白"], "和李白", 0, 0),
    (["李白"], "和李白", 1, 2),
    (["李白", "白"], "李白", 1, 1),
    (["鲁迅"], "鲁", 0, 0),
], ids=["longest of three", "a shorter one", "a listed name cut short", "not at this position",
        "at this position", "a one-character name", "text ends after one character"])
def test_the_longest_listed_name_at_a_position_is_found(names: list[str], text: str, pos: int, expected: int) -> None:
    assert _resources(names).allowed_length_at(text, pos) == expected


@pytest.mark.parametrize("names,text,start,end,expected", [
    (["杜甫"], "和杜甫一起", 1, 3, True),
    (["杜甫"], "读杜甫诗", 0, 2, True),
    (["欧阳修"], "欧阳修文", 2, 4, True),
    (["欧阳修"], "欧阳修文", 3, 4, False),
    (["李白"], "李白和王五", 3, 5, False),
    (["白"], "王白说", 0, 2, True),
    (["李白"], "李", 0, 1, False),
    ([], "王五说", 0, 2, False),
], ids=["starts inside", "starts at the start", "starts before, reaches in", "starts before, ends before",
        "elsewhere in the text", "a one-character name", "text ends after one character", "empty list"])
def test_an_allow_listed_name_overlapping_a_span_is_found_as_the_per_position_lookup_says(
    names: list[str], text: str, start: int, end: int, expected: bool,
) -> None:
    res = _resources(names)
    per_position = any(
        (n := res.allowed_length_at(text, pos)) and pos + n > start for pos in range(max(0, start - 3), end)
    )
    assert per_position == expected
    assert res.allowed_overlaps(text, start, end, 3, res.allow_starts(text)) == expected
