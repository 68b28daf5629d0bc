"""The school roster: known names and numbers are always found; no plain text at rest."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from detectors import build_scanner
from detectors.errors import RosterError
from detectors.stores.roster import Roster, parse_roster_csv
from proxy.datadir import load_or_create_key

CSV = "姓名,学号,班级\n李白,20230101,三年级二班\n司马云舒,20230102,三年级二班\n艾力·买买提,S2023-0103,三年级二班\n".encode()


def test_roster_names_are_found_even_when_on_the_allow_list(tmp_path: Path) -> None:
    roster = Roster.from_entries(load_or_create_key(tmp_path / "k"), parse_roster_csv(CSV))
    scanner = build_scanner(roster=roster)
    found = scanner.scan("李白今天没交作业，司马云舒和艾力·买买提也没交。").findings
    assert [f.text for f in found if f.entity == "PERSON"] == ["李白", "司马云舒", "艾力·买买提"]


def test_roster_numbers_are_found_without_context(tmp_path: Path) -> None:
    roster = Roster.from_entries(load_or_create_key(tmp_path / "k"), parse_roster_csv(CSV))
    found = build_scanner(roster=roster).scan("请查一下 20230102 的成绩").findings
    assert [(f.entity, f.text) for f in found] == [("STUDENT_ID", "20230102")]


def test_roster_store_holds_no_plain_text_and_is_owner_only(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path / "roster.key")
    Roster.from_entries(key, parse_roster_csv(CSV)).save(tmp_path / "roster.json")
    stored = (tmp_path / "roster.json").read_bytes()
    for value in ("李白", "司马云舒", "20230101", "S2023-0103"):
        assert value.encode() not in stored
    assert stat.S_IMODE((tmp_path / "roster.key").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "roster.json").stat().st_mode) == 0o600
    loaded = Roster.load(tmp_path / "roster.json", key)
    assert loaded.find_names("找司马云舒") == [(1, 5)]


def test_roster_csv_errors_name_every_bad_line() -> None:
    bad = "姓名,学号\n王,1\n张三,2,extra\n李四\n".encode()
    with pytest.raises(RosterError, match=r"line 2: name has 1 characters.*line 4: 1 columns"):
        parse_roster_csv(bad, source="r.csv")


def test_roster_csv_without_a_name_column_is_rejected() -> None:
    with pytest.raises(RosterError, match="no name column"):
        parse_roster_csv(b"id,class\n1,2\n", source="r.csv")


def test_roster_csv_from_excel_in_gbk_is_accepted() -> None:
    entries = parse_roster_csv("姓名,学号\n王小明,1\n".encode("gb18030"))
    assert entries[0].name == "王小明"
