"""What `check-config` says about a valid policy: loud warnings when a protection
the national and Beijing guidelines require is off, and refusals of what the
policy may not do without saying so (an unfiled service for students).

Theory of operation: the effective action of an entity depends on who asks
(overrides by role, stage, grade, class), so each protection is checked for a
set of probe principals: every role at every stage (and none), every principal
the policy itself names (override matchers, address ranges, users, the default
identity). A protection is off for a probe when its effective action is not
`block`. Pure: settings in, messages out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from detectors.entities import SPECIAL_CATEGORIES, SUBJECT_ENTITIES
from proxy.policy.access import Matcher
from proxy.policy.catalog import ServiceCatalog
from proxy.policy.judge import action_for
from proxy.policy.principals import Principal, UserEntry
from proxy.policy.settings import PolicySettings, Settings
from proxy.policy.vocabulary import ROLES, STAGES

__all__ = ["Finding", "probe_principals", "protection_warnings", "filing_refusals", "protected_action"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One message for the IT office: `what` (short English key) and a one-line explanation."""

    what: str
    message: str


def _from_matcher(m: Matcher) -> Principal:
    return Principal(
        role=m.roles[0] if m.roles else "student", stage=m.stages[0] if m.stages else None,
        grade=m.grades[0] if m.grades else None, class_name=m.classes[0] if m.classes else None, source="check",
    )


def probe_principals(settings: Settings, users: Mapping[str, UserEntry] = {}) -> tuple[Principal, ...]:
    """Every role at every stage, and every principal the policy names."""
    probes: list[Principal] = [Principal(role, stage, source="check") for role in ROLES for stage in (None, *STAGES)]
    probes += [_from_matcher(o) for o in settings.policy.overrides]
    probes += [r.principal(source="check") for r in settings.identity.address_ranges]
    probes += [u.principal(user=None, source="check") for u in users.values()]
    probes.append(settings.identity.default.principal(source="check"))
    seen: dict[tuple[object, ...], Principal] = {}
    for p in probes:
        seen.setdefault((p.role, p.stage, p.grade, p.class_name), p)
    return tuple(seen.values())


def protected_action(policy: PolicySettings, entity: str, p: Principal) -> tuple[str, str]:
    """The action a finding of `entity` next to a person gets for `p`, and the rule:
    its own action, raised by an escalation that covers it near any subject entity."""
    action, rule = action_for(policy, entity, p)
    if action == "block":
        return action, rule
    for esc in policy.escalations:
        if entity in esc.categories and esc.action == "block" and set(esc.near) & SUBJECT_ENTITIES:
            return "block", f"escalation.{esc.id}"
    return action, rule


def _labels(ps: Iterable[Principal]) -> str:
    names = sorted({p.label() for p in ps})
    return ", ".join(names[:6]) + (f" … (+{len(names) - 6})" if len(names) > 6 else "")


def protection_warnings(settings: Settings, users: Mapping[str, UserEntry] = {}) -> list[Finding]:
    policy = settings.policy
    probes = probe_principals(settings, users)
    out: list[Finding] = []
    checks = (
        ("exam-items", "EXAM_ITEM", "registered exam papers (EXAM_ITEM) are not blocked",
         "已登记的考试试题没有被拦截"),
        ("secrets", "SECRET", "secrets (passwords, API keys) are not blocked", "密码和密钥没有被拦截"),
    )
    for what, entity, english, chinese in checks:
        off = [p for p in probes if action_for(policy, entity, p)[0] != "block"]
        if off:
            rules = sorted({action_for(policy, entity, p)[1] for p in off})
            out.append(Finding(what, f"{chinese}：{english} for {_labels(off)} (rules: {', '.join(rules)})"))
    for entity in sorted(SPECIAL_CATEGORIES):
        off = [p for p in probes if protected_action(policy, entity, p)[0] != "block"]
        if off:
            out.append(Finding(
                "special-categories",
                f"个人敏感信息与姓名同时出现时没有被拦截：{entity} next to a person is not blocked for {_labels(off)} "
                "(no escalation with action block near PERSON/STUDENT_ID/CN_RESIDENT_ID covers it)",
            ))
    ident = settings.identity
    if "proxy_auth" in ident.order and ident.users_file and not ident.require_proxy_auth:
        out.append(Finding(
            "proxy-auth-optional",
            "代理认证没有强制：identity.order uses proxy_auth but identity.require_proxy_auth is false, so anyone "
            "who does not log in falls through to the address ranges or the default identity; set it to true",
        ))
    if settings.access.unknown_ai_for("student") == "allow":
        out.append(Finding(
            "unknown-ai-students",
            "学生可以不经检查使用目录之外的 AI 网站：access.unknown_ai.student is allow (forwarded unscanned)",
        ))
    if settings.sessions.data_action != "block":
        out.append(Finding(
            "session-data",
            f"课堂时段内的个人信息没有被拦截：sessions.data_action is {settings.sessions.data_action}, expected block",
        ))
    return out


def filing_refusals(settings: Settings, catalog: ServiceCatalog) -> list[str]:
    """Whitelist entries that admit students to services without 备案 and do not say `allow_unfiled: true`."""
    by_id = {s.id: s for s in catalog.services}
    out: list[str] = []
    for entry in settings.access.whitelist or ():
        if entry.allow_unfiled or (entry.roles and "student" not in entry.roles):
            continue
        ids = sorted(by_id) if "*" in entry.services else list(entry.services)
        unfiled = [i for i in ids if i in by_id and by_id[i].filing not in ("filed", "self_hosted")]
        if unfiled:
            out.append(
                f"access.whitelist {entry.id}: admits students to service(s) without 备案 (filing) {unfiled}; "
                "学生白名单中包含未完成生成式人工智能服务备案的服务——如确需开放，请在该条目写明 allow_unfiled: true"
            )
    return out
