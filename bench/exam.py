"""`python -m bench exam`: exam-paper protection measured on public exam data.

Owns loading the exam sets (GAOKAO-Bench, CMMLU dev, Ape210K), the query variants and the
edit classes (issue 14), the tune/test split of what is registered, and every figure: bank
recall and false matches, the structural detector, bank scale.
"""

from __future__ import annotations

import argparse
import csv
import ctypes
import datetime as dt
import difflib
import gc
import json
import os
import random
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.evaldata import EvalDataError, load_negatives, resolve_eval_dir
from bench.exam_edits import (EDIT_CLASSES, apply_edit, change_digits, drop_every_tenth, first_share, mixed_edit,
                              ocr_lookalikes, paraphrase, reorder_options)
from bench.exam_variants import (docx_round_trip, filler, numbered_list, space_formulas, swap_option_markers,
                                 synthetic_items, to_fullwidth, vary_punctuation, vary_whitespace)
from bench.quality import stride_indices
from bench.report import Target, fmt, print_targets, section, table, write_figures
from detectors.recognizers.exam_structure import ExamStructureDetector
from detectors.stores.exam_bank import TOLERANCES, ExamBank, K, normalise
from detectors.text import ScanText

__all__ = [
    "main", "run", "VARIANTS", "ExamData", "GaokaoPaper", "CmmluItem", "Query", "Rate", "load_exam_data",
    "swap_option_markers", "space_formulas", "to_fullwidth", "vary_whitespace", "vary_punctuation",
    "docx_round_trip", "filler", "numbered_list", "synthetic_items", "EDIT_CLASSES", "change_digits",
    "drop_every_tenth", "ocr_lookalikes", "first_share", "paraphrase", "reorder_options", "mixed_edit", "apply_edit",
    "same_question", "register", "Registration", "RegisteredItem", "SPLITS",
]

SEED = 20240901
BANK_KEY = 0x5EED_0E8A_2024_0901
REGISTERED_AT = dt.datetime(2024, 9, 1)
QUERY_TIME = dt.datetime(2025, 6, 1)  # fixed, so every run sees the same embargo state
EMBARGO_UNTIL = dt.datetime(2099, 12, 31, 23, 59)  # also in the future for the engine's real clock
REGISTER_SHARE = 0.8
VARIANTS: tuple[str, ...] = ("exact", "whitespace", "punctuation", "fullwidth", "options",
                             "formula_spacing", "reordered", "embedded", "docx")
STUDY_REQUESTS: tuple[str, ...] = (
    "请解释勾股定理", "帮我出10道练习题", "帮我出10道三年级数学口算练习题", "一元二次方程怎么解？请举个例子",
    "什么是光合作用？请用初中生能听懂的话解释", "鸡兔同笼问题怎么列方程？", "英语完形填空有什么答题技巧？",
    "请总结一下《背影》的中心思想", "如何提高高考语文阅读理解的得分？", "请帮我检查这篇英语作文的语法错误",
    "帮我设计一份初二物理单元测验的大纲，包括选择题和填空题各多少道", "牛顿第二定律F=ma中的m是什么意思？",
)
PASTES = {"gaokao": 200, "cmmlu": 150, "ape210k_marks": 75, "ape210k_plain": 75}
SINGLES = 200
PAPER_SIZE = 50
LOOKUPS = 200
PROMPT_CHARS = 2000


@dataclass(frozen=True, slots=True)
class GaokaoPaper:
    """The items of one GAOKAO-Bench file and year, in the file's order."""

    key: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CmmluItem:
    question: str
    options: tuple[str, ...]
    subject: str = ""

    def format(self, number: int | None = None) -> str:
        """`1. 问题` (or the bare question) followed by one `A. …` line per option."""
        head = self.question if number is None else f"{number}. {self.question}"
        return "\n".join([head, *(f"{c}. {o}" for c, o in zip("ABCD", self.options))])


@dataclass(frozen=True, slots=True)
class ExamData:
    papers: tuple[GaokaoPaper, ...]
    cmmlu: tuple[CmmluItem, ...]
    ape: tuple[str, ...]
    negatives: tuple[tuple[str, str], ...]  # (dataset, prompt)


@dataclass(frozen=True, slots=True)
class Query:
    """A text that must match `paper_id`; with several `items`, every one of them."""

    variant: str
    text: str
    paper_id: str
    items: tuple[int, ...]
    preview: str  # the original item text, for error lines


@dataclass(frozen=True, slots=True)
class Rate:
    hits: int
    total: int

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else float("nan")

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.hits + other.hits, self.total + other.total)

    def as_dict(self) -> dict[str, Any]:
        return {"hits": self.hits, "total": self.total, "rate": self.rate}


def load_exam_data(eval_dir: Path) -> ExamData:
    """GAOKAO-Bench grouped into papers by (file, year); CMMLU dev NFKC-normalised (some rows
    use Kangxi radical code points); Ape210K validation texts; the negative prompts."""
    root = eval_dir / "exam"
    gaokao = sorted((root / "gaokao-bench" / "Data").glob("*_Questions/*.json"))
    cmmlu_files = sorted((root / "cmmlu-dev").glob("*.csv"))
    ape_path = root / "ape210k" / "valid.ape.json"
    if not gaokao or not cmmlu_files or not ape_path.is_file():
        raise EvalDataError(f"exam data missing under {root} (gaokao-bench/Data, cmmlu-dev, ape210k)")
    groups: dict[str, list[tuple[int, str]]] = {}
    for path in gaokao:
        for rec in json.loads(path.read_text(encoding="utf-8"))["example"]:
            groups.setdefault(f"{path.stem}/{rec['year']}", []).append((int(rec["index"]), rec["question"]))
    cmmlu: list[CmmluItem] = []
    for path in cmmlu_files:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                nfkc = {k: unicodedata.normalize("NFKC", v or "") for k, v in row.items() if k}
                cmmlu.append(CmmluItem(nfkc["Question"], tuple(nfkc[c] for c in "ABCD"), path.stem))
    with ape_path.open(encoding="utf-8") as fh:
        ape = tuple(json.loads(line)["original_text"] for line in fh if line.strip())
    return ExamData(
        tuple(GaokaoPaper(k, tuple(q for _, q in sorted(v))) for k, v in sorted(groups.items())),
        tuple(cmmlu), ape, tuple((s.dataset, s.text) for s in load_negatives(eval_dir, ("EXAM_ITEM",))))


# --------------------------------------------------------------------------- 1. registered papers


def build_queries(registered: Sequence[tuple[str, tuple[str, ...]]], negatives: Sequence[str],
                  limit: int | None) -> dict[str, list[Query]]:
    """Every variant of every registered item (or `limit` evenly spread ones per variant).
    The .docx round trip (~25 ms an item, mostly python-docx) runs on every core."""
    flat = [(pid, n, text) for pid, items in registered for n, text in enumerate(items, 1)]
    papers = dict(registered)
    simple: dict[str, Callable[[str, random.Random], str]] = {
        "exact": lambda t, r: t, "whitespace": vary_whitespace, "punctuation": vary_punctuation,
        "fullwidth": lambda t, r: to_fullwidth(t), "options": lambda t, r: swap_option_markers(t),
        "formula_spacing": lambda t, r: space_formulas(t),
        "embedded": lambda t, r: f"{filler(negatives, r, 1500)}\n{t}\n{filler(negatives, r, 1500)}",
    }
    out: dict[str, list[Query]] = {}
    for variant in VARIANTS:
        rng = random.Random(f"{SEED}/{variant}")
        if variant == "reordered":
            pool = [f for f in flat if len(papers[f[0]]) >= 3]
            out[variant] = []
            for pid, n, text in (pool[i] for i in stride_indices(len(pool), limit)):
                trio = [n, *rng.sample([m for m in range(1, len(papers[pid]) + 1) if m != n], 2)]
                rng.shuffle(trio)
                joined = "\n\n".join(papers[pid][m - 1] for m in trio)
                out[variant].append(Query(variant, joined, pid, tuple(sorted(trio)), text))
            continue
        chosen = [flat[i] for i in stride_indices(len(flat), limit)]
        if variant == "docx":
            with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool_ex:
                texts = list(pool_ex.map(docx_round_trip, [t for _, _, t in chosen], chunksize=32))
        else:
            texts = [simple[variant](t, rng) for _, _, t in chosen]
        out[variant] = [Query(variant, q, pid, (n,), t) for (pid, n, t), q in zip(chosen, texts)]
    return out


def found(bank: ExamBank, query: Query) -> bool:
    got = {(m.paper.id, m.item) for m in bank.match(query.text, now=QUERY_TIME)}
    if len(query.items) == 1:
        return any(pid == query.paper_id for pid, _ in got)
    return all((query.paper_id, n) in got for n in query.items)


def _grams(text: str) -> set[str]:
    norm, _ = normalise(text)
    return {norm[i:i + K] for i in range(len(norm) - K + 1)}


def _line(text: str, width: int = 60) -> str:
    return text[:width].replace("\n", "⏎").replace("\r", "")


def same_question(item: str, query: str, share: float = 0.8) -> bool:
    """The query holds the item in order, numbers aside: with every number read as `0`, the
    matching blocks of a sequence alignment cover at least `share` of the item (an independent
    judge: it aligns characters, the bank counts unordered grams)."""
    def plain(text: str) -> str:
        return re.sub(r"[0-9]+", "0", normalise(text)[0])

    a, b = plain(item), plain(query)
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(m.size for m in blocks if m.size >= 3) >= share * len(a)


def false_matches(bank: ExamBank, sources: dict[str, list[str]], item_text: dict[tuple[str, int], str]
                  ) -> tuple[dict[str, Rate], dict[str, int], list[str]]:
    """Per source, queries with a false match. A match is true (shared text, e.g. one question in
    both Math I and Math II) when at least half of the item's plain K-grams occur in the query,
    or when it is the same question with other numbers (`same_question`)."""
    rates: dict[str, Rate] = {}
    shared: dict[str, int] = {}
    examples: list[str] = []
    for source, texts in sources.items():
        bad = same = 0
        for text in texts:
            matches = bank.match(text, now=QUERY_TIME)
            query = _grams(text) if matches else set()
            wrong = []
            for m in matches:
                item = _grams(item_text[(m.paper.id, m.item)])
                share = len(item & query) / max(1, len(item))
                if share < 0.5 and not same_question(item_text[(m.paper.id, m.item)], text):
                    wrong.append(f"{m.paper.title} #{m.item} {m.tolerance} containment {m.containment} "
                                 f"(plain {share:.2f})")
            bad, same = bad + bool(wrong), same + bool(matches and not wrong)
            examples += [f"{source}: {_line(text)!r} -> {wrong[0]}"] if wrong else []
        rates[source], shared[source] = Rate(bad, len(texts)), same
    return rates, shared, examples


def _report_rates(first: str, rates: dict[str, Rate], total: str | None, digits: int = 3) -> dict[str, Any]:
    """Print one table (plus a `total` row when named); return the same figures for JSON."""
    if total is not None:
        rates = {**rates, total: sum(rates.values(), Rate(0, 0))}
    rows = [[k, r.total, r.hits, fmt(r.rate, digits)] for k, r in rates.items()]
    print(table([first, "texts", "hits", "rate"], rows))
    return {k: r.as_dict() for k, r in rates.items()}


SPLITS: tuple[str, ...] = ("tune", "test")
APE_PAPER = 20  # Ape210K problems per registered pseudo-paper


@dataclass(frozen=True, slots=True)
class RegisteredItem:
    source: str  # gaokao, cmmlu or ape210k
    split: str  # tune (thresholds were chosen on it) or test (reported only)
    paper_id: str
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class Registration:
    """The benchmark's bank and what is in it: 80 % of the GAOKAO papers, four of the five
    CMMLU items of each subject, 80 % of Ape210K in papers of 20. Every unit (paper, subject)
    is in the tune or the test split, and so are the unregistered items and the negatives."""

    bank: ExamBank
    items: tuple[RegisteredItem, ...]
    unregistered: tuple[tuple[str, str, str], ...]  # (source, split, text)
    gaokao: tuple[tuple[str, tuple[str, ...]], ...]  # the registered GAOKAO papers
    gaokao_kept_out: int  # papers


def register(data: ExamData) -> Registration:
    bank = ExamBank(key=BANK_KEY)
    items: list[RegisteredItem] = []
    unregistered: list[tuple[str, str, str]] = []
    gaokao: list[tuple[str, tuple[str, ...]]] = []

    def add(source: str, split: str, pid: str, title: str, texts: Sequence[str]) -> None:
        bank.add_paper(pid, title, EMBARGO_UNTIL, (12,), texts, registered=REGISTERED_AT)
        items.extend(RegisteredItem(source, split, pid, n, t) for n, t in enumerate(texts, 1))

    order = list(range(len(data.papers)))
    random.Random(f"{SEED}/register").shuffle(order)
    n_reg = round(len(data.papers) * REGISTER_SHARE)
    split_of = {i: SPLITS[pos % 2] for pos, i in enumerate(order)}
    for i in sorted(order[:n_reg]):
        add("gaokao", split_of[i], f"g{i:03d}", data.papers[i].key, data.papers[i].items)
        gaokao.append((f"g{i:03d}", data.papers[i].items))
    unregistered += [("gaokao", split_of[i], t) for i in order[n_reg:] for t in data.papers[i].items]
    rng = random.Random(f"{SEED}/register-cmmlu")
    subjects = sorted({c.subject for c in data.cmmlu})
    rng.shuffle(subjects)
    for j, subject in enumerate(subjects):
        texts = [c.format() for c in data.cmmlu if c.subject == subject]
        out = rng.randrange(len(texts))
        add("cmmlu", SPLITS[j % 2], f"c{j:02d}", f"CMMLU {subject}", [t for k, t in enumerate(texts) if k != out])
        unregistered.append(("cmmlu", SPLITS[j % 2], texts[out]))
    ape = list(data.ape)
    random.Random(f"{SEED}/register-ape").shuffle(ape)
    n_ape = round(len(ape) * REGISTER_SHARE)
    for p in range(0, n_ape, APE_PAPER):
        add("ape210k", SPLITS[(p // APE_PAPER) % 2], f"a{p // APE_PAPER:03d}", f"Ape210K {p // APE_PAPER}",
            ape[p : min(p + APE_PAPER, n_ape)])
    unregistered += [("ape210k", SPLITS[k % 2], t) for k, t in enumerate(ape[n_ape:])]
    return Registration(bank, tuple(items), tuple(unregistered), tuple(gaokao), len(data.papers) - n_reg)


def part_registered(args: argparse.Namespace, data: ExamData, reg: Registration) -> dict[str, Any]:
    section("1. Registered papers: formatting variants (ExamBank.match defaults; GAOKAO items)")
    bank = reg.bank
    count = {s: sum(1 for i in reg.items if i.source == s) for s in ("gaokao", "cmmlu", "ape210k")}
    print(f"  bank: {len(reg.gaokao)} GAOKAO-Bench papers (file, year) ({count['gaokao']} items), "
          f"{count['cmmlu']} CMMLU items (4 of the 5 of each subject), {count['ape210k']} Ape210K problems "
          f"({bank.item_count} items with fingerprints); kept out: {reg.gaokao_kept_out} GAOKAO papers, "
          f"{sum(1 for s, _, _ in reg.unregistered if s == 'cmmlu')} CMMLU and "
          f"{sum(1 for s, _, _ in reg.unregistered if s == 'ape210k')} Ape210K items; seed {SEED}")
    t0 = time.perf_counter()
    queries = build_queries(reg.gaokao, [t for _, t in data.negatives], args.limit)
    t1 = time.perf_counter()
    results = {v: [found(bank, q) for q in qs] for v, qs in queries.items()}
    recall = {v: Rate(sum(r), len(r)) for v, r in results.items()}
    print(f"  {sum(map(len, queries.values()))} queries built in {t1 - t0:.1f} s, matched in "
          f"{time.perf_counter() - t1:.1f} s; found = the right paper (reordered: all 3 item numbers)")
    recall_figures = _report_rates("variant (recall)", recall, "all", 4)
    for variant, qs in queries.items():
        for q in [q for q, ok in zip(qs, results[variant]) if not ok][: args.show_errors]:
            print(f"  missed {variant} {q.paper_id}#{','.join(map(str, q.items))}: {_line(q.preview)!r}")
    return {"registered_items": bank.item_count, "recall": recall_figures}


def edit_queries(reg: Registration, split: str, edit: str, limit: int | None) -> dict[str, list[Query]]:
    """Per source, the registered items of `split` after `edit` (seeded by split, edit and source;
    items the edit does not apply to are left out)."""
    out: dict[str, list[Query]] = {}
    for source in ("gaokao", "cmmlu", "ape210k"):
        pool = [i for i in reg.items if i.source == source and i.split == split]
        rng = random.Random(f"{SEED}/{split}/{edit}/{source}")
        queries = []
        for item in (pool[k] for k in stride_indices(len(pool), limit)):
            text = apply_edit(edit, item.text, rng)
            if text is not None:
                queries.append(Query(edit, text, item.paper_id, (item.number,), item.text))
        out[source] = queries
    return out


def part_edits(args: argparse.Namespace, reg: Registration) -> dict[str, Any]:
    section("1b. Registered items after edits (issue 14): recall per edit class and source")
    print("  found = the edited item itself (paper and number); exact/near = the family that found it.\n"
          "  Thresholds were chosen on the tune split only; the test split (other papers, subjects and\n"
          "  problems, other seeds) is reported as measured.")
    figures: dict[str, Any] = {}
    for split in SPLITS:
        rows, fig = [], {}
        for edit in EDIT_CLASSES:
            per_source = edit_queries(reg, split, edit, args.limit)
            rates: dict[str, Rate] = {}
            tol = {t: 0 for t in TOLERANCES}
            missed: list[Query] = []
            for source, qs in per_source.items():
                hits = 0
                for q in qs:
                    got = {(m.paper.id, m.item): m.tolerance for m in reg.bank.match(q.text, now=QUERY_TIME)}
                    t = got.get((q.paper_id, q.items[0]))
                    if t is None:
                        missed.append(q)
                        continue
                    hits += 1
                    tol[t] += 1
                rates[source] = Rate(hits, len(qs))
            rates["all"] = sum(rates.values(), Rate(0, 0))
            rows.append([edit, *(f"{fmt(r.rate, 3)} ({r.total})" for r in rates.values()),
                         f"{tol['exact']}/{tol['near']}"])
            fig[edit] = {**{k: r.as_dict() for k, r in rates.items()}, "tolerance": tol}
            for q in missed[: args.show_errors]:
                print(f"  missed {split} {edit} {q.paper_id}#{q.items[0]}: {_line(q.text)!r}")
        print(f"\n  {split} split (recall, queries in brackets):")
        print(table(["edit class", "gaokao", "cmmlu", "ape210k", "all", "exact/near"], rows))
        figures[split] = fig
    return figures


def part_false_matches(args: argparse.Namespace, data: ExamData, reg: Registration) -> dict[str, Any]:
    section("1c. False matches: unregistered items of the same exams and subjects, and the negatives")

    def take(texts: list[str]) -> list[str]:
        return [texts[i] for i in stride_indices(len(texts), args.limit)]

    item_text = {(i.paper_id, i.number): i.text for i in reg.items}
    figures: dict[str, Any] = {}
    for k, split in enumerate(SPLITS):
        sources = {f"{s}_unregistered": take([t for src, sp, t in reg.unregistered if src == s and sp == split])
                   for s in ("gaokao", "cmmlu", "ape210k")}
        for dataset in dict.fromkeys(d for d, _ in data.negatives):
            sources[dataset] = take([t for n, (d, t) in enumerate(data.negatives) if d == dataset and n % 2 == k])
        rates, shared, examples = false_matches(reg.bank, sources, item_text)
        print(f"\n  {split} split: texts with a match to an item they share < half its text with "
              "(and that is not the same question with other numbers)")
        figures[split] = {"false_matches": _report_rates("source (false matches)", rates, "all", 5),
                          "same_question_matches": shared}
        print("  true matches (same text, or the same question with other numbers; not counted as false): "
              + ", ".join(f"{s} {n}" for s, n in shared.items()))
        for line in examples[: max(10, args.show_errors)]:
            print(f"  false: {line}")
    return figures


# --------------------------------------------------------------------------- 2. structure


def structure_texts(data: ExamData) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(pastes of several items, single items and study requests), deterministic."""
    rng = random.Random(f"{SEED}/structure")
    multi = [p for p in data.papers if len(p.items) >= 2]
    pastes: dict[str, list[str]] = {"gaokao": [], "cmmlu": []}
    for _ in range(PASTES["gaokao"]):
        items = rng.choice(multi).items
        pastes["gaokao"].append(numbered_list(rng.sample(items, rng.randint(2, min(5, len(items))))))
    for _ in range(PASTES["cmmlu"]):
        picked = rng.sample(data.cmmlu, rng.randint(2, 5))
        pastes["cmmlu"].append("\n".join(c.format(i) for i, c in enumerate(picked, 1)))
    for kind, mark in (("ape210k_marks", "（5分）"), ("ape210k_plain", "")):
        pastes[kind] = [numbered_list(rng.sample(data.ape, rng.randint(3, 5)), mark)
                        for _ in range(PASTES[kind])]
    all_items = [t for p in data.papers for t in p.items]
    singles = {"gaokao": [rng.choice(all_items) for _ in range(SINGLES)],
               "cmmlu": [rng.choice(data.cmmlu).format() for _ in range(SINGLES)],
               "ape210k": [rng.choice(data.ape) for _ in range(SINGLES)],
               "study_requests": list(STUDY_REQUESTS)}
    return pastes, singles


def part_structure(data: ExamData) -> dict[str, Any]:
    section("2. Structural detector (ExamStructureDetector, unregistered material)")
    detector = ExamStructureDetector()

    def reported(text: str) -> bool:
        return any(f.entity == "EXAM_ITEM" for f in detector.detect(ScanText(text)))

    pastes, singles = structure_texts(data)
    print("  Pastes of several items (should be reported; ape210k_* are 3-5 problems, with or without（5分）):")
    paste_figures = _report_rates("paste (recall)", {k: Rate(sum(map(reported, v)), len(v))
                                                     for k, v in pastes.items()}, "all")
    print("\n  Single items and study requests (should mostly not be reported):")
    single_figures = _report_rates("single (reported)", {k: Rate(sum(map(reported, v)), len(v))
                                                         for k, v in singles.items()}, None)
    flagged = [(d, t) for d, t in data.negatives if reported(t)]
    neg = Rate(len(flagged), len(data.negatives))
    print(f"\n  Negatives reported: {neg.hits}/{neg.total} ({100 * neg.rate:.2f} %)")
    for dataset, text in flagged[:10]:
        print(f"  false: {dataset}: {_line(text, 80)!r}")
    return {"pastes": paste_figures, "singles": single_figures, "negatives": neg.as_dict()}


# --------------------------------------------------------------------------- 3. scale


def vm_rss_mb(trim: bool = False) -> float:
    """VmRSS of this process; with `trim`, after glibc's malloc_trim(0) has handed freed heap
    back to the OS (NaN where there is no glibc)."""
    try:
        if trim:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except (OSError, AttributeError):
        return float("nan")
    rss = (int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:"))
    return next(rss, float("nan"))


def part_scale(args: argparse.Namespace, data: ExamData) -> dict[str, Any]:
    section(f"3. Scale: a bank of {args.bank_items:,} synthetic items in papers of {PAPER_SIZE}")
    rng = random.Random(f"{SEED}/scale")
    texts = [t for p in data.papers for t in p.items] + [c.format() for c in data.cmmlu] + list(data.ape)
    items = synthetic_items(texts, args.bank_items, rng)
    negatives = [t for _, t in data.negatives]
    gc.collect()
    rss_before = vm_rss_mb()
    bank = ExamBank(key=BANK_KEY)
    calls: list[float] = []
    for p in range(0, len(items), PAPER_SIZE):
        t0 = time.perf_counter()
        bank.add_paper(f"s{p // PAPER_SIZE:05d}", f"synthetic {p // PAPER_SIZE}", EMBARGO_UNTIL, (9,),
                       items[p:p + PAPER_SIZE], registered=REGISTERED_AT)
        calls.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    nbytes = bank.nbytes / 2**20  # merges the pending fingerprints into the sorted index
    merge_s = time.perf_counter() - t0
    gc.collect()
    rss_growth = vm_rss_mb() - rss_before
    trimmed_growth = vm_rss_mb(trim=True) - rss_before
    first, last = 1e3 * sum(calls[:10]) / len(calls[:10]), 1e3 * sum(calls[-10:]) / len(calls[-10:])
    print(f"  {len(items):,} items ({sum(map(len, items)) / len(items):.0f} characters on average), sentence "
          f"pieces of {len(texts):,} real items recombined")
    print(f"  build {sum(calls):.1f} s in {len(calls)} add_paper calls (first 10: {first:.1f} ms each, "
          f"last 10: {last:.1f} ms each) + {merge_s:.2f} s for the one final sort")
    print(f"  memory: numpy arrays {nbytes:.1f} MB; VmRSS growth {rss_growth:.1f} MB"
          + f" ({trimmed_growth:.1f} MB after malloc_trim(0) returns freed heap to the OS)")
    prompts: list[tuple[str, tuple[str, int] | None]] = []
    for i in range(LOOKUPS):
        if i % 2 == 0:
            prompts.append((filler(negatives, rng, PROMPT_CHARS), None))
            continue
        j = rng.randrange(len(items))
        rest = PROMPT_CHARS - len(items[j]) - 2
        cut = rng.randint(0, rest)
        text = f"{filler(negatives, rng, cut)}\n{items[j]}\n{filler(negatives, rng, rest - cut)}"
        prompts.append((text, (f"s{j // PAPER_SIZE:05d}", j % PAPER_SIZE + 1)))
    for text, _ in prompts[:5]:
        bank.match(text, now=QUERY_TIME)  # warm-up
    times: list[float] = []
    cpu: list[float] = []  # this thread's CPU time: the wall clock also counts other processes on the cores
    hits = clean = 0
    for text, want in prompts:
        t0, c0 = time.perf_counter(), time.thread_time()
        got = bank.match(text, now=QUERY_TIME)
        times.append(1e3 * (time.perf_counter() - t0))
        cpu.append(1e3 * (time.thread_time() - c0))
        hits += want is not None and any((m.paper.id, m.item) == want for m in got)
        clean += want is None and bool(got)
    # What the detector adds to a request: the scanner builds one ScanText (NFKC view and offsets)
    # for every detector, so the bank receives it with its views already made.
    scanned = [ScanText(text) for text, _ in prompts]
    cpu_st: list[float] = []
    for st in scanned:
        _ = st.norm
        c0 = time.thread_time()
        bank.match(st, now=QUERY_TIME)
        cpu_st.append(1e3 * (time.thread_time() - c0))
    p50, p95 = statistics.median(times), statistics.quantiles(times, n=20, method="inclusive")[18]
    cpu50, cpu95 = statistics.median(cpu), statistics.quantiles(cpu, n=20, method="inclusive")[18]
    st50, st95 = statistics.median(cpu_st), statistics.quantiles(cpu_st, n=20, method="inclusive")[18]
    print(f"  bank.match on {LOOKUPS} prompts of {PROMPT_CHARS:,} characters: p50 {p50:.2f} ms, "
          f"p95 {p95:.2f} ms, max {max(times):.2f} ms (CPU time: p50 {cpu50:.2f} ms, p95 {cpu95:.2f} ms; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"  the same on a ScanText with its views made (the detector's share of a request), CPU time: "
          f"p50 {st50:.2f} ms, p95 {st95:.2f} ms")
    print(f"  embedded item found {hits}/{LOOKUPS // 2}; prompts without an item that matched {clean}/"
          f"{LOOKUPS - LOOKUPS // 2}")
    return {"items": len(items), "papers": len(bank.papers), "build_seconds": sum(calls),
            "add_paper_first10_ms": first, "add_paper_last10_ms": last, "arrays_mb": nbytes,
            "rss_growth_mb": rss_growth, "rss_growth_after_malloc_trim_mb": trimmed_growth,
            "lookup_p50_ms": p50, "lookup_p95_ms": p95, "lookup_max_ms": max(times),
            "lookup_cpu_p50_ms": cpu50, "lookup_cpu_p95_ms": cpu95,
            "lookup_scantext_cpu_p50_ms": st50, "lookup_scantext_cpu_p95_ms": st95,
            "embedded_found": Rate(hits, LOOKUPS // 2).as_dict(),
            "clean_prompts_matched": Rate(clean, LOOKUPS - LOOKUPS // 2).as_dict()}


# --------------------------------------------------------------------------- running


def run(args: argparse.Namespace) -> int:
    t_start = time.perf_counter()
    eval_dir = resolve_eval_dir(args.eval_dir)
    data = load_exam_data(eval_dir)
    print("python -m bench exam")
    limited = f" (--limit {args.limit} per variant and source)" if args.limit else ""
    print(f"  evaluation data: {eval_dir}{limited}")
    print(f"  GAOKAO-Bench {sum(len(p.items) for p in data.papers)} items, CMMLU dev {len(data.cmmlu)}, "
          f"Ape210K {len(data.ape)}, negatives {len(data.negatives)}")
    reg = register(data)
    registered = part_registered(args, data, reg)
    edits = part_edits(args, reg)
    false = part_false_matches(args, data, reg)
    structure = part_structure(data)
    scale = part_scale(args, data)

    section("4. Targets")
    test = edits["test"]
    targets = [
        Target("registered recall, all formatting variants", registered["recall"]["all"]["rate"], ">=", 0.99),
        *(Target(f"edit recall (test split), {e}", test[e]["all"]["rate"], ">=", 0.8 if e == "paraphrase" else 0.95)
          for e in EDIT_CLASSES),
        Target("false matches (test split), % of texts", 100 * false["test"]["false_matches"]["all"]["rate"],
               "<=", 0.1),
        Target("false matches (tune split), % of texts", 100 * false["tune"]["false_matches"]["all"]["rate"],
               "<=", 0.1),
        Target("structural recall, pastes of >= 2 items", structure["pastes"]["all"]["rate"], ">=", 0.90),
        Target("structural findings on negatives, %", 100 * structure["negatives"]["rate"], "<=", 1.0),
        Target(f"lookup p95 ms, 2,000 chars (p50 {scale['lookup_p50_ms']:.2f})", scale["lookup_p95_ms"],
               "<=", 2.0),
        Target(f"lookup p95 ms of CPU time (p50 {scale['lookup_cpu_p50_ms']:.2f})", scale["lookup_cpu_p95_ms"],
               "<=", 2.0),
        Target(f"lookup p95 ms of CPU time, ScanText given (p50 {scale['lookup_scantext_cpu_p50_ms']:.2f})",
               scale["lookup_scantext_cpu_p95_ms"], "<=", 2.0),
        Target("bank memory MB, numpy arrays", scale["arrays_mb"], "<=", 200.0),
        Target("bank memory MB, VmRSS growth", scale["rss_growth_mb"], "<=", 200.0),
    ]
    print_targets(targets, with_baseline=False)
    elapsed = time.perf_counter() - t_start
    print(f"\n  total time {elapsed:.0f} s")
    if args.json is None:
        return 0
    figures = {"meta": {"eval_dir": str(eval_dir), "limit": args.limit, "seed": SEED,
                        "bank_items": args.bank_items, "elapsed_seconds": elapsed},
               "registered": registered, "edits": edits, "false_matches": false, "structure": structure,
               "scale": scale,
               "targets": [t.as_dict() for t in targets]}
    return write_figures(args.json, figures)


def _parse(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python -m bench exam",
        description="Exam-paper protection: registered-bank recall under edits and false matches, the "
        "structural detector on pastes and ordinary prompts, bank build time, memory and lookup latency.")
    ap.add_argument("--eval-dir", type=Path, default=None,
                    help="evaluation data directory (default: <project root>/../shared/eval)")
    ap.add_argument("--json", metavar="FILE", type=Path, help="also write all figures as JSON")
    ap.add_argument("--limit", type=int, metavar="N",
                    help="at most N evenly spread queries per variant and per false-match source")
    ap.add_argument("--bank-items", type=int, metavar="N", default=100_000,
                    help="items in the scale bank (default 100000)")
    ap.add_argument("--show-errors", type=int, metavar="N", default=0,
                    help="print N missed queries per variant (first 60 characters of the item)")
    args = ap.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        ap.error("--limit must be >= 1")
    if args.bank_items < PAPER_SIZE or args.show_errors < 0:
        ap.error(f"--bank-items must be >= {PAPER_SIZE} and --show-errors >= 0")
    if args.json is not None and not args.json.parent.is_dir():
        ap.error(f"--json: directory {args.json.parent} does not exist")
    return args


def main(argv: list[str] | None = None) -> int:
    """Print the exam report; 0 whatever the targets say, 2 on errors."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except EvalDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
