"""School policy, round two: policies merge with the defaults and cannot silently
lose a block; parents; AI hosts outside the catalog; class sessions; limits by
stage, hour and day; allowed hours; homework mode; 备案. Decision tables use an
injected clock."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from detectors import Scanner
from detectors.errors import ConfigError
from detectors.text import ScanText
from detectors.recognizers.ghostwriting import GhostwritingDetector
from proxy.cli.policy import check_config, discovery_report, explain, hash_password_cmd
from proxy.datadir import DataDir
from proxy.pipeline.guard import Guard, RequestView
from proxy.pipeline.instructions import add_instruction
from proxy.pipeline.vault import VaultStore
from proxy.policy.access import (
    AccessControl, AccessSettings, DailyCounter, HoursRule, LimitRule, LimitSettings, WhitelistEntry,
)
from proxy.policy.ai_domains import SHIPPED_AI_DOMAINS, load_ai_domains, looks_like_ai
from proxy.policy.catalog import Route, ServiceCatalog, load_catalog
from proxy.policy.checks import filing_refusals, protection_warnings
from proxy.policy.discovery import DiscoveryLog, read_report
from proxy.policy.judge import action_for
from proxy.policy.principals import Principal, parse_as, verify_password
from proxy.policy.sessions import SessionBook, SessionError
from proxy.policy.settings import HomeworkSettings, PolicySettings, Settings, load_settings

ROOT = Path(__file__).resolve().parents[3]
AI_LIST = load_ai_domains(SHIPPED_AI_DOMAINS, extra=("ai.example-school.cn",))
CATALOG = load_catalog(ROOT / "config" / "services.yaml", ai_domains=AI_LIST)
NOW = dt.datetime(2026, 11, 24, 10, 0)  # a Tuesday

PUPIL_32 = Principal("student", "primary", grade=3, class_name="3-2")
PUPIL_33 = Principal("student", "primary", grade=3, class_name="3-3")
JUNIOR = Principal("student", "lower_secondary", grade=8, user="s8")
SENIOR = Principal("student", "upper_secondary", grade=11, user="s11")
TEACHER_32 = Principal("teacher", "primary", grade=3, class_name="3-2", user="t.li")
PARENT = Principal("parent", "primary")


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def _settings(tmp: Path, text: str) -> Settings:
    return load_settings(_write(tmp, "policy.yaml", f"services_file: {ROOT / 'config' / 'services.yaml'}\n" + text))


# -- a policy file names what it changes -------------------------------------------


def test_actions_without_exam_item_keep_the_default_block(tmp_path: Path) -> None:
    s = _settings(tmp_path, "policy:\n  actions:\n    SECRET: block\n    SENSITIVE_HEALTH: allow\n")
    assert s.policy.actions["EXAM_ITEM"] == "block"
    assert action_for(s.policy, "EXAM_ITEM", TEACHER_32) == ("block", "action.EXAM_ITEM")


def test_overrides_and_escalations_merge_with_the_built_in_ones_by_id(tmp_path: Path) -> None:
    s = _settings(tmp_path, (
        "policy:\n  overrides:\n    - {id: t, roles: [teacher], actions: {PHONE_NUMBER: block}}\n"
        "  escalations:\n    - {id: special-category-next-to-person, categories: [SENSITIVE_HEALTH], within_chars: 30}\n"
    ))
    assert [o.id for o in s.policy.overrides] == ["parents-family-data", "t"]
    assert [(e.id, e.within_chars, e.categories) for e in s.policy.escalations] == [
        ("special-category-next-to-person", 30, ("SENSITIVE_HEALTH",))]


def test_a_policy_loaded_twice_is_the_same_policy() -> None:
    once = PolicySettings.model_validate({"actions": {"PERSON": "redact"}, "overrides": [{"id": "x", "roles": ["staff"]}]})
    assert PolicySettings.model_validate(once.model_dump()) == once


WARNINGS = [
    ("policy:\n  actions: {EXAM_ITEM: allow}\n", "exam-items"),
    ("policy:\n  overrides:\n    - {id: t, roles: [teacher], actions: {EXAM_ITEM: pseudonymize}}\n", "exam-items"),
    ("policy:\n  actions: {SECRET: redact}\n", "secrets"),
    ("policy:\n  escalations:\n    - {id: special-category-next-to-person, categories: [SENSITIVE_HEALTH], action: allow}\n",
     "special-categories"),
    ("identity:\n  order: [proxy_auth, address]\n  users_file: users.yaml\n", "proxy-auth-optional"),
    ("access:\n  unknown_ai: {student: allow}\n", "unknown-ai-students"),
    ("sessions:\n  data_action: pseudonymize\n", "session-data"),
]


@pytest.mark.parametrize("text,what", WARNINGS, ids=[
    "registered exam items allowed", "exam items pseudonymised for teachers", "secrets redacted",
    "special category escalation off", "proxy auth not required", "unknown AI open to students",
    "sessions pseudonymise"])
def test_check_config_warns_loudly_when_a_required_protection_is_off(tmp_path: Path, text: str, what: str) -> None:
    _write(tmp_path, "users.yaml", "users: {}\n")
    path = _write(tmp_path, "policy.yaml", f"services_file: {ROOT / 'config' / 'services.yaml'}\n" + text)
    out = io.StringIO()
    assert check_config(path, out) == 0
    assert f"WARNING [{what}]" in out.getvalue() and "OK with" in out.getvalue()
    assert check_config(path, io.StringIO(), strict=True) == 2


def test_the_original_example_mistake_is_no_longer_silent(tmp_path: Path) -> None:
    # The shape of the old shipped examples: `actions` without EXAM_ITEM. It now keeps
    # the block; naming EXAM_ITEM: allow is what turns it off, and that warns.
    kept = _settings(tmp_path, "policy:\n  actions: {SECRET: block, SENSITIVE_FAMILY: allow}\n")
    assert protection_warnings(kept) == []
    off = _settings(tmp_path, "policy:\n  actions: {SECRET: block, EXAM_ITEM: allow}\n")
    assert [w.what for w in protection_warnings(off)] == ["exam-items"]


SHIPPED = ["default.yaml", "examples/primary-school.yaml", "examples/secondary-school.yaml"]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_policies_pass_check_config_without_warnings(name: str) -> None:
    out = io.StringIO()
    assert check_config(ROOT / "config" / name, out, strict=True) == 0
    assert "WARNING" not in out.getvalue()


@pytest.fixture(scope="module")
def shipped_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The config directory with a registered exam paper in its data directory."""
    from detectors.stores.exam_bank import ExamBank  # noqa: F401 - the bank type the data dir opens

    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(ROOT / "config", root / "config")
    for name in ("examples/primary-school.yaml", "examples/secondary-school.yaml", "default.yaml"):
        path = root / "config" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("data_dir: data", f"data_dir: {root / 'data'}"), encoding="utf-8")
    home = DataDir(root / "data")
    home.create()
    bank = home.open_exam_bank()
    bank.add_paper("p1", "2026秋季期末数学", dt.datetime(2099, 1, 1, 10), [9], [EXAM_ITEM_TEXT])
    bank.save(home.exam_bank_dir)
    return root


EXAM_ITEM_TEXT = "2．如图，在三角形ABC中，AB=AC，∠A=40°，求∠B的度数。A．40° B．70° C．80° D．100°"
ROLES_TO_EXPLAIN = ["student@primary/3/3-2", "student@lower_secondary/8", "student@upper_secondary/11",
                    "teacher@primary", "teacher@upper_secondary", "staff", "parent@primary", "guest@primary"]


@pytest.mark.parametrize("name", SHIPPED)
def test_explain_on_every_shipped_policy_blocks_exam_items_and_secrets_for_every_role(
    shipped_copy: Path, name: str,
) -> None:
    text = "帮我出一道类似的题：" + EXAM_ITEM_TEXT + " 我的密码是 Abc12345!"
    for who in ROLES_TO_EXPLAIN:
        out = io.StringIO()
        explain(shipped_copy / "config" / name, as_=who, service="deepseek", text=text,
                at="2026-12-01T16:30", out=out)
        lines = [ln.split() for ln in out.getvalue().splitlines() if ln.startswith("  ")]
        actions = {parts[0]: parts[1] for parts in lines if parts and parts[0] in ("EXAM_ITEM", "SECRET")}
        assert actions == {"EXAM_ITEM": "block", "SECRET": "block"}, (name, who)
        assert "outcome:  BLOCK" in out.getvalue()


# -- one-line errors instead of tracebacks -----------------------------------------


@pytest.mark.parametrize("value", ["pupil", "student@kindergarten", "student@primary/x", "student@primary/13"])
def test_explain_as_with_a_bad_principal_is_one_chinese_line(value: str) -> None:
    with pytest.raises(ConfigError, match=r"^--as .*: 身份写法应为[^\n]*$"):
        parse_as(value)


def test_explain_at_tomorrow_is_one_chinese_line() -> None:
    with pytest.raises(ConfigError, match=r"^--at tomorrow: 时间格式不对[^\n]*$"):
        explain(ROOT / "config" / "default.yaml", as_="teacher@primary", service="deepseek", text="你好", at="tomorrow")


def test_an_exams_file_with_month_13_names_the_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, "exams.yaml", "exams:\n  - id: x\n    title: 测验\n    start: 2026-11-25T08:00\n    end: 2026-13-40\n")
    path = _write(tmp_path, "policy.yaml", f"services_file: {ROOT / 'config' / 'services.yaml'}\nexams_file: exams.yaml\n")
    with pytest.raises(ConfigError, match=r"exams\.yaml, line 5: 日期或时间无效 '2026-13-40'"):
        check_config(path, io.StringIO())


def test_hash_password_reads_the_first_line_of_standard_input() -> None:
    out = io.StringIO()
    assert hash_password_cmd(None, out, stdin=io.StringIO("correct horse battery\nignored\n")) == 0
    assert verify_password("correct horse battery", out.getvalue().strip())


# -- 备案 ------------------------------------------------------------------------------


FILING = [
    ("[{id: s, roles: [student], services: [qianwen-web]}]", []),
    ("[{id: s, roles: [student], services: [chatgpt-web]}]", ["chatgpt-web"]),
    ("[{id: s, roles: [student], services: [chatgpt-web], allow_unfiled: true}]", []),
    ("[{id: t, roles: [teacher], services: [chatgpt-web]}]", []),
    ("[{id: all, services: ['*']}]", ["anthropic", "chatgpt-web"]),
]


@pytest.mark.parametrize("whitelist,unfiled", FILING, ids=[
    "filed service for students", "unfiled service for students", "said so explicitly", "teachers only",
    "everything for everyone"])
def test_unfiled_services_are_refused_for_students_unless_said_explicitly(
    tmp_path: Path, whitelist: str, unfiled: list[str],
) -> None:
    s = _settings(tmp_path, f"access:\n  whitelist: {whitelist}\n")
    refusals = filing_refusals(s, CATALOG)
    assert bool(refusals) == bool(unfiled)
    for service in unfiled:
        assert service in refusals[0]
    if unfiled:
        with pytest.raises(ConfigError, match="备案"):
            check_config(tmp_path / "policy.yaml", io.StringIO())


def test_every_catalogued_service_records_its_filing() -> None:
    assert {s.id: s.filing for s in CATALOG.services if s.filing == "unknown"} == {"siliconflow": "unknown"}


# -- the AI-domain list and unknown AI hosts -----------------------------------------


def test_the_shipped_list_is_large_categorised_and_well_formed() -> None:
    assert len(AI_LIST) >= 280
    by_category: dict[str, int] = {}
    for category in AI_LIST.categories.values():
        by_category[category] = by_category.get(category, 0) + 1
    assert {"chat", "image", "writing", "homework", "companion"} <= set(by_category)
    assert min(by_category[c] for c in ("chat", "image", "writing", "homework", "companion")) >= 10


HOSTS = [
    ("www.perplexity.ai", "unknown-ai", "search"),
    ("chat.mistral.ai", "unknown-ai", "chat"),
    ("copilot.microsoft.com", "unknown-ai", "chat"),
    ("www.wenxiaobai.com", "unknown-ai", "chat"),
    ("ai.example-school.cn", "unknown-ai", "other"),
    ("chat.deepseek.com", "deepseek-web", "chat"),  # the catalog wins over the list
    ("www.microsoft.com", None, None),
    ("baidu.com", None, None),
]


@pytest.mark.parametrize("host,service,category", HOSTS, ids=[h for h, _, _ in HOSTS])
def test_hosts_route_by_catalog_then_list(host: str, service: str | None, category: str | None) -> None:
    found = CATALOG.service_for_host(host)
    assert (found.id if found else None) == service
    assert AI_LIST.category_of(host) == category


@pytest.mark.parametrize("host,why", [("mygpt-helper.cn", "label:mygpt"), ("foo.ai", "tld:ai"),
                                      ("llm.example.org", "label:llm"), ("www.example.com", None)])
def test_ai_looking_names_are_recognised_for_discovery_only(host: str, why: str | None) -> None:
    assert looks_like_ai(host) == why


def _access(**kw: object) -> AccessControl:
    settings = AccessSettings(whitelist=(WhitelistEntry(id="staff", roles=("teacher", "staff"), services=("*",)),
                                         WhitelistEntry(id="senior", roles=("student",), stages=("upper_secondary",),
                                                        services=("deepseek-web",))),
                              **kw)  # type: ignore[arg-type]
    return AccessControl(settings, (), LimitSettings(), DailyCounter(lambda: NOW))


UNKNOWN_AI = [
    (PUPIL_32, {}, False, "access.unknown-ai", True),
    (SENIOR, {}, False, "access.unknown-ai", True),
    (Principal("guest", "primary"), {}, False, "access.unknown-ai", True),
    (TEACHER_32, {}, True, "access.unknown-ai.inspect", True),
    (PARENT, {}, True, "access.unknown-ai.inspect", True),
    (TEACHER_32, {"teacher": "allow"}, True, "access.unknown-ai.allow", False),
    (PARENT, {"default": "block"}, False, "access.unknown-ai", True),
]


@pytest.mark.parametrize("who,setting,allowed,rule,inspect", UNKNOWN_AI, ids=[
    "primary pupil blocked", "senior pupil blocked", "unidentified blocked", "teacher inspected",
    "parent inspected", "teacher allowed unscanned", "default set to block"])
def test_unknown_ai_hosts_follow_the_role_setting(who: Principal, setting: dict[str, str], allowed: bool, rule: str,
                                                  inspect: bool) -> None:
    v = _access(unknown_ai=setting).check(who, "unknown-ai", "www.perplexity.ai", now=NOW, client="10.0.0.9")
    assert (v.allowed, v.rule_id, v.inspect) == (allowed, rule, inspect)


# -- parents -------------------------------------------------------------------------


def test_parent_role_blocks_family_data_even_alone(scanner: Scanner) -> None:
    guard = Guard(scanner, PolicySettings(), VaultStore())
    route = CATALOG.route("api.deepseek.com", "/v1/chat/completions")
    assert route is not None
    body = json.dumps({"messages": [{"role": "user", "content": "我们家是低保户，孩子该怎么申请助学金"}]},
                      ensure_ascii=False).encode()
    req = RequestView("r", "10.0.0.9", "api.deepseek.com", "/v1/chat/completions", (), "POST", "application/json", "", body)
    parent = guard.inspect(req, route, PARENT, now=NOW).decision
    teacher = guard.inspect(req, route, TEACHER_32, now=NOW).decision
    assert (parent.action, parent.rule_ids[-1]) == ("block", "policy.parents-family-data")
    assert teacher.action == "allow"
    assert parse_as("parent@primary") == Principal("parent", "primary", source="explain")


# -- class sessions --------------------------------------------------------------------


@pytest.fixture()
def book(tmp_path: Path) -> SessionBook:
    return SessionBook(tmp_path / "sessions.json", clock=lambda: NOW)


SESSION_CASES = [
    (PUPIL_32, "10.10.3.7", "deepseek-web", NOW + dt.timedelta(minutes=10), "session"),
    (PUPIL_33, "10.10.3.7", "deepseek-web", NOW + dt.timedelta(minutes=10), None),
    (PUPIL_32, "10.10.3.7", "kimi-web", NOW + dt.timedelta(minutes=10), None),
    (PUPIL_32, "10.10.3.7", "deepseek-web", NOW + dt.timedelta(minutes=40), None),
    (PUPIL_32, "10.10.3.7", "deepseek-web", NOW - dt.timedelta(minutes=1), None),
    (TEACHER_32, "10.10.3.7", "deepseek-web", NOW + dt.timedelta(minutes=10), None),
]


@pytest.mark.parametrize("who,client,service,at,found", SESSION_CASES, ids=[
    "pupil of the class, in time", "pupil of another class", "service not opened", "after 40 minutes",
    "before it opened", "a teacher is not a pupil of the session"])
def test_a_class_session_covers_its_class_its_services_and_its_time(
    book: SessionBook, who: Principal, client: str, service: str, at: dt.datetime, found: str | None,
) -> None:
    s = book.open(TEACHER_32, "h-t.li", services=("deepseek-web",), class_name="3-2")
    assert (s.end - s.start) == dt.timedelta(minutes=40)
    got = book.find(who, client, service, at)
    assert (got.id if got else None) == (s.id if found else None)


def test_a_room_session_covers_pupils_and_unidentified_devices_on_its_addresses(book: SessionBook) -> None:
    book.open(TEACHER_32, "h", services=("deepseek-web",), cidr=("10.10.3.0/24",), minutes=45)
    at = NOW + dt.timedelta(minutes=5)
    assert book.find(Principal("guest", "primary"), "10.10.3.9", "deepseek-web", at) is not None
    assert book.find(PUPIL_33, "10.10.4.9", "deepseek-web", at) is None


OPEN_REFUSALS = [
    ({"teacher": PUPIL_32, "class_name": "3-2"}, "只有教师"),
    ({"teacher": TEACHER_32, "class_name": "3-3"}, "不能为 3-3 班"),
    ({"teacher": TEACHER_32, "class_name": "3-2", "minutes": 481}, "1 到 480 分钟"),
    ({"teacher": TEACHER_32}, "二者选一"),
    ({"teacher": TEACHER_32, "cidr": ("10.10.3.0/33",)}, "网段格式不对"),
]


@pytest.mark.parametrize("kw,message", OPEN_REFUSALS, ids=[
    "a pupil cannot open", "another class", "longer than a school day", "neither class nor room", "bad range"])
def test_opening_a_session_refuses_in_chinese(book: SessionBook, kw: dict[str, object], message: str) -> None:
    teacher = kw.pop("teacher")
    with pytest.raises(SessionError, match=message):
        book.open(teacher, "h", services=("deepseek-web",), **kw)  # type: ignore[arg-type]


def test_only_the_opening_teacher_closes_a_session_and_it_ends_then(book: SessionBook, tmp_path: Path) -> None:
    s = book.open(TEACHER_32, "h-t.li", services=("deepseek-web",), class_name="3-2")
    with pytest.raises(SessionError, match="只有开启"):
        book.close(s.id, "h-other")
    book.close(s.id, "h-t.li", now=NOW + dt.timedelta(minutes=5))
    # Another reader of the same file (the proxy) sees the change.
    other = SessionBook(tmp_path / "sessions.json")
    assert other.find(PUPIL_32, "", "deepseek-web", NOW + dt.timedelta(minutes=6)) is None
    assert other.find(PUPIL_32, "", "deepseek-web", NOW + dt.timedelta(minutes=4)) is not None


def test_inside_a_session_personal_data_is_blocked_not_pseudonymised(scanner: Scanner, book: SessionBook) -> None:
    s = book.open(TEACHER_32, "h-t.li", services=("deepseek-web",), class_name="3-2")
    access = AccessControl(AccessSettings(whitelist=()), (), LimitSettings(), DailyCounter(lambda: NOW), sessions=book)
    guard = Guard(scanner, PolicySettings(), VaultStore(), access=access)
    route = CATALOG.route("chat.deepseek.com", "/api/chat")
    assert route is not None

    def decide(text: str, who: Principal = PUPIL_32) -> tuple[str, tuple[str, ...], dict[str, str]]:
        body = json.dumps({"prompt": text}, ensure_ascii=False).encode()
        req = RequestView("r", "10.10.3.7", "chat.deepseek.com", "/api/chat", (), "POST", "application/json", "", body)
        d = guard.inspect(req, route, who, now=NOW + dt.timedelta(minutes=1)).decision
        return d.action, d.rule_ids, dict(d.extra)

    action, rules, extra = decide("光合作用是什么？")
    assert (action, rules[0]) == ("allow", f"session.{s.id}")
    assert extra["session"] == s.id and extra["session_teacher"] == "h-t.li"
    assert decide("我叫王小明，我的电话是13912345678")[0] == "block"
    assert decide("光合作用是什么？", PUPIL_33)[:2] == ("block", ("access.not-whitelisted",))


# -- limits by stage, grade, class; per hour and per day; allowed hours --------------------


def _limited(limits: LimitSettings, clock_at: dt.datetime = NOW) -> AccessControl:
    return AccessControl(AccessSettings(), (), limits, DailyCounter(lambda: clock_at))


def test_hourly_limit_blocks_with_the_remaining_count_for_today() -> None:
    ac = _limited(LimitSettings(rules=(LimitRule(id="junior", stages=("lower_secondary",), per_hour=2, per_day=5),)))
    got = [ac.check(JUNIOR, "deepseek", "h", now=NOW, client="c") for _ in range(3)]
    assert [v.allowed for v in got] == [True, True, False]
    assert got[2].rule_id == "limit.junior.hour"
    assert "11:00 之后可以再用" in got[2].message and "今天还剩 2 次" in got[2].message
    assert dict(got[1].extra)["remaining_today"] == "3"
    # The next hour: allowed again until the day's limit.
    later = [ac.check(JUNIOR, "deepseek", "h", now=NOW + dt.timedelta(hours=1), client="c") for _ in range(3)]
    assert [v.allowed for v in later] == [True, True, False]
    assert later[2].rule_id == "limit.junior.day" and "今天还剩 0 次" in later[2].message


LIMIT_SCOPES = [
    (LimitRule(id="r", stages=("lower_secondary",), per_day=1), [True, False], [True, True]),
    (LimitRule(id="r", grades=(8,), per_day=1), [True, False], [True, True]),
    (LimitRule(id="r", classes=("11-2",), per_day=1), [True, True], [True, True]),
    (LimitRule(id="r", roles=("student",), per_day=1), [True, False], [True, False]),
]


@pytest.mark.parametrize("rule,junior,senior", LIMIT_SCOPES, ids=["by stage", "by grade", "by class", "by role"])
def test_limits_apply_to_the_principals_they_match(rule: LimitRule, junior: list[bool], senior: list[bool]) -> None:
    ac = _limited(LimitSettings(rules=(rule,)))
    assert [ac.check(JUNIOR, "s", "h", now=NOW, client="c").allowed for _ in range(2)] == junior
    assert [ac.check(SENIOR, "s", "h", now=NOW, client="c").allowed for _ in range(2)] == senior


HOURS = [
    (dt.datetime(2026, 11, 24, 22, 30), "hours.night"),
    (dt.datetime(2026, 11, 25, 5, 59), "hours.night"),
    (dt.datetime(2026, 11, 24, 6, 0), None),
    (dt.datetime(2026, 11, 24, 8, 10), "hours.lessons"),
    (dt.datetime(2026, 11, 24, 8, 50), None),
    (dt.datetime(2026, 11, 28, 8, 10), None),  # Saturday: no lessons
]


@pytest.mark.parametrize("at,rule", HOURS, ids=["after 22:00", "before 06:00", "06:00", "in a lesson", "break",
                                                "Saturday morning"])
def test_allowed_hours_table(at: dt.datetime, rule: str | None) -> None:
    ac = _limited(LimitSettings(hours=(
        HoursRule(id="night", roles=("student",), deny=("22:00-06:00",)),
        HoursRule(id="lessons", roles=("student",), deny=("08:00-08:45",), weekdays=(1, 2, 3, 4, 5)),
    )))
    v = ac.check(SENIOR, "s", "h", now=at, client="c")
    assert (None if v.allowed else v.rule_id) == rule
    assert ac.check(TEACHER_32, "s", "h", now=at, client="c").allowed


def test_a_class_session_lifts_lesson_hours_for_its_pupils(book: SessionBook) -> None:
    book.open(TEACHER_32, "h", services=("deepseek-web",), class_name="3-2", now=dt.datetime(2026, 11, 24, 8, 0))
    limits = LimitSettings(hours=(HoursRule(id="lessons", roles=("student",), deny=("08:00-08:45",)),))
    ac = AccessControl(AccessSettings(), (), limits, DailyCounter(lambda: NOW), sessions=book)
    at = dt.datetime(2026, 11, 24, 8, 10)
    assert ac.check(PUPIL_32, "deepseek-web", "h", now=at, client="c").rule_id.startswith("session.")
    assert ac.check(PUPIL_33, "deepseek-web", "h", now=at, client="c").rule_id == "hours.lessons"


# -- homework mode -----------------------------------------------------------------------


GHOSTWRITING = [
    ("帮我直接写一篇关于春天的作文，明天交给老师", True),
    ("你能帮我代写一篇读后感吗", True),
    ("把数学作业答案全部发给我", True),
    ("写一篇500字的作文，我直接抄上去", True),
    ("直接给我答案，不要讲解过程", True),
    ("怎么写好一篇议论文？", False),
    ("请讲讲这道题的思路", False),
    ("老师让我们写读后感，我该从哪里开始构思？", False),
    ("我的作业答案全部对了吗？", False),
    ("作业答案全部给我", True),
]


@pytest.mark.parametrize("text,found", GHOSTWRITING, ids=[
    "write it to hand in", "代写", "all the answers", "I will copy it", "answer without working",
    "how to write", "explain the idea", "asking how to start", "checking own answers", "all answers to me"])
def test_ghostwriting_detector_table(text: str, found: bool) -> None:
    assert bool(GhostwritingDetector().detect(ScanText(text))) is found


@pytest.mark.parametrize("who,action", [(PUPIL_32, "block"), (SENIOR, "allow"), (TEACHER_32, "allow")],
                         ids=["primary pupil", "senior pupil", "teacher"])
def test_ghostwriting_action_follows_the_stage(scanner: Scanner, who: Principal, action: str) -> None:
    policy = PolicySettings(homework=HomeworkSettings(ghostwriting={"primary": "block", "upper_secondary": "allow"}))
    guard = Guard(scanner, policy, VaultStore())
    route = CATALOG.route("api.deepseek.com", "/v1/chat/completions")
    assert route is not None
    body = json.dumps({"messages": [{"role": "user", "content": "帮我直接写一篇关于春天的作文，明天交给老师"}]},
                      ensure_ascii=False).encode()
    req = RequestView("r", "c", "api.deepseek.com", "/v1/chat/completions", (), "POST", "application/json", "", body)
    assert guard.inspect(req, route, who, now=NOW).decision.action == action


INSTRUCTION = "请一步一步引导"
FORMATS = [
    ("openai_chat", {"messages": [{"role": "user", "content": "q"}]},
     {"messages": [{"role": "system", "content": INSTRUCTION}, {"role": "user", "content": "q"}]}),
    ("openai_chat", {"messages": [{"role": "developer", "content": "app"}, {"role": "user", "content": "q"}]},
     {"messages": [{"role": "developer", "content": "app"}, {"role": "developer", "content": INSTRUCTION},
                   {"role": "user", "content": "q"}]}),
    ("openai_responses", {"input": "q"}, {"input": "q", "instructions": INSTRUCTION}),
    ("anthropic_messages", {"system": "app", "messages": []}, {"system": f"app\n\n{INSTRUCTION}", "messages": []}),
    ("anthropic_messages", {"system": [{"type": "text", "text": "app"}], "messages": []},
     {"system": [{"type": "text", "text": "app"}, {"type": "text", "text": INSTRUCTION}], "messages": []}),
    ("gemini_generate", {"contents": []}, {"contents": [], "systemInstruction": {"parts": [{"text": INSTRUCTION}]}}),
    ("gemini_generate", {"system_instruction": {"parts": [{"text": "app"}]}},
     {"system_instruction": {"parts": [{"text": "app"}, {"text": INSTRUCTION}]}}),
    ("ollama", {"model": "m", "prompt": "q"}, {"model": "m", "prompt": "q", "system": INSTRUCTION}),
    ("generic_json", {"prompt": "q"}, None),
    ("openai_completions", {"prompt": "q"}, None),
]


@pytest.mark.parametrize("fmt,body,expected", FORMATS, ids=[
    "openai system", "openai developer", "responses instructions", "anthropic system string",
    "anthropic system blocks", "gemini systemInstruction", "gemini system_instruction", "ollama generate",
    "web chat has no place", "completions has no place"])
def test_homework_instruction_goes_where_each_format_takes_it(fmt: str, body: dict[str, object],
                                                             expected: dict[str, object] | None) -> None:
    got = add_instruction(fmt, json.dumps(body).encode(), INSTRUCTION)  # type: ignore[arg-type]
    assert (json.loads(got) if got is not None else None) == expected


def test_homework_instruction_is_audited_and_never_inside_the_pupils_text(scanner: Scanner) -> None:
    policy = PolicySettings(homework=HomeworkSettings(instruction_stages=("upper_secondary",), instruction=INSTRUCTION))
    guard = Guard(scanner, policy, VaultStore())
    route = CATALOG.route("api.deepseek.com", "/v1/chat/completions")
    assert route is not None
    body = json.dumps({"messages": [{"role": "user", "content": "我叫王小明，勾股定理怎么证明？"}]}, ensure_ascii=False).encode()
    req = RequestView("r", "c", "api.deepseek.com", "/v1/chat/completions", (), "POST", "application/json", "", body)
    out = guard.inspect(req, route, SENIOR, now=NOW)
    sent = json.loads(out.body or b"")
    assert sent["messages"][0] == {"role": "system", "content": INSTRUCTION}
    assert INSTRUCTION not in sent["messages"][1]["content"] and "王小明" not in sent["messages"][1]["content"]
    assert "homework.instruction" in out.decision.rule_ids
    assert dict(out.decision.extra)["homework_instruction"] == "applied"
    teacher = guard.inspect(req, route, TEACHER_32, now=NOW)
    assert "homework.instruction" not in teacher.decision.rule_ids


# -- discovery ----------------------------------------------------------------------------


def test_discovery_counts_listed_and_ai_looking_hosts_outside_the_catalog_only(tmp_path: Path) -> None:
    log = DiscoveryLog(tmp_path / "discovery.json", clock=lambda: NOW)
    for host in ("www.perplexity.ai", "www.perplexity.ai", "chat.deepseek.com", "www.example.com", "tutor-gpt.cn"):
        log.observe(host, CATALOG)
    log.flush()
    seen = {s.host: (s.why, s.count) for s in read_report(tmp_path / "discovery.json")}
    assert seen == {"www.perplexity.ai": ("list:search", 2), "tutor-gpt.cn": ("looks:label:gpt", 1)}


def test_discovery_report_says_what_the_policy_does(tmp_path: Path) -> None:
    home = DataDir(tmp_path / "data")
    log = DiscoveryLog(home.discovery_file, clock=lambda: NOW)
    log.observe("chat.mistral.ai", CATALOG)
    log.flush()
    cfg = _write(tmp_path, "policy.yaml", f"services_file: {ROOT / 'config' / 'services.yaml'}\n")
    out = io.StringIO()
    discovery_report(cfg, out, data_dir=home.root)
    assert "chat.mistral.ai" in out.getvalue() and "student block" in out.getvalue()


# -- the usage report ---------------------------------------------------------------------


def test_usage_report_shows_hours_the_per_student_distribution_and_sessions_without_prompts() -> None:
    from proxy.audit.usage import aggregate_usage, render_usage

    def rec(hour: int, who: str | None, role: str = "student", session: str | None = None,
            action: str = "allow") -> dict[str, object]:
        extra = {"session": session, "session_teacher": "tt"} if session else {}
        principal = {"role": role, "class": "3-2", **({"user_hash": who} if who else {})}
        return {"time": f"2026-11-24T{hour:02d}:05:00+08:00", "principal": principal, "extra": extra, "action": action}

    records = [rec(9, "a", session="s1"), rec(9, "a", session="s1", action="block"), rec(20, "a"),
               rec(21, "b"), rec(21, None), rec(10, "t", role="teacher")]
    u = aggregate_usage(records)
    assert u.student_requests == 5 and u.students == 2
    assert {h: n for h, n in u.by_hour.items() if n} == {"09": 2, "20": 1, "21": 2}
    assert u.per_student_buckets["1"] == 1 and u.per_student_buckets["2-5"] == 1
    assert u.heaviest[0] == ("a", 3) and u.median_per_student == 2.0
    assert [(s.id, s.requests, s.blocked, s.teacher_hash) for s in u.sessions] == [("s1", 2, 1, "tt")]
    assert "s1" in render_usage(u) and "09:00" in render_usage(u)


def test_discovery_addon_counts_a_connect_and_its_client_hello_once(tmp_path: Path) -> None:
    import asyncio
    from types import SimpleNamespace

    from proxy.mitm.discovery_addon import DiscoveryAddon

    log = DiscoveryLog(tmp_path / "discovery.json", clock=lambda: NOW)
    live = SimpleNamespace(current=SimpleNamespace(discovery=log, catalog=CATALOG))
    addon = DiscoveryAddon(live)  # type: ignore[arg-type]

    class Conn:  # weak-referenceable stand-in for a client connection
        pass

    tunnel, transparent = Conn(), Conn()
    connect = SimpleNamespace(request=SimpleNamespace(host="Chat.Mistral.AI."), client_conn=tunnel)

    def hello(sni: str, client: object) -> SimpleNamespace:
        return SimpleNamespace(client_hello=SimpleNamespace(sni=sni), context=SimpleNamespace(client=client))

    async def run() -> None:
        await addon.http_connect(connect)  # type: ignore[arg-type]
        await addon.tls_clienthello(hello("chat.mistral.ai", tunnel))  # type: ignore[arg-type]
        await addon.tls_clienthello(hello("chat.mistral.ai", transparent))  # type: ignore[arg-type]
        await addon.tls_clienthello(hello("www.example.com", transparent))  # type: ignore[arg-type]

    asyncio.run(run())
    assert [(s.host, s.count) for s in log.sightings()] == [("chat.mistral.ai", 2)]


@pytest.mark.parametrize("content", ["{not json", '{"sessions": [{"id": "x"}]}', '["a list"]', "\xff"],
                         ids=["not JSON", "a session without fields", "not an object", "not UTF-8"])
def test_a_damaged_sessions_file_opens_nothing_and_refuses_changes(tmp_path: Path, content: str) -> None:
    path = tmp_path / "sessions.json"
    path.write_bytes(content.encode("latin-1") if content == "\xff" else content.encode())
    book = SessionBook(path, clock=lambda: NOW)
    assert book.find(PUPIL_32, "10.10.3.7", "deepseek-web", NOW) is None
    with pytest.raises(ConfigError, match="damaged sessions file"):
        book.open(TEACHER_32, "h", services=("deepseek-web",), class_name="3-2")
