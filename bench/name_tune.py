"""`python -m bench.name_tune`: PERSON recall/precision of the whole scanner on the school
corpus's tune split (seed `TUNE_SEED`, or another held-out seed of the train or tune
vocabulary), by kind of name, with the missed and false spans of that split.

For choosing features without reading the test split's errors: it refuses the held-out
vocabularies (test, sealed, blind, final, fresh, spring, summer and autumn).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from bench.schoolcorpus import TUNE_SEED, generate
from bench.scoring import aggregate, gold_found, merge, tag_recall, pred_correct

__all__ = ["main"]


class _Pred:
    __slots__ = ("entity", "start", "end", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.entity, self.start, self.end, self.text = "PERSON", start, end, text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.name_tune", description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("tune", "train"), default="tune")
    ap.add_argument("--seed", type=int, default=TUNE_SEED)
    ap.add_argument("-n", type=int, default=1500)
    ap.add_argument("--errors", type=int, default=0, help="print this many missed and false spans per kind")
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)
    from detectors import build_scanner

    scanner = build_scanner()
    samples = generate(args.split, args.n, args.seed)
    preds = []
    for s in samples:
        found = [f for f in scanner.scan(s.text).findings if f.entity == "PERSON"]
        preds.append(tuple(_Pred(f.start, f.end, s.text[f.start : f.end]) for f in found))
    c = merge(aggregate(samples, preds).values())["PERSON"]
    print(f"{args.split} seed {args.seed}: PERSON P {c.precision:.3f} R {c.recall:.3f} "
          f"({c.found}/{c.gold}, predicted {c.predicted})")
    kinds = tag_recall(samples, preds, "PERSON")
    print("  by kind: " + ", ".join(f"{t} {k.found}/{k.gold} ({k.recall:.3f})" for t, k in sorted(kinds.items())
                                    if k.recall is not None))
    if args.errors:
        missed: Counter[str] = Counter()
        shown: dict[str, int] = {}
        for s, p in zip(samples, preds):
            for g in s.spans:
                if g.entity == "PERSON" and not gold_found(g, p) and shown.get(g.tag, 0) < args.errors:
                    shown[g.tag] = shown.get(g.tag, 0) + 1
                    ctx = s.text[max(0, g.start - 10) : g.start] + "[" + g.text + "]" + s.text[g.end : g.end + 8]
                    print(f"  MISS {g.tag:9} {ctx!r}")
            for q in p:
                if not pred_correct(q, s.spans):
                    missed[q.text] += 1
        print("  FALSE: " + ", ".join(f"{t}×{n}" for t, n in missed.most_common(40)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
