"""Plain-text report for `bench quality`: tables, error examples and the targets table.

Owns presentation only; every figure is computed in `bench.quality`.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.evaldata import Sample
from bench.perf import FreshRss, SpeedResult
from bench.scoring import Counts, SpanLike, sample_errors

__all__ = [
    "write_figures",
    "Target",
    "fmt",
    "table",
    "section",
    "context",
    "print_prf",
    "print_evasion",
    "print_negatives",
    "print_speed",
    "print_targets",
    "print_errors",
    "negative_examples",
]


@dataclass(frozen=True, slots=True)
class Target:
    """One acceptance target: the engine's measured value against a threshold."""

    name: str
    value: float | None
    op: str  # ">=", "<=" or "<"
    threshold: float
    baseline: float | None = None
    #: False when the target has no Presidio counterpart (speed, memory).
    compare: bool = True

    @property
    def status(self) -> str:
        if self.value is None or math.isnan(self.value):
            return "N/A"
        ok = {
            ">=": self.value >= self.threshold,
            "<=": self.value <= self.threshold,
            "<": self.value < self.threshold,
        }[self.op]
        return "PASS" if ok else "FAIL"

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "op": self.op,
                "threshold": self.threshold, "status": self.status, "presidio": self.baseline}


def fmt(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Columns padded to width; first column left-aligned, the rest right-aligned."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
        for r in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join("  " + line.rstrip() for line in lines)


def section(title: str) -> None:
    print(f"\n=== {title} ===")


def context(text: str, start: int, end: int, width: int = 10) -> str:
    """`…before[span]after…` on one line with invisible characters made visible."""
    s = f"{text[max(0, start - width):start]}[{text[start:end]}]{text[end:end + width]}"
    return s.replace("\n", "⏎").replace("\r", "").replace("\u200b", "<ZWSP>")


def print_prf(
    title: str,
    first: str,
    engine: Mapping[str, Counts],
    base: Mapping[str, Counts] | None,
    note: str = "",
) -> None:
    """One P/R/F1 table: rows keyed like `engine`, optional Presidio columns."""
    print(f"\n{title}" + (f"  ({note})" if note else ""))
    headers = [first, "gold", "pred", "P", "R", "F1"]
    if base is not None:
        headers += ["| presidio P", "R", "F1"]
    rows: list[list[object]] = []
    for key, c in engine.items():
        row: list[object] = [key, c.gold, c.predicted, fmt(c.precision), fmt(c.recall), fmt(c.f1)]
        if base is not None:
            b = base.get(key)
            row += ["n/a"] * 3 if b is None else [fmt(b.precision), fmt(b.recall), fmt(b.f1)]
        rows.append(row)
    print(table(headers, rows) if rows else "  (nothing labelled)")


def print_evasion(
    engine: Mapping[str, Mapping[str, Counts]], base: Mapping[str, Mapping[str, Counts]] | None
) -> None:
    """Per type, one row per variant kind plus 'all'."""
    for entity, kinds in engine.items():
        print_prf(entity, "variant", kinds, None if base is None else base.get(entity, {}))


def print_negatives(
    engine: Mapping[str, Any], base: Mapping[str, Any] | None, examples: Sequence[str]
) -> None:
    rows: list[list[object]] = [
        ["any type", engine["with_any_finding"], fmt(engine["rate_any"], 4)]
    ]
    if base is not None:
        rows[0] += [base["with_any_finding"], fmt(base["rate_any"], 4)]
    types = list(engine["per_type"])
    types += [t for t in (base or {}).get("per_type", {}) if t not in types]
    for entity in types:
        e = engine["per_type"].get(entity, {"prompts": 0, "rate": 0.0})
        row: list[object] = [entity, e["prompts"], fmt(e["rate"], 4)]
        if base is not None:
            b = base["per_type"].get(entity, {"prompts": 0, "rate": 0.0})
            row += [b["prompts"], fmt(b["rate"], 4)]
        rows.append(row)
    headers = ["prompts with a finding", "engine n", "rate"]
    if base is not None:
        headers += [f"presidio n (of {base['prompts']})", "rate"]
    print(f"\n{engine['prompts']} prompts; "
          + ", ".join(f"{d}: {v['with_any_finding']}/{v['prompts']}"
                      for d, v in engine["per_dataset"].items()))
    print(table(headers, rows))
    if examples:
        print(f"\nEngine false findings on negatives (first {len(examples)}):")
        for line in examples:
            print(f"  {line}")


def print_speed(
    speed: SpeedResult, rss_in_process: float, fresh: FreshRss | None, fresh_error: str
) -> None:
    pinned = f"pinned to CPU {speed.pinned_cpu}" if speed.pinned_cpu is not None else "not pinned"
    print(f"\n{speed.texts} texts, {speed.chars:,} characters, best of {speed.rounds} rounds, "
          f"single thread ({pinned}); warm-up call excluded")
    print(table(
        ["", "seconds", "chars/s"],
        [["jieba.posseg.cut", f"{speed.jieba_seconds:.3f}", f"{speed.jieba_cps:,.0f}"],
         ["scanner.scan", f"{speed.scanner_seconds:.3f}", f"{speed.scanner_cps:,.0f}"]],
    ))
    print(f"  ratio scanner / jieba.posseg: {speed.ratio:.2f}x")
    print("\n  peak RSS of this process after building the scanner and scanning "
          f"(ru_maxrss): {rss_in_process:.0f} MB")
    if fresh is not None:
        print(f"  fresh process (build + scan only, peak VmHWM): start {fresh.start_mb:.0f} MB, "
              f"after build {fresh.built_mb:.0f} MB, after scanning {fresh.scanned_mb:.0f} MB")
    else:
        print(f"  fresh process measurement failed: {fresh_error}")


def print_targets(targets: Sequence[Target], with_baseline: bool = True) -> None:
    rows: list[list[object]] = []
    for t in targets:
        row: list[object] = [t.name, fmt(t.value), f"{t.op} {t.threshold:g}", t.status]
        if with_baseline:
            row.append(fmt(t.baseline) if t.compare else "-")
        rows.append(row)
    headers = ["target", "measured", "goal", "status"] + (["presidio"] if with_baseline else [])
    print(table(headers, rows))
    passed = sum(t.status == "PASS" for t in targets)
    print(f"\n  {passed}/{len(targets)} targets met")


def print_errors(
    name: str, samples: Sequence[Sample], preds: Sequence[Sequence[SpanLike]], n: int
) -> None:
    """Up to `n` missed gold spans and `n` false predictions per entity type."""
    missed: dict[str, list[str]] = {}
    wrong: dict[str, list[str]] = {}
    for s, p in zip(samples, preds, strict=True):
        fn, fp = sample_errors(s, p)
        kind = f"{s.kind}: " if s.kind else ""
        for g in fn:
            missed.setdefault(g.entity, []).append(kind + context(s.text, g.start, g.end))
        for f in fp:
            wrong.setdefault(f.entity, []).append(kind + context(s.text, f.start, f.end))
    if not missed and not wrong:
        return
    print(f"\nErrors on {name} (engine):")
    for entity in sorted(set(missed) | set(wrong)):
        for label, pool in (("missed", missed), ("false ", wrong)):
            for line in pool.get(entity, [])[:n]:
                print(f"  {entity} {label}: {line}")


def negative_examples(
    samples: Sequence[Sample], preds: Sequence[Sequence[SpanLike]],
    entity_types: Sequence[str], limit: int,
) -> list[str]:
    """Up to `limit` lines "ENTITY 'text' …context…" for findings on negative prompts."""
    out: list[str] = []
    for s, p in zip(samples, preds, strict=True):
        for f in p:
            if len(out) >= limit:
                return out
            if f.entity in entity_types:
                out.append(f"{f.entity:<20} {f.text!r:<24} {context(s.text, f.start, f.end)}")
    return out


def write_figures(path: Path, figures: Mapping[str, object]) -> int:
    """Write the figures as JSON; 0 on success, 2 (with a message) when the file cannot be written."""
    try:
        path.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {path}: {exc}", file=sys.stderr)
        return 2
    print(f"  figures written to {path}")
    return 0
