"""Round seven of the PERSON rules: wider cues, shops by establishment words, misread
shapes, weak readings and undotted Uyghur names. Every example is written for this file;
none comes from an evaluation split."""

from __future__ import annotations

import pytest

from detectors import Scanner

from tests.conftest import spans


def _table(rows: list[tuple[str, list[str], str]]) -> list[object]:
    return [pytest.param(t, e, id=i) for t, e, i in rows]


# A role word, then a linking verb or a list separator, then the name; kinship terms by their parts.
CUES = [
    ("寝室长换成了焦墨，请知悉", ["焦墨"], "role word, 换成了, a weak name"),
    ("宣传员｜龚凡在办公室", ["龚凡"], "agent noun, a bar between"),
    ("干爹-安然", ["安然"], "kin prefix 干 + 爹, a name that is a word"),
    ("表舅就是甘露", ["甘露"], "kin prefix 表 + 舅, 就是, a name that is a word"),
    ("参赛名单：Tom、费骞，周六集合", ["Tom", "费骞"], "an English name of the list as the neighbour"),
    ("放学后到霍雯家里写作业", ["霍雯"], "someone's home"),
]
# Things that read as a name but are not one.
NOT_NAMES = [
    ("感谢华子默药房和严若溪快递站送来的口罩", [], "shops named by establishment words"),
    ("王一诺的妈妈在柯梓轩家具城上班", ["王一诺"], "a shop in a text that names a pupil"),
    ("爸爸在潘熙养殖场工作，李子涵说", ["李子涵"], "a farm named after its owner (场)"),
    ("冬令营的午饭由邵昕|玥母婴店负责。".replace("|", ""), [], "a three-character shop name cut short"),
    ("辛苦钟医生了！王一诺好多了", ["王一诺"], "a word, a surname and a title"),
    ("雷警官今天来学校，王一诺很高兴", ["王一诺"], "a surname and a title (警官)"),
    ("班会上魏书记讲了安全知识", [], "a span cutting a title"),
    ("周末大家查一查白鹭的资料", [], "a reduplicated verb"),
    ("老师布置了作业，要查白矾的资料", [], "a surname that is a verb after a modal"),
    ("请查小芳同学把作业交上来", ["查小芳"], "the same surname before 同学 is a name"),
    ("孩子妈妈在黄熹养殖场上夜班，早上没人", [], "a trade word and a shop character that are one word"),
    ("王一诺今天发烧，医院的单子拍给您了", ["王一诺"], "a word head admitted under a margin"),
    ("给孩子讲讲熊蜂的故事", [], "a lone dictionary entry"),
    ("张晓文老师好，李明华同学今天请假", ["张晓文", "李明华"], "a full name before a title keeps its span"),
]
# English given names the list lacks, beside a found Chinese name (made-up examples).
UNLISTED_ENGLISH = [
    ("课本剧 Group B：Joy、何奕泽、连璠琨", ["Joy", "何奕泽", "连璠琨"], "list member before Chinese names"),
    ("Partners: Sunny and 左铖茵", ["Sunny", "左铖茵"], "and before a Chinese name"),
    ("帮我 check 一下 余瑧奂（Joy）的 diary", ["余瑧奂", "Joy"], "in brackets after a Chinese name"),
    ("Hi, my name is Mark. 我的中文名字是王子昂", ["Mark", "王子昂"], "self-introduction"),
    ("王小明用Word写了作文", ["王小明"], "a product name is no list member"),
]
# Given names and nicknames alone, where the wording says a pupil is meant.
BARE_NAMES = [
    ("浩轩同学今天的作业没交", ["浩轩"], "given name before 同学"),
    ("请子轩把作业交上来", ["子轩"], "given name after 请, before 把"),
    ("小雨的妈妈请联系班主任", ["小雨"], "nickname before a parent word"),
    ("阿杰同学表现很好", ["阿杰"], "nickname with 阿 before 同学"),
    ("雨桐家长，您好，孩子今天发烧了", ["雨桐"], "given name before 家长"),
    ("全班同学都要参加", [], "a group word"),
    ("小组同学讨论一下", [], "an ordinary word"),
    ("请大家注意安全", [], "请 and a word"),
    ("明天请家长来学校", [], "请 and a role"),
    ("小明同学，你好", [], "a textbook figure"),
]
DAI = [
    ("岩应家长，孩子的作业本落在教室了", ["岩应"], "a Dai boy's name before 家长"),
    ("这块岩石很硬，同学们看一看", [], "岩 in an ordinary word"),
    ("花岗岩和石灰岩的区别，学生要记住", [], "岩 at a word's end"),
]
UYGHUR = [
    ("新同学吐尔逊阿依古丽今天报到，请大家欢迎", ["吐尔逊阿依古丽"], "undotted Uyghur name in a school text"),
    ("斯德哥尔摩是瑞典的首都，同学们知道吗", [], "a transliterated place is a dictionary entry"),
    ("阿卜杜拉和他的朋友在沙漠里旅行", [], "not a school text: nothing said about pupils"),
]


@pytest.mark.parametrize("text,expected", _table(CUES))
def test_a_cue_with_a_linking_word_or_a_kin_term_by_parts_names_the_span(
    scanner: Scanner, text: str, expected: list[str]
) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected


@pytest.mark.parametrize("text,expected", _table(NOT_NAMES))
def test_shops_titles_and_misread_shapes_are_not_persons(scanner: Scanner, text: str, expected: list[str]) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected


@pytest.mark.parametrize("text,expected", _table(UYGHUR))
def test_an_undotted_uyghur_name_is_found_in_a_school_text(scanner: Scanner, text: str, expected: list[str]) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected


@pytest.mark.parametrize("before,cued", [
    ("三叔", True), ("太奶奶", True), ("后爸", True), ("外孙女", True), ("阿拉伯", False), ("小伯", True),
    ("舍长换成了", True), ("同学们都说", False), ("老师认为", False),
], ids=["order prefix", "great-", "step-", "grandchild", "no prefix", "small prefix", "link words", "no role",
        "verb after a role"])
def test_strongly_cued_reads_kin_terms_by_parts_and_skips_link_words(before: str, cued: bool) -> None:
    from detectors.recognizers.person import strongly_cued
    from detectors.resources import load_resources

    tagger = load_resources().name_tagger
    assert tagger is not None
    text = before + "韩露今天来了"
    assert strongly_cued(text, len(before), len(before) + 2, lexicon=tagger.lexicon) is cued


@pytest.mark.parametrize("text,expected", _table(UNLISTED_ENGLISH))
def test_an_unlisted_english_name_beside_a_chinese_name_is_found(
    scanner: Scanner, text: str, expected: list[str]
) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected


@pytest.mark.parametrize("text,expected", _table(BARE_NAMES))
def test_a_bare_given_name_or_nickname_is_found_where_a_pupil_is_meant(
    scanner: Scanner, text: str, expected: list[str]
) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected


@pytest.mark.parametrize("text,expected", _table(DAI))
def test_a_dai_name_standing_alone_is_found_in_a_school_text(scanner: Scanner, text: str, expected: list[str]) -> None:
    assert spans(scanner.scan(text).findings, "PERSON") == expected
