"""Round nine: names found by their class and their place — children's doubled pet names (豆豆,
果果), the rest of the compound surnames, a list of names as a cue for its members, places that
say a person stands there (我们组的 X, 恭喜 X 在, X 把…, X家、Y家), an English self-introduction —
and the words of the same shapes that stay unreported. Every example is written for this file;
none comes from an evaluation split."""

from __future__ import annotations

import pytest

from detectors import Scanner
from detectors.models.surnames import COMPOUND_SURNAMES
from detectors.recognizers.person import PersonDetector
from detectors.recognizers.person.cues import place_cued
from detectors.resources import load_resources
from detectors.text import ScanText

from tests.conftest import spans


def _table(rows: list[tuple[str, list[str], str]]) -> list[object]:
    return [pytest.param(t, e, id=i) for t, e, i in rows]


FOUND = [
    ("开学第一天，大家可以叫我豆豆，我教数学", ["豆豆"], "a doubled pet name after a verb of calling"),
    ("帮我写一张贺卡给果果，她下周满八岁", ["果果"], "a doubled pet name after 给"),
    ("奶奶总叫她朵朵，连邻居也跟着这么叫", ["朵朵"], "a doubled measure word used as a pet name"),
    ("班里的人都叫她阿姝，她画画特别好", ["阿姝"], "阿 and a character names do not avoid, after a verb of calling"),
    ("这次值周的是我们组的游湉，明天交表", ["游湉"], "a group of ours before the name"),
    ("恭喜于湉在区书法比赛中拿了一等奖", ["于湉"], "a verb of congratulating, then 在"),
    ("同学们好，我是卓昀，刚从外地转来", ["卓昀"], "a self-introduction"),
    ("放学时突然下雨，时昶把外套借给了同桌", ["时昶"], "the subject of a clause before 把"),
    ("李老师早上好，钮昊昨晚开始发烧，今天请假", ["钮昊"], "the subject of a clause before a time word"),
    ("接送安排：第一车 陆清妍家、韩思远家；第二车 麦昶家", ["陆清妍", "韩思远", "麦昶"], "a list of homes"),
    ("全班跑得最快的是汤昶，每次都第一个到", ["汤昶"], "after a relative clause and 的是"),
    ("说明一下\n宁昶是从外校转来的，请多关照", ["宁昶"], "a line that opens with a person and 是"),
    ("午餐注意\n管湉对花生过敏，请勿混放", ["管湉"], "a line that opens with a person and 对"),
    ("贺拔思远今天代表班级发言", ["贺拔思远"], "a compound surname of the Northern dynasties"),
    ("沮渠雨桐的作业本落在教室了", ["沮渠雨桐"], "another of them, before 的"),
]

NOT_FOUND = [
    ("让我查查。帮我劝劝他。", [], "doubled verbs after a verb of giving"),
    ("天上的星星，一闪一闪", [], "a doubled word that is a frequent noun"),
    ("我们组的任务是打扫走廊，我们班的成绩很好", [], "ordinary words after a group of ours"),
    ("恭喜发财，红包拿来", [], "a set phrase after 恭喜"),
    ("科学家、文学家、艺术家都来了", [], "words ending in 家 in a list"),
    ("最重要的是安全，其次是效率", [], "an ordinary word after 的是"),
    ("今天高温，明天降温", [], "an ordinary word before a time word"),
    ("高度是多少？\n王者是什么意思", [], "dictionary entries opening a line before 是"),
    ("主持人：感谢何总，他刚才讲得很好", [], "a surname and a one-character title after 感谢"),
]


@pytest.mark.parametrize("text,expected", _table(FOUND))
def test_names_are_found_by_their_class_and_place(scanner: Scanner, text: str, expected: list[str]) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected


@pytest.mark.parametrize("text,expected", _table(NOT_FOUND))
def test_words_of_the_same_shapes_stay_unreported(scanner: Scanner, text: str, expected: list[str]) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected


def test_a_speaker_label_is_not_the_name_of_what_follows_its_colon(scanner: Scanner) -> None:
    text = "期末家长群\n韩思远妈妈：谢谢老师\n陆清妍爸爸：收到"
    assert spans(scanner.scan(text).findings, "PERSON") == ["韩思远", "陆清妍"]


def test_an_english_self_introduction_names_the_speaker(scanner: Scanner) -> None:
    assert spans(scanner.scan("Hello everyone! I'm Oliver. 我喜欢画画。").findings, "PERSON") == ["Oliver"]


def test_the_compound_surname_table_holds_the_class_without_ordinary_words() -> None:
    # A few of each source the table was written from, and none of the pairs left out.
    assert {"公输", "叔孙", "乞伏", "宇文", "贺拔", "尔朱", "纳兰", "张廖"} <= COMPOUND_SURNAMES
    assert not {"若干", "太史", "东宫", "第二", "是云", "素和", "侯莫"} & COMPOUND_SURNAMES


def test_a_list_of_names_is_a_cue_for_a_member_with_a_weak_surname() -> None:
    # The tagger's spans handed in directly: 时澈 just above the threshold needs a cue (时 is a
    # weak surname); its neighbours in the list, well above, give it one.
    detector = PersonDetector(load_resources())
    text = ScanText("光荣榜：蓝思妍、时澈、周慕言")
    thr = detector._tagger.threshold
    listed = [(4, 7, thr + 4.0), (8, 10, thr + 0.5), (11, 14, thr + 4.0)]
    assert [f.text for f in detector.decide(text, listed)] == ["蓝思妍", "时澈", "周慕言"]
    assert [f.text for f in detector.decide(text, [(8, 10, thr + 0.5)])] == []


def test_a_place_cue_needs_a_span_that_is_no_word_or_place_and_one_more() -> None:
    lexicon = load_resources().name_tagger.lexicon
    assert place_cued("说明\n管湉对花生过敏", 3, 5, lexicon)
    assert not place_cued("说明\n宁波正是港口城市", 3, 6, lexicon)  # 宁波 is a place


def test_an_unlisted_english_name_in_a_column_of_names_is_found(scanner: Scanner) -> None:
    text = "排名,姓名,积分\n1,韩思远,128\n2,陆清妍,117\n3,Willow,109"
    assert "Willow" in spans(scanner.scan(text).findings, "PERSON")
    assert spans(scanner.scan("产品,价格\nExcel,100\nWord,200").findings, "PERSON") == []
