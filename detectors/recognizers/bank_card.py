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
from detectors.digitruns import glue, number_candidates
from detectors.text import ScanText

__all__ = ["BankCardDetector"]

# Issuer prefixes and the lengths each network issues (ISO/IEC 7812 IIN ranges):
# UnionPay 62/81 16–19, Visa 4 13/16/19, Mastercard 51–55 and 2221–2720 16,
# Amex 34/37 15, JCB 35 16–19, Discover 60/64/65 16–19, Diners 36/38 14–19,
# and older domestic debit BINs starting 9 (16–19).
_NETWORKS: tuple[tuple[re.Pattern[str], frozenset[int]], ...] = (
    (re.compile(r"62|81"), frozenset(range(16, 20))),
    (re.compile(r"4"), frozenset({13, 16, 19})),
    (re.compile(r"5[1-5]|222[1-9]|22[3-9]|2[3-6]|27[01]|2720"), frozenset({16})),
    (re.compile(r"3[47]"), frozenset({15})),
    (re.compile(r"35|60|6[45]|9"), frozenset(range(16, 20))),
    (re.compile(r"3[68]"), frozenset(range(14, 20))),
)


def _plausible_issuer(number: str) -> bool:
    return any(prefix.match(number) and len(number) in lengths for prefix, lengths in _NETWORKS)


class BankCardDetector:
    """Decision table:
      identity-number context (身份证 …) and no card context -> drop
      16–19 digits, Luhn valid, issuer prefix and length plausible -> 0.85, 1.0 with context
      15 digits (Amex 34/37), Luhn valid, with context    -> 0.85
      Luhn invalid but context (卡号, 银行卡 …)             -> 0.5
      otherwise                                          -> drop
    """

    name: ClassVar[str] = "bank_card"
    entities: ClassVar[tuple[str, ...]] = ("BANK_CARD",)
    #: Words that say the number is an identity number, not a card.
    ID_CONTEXT: ClassVar[tuple[str, ...]] = ("身份证", "证件号", "身份号码", "公民身份", "学籍号", "准考证", "护照")
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "卡号", "银行卡", "信用卡", "借记卡", "储蓄卡", "银联", "card", "账号", "帐号", "账户", "帐户",
        "开户", "转账", "汇款", "visa", "mastercard", "收款",
    )

    def detect(self, text: ScanText) -> list[Finding]:
        out: list[Finding] = []
        for cand in number_candidates(text, 15, 19):
            value = cand.value
            if not value.isdigit():
                continue
            joined = glue(text, cand)
            if joined == "code":
                continue
            context = has_context(text.norm, cand.start, cand.end, self.CONTEXT, before=20)
            if not context and has_context(text.norm, cand.start, cand.end, self.ID_CONTEXT, before=20):
                continue  # 身份证号码为…: an ID number whose digits happen to pass Luhn
            valid = luhn.is_valid(value) and _plausible_issuer(value)
            if len(value) == 15:
                score = 0.85 if valid and value[:2] in ("34", "37") and context else None
            elif valid:
                score = 1.0 if context else 0.85
            else:
                score = 0.5 if context else None
            if joined == "label" and not valid:
                score = None  # kh6222…: a letter-glued number must pass its own checks
            if score is not None:
                out.append(finding_at(text, cand.start, cand.end, entity="BANK_CARD", score=score, detector=self.name))
        return out

