"""`make model` / `python -m bench.train_names`: train the name tagger and write its weights.

Owns which data trains and which tunes the name tagger, the training loop
(L2-regularised logistic regression over hashed features, Adagrad, seeded
mini-batches: deterministic) and the provenance written next to the weights.

Train: CLUENER train, Resume train, Weibo NER train, People's Daily dev and
the generated school corpus (train vocabulary, seed `TRAIN_SEED`).
Tune (threshold only): Weibo NER dev, the last 400 sentences of Resume train
(held out of training) and school texts of the tune vocabulary (train
templates, new names; seed `TUNE_SEED`). Never used: Resume dev, MultiPriv dev,
CLUENER dev, the negatives and the school corpus test vocabulary (`TEST_SEED`),
which `bench quality` reports.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bench.evaldata import (
    PROJECT_ROOT, Sample, load_cluener, load_peoples_daily, load_resume, load_weibo, resolve_eval_dir,
)
from bench.name_train_extra import EXTRA_SEED, EXTRA_TEXTS, generate_extra
from bench.schoolcorpus import TEST_SEED, TRAIN_SEED, TUNE_SEED, generate
from detectors.models.name_tagger import (
    CONTEXT_COLUMNS, FEATURE_BITS, GIVEN_COLUMNS, WEIGHTS_PATH, Lexicon, NameTagger, build_lexicon, candidates,
    decode, featurize,
)
from detectors.models.name_model import load_name_model
from detectors.recognizers.person import PersonDetector, strongly_cued

__all__ = ["TrainConfig", "normalised", "training_data", "tuning_data", "extract", "fit", "choose_operating_point",
           "span_scores", "smoke_score", "main"]

SCHOOL_TRAIN_TEXTS = 8000
SCHOOL_TUNE_TEXTS = 1500
SMOKE_TEST_TEXTS = 300


DEFAULT_SEED = 13
DEFAULT_EPOCHS = 10
DEFAULT_L2 = 1e-6
DEFAULT_CONTEXT_DROPOUT = 0.25
DEFAULT_GIVEN_DROPOUT = 0.25
#: The last sentences of Resume train tune the threshold and are not trained on.
RESUME_TUNE_TAIL = 400


@dataclass(frozen=True, slots=True)
class TrainConfig:
    seed: int = DEFAULT_SEED
    epochs: int = DEFAULT_EPOCHS
    batch: int = 1024
    learning_rate: float = 0.2
    l2: float = DEFAULT_L2
    #: Share of rows whose context features are dropped in each batch.
    context_dropout: float = DEFAULT_CONTEXT_DROPOUT
    #: Share of rows whose given-name character features (`GIVEN_COLUMNS`) are dropped.
    given_dropout: float = DEFAULT_GIVEN_DROPOUT


def normalised(samples: Sequence[Sample]) -> list[Sample]:
    """The texts as `PersonDetector` sees them (`ScanText.norm`: NFKC, so ，：（ read
    as ,:( ), gold spans moved to the normalised offsets. Training on the raw text
    taught the tagger contexts (，同学, 姓名：) it never meets when it detects."""
    from bisect import bisect_left

    from bench.evaldata import Span
    from detectors.text import ScanText

    out: list[Sample] = []
    for sample in samples:
        st = ScanText(sample.text)
        norm = st.norm
        if norm == sample.text:
            out.append(sample)
            continue
        spans = sample.spans
        if len(norm) != len(sample.text):
            index = list(st.norm_to_orig)[: len(norm)]
            spans = tuple(
                Span(g.entity, a, b, norm[a:b], g.tag)
                for g in sample.spans
                for a, b in [(bisect_left(index, g.start), bisect_left(index, g.end))]
                if a < b
            )
        out.append(Sample(sample.dataset, sample.key, norm, spans, sample.labelled, sample.kind))
    return out


def training_data(eval_dir: Path) -> dict[str, list[Sample]]:
    return {
        "cluener_train": load_cluener(eval_dir, split="train"),
        "resume_train": load_resume(eval_dir, split="train")[:-RESUME_TUNE_TAIL],
        "weibo_train": load_weibo(eval_dir, split="train"),
        "peoples_daily_dev": load_peoples_daily(eval_dir),
        "school_train": generate("train", SCHOOL_TRAIN_TEXTS, TRAIN_SEED),
        "school_extra": generate_extra(EXTRA_TEXTS, EXTRA_SEED),
    }


def substituted(samples: Sequence[Sample], seed: int) -> list[Sample]:
    """Copies of the texts that name someone, each Chinese name replaced by a
    generated one (train vocabulary): natural contexts with new names, so the
    model learns what a name looks like apart from the templates it was seen in."""
    import random

    from bench.evaldata import Span
    from bench.schoolcorpus import VOCABULARIES, _name

    rng = random.Random(seed)
    vocab = VOCABULARIES["train"]
    out: list[Sample] = []
    for sample in samples:
        golds = sorted((g for g in sample.spans if g.entity == "PERSON" and 2 <= g.end - g.start <= 3
                        and not _foreign(sample.text, g.start, g.end)), key=lambda g: g.start)
        if not golds:
            continue
        text, spans, shift, last = "", [], 0, 0
        for g in golds:
            if g.start < last:
                continue
            new, _ = _name(rng, vocab, cued=False)
            text += sample.text[last : g.start]
            spans.append(Span("PERSON", len(text), len(text) + len(new), new))
            text += new
            last = g.end
        text += sample.text[last:]
        out.append(Sample(sample.dataset + "_sub", sample.key, text, tuple(spans), sample.labelled))
    return out


def tuning_data(eval_dir: Path) -> dict[str, list[Sample]]:
    return {
        "weibo_dev": load_weibo(eval_dir, split="dev"),
        "resume_train_tail": load_resume(eval_dir, split="train")[-RESUME_TUNE_TAIL:],
        "school_tune": generate("tune", SCHOOL_TUNE_TEXTS, TUNE_SEED),
    }


# Transliteration characters that Chinese given names almost never use: a
# "name" made of them (马克, 安东尼, 史密斯) is a foreign name, which this project
# does not redact (public figures and invented examples); trained as a non-name.
_TRANSLITERATION = frozenset("斯尔克特尼姆弗布普蒂逊顿萨迪伦戈索卡基拉莱茨兹瓦娃丝塔勃密")


def _foreign(text: str, start: int, end: int) -> bool:
    given = text[start + 1 : end]
    if "·" in text[max(0, start - 1) : end + 1] or "•" in text[max(0, start - 1) : end + 1]:
        return True
    return bool(given) and 2 * sum(c in _TRANSLITERATION for c in given) >= len(given)


def extract(samples: Sequence[Sample], lex: Lexicon) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.float32]]:
    """Feature rows and 0/1 labels of every candidate: 1 when it is exactly a gold name."""
    rows: list[npt.NDArray[np.uint64]] = []
    labels: list[npt.NDArray[np.float32]] = []
    for sample in normalised(samples):
        cp, s, ln = candidates(sample.text, lex, after_words=False)  # the trained candidate set
        if not len(s):
            continue
        gold = {(g.start, g.end) for g in sample.spans
                if g.entity == "PERSON" and not _foreign(sample.text, g.start, g.end)}
        starts = s - 4
        y = np.array([(a, a + b) in gold for a, b in zip(starts.tolist(), ln.tolist())], dtype=np.float32)
        rows.append(featurize(cp, s, ln, lex))
        labels.append(y)
    return np.concatenate(rows).astype(np.uint32), np.concatenate(labels)


def fit(x: npt.NDArray[np.uint32], y: npt.NDArray[np.float32], cfg: TrainConfig) -> npt.NDArray[np.float32]:
    """Logistic regression by mini-batch Adagrad; deterministic for a given seed
    (numpy's PCG64 permutation; sums in a fixed order)."""
    size = 1 << FEATURE_BITS
    w = np.zeros(size, dtype=np.float64)
    g2 = np.full(size, 1e-8, dtype=np.float64)
    rng = np.random.default_rng(cfg.seed)
    n, f = x.shape
    for _ in range(cfg.epochs):
        order = rng.permutation(n)
        for lo in range(0, n, cfg.batch):
            idx = order[lo : lo + cfg.batch]
            xb = x[idx].astype(np.intp)
            if cfg.context_dropout:
                drop = rng.random(len(idx)) < cfg.context_dropout
                # Index 0 stands for "no feature"; its weight is kept at zero.
                xb[np.ix_(drop, np.array(CONTEXT_COLUMNS))] = 0
            if cfg.given_dropout:
                drop = rng.random(len(idx)) < cfg.given_dropout
                xb[np.ix_(drop, np.array(GIVEN_COLUMNS))] = 0
            z = w[xb].sum(axis=1)
            p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
            err = (p - y[idx]) / len(idx)
            grad = np.bincount(xb.ravel(), weights=np.repeat(err, f), minlength=size)
            touched = np.unique(xb)
            grad_t = grad[touched] + cfg.l2 * w[touched]
            g2[touched] += grad_t * grad_t
            w[touched] -= cfg.learning_rate * grad_t / np.sqrt(g2[touched])
            w[0] = 0.0
    return w.astype(np.float32)


class _Pred:
    __slots__ = ("entity", "start", "end", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.entity, self.start, self.end, self.text = "PERSON", start, end, text


def span_scores(tagger: NameTagger, samples: Sequence[Sample]) -> dict[str, float]:
    """Precision/recall/F1 of the tagger under the bench's matching rule, decoded with
    its own threshold and margins and the detector's strong cues (so it scores the
    spans the detector starts from)."""
    from bench.scoring import aggregate, merge

    samples = normalised(samples)
    cued = functools.partial(strongly_cued, lexicon=tagger.lexicon)
    preds = [tuple(_Pred(a, b, s.text[a:b]) for a, b, _ in tagger.spans(s.text, cued=cued)) for s in samples]
    table = merge(aggregate(samples, preds).values())
    c = table.get("PERSON")
    if c is None:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    return {"precision": round(c.precision or 0.0, 4), "recall": round(c.recall or 0.0, 4),
            "f1": round(c.f1 or 0.0, 4)}


#: The grids `choose_operating_point` searches: threshold (a logit) and the three margins below it.
THRESHOLDS = tuple(float(t) for t in np.arange(-4.0, 3.01, 0.125))
MARGIN_GRID: dict[str, tuple[float, ...]] = {
    "cue_margin": (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0),
    "list_margin": (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0),
    "people_margin": (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0),
}
_START_MARGINS = {"cue_margin": 3.0, "list_margin": 2.0, "people_margin": 1.5}
#: What a margin must gain in mean F1 to move from its round-five value (`_START_MARGINS`):
#: about one name of Weibo dev's 90 in one set's F1, averaged over three sets. Without it
#: a single Weibo post decided the cue margin (3.0 -> 1.5 for one false finding there).
MOVE_PENALTY = 0.002


class _Ranked:
    """One tuning text decoded many times: its ranked candidates (logits computed once),
    its gold names, and memos of the strong-cue test and of the detector's decision."""

    __slots__ = ("text", "scan_text", "starts", "ends", "zs", "golds", "cued_memo", "lexicon", "decided")

    def __init__(self, sample: Sample, tagger: NameTagger, floor: float) -> None:
        from detectors.text import ScanText

        self.text = sample.text
        self.scan_text = ScanText(sample.text)
        self.lexicon = tagger.lexicon
        ranked = tagger.ranked(sample.text, floor)
        self.starts, self.ends, self.zs = ranked if ranked is not None else ([], [], [])
        self.golds = [(g.start, g.end) for g in sample.spans if g.entity == "PERSON"] \
            if "PERSON" in sample.labelled else None
        self.cued_memo: dict[tuple[int, int], bool] = {}
        self.decided: dict[tuple[object, ...], list[tuple[int, int]]] = {}

    def cued(self, text: str, a: int, b: int) -> bool:
        got = self.cued_memo.get((a, b))
        if got is None:
            got = self.cued_memo[(a, b)] = strongly_cued(text, a, b, lexicon=self.lexicon)
        return got

    def counts(self, threshold: float, margins: Mapping[str, float],
               detector: PersonDetector | None = None) -> tuple[int, int, int, int]:
        """(gold, found, predicted, correct) under the bench's matching rule (`bench.scoring`:
        a gold name is found when reported spans cover at least half of it; a reported span
        is correct when it overlaps a gold name), of the tagger's spans or, given a
        `detector`, of its PERSON findings. Neither overlaps itself, so coverage adds up."""
        if self.golds is None:
            return 0, 0, 0, 0
        kept = decode(self.text, self.starts, self.ends, self.zs, threshold=threshold, cued=self.cued, **margins) \
            if self.zs else []
        spans = [(a, b) for a, b, _ in kept]
        if detector is not None:
            key = (tuple(kept), threshold, margins["list_margin"])
            got = self.decided.get(key)
            if got is None:
                got = self.decided[key] = [
                    (f.start, f.end) for f in detector.decide(self.scan_text, kept, threshold, margins["list_margin"])]
            spans = got
        golds = self.golds
        correct = sum(any(a < ge and gs < b for gs, ge in golds) for a, b in spans)
        found = sum(2 * sum(max(0, min(b, ge) - max(a, gs)) for a, b in spans) >= ge - gs for gs, ge in golds)
        return len(golds), found, len(spans), correct


def _mean_f1(sets: Sequence[Sequence[_Ranked]], threshold: float, margins: Mapping[str, float],
             detector: PersonDetector | None) -> float:
    total = 0.0
    for texts in sets:
        gold = found = predicted = correct = 0
        for r in texts:
            g, f, p, c = r.counts(threshold, margins, detector)
            gold, found, predicted, correct = gold + g, found + f, predicted + p, correct + c
        prec = correct / predicted if predicted else 0.0
        rec = found / gold if gold else 0.0
        total += 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return round(total / len(sets), 5)


def choose_operating_point(weights: npt.NDArray[np.float32], lex: Lexicon,
                           tune: Mapping[str, Sequence[Sample]]) -> tuple[float, dict[str, float]]:
    """The logit threshold and the cue, list and people margins with the best F1
    averaged over the tuning sets (each weighing the same: the 1,500 school texts
    would otherwise outvote Weibo and Resume), scored on the PERSON findings of the
    detector (`PersonDetector.decide`: the tagger's spans and every rule after them).

    Coordinate ascent from round five's margins: the threshold over its whole grid,
    then each margin in turn over its grid with the threshold free within ±0.5,
    repeated until nothing changes (at most four rounds). A margin that leaves its
    round-five value pays `MOVE_PENALTY` (the tune sets must say so clearly, not by
    one post). Ties: the higher threshold, then the smaller margin. Deterministic:
    grids and order are fixed."""
    floor = min(THRESHOLDS) - max(max(v) for v in MARGIN_GRID.values()) - 2.0
    from detectors.resources import load_resources

    probe = NameTagger(weights, 0.0, lex)
    detector = PersonDetector(load_resources())
    sets = [[_Ranked(s, probe, floor) for s in normalised(v)] for v in tune.values()]

    def best_threshold(margins: Mapping[str, float], around: float | None) -> tuple[float, float]:
        best = (-1.0, 0.0)
        for t in THRESHOLDS:
            if around is not None and abs(t - around) > 0.5:
                continue
            f1 = _mean_f1(sets, t, margins, detector)
            if f1 >= best[0]:
                best = (f1, t)
        return best

    def moved(margins: Mapping[str, float]) -> float:
        return MOVE_PENALTY * sum(margins[k] != v for k, v in _START_MARGINS.items())

    margins = dict(_START_MARGINS)
    f1, threshold = best_threshold(margins, None)
    for _round in range(4):
        changed = False
        for name, grid in MARGIN_GRID.items():
            best = (f1, threshold, margins[name])
            for v in grid:
                trial = {**margins, name: v}
                f, t = best_threshold(trial, threshold)
                f = round(f - moved(trial), 5)  # f1 and best[0] are penalised alike
                if f > best[0] or (f == best[0] and (t, -v) > (best[1], -best[2])):
                    best = (f, t, v)
            if (best[1], best[2]) != (threshold, margins[name]):
                changed = True
            f1, threshold, margins[name] = best
        if not changed:
            break
    return threshold, margins


def smoke_score(lex: Lexicon, eval_dir: Path, seed: int) -> dict[str, float]:
    """A small, fast retraining (for the reproducibility test): 600 school texts and
    the first 400 Resume train sentences, 3 epochs; scored on 300 test-vocabulary texts."""
    small = generate("train", 600, TRAIN_SEED) + load_resume(eval_dir, 400, split="train")
    x, y = extract(small, lex)
    w = fit(x, y, TrainConfig(seed=seed, epochs=3))
    return span_scores(NameTagger(w, 0.0, lex), generate("test", SMOKE_TEST_TEXTS, TEST_SEED))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.train_names", description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--epochs", type=int, default=DEFAULT_EPOCHS)
    ap.add_argument("--l2", type=float, default=DEFAULT_L2)
    ap.add_argument("--context-dropout", type=float, default=DEFAULT_CONTEXT_DROPOUT)
    ap.add_argument("--given-dropout", type=float, default=DEFAULT_GIVEN_DROPOUT)
    ap.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)
    cfg = TrainConfig(seed=args.seed, epochs=args.epochs, l2=args.l2, context_dropout=args.context_dropout,
                      given_dropout=args.given_dropout)
    eval_dir = resolve_eval_dir(args.eval_dir)
    t0 = time.perf_counter()
    lex = build_lexicon(load_name_model())
    train = training_data(eval_dir)
    tune = tuning_data(eval_dir)
    real = [s for k, v in train.items() if not k.startswith("school_") for s in v]
    train["substituted"] = substituted(real, cfg.seed)
    x, y = extract([s for v in train.values() for s in v], lex)
    print(f"{len(y)} candidates, {int(y.sum())} names, {x.shape[1]} features each "
          f"({time.perf_counter() - t0:.0f} s)")
    w = fit(x, y, cfg)
    w[np.abs(w) < 1e-3] = 0.0  # unused and negligible weights compress to nothing
    w16 = w.astype(np.float16)
    print(f"fitted ({time.perf_counter() - t0:.0f} s)")
    threshold, margins = choose_operating_point(w16.astype(np.float32), lex, tune)
    tagger = NameTagger(w16.astype(np.float32), threshold, lex, **margins)
    tune_scores = {k: span_scores(tagger, v) for k, v in tune.items()}
    print(f"tuned in {time.perf_counter() - t0:.0f} s; threshold {threshold}; margins {margins}; tune {tune_scores}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, weights=w16, threshold=np.float32(threshold),
                        cue_margin=np.float32(margins["cue_margin"]), list_margin=np.float32(margins["list_margin"]),
                        people_margin=np.float32(margins["people_margin"]))
    smoke = smoke_score(lex, eval_dir, cfg.seed)
    committed = span_scores(tagger, generate("test", SMOKE_TEST_TEXTS, TEST_SEED))
    provenance = {
        "command": "make model  (python -m bench.train_names --seed %d --epochs %d --l2 %g --context-dropout %g "
        "--given-dropout %g)" % (cfg.seed, cfg.epochs, cfg.l2, cfg.context_dropout, cfg.given_dropout),
        "seed": cfg.seed, "epochs": cfg.epochs, "batch": cfg.batch, "learning_rate": cfg.learning_rate,
        "l2": cfg.l2, "context_dropout": cfg.context_dropout,
        "given_dropout": cfg.given_dropout, "feature_bits": FEATURE_BITS, "threshold_logit": threshold,
        "margins": margins, "margin_grid": {k: list(v) for k, v in MARGIN_GRID.items()},
        "train": {k: {"texts": len(v), "names": sum(len(s.spans) for s in v)} for k, v in train.items()},
        "tune": {k: {"texts": len(v), "names": sum(len(s.spans) for s in v)} for k, v in tune.items()},
        "school_corpus": {"train_seed": TRAIN_SEED, "tune_seed": TUNE_SEED, "test_seed": TEST_SEED,
                          "train_texts": SCHOOL_TRAIN_TEXTS, "tune_texts": SCHOOL_TUNE_TEXTS,
                          "extra_seed": EXTRA_SEED, "extra_texts": EXTRA_TEXTS},
        "never_trained_or_tuned_on": ["resume dev", "multipriv dev", "cluener dev", "negatives (alpaca_zh, belle_zh)",
                                      "school corpus test vocabulary (bench.schoolcorpus, split 'test')"],
        "candidates": int(len(y)), "positive_candidates": int(y.sum()),
        "tune_scores": tune_scores,
        "smoke": {"what": "bench.train_names.smoke_score", "scores": smoke},
        "committed_scores": committed,
        "weights_sha256_16": _digest(args.out),
        "data_dir": str(eval_dir.relative_to(PROJECT_ROOT.parent)) if eval_dir.is_relative_to(PROJECT_ROOT.parent)
        else str(eval_dir),
    }
    args.out.with_suffix(".json").write_text(json.dumps(provenance, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB) and its provenance; smoke {smoke}; "
          f"{time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
