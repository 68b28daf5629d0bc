"""`SCHOOL`: named schools and kindergartens (…小学, …中学, …实验学校, …幼儿园, …附中).

A school's name plus a class narrows a child down to thirty people, so the
name is reported; the generic words (小学数学, 这所中学) are not.
"""

from __future__ import annotations

import re
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.text import ScanText

__all__ = ["SchoolDetector"]

_SUFFIX = (
    "实验学校|外国语学校|国际学校|职业学校|职业高中|特殊教育学校|寄宿学校|双语学校|艺术学校|体育学校|小学|中学|初级中学|高级中学|"
    "幼儿园|附属中学|附属小学|附中|附小|一中|二中|三中|四中|五中|六中|七中|八中|九中|十中|高中|中专|职高|完小"
)
# Find the suffix first (cheap), then walk left over the name in code.
_SUFFIX_AT = re.compile(rf"(?:{_SUFFIX})(?![生部段期阶])")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")
_MAX_NAME = 16
# Characters a school's name does not contain: the name starts after the last of them.
_STOP = set("在是的去到读上和与从我他她你们了就都也还想让把被给对向为及或、，。：:；;（）()《》“”\"' \n\t年级个所这那该本某每各有名称叫就读毕业考入来回请转")
_GENERIC = (
    "小", "初", "高", "大", "中", "普通", "重点", "公立", "私立", "民办", "农村", "城市", "乡村", "城区",
    "一所", "这所", "那所", "哪所", "所有", "全国", "当地", "附近", "本地", "各", "理想", "好", "优秀",
    "寄宿制", "九年一贯制", "完全", "县城", "镇", "乡", "村", "市", "区", "省", "完成", "未完成", "失败", "上完", "读完",
)


class SchoolDetector:
    """Regex proposes a suffix and up to 16 name characters; code trims the name
    at the last stop character and drops generic names. 0.8."""

    name: ClassVar[str] = "school"
    entities: ClassVar[tuple[str, ...]] = ("SCHOOL",)

    def detect(self, text: ScanText) -> list[Finding]:
        norm = text.norm
        out: list[Finding] = []
        for m in _SUFFIX_AT.finditer(norm):
            start = m.start()
            limit = max(0, m.start() - _MAX_NAME)
            while start > limit and norm[start - 1] not in _STOP and _NAME_CHAR.match(norm[start - 1]):
                start -= 1
            name = norm[start : m.start()]
            if len(name) < 2 or name in _GENERIC or name.isdigit():
                continue
            out.append(finding_at(text, start, m.end(), entity="SCHOOL", score=0.8, detector=self.name))
        return out
