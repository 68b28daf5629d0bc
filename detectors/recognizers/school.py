"""`SCHOOL`: named schools and kindergartens (…小学, …中学, …实验学校, …幼儿园, …附中).

A school's name plus a class narrows a child down to thirty people, so the
name is reported; the generic words (小学数学, 这所中学) are not.
"""

from __future__ import annotations

import re
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.prefilter import Needs
from detectors.text import ScanText

__all__ = ["SchoolDetector"]

_SUFFIX = (
    "实验学校|外国语学校|国际学校|职业学校|职业高中|特殊教育学校|寄宿学校|双语学校|艺术学校|体育学校|小学|中学|初级中学|高级中学|"
    "幼儿园|附属中学|附属小学|附中|附小|[一二三四五六七八九十]中(?!学)|高中|中专|职高|完小|学校"
)
# Find the suffix first (cheap), then walk left over the name in code.
# The characters a suffix can start with, as a lookahead: every other position is left after one test.
_SUFFIX_FIRST = "".join(sorted({w[0] for w in _SUFFIX.split("|") if not w.startswith("[")})) + "一二三四五六七八九十"
_SUFFIX_AT = re.compile(rf"(?=[{_SUFFIX_FIRST}])(?:{_SUFFIX})(?![生部段期阶])")
_NEEDS = Needs(_SUFFIX_AT)  # one of the suffixes (小学, 中学, 幼儿园, 一中 …) somewhere in the text
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")
_MAX_NAME = 16
# Characters a school's name does not contain: the name starts after the last of them.
_STOP = set("在是的去到读上和与从我他她你们了就都也还想让把被给对向为及或、，。：:；;（）()《》“”\"' \n\t年级个所这那该本某每各有名称叫就读毕业考入来回请转")
# Place names that begin with a stop character.
_PLACES_WITH_STOPS = frozenset(("上海", "上饶", "上虞", "和平", "和田", "来宾", "向阳", "本溪"))
# Place names that end with a stop character (成都七中, 江都中学).
_PLACES_ENDING_IN_STOPS = frozenset(("成都", "江都", "宜都", "花都", "新都", "丰都", "昌都", "首都", "京都", "武都", "建都"))
_GENERIC = (
    "小", "初", "高", "大", "中", "普通", "重点", "公立", "私立", "民办", "农村", "城市", "乡村", "城区",
    "一所", "这所", "那所", "哪所", "所有", "全国", "当地", "附近", "本地", "各", "理想", "好", "优秀",
    "寄宿制", "九年一贯制", "完全", "县城", "镇", "乡", "村", "市", "区", "省", "完成", "未完成", "失败", "上完", "读完",
)


# Ordinary words that end right before 小学/中学 (我很担心小学的数学, 区里小学都放假了):
# feelings and thoughts, moving into a school, quantities, kinds of school, times.
# A name ending in one of them is not a school's name.
_NOT_NAME_TAILS = (
    "担心", "关心", "喜欢", "讨厌", "害怕", "觉得", "认为", "希望", "想念", "回忆", "记得", "知道", "羡慕", "怀念",
    "进入", "升入", "考上", "考进", "进了", "上了", "读了", "回到", "来到", "离开", "去了", "送到", "转到", "转入",
    "一些", "很多", "许多", "多数", "少数", "部分", "整个", "全部", "每所", "各个", "几所", "两所", "不少", "大部分",
    "普通", "重点", "优质", "公办", "民办", "乡镇", "农村", "城市", "郊区", "偏远", "山区", "薄弱", "新建", "老牌",
    "知名", "著名", "当地", "本地", "附近", "周边", "全市", "全区", "全县", "全省", "全镇", "外地", "国内", "国外",
    "以前", "现在", "当年", "目前", "今年", "明年", "将来", "刚上", "正上", "还在", "已经", "快要", "准备", "打算",
    "开始", "结束", "毕业", "整所", "其他", "别的", "有的", "一般", "所谓", "传统", "同一", "好几",
)
# A locative or measure character last: 区里小学, 城内中学, 镇上小学, 这些小学.
_NOT_NAME_LAST = set("里内外上下边旁前后些等")


# A bare …学校 is a school's name only with a place, an ordinal or a parent school in it
# (人大附中西山学校, 海淀区第二学校, 城关镇学校); ordinary words precede it too often.
_PLACE_MARK = re.compile(r"[省市区县镇乡村路街州]|第[一二三四五六七八九十0-9]|附|[0-9]|中学|小学")


def _is_name(name: str) -> bool:
    if len(name) < 2 or name in _GENERIC or name.isdigit():
        return False
    return name[-1] not in _NOT_NAME_LAST and not name.endswith(_NOT_NAME_TAILS)


class SchoolDetector:
    """Regex proposes a suffix and up to 16 name characters; code trims the name
    at the last stop character and drops generic names and ordinary words
    (担心小学, 区里小学). 杭州市第二中学 ends at 中学, not at 二中. 0.8."""

    name: ClassVar[str] = "school"
    entities: ClassVar[tuple[str, ...]] = ("SCHOOL",)

    def detect(self, text: ScanText) -> list[Finding]:
        norm = text.norm
        out: list[Finding] = []
        starts: list[int] = []  # where each finding starts in the normalised view
        if not _NEEDS(norm):
            return out
        for m in _SUFFIX_AT.finditer(norm):
            start = m.start()
            limit = max(0, m.start() - _MAX_NAME)
            while start > limit and _NAME_CHAR.match(norm[start - 1]) and (
                norm[start - 1] not in _STOP or norm[start - 1 : start + 1] in _PLACES_WITH_STOPS
                or norm[start - 2 : start] in _PLACES_ENDING_IN_STOPS
            ):
                start -= 1
            name = norm[start : m.start()]
            if not _is_name(name):
                continue
            if m.group(0) == "学校" and not _PLACE_MARK.search(name):
                continue  # 管理学校, 职工学校: bare 学校 needs a place or a parent school in its name
            if starts and starts[-1] >= start:
                out.pop()  # 人大附中 inside 人大附中西山学校: the longer name is the school
                starts.pop()
            starts.append(start)
            out.append(finding_at(text, start, m.end(), entity="SCHOOL", score=0.8, detector=self.name))
        return out
