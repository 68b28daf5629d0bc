"""`SECRET`: API keys, access tokens, private keys and passwords written after 密码.

Token shapes from the issuers' documentation: OpenAI `sk-`/`sk-proj-`,
Anthropic `sk-ant-`, AWS access key ids `AKIA`/`ASIA` + 16, GitHub
`ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` + 36 and `github_pat_`, Slack `xox?-`,
Google `AIza` + 35, JSON Web Tokens, PEM private key blocks.
"""

from __future__ import annotations

import re
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.text import ScanText

__all__ = ["SecretDetector"]

# (kind, a literal every match contains, pattern, score): the literal is a cheap
# `in` test that spares the regex on ordinary text.
_TOKENS: tuple[tuple[str, str, re.Pattern[str], float], ...] = (
    ("openai_or_anthropic_key", "sk-", re.compile(r"(?<![A-Za-z0-9])sk-(?:ant-|proj-)?[A-Za-z0-9_\-]{20,}"), 0.95),
    ("aws_access_key_id", "A", re.compile(r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])"), 0.95),
    ("github_token", "_", re.compile(r"(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})"), 0.95),
    ("slack_token", "xox", re.compile(r"(?<![A-Za-z0-9])xox[abprs]-[A-Za-z0-9\-]{10,}"), 0.9),
    ("google_api_key", "AIza", re.compile(r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_\-]{35}(?![A-Za-z0-9_\-])"), 0.95),
    ("json_web_token", "eyJ", re.compile(r"(?<![A-Za-z0-9])eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}"), 0.9),
    ("private_key", "-----BEGIN", re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z]+ )?PRIVATE KEY-----|$)"), 1.0),
    ("bearer_token", "Bearer ", re.compile(r"(?<=Bearer )[A-Za-z0-9_\-.=]{20,}"), 0.85),
)
# A password after its label: 密码是 abc123!, password: hunter2, 口令=…
_PASSWORD = re.compile(
    r"(?=[密口p])"  # the first characters of the labels: other positions are left after one test
    r"(?:密码|口令|密碼|password|passwd|pwd|passcode)\s*(?:是|为|為|:|：|=|is)\s*[\"'“”‘’「]?"
    r"([^\s\"'“”‘’「」，。,；;、]{3,64})",
    re.IGNORECASE,
)


class SecretDetector:
    """Token shapes are specific enough to report without context (0.85–1.0).
    Passwords are reported only after a label and a separator (是/为/:/=), so
    "忘记密码怎么办" is not a finding. 0.9."""

    name: ClassVar[str] = "secret"
    entities: ClassVar[tuple[str, ...]] = ("SECRET",)

    def detect(self, text: ScanText) -> list[Finding]:
        norm = text.norm
        out: list[Finding] = []
        for kind, literal, pattern, score in _TOKENS:
            if literal not in norm:
                continue
            for m in pattern.finditer(norm):
                out.append(
                    finding_at(text, m.start(), m.end(), entity="SECRET", score=score, detector=self.name,
                               metadata=(("kind", kind),))
                )
        for m in _PASSWORD.finditer(norm):
            value = m.group(1)
            if value in ("多少", "什么", "啥", "忘了", "忘记了"):
                continue
            out.append(finding_at(text, m.start(1), m.end(1), entity="SECRET", score=0.9, detector=self.name,
                                  metadata=(("kind", "password"),)))
        return out
