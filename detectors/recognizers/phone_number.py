"""`PHONE_NUMBER`: mainland mobiles and landlines; Hong Kong, Macau and Taiwan numbers with context.

Numbering plans from ITU-T E.164 national plans, checked with the
`phonenumbers` metadata (Google libphonenumber): mobiles 1[3-9]x xxxx xxxx
with optional +86 / 0086, landlines 0 + area code + 7–8 digits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

import phonenumbers

from detectors.base import Finding, finding_at
from detectors.spans import DisjointSpans
from detectors.context import has_context
from detectors.digitruns import NumberCandidate, glue, number_candidates
from detectors.text import ScanText

__all__ = ["PhoneNumberDetector"]

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[1-9][0-9]{8,10}")
# (010)62751234, （0755）8888 6666: parentheses around the area code.
_PAREN_LANDLINE = re.compile(r"[(（](0[1-9][0-9]{1,2})[)）][ ]?([0-9]{3,4}[ \-]?[0-9]{4})(?![0-9])")


def _valid(number: str, region: str) -> bool:
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)


class PhoneNumberDetector:
    """Decision table (regex proposes, code decides):

    mobile 1[3-9]… (11 digits, optional 86/0086), valid per phonenumbers -> 0.9, 1.0 with context
    mobile shape but not an allocated range, with context                 -> 0.6
    landline with the area code written apart ((010)/010-/010 ) and valid -> 0.85
    landline written as one run, valid, with context                        -> 0.8
    +852/+853/+886 prefix, or HK/MO/TW context, valid for that region       -> 0.85
    """

    name: ClassVar[str] = "phone_number"
    entities: ClassVar[tuple[str, ...]] = ("PHONE_NUMBER",)
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "电话", "手机", "联系", "致电", "拨打", "号码", "座机", "热线", "tel", "phone", "mobile",
        "微信", "短信", "call", "打给", "来电",
    )
    REGION_CONTEXT: ClassVar[dict[str, tuple[str, ...]]] = {
        "HK": ("香港", "hong kong", "hk"),
        "MO": ("澳门", "澳門", "macau", "macao"),
        "TW": ("台湾", "臺灣", "台灣", "taiwan", "台北", "高雄"),
    }

    def detect(self, text: ScanText) -> list[Finding]:
        found: list[tuple[int, int, float]] = []
        # A number written several times in one text (a letterhead, a table) is parsed once
        # (phonenumbers.parse costs ~30 µs). Forgotten when the scan ends: no number outlives it.
        memo: dict[tuple[str, str], bool] = {}

        def valid(number: str, region: str) -> bool:
            known = memo.get((number, region))
            if known is None:
                known = memo[(number, region)] = _valid(number, region)
            return known

        for cand in number_candidates(text, 8, 15):
            joined = glue(text, cand)
            if joined == "code":
                continue
            score = self._score(cand, text, valid)
            if score is not None and joined == "label":
                # tel13912345678: only a valid mobile number is taken from a letter-glued token.
                score = score - 0.05 if _MOBILE.fullmatch(cand.value) and score >= 0.9 else None
            if score is not None:
                # A leading + belongs to the number (+86 …, +852 …).
                start = cand.start - 1 if cand.before == "+" else cand.start
                found.append((start, cand.end, score))
        for m in _PAREN_LANDLINE.finditer(text.digits):
            number = m.group(1) + re.sub(r"[ \-]", "", m.group(2))
            if valid(number, "CN"):
                found.append((m.start(), m.end(), 0.85))
        return [
            finding_at(text, s, e, entity="PHONE_NUMBER", score=sc, detector=self.name)
            for s, e, sc in _longest_first(found)
        ]

    def _score(self, cand: NumberCandidate, text: ScanText, valid: Callable[[str, str], bool]) -> float | None:
        value = cand.value
        if not value.isdigit():
            return None
        plus = cand.before == "+"
        national = value
        for prefix in ("0086", "86"):
            if value.startswith(prefix) and len(value) - len(prefix) in (10, 11) and (plus or prefix == "0086"):
                national = value[len(prefix) :]
                if len(national) == 10:  # +86 10 6275 1234: area code without its 0
                    national = "0" + national
                break
        if _MOBILE.fullmatch(national):
            context = has_context(text.norm, cand.start, cand.end, self.CONTEXT, before=16, after=4)
            if valid(national, "CN"):
                return 1.0 if context else 0.9
            return 0.6 if context else None
        if _LANDLINE.fullmatch(national) and len(national) in (10, 11, 12) and valid(national, "CN"):
            area_apart = len(cand.groups) >= 2 and cand.groups[0].startswith("0") and len(cand.groups[0]) in (3, 4)
            if national != value or area_apart:
                return 0.85
            return 0.8 if has_context(text.norm, cand.start, cand.end, self.CONTEXT, before=16, after=4) else None
        return self._score_hmt(cand, text, value, plus, valid)

    def _score_hmt(self, cand: NumberCandidate, text: ScanText, value: str, plus: bool,
                   valid: Callable[[str, str], bool]) -> float | None:
        for region, code in (("HK", "852"), ("MO", "853"), ("TW", "886")):
            words = self.REGION_CONTEXT[region]
            if value.startswith(code) and (plus or has_context(text.norm, cand.start, cand.end, words, before=20)):
                if valid("+" + value, region):
                    return 0.85
            elif has_context(text.norm, cand.start, cand.end, words, before=20) and has_context(
                text.norm, cand.start, cand.end, self.CONTEXT, before=20
            ):
                if len(value) in (8, 10) and valid(value, region):
                    return 0.85
        return None


def _longest_first(spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    kept: list[tuple[int, int, float]] = []
    taken = DisjointSpans()
    for s, e, sc in sorted(spans, key=lambda x: (-(x[1] - x[0]), -x[2])):
        if taken.take(s, e):
            kept.append((s, e, sc))
    return sorted(kept)
