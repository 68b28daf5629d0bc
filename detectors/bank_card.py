"""`BANK_CARD`: payment card numbers (UnionPay, Visa, Mastercard, JCB, Amex …).

Specification: ISO/IEC 7812 (issuer identification number prefixes, Luhn
check digit). Chinese debit cards are 16–19 digits, mostly UnionPay 62…
"""

from __future__ import annotations

import re
from typing import ClassVar

from stdnum import luhn

from detectors.base import Finding, finding_at
from detectors.context import has_context
from detectors.digitruns import number_candidates
from detectors.text import ScanText

__all__ = ["BankCardDetector"]

# Issuer prefixes that issue 15–19 digit cards in use in China and abroad:
# UnionPay 62/81, Visa 4, Mastercard 51–55 and 2221–2720, Amex 34/37,
# JCB 35, Discover 60/64/65, and older domestic bank BINs starting 9 / 5 / 3 / 6.
_PREFIX = re.compile(r"(?:62|81|4|5[1-5]|2[2-7]|3[4-7]|60|6[4-5]|9[0-9]|5[0-9]|3[0-9]|6[0-9])")


class BankCardDetector:
    """Decision table:
      16–19 digits, Luhn valid, plausible issuer prefix  -> 0.85, 1.0 with context
      15 digits (Amex 34/37), Luhn valid, with context    -> 0.85
      Luhn invalid but context (卡号, 银行卡 …)             -> 0.5
      otherwise                                          -> drop
    """

    name: ClassVar[str] = "bank_card"
    entities: ClassVar[tuple[str, ...]] = ("BANK_CARD",)
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "卡号", "银行卡", "信用卡", "借记卡", "储蓄卡", "银联", "card", "账号", "帐号", "账户", "帐户",
        "开户", "转账", "汇款", "visa", "mastercard", "收款",
    )

    def detect(self, text: ScanText) -> list[Finding]:
        out: list[Finding] = []
        for cand in number_candidates(text, 15, 19):
            value = cand.value
            if not value.isdigit() or _glued(cand.before) or _glued(cand.after):
                continue
            context = has_context(text.norm, cand.start, cand.end, self.CONTEXT, before=20)
            valid = luhn.is_valid(value) and _PREFIX.match(value) is not None
            if len(value) == 15:
                score = 0.85 if valid and value[:2] in ("34", "37") and context else None
            elif valid:
                score = 1.0 if context else 0.85
            else:
                score = 0.5 if context else None
            if score is not None:
                out.append(finding_at(text, cand.start, cand.end, entity="BANK_CARD", score=score, detector=self.name))
        return out


def _glued(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()
