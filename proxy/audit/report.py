"""The compliance report: totals and breakdowns of audit records for a period,
with the chain's verification status, as JSON, CSV or a printable Chinese HTML
page with inline SVG charts. Built from records only: no values, no prompts."""

from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from detectors.entities import LABELS
from proxy.audit.store import VerifyReport

__all__ = ["ReportData", "aggregate", "render"]

_ACTION_ZH = {"allow": "放行", "pseudonymize": "假名化", "redact": "脱敏", "block": "拦截", "error": "错误"}
_ROLE_ZH = {"student": "学生", "teacher": "教师", "staff": "职员", "guest": "访客"}
_STAGE_ZH = {"primary": "小学", "lower_secondary": "初中", "upper_secondary": "高中"}


@dataclass(frozen=True, slots=True)
class ReportData:
    period_from: str
    period_to: str
    total: int
    by_action: dict[str, int]
    by_day: dict[str, int]
    by_service: dict[str, int]
    by_entity: dict[str, int]
    by_role: dict[str, int]
    by_stage: dict[str, int]
    by_class: dict[str, int]
    top_rules: dict[str, int]
    exam_bank_hits: int
    exam_papers: dict[str, int]
    verified: bool
    verify_problems: tuple[str, ...]
    chains: int


def aggregate(records: Iterable[Mapping[str, Any]], *, period_from: str, period_to: str,
              verify: VerifyReport) -> ReportData:
    by: dict[str, Counter[str]] = {k: Counter() for k in ("action", "day", "service", "entity", "role", "stage", "class", "rule", "paper")}
    total = exam_hits = 0
    for r in records:
        total += 1
        p = r.get("principal") or {}
        by["action"][r.get("action", "?")] += 1
        by["day"][str(r.get("time", ""))[:10]] += 1
        by["service"][r.get("service", "?")] += 1
        by["role"][p.get("role", "?")] += 1
        by["stage"][p.get("stage", "—")] += 1
        if p.get("class"):
            by["class"][p["class"]] += 1
        for rule in r.get("rule_ids", []):
            by["rule"][rule] += 1
        for f in r.get("findings", []):
            by["entity"][f["entity"]] += int(f.get("count", 1))
            if f["entity"] == "EXAM_ITEM" and f.get("detector") == "exam_registered":
                exam_hits += int(f.get("count", 1))
    return ReportData(
        period_from=period_from, period_to=period_to, total=total,
        by_action=dict(by["action"].most_common()), by_day=dict(sorted(by["day"].items())),
        by_service=dict(by["service"].most_common()), by_entity=dict(by["entity"].most_common()),
        by_role=dict(by["role"].most_common()), by_stage=dict(by["stage"].most_common()),
        by_class=dict(by["class"].most_common(30)), top_rules=dict(by["rule"].most_common(15)),
        exam_bank_hits=exam_hits, exam_papers=dict(by["paper"]), verified=verify.ok,
        verify_problems=tuple(verify.problems[:50]), chains=verify.chains,
    )


def _bars(title: str, data: Mapping[str, int], labels: Mapping[str, str] | None = None) -> str:
    if not data:
        return f"<h3>{html.escape(title)}</h3><p>（无记录）</p>"
    width, row = 640, 22
    top = max(data.values()) or 1
    items = list(data.items())[:20]
    svg = [f'<svg role="img" aria-label="{html.escape(title)}" width="{width}" height="{row * len(items) + 6}" '
           'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">']
    for i, (k, v) in enumerate(items):
        y = i * row + 3
        w = int((width - 260) * v / top)
        name = (labels or {}).get(k, k)
        svg.append(f'<text x="0" y="{y + 14}">{html.escape(str(name))[:28]}</text>'
                   f'<rect x="200" y="{y}" width="{max(w, 1)}" height="{row - 6}" fill="#4a6fa5"/>'
                   f'<text x="{205 + w}" y="{y + 14}">{v}</text>')
    svg.append("</svg>")
    return f"<h3>{html.escape(title)}</h3>" + "".join(svg)


def _html(d: ReportData) -> str:
    status = ("<p class=ok>审计链校验：通过（" + str(d.chains) + " 条链）</p>" if d.verified else
              "<p class=bad>审计链校验：未通过</p><ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in d.verify_problems) + "</ul>")
    blocked = d.by_action.get("block", 0)
    changed = d.by_action.get("redact", 0) + d.by_action.get("pseudonymize", 0)
    return (
        "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>AI 使用与隐私保护审计报告</title>"
        "<style>body{font-family:sans-serif;max-width:56em;margin:2em auto;line-height:1.5}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 8px}.ok{color:#1a7f37}.bad{color:#b00}"
        "@media print{h2{page-break-before:auto}}</style><body>"
        f"<h1>AI 使用与隐私保护审计报告</h1><p>统计期间：{html.escape(d.period_from)} 至 {html.escape(d.period_to)}</p>"
        + status +
        f"<h2>总览</h2><table><tr><th>请求总数</th><td>{d.total}</td></tr><tr><th>拦截</th><td>{blocked}</td></tr>"
        f"<tr><th>脱敏或假名化后发送</th><td>{changed}</td></tr><tr><th>原样放行</th><td>{d.by_action.get('allow', 0)}</td></tr>"
        f"<tr><th>登记试卷命中</th><td>{d.exam_bank_hits}</td></tr></table>"
        "<h2>分类统计</h2>"
        + _bars("处理方式", d.by_action, _ACTION_ZH) + _bars("按日期", d.by_day) + _bars("按 AI 服务", d.by_service)
        + _bars("按信息类型", d.by_entity, {k: f"{v}（{k}）" for k, v in LABELS.items()}) + _bars("按身份", d.by_role, _ROLE_ZH) + _bars("按学段", d.by_stage, _STAGE_ZH)
        + _bars("按班级", d.by_class) + _bars("最常触发的规则", d.top_rules)
        + "<p>本报告只包含类型、数量和规则编号，不含任何提示词原文或个人信息原值。</p></body></html>"
    )


def _csv(d: ReportData) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["section", "key", "count"])
    w.writerow(["period", f"{d.period_from}..{d.period_to}", d.total])
    w.writerow(["verification", "ok" if d.verified else "failed", d.chains])
    for section in ("by_action", "by_day", "by_service", "by_entity", "by_role", "by_stage", "by_class", "top_rules"):
        for k, v in getattr(d, section).items():
            w.writerow([section, k, v])
    w.writerow(["exam_bank_hits", "", d.exam_bank_hits])
    return buf.getvalue()


def render(d: ReportData, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(asdict(d), ensure_ascii=False, indent=1)
    if fmt == "csv":
        return _csv(d)
    if fmt == "html":
        return _html(d)
    raise ValueError(f"unknown report format {fmt!r}; expected html, csv or json")
