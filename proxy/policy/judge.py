"""Per-finding actions from the configured policy, with escalation rules.

Theory of operation: every finding gets the action its entity type is
configured for (or the default). Escalations then raise the action of a
special-category finding that lies near a person finding (e.g. a diagnosis next
to a pupil's name → block). A ghost-writing request by a student follows the
homework setting of the student's stage. The request's action is the strictest of all
(block > redact > pseudonymize > allow); the rule ids say why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from detectors.base import Finding
from proxy.policy.principals import Principal
from proxy.policy.settings import PolicySettings
from proxy.policy.vocabulary import ACTION_RANK, Action, strictest

__all__ = ["Judgement", "judge", "action_for"]


@dataclass(frozen=True, slots=True)
class Judgement:
    actions: tuple[tuple[Finding, Action], ...]
    action: Action
    rule_ids: tuple[str, ...]


def action_for(policy: PolicySettings, entity: str, principal: Principal | None = None) -> tuple[Action, str]:
    """(action, rule id) for one entity type and principal: the entity's own action
    or the default, then the matching overrides in order."""
    explicit = entity in policy.actions
    action = policy.actions.get(entity, policy.default_action)
    rule = f"action.{entity}" if explicit else "action.default"
    if principal is not None:
        for o in policy.overrides:
            if not o.matches(principal):
                continue
            if entity in o.actions:
                action, rule, explicit = o.actions[entity], f"policy.{o.id}", True
            elif o.default_action is not None and not explicit:
                # An override's default only replaces the default: an entity
                # with its own action (SECRET: block) keeps it.
                action, rule = o.default_action, f"policy.{o.id}"
    return action, rule


def judge(findings: Sequence[Finding], policy: PolicySettings, principal: Principal | None = None) -> Judgement:
    decided: list[tuple[Finding, Action, str]] = []
    for f in findings:
        action: Action
        if f.entity == "EXAM_ITEM" and f.meta("source") == "structure":
            action, rule = policy.exam_structure_action, "action.exam_structure"
        elif f.entity == "EXAM_ITEM" and f.meta("source") == "context":
            action, rule = policy.exam_context_action, "action.exam_context"
        elif (f.entity == "GHOSTWRITING" and principal is not None and principal.role == "student"
              and principal.stage in policy.homework.ghostwriting):
            assert principal.stage is not None
            action, rule = policy.homework.ghostwriting[principal.stage], f"homework.ghostwriting.{principal.stage}"
        else:
            action, rule = action_for(policy, f.entity, principal)
        for esc in policy.escalations:
            if f.entity in esc.categories and ACTION_RANK[esc.action] > ACTION_RANK[action] and any(
                g.entity in esc.near and g.start - esc.within_chars <= f.end and f.start <= g.end + esc.within_chars
                for g in findings
            ):
                action, rule = esc.action, f"escalation.{esc.id}"
        decided.append((f, action, rule))
    if not decided:
        return Judgement(actions=(), action="allow", rule_ids=("no-findings",))
    overall = strictest([a for _, a, _ in decided])
    # The rules that made the decision: those that asked for the overall action.
    rule_ids = tuple(sorted({r for _, a, r in decided if a == overall}))
    return Judgement(actions=tuple((f, a) for f, a, _ in decided), action=overall, rule_ids=rule_ids)
