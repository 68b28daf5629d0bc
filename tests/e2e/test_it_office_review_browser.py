"""The review page and the printed report as a reviewer uses them, in Debian's
headless Chromium: filters are choices in Chinese (处理方式 = 拦截 finds the
blocks), a record opens as a Chinese table in the school's time zone, large
stores page, the filtered view exports; the report shows a real period, rules in
words, service names and trend charts, and prints to PDF."""

from __future__ import annotations

import base64
import csv
import io
import os
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from proxy.audit.chain import load_or_create_signer
from proxy.audit.report import aggregate, parse_day, render, rule_in_words
from proxy.audit.review import ReviewServer
from proxy.audit.sqlite_store import SqliteAuditStore
from proxy.audit.store import VerifyReport
from proxy.policy.principals import hash_password
from tests.e2e.test_review_page import CHROMIUM, _Browser

browser_only = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="Debian chromium is not installed (make test installs it with apt-get)",
)
NAMES = {"deepseek": "DeepSeek", "kimi-web": "Kimi 网页版"}


def _records() -> list[dict[str, object]]:
    """Times in UTC: 02:30Z is 10:30 in Shanghai, 17:00Z the next morning 01:00 there."""
    rows = [("2026-11-20T02:30:00+00:00", "deepseek", "block", "teacher", "CN_RESIDENT_ID", "action.SECRET", "高一(3)班"),
            ("2026-11-20T17:00:00+00:00", "kimi-web", "pseudonymize", "student", "PERSON", "action.default", "初二(1)班"),
            ("2026-11-21T03:00:00+00:00", "deepseek", "allow", "student", None, "no-findings", "初二(1)班")]
    out = []
    for i, (when, service, action, role, entity, rule, klass) in enumerate(rows):
        findings = [{"entity": entity, "detector": "d", "score_band": "high", "count": 1, "action": action}] if entity else []
        out.append({"time": when, "service": service, "action": action, "request_id": f"r{i}", "host": "h", "path": "/p",
                    "principal": {"role": role, "stage": "lower_secondary", "class": klass}, "findings": findings,
                    "rule_ids": [rule]})
    return out


@pytest.fixture()
def review(tmp_path: Path) -> Iterator[ReviewServer]:
    store = SqliteAuditStore(tmp_path / "audit.sqlite", chain="node-a", signer=load_or_create_signer(tmp_path / "k.pem"))
    for r in _records():
        store.append(dict(r))
    for i in range(120):  # enough to page
        store.append({"time": f"2026-11-22T0{i % 10}:00:00+08:00", "service": "deepseek", "action": "allow",
                      "request_id": f"bulk{i}", "principal": {"role": "student"}, "findings": [], "rule_ids": ["no-findings"]})
    server = ReviewServer(lambda: store, {"inspector": hash_password("review-pass-1")}, "127.0.0.1", 0,
                          timezone="Asia/Shanghai", service_names=lambda: NAMES)
    server.start()
    yield server
    server.stop()
    store.close()


def _login(b: _Browser, base: str) -> None:
    b.goto(base + "/")
    b.eval("document.getElementById('user').value='inspector'; document.getElementById('password').value='review-pass-1';"
           "document.getElementById('login').click(); true")
    time.sleep(0.5)
    b.wait_loaded()


def _submit(b: _Browser) -> str:
    b.eval("document.querySelector('#filters button').click(); true")
    time.sleep(0.5)
    b.wait_loaded()
    return str(b.eval("document.body.innerText"))


def _shot(b: _Browser, path: Path) -> None:
    shot = base64.b64decode(b.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"])
    path.write_bytes(shot)
    keep = os.environ.get("PRIVACY_GUARD_KEEP_SCREENSHOT_DIR")
    if keep:
        (Path(keep) / path.name).write_bytes(shot)
    assert shot.startswith(b"\x89PNG") and len(shot) > 10_000


@browser_only
def test_reviewer_chooses_filters_in_chinese_opens_a_record_and_pages(review: ReviewServer, tmp_path: Path) -> None:
    b = _Browser(tmp_path)
    try:
        base = f"http://127.0.0.1:{review.port}"
        _login(b, base)
        text = b.eval("document.body.innerText")
        assert "共 123 条，第 1 / 3 页" in text
        options = b.eval("Array.from(document.querySelectorAll('#filter-action option')).map(o => o.text)")
        assert options == ["全部", "放行", "假名化", "脱敏", "拦截", "错误"]
        b.eval("document.getElementById('page-next').click(); true")
        time.sleep(0.5)
        b.wait_loaded()
        assert "第 2 / 3 页" in b.eval("document.body.innerText")
        b.goto(base + "/")
        b.eval("const s = document.getElementById('filter-action');"
               "s.value = Array.from(s.options).find(o => o.text === '拦截').value; true")
        text = _submit(b)
        assert "共 1 条" in text
        listed = text.split("记录（")[1]
        assert "DeepSeek" in listed and "身份证号" in listed and "拦截" in listed
        assert "2026-11-20 10:30:00" in listed  # 02:30 UTC shown in Shanghai time
        _shot(b, tmp_path / "review-filtered.png")
        b.eval("document.querySelector('#record-list a').click(); true")
        time.sleep(0.5)
        b.wait_loaded()
        cells = b.eval("Object.fromEntries(Array.from(document.querySelectorAll('#record tr'))"
                       ".map(r => [r.cells[0].innerText, r.cells[1].innerText]))")
        assert cells["时间"] == "2026-11-20 10:30:00（Asia/Shanghai）"
        assert cells["服务"] == "DeepSeek（deepseek）" and cells["处理方式"] == "拦截"
        assert cells["规则"] == "“密钥”的处理规定（action.SECRET）"
        assert "身份证号" in cells["发现的信息"] and cells["身份"].startswith("教师 初中")
        assert "\"service\"" not in b.eval("document.body.innerText")  # raw JSON stays folded away
        _shot(b, tmp_path / "review-record.png")
    finally:
        b.close()


def test_typed_chinese_filter_words_work_and_bad_dates_are_refused(review: ReviewServer) -> None:
    from tests.proxy.audit.test_review_security import Client

    c = Client(review.port)
    assert c.login() == 303
    status, _, page = c.request("GET", "/?action=" + urllib.request.quote("拦截"))
    assert status == 200 and "共 1 条" in page
    assert c.request("GET", "/?from=2026-11-31")[0] == 400


def test_the_filtered_view_exports_as_csv_with_chinese_columns(review: ReviewServer) -> None:
    from tests.proxy.audit.test_review_security import Client

    c = Client(review.port)
    assert c.login() == 303
    status, headers, body = c.request("GET", "/export.csv?action=pseudonymize")
    assert status == 200 and "attachment" in headers.get("content-disposition", "")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:5] == ["时间", "链", "序号", "服务", "处理方式"]
    assert rows[1][0] == "2026-11-21 01:00:00" and rows[1][3] == "Kimi 网页版" and rows[1][4] == "假名化"
    assert len(rows) == 2


@pytest.mark.parametrize("rule,words", [
    ("action.SECRET", "“密钥"), ("escalation.special-category-next-to-person", "特殊信息"),
    ("exam.midterm", "考试期间禁用（midterm）"), ("limit.daily.student", "每日使用次数上限（学生）"),
    ("upstream.unreachable", "AI 服务无法连接"), ("something-new", "something-new"),
], ids=["entity action", "escalation", "exam window", "daily limit", "upstream", "unknown stays"])
def test_rule_ids_are_explained_in_words(rule: str, words: str) -> None:
    assert words in rule_in_words(rule)


@pytest.mark.parametrize("value", ["2026-11-31", "2026-13-01", "yesterday"], ids=["31 November", "month 13", "a word"])
def test_dates_that_do_not_exist_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="不是有效日期"):
        parse_day(value, option="--from")


def test_the_report_period_is_the_records_first_and_last_day_in_the_school_time_zone() -> None:
    d = aggregate(_records(), period_from=None, period_to=None, verify=VerifyReport(ok=True),
                  service_names=NAMES)
    assert (d.period_from, d.period_to) == ("2026-11-20", "2026-11-21")
    assert d.by_day == {"2026-11-20": 1, "2026-11-21": 2} and d.blocks_by_day == {"2026-11-20": 1, "2026-11-21": 0}
    assert d.by_hour["10"] == 1 and d.by_hour["01"] == 1 and d.by_hour["11"] == 1 and len(d.by_hour) == 24
    assert d.by_class == {"初二(1)班": 2, "高一(3)班": 1}
    page = render(d, "html")
    assert "统计期间：2026-11-20 至 2026-11-21（时区 Asia/Shanghai" in page and "0000" not in page
    assert "Kimi 网页版（kimi-web）" in page and "未发现敏感信息（no-findings）" in page
    for chart in ("chart-day", "chart-hour", "chart-blocks", "chart-classes"):
        assert f'id="{chart}"' in page


@browser_only
def test_the_report_renders_in_chromium_and_prints_to_pdf(tmp_path: Path) -> None:
    from proxy.cli.pdf import html_to_pdf

    page = render(aggregate(_records(), period_from="2026-11-01", period_to="2026-12-01",
                            verify=VerifyReport(ok=True), service_names=NAMES), "html")
    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    b = _Browser(tmp_path)
    try:
        b.goto((tmp_path / "report.html").as_uri())
        assert b.eval("document.querySelectorAll('svg.chart rect').length") >= 24 + 2 + 2
        assert b.eval("document.getElementById('period').innerText").startswith("统计期间：2026-11-01 至 2026-12-01")
        _shot(b, tmp_path / "report.png")
    finally:
        b.close()
    html_to_pdf(page, tmp_path / "report.pdf")
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5_000
