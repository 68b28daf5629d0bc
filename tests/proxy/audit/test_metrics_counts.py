"""/metrics counts every decision by service, action, entity and rule, however often a label recurs."""

from __future__ import annotations

from proxy.audit.metrics import Metrics
from proxy.pipeline.decision import Decision, FindingSummary


def _decision(action: str, rules: tuple[str, ...], findings: tuple[FindingSummary, ...],
              service: str = "svc-a") -> Decision:
    return Decision(request_id="r", service=service, host="h", path="/p", format="openai_chat", action=action,  # type: ignore[arg-type]
                    rule_ids=rules, findings=findings)


def _value(m: Metrics, name: str, labels: dict[str, str]) -> float:
    value = m.registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


def test_repeated_labels_keep_counting_in_one_series_per_label_set() -> None:
    m = Metrics()
    phone = FindingSummary(entity="PHONE_NUMBER", detector="phone", score_band="high", count=3, action="pseudonymize")
    name = FindingSummary(entity="PERSON", detector="person", score_band="high", count=2, action="pseudonymize")
    for _ in range(3):
        m.decision(_decision("pseudonymize", ("action.PHONE_NUMBER",), (phone, name)), audit_seconds=0.001, audit_ok=True)
    m.decision(_decision("block", ("limits.headers", "fail-closed"), ()), audit_seconds=0.001, audit_ok=True)
    m.decision(_decision("block", ("limits.headers",), ()), audit_seconds=0.001, audit_ok=True)
    assert _value(m, "privacy_guard_requests_total", {"service": "svc-a", "action": "pseudonymize"}) == 3
    assert _value(m, "privacy_guard_requests_total", {"service": "svc-a", "action": "block"}) == 2
    assert _value(m, "privacy_guard_findings_total", {"entity": "PHONE_NUMBER", "action": "pseudonymize"}) == 9
    assert _value(m, "privacy_guard_findings_total", {"entity": "PERSON", "action": "pseudonymize"}) == 6
    assert _value(m, "privacy_guard_blocks_total", {"rule": "limits.headers"}) == 2
    assert _value(m, "privacy_guard_blocks_total", {"rule": "fail-closed"}) == 1


def test_the_same_label_values_on_two_metrics_are_two_series() -> None:
    m = Metrics()
    # A service id spelled like an entity type: (PERSON, pseudonymize) labels two different metrics.
    name = FindingSummary(entity="PERSON", detector="person", score_band="high", count=5, action="pseudonymize")
    m.decision(_decision("pseudonymize", ("action.PERSON",), (name,), service="PERSON"), audit_seconds=None, audit_ok=True)
    m.decision(_decision("pseudonymize", ("action.PERSON",), (name,), service="PERSON"), audit_seconds=None, audit_ok=True)
    assert _value(m, "privacy_guard_requests_total", {"service": "PERSON", "action": "pseudonymize"}) == 2
    assert _value(m, "privacy_guard_findings_total", {"entity": "PERSON", "action": "pseudonymize"}) == 10


def test_two_registries_do_not_share_their_series() -> None:
    a, b = Metrics(), Metrics()
    d = _decision("allow", ("no-findings",), ())
    a.decision(d, audit_seconds=None, audit_ok=True)
    assert _value(a, "privacy_guard_requests_total", {"service": "svc-a", "action": "allow"}) == 1
    assert _value(b, "privacy_guard_requests_total", {"service": "svc-a", "action": "allow"}) == 0
