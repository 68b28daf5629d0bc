"""Nicknames (小王, 老李, 阿敏) found by the place they stand in, and the words of the same
shape (小心, 老师, 阿姨) that never are. Every example is written for this file; none comes
from an evaluation split."""

from __future__ import annotations

import pytest

from detectors import Scanner

from tests.conftest import spans


def _table(rows: list[tuple[str, list[str], str]]) -> list[object]:
    return [pytest.param(t, e, id=i) for t, e, i in rows]


PLACES = [
    ("课外小组\n小邓：周六几点到？\n韩露：八点，校门口", ["小邓", "韩露"], "a chat speaker"),
    ("老彭，下午的会改到三点了", ["老彭"], "a vocative opening a line"),
    ("亲爱的阿宁：生日快乐！", ["阿宁"], "after 亲爱的"),
    ("@小魏 表格发群里了吗", ["小魏"], "after @"),
    ("球队的人都叫他老邹，其实他才十五岁", ["老邹"], "a verb of calling"),
    ("麻烦提醒小葛，周三前交回执", ["小葛"], "a verb that takes a person, then punctuation"),
    ("帮我给阿岚写一段毕业寄语", ["阿岚"], "给, then a verb of writing"),
    ("老董和老鲁周末一起去钓鱼", ["老董", "老鲁"], "two nicknames joined by 和"),
    ("咱班小谭这次数学考了满分", ["小谭"], "a class word before it"),
    ("小尹今天又忘带红领巾了", ["小尹"], "the subject of a clause before a time word"),
    ("同桌小樊借了我一支笔", ["小樊"], "同桌 before it"),
    ("弟弟阿豪，周末来接你", ["阿豪"], "a kinship word before it"),
    ("第二排：韩露  小卜  费骞", ["韩露", "小卜", "费骞"], "a seating plan's cell between names"),
    ("婷婷，明天记得带水彩笔", ["婷婷"], "a doubled given name as a vocative"),
    ("我们班浩浩跑步最快", ["浩浩"], "a doubled given name after a class word"),
]
# The same shapes that are words, figures of word problems, or a nickname in no telling place.
NOT_NAMES = [
    ("小心地滑，注意安全", [], "小心 opens a line before a comma-less phrase"),
    ("老师，这道题怎么做？", [], "a title opening a line before a comma"),
    ("老板，来两碗牛肉面！", [], "老板 before a comma"),
    ("阿姨，请问图书馆怎么走？", [], "阿姨 before a comma"),
    ("请在一小时内完成下面的练习", [], "小时"),
    ("我老家在湖南，过年要回去", [], "老家"),
    ("小明有5个苹果，给了小红2个，还剩几个？", [], "the figures of a word problem"),
    ("小于号和大于号怎么区分？", [], "小于 is a verb"),
    ("给小朋友讲一个睡前故事", [], "a longer word starts at it"),
    ("老王卖瓜，自卖自夸是什么意思", [], "a saying, in no telling place"),
    ("星星，一闪一闪亮晶晶", [], "a doubled word, not a name"),
    ("刚刚，我们讨论了分数的意义", [], "a doubled adverb"),
    ("第二排：桌子  椅子  黑板", [], "a seating plan without names"),
    ("小组：第三组\n组长：韩露", ["韩露"], "a form key of the same shape is a word"),
]


@pytest.mark.parametrize("text,expected", _table(PLACES))
def test_a_nickname_is_found_where_the_wording_names_a_person(
    scanner: Scanner, text: str, expected: list[str]
) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected


@pytest.mark.parametrize("text,expected", _table(NOT_NAMES))
def test_words_of_a_nicknames_shape_are_not_persons(scanner: Scanner, text: str, expected: list[str]) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected


# English given names the list lacks, in the same places (round seven read them beside a found name).
LATIN_PLACES = [
    ("群聊\n韩露：这题谁会？\nWillow：我会，等我一下", ["韩露", "Willow"], "a chat speaker"),
    ("第一排：韩露  Willow  费骞", ["韩露", "Willow", "费骞"], "a seating plan's cell"),
    ("Relay team: 韩露  费骞", ["韩露", "费骞"], "the key before a colon holds no cell"),
    ("Willow：这是一种树", [], "one speaker line is no chat log"),
    ("选手：韩露\nStudent: 费骞\n班级：三年级二班", ["韩露", "费骞"], "a form's key with a name after it is no speaker"),
]


@pytest.mark.parametrize("text,expected", _table(LATIN_PLACES))
def test_an_unlisted_english_name_is_found_as_a_speaker_or_a_cell(
    scanner: Scanner, text: str, expected: list[str]
) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected


# Names that are dictionary entries (tagged names or places) right after a role word.
WORD_NAMES = [
    ("家长洪亮说下周带孩子去配眼镜", ["洪亮"], "a name-tagged entry after 家长, before 说"),
    ("持卡人：金城（学生母亲）", ["金城"], "a place that fills a form's field"),
    ("家长同意了，明天出发", [], "a verb after a role word is no name"),
    ("我代表北京《少年报》感谢大家", [], "a place after a role word that fills no form field"),
    ("这位医生帅呆了！", [], "an entry ending in a particle"),
    ("外婆常年在乡下种地，妈妈韩露在城里上班", ["韩露"], "a role word before an adverb, not a name"),
    ("学生高明在教室里看书", ["高明"], "an adjective-name with a strong surname keeps its cue"),
]


@pytest.mark.parametrize("text,expected", _table(WORD_NAMES))
def test_a_name_that_is_a_dictionary_entry_is_found_after_a_role_word(
    scanner: Scanner, text: str, expected: list[str]
) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected


@pytest.mark.parametrize("text,expected", _table([
    ("监护人丨安然已核对", ["安然"], "the bar typed as the CJK stroke 丨"),
    ("监护人｜安然已核对", ["安然"], "the full-width bar, as before"),
]))
def test_the_cjk_stroke_bar_separates_a_role_word_from_its_name(
    scanner: Scanner, text: str, expected: list[str]
) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected
