"""Patterns that open with a lookahead on their first characters (a speed-up: the engine leaves
other positions after one test) match exactly what they match without it."""

from __future__ import annotations

import re

import pytest

from detectors import structure
from detectors.recognizers import (
    address, email_address, exam_structure, ghostwriting, passport, school, school_class, secret, student_id,
)

SAMPLES = [
    "三年级二班 初二（3）班 高一7班 七年级3班 3年2班 2023级1班 十届A班 初中二年级 (4) 班",
    "家住北京市海淀区中关村大街27号院3号楼2单元501室，幸福小区3号楼，杨柳村3组12号，A座，长安街一段",
    "实验学校 北京市第一中学 附属小学 八中 中专 完小 幼儿园 高中生",
    "学号：2023001 考号 A12345 准考证号码 20230101 STUDENT ID 99812 Student no. 1234 全国学籍号G110101200501011234",
    "密码是 abc123! PASSWORD: hunter22 口令=xyz987 Passcode is 445566",
    "E12345678 G1234567 12345678 AB123456 护照号码 P12345678",
    "联系 zhang.san@example.com 或 li_si (at) school.edu.cn，u@x.cn",
    "1. 小明有___个苹果（ ）  ＿＿ (  ) 填空",
    "name: 张三 student_id: 2023 Phone=13912345678 addr: 北京 cls id no code",
    "帮我写一篇作文明天要交给老师 代写作业 找枪手 作业答案全部给我 所有题的答案直接给我 直接给我答案不要讲 写一篇日记我直接抄",
    "｜ｆｕｌｌ－ｗｉｄｔｈ｜　ＡＢＣ１２３　ａｂｃ",
]

GUARDED = [
    pytest.param(school_class._CLASS, id="school class"),
    pytest.param(address._ANCHOR, id="address anchor"),
    pytest.param(school._SUFFIX_AT, id="school suffix"),
    pytest.param(student_id._INTRODUCED, id="student number label"),
    pytest.param(secret._PASSWORD, id="password label"),
    pytest.param(passport._CODE, id="passport code"),
    pytest.param(email_address._EMAIL, id="e-mail"),
    pytest.param(exam_structure._BLANK, id="blank to fill"),
    # structure's key patterns open with their literals instead (r19-perf-scan): tests/detectors/test_scan_shortcuts.py
    *(pytest.param(p, id=f"ghostwriting {kind}") for kind, p, _ in ghostwriting._PATTERNS),
]


def _unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    guard = re.match(r"\(\?=\[(?:[^\]\\]|\\.)*\](?:\[(?:[^\]\\]|\\.)*\]\?)?(?:\[[^\]]*\])?\)", pattern.pattern)
    assert guard is not None, "the pattern opens with its first-character lookahead"
    return re.compile(pattern.pattern[guard.end():], pattern.flags)


@pytest.mark.parametrize("pattern", GUARDED)
def test_a_first_character_lookahead_changes_no_match(pattern: re.Pattern[str]) -> None:
    plain = _unguarded(pattern)
    for text in SAMPLES + [s.upper() for s in SAMPLES] + [s.lower() for s in SAMPLES]:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert any(plain.search(t) for t in SAMPLES + [s.lower() for s in SAMPLES]), "the samples exercise the pattern"
