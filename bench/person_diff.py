"""Differential check of the PERSON detector: dump its findings (and the name
tagger's candidates and feature rows) on every evaluation text to a file, and
compare two dumps, so a speed-up can be shown to leave the output unchanged.

    PYTHONPATH=<old checkout> python -m bench.person_diff dump old.json
    PYTHONPATH=<new checkout> python -m bench.person_diff dump new.json
    python -m bench.person_diff compare old.json new.json

The texts: the eval sets (MultiPriv, Resume, CLUENER, Weibo, People's Daily;
every split present), the negatives, the school corpus train/tune/test splits
and the load bench's prompts. Only digests and offsets are written, never text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from bench.evaldata import (
    EvalDataError, load_cluener, load_multipriv, load_negatives, load_peoples_daily, load_resume, load_weibo,
    resolve_eval_dir,
)
from bench.load import prompt
from bench.schoolcorpus import generate

__all__ = ["main"]


def texts(eval_dir: Path) -> Iterator[tuple[str, str]]:
    """(set name, text) for every text the comparison covers."""
    yield from (("multipriv", s.text) for s in load_multipriv(eval_dir))
    for split in ("train", "dev", "test"):
        for name, loader in (("resume", load_resume), ("cluener", load_cluener), ("weibo", load_weibo)):
            try:
                samples = loader(eval_dir, None, split)
            except (EvalDataError, OSError, KeyError):
                continue
            yield from ((f"{name}_{split}", s.text) for s in samples)
    yield from (("peoples_daily", s.text) for s in load_peoples_daily(eval_dir))
    yield from (("negatives", s.text) for s in load_negatives(eval_dir, ("PERSON",)))
    for split, n in (("train", 8000), ("tune", 1500), ("test", 2000)):
        yield from ((f"school_{split}", s.text) for s in generate(split, n))
    yield from (("load_prompt", prompt(i, salt)) for salt in (7, 11) for i in range(200))


def dump(eval_dir: Path, out: Path) -> int:
    from detectors import build_scanner
    from detectors.models.name_tagger import candidates, featurize
    from detectors.resources import load_resources
    from detectors.text import ScanText

    person = next(d for d in build_scanner().detectors if d.name == "person")
    tagger = load_resources().name_tagger
    if tagger is None:
        raise SystemExit("the name tagger did not load")
    rows: list[list[object]] = []
    for name, text in texts(eval_dir):
        scan = ScanText(text)
        found = [[f.start, f.end, f.score, f.metadata] for f in person.detect(scan)]
        cp, s, ln = candidates(scan.norm, tagger.lexicon)
        digest = hashlib.sha256(
            s.astype("<i8").tobytes() + ln.astype("<i8").tobytes()
            + featurize(cp, s, ln, tagger.lexicon).astype("<u8").tobytes()
        ).hexdigest()[:16]
        rows.append([name, hashlib.sha256(text.encode()).hexdigest()[:16], found, digest])
    out.write_text(json.dumps(rows), encoding="utf-8")
    print(f"{len(rows)} texts dumped to {out}")
    return 0


def compare(a: Path, b: Path) -> int:
    old = json.loads(a.read_text(encoding="utf-8"))
    new = json.loads(b.read_text(encoding="utf-8"))
    if len(old) != len(new):
        print(f"different text counts: {len(old)} vs {len(new)}")
        return 1
    per_set: dict[str, list[int]] = {}
    for (name, h1, f1, d1), (_n, h2, f2, d2) in zip(old, new):
        counts = per_set.setdefault(name, [0, 0, 0])
        counts[0] += 1
        counts[1] += h1 != h2 or f1 != f2
        counts[2] += d1 != d2
    for name, (n, diff_findings, diff_features) in per_set.items():
        print(f"{name:16} {n:6} texts  {diff_findings} differ in findings  {diff_features} in candidate features")
    total = sum(c[0] for c in per_set.values())
    bad = sum(c[1] + c[2] for c in per_set.values())
    print(f"total {total} texts compared, {bad} differences")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.person_diff", description=__doc__.split("\n")[0] if __doc__ else None)
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--eval-dir")
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = p.parse_args(argv)
    if args.cmd == "dump":
        return dump(resolve_eval_dir(args.eval_dir), args.out)
    return compare(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
