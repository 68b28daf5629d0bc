"""`EXAM_ITEM` (framing): one exam item that the text frames as part of an upcoming,
ongoing or confidential test: 这是下周月考的作文题…（60分）, 期中考试阅读C篇…卷子还没交印,
"from tomorrow's quiz, don't share". The words around an item say more than its layout."""

from __future__ import annotations

import re
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.prefilter import gated
from detectors.text import ScanText

__all__ = ["ExamContextDetector"]

# Theory of operation. Cue classes, each a weight; the framing of a text is the sum
# of the cues found in its framing zone (the first and the last _ZONE characters,
# where people write what they paste), clause by clause near a test word. Each class
# is a kind of statement about the test, written as word classes (a weekday, "N days
# left", "not yet + seen/printed/released", "do not + pass on/show") rather than a
# list of phrases, so that wordings never seen still fall into a class:
#
#   class        weight  what it says                      examples
#   named test    1.0    which test                        月考 期中 期末 联考 小测 周测 摸底 一模 midterm quiz
#   test word     0.5    a test or its paper               考试 测验 exam test paper
#   paper         0.5    the paper the item sits on        试卷 卷子 考卷 试题 考题 原题 用题 样卷
#   this paper    0.5    the item is part of that paper    这份卷子 这套题 卷子上的 卷里有 试卷第5题 其中一道
#   time          1.0    when: not yet / soon              下周 明早 周四 下午第三节 还有三天 月底 才考 要考的 next week
#   ongoing       1.5    now, in the exam room             正在考 进行中 还在考 考场 监考 交卷前 proctoring right now
#   live          2.0    this very minute (enough alone)   还剩10分钟 就收卷了 考到一半 离交卷 phone under the desk
#   secrecy       1.5    not released / do not pass on /   保密 还没公布 学生还没见过 不能外传 别发给学生 押题
#                        written or printed by us          命的题 刚出的 出卷 审卷 定稿 印好的 confidential embargo
#   past         -1.5    over, or an exercise              上次 去年 真题 考完 讲评 错题 成绩 练习题 课后题 作业 textbook
#
# A text is framed when its zone holds a test word, a named test or a paper and the sum
# (each class counted once) reaches _FRAMED. The item is there when the text has a strong item cue (a score
# mark （60分）, 第12题, an option block, 不少于800字, blanks, 阅读C篇) or a question
# body outside the framing clauses (≥ 12 characters, ending in a question or asking
# 求/多少/几/which/what). Framing without an item ("下周期末考试，怎么复习？") and an
# item without framing (a textbook exercise, 明天要考试了，这道题不会) are clean.

_NUM = r"[0-9一二两三四五六七八九十几半]"
_NAMED = re.compile(
    r"月考|期中|期末|联考|统考|模考|模拟考|模拟卷|模拟题|小测|(?<![上下本这每])周测|单元测|随堂测|摸底|质检|[一二三四]模|诊断考|"
    r"中考|高考|会考|学考|水平(?:测试|考试)|质量检测|阶段性?(?:测|考)|适应性|调研|竞赛|分班考|入学考|选拔考|结业考|毕业考|验收考|抽考|抽测|调研考|适应性考|"
    r"midterm|mid-term|final exam|finals|quiz|mock exam|mock test|unit test|entrance exam|"
    r"\b(?!(?:a|an|the|this|that|my|your|his|her|our|their|practice|sample|past|old|next|last)\b)[a-z][a-z-]{2,} (?:exam|test|quiz)\b",
    re.I,
)
_TEST = re.compile(r"考试|测验|测试|考查|[才就要将快待再]考|还没考|考完(?:再|就|后|以后|之后|请)|\bexam|\btest\b|\bpaper\b", re.I)
_PAPER = re.compile(r"试卷|卷子|考卷|卷面|试题|考题|原题|原卷|用题|样卷|压轴题|[AB]卷|答题卡|题签|\b(?:actual|real|exam|test) paper\b", re.I)
_THIS_PAPER = re.compile(
    r"(?:这|此|本|那)[份张套次](?:卷子|试卷|考卷|卷|题|试题)|"
    r"(?:卷子?|试卷|考卷|试题)(?:上|里|中)的?|(?:卷子?|试卷|考卷|试题|考试|测试|检测|测验|[考测])[^，。,\n]{0,4}第\s*" + _NUM + r"{1,3}\s*[大小]?题|"
    r"(?:这|以下|下面|如下)(?:就)?(?:是|为)[^，。,\n]{0,14}(?:考试|测试|测验|检测|[考测卷])[^，。,\n]{0,4}的[^，。,\n]{0,3}题|"
    r"其中(?:一|的一)?道|里面?有这么?一?道|有这(?:一)?道|要考的|考的(?:就是|是)?这|\bquestion \d{1,2} (?:from|of|on|in)\b|"
    r"\b(?:from|on|in) (?:the|this|tomorrow's|next week's|today's|our) [a-z ]{0,20}(?:exam|test|quiz|paper)\b",
    re.I,
)
_TIME = re.compile(
    r"下周|下星期|下个?礼拜|下个月|下学期初|明天|明早|明日|明晚|明[上下]午|后天|今晚|今早|今天|今日|今[上下]午|"
    r"[上下]午|晚上|早上|中午|傍晚|第" + _NUM + r"{1,2}节|"
    r"周[一二三四五六日末]|星期[一二三四五六日天]|礼拜[一二三四五六天]|月底|月末|本周|这周|这个?星期|这个?礼拜|本月|年底|"
    r"还有\s*" + _NUM + r"{1,3}\s*(?:天|周|个?星期|个?礼拜|小时|分钟)|" + _NUM + r"{1,3}\s*(?:天|周|个?星期)(?:后|以后|之后)|"
    r"即将|马上|快要|就要|将要|将于|过几天|不久|第" + _NUM + r"{1,2}周|"
    r"(?:元旦|国庆|五一|中秋|清明|端午|寒假|暑假|春节|开学|放假|假期|月考|周末)(?:前|后|之前|之后|第|回来|结束|一开学)|"
    r"[才就要将快待再]考|还没考|考完(?:再|就|后|以后|之后|请)|未考|尚未考|考前|开考前?|考之前|考试前|"
    r"next (?:week|monday|tuesday|wednesday|thursday|friday|month|class|period)|tomorrow|tonight|upcoming|later today|"
    r"this (?:friday|monday|tuesday|wednesday|thursday|afternoon|morning|evening|week)|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|in (?:\d+|two|three|four|five|a few) (?:days|hours)|soon|"
    r"first thing|later today",
    re.I,
)
_ONGOING = re.compile(
    r"正在考|正在进行|进行中|进行着|还在考|还没考完|没考完|考试中|考场|正考着|现在在考|正在监考|在监考|监考|交卷前|"
    r"偷偷(?:发|拍)|(?:手机|偷偷)[^，。,\n]{0,6}(?:带进|拍|发)|\bsitting (?:the|my|an?)\b|\bin the (?:exam|test)(?: hall| room)? now\b|"
    r"during the (?:exam|test|quiz)|in the exam room|proctor|invigilat|right now|currently (?:taking|sitting)",
    re.I,
)
_SECRECY = re.compile(
    r"保密|机密|绝密|秘密|内部(?:资料|卷|试题|题|用)|密卷|"
    # do not + pass on / show / tell
    r"(?:不能|不可以|不要|不准|不许|不得|别|勿|禁止|严禁|千万别|千万不要|请勿|不外)"
    r"(?:外传|外泄|外流|传出去|传播|泄露|泄漏|透露|流出|公开|转发|拍照|发(?:出去|给|到|群)|给[^，。,\n]{0,6}看|告诉)|"
    # not yet + released / printed / handed out / seen by the pupils
    r"(?:还|尚|都|暂)?(?:没|未|没有)(?:有)?(?:公布|公开|发布|下发|发下去|发给|发(?![现生烧表挥展言音明达育动])|印|印刷|付印|泄露|外传|解封)|"
    r"(?:学生|同学|孩子|他们)[们]?(?:都|还|也)?(?:没|未|没有)(?:见过|看过|拿到|做过)|"
    # written or printed by us
    r"交印|付印|送印|印好|复印好|印出来|印刷|印卷|印制|定稿|审卷|审题稿|出卷|组卷|制卷|命题|出题组|押题|押中|泄题|漏题|透题|"
    r"校对|核对|核一遍|审一遍|(?:没|未|待)审|锁在|封存|密封|封卷|提前(?:拿到|弄到|搞到|看到|拿|给)|"
    r"偷偷(?:告诉|透露|给|传)|命的|出的(?:卷|题|试)|刚出|新出炉|我出的|我命的|我们组出的|(?:我|我们|组里|老师)[^，。,\n]{0,10}出的|"
    r"\bdraft(?:ing|ed)?\b|got hold of|\bearly\b|to yourself|between us|\bleaked\b|"
    r"confidential|embargo|do not (?:share|distribute|forward|post)|don'?t (?:share|distribute|forward|post|tell)|"
    r"not (?:yet )?(?:released|public|published)|haven'?t (?:seen|taken)|before the (?:exam|test|quiz)|keep (?:it|this) secret|leak",
    re.I,
)
_PAST = re.compile(
    r"上次|上周|上星期|上个月|昨天|前天|去年|前年|往年|历年|真题|已经考完|考完了|考完的|考过的|考过|已考|以前的|上学期|已公布|已经公布|"
    r"讲评|订正|错题|考砸|没考好|考得|考了\s*\d|成绩|分数|阅卷|改卷|批改|"
    r"练习题|习题|作业|训练|专项|课后题|课本|教材|例题|练习册|辅导书|教辅|复习资料|复习题|题型|这类题|布置|[让叫]我们?练|练一练|刷题|"
    r"last (?:week|year|month|term)|yesterday|past paper|previous year|homework|textbook|practice|exercise",
    re.I,
)
_LIVE = re.compile(
    r"离交卷|(?:就|要|快|马上)收卷|收卷(?:了|前|之前)|考到一半|考了一半|还剩\s*" + _NUM + r"{1,3}\s*分钟|" + _NUM + r"{1,3}\s*分钟(?:就|后)?(?:收卷|交卷|结束)|"
    r"(?:手机|偷偷)[^，。,\n]{0,6}带进|\bsitting (?:the|my|an?)\b[^.?!\n]{0,30}\bnow\b|under the desk",
    re.I,
)
# Behind a lookahead on the characters a match can start with (`detectors.prefilter.gated`):
# the same matches, without trying every branch at every character.
_NAMED, _TEST, _PAPER, _THIS_PAPER, _TIME, _ONGOING, _SECRECY, _PAST, _LIVE = map(
    gated, (_NAMED, _TEST, _PAPER, _THIS_PAPER, _TIME, _ONGOING, _SECRECY, _PAST, _LIVE))

_WEIGHTS: tuple[tuple[re.Pattern[str], float, str], ...] = (
    (_NAMED, 1.0, "named"), (_TEST, 0.5, "test"), (_PAPER, 0.5, "paper"), (_THIS_PAPER, 0.5, "this_paper"),
    (_TIME, 1.0, "time"), (_ONGOING, 1.5, "ongoing"), (_SECRECY, 1.5, "secrecy"), (_LIVE, 2.0, "live"), (_PAST, -1.5, "past"),
)
# A clause holding one of these can frame; the others only add to such a clause.
_ANCHORS = frozenset({"named", "test", "paper", "ongoing", "secrecy", "live"})
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
# A calculation: three numbers joined by operators (6375+450/18*101, (4/5)-((1/3)+(1/6))).
_EXPRESSION = re.compile(r"[(（]?\d+(?:\.\d+)?[)）]?(?:\s*[-+*/×÷]\s*[(（]*\d+(?:\.\d+)?[)）]*){2,}")
# A sentence that asks the assistant for something is a request, not an item.
_REQUEST = re.compile(r"^\s*(?:请|帮我|帮忙|给我|能不能|能否|可以|你能|我想|我要|怎么复习|如何复习)|复习|出\s*\d*\s*道|出一份|出一套")
# Material: a pasted passage or problem, recognised by its size and what it holds.
_MATERIAL = re.compile(r"[0-9$?？]|下列|下面|以下|阅读|材料|文章|短文|passage|[A-Za-z]{3,}(?: [A-Za-z]{2,}){5}", re.I)
_ASKS, _MATERIAL = gated(_ASKS), gated(_MATERIAL)  # as above
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
            if not found.keys() & _ANCHORS:
                continue
            classes.update(found)
            # A clause that only names a test (某次数学竞赛共20道题，…) may be the item's own
            # text; the item is looked for outside the clauses that say more than that.
            if found.keys() - {"named", "test"}:
                clauses.append(c.span())
    # Each class counts once: 命题 … 命题 … 命题 in a logic problem is one cue, not three.
    total = sum(weight for _, weight, name in _WEIGHTS if name in classes)
    return total, classes, clauses


def _has_item(norm: str, framing: list[tuple[int, int]]) -> bool:
    if _STRONG.search(norm) or len({m.group(1) for m in _OPTION.finditer(norm)}) >= 3:
        return True
    if _EXPRESSION.search(norm):
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
        if not any(p.search(zones) for p in (_NAMED, _TEST, _PAPER, _SECRECY, _ONGOING, _LIVE)):
            return []
        score, classes, clauses = _framing(norm)
        if score < _FRAMED or not classes & {"named", "test", "paper", "secrecy", "live"} or not _has_item(norm, clauses):
            return []
        start, end = 0, len(norm)
        while start < end and norm[start].isspace():
            start += 1
        while end > start and norm[end - 1].isspace():
            end -= 1
        cues = ",".join(sorted(c for c in classes if c != "past"))
        return [finding_at(text, start, end, entity="EXAM_ITEM", score=min(0.9, 0.5 + 0.1 * score),
                           detector=self.name, metadata=(("cues", cues), ("source", "context")))]
