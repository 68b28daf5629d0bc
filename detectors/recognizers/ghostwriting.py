"""`GHOSTWRITING`: a request for finished homework to hand in as one's own
(帮我直接写一篇…交给老师, 代写, 作业答案全部…).

The 《中小学生成式人工智能使用指南》 (教育部, 2025) asks that students do not
simply copy AI output into homework; a question about a topic ("怎么写好一篇
议论文") is study, a request for the finished piece to submit is not. Each
pattern needs both a *finished product* (作文/作业/答案/论文/读后感 …) and a
*hand-it-in* or *do-it-for-me* signal (代写, 交给老师, 直接给我答案, 全部答案,
我抄), so questions about how to write are not reported. Pure: text in,
findings out.
"""

from __future__ import annotations

import re
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.prefilter import Needs
from detectors.text import ScanText

__all__ = ["GhostwritingDetector"]

_WORK = r"(?:作文|文章|作业|答案|论文|读后感|观后感|周记|日记|小论文|心得|心得体会|报告|实验报告|演讲稿|检讨书?|试卷|练习册|习题|卷子|寒假作业|暑假作业|essay|homework)"

# (kind, pattern, score). Ordered from the most specific. Each pattern opens with a lookahead on the
# characters a match can start with: every other position is left after one test.
_PATTERNS: tuple[tuple[str, re.Pattern[str], float], ...] = (
    # 代写 / 代做 / 枪手 — the word is the request.
    ("ghostwrite_word", re.compile(r"(?=[代找当帮替])(?:代写|代做作业|代做|代笔|找枪手|当枪手|帮写作业|替我写|替我做作业)"), 0.85),
    # 帮我(直接)写一篇作文 … 交给老师 / 交上去 / 明天要交
    ("write_to_submit", re.compile(
        r"(?=[帮给替你])(?:帮我|给我|替我|你来)[^。！？\n]{0,8}?(?:直接)?(?:写|做|完成|写完|做完)[^。！？\n]{0,20}?" + _WORK
        + r"[^。！？\n]{0,30}?(?:交给老师|交给老師|交上去|上交|交作业|交差|要交|去交|我抄|抄上去|照抄|直接交)"
    ), 0.9),
    # 作业答案全部 / 全部答案 / 所有题的答案直接给我
    ("all_answers", re.compile(
        # …but "我的作业答案全部对吗" is checking one's own work, not asking for it.
        r"(?=[作练习试卷题全所整])(?:(?:作业|练习册|习题|试卷|卷子|练习|题目?)[^。！？\n]{0,6}?(?:的)?(?:答案)[^。！？\n]{0,4}?(?:全部|都|全都|所有)"
        r"(?![^。！？\n]{0,3}?(?:对|正确|错|一样|相同))"
        r"|(?:全部|所有|整[张份本])[^。！？\n]{0,6}?(?:题|作业|练习)?[^。！？\n]{0,4}?(?:的)?答案"
        r"[^。！？\n]{0,8}?(?:给我|发我|写出来|列出来|告诉我|直接))"
    ), 0.8),
    # 直接给我答案，不要讲解 / 不用解释
    ("answer_without_working", re.compile(
        r"(?=[直只])(?:直接|只)(?:给我|告诉我|写出|说出)[^。！？\n]{0,6}?(?:答案|结果)[^。！？\n]{0,10}?(?:不要|不用|别|无需)(?:讲|解释|过程|步骤|分析)"
    ), 0.75),
    # 写一篇…(作文)… 我直接抄 / 我照着抄
    ("copy_it", re.compile(r"(?=[写做])(?:写|做)[^。！？\n]{0,30}?" + _WORK + r"[^。！？\n]{0,20}?(?:我(?:直接|好|就)?(?:抄|照抄|誊)|让我抄)"), 0.85),
)

# The words each pattern cannot match without (`Needs`): a text with none of them is not searched.
_NEEDS = tuple(Needs(pattern) for _kind, pattern, _score in _PATTERNS)


class GhostwritingDetector:
    """Regex proposes, and each pattern already carries its two signals (a
    finished work and a hand-it-in or do-it-for-me cue), so no further check
    is needed; overlapping hits keep the first (most specific) one."""

    name: ClassVar[str] = "ghostwriting"
    entities: ClassVar[tuple[str, ...]] = ("GHOSTWRITING",)

    def detect(self, text: ScanText) -> list[Finding]:
        norm = text.norm
        taken: list[tuple[int, int]] = []
        out: list[Finding] = []
        for (kind, pattern, score), needs in zip(_PATTERNS, _NEEDS):
            if not needs(norm):
                continue
            for m in pattern.finditer(norm):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                out.append(finding_at(text, m.start(), m.end(), entity="GHOSTWRITING", score=score,
                                      detector=self.name, metadata=(("kind", kind),)))
        return sorted(out, key=lambda f: f.start)
