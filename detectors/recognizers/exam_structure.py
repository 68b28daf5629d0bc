"""`EXAM_ITEM` (structural): exam papers and batches of test items nobody
registered: paper headers, scored section headers, numbered items with score
marks, option blocks A–D, blanks to fill. One study question is not a paper."""

from __future__ import annotations

import re
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.prefilter import Needs
from detectors.text import ScanText

__all__ = ["ExamStructureDetector"]

_HEADER = re.compile(r"绝密★|启用前|考试时间|考试用时|满分\s*\d|注意事项|准考证号|考生须知|本试卷(?:共|分)|试卷满分|答题卡|监考")
_SECTION = re.compile(
    r"(?m)^\s*[一二三四五六七八九十]{1,3}\s*[、.．]\s*(?:单项|多项|不定项)?"
    r"(?:选择题|填空题|解答题|判断题|计算题|阅读理解|完形填空|作文|写作|实验题|简答题|应用题|综合题|材料分析题|非选择题|选考题|听力)"
)
_SECTION_SCORE = re.compile(r"[(（]\s*(?:本大题|本题)?(?:共\s*\d+\s*小题|每小题\s*\d+(?:\.\d+)?\s*分)[^)）]{0,30}[)）]")
_ITEM = re.compile(r"(?m)^\s*(\d{1,3})\s*[.．、](?!\d)\s*\S")
_SCORE_MARK = re.compile(r"[(（]\s*\d{1,2}\s*分\s*[)）]")
_OPTIONS = re.compile(r"(?s)[(（]?A[)）.．、]\s*\S.{0,200}?[(（]?B[)）.．、]\s*\S.{0,200}?[(（]?C[)）.．、]\s*\S.{0,200}?[(（]?D[)）.．、]\s*\S")
_BLANK = re.compile(r"(?=[_＿(（])(?:_{3,}|＿{2,}|[(（]\s{0,3}[)）])")
_SUBITEM = re.compile(r"[(（]\s*[1-9]\s*[)）]")
# A word problem or exercise: numbers and a question (多少/几/求/？), as in a pasted
# worksheet: "1. 小明有5个苹果，吃了2个，还剩几个？"
_PROBLEM = re.compile(r"(?=[^\n]*\d)[^\n]*(?:多少|几[个只本天米元人次倍岁]?|求|是多少|[?？])")


# The words each pattern cannot match without (`Needs`): a prompt without 分, 题, A–D or brackets
# is not searched for score marks, sections or options at all.
_NEEDS = {p: Needs(p) for p in (_HEADER, _SECTION, _SECTION_SCORE, _ITEM, _SCORE_MARK, _OPTIONS, _BLANK, _SUBITEM)}


def _all(pattern: re.Pattern[str], norm: str) -> list[re.Match[str]]:
    """Every match of `pattern` in `norm`; none searched for where `Needs` says none can be."""
    return list(pattern.finditer(norm)) if _NEEDS[pattern](norm) else []


def _is_problem(norm: str, start: int) -> bool:
    end = norm.find("\n", start)
    line = norm[start : end if end != -1 else len(norm)]
    return len(line) >= 12 and _PROBLEM.match(line) is not None


class ExamStructureDetector:
    """Decision table (scores 0.6–0.9):
      a paper header word together with any other exam feature           -> report
      two different paper header words (绝密★, 注意事项, 准考证号 …)        -> report
      a section header (一、选择题 …) with a score note or ≥ 2 items       -> report
      ≥ 2 numbered items with option blocks, score marks or blanks       -> report
      ≥ 2 option blocks                                                  -> report
      ≥ 2 numbered word problems (numbers and a question, ≥ 12 characters) -> report
      anything less (one question, a numbered to-do list)                -> nothing
    """

    name: ClassVar[str] = "exam_structure"
    entities: ClassVar[tuple[str, ...]] = ("EXAM_ITEM",)

    def detect(self, text: ScanText) -> list[Finding]:
        norm = text.norm
        headers = _all(_HEADER, norm)
        sections = _all(_SECTION, norm)
        items = _all(_ITEM, norm)
        numbers = {int(m.group(1)) for m in items}
        options = _all(_OPTIONS, norm)
        marks = _all(_SCORE_MARK, norm) + _all(_SECTION_SCORE, norm)
        blanks = _all(_BLANK, norm)
        other = bool(sections or options or marks or len(numbers) >= 2 or len(blanks) >= 2)
        score = 0.0
        if headers and other:
            score = 0.9
        elif len({m.group(0) for m in headers}) >= 2:
            score = 0.85  # 绝密★启用前 … 注意事项 … 准考证号: a paper's front page
        elif sections and (marks or len(numbers) >= 2):
            score = 0.85
        elif len(numbers) >= 2 and (options or marks or len(blanks) >= 2 or len(_all(_SUBITEM, norm)) >= 2):
            score = 0.75
        elif len(options) >= 2:
            score = 0.7
        elif len(numbers) >= 2 and sum(1 for m in items if _is_problem(norm, m.end() - 1)) >= 2:
            score = 0.65  # a worksheet of numbered word problems
        if not score:
            return []
        spans = [m.span() for m in (*headers, *sections, *items, *options, *marks)]
        start = min(s for s, _ in spans)
        end = max(e for _, e in spans)
        # Extend to the end of the line holding the last feature.
        line_end = norm.find("\n", end)
        end = len(norm) if line_end == -1 else line_end
        while end > start and norm[end - 1].isspace():
            end -= 1
        return [finding_at(text, start, end, entity="EXAM_ITEM", score=score, detector=self.name,
                           metadata=(("source", "structure"),))]
