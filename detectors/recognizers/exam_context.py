"""`EXAM_ITEM` (framing): one exam item that the text frames as part of an upcoming,
ongoing or confidential test: 这是下周月考的作文题…（60分）, 期中考试阅读C篇…卷子还没交印,
"from tomorrow's quiz, don't share". The words around an item say more than its layout."""

from __future__ import annotations

import re
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.text import ScanText

__all__ = ["ExamContextDetector"]

# Theory of operation. Cue classes, each a weight; the framing of a text is the sum
# of the cues found in its framing zone (the first and the last _ZONE characters,
# where people write what they paste), clause by clause near a test word:
#
#   class        weight  examples
#   named test    1.0    月考 期中 期末 联考 模考 小测 周测 单元测试 摸底 midterm quiz mock exam
#   test word     0.5    考试 测验 试卷 卷子 试题 考题 exam test paper
#   time          1.0    下周 明天 后天 周五 即将 马上 下午考 next week tomorrow upcoming
#   ongoing       1.5    正在考 考试中 考场上 during the exam
#   secrecy       1.5    保密 勿外传 还没公布 未公开 还没交印 押题 泄题 命题组 出卷 confidential
#   past         -1.5    上次 昨天 去年 考完了 历年 真题 last week
#
# A text is framed when its zone holds a test word or a named test and the sum
# (each class counted once) reaches _FRAMED. The item is there when the text has a strong item cue (a score
# mark （60分）, 第12题, an option block, 不少于800字, blanks, 阅读C篇) or a question
# body outside the framing clauses (≥ 12 characters, ending in a question or asking
# 求/多少/几/which/what). Framing without an item ("下周期末考试，怎么复习？") and an
# item without framing (a textbook exercise) are clean.

_NAMED = re.compile(
    r"月考|期中|期末|联考|统考|模考|模拟考|模拟卷|模拟题|小测|周测|单元测|随堂测|摸底|质检|一模|二模|三模|诊断考|"
    r"中考|高考|会考|学考|竞赛|分班考|入学考|选拔考|"
    r"midterm|mid-term|final exam|finals|quiz|mock exam|mock test|unit test|entrance exam",
    re.I,
)
_TEST = re.compile(r"考试|测验|测试|试卷|卷子|考卷|试题|考题|原题|题目|\bexam|\btest\b|\bpaper\b", re.I)
_TIME = re.compile(
    r"下周|下星期|下个?礼拜|下个月|下学期初|明天|明早|明日|明晚|明上午|明下午|后天|今晚|今天下午|今天上午|今天晚上|"
    r"周[一二三四五六日末]|星期[一二三四五六日天]|礼拜[一二三四五六天]|即将|马上|快要|就要|将要|将于|过几天|"
    r"下午[要就]?考|上午[要就]?考|晚上[要就]?考|要考的|要考了|待会儿?考|等会儿?考|还没考|未考|考前|开考前?|"
    r"next (?:week|monday|tuesday|wednesday|thursday|friday|month|class)|tomorrow|upcoming|later today|"
    r"this (?:friday|monday|tuesday|wednesday|thursday|afternoon|week)|on (?:monday|tuesday|wednesday|thursday|friday)",
    re.I,
)
_ONGOING = re.compile(r"正在考|考试中|考场上|考试时|正考着|现在在考|during the (?:exam|test)|in the exam room", re.I)
_SECRECY = re.compile(
    r"保密|机密|绝密|勿外传|不要外传|别外传|不得外传|严禁外传|禁止外传|不外传|不要泄露|别泄露|不要传出去|别传出去|"
    r"别发给学生|不要发给学生|先别告诉|不要告诉学生|别告诉学生|"
    r"还没公布|未公布|尚未公布|没公布|还没公开|未公开|尚未公开|没公开|还没发下去|还没发|未下发|"
    r"还没印|未印|没印|交印|付印|送印|印刷前|"
    r"押题|押中|泄题|漏题|透题|内部资料|内部卷|命题组|命题人|命题老师|参与命题|负责命题|命的题|出题组|出卷|组卷|审卷|审题稿|我出的|我命的|我们组出的|"
    r"confidential|do not share|don't share|do not distribute|don't distribute|not (?:yet )?released|"
    r"before the exam|under embargo|keep (?:it|this) secret",
    re.I,
)
_PAST = re.compile(
    r"上次|上周|上星期|上个月|昨天|前天|去年|前年|往年|历年|真题|已经考完|考完了|考过的|已考|以前的|上学期|已公布|已经公布|"
    r"last (?:week|year|month|term)|yesterday|past paper|previous year",
    re.I,
)
_WEIGHTS: tuple[tuple[re.Pattern[str], float, str], ...] = (
    (_NAMED, 1.0, "named"), (_TEST, 0.5, "test"), (_TIME, 1.0, "time"), (_ONGOING, 1.5, "ongoing"),
    (_SECRECY, 1.5, "secrecy"), (_PAST, -1.5, "past"),
)
_FRAMED = 2.0
_ZONE = 120
# A clause of the framing zone: up to a sentence end, a line break or a colon (the
# framing says what follows: 这是明天月考的题：…).
_CLAUSE = re.compile(r"(?:[^。！？!?\n：:]|(?<=[0-9A-Za-z])[：:](?=[0-9A-Za-z]))+")

# Strong item cues: any one of them is an item.
_STRONG = re.compile(
    r"[(（]\s*\d{1,3}\s*分\s*[)）]|第\s*[0-9一二三四五六七八九十]{1,3}\s*(?:小)?题|"
    r"不少于\s*\d{2,4}\s*字|\d{2,4}\s*字(?:以上|左右)|字数不少于|不少于\s*\d{2,4}\s*词|"
    r"(?:at least|no (?:less|fewer) than|about)\s*\d{2,3}\s*words|"
    r"_{3,}|＿{2,}|[(（]\s{0,3}[)）]|阅读\s*[A-E]\s*篇|(?<![A-Za-z])[A-E]\s*篇|完形填空|"
    r"\d{1,3}\s*[.．、]\s*\S.{4,}?\n\s*(?:[(（]?A[)）.．、])",
    re.I,
)
_OPTION = re.compile(r"(?:^|[\s(（])[(（]?([A-D])[)）.．、:：]\s*\S", re.M)
# A question body: a sentence asking something (Chinese or English).
_ASKS = re.compile(
    r"[?？]\s*$|求|多少|几[个只本天米元人次倍岁小时分钟千克克]|是否|为什么|怎样|如何|哪|计算|解方程|证明|判断|说明|分析|概括|"
    r"根据|下列|下面|以下|写一篇|翻译|\b(?:which|what|how|why|when|where|who|choose|write|explain|calculate)\b",
    re.I,
)
# A sentence that asks the assistant for something is a request, not an item.
_REQUEST = re.compile(r"^\s*(?:请|帮我|帮忙|给我|能不能|能否|可以|你能|我想|我要|怎么复习|如何复习)|复习|出\s*\d*\s*道|出一份|出一套")
# Material: a pasted passage or problem, recognised by its size and what it holds.
_MATERIAL = re.compile(r"[0-9$?？]|下列|下面|以下|阅读|材料|文章|短文|passage|[A-Za-z]{3,}(?: [A-Za-z]{2,}){5}", re.I)
_MATERIAL_CHARS = 40
# A sentence of a pasted item; a colon between letters or digits (a：b=1：3) is a ratio.
_SENTENCE = re.compile(r"(?:[^。！？!?\n：:]|(?<=[0-9A-Za-z])[：:](?=[0-9A-Za-z]))+[。！？!?]?")


def _framing(norm: str) -> tuple[float, set[str], list[tuple[int, int]]]:
    """(best clause score, cue classes seen, framing clause spans) within the zones."""
    zones = [(0, min(len(norm), _ZONE))]
    if len(norm) > _ZONE:
        zones.append((max(_ZONE, len(norm) - _ZONE), len(norm)))
    classes: set[str] = set()
    clauses: list[tuple[int, int]] = []
    for z0, z1 in zones:
        for c in _CLAUSE.finditer(norm, z0, z1):
            clause = c.group(0)
            found = {name: weight for pattern, weight, name in _WEIGHTS if pattern.search(clause)}
            # Time and past words frame only next to a test word (过了一会儿 in a word
            # problem, 上个月的工资 are not about a test).
            if not found.keys() & {"named", "test", "ongoing", "secrecy"}:
                continue
            clauses.append(c.span())
            classes.update(found)
    # Each class counts once: 命题 … 命题 … 命题 in a logic problem is one cue, not three.
    total = sum(weight for _, weight, name in _WEIGHTS if name in classes)
    return total, classes, clauses


def _has_item(norm: str, framing: list[tuple[int, int]]) -> bool:
    if _STRONG.search(norm) or len({m.group(1) for m in _OPTION.finditer(norm)}) >= 3:
        return True
    # A question body outside the framing clauses, split at sentence ends and colons.
    rest: list[str] = []
    for m in _SENTENCE.finditer(norm):
        s, e = m.span()
        if any(s < fe and fs < e for fs, fe in framing):
            continue
        body = m.group(0).strip()
        if _REQUEST.search(body):
            continue
        if len(body) >= 12 and _ASKS.search(body):
            return True
        rest.append(body)
    material = "".join(rest)
    return len(material) >= _MATERIAL_CHARS and _MATERIAL.search(material) is not None


class ExamContextDetector:
    """Decision table (see the theory of operation above):
      framing ≥ 2.0 with a test word, and a strong item cue or a question body -> report, 0.7–0.9
      framing alone (a study question about an exam)                           -> nothing
      an item alone (an exercise, a practice question)                         -> nothing
      past framing (上次/去年/真题) outweighs the rest                          -> nothing
    The finding spans the whole text and carries source=context, so the policy
    applies `exam_context_action` (default block) rather than `exam_structure_action`.
    """

    name: ClassVar[str] = "exam_context"
    entities: ClassVar[tuple[str, ...]] = ("EXAM_ITEM",)

    def detect(self, text: ScanText) -> list[Finding]:
        norm = text.norm
        if len(norm) < 20:
            return []
        zones = norm[:_ZONE] + "\n" + norm[-_ZONE:]
        if not (_NAMED.search(zones) or _TEST.search(zones) or _SECRECY.search(zones) or _ONGOING.search(zones)):
            return []
        score, classes, clauses = _framing(norm)
        if score < _FRAMED or not classes & {"named", "test", "secrecy"} or not _has_item(norm, clauses):
            return []
        start, end = 0, len(norm)
        while start < end and norm[start].isspace():
            start += 1
        while end > start and norm[end - 1].isspace():
            end -= 1
        cues = ",".join(sorted(c for c in classes if c != "past"))
        return [finding_at(text, start, end, entity="EXAM_ITEM", score=min(0.9, 0.5 + 0.1 * score),
                           detector=self.name, metadata=(("cues", cues), ("source", "context")))]
