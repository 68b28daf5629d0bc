"""Span matching and precision/recall/F1 counting for the quality benchmark.

Rule: a gold span is found when predictions of the same type cover ≥ 50% of its
characters; a prediction is correct when it overlaps a gold span of the same type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bench.evaldata import Sample, Span

__all__ = [
    "COVER_THRESHOLD",
    "MATCH_RULE",
    "SpanLike",
    "Counts",
    "covered_fraction",
    "gold_found",
    "pred_correct",
    "score_sample",
    "sample_errors",
    "aggregate",
    "probe_hits",
    "merge",
    "tag_recall",
    "variant_tables",
    "negative_rates",
]

COVER_THRESHOLD = 0.5
MATCH_RULE = (
    "a gold span counts as found when predicted findings of the same type cover at "
    "least 50% of its characters; a predicted finding counts as correct when it "
    "overlaps a gold span of the same type; a type is scored only on datasets where "
    "it is labelled"
)


class SpanLike(Protocol):
    """What scoring needs from a prediction (the engine's Finding has these fields)."""

    @property
    def entity(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Counts:
    """Gold spans (found of them) and predictions (correct of them) for one type."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.gold + other.gold,
            self.found + other.found,
            self.predicted + other.predicted,
            self.correct + other.correct,
        )

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "gold": self.gold, "found": self.found, "predicted": self.predicted,
            "correct": self.correct, "precision": self.precision, "recall": self.recall,
            "f1": self.f1,
        }


def covered_fraction(gold: Span, preds: Iterable[SpanLike]) -> float:
    """Fraction of the gold span's characters covered by the union of `preds`
    (all assumed to be of the gold span's type)."""
    if gold.length <= 0:
        return 0.0
    pieces = sorted(
        (max(p.start, gold.start), min(p.end, gold.end))
        for p in preds
        if p.start < gold.end and gold.start < p.end
    )
    covered = 0
    cur_start, cur_end = -1, -1
    for s, e in pieces:
        if s > cur_end:
            covered += cur_end - cur_start if cur_end > cur_start else 0
            cur_start, cur_end = s, e
        else:
            cur_end = max(cur_end, e)
    covered += cur_end - cur_start if cur_end > cur_start else 0
    return covered / gold.length


def gold_found(gold: Span, preds: Sequence[SpanLike]) -> bool:
    same = [p for p in preds if p.entity == gold.entity]
    return covered_fraction(gold, same) >= COVER_THRESHOLD


def pred_correct(pred: SpanLike, golds: Sequence[Span]) -> bool:
    return any(
        g.entity == pred.entity and pred.start < g.end and g.start < pred.end for g in golds
    )


def score_sample(
    sample: Sample, preds: Sequence[SpanLike], types: Iterable[str] | None = None
) -> dict[str, Counts]:
    """Counts per entity type, for the types labelled in `sample` (∩ `types`)."""
    scored = sample.labelled if types is None else sample.labelled & frozenset(types)
    out: dict[str, Counts] = {}
    for entity in scored:
        golds = [g for g in sample.spans if g.entity == entity]
        mine = [p for p in preds if p.entity == entity]
        out[entity] = Counts(
            gold=len(golds),
            found=sum(gold_found(g, mine) for g in golds),
            predicted=len(mine),
            correct=sum(pred_correct(p, golds) for p in mine),
        )
    return out


def sample_errors(
    sample: Sample, preds: Sequence[SpanLike]
) -> tuple[list[Span], list[SpanLike]]:
    """(missed gold spans, incorrect predictions) for the sample's labelled types."""
    golds = [g for g in sample.spans if g.entity in sample.labelled]
    missed = [g for g in golds if not gold_found(g, preds)]
    wrong = [p for p in preds if p.entity in sample.labelled and not pred_correct(p, golds)]
    return missed, wrong


def aggregate(
    samples: Sequence[Sample],
    preds: Sequence[Sequence[SpanLike]],
    group: Callable[[Sample], str] = lambda s: s.dataset,
    types: Iterable[str] | None = None,
) -> dict[str, dict[str, Counts]]:
    """Summed counts: group name -> entity type -> Counts."""
    wanted = None if types is None else frozenset(types)
    out: dict[str, dict[str, Counts]] = {}
    for sample, sample_preds in zip(samples, preds, strict=True):
        bucket = out.setdefault(group(sample), {})
        for entity, counts in score_sample(sample, sample_preds, wanted).items():
            bucket[entity] = bucket.get(entity, Counts()) + counts
    return out


def probe_hits(
    samples: Sequence[Sample],
    preds: Sequence[Sequence[SpanLike]],
    gold_entity: str,
    pred_entity: str,
    rule: str = "cover",
) -> tuple[int, int]:
    """(hit, total) over probe spans of `gold_entity`: a hit is a `pred_entity`
    prediction covering ≥ 50% of it (rule "cover") or overlapping it ("overlap")."""
    hit = total = 0
    for sample, sample_preds in zip(samples, preds, strict=True):
        mine = [p for p in sample_preds if p.entity == pred_entity]
        for g in sample.spans:
            if g.entity != gold_entity:
                continue
            total += 1
            if rule == "overlap":
                hit += any(p.start < g.end and g.start < p.end for p in mine)
            else:
                hit += covered_fraction(g, mine) >= COVER_THRESHOLD
    return hit, total


def merge(tables: Iterable[Mapping[str, Counts]]) -> dict[str, Counts]:
    """Sum several entity -> Counts tables."""
    out: dict[str, Counts] = {}
    for table in tables:
        for entity, counts in table.items():
            out[entity] = out.get(entity, Counts()) + counts
    return out


def tag_recall(
    samples: Sequence[Sample], preds: Sequence[Sequence[SpanLike]], entity: str
) -> dict[str, Counts]:
    """Recall of `entity` split by the gold spans' tag (e.g. ID checksum ok/bad)."""
    out: dict[str, Counts] = {}
    for s, p in zip(samples, preds, strict=True):
        for g in s.spans:
            if g.entity == entity:
                found = int(gold_found(g, p))
                out[g.tag] = out.get(g.tag, Counts()) + Counts(gold=1, found=found)
    return out


def variant_tables(
    samples: Sequence[Sample],
    preds: Sequence[Sequence[SpanLike]],
    kinds_by_entity: Mapping[str, Sequence[str]],
) -> dict[str, dict[str, Counts]]:
    """entity -> variant kind (`Sample.kind`) -> Counts, plus "all" per entity."""
    by_kind = aggregate(samples, preds, group=lambda s: s.kind)
    out: dict[str, dict[str, Counts]] = {}
    for entity, kinds in kinds_by_entity.items():
        row = {k: by_kind[k][entity] for k in kinds if entity in by_kind.get(k, {})}
        if row:
            row["all"] = merge({entity: c} for c in row.values())[entity]
            out[entity] = row
    return out


def negative_rates(
    samples: Sequence[Sample], preds: Sequence[Sequence[SpanLike]], entity_types: Sequence[str]
) -> dict[str, Any]:
    """Share of texts with any finding of `entity_types`: overall, per type, per dataset."""
    n = len(samples)
    wanted = frozenset(entity_types)
    hit = [any(f.entity in wanted for f in p) for p in preds]
    per_type = {e: sum(any(f.entity == e for f in p) for p in preds) for e in entity_types}
    per_set: dict[str, list[int]] = {}
    for s, h in zip(samples, hit, strict=True):
        tally = per_set.setdefault(s.dataset, [0, 0])
        tally[0] += 1
        tally[1] += h
    return {
        "prompts": n,
        "with_any_finding": sum(hit),
        "rate_any": sum(hit) / n if n else None,
        "per_type": {e: {"prompts": c, "rate": c / n} for e, c in per_type.items() if c},
        "per_dataset": {
            d: {"prompts": t[0], "with_any_finding": t[1], "rate_any": t[1] / t[0]}
            for d, t in per_set.items()
        },
    }
