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
