"""One text's judgement and what a decision takes from it, computed once per text.

A conversation resends its history every turn; the scan cache remembers each
message's findings (`scancache.Scanned`), and this is what the guard derives
from them per policy and principal: the judgement, the counts for the audit
summary and the values the audit hashes. A turn then costs its new text, not
one pass over every finding of the history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from detectors import Finding
from detectors.entities import HASHED_ENTITIES
from proxy.pipeline.decision import FindingSummary, score_band
from proxy.policy.judge import Judgement, judge
from proxy.policy.principals import Principal
from proxy.policy.settings import PolicySettings
from proxy.policy.vocabulary import Action

__all__ = ["JudgedText", "judge_text", "summarise_texts", "hashed_values"]

_SummaryKey = tuple[str, str, str, Action]


@dataclass(frozen=True, slots=True)
class JudgedText:
    judgement: Judgement
    #: (entity, detector, score band, action) -> count, as `decision.summarise` counts them.
    counts: tuple[tuple[_SummaryKey, int], ...]
    #: (entity, matched text) of the findings whose value the audit keeps as a keyed hash.
    hashed: frozenset[tuple[str, str]]


def judge_text(findings: Sequence[Finding], policy: PolicySettings, principal: Principal | None) -> JudgedText:
    j = judge(findings, policy, principal)
    counts = Counter((f.entity, f.detector, score_band(f.score), a) for f, a in j.actions)
    hashed = frozenset((f.entity, f.text) for f, _ in j.actions if f.entity in HASHED_ENTITIES)
    return JudgedText(j, tuple(counts.items()), hashed)


def summarise_texts(texts: Iterable[JudgedText]) -> tuple[FindingSummary, ...]:
    """The same summary as `decision.summarise` over every text's actions."""
    total: Counter[_SummaryKey] = Counter()
    for t in texts:
        for key, n in t.counts:
            total[key] += n
    return tuple(
        FindingSummary(entity=e, detector=d, score_band=b, count=n, action=a)
        for (e, d, b, a), n in sorted(total.items())
    )


def hashed_values(texts: Iterable[JudgedText]) -> frozenset[tuple[str, str]]:
    return frozenset().union(*(t.hashed for t in texts))
