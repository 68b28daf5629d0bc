"""Per-finding actions from the configured policy, with escalation rules.

Theory of operation: every finding gets the action its entity type is
configured for (or the default). Escalations then raise the action of a
special-category finding that lies near a person finding (e.g. a diagnosis next
to a pupil's name → block). The request's action is the strictest of all
(block > redact > pseudonymize > allow); the rule ids say why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from detectors.base import Finding
from proxy.policy.principals import Principal
from proxy.policy.settings import ACTION_RANK, PolicySettings

__all__ = ["Judgement", "judge"]


@dataclass(frozen=True, slots=True)
class Judgement:
    actions: tuple[tuple[Finding, str], ...]
    action: str
    rule_ids: tuple[str, ...]


def judge(findings: Sequence[Finding], policy: PolicySettings, principal: Principal | None = None) -> Judgement:
    decided: list[tuple[Finding, str, str]] = []
    for f in findings:
        action: str
        if f.entity == "EXAM_ITEM" and f.meta("source") == "structure":
            action, rule = policy.exam_structure_action, "action.exam_structure"
        else:
            action, rule = policy.action_for(f.entity, principal)
        for esc in policy.escalations:
            if f.entity in esc.categories and ACTION_RANK[esc.action] > ACTION_RANK[action] and any(
                g.entity in esc.near and g.start - esc.within_chars <= f.end and f.start <= g.end + esc.within_chars
                for g in findings
            ):
                action, rule = esc.action, f"escalation.{esc.id}"
        decided.append((f, action, rule))
    if not decided:
        return Judgement(actions=(), action="allow", rule_ids=("no-findings",))
    overall = max((a for _, a, _ in decided), key=ACTION_RANK.__getitem__)
    # The rules that made the decision: those that asked for the overall action.
    rule_ids = tuple(sorted({r for _, a, r in decided if a == overall}))
    return Judgement(actions=tuple((f, a) for f, a, _ in decided), action=overall, rule_ids=rule_ids)
