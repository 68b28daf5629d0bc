"""`STUDENT_ID`: the national student registration number (全国学籍号) and school
student / exam numbers introduced by 学号, 考号, 准考证号.

全国中小学生学籍信息管理系统: the registration number is G + the 18-character
resident ID (J + … for pupils registered without an ID, L + … temporary).
"""

from __future__ import annotations

import re
from typing import ClassVar

from stdnum.cn import ric

from detectors.base import Finding, finding_at
from detectors.digitruns import number_candidates
from detectors.prefilter import gated
from detectors.stores.roster import Roster
from detectors.text import ScanText

__all__ = ["StudentIdDetector"]

# `gated`: the same matches, tried only where one can start (`detectors.prefilter`).
_NATIONAL = gated(re.compile(r"(?<![A-Za-z0-9])[GJLgjl][0-9]{17}[0-9Xx](?![A-Za-z0-9])"))
_INTRODUCED = re.compile(
    r"(?=[全学准考s])"  # the first characters of the labels: other positions are left after one test
    r"(?:全国学籍号|学籍号|学籍编号|学生编号|准考证号码?|准考证|考生号|考籍号|考号|学号|student\s?id|student\s?no\.?)"
    # Never across a line break: a table header 学号 at the end of a line does not
    # introduce the first number of the next row (that is a score column's cell).
    r"[ \t\u3000]*(?:是|为|:|：|=|#|No\.?)?[ \t\u3000]*"
    r"([A-Za-z]{0,3}[0-9][0-9A-Za-z\-]{2,24})(?![0-9A-Za-z])",
    re.IGNORECASE,
)


class StudentIdDetector:
    """Decision table:
      G/J/L + 18 characters forming a valid resident ID   -> 0.95
      G/J/L + 18 characters, checksum bad                 -> 0.7
      a number right after 学号 / 考号 / 准考证号 / 学籍号  -> 0.9 (at least 4 characters)
      any 4–20 digit number on the loaded school roster    -> 0.99
    """

    name: ClassVar[str] = "student_id"
    entities: ClassVar[tuple[str, ...]] = ("STUDENT_ID",)

    def __init__(self, roster: Roster | None = None) -> None:
        self._roster = roster

    def detect(self, text: ScanText) -> list[Finding]:
        out: list[Finding] = []
        national: list[tuple[int, int]] = []
        digits = text.digits
        for m in _NATIONAL.finditer(digits):
            score = 0.95 if ric.is_valid(m.group(0)[1:]) else 0.7
            national.append((m.start(), m.end()))
            out.append(finding_at(text, m.start(), m.end(), entity="STUDENT_ID", score=score, detector=self.name))
        # The national numbers are in order and so are the introduced ones: one walk over both, not
        # one scan of every national number per introduced one (a pasted roster holds thousands).
        whole = len(national)
        k = 0
        for m in _INTRODUCED.finditer(digits):
            # 学籍号：G… is already reported whole by the national pattern.
            at = m.start(1)
            while k < whole and national[k][1] <= at:
                k += 1
            if k < whole and national[k][0] <= at:
                continue
            national.append((m.start(1), m.end(1)))
            out.append(finding_at(text, m.start(1), m.end(1), entity="STUDENT_ID", score=0.9, detector=self.name))
        if self._roster is not None:
            for cand in number_candidates(text, 4, 20):
                if self._roster.has_number(cand.value) and not any(
                    s < cand.end and cand.start < e for s, e in national
                ):
                    out.append(finding_at(text, cand.start, cand.end, entity="STUDENT_ID", score=0.99,
                                          detector=self.name, metadata=(("source", "roster"),)))
        return out
