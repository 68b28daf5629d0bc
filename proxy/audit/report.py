"""The compliance report: totals, breakdowns and trends of audit records for a
period, with the chain's verification status, as JSON, CSV or a printable
Chinese HTML page with inline SVG charts (the page also prints to PDF).

Times are shown in the school's time zone (`timezone`, default Asia/Shanghai);
services by name; rules in words. Built from records only: no values, no prompts.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from detectors.entities import LABELS
from proxy.audit.store import VerifyReport
from proxy.audit.usage import SessionUse, aggregate_usage
from proxy.policy.vocabulary import RECORD_ACTIONS

__all__ = [
    "ReportData", "aggregate", "render", "rule_in_words", "parse_day", "local_time", "ACTION_ZH", "ROLE_ZH",
    "STAGE_ZH", "DEFAULT_TIMEZONE",
]

DEFAULT_TIMEZONE = "Asia/Shanghai"
ACTION_ZH: Mapping[str, str] = {"allow": "放行", "pseudonymize": "假名化", "redact": "脱敏", "block": "拦截", "error": "错误"}
assert set(ACTION_ZH) == set(RECORD_ACTIONS), "the report names every record action in Chinese"
ROLE_ZH = {"student": "学生", "teacher": "教师", "staff": "职员", "parent": "家长", "guest": "访客"}
STAGE_ZH = {"primary": "小学", "lower_secondary": "初中", "upper_secondary": "高中"}

#: Rule ids in words, by exact id, then by prefix (the rest of the id is the configured name).
_RULES_EXACT = {
    "no-findings": "未发现敏感信息",
    "action.default": "默认处理方式（未单独规定的信息类型）",
    "action.exam_structure": "疑似试题（按题目结构识别，未登记）",
    "access.blocked-host": "学校禁止使用的 AI 服务",
    "access.not-whitelisted": "该身份不在此服务的白名单内",
    "access.open": "未设白名单，允许使用",
    "host-mismatch": "请求的目标地址与 Host 不一致",
    "unknown-content-encoding": "请求的压缩格式无法检查",
    "fail-closed": "检查出错，按规定拦截",
    "fail-closed.internal-error": "内部错误，按规定拦截",
    "upstream.unreachable": "AI 服务无法连接",
    "escalation.special-category-next-to-person": "健康、家庭、违纪等特殊信息出现在姓名或学号附近",
}
_RULES_PREFIX: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("action.", lambda rest: f"“{LABELS.get(rest, rest)}”的处理规定"),
    ("policy.", lambda rest: f"身份策略“{rest}”"),
    ("escalation.", lambda rest: f"升级规则“{rest}”"),
    ("exam.", lambda rest: f"考试期间禁用（{rest}）"),
    ("limit.daily.", lambda rest: f"每日使用次数上限（{ROLE_ZH.get(rest, rest)}）"),
    ("access.", lambda rest: f"白名单条目“{rest}”"),
)


def rule_in_words(rule: str) -> str:
    if rule in _RULES_EXACT:
        return _RULES_EXACT[rule]
    for prefix, words in _RULES_PREFIX:
        if rule.startswith(prefix):
            return words(rule[len(prefix):])
    return rule


def parse_day(value: str, *, option: str) -> dt.datetime:
    """A date (2026-11-01) or date and time (2026-11-01T08:00), checked: 2026-11-31 is refused."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{option} {value!r} 不是有效日期（应如 2026-11-01）/ is not a valid date like 2026-11-01") from None
    return parsed


def local_time(stamp: str, tz: dt.tzinfo) -> dt.datetime | None:
    """A record's ISO time in the school's time zone (a stamp without an offset is taken as already local)."""
    try:
        t = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    return t.astimezone(tz) if t.tzinfo is not None else t.replace(tzinfo=tz)


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
    by_hour: dict[str, int] = field(default_factory=dict)
    blocks_by_day: dict[str, int] = field(default_factory=dict)
    timezone: str = DEFAULT_TIMEZONE
    generated: str = ""
    service_names: dict[str, str] = field(default_factory=dict)
    rule_names: dict[str, str] = field(default_factory=dict)
    #: Supervised class sessions in the period (teacher only as the audit's keyed hash).
    sessions: tuple[SessionUse, ...] = ()
    #: Requests per (hashed) student, as buckets ("1", "2-5", …) -> number of students: over-reliance
    #: shows without anyone's prompts.
    student_buckets: dict[str, int] = field(default_factory=dict)


def aggregate(records: Iterable[Mapping[str, Any]], *, period_from: str | None, period_to: str | None,
              verify: VerifyReport, timezone: str = DEFAULT_TIMEZONE,
              service_names: Mapping[str, str] | None = None) -> ReportData:
    """Totals and trends; the period shown is the one asked for, else the first and last record's day."""
    tz = ZoneInfo(timezone)
    records = list(records)
    usage = aggregate_usage(records)
    by: dict[str, Counter[str]] = {k: Counter() for k in
                                   ("action", "day", "hour", "block_day", "service", "entity", "role", "stage",
                                    "class", "rule", "paper")}
    total = exam_hits = 0
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    for r in records:
        total += 1
        p = r.get("principal") or {}
        when = local_time(str(r.get("time", "")), tz)
        if when is not None:
            first = when if first is None or when < first else first
            last = when if last is None or when > last else last
            day = when.strftime("%Y-%m-%d")
            by["day"][day] += 1
            by["hour"][when.strftime("%H")] += 1
            if r.get("action") == "block":
                by["block_day"][day] += 1
        by["action"][r.get("action", "?")] += 1
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
    start = period_from or (first.strftime("%Y-%m-%d") if first else "（无记录）")
    end = period_to or (last.strftime("%Y-%m-%d") if last else "（无记录）")
    days = dict(sorted(by["day"].items()))
    top_rules = dict(by["rule"].most_common(15))
    return ReportData(
        period_from=start, period_to=end, total=total,
        by_action=dict(by["action"].most_common()), by_day=days,
        by_service=dict(by["service"].most_common()), by_entity=dict(by["entity"].most_common()),
        by_role=dict(by["role"].most_common()), by_stage=dict(by["stage"].most_common()),
        by_class=dict(by["class"].most_common(30)), top_rules=top_rules,
        exam_bank_hits=exam_hits, exam_papers=dict(by["paper"]), verified=verify.ok,
        verify_problems=tuple(verify.problems[:50]), chains=verify.chains,
        by_hour={f"{h:02d}": by["hour"].get(f"{h:02d}", 0) for h in range(24)},
        blocks_by_day={d: by["block_day"].get(d, 0) for d in days},
        timezone=timezone, generated=dt.datetime.now(tz).strftime("%Y-%m-%d %H:%M"),
        service_names={k: v for k, v in (service_names or {}).items() if k in by["service"]},
        rule_names={k: rule_in_words(k) for k in top_rules},
        sessions=usage.sessions, student_buckets=dict(usage.per_student_buckets),
    )


# -- charts (inline SVG: prints, needs no script, passes the review page's CSP) ------------


def _bars(title: str, data: Mapping[str, int], labels: Mapping[str, str] | None = None, chart_id: str = "") -> str:
    if not data:
        return f"<h3>{html.escape(title)}</h3><p>（无记录）</p>"
    width, row = 680, 22
    top = max(data.values()) or 1
    items = list(data.items())[:20]
    ident = f' id="{chart_id}"' if chart_id else ""
    svg = [f'<svg{ident} class=chart role="img" aria-label="{html.escape(title)}" width="{width}" '
           f'height="{row * len(items) + 6}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">']
    for i, (k, v) in enumerate(items):
        y = i * row + 3
        w = int((width - 300) * v / top)
        name = str((labels or {}).get(k, k))
        short = name if len(name) <= 24 else name[:23] + "…"
        svg.append(f'<text x="0" y="{y + 14}"><title>{html.escape(name)}</title>{html.escape(short)}</text>'
                   f'<rect x="250" y="{y}" width="{max(w, 1)}" height="{row - 6}" fill="#4a6fa5"/>'
                   f'<text x="{255 + w}" y="{y + 14}">{v}</text>')
    svg.append("</svg>")
    return f"<h3>{html.escape(title)}</h3>" + "".join(svg)


def _columns(title: str, data: Mapping[str, int], *, colour: str = "#4a6fa5", chart_id: str = "",
             label_every: int = 1) -> str:
    """A column chart over an ordered axis (days, hours); labels thinned to stay legible."""
    if not data or not any(data.values()):
        return f"<h3>{html.escape(title)}</h3><p>（无记录）</p>"
    items = list(data.items())[-62:]
    height, base, width = 160, 190, 680
    step = max(6, min(40, (width - 40) // len(items)))
    top = max(v for _, v in items) or 1
    every = max(label_every, (len(items) * step) // 640 + 1 if step < 24 else label_every)
    ident = f' id="{chart_id}"' if chart_id else ""
    svg = [f'<svg{ident} class=chart role="img" aria-label="{html.escape(title)}" width="{width}" height="{base + 40}" '
           'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">',
           f'<line x1="30" y1="{base}" x2="{30 + step * len(items)}" y2="{base}" stroke="#999"/>',
           f'<text x="0" y="{base - height + 4}">{top}</text>']
    for i, (k, v) in enumerate(items):
        h = int(height * v / top)
        x = 32 + i * step
        svg.append(f'<rect x="{x}" y="{base - h}" width="{max(step - 3, 2)}" height="{max(h, 0)}" fill="{colour}">'
                   f'<title>{html.escape(k)}: {v}</title></rect>')
        if i % every == 0:
            label = k[5:] if len(k) == 10 else k  # 2026-11-03 → 11-03
            svg.append(f'<text x="{x}" y="{base + 14}" transform="rotate(45 {x} {base + 14})">{html.escape(label)}</text>')
    svg.append("</svg>")
    return f"<h3>{html.escape(title)}</h3>" + "".join(svg)


_STYLE = (
    "body{font-family:'WenQuanYi Zen Hei','Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:56em;"
    "margin:2em auto;line-height:1.5}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 8px}"
    ".ok{color:#1a7f37}.bad{color:#b00}.note{color:#555;font-size:90%}"
    "@media print{body{margin:0;max-width:none}h2{break-after:avoid}h3{break-after:avoid}svg.chart{break-inside:avoid}"
    "form,#logout,nav{display:none}}"
)


def _html(d: ReportData) -> str:
    status = ("<p class=ok>审计链校验：通过（" + str(d.chains) + " 条链）</p>" if d.verified else
              "<p class=bad>审计链校验：未通过</p><ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in d.verify_problems) + "</ul>")
    blocked = d.by_action.get("block", 0)
    changed = d.by_action.get("redact", 0) + d.by_action.get("pseudonymize", 0)
    services = {k: f"{d.service_names[k]}（{k}）" if k in d.service_names else k for k in d.by_service}
    rules = {k: f"{d.rule_names.get(k, k)}（{k}）" for k in d.top_rules}
    return (
        "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>AI 使用与隐私保护审计报告</title>"
        f"<style>{_STYLE}</style><body>"
        "<h1>AI 使用与隐私保护审计报告</h1>"
        f"<p id=period>统计期间：{html.escape(d.period_from)} 至 {html.escape(d.period_to)}"
        f"（时区 {html.escape(d.timezone)}；生成于 {html.escape(d.generated)}）</p>"
        + status +
        f"<h2>总览</h2><table><tr><th>请求总数</th><td>{d.total}</td></tr><tr><th>拦截</th><td>{blocked}</td></tr>"
        f"<tr><th>脱敏或假名化后发送</th><td>{changed}</td></tr><tr><th>原样放行</th><td>{d.by_action.get('allow', 0)}</td></tr>"
        f"<tr><th>登记试卷命中</th><td>{d.exam_bank_hits}</td></tr></table>"
        "<h2>趋势</h2>"
        + _columns("每日使用量", d.by_day, chart_id="chart-day")
        + _columns("各时段使用量（按小时）", d.by_hour, chart_id="chart-hour")
        + _columns("每日拦截次数", d.blocks_by_day, colour="#b04a4a", chart_id="chart-blocks")
        + "<h2>分类统计</h2>"
        + _bars("处理方式", d.by_action, ACTION_ZH) + _bars("按 AI 服务", d.by_service, services)
        + _bars("按信息类型", d.by_entity, {k: f"{v}（{k}）" for k, v in LABELS.items()})
        + _bars("按身份", d.by_role, ROLE_ZH) + _bars("按学段", d.by_stage, STAGE_ZH)
        + _bars("使用最多的班级", d.by_class, chart_id="chart-classes") + _bars("最常触发的规则", d.top_rules, rules)
        + _bars("学生使用次数分布（人数，学生只以密钥散列计）", d.student_buckets, chart_id="chart-students")
        + _sessions_table(d.sessions)
        + "<p class=note>本报告只包含类型、数量和规则，不含任何提示词原文或个人信息原值。</p></body></html>"
    )


def _sessions_table(sessions: tuple[SessionUse, ...]) -> str:
    """The supervised class sessions of the period (课堂时段), one row each."""
    if not sessions:
        return "<h2>课堂时段</h2><p>本期间没有教师开启的课堂时段。</p>"
    rows = "".join(
        f"<tr><td>{html.escape(x.id)}</td><td>{html.escape(x.teacher_hash)}</td>"
        f"<td>{html.escape('、'.join(x.classes))}</td><td>{x.requests}</td><td>{x.blocked}</td>"
        f"<td>{html.escape(x.first)}</td><td>{html.escape(x.last)}</td></tr>" for x in sessions
    )
    return ("<h2>课堂时段</h2><table id=sessions><tr><th>时段</th><th>教师（散列）</th><th>班级</th><th>请求</th>"
            f"<th>拦截</th><th>首次</th><th>最后</th></tr>{rows}</table>")


def _csv(d: ReportData) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["section", "key", "count", "name"])
    w.writerow(["period", f"{d.period_from}..{d.period_to}", d.total, d.timezone])
    w.writerow(["verification", "ok" if d.verified else "failed", d.chains, ""])
    names = {"by_service": d.service_names, "top_rules": d.rule_names, "by_action": ACTION_ZH, "by_role": ROLE_ZH,
             "by_stage": STAGE_ZH, "by_entity": LABELS}
    for section in ("by_action", "by_day", "by_hour", "blocks_by_day", "by_service", "by_entity", "by_role",
                    "by_stage", "by_class", "top_rules"):
        for k, v in getattr(d, section).items():
            w.writerow([section, k, v, names.get(section, {}).get(k, "")])
    w.writerow(["exam_bank_hits", "", d.exam_bank_hits, ""])
    for bucket, n in d.student_buckets.items():
        w.writerow(["student_buckets", bucket, n, ""])
    for x in d.sessions:
        w.writerow(["session", x.id, x.requests, f"teacher {x.teacher_hash}; classes {'、'.join(x.classes)}; "
                    f"blocked {x.blocked}; {x.first}..{x.last}"])
    return buf.getvalue()


def render(d: ReportData, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(asdict(d), ensure_ascii=False, indent=1)
    if fmt == "csv":
        return _csv(d)
    if fmt == "html":
        return _html(d)
    raise ValueError(f"unknown report format {fmt!r}; expected html, csv or json")
