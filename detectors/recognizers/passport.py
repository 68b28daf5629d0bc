"""`PASSPORT`: passports and Hong Kong / Macau / Taiwan travel permits, with context.

Formats (National Immigration Administration): PRC ordinary passport E + 8
digits or E + letter + 7 digits (older G/P/S/D + 7–8 digits); 往来港澳通行证
C + 8 digits or C + letter + 7 digits; 往来台湾通行证 L + 8 digits or 8 digits;
港澳居民来往内地通行证 (回乡证) H/M + 8 or 10 digits; 台湾居民来往大陆通行证
(台胞证) 8 digits. Foreign passports: 6–9 alphanumerics.
"""

from __future__ import annotations

import re
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.context import has_context
from detectors.text import ScanText

__all__ = ["PassportDetector"]

_CODE = re.compile(
    r"(?=[A-Z0-9])"  # every alternative starts so: other positions are left after one test
    r"(?<![A-Za-z0-9])(?:[EGPSDCLHM][A-Z]?[0-9]{7,10}|[0-9]{8}|[A-Z]{1,2}[0-9]{6,8})(?![A-Za-z0-9])"
)


class PassportDetector:
    """Every pattern here is ambiguous alone (E12345678 could be a part number), so
    `validate_result` requires a context word before the code: 0.85 with the
    specific shape (E/C/L/H/M + digits), 0.6 for a bare 8-digit or foreign code."""

    name: ClassVar[str] = "passport"
    entities: ClassVar[tuple[str, ...]] = ("PASSPORT",)
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "护照", "passport", "通行证", "回乡证", "台胞证", "港澳通行", "往来台湾", "旅行证", "签证",
    )

    def detect(self, text: ScanText) -> list[Finding]:
        out: list[Finding] = []
        norm = text.norm
        if _ANY_CONTEXT.search(norm) is None:
            return out
        upper = norm.upper()
        for m in _CODE.finditer(upper):
            if not has_context(norm, m.start(), m.end(), self.CONTEXT, before=16, after=0):
                continue
            code = m.group(0)
            score = 0.85 if code[0] in "EGCLHMPSD" and not code.isdigit() else 0.6
            out.append(finding_at(text, m.start(), m.end(), entity="PASSPORT", score=score, detector=self.name))
        return out


#: Any context word anywhere in the text, case-insensitively: `has_context` reads a window of the
#: text, lower-cased, so a window holds one only where the text does. Most prompts hold none, and
#: then no code is looked for.
_ANY_CONTEXT = re.compile("|".join(map(re.escape, PassportDetector.CONTEXT)), re.IGNORECASE)
