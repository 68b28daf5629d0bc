"""`ADDRESS`: locatable addresses down to road/house/compound level.

…区…路41号, …小区3号楼2单元501室, …村3组12号. A bare city or province
(北京, 杭州) is never an address: every finding needs a street-level anchor.
"""

from __future__ import annotations

import re
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.prefilter import Needs, gated
from detectors.text import ScanText

__all__ = ["AddressDetector"]

_N = r"[0-9一二三四五六七八九十百零〇]{1,5}"
# Street-level anchors: a road with a house number, a compound with a building,
# a village group. Each anchor is locatable on its own.
_ROAD = r"(?:大街|大道|街道|马路|路|街|巷|胡同|弄|里|道|环|线)"
_COMPOUND = r"(?:小区|花园|公寓|家园|新村|社区|大厦|广场|苑|庭|府|城|园|村|湾|居|里|坊|嘉园|名邸|公馆|别墅)"
# Every anchor is a road or compound word (one or two characters) and then a number or a letter:
# a lookahead on that lets the engine leave every other position after a test or two instead of
# trying each alternative.
_ANCHOR_WORDS = (_ROAD[3:-1] + "|" + _COMPOUND[3:-1] + "|村").split("|")
assert max(map(len, _ANCHOR_WORDS)) == 2
_ANCHOR_FIRST = "".join(sorted({w[0] for w in _ANCHOR_WORDS}))
_ANCHOR_SECOND = "".join(sorted({w[1] for w in _ANCHOR_WORDS if len(w) == 2}))
_ANCHOR = re.compile(
    rf"(?=[{_ANCHOR_FIRST}][{_ANCHOR_SECOND}]?[0-9一二三四五六七八九十百零〇A-Z])"
    rf"(?:{_ROAD}(?:{_N}(?:[-－]{_N})?(?:号院|号楼|号|弄|巷|室)|{_N}(?:段|支路)))"
    rf"|(?:{_COMPOUND}(?:{_N}(?:号楼|号院|栋|幢|座|期|区|号)|[A-Z](?:座|栋|区)))"
    rf"|(?:{_COMPOUND}{_N}单元)"
    rf"|(?:村{_N}组)"
)
# Every anchor has a number (or letter) before one of these markers: a cheap
# test before the full anchor pattern runs.
_ANCHOR_HINT = re.compile(rf"(?:{_N}|[A-Z])(?:号|弄|巷|室|段|支路|栋|幢|座|期|区|单元|组)")
# The same matches, tried only where one can start (`detectors.prefilter.gated`).
_ANCHOR, _ANCHOR_HINT = gated(_ANCHOR), gated(_ANCHOR_HINT)
# What may follow an anchor and still belong to the address.
_TAIL = re.compile(
    rf"(?:[-－]?{_N}(?:号楼|号院|栋|幢|座|单元|层|楼|室|号|户|房|弄)|[A-Z](?:座|栋)|[-－]{_N}|{_N}(?=$|[^0-9]))*"
)
# A compound name in residence context without a building number: 家住阳光小区.
_RESIDENCE = re.compile(r"(?:家住|住在|住址|地址|居住在|居住于|现住|住于|家在)[:：]?\s*")
_ADMIN_ROAD = re.compile(rf"(?:区|县|市|镇)[\u4e00-\u9fff]{{1,8}}?{_ROAD}(?![\u4e00-\u9fff]{{0,1}}[0-9])")

# Walking left from an anchor, these characters end the address.
_ADMIN_ROAD_NEEDS = Needs(_ADMIN_ROAD)  # 区/县/市/镇 and a road word
_STOP = set(
    "于在住是为址的到从往去我他她你们和与及或、，,。.：:；;（）()\"'“”《》！？!? \n\t\u3000"
    "家搬离回来送向近对给跟找把被让请"
)
_MAX_LEFT = 28
_NOT_AFTER = set("线口站机车门")
_NOT_IN_ROAD_NAME = set("的了是在到把被和与及或有无最很也都就要会能可这那个们")
_GENERIC_START = ("一条", "这条", "那条", "每条", "哪条", "某条", "公路", "铁路", "马路", "道路", "一个", "这个", "那个")


class AddressDetector:
    """Find an anchor, extend right over building/unit/room, then left over the
    road and administrative names up to a stop character. Score 0.85 for a
    numbered anchor, 0.6 for a compound or road named only in residence context."""

    name: ClassVar[str] = "address"
    entities: ClassVar[tuple[str, ...]] = ("ADDRESS",)

    def detect(self, text: ScanText) -> list[Finding]:
        norm = text.norm
        spans: list[tuple[int, int, float]] = []
        pos = 0 if _ANCHOR_HINT.search(norm) else len(norm)
        while pos < len(norm):
            m = _ANCHOR.search(norm, pos)
            if m is None:
                break
            tail = _TAIL.match(norm, m.end())
            end = tail.end() if tail else m.end()
            pos = end
            if norm[end : end + 1] in _NOT_AFTER:
                continue  # 3号线, 5号口: a transit line or exit, not a house
            start = _walk_left(norm, m.start())
            if m.start() - start < 2 or norm[start : start + 2] in _GENERIC_START:
                continue
            if spans and start <= spans[-1][1]:
                # A second anchor of the same address (…路478号华星时代广场A座).
                spans[-1] = (spans[-1][0], end, spans[-1][2])
            else:
                spans.append((start, end, 0.85))
        for m in _RESIDENCE.finditer(norm):
            start = m.end()
            rest = norm[start : start + _MAX_LEFT]
            c = re.match(rf"[\u4e00-\u9fff0-9]{{2,16}}?{_COMPOUND}", rest)
            if c and not any(s <= start < e for s, e, _ in spans):
                spans.append((start, start + c.end(), 0.6))
        for m in _ADMIN_ROAD.finditer(norm) if _ADMIN_ROAD_NEEDS(norm) else ():
            if any(c in _NOT_IN_ROAD_NAME for c in m.group(0)[1:]):
                continue  # 从A市到B市交付包裹的最有效路线: a sentence, not a road name
            start = _walk_left(norm, m.start())
            if start < m.start() and not any(s < m.end() and m.start() < e for s, e, _ in spans):
                spans.append((start, m.end(), 0.6))
        return [
            finding_at(text, s, e, entity="ADDRESS", score=sc, detector=self.name) for s, e, sc in sorted(spans)
        ]


_ADMIN_END = set("省市区县镇乡村旗州")


def _walk_left(norm: str, anchor_start: int) -> int:
    i = anchor_start
    limit = max(0, anchor_start - _MAX_LEFT)
    while i > limit:
        ch = norm[i - 1]
        if ch in _STOP and not (ch.isalnum() and i >= 2 and norm[i - 2] in _ADMIN_END):
            # A stop character ends the address, unless it starts a road name
            # right after a district (长安区和平东路, 南岗区向日葵路).
            break
        i -= 1
    return i
