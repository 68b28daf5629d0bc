"""`CN_RESIDENT_ID`: PRC resident identity card numbers (18-digit and legacy 15-digit).

Specification: GB 11643-1999 (citizen identification number): 6-digit
address code (GB/T 2260), 8-digit birth date, 3-digit sequence, ISO 7064
MOD 11-2 check character. Legacy cards (before 1999) have 15 digits: address
code, YYMMDD birth date, sequence, no check digit.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from detectors.base import Finding, finding_at
from detectors.context import has_context
from detectors.digitruns import glue, number_candidates
from detectors.text import ScanText

__all__ = ["CnResidentIdDetector"]

_REGIONS = numdb.get("cn/loc")


def _known_region(code: str) -> bool:
    return any(props for _part, props in _REGIONS.info(code))


def _plausible_date(year: int, month: int, day: int) -> bool:
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= born <= datetime.date.today()


class CnResidentIdDetector:
    """Finds resident ID numbers in the digit view (full-width, split and
    Chinese-numeral forms included).

    Decision table (`validate_result` in Presidio's terms):
      valid checksum, birth date and region   -> report, 0.95 (1.0 with context)
      valid checksum and date, region code known but not in that year
                                               -> report, 0.85 (0.9 with context)
      bad checksum or unknown region, but a plausible birth date and context
      words (身份证, 证件号 …)                   -> report, 0.6
      anything else                            -> drop
    Legacy 15-digit numbers: known region and valid YYMMDD -> 0.5, 0.85 with context.
    """

    name: ClassVar[str] = "cn_resident_id"
    entities: ClassVar[tuple[str, ...]] = ("CN_RESIDENT_ID",)
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "身份证", "身份号", "证件号", "证件号码", "公民身份", "居民身份", "身份号码", "id card",
        "id number", "id no", "身分证", "id:", "id：",
    )

    def detect(self, text: ScanText) -> list[Finding]:
        out: list[Finding] = []
        for cand in number_candidates(text, 15, 18):
            if cand.before.isdigit() or cand.after.isdigit() or glue(text, cand) == "code":
                # Inside a longer token of letters and digits (a key, a code). A short label
                # glued to it (sfz1101…, the G of a national student number) does not hide it.
                continue
            value = cand.value
            if len(value) == 18:
                score = self._score18(value, text, cand.start, cand.end)
            elif len(value) == 15 and value.isdigit():
                score = self._score15(value, text, cand.start, cand.end)
            else:
                continue
            if score is not None:
                out.append(
                    finding_at(text, cand.start, cand.end, entity="CN_RESIDENT_ID", score=score, detector=self.name)
                )
        return out

    def _score18(self, value: str, text: ScanText, start: int, end: int) -> float | None:
        if not value[:17].isdigit():
            return None
        context = has_context(text.norm, start, end, self.CONTEXT, before=20)
        try:
            ric.validate(value)
            return 1.0 if context else 0.95
        except ValidationError:
            pass
        if ric.calc_check_digit(value) == value[-1] and _plausible_date(
            int(value[6:10]), int(value[10:12]), int(value[12:14])
        ) and _known_region(value[:6]):
            # Checksum right, but the county was not registered in the birth
            # year (re-zoning): still an ID number in practice.
            return 0.9 if context else 0.85
        if not context or value[0] == "0":
            return None
        if not _plausible_date(int(value[6:10]), int(value[10:12]), int(value[12:14])):
            return None
        return 0.6

    def _score15(self, value: str, text: ScanText, start: int, end: int) -> float | None:
        if not _known_region(value[:6]):
            return None
        if not _plausible_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12])):
            return None
        return 0.85 if has_context(text.norm, start, end, self.CONTEXT, before=20) else 0.5
