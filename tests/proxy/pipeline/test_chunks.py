"""Long slots scanned window by window: the same findings as a whole-text scan, and a scan
budget that stops inside one slot. The property at the end draws 25 texts by default;
`PG_CHUNK_EXAMPLES=300` for a long run."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detectors import Finding, Scanner
from proxy.pipeline.chunks import ChunkPlan, scan_in_chunks, windows
from proxy.pipeline.guard import Guard, RequestView
from proxy.pipeline.uploads.sandbox import BudgetExceeded, ScanBudget
from proxy.pipeline.vault import VaultStore
from proxy.policy.catalog import load_catalog
from proxy.policy.settings import PolicySettings
from tests.proxy.mitm.request_strategies import phones, resident_ids

CATALOG = load_catalog(Path(__file__).resolve().parents[3] / "config" / "services.yaml")
SMALL = ChunkPlan(size=400, reach=100)

# Synthetic values only (valid checksums, nobody's): 11010120150312123X-style IDs built below.
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _resident_id(body17: str) -> str:
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, _W)) % 11]


def _phone_across_the_seam() -> str:
    # One line with no break: the seam is a hard cut at 400, inside the number.
    text = "甲" * 393 + "手机13912345678。" + "乙" * 400
    assert text.index("13912345678") < SMALL.size < text.index("13912345678") + 11
    return text


def _id_across_a_line_seam() -> str:
    lines = ["这是第%d行普通文字，没有任何个人信息。" % i for i in range(60)]
    lines[11] = "家长身份证号" + _resident_id("11010119800101123") + "，请核对。"
    return "\n".join(lines)


def _csv_longer_than_a_window() -> str:
    rows = [f"{chr(0x4e00 + 300 + i % 40)}{chr(0x4e00 + 900 + i % 50)},2023{1000 + i},139{10_000_000 + i * 7919}"
            for i in range(80)]
    return "名单\n姓名,学号,电话\n" + "\n".join(rows) + "\n\n以上请保密。"


def _markdown_table_after_prose() -> str:
    given = ("Wei", "Fang", "Jun", "Min", "Tao")
    rows = [f"| Li {given[i % 5]} | {_resident_id(f'31010419900101{100 + i:03d}')} |" for i in range(40)]
    return "说明：" + "这是一段说明文字。" * 60 + "\n\n| name | 身份证号 |\n|---|---|\n" + "\n".join(rows)


def _json_records() -> str:
    return json.dumps([{"student_name": "张小明", "student_id": f"2023{1000 + i}", "phone": f"1381234{5000 + i}"}
                       for i in range(40)], ensure_ascii=False, indent=1)


@pytest.mark.parametrize(
    "text",
    [_phone_across_the_seam(), _id_across_a_line_seam(), _csv_longer_than_a_window(),
     _csv_longer_than_a_window().replace("\n", "\r\n"), _markdown_table_after_prose(), _json_records()],
    ids=["phone number cut by a hard seam", "resident ID next to a line seam", "CSV table across several windows",
         "CSV table with CRLF line ends", "Markdown table after a long paragraph", "indented JSON records"],
)
def test_a_long_slot_scanned_in_windows_has_the_findings_of_a_whole_scan(scanner: Scanner, text: str) -> None:
    assert len(windows(text, SMALL)) > 1
    whole = [(f.entity, f.start, f.end, f.text) for f in scanner.scan(text).findings]
    pieces = [(f.entity, f.start, f.end, f.text)
              for f in scan_in_chunks(text, lambda t: scanner.scan(t).findings, plan=SMALL)]
    assert whole and pieces == whole


def test_seams_prefer_paragraph_breaks_then_line_breaks() -> None:
    text = ("一" * 150 + "\n") * 2 + "\n" + ("二" * 150 + "\n") * 4
    parts = windows(text, SMALL)
    assert [w.own_start for w in parts][:2] == [0, text.index("\n\n") + 2]
    assert all(text[w.own_start - 1] == "\n" for w in parts[1:])


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_a_window_inside_a_paragraph_carries_the_paragraph_head(newline: str) -> None:
    text = ("前言" * 30 + "\n\n" + _csv_longer_than_a_window()).replace("\n", newline)
    later = windows(text, SMALL)[3]
    assert later.head.startswith(f"名单{newline}姓名,学号,电话") and later.start > len(later.head)


def _recorder(seen: list[str]) -> Callable[[str], tuple[Finding, ...]]:
    def scan(text: str) -> tuple[Finding, ...]:
        seen.append(text)
        return ()
    return scan


def test_a_slot_within_the_window_size_is_scanned_whole_in_one_call() -> None:
    seen: list[str] = []
    scan_in_chunks("电话13912345678", _recorder(seen), plan=SMALL)
    assert seen == ["电话13912345678"]


def test_the_time_budget_stops_a_single_long_slot_between_its_windows() -> None:
    ticks = itertools.count()
    budget = ScanBudget(max_seconds=3, clock=lambda: float(next(ticks)))  # one second per reading
    scanned: list[str] = []
    text = "学生的电话13912345678。\n" * 2000
    assert len(windows(text, SMALL)) > 50
    with pytest.raises(BudgetExceeded, match="longer than 3 s") as exceeded:
        scan_in_chunks(text, _recorder(scanned), budget.timer(), SMALL)
    assert exceeded.value.rule == "budget.scan-time" and len(scanned) == 3


def test_a_request_whose_only_slot_goes_over_the_time_budget_is_blocked(scanner: Scanner) -> None:
    ticks = itertools.count()
    guard = Guard(scanner, PolicySettings(), VaultStore(), chunks=SMALL,
                  budget=ScanBudget(max_seconds=5, clock=lambda: float(next(ticks))))
    body = ("这是普通的一行文字。\n" * 3000).encode()
    req = RequestView(request_id="r1", client="10.0.0.5", host="api.openai.com", path="/v1/other/thing", query=(),
                      method="POST", content_type="text/plain; charset=utf-8", accept="", body=body)
    route = CATALOG.route("api.openai.com", "/v1/other/thing")
    assert route is not None
    out = guard.inspect(req, route)
    assert out.block is not None and out.decision.action == "block"
    assert "budget.scan-time" in out.decision.rule_ids and out.body is None


# -- property: tiny windows lose no number a whole scan finds ------------------------------------

_LINES = st.sampled_from((
    "这是一段普通的说明文字，没有任何个人信息。", "请同学们按时完成作业。", "", "姓名,学号,电话", "| 姓名 | 手机 |", "|---|---|",
    "The quick brown fox jumps over the lazy dog.", "第二单元复习提纲：", "联系人：",
))


@st.composite
def _texts_with_numbers(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    lines: list[str] = []
    values: list[str] = []
    for _ in range(draw(st.integers(20, 120))):
        if draw(st.integers(0, 4)) == 0:
            value = draw(st.one_of(resident_ids, phones))
            values.append(value)
            lines.append(draw(st.sampled_from(("电话{}。", "家长手机：{}", "身份证号 {} ，", "张伟,2023{:.0},{}",
                                               "| 李娜 | {} |"))).replace("{:.0}", "01").format(value))
        else:
            lines.append(draw(_LINES) * draw(st.integers(1, 6)))
    sep = draw(st.sampled_from(("\n", "\r\n")))
    return sep.join(lines), tuple(values)


@settings(max_examples=int(os.environ.get("PG_CHUNK_EXAMPLES", "25")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(_texts_with_numbers(), st.sampled_from((ChunkPlan(size=400, reach=100), ChunkPlan(size=1200, reach=300))))
def test_windows_find_every_number_a_whole_scan_finds(scanner: Scanner, case: tuple[str, tuple[str, ...]],
                                                     plan: ChunkPlan) -> None:
    text, values = case
    numbers = ("PHONE_NUMBER", "CN_RESIDENT_ID")
    whole = {(f.entity, f.start, f.end) for f in scanner.scan(text).findings if f.entity in numbers}
    pieces = {(f.entity, f.start, f.end)
              for f in scan_in_chunks(text, lambda t: scanner.scan(t).findings, plan=plan) if f.entity in numbers}
    assert pieces == whole
    assert all(any(text[s:e] == v for _, s, e in pieces) for v in values)
