"""Exam items by their framing: framed and unframed single items from GAOKAO-Bench,
CMMLU and Ape210K, study requests about exams, and the ordinary negatives.

Owns the framing templates (tune and test share no template, test word or time
word), the item split (a seeded shuffle per source: first half tune, second half
test) and the figures of part 2 of `python -m bench structure`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.evaldata import load_negatives
from bench.exam import load_exam_data
from bench.report import Target, fmt, section, table
from bench.scoring import SpanLike

__all__ = ["part_framing", "FramingVocab", "TUNE_FRAMING", "TEST_FRAMING", "framed_texts"]

FRAMING_SEEDS = {"tune": 3131, "test": 4242, "final": 5353}
ITEMS_PER_SOURCE = 200


@dataclass(frozen=True, slots=True)
class FramingVocab:
    templates: tuple[str, ...]  # {item} {exam} {time} {en_exam} {en_time} {n}
    exams: tuple[str, ...]
    times: tuple[str, ...]
    en_exams: tuple[str, ...]
    en_times: tuple[str, ...]
    requests: tuple[str, ...]  # exam talk without an item: must stay clean


TUNE_FRAMING = FramingVocab(
    templates=(
        "这是{time}{exam}的题，帮我看看难度：\n{item}",
        "{exam}（{time}考）的原题，先别外传：{item}",
        "{item}\n——以上是{time}{exam}的题，还没公布，请给出详细解析",
        "我在出{time}的{exam}卷子，这道题合适吗？\n{item}",
        "Here is a question from {en_time}'s {en_exam}, please don't share it:\n{item}",
        "{time}{exam}押题：{item}",
        "帮我检查一下{time}{exam}的第{n}题有没有问题：{item}",
        "保密！{exam}试题，考前勿外传。\n{item}",
    ),
    exams=("月考", "期中考试", "单元测验", "模拟考"),
    times=("下周", "明天", "周五"),
    en_exams=("midterm", "unit test"),
    en_times=("tomorrow", "next week"),
    requests=(
        "下周就要期中考试了，怎么复习数学比较好？", "明天月考，我很紧张，怎么调整心态？",
        "帮我制定一份期末考试前两周的复习计划。", "模拟考试的作文一般多少分算高分？",
    ),
)
TEST_FRAMING = FramingVocab(
    templates=(
        "{exam}卷子还没交印，这是其中一道：{item}",
        "{item}\n（{time}{exam}用题，尚未公开，不要发给学生）",
        "同事让我审一下{time}的{exam}，第{n}题如下：\n{item}",
        "{time}就要{exam}了，这是我命的题，帮我估一下得分率：{item}",
        "The {en_exam} is {en_time}; this item is confidential until then.\n{item}",
        "内部资料 {exam}\n{item}",
        "{exam}正在考，学生问我这题：{item}",
        "请帮我润色{time}{exam}的这道题，考试结束前保密：{item}",
    ),
    exams=("期末考试", "联考", "周测", "摸底考试", "二模"),
    times=("后天", "下星期三", "今天下午"),
    en_exams=("final exam", "quiz"),
    en_times=("on Friday", "next Monday"),
    requests=(
        "期末考试快到了，有什么高效的复习方法？", "后天联考，晚上应该几点睡？",
        "周测成绩不理想，怎么和家长沟通？", "二模考试前一天应该做什么？",
    ),
)


#: Written after the detector was tuned and run once: templates, test words and time
#: words that neither tune nor test uses; items from the test half not used by test.
FINAL_FRAMING = FramingVocab(
    templates=(
        "给你看一道{time}{exam}的大题（学生还没考，别外传）：\n{item}",
        "{item}\n这是{exam}B卷的，{time}开考，答案先保密",
        "教研组刚定稿的{exam}试题，{time}用：{item}",
        "Please check this item for {en_time}'s {en_exam} (not released yet):\n{item}",
        "{time}{exam}，第{n}题，千万别泄露：{item}",
        "学生在{exam}考场上偷偷发来的：{item}",
    ),
    exams=("期末统考", "月考", "结业考试", "三模", "竞赛初赛"),
    times=("大后天", "下下周", "明天上午", "这周四"),
    en_exams=("mock exam", "final exam"),
    en_times=("next Thursday", "tomorrow morning"),
    requests=("期末统考前一晚应该复习什么？", "明天上午月考，早饭吃什么好？", "三模没考好，心态崩了怎么办？"),
)


def framed_texts(items: Sequence[str], vocab: FramingVocab, rng: random.Random) -> list[str]:
    out = []
    for item in items:
        t = rng.choice(vocab.templates)
        out.append(t.format(item=item.strip(), exam=rng.choice(vocab.exams), time=rng.choice(vocab.times),
                            en_exam=rng.choice(vocab.en_exams), en_time=rng.choice(vocab.en_times),
                            n=rng.randint(1, 22)))
    return out


def _split_items(eval_dir: Path) -> dict[str, dict[str, list[str]]]:
    """{split: {source: items}}: a seeded shuffle per source, first half tune, second half test."""
    data = load_exam_data(eval_dir)
    sources = {
        "gaokao": [t for p in data.papers for t in p.items if len(t) <= 1500],
        "cmmlu": [c.format() for c in data.cmmlu],
        "ape210k": list(data.ape),
    }
    out: dict[str, dict[str, list[str]]] = {"tune": {}, "test": {}, "final": {}}
    for name, items in sources.items():
        items = sorted(set(items))
        random.Random(f"framing/{name}").shuffle(items)
        half = len(items) // 2
        out["tune"][name] = items[:half][:ITEMS_PER_SOURCE]
        out["test"][name] = items[half:][:ITEMS_PER_SOURCE]
        # The final split takes the next test-half items; CMMLU dev has too few, so
        # its final items are the test items again, under the final templates.
        rest = items[half:][ITEMS_PER_SOURCE : 2 * ITEMS_PER_SOURCE]
        out["final"][name] = rest if len(rest) >= ITEMS_PER_SOURCE // 2 else out["test"][name]
    return out


@dataclass(frozen=True, slots=True)
class Rate:
    hits: int
    total: int

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else float("nan")

    def cell(self) -> str:
        return f"{fmt(self.rate)} ({self.hits}/{self.total})"


def part_framing(
    scan: Callable[[str], Sequence[SpanLike]], eval_dir: Path, splits: Sequence[str]
) -> tuple[dict[str, Any], list[Target]]:
    section("2. Exam items by their framing (ExamContextDetector, source=context)")
    print(f"  {ITEMS_PER_SOURCE} single items per source and split (GAOKAO-Bench items of <= 1,500 characters,\n"
          "  CMMLU dev with options, Ape210K valid); the items of tune and test are disjoint halves,\n"
          f"  templates, test words and time words differ; seeds {FRAMING_SEEDS}.")

    def context(text: str) -> bool:
        return any(f.entity == "EXAM_ITEM" and getattr(f, "detector", "") == "exam_context" for f in scan(text))

    by_split = _split_items(eval_dir)
    figures: dict[str, Any] = {}
    targets: list[Target] = []
    negatives = [s.text for s in load_negatives(eval_dir, ("EXAM_ITEM",))]
    neg = Rate(sum(map(context, negatives)), len(negatives))
    for split in splits:
        vocab = {"tune": TUNE_FRAMING, "test": TEST_FRAMING, "final": FINAL_FRAMING}[split]
        rng = random.Random(FRAMING_SEEDS[split])
        rows = []
        framed_all, plain_all = Rate(0, 0), Rate(0, 0)
        misses: list[str] = []
        for source, items in by_split[split].items():
            framed = framed_texts(items, vocab, rng)
            hits = [context(t) for t in framed]
            misses += [t for t, h in zip(framed, hits) if not h][:3]
            f = Rate(sum(hits), len(framed))
            p = Rate(sum(map(context, items)), len(items))
            framed_all = Rate(framed_all.hits + f.hits, framed_all.total + f.total)
            plain_all = Rate(plain_all.hits + p.hits, plain_all.total + p.total)
            rows.append([source, f.cell(), p.cell()])
            figures.setdefault(split, {})[source] = {"framed": {"hits": f.hits, "total": f.total},
                                                     "unframed": {"hits": p.hits, "total": p.total}}
        rows.append(["all", framed_all.cell(), plain_all.cell()])
        req = Rate(sum(map(context, vocab.requests)), len(vocab.requests))
        print(f"\n  split {split} (seed {FRAMING_SEEDS[split]}):")
        print(table(["source", "framed: reported (recall)", "unframed: reported"], rows))
        print(f"  exam talk without an item ({len(vocab.requests)} requests) reported: {req.cell()}")
        for t in misses[:6]:
            print(f"  missed: {t[:90]!r}")
        figures.setdefault(split, {})["requests"] = {"hits": req.hits, "total": req.total}
        if split in ("test", "final"):
            targets += [
                Target(f"framed single items reported ({split} split)", framed_all.rate, ">=", 0.95, compare=False),
                Target(f"unframed items reported ({split} split)", plain_all.rate, "<=", 0.01, compare=False),
            ]
    print(f"\n  negatives (alpaca_zh_demo + belle_zh_seed_tasks) reported: {neg.cell()}")
    figures["negatives"] = {"hits": neg.hits, "total": neg.total}
    targets.append(Target("negatives reported by exam_context", neg.rate, "<=", 0.01, compare=False))
    return figures, targets
