"""School policy: identification, access rules, exam periods, limits and per-role
actions as decision tables; configuration errors with their locations."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import pytest

from detectors import Scanner
from detectors.errors import ConfigError
from proxy.policy.access import (
    AccessControl,
    AccessSettings,
    DailyCounter,
    ExamWindow,
    LimitSettings,
    WhitelistEntry,
)
from proxy.policy.catalog import BLOCKED_SERVICE
from proxy.policy.catalog import Route, load_catalog
from proxy.pipeline.guard import Guard, RequestView
from proxy.cli.policy import check_config
from proxy.policy.principals import (
    AddressRange,
    Identifier,
    IdentitySettings,
    Principal,
    PrincipalSpec,
    SsoSettings,
    UserEntry,
    hash_password,
    parse_as,
    verify_password,
)
from proxy.policy.settings import PolicyOverride, PolicySettings, load_settings
from proxy.pipeline.vault import VaultStore

ROOT = Path(__file__).resolve().parents[3]
CATALOG = load_catalog(ROOT / "config" / "services.yaml")
NOW = dt.datetime(2026, 11, 24, 10, 0)

STUDENT_P = Principal("student", "primary", grade=3, class_name="3-2")
STUDENT_L = Principal("student", "lower_secondary", grade=8)
STUDENT_U = Principal("student", "upper_secondary", grade=11, class_name="11-2", user="s1")
TEACHER = Principal("teacher", "primary", user="t.wang")

ACCESS = AccessSettings(
    whitelist=(
        WhitelistEntry(id="staff-all", roles=("teacher", "staff"), services=("*",)),
        WhitelistEntry(id="lower-limited", roles=("student",), stages=("lower_secondary",), services=("qianwen-web",)),
        WhitelistEntry(id="upper-explore", roles=("student",), stages=("upper_secondary",), services=("deepseek", "kimi-web")),
    ),
    blocked_hosts=("*.character.ai",),
)
EXAMS = (
    ExamWindow(id="g3-math", title="三年级数学", start=dt.datetime(2026, 11, 24, 9), end=dt.datetime(2026, 11, 24, 11), grades=(3,)),
    ExamWindow(id="c11-2-quiz", title="小测", start=dt.datetime(2026, 11, 24, 9, 30), end=dt.datetime(2026, 11, 24, 10, 30), classes=("11-3",)),
)
POLICY = PolicySettings(
    overrides=(
        PolicyOverride(id="teachers-never-send-identifiers", roles=("teacher",), actions={"PHONE_NUMBER": "block"}),
        PolicyOverride(id="students-redact", roles=("student",), default_action="redact"),
    )
)


def _guard(scanner: Scanner, limits: LimitSettings | None = None) -> Guard:
    access = AccessControl(ACCESS, EXAMS, limits or LimitSettings(), DailyCounter(lambda: NOW))
    return Guard(scanner, POLICY, VaultStore(), access=access)


def _decide(guard: Guard, who: Principal, host: str, text: str, at: dt.datetime = NOW) -> tuple[str, tuple[str, ...]]:
    route = CATALOG.route(host, "/v1/chat/completions") or Route(BLOCKED_SERVICE, "generic_json")
    body = json.dumps({"messages": [{"role": "user", "content": text}]}, ensure_ascii=False).encode()
    req = RequestView(request_id="r", client="10.0.0.9", host=host, path="/v1/chat/completions", query=(),
                      method="POST", content_type="application/json", accept="", body=body)
    d = guard.inspect(req, route, who, now=at).decision
    return d.action, d.rule_ids


DECISIONS = [
    # (who, host, text, time, action, rule ids)
    (TEACHER, "api.deepseek.com", "请解释勾股定理", NOW, "allow", ("access.staff-all", "no-findings")),
    (STUDENT_P, "api.deepseek.com", "请解释勾股定理", dt.datetime(2026, 11, 24, 12), "block", ("access.not-whitelisted",)),
    (STUDENT_L, "www.qianwen.com", "请解释勾股定理", NOW, "allow", ("access.lower-limited", "no-findings")),
    (STUDENT_L, "api.deepseek.com", "请解释勾股定理", NOW, "block", ("access.not-whitelisted",)),
    (STUDENT_U, "api.deepseek.com", "请解释勾股定理", NOW, "allow", ("access.upper-explore", "no-findings")),
    (TEACHER, "beta.character.ai", "你好", NOW, "block", ("access.blocked-host",)),
    (STUDENT_P, "api.deepseek.com", "请解释勾股定理", NOW, "block", ("exam.g3-math",)),
    (Principal("student", "upper_secondary", grade=11, class_name="11-3"), "api.deepseek.com", "你好", NOW, "block", ("exam.c11-2-quiz",)),
    (TEACHER, "api.deepseek.com", "请解释勾股定理", NOW, "allow", ("access.staff-all", "no-findings")),
    (TEACHER, "api.deepseek.com", "家长电话13912345678", NOW, "block", ("access.staff-all", "policy.teachers-never-send-identifiers")),
    (STUDENT_U, "api.deepseek.com", "我叫王小明", NOW, "redact", ("access.upper-explore", "policy.students-redact")),
    (STUDENT_U, "api.deepseek.com", "我的密码是 Abc12345!", NOW, "block", ("access.upper-explore", "action.SECRET")),
    (TEACHER, "api.deepseek.com", "学生刘一鸣有抑郁症", NOW, "block", ("access.staff-all", "escalation.special-category-next-to-person")),
    (TEACHER, "api.deepseek.com", "我叫王小明", NOW, "pseudonymize", ("access.staff-all", "action.default")),
]


@pytest.mark.parametrize(
    "who,host,text,at,action,rules", DECISIONS,
    ids=["teacher allowed", "primary pupil not whitelisted", "lower secondary whitelisted service",
         "lower secondary other service", "upper secondary explores", "blocked host", "exam for grade 3",
         "exam for one class", "teacher not in exam", "teacher phone blocked by override",
         "student data redacted", "secret blocked for everyone", "escalation", "teacher name pseudonymised"],
)
def test_decision_table(scanner: Scanner, who: Principal, host: str, text: str, at: dt.datetime, action: str,
                        rules: tuple[str, ...]) -> None:
    assert _decide(_guard(scanner), who, host, text, at) == (action, rules)


def test_exam_block_says_why_and_until_when(scanner: Scanner) -> None:
    route = CATALOG.route("api.deepseek.com", "/v1/chat/completions")
    assert route is not None
    req = RequestView("r", "10.0.0.9", "api.deepseek.com", "/v1/chat/completions", (), "POST", "application/json", "", b"{}")
    out = _guard(scanner).inspect(req, route, STUDENT_P, now=NOW)
    assert out.block is not None
    message = json.loads(out.block.body)["error"]["message"]
    assert "三年级数学" in message and "11月24日 11:00" in message


def test_daily_limit_is_enforced_and_reported(scanner: Scanner) -> None:
    guard = _guard(scanner, LimitSettings(daily_requests={"student": 2}))
    results = [_decide(guard, STUDENT_U, "api.deepseek.com", "你好")[1][0] for _ in range(3)]
    assert results == ["access.upper-explore", "access.upper-explore", "limit.daily.student"]
    route = CATALOG.route("api.deepseek.com", "/v1/chat/completions")
    assert route is not None
    req = RequestView("r", "10.0.0.9", "api.deepseek.com", "/v1/chat/completions", (), "POST", "application/json", "", b"{}")
    extra = dict(guard.inspect(req, route, STUDENT_U, now=NOW).decision.extra)
    assert extra == {"daily_count": "4", "daily_limit": "2", "remaining_today": "0"}


def test_principal_user_id_is_recorded_only_as_a_keyed_hash(scanner: Scanner) -> None:
    route = CATALOG.route("api.deepseek.com", "/v1/chat/completions")
    assert route is not None
    req = RequestView("r", "10.0.0.9", "api.deepseek.com", "/v1/chat/completions", (), "POST", "application/json", "", b"{}")
    fields = dict(_guard(scanner).inspect(req, route, TEACHER, now=NOW).decision.principal)
    assert fields["role"] == "teacher" and "t.wang" not in json.dumps(fields) and len(fields["user_hash"]) == 16


# -- identification -------------------------------------------------------------

_HASH = hash_password("correct horse")
USERS = {"t.wang": UserEntry(role="teacher", stage="primary", password_hash=_HASH)}
IDENTITY = IdentitySettings(
    order=("proxy_auth", "sso", "address"),
    address_ranges=(AddressRange(id="rooms", cidr=("10.10.0.0/16",), role="student", stage="primary", grade=3),),
    sso=SsoSettings(header="X-School-User", trusted_from=("10.0.0.5/32",)),
)


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


IDENT = [
    ("10.10.3.7", _basic("t.wang", "correct horse"), {}, ("teacher", "proxy_auth"), None),
    ("10.10.3.7", _basic("t.wang", "wrong"), {}, None, "unknown user or wrong password"),
    ("10.10.3.7", _basic("nobody", "x"), {}, None, "unknown user or wrong password"),
    ("10.10.3.7", "Basic !!!", {}, None, "malformed Proxy-Authorization header"),
    ("10.10.3.7", None, {}, ("student", "address:rooms"), None),
    ("10.0.0.5", None, {"x-school-user": "role=student;stage=upper_secondary;grade=11;user=s9"}, ("student", "sso"), None),
    ("10.10.3.7", None, {"x-school-user": "role=teacher;stage=primary"}, ("student", "address:rooms"), None),
    ("192.168.1.1", None, {}, ("guest", "default"), None),
]


@pytest.mark.parametrize(
    "client,auth,headers,expected,challenge", IDENT,
    ids=["proxy auth", "wrong password", "unknown user", "malformed header", "address range", "trusted sso header",
         "sso header from an untrusted address is ignored", "unidentified gets the default"],
)
def test_identification_table(client: str, auth: str | None, headers: dict[str, str],
                              expected: tuple[str, str] | None, challenge: str | None) -> None:
    got = Identifier(IDENTITY, USERS).identify(client=client, proxy_authorization=auth, headers=headers)
    assert got.challenge == challenge
    assert ((got.principal.role, got.principal.source) if got.principal else None) == expected


def test_default_principal_is_the_strictest() -> None:
    got = Identifier(IdentitySettings(), {}).identify(client="1.2.3.4", proxy_authorization=None, headers={})
    assert got.principal == PrincipalSpec(role="guest", stage="primary").principal(source="default")


def test_required_proxy_auth_challenges_the_unidentified() -> None:
    got = Identifier(IdentitySettings(require_proxy_auth=True), {}).identify(client="1.2.3.4", proxy_authorization=None, headers={})
    assert got.challenge == "proxy authentication required"


def test_password_hashes_verify_and_bcrypt_is_accepted() -> None:
    import bcrypt

    assert verify_password("correct horse", _HASH) and not verify_password("x", _HASH)
    assert verify_password("pw", bcrypt.hashpw(b"pw", bcrypt.gensalt(rounds=4)).decode())


def test_explain_principal_syntax() -> None:
    assert parse_as("student@lower_secondary/8/8-3") == Principal("student", "lower_secondary", grade=8, class_name="8-3", source="explain")
    with pytest.raises(ValueError, match="role"):
        parse_as("wizard@primary")


# -- configuration errors ---------------------------------------------------------


def _write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


CONFIG_ERRORS = [
    ("listen_port: 8080\nbogus: 1\n", r"line 2, bogus: unknown key \(got 1\)"),
    ("identity:\n  default: {role: wizard}\n", r"line 2, identity\.default\.role: Input should be 'student', 'teacher', 'staff', 'parent' or 'guest' \(got 'wizard'\)"),
    ("identity:\n  address_ranges:\n    - {id: a, cidr: [10.0.0.300/8], role: student}\n", r"line 3, identity\.address_ranges\[0\]\.cidr: .*10\.0\.0\.300"),
    ("exams:\n  - {id: x, title: t, start: 2026-01-02T10:00, end: 2026-01-02T09:00}\n", r"line 2, exams\[0\]: .*end .* is not after start"),
    ("policy:\n  overrides:\n    - {id: t, roles: [teacher], actions: {PHONE: block}}\n", r"line 3, policy\.overrides\[0\]\.actions: .*unknown entity type\(s\) \['PHONE'\]"),
    ("policy:\n  default_action: hide\n", r"line 2, policy\.default_action: Input should be 'allow', 'pseudonymize', 'redact' or 'block' \(got 'hide'\)"),
    ("listen_port: [\n", r"line 2, column 1: YAML syntax error"),
]


@pytest.mark.parametrize("text,message", CONFIG_ERRORS,
                         ids=["unknown key", "bad role", "bad cidr", "exam ends before it starts", "unknown entity",
                              "bad action", "yaml syntax"])
def test_configuration_errors_name_file_line_path_value_and_expectation(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "policy.yaml", text)
    with pytest.raises(ConfigError, match=message) as info:
        load_settings(path)
    assert str(path) in str(info.value)


def test_errors_in_an_included_file_name_that_file(tmp_path: Path) -> None:
    _write(tmp_path, "users.yaml", "users:\n  t1:\n    role: teacher\n    password_hash: hunter2\n")
    cfg = _write(tmp_path, "policy.yaml", f"services_file: {ROOT / 'config' / 'services.yaml'}\nidentity:\n  users_file: users.yaml\n")
    with pytest.raises(ConfigError, match=r"users\.yaml, line 4, users\.t1\.password_hash: .*never a plain password") as info:
        check_config(cfg)
    assert "hunter2" not in str(info.value)  # a mistyped password is never echoed


def test_whitelist_naming_an_unknown_service_is_rejected(tmp_path: Path) -> None:
    cfg = _write(tmp_path, "policy.yaml", f"services_file: {ROOT / 'config' / 'services.yaml'}\n"
                 "access:\n  whitelist:\n    - {id: w, roles: [student], services: [chatgpt-pro]}\n")
    with pytest.raises(ConfigError, match=r"unknown service id\(s\) \['chatgpt-pro'\]"):
        check_config(cfg)


@pytest.mark.parametrize("name", ["default.yaml", "examples/primary-school.yaml", "examples/secondary-school.yaml"])
def test_shipped_configurations_pass_check_config(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_config(ROOT / "config" / name) == 0
    assert "OK" in capsys.readouterr().out
