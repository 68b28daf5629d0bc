"""`python -m bench quality`: detection quality, evasion, negatives, speed and memory.

Owns the command line, running the engine (and stock Presidio) and computing every figure.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import subprocess
import tempfile
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.evaldata import (
    CLUENER_PLACE,
    PROJECT_ROOT,
    SCHOOL_SUFFIXES,
    EvalDataError,
    Sample,
    load_cluener,
    load_multipriv,
    load_negatives,
    load_resume,
    load_weibo,
    resolve_eval_dir,
)
from bench.schoolcorpus import (
    AUTUMN_SEED, BLIND_SEED, FINAL_SEED, FRESH_SEED, SEALED_SEED, SPRING_SEED, SUMMER_SEED, TEST_SEED, generate,
)
from bench.evasion import DEFAULT_SEED, KINDS_BY_ENTITY, evasion_samples
from bench.perf import (
    FreshRss,
    build_speed_texts,
    fresh_process_rss,
    measure_speed,
    peak_rss_mb,
)
from bench.report import (
    Target,
    fmt,
    negative_examples,
    print_errors,
    print_evasion,
    print_negatives,
    print_prf,
    print_speed,
    print_targets,
    section,
    write_figures,
)
from bench.scoring import (
    MATCH_RULE,
    Counts,
    SpanLike,
    aggregate,
    merge,
    negative_rates,
    probe_hits,
    tag_recall,
    variant_tables,
)

__all__ = ["main", "run", "ENTITY_TYPES", "NUMBER_TYPES", "DEFAULT_BASELINE_LIMIT"]

ENTITY_TYPES: tuple[str, ...] = (
    "CN_RESIDENT_ID", "PHONE_NUMBER", "EMAIL_ADDRESS", "BANK_CARD", "PASSPORT", "STUDENT_ID",
    "PERSON", "ADDRESS", "SCHOOL", "SCHOOL_CLASS", "SECRET", "SENSITIVE_HEALTH",
    "SENSITIVE_FAMILY", "SENSITIVE_DISCIPLINE",
)
NUMBER_TYPES: tuple[str, ...] = ("CN_RESIDENT_ID", "PHONE_NUMBER", "EMAIL_ADDRESS", "BANK_CARD")
SCORED_SETS: tuple[str, ...] = (
    "multipriv", "resume", "cluener", "weibo_dev", "school_test", "school_sealed", "school_blind",
    "school_final", "school_fresh", "school_spring", "school_summer", "school_autumn",
)
#: Texts generated from the school corpus's test vocabulary (never seen in training).
SCHOOL_TEST_TEXTS = 2000
DATASET_NOTES: dict[str, str] = {
    "multipriv": "PERSON precision is a lower bound: short mentions such as 白女士 are not "
    "labelled, so a finding on them counts as false",
    "cluener": "names include public and fictional people: recall is a lower bound, "
    "precision a poor guide",
    "weibo_dev": "informal posts; nicknames (乐乐, 雯子) and foreign names are labelled names; "
    "used to tune the name tagger's threshold, never to train it",
    "school_test": "generated school texts (test vocabulary and templates, seed %d): "
    "training never saw these names, words or wordings" % TEST_SEED,
    "school_sealed": "generated school texts (sealed vocabulary and templates, seed %d): "
    "written after the model was tuned; its errors have since been read, so a development set" % SEALED_SEED,
    "school_blind": "generated school texts (blind vocabulary and templates, seed %d): "
    "written after the sealed split's errors were read, never run by its author; its errors "
    "are read after its first run, so a development set from then on" % BLIND_SEED,
    "school_final": "generated school texts (final vocabulary and templates, seed %d): "
    "written when the blind split became a development set, never run by its author; since "
    "seen by the people tuning the name model" % FINAL_SEED,
    "school_fresh": "generated school texts (fresh vocabulary and templates, seed %d): "
    "written when the sealed, blind and final splits had all been seen, never run by its author"
    % FRESH_SEED,
    "school_spring": "generated school texts (spring vocabulary and templates, seed %d): "
    "written after the fresh split, with chat logs, seating plans and nicknames (小/阿/老) besides, "
    "never run by its author" % SPRING_SEED,
    "school_summer": "generated school texts (summer vocabulary and templates, seed %d): "
    "written after the spring split, with award lists, duty timetables, free prose and doubled given "
    "names (婷婷) besides, never run by its author" % SUMMER_SEED,
    "school_autumn": "generated school texts (autumn vocabulary and templates, seed %d): "
    "written after the summer split, with far more compound, minority, doubled, nickname, name-word and "
    "English names (150 or more of each), pick-up lists, club sign-ups and counselling notes besides, "
    "never run by its author" % AUTUMN_SEED,
}
DATASET_TITLES: dict[str, str] = {
    "multipriv": "MultiPriv dev (pii/multipriv_dev.jsonl)",
    "resume": "Resume NER dev (ner/resume/dev.char.bmes), NAME -> PERSON",
    "cluener": "CLUENER dev (ner/cluener/dev.json), name -> PERSON",
    "weibo_dev": "Weibo NER dev (ner/weibo/dev.conll), PER.NAM -> PERSON",
    "school_test": "School corpus, test split (bench.schoolcorpus 'test')",
    "school_sealed": "School corpus, sealed split (bench.schoolcorpus 'sealed')",
    "school_blind": "School corpus, blind split (bench.schoolcorpus 'blind')",
    "school_final": "School corpus, final split (bench.schoolcorpus 'final')",
    "school_fresh": "School corpus, fresh split (bench.schoolcorpus 'fresh')",
    "school_spring": "School corpus, spring split (bench.schoolcorpus 'spring')",
    "school_summer": "School corpus, summer split (bench.schoolcorpus 'summer')",
    "school_autumn": "School corpus, autumn split (bench.schoolcorpus 'autumn')",
}
#: Presidio (pattern recognizers only) needs ~1 ms per short text and ~4 ms per
#: MultiPriv paragraph, so the full dev sets (< 10k texts each) take ~10 s; the cap
#: only matters for larger sets or much slower machines.
DEFAULT_BASELINE_LIMIT = 10000
MAX_NEGATIVE_EXAMPLES = 30

Preds = list[tuple[SpanLike, ...]]
Tables = dict[str, dict[str, Counts]]


class EngineError(Exception):
    """The detection engine could not be imported or built."""


# --------------------------------------------------------------------------- computing


def _run(
    scan: Callable[[str], Sequence[SpanLike]], samples: Sequence[Sample]
) -> tuple[Preds, float]:
    t0 = time.perf_counter()
    preds = [tuple(scan(s.text)) for s in samples]
    return preds, time.perf_counter() - t0


def stride_indices(n: int, limit: int | None) -> list[int]:
    """Every k-th index of n, evenly spread, so that at most `limit` are taken."""
    if not limit or n <= limit:
        return list(range(n))
    return list(range(0, n, math.ceil(n / limit)))


def _ordered(table: Mapping[str, Counts]) -> dict[str, Counts]:
    return {e: table[e] for e in ENTITY_TYPES if e in table}


def _as_json(tables: Mapping[str, Mapping[str, Counts]]) -> dict[str, dict[str, Any]]:
    return {k: {e: c.as_dict() for e, c in v.items()} for k, v in tables.items()}


def build_targets(
    engine: Tables, engine_ev: Tables, base: Tables | None, base_ev: Tables | None,
    negatives: Mapping[str, Any], base_negatives: Mapping[str, Any] | None,
    ratio: float | None, rss_mb: float | None, cold_start_s: float | None = None,
) -> list[Target]:
    def combined(tables: Tables | None, ev: Tables | None, entity: str) -> Counts | None:
        if tables is None or ev is None:
            return None
        mp = tables.get("multipriv", {}).get(entity, Counts())
        return mp + ev.get(entity, {}).get("all", Counts())

    def get(tables: Tables | None, dataset: str, entity: str) -> float | None:
        c = None if tables is None else tables.get(dataset, {}).get(entity)
        return None if c is None else c.recall

    targets: list[Target] = []
    for entity in NUMBER_TYPES:
        mine, theirs = combined(engine, engine_ev, entity), combined(base, base_ev, entity)
        for what in ("precision", "recall"):
            targets.append(Target(
                f"{entity} {what} (MultiPriv+evasion)",
                None if mine is None else getattr(mine, what), ">=", 0.99,
                None if theirs is None else getattr(theirs, what),
            ))
    def prec(tables: Tables | None, dataset: str, entity: str) -> float | None:
        c = None if tables is None else tables.get(dataset, {}).get(entity)
        return None if c is None else c.precision

    for dataset, title in (("multipriv", "MultiPriv"), ("resume", "Resume"), ("school_test", "school test"),
                           ("school_sealed", "school sealed"), ("school_blind", "school blind"),
                           ("school_final", "school final"), ("school_fresh", "school fresh"),
                           ("school_spring", "school spring"), ("school_summer", "school summer"),
                           ("school_autumn", "school autumn")):
        targets.append(Target(f"PERSON recall ({title})", get(engine, dataset, "PERSON"), ">=", 0.97,
                              get(base, dataset, "PERSON")))
        targets.append(Target(f"PERSON precision ({title})", prec(engine, dataset, "PERSON"), ">=", 0.97,
                              prec(base, dataset, "PERSON")))
    targets += [
        Target("ADDRESS recall (MultiPriv)", get(engine, "multipriv", "ADDRESS"), ">=", 0.95,
               get(base, "multipriv", "ADDRESS")),
        Target("negatives with any finding", negatives["rate_any"], "<=", 0.01,
               None if base_negatives is None else base_negatives["rate_any"]),
        Target("speed ratio scanner / jieba.posseg", ratio, ">=", 4.0, compare=False),
        Target("RSS MB (fresh process)", rss_mb, "<", 300.0, compare=False),
        Target("cold start s, `privacy-guard scan` one line (median of 3)", cold_start_s, "<=", 3.0,
               compare=False),
    ]
    return targets


# --------------------------------------------------------------------------- running


def _build_engine() -> Callable[[str], Sequence[SpanLike]]:
    try:
        from detectors import build_scanner
    except ImportError as exc:
        raise EngineError(
            f"cannot import the detection engine (detectors.build_scanner): {exc}"
        ) from exc
    scanner = build_scanner()

    def scan(text: str) -> Sequence[SpanLike]:
        return scanner.scan(text).findings

    return scan


def cold_start_seconds(cwd: Path, runs: int = 3, timeout: float = 60.0) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds) of `privacy-guard scan` (as `python -m proxy scan -`)
    on one line from stdin, in a fresh interpreter each run, with an empty data
    directory. CPU time (user + system of the child) does not grow when other
    processes share the machine; wall time does."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(cwd), env.get("PYTHONPATH", "")] if p)
    times: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data_dir:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "proxy", "scan", "--data-dir", data_dir, "-"],
                input="请通知三年级二班的王一诺同学的家长明天来学校。\n", capture_output=True, text=True,
                encoding="utf-8", cwd=cwd, env=env, timeout=timeout, check=False,
            )
            elapsed = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if proc.returncode not in (0, 1):
            tail = "\n".join(proc.stderr.strip().splitlines()[-3:])
            raise RuntimeError(f"privacy-guard scan failed ({proc.returncode}): {tail}")
        times.append(elapsed)
    return times, cpu


@dataclass(frozen=True, slots=True)
class Scanned:
    """Texts per dataset with one tool's predictions and its scanning time."""

    data: dict[str, list[Sample]]
    preds: dict[str, Preds]
    seconds: dict[str, float]


def _load(eval_dir: Path, limit: int | None) -> dict[str, list[Sample]]:
    data = {
        "multipriv": load_multipriv(eval_dir, limit),
        "resume": load_resume(eval_dir, limit),
        "cluener": load_cluener(eval_dir, limit),
        "weibo_dev": load_weibo(eval_dir, limit),
        "school_test": generate("test", min(limit or SCHOOL_TEST_TEXTS, SCHOOL_TEST_TEXTS), TEST_SEED),
        "school_sealed": generate("sealed", min(limit or SCHOOL_TEST_TEXTS, SCHOOL_TEST_TEXTS), SEALED_SEED),
        "school_blind": generate("blind", min(limit or SCHOOL_TEST_TEXTS, SCHOOL_TEST_TEXTS), BLIND_SEED),
        "school_final": generate("final", min(limit or SCHOOL_TEST_TEXTS, SCHOOL_TEST_TEXTS), FINAL_SEED),
        "school_fresh": generate("fresh", min(limit or SCHOOL_TEST_TEXTS, SCHOOL_TEST_TEXTS), FRESH_SEED),
        "school_spring": generate("spring", min(limit or SCHOOL_TEST_TEXTS, SCHOOL_TEST_TEXTS), SPRING_SEED),
        "school_summer": generate("summer", min(limit or SCHOOL_TEST_TEXTS, SCHOOL_TEST_TEXTS), SUMMER_SEED),
        "school_autumn": generate("autumn", min(limit or SCHOOL_TEST_TEXTS, SCHOOL_TEST_TEXTS), AUTUMN_SEED),
    }
    data["evasion"] = evasion_samples(data["multipriv"])
    data["negatives"] = load_negatives(eval_dir, ENTITY_TYPES, limit)
    return data


def _scan_all(scan: Callable[[str], Sequence[SpanLike]], data: Mapping[str, list[Sample]],
              limit: int | None = None) -> Scanned:
    subsets = {n: [s[i] for i in stride_indices(len(s), limit)] for n, s in data.items()}
    preds: dict[str, Preds] = {}
    seconds: dict[str, float] = {}
    for name, samples in subsets.items():
        preds[name], seconds[name] = _run(scan, samples)
    return Scanned(subsets, preds, seconds)


def _print_header(args: argparse.Namespace, eval_dir: Path, build_seconds: float,
                  eng: Scanned, base: Scanned | None) -> None:
    print("python -m bench quality")
    limited = f" (first {args.limit} records per dataset)" if args.limit else ""
    print(f"  evaluation data: {eval_dir}{limited}")
    print(f"  matching rule: {MATCH_RULE}.")
    scanned = ", ".join(f"{n} {len(s)} texts in {eng.seconds[n]:.1f} s" for n, s in eng.data.items())
    print(f"  engine: scanner built in {build_seconds:.1f} s; scanned {scanned}")
    if base is None:
        print("  baseline: skipped (--no-baseline)")
        return
    print("  baseline: stock Presidio AnalyzerEngine with a no-op NLP engine (no spaCy model, so\n"
          "    its PERSON/LOCATION find nothing), predefined 'en' recognizers, language='en', default\n"
          "    score threshold; CREDIT_CARD/IBAN_CODE->BANK_CARD, LOCATION->ADDRESS,\n"
          "    US_PASSPORT->PASSPORT, same-named types kept, others ignored")
    sub = ", ".join(f"{n} {len(s)}/{len(eng.data[n])}" for n, s in base.data.items())
    print(f"  baseline texts (every k-th text when a set exceeds --baseline-limit "
          f"{args.baseline_limit or 'none'}): {sub}; {sum(base.seconds.values()):.1f} s")


def _report_datasets(
    eng: Scanned, base: Scanned | None
) -> tuple[dict[str, Any], Tables, Tables | None]:
    section("1. Span-level precision / recall / F1 per entity type")
    eng_tables: Tables = {
        n: _ordered(aggregate(eng.data[n], eng.preds[n])[n]) for n in SCORED_SETS if eng.data[n]
    }
    base_tables: Tables | None = None
    if base is not None:
        base_tables = {n: _ordered(aggregate(base.data[n], base.preds[n]).get(n, {}))
                       for n in SCORED_SETS if base.data[n]}
    for name, table in eng_tables.items():
        theirs = None if base_tables is None else base_tables.get(name, {})
        print_prf(DATASET_TITLES[name], "entity", table, theirs, DATASET_NOTES.get(name, ""))
    id_tags = tag_recall(eng.data["multipriv"], eng.preds["multipriv"], "CN_RESIDENT_ID")
    if id_tags:
        print("  CN_RESIDENT_ID recall by GB 11643 checksum: " + ", ".join(
            f"{tag} {c.found}/{c.gold}" for tag, c in sorted(id_tags.items())))
    c_data, c_preds = eng.data["cluener"], eng.preds["cluener"]
    place_hit, place_total = probe_hits(c_data, c_preds, CLUENER_PLACE, "ADDRESS", "overlap")
    school_hit, school_total = probe_hits(c_data, c_preds, "SCHOOL", "SCHOOL")
    share = f" ({place_hit / place_total:.1%}; should be low)" if place_total else ""
    print(f"  CLUENER `address` mentions (bare place names) overlapped by an ADDRESS finding: "
          f"{place_hit}/{place_total}{share}")
    print(f"  SCHOOL recall on CLUENER organization/government/company mentions ending in "
          f"{'/'.join(SCHOOL_SUFFIXES)}: {school_hit}/{school_total}"
          + ("" if school_total else " (none in this split)"))
    by_kind: dict[str, dict[str, Counts]] = {}
    for name, title in (("school_test", "School test"), ("school_sealed", "School sealed"),
                        ("school_blind", "School blind"), ("school_final", "School final"),
                        ("school_fresh", "School fresh"), ("school_spring", "School spring"),
                        ("school_summer", "School summer"), ("school_autumn", "School autumn")):
        kinds = by_kind[name] = tag_recall(eng.data[name], eng.preds[name], "PERSON")
        if kinds:
            print(f"  {title} PERSON recall by kind of name: " + ", ".join(
                f"{tag} {c.found}/{c.gold} ({c.recall:.3f})" for tag, c in sorted(kinds.items())
                if c.recall is not None))
    figures = {
        "school_test_person_recall_by_kind": {t: c.as_dict() for t, c in by_kind["school_test"].items()},
        "school_sealed_person_recall_by_kind": {t: c.as_dict() for t, c in by_kind["school_sealed"].items()},
        "school_blind_person_recall_by_kind": {t: c.as_dict() for t, c in by_kind["school_blind"].items()},
        "school_final_person_recall_by_kind": {t: c.as_dict() for t, c in by_kind["school_final"].items()},
        "school_fresh_person_recall_by_kind": {t: c.as_dict() for t, c in by_kind["school_fresh"].items()},
        "school_spring_person_recall_by_kind": {t: c.as_dict() for t, c in by_kind["school_spring"].items()},
        "school_summer_person_recall_by_kind": {t: c.as_dict() for t, c in by_kind["school_summer"].items()},
        "school_autumn_person_recall_by_kind": {t: c.as_dict() for t, c in by_kind["school_autumn"].items()},
        "engine": _as_json(eng_tables),
        "presidio": None if base_tables is None else _as_json(base_tables),
        "multipriv_id_recall_by_checksum": {t: c.as_dict() for t, c in id_tags.items()},
        "cluener_place_names_with_address_finding": {"hit": place_hit, "total": place_total},
        "cluener_school_recall": {"found": school_hit, "total": school_total},
    }
    return figures, eng_tables, base_tables


def _report_evasion(eng: Scanned, base: Scanned | None) -> tuple[Tables, Tables | None]:
    section("2. Evasion variants (MultiPriv numbers/e-mails + synthetic UnionPay cards "
            "in carrier sentences)")
    samples = eng.data["evasion"]
    sources = {e: sum(s.kind == "plain" and s.spans[0].entity == e for s in samples)
               for e in NUMBER_TYPES}
    print(f"  {len(samples)} sentences from distinct values "
          + ", ".join(f"{e} {n}" for e, n in sources.items())
          + "\n  (cards synthetic: 62…, 16-19 digits, Luhn-valid; e-mails: fullwidth/zero_width/mixed)")
    print(f"  seed {DEFAULT_SEED}; gold = the whole obfuscated value; all four types are scored in\n  "
          "every sentence, so a value reported as the wrong type is a miss and a false finding")
    eng_ev = variant_tables(samples, eng.preds["evasion"], KINDS_BY_ENTITY)
    base_ev = None if base is None else variant_tables(
        base.data["evasion"], base.preds["evasion"], KINDS_BY_ENTITY)
    print_evasion(eng_ev, base_ev)
    overall = merge({"all": t["all"]} for t in eng_ev.values()).get("all", Counts())
    print(f"\n  overall (4 types, all variants): P {fmt(overall.precision)}  "
          f"R {fmt(overall.recall)}  F1 {fmt(overall.f1)}")
    return eng_ev, base_ev


def _report_speed(
    scan: Callable[[str], Sequence[SpanLike]], data: Mapping[str, list[Sample]],
    rss_in_process: float,
) -> tuple[dict[str, Any], float, float | None, float | None]:
    """Print speed and memory; return (figures, speed ratio, fresh-process RSS MB,
    median cold start of `privacy-guard scan` in seconds)."""
    section("4. Speed and memory (one core)")
    speed_texts = build_speed_texts([s.text for s in data["negatives"]],
                                    [s.text for s in data["multipriv"]])
    speed = measure_speed(scan, speed_texts)
    fresh: FreshRss | None = None
    fresh_error = ""
    try:
        fresh = fresh_process_rss(speed_texts, PROJECT_ROOT)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        fresh_error = str(exc)
    print_speed(speed, rss_in_process, fresh, fresh_error)
    cold: list[float] = []
    cold_cpu: list[float] = []
    try:
        cold, cold_cpu = cold_start_seconds(PROJECT_ROOT)
        print(f"  cold start of `privacy-guard scan` on one line (fresh interpreter, {len(cold)} runs): "
              + ", ".join(f"{t:.2f} s" for t in cold) + f"; median {sorted(cold)[len(cold) // 2]:.2f} s wall; "
              + "CPU " + ", ".join(f"{t:.2f} s" for t in cold_cpu))
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        print(f"  cold start: not measured ({exc})")
    figures = {
        "cold_start_seconds": cold,
        "cold_start_cpu_seconds": cold_cpu,
        "speed": speed.as_dict(),
        "memory": {
            "peak_rss_mb_in_process": rss_in_process,
            "fresh_process": None if fresh is None else {
                "start_mb": fresh.start_mb, "after_build_mb": fresh.built_mb,
                "after_scan_mb": fresh.scanned_mb,
            },
            "fresh_process_error": fresh_error or None,
        },
    }
    return figures, speed.ratio, None if fresh is None else fresh.scanned_mb, \
        sorted(cold)[len(cold) // 2] if cold else None


def run(args: argparse.Namespace) -> int:
    """Run every part of the benchmark and print the report (see the module docstring)."""
    t_start = time.perf_counter()
    eval_dir = resolve_eval_dir(args.eval_dir)
    data = _load(eval_dir, args.limit)
    t0 = time.perf_counter()
    scan = _build_engine()
    build_seconds = time.perf_counter() - t0
    eng = _scan_all(scan, data)
    rss_in_process = peak_rss_mb()  # before Presidio and jieba.posseg are loaded

    base: Scanned | None = None
    recognizers: tuple[str, ...] = ()
    if not args.no_baseline:
        from bench.baseline import PresidioBaseline

        presidio = PresidioBaseline()
        recognizers = presidio.recognizers
        base = _scan_all(presidio.scan, data, args.baseline_limit)

    _print_header(args, eval_dir, build_seconds, eng, base)
    datasets, eng_tables, base_tables = _report_datasets(eng, base)
    eng_ev, base_ev = _report_evasion(eng, base)

    section("3. Negatives: ordinary prompts (alpaca_zh_demo, belle_zh_seed_tasks) "
            "with any finding")
    neg = negative_rates(eng.data["negatives"], eng.preds["negatives"], ENTITY_TYPES)
    base_neg = None if base is None else negative_rates(
        base.data["negatives"], base.preds["negatives"], ENTITY_TYPES)
    examples = negative_examples(eng.data["negatives"], eng.preds["negatives"], ENTITY_TYPES,
                                 MAX_NEGATIVE_EXAMPLES)
    print_negatives(neg, base_neg, examples)

    if args.show_errors:
        section(f"Errors (engine, first {args.show_errors} per type and kind)")
        for name in (*SCORED_SETS, "evasion"):
            print_errors(name, eng.data[name], eng.preds[name], args.show_errors)

    perf, ratio, rss_mb, cold_s = _report_speed(scan, data, rss_in_process)

    section("5. Targets")
    targets = build_targets(eng_tables, eng_ev, base_tables, base_ev, neg, base_neg, ratio, rss_mb, cold_s)
    print_targets(targets, with_baseline=base is not None)
    elapsed = time.perf_counter() - t_start
    print(f"\n  total time {elapsed:.0f} s")
    if args.json is None:
        return 0

    figures = {
        "meta": {
            "eval_dir": str(eval_dir), "limit": args.limit, "seed": DEFAULT_SEED,
            "match_rule": MATCH_RULE, "elapsed_seconds": elapsed,
            "scanner_build_seconds": build_seconds, "engine_scan_seconds": eng.seconds,
            "texts": {n: len(s) for n, s in data.items()},
            "baseline": None if base is None else {
                "baseline_limit": args.baseline_limit, "scan_seconds": base.seconds,
                "texts": {n: len(s) for n, s in base.data.items()},
                "recognizers": list(recognizers),
            },
        },
        "datasets": datasets,
        "evasion": {"engine": _as_json(eng_ev),
                    "presidio": None if base_ev is None else _as_json(base_ev)},
        "negatives": {"engine": neg, "presidio": base_neg},
        **perf,
        "targets": [t.as_dict() for t in targets],
    }
    return write_figures(args.json, figures)


def _parse(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python -m bench quality",
        description="Span-level detection quality, evasion robustness, false findings on ordinary "
        "prompts, speed and memory, with stock Presidio as the baseline.",
    )
    ap.add_argument("--eval-dir", type=Path, default=None,
                    help="evaluation data directory (default: <project root>/../shared/eval)")
    ap.add_argument("--json", metavar="FILE", type=Path, help="also write all figures as JSON")
    ap.add_argument("--no-baseline", action="store_true", help="skip the Presidio baseline")
    ap.add_argument("--limit", type=int, metavar="N", help="use the first N records per dataset")
    ap.add_argument("--baseline-limit", type=int, metavar="N", default=DEFAULT_BASELINE_LIMIT,
                    help="run Presidio on at most N evenly spread texts per dataset "
                    f"(default {DEFAULT_BASELINE_LIMIT}; 0 = all)")
    ap.add_argument("--show-errors", type=int, metavar="N", default=0,
                    help="print N missed and N false spans per type and dataset (engine only)")
    args = ap.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        ap.error("--limit must be >= 1")
    if args.baseline_limit < 0 or args.show_errors < 0:
        ap.error("--baseline-limit and --show-errors must be >= 0")
    if args.json is not None and not args.json.parent.is_dir():
        ap.error(f"--json: directory {args.json.parent} does not exist")
    return args


def main(argv: list[str] | None = None) -> int:
    """Print the quality report; 0 whatever the targets say, 2 on errors."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except (EvalDataError, EngineError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
