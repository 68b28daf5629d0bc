"""`EMAIL_ADDRESS`: e-mail addresses (RFC 5322 dot-atom local part, DNS domain), in mixed Chinese text.

Full-width forms (ｘ＠ｙ．ｃｏｍ) are handled by the NFKC view; the local part
stops at Chinese characters, so "邮箱abc@163.com联系" yields abc@163.com.
"""

from __future__ import annotations

import re
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.prefilter import Needs
from detectors.text import ScanText

__all__ = ["EmailAddressDetector"]

_EMAIL = re.compile(
    r"(?=[A-Za-z0-9])"  # where the local part can start: other positions are left after one test
    r"(?<![A-Za-z0-9._%+\-])"
    r"([A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,63}[A-Za-z0-9_%+\-])?)"
    r"\s?(?:@|\(at\)|\[at\])\s?"
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})"
    r"(?![A-Za-z0-9\-])"
)

_NEEDS = Needs(_EMAIL)  # an @ (or (at), [at]) and a dot: most prompts have no @


class EmailAddressDetector:
    """Regex proposes; `validate_result`: the domain needs a dot and an alphabetic TLD
    (regex guarantees it), the local part must not start or end with a dot. 0.95."""

    name: ClassVar[str] = "email_address"
    entities: ClassVar[tuple[str, ...]] = ("EMAIL_ADDRESS",)

    def detect(self, text: ScanText) -> list[Finding]:
        out: list[Finding] = []
        if not _NEEDS(text.norm):
            return out
        for m in _EMAIL.finditer(text.norm):
            local = m.group(1)
            if local.startswith(".") or ".." in local:
                continue
            out.append(finding_at(text, m.start(), m.end(), entity="EMAIL_ADDRESS", score=0.95, detector=self.name))
        return out
