"""Loading the read-only evaluation sets (../shared/eval) into labelled samples.

Owns the dataset formats and the mapping of their labels to our entity types.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "EvalDataError",
    "Span",
    "SpanBuilder",
    "Sample",
    "PROJECT_ROOT",
    "default_eval_dir",
    "resolve_eval_dir",
    "parse_bmes",
    "load_multipriv",
    "load_resume",
    "load_cluener",
    "load_negatives",
    "load_weibo",
    "load_peoples_daily",
    "MULTIPRIV_LABELS",
    "CLUENER_PLACE",
    "SCHOOL_SUFFIXES",
]

#: The project root is the parent of the `bench/` package directory.
PROJECT_ROOT: Path = Path(__file__).resolve().parent.parent

#: MultiPriv label -> our entity type.
MULTIPRIV_LABELS: dict[str, str] = {
    "NAME": "PERSON",
    "ADDRESS": "ADDRESS",
    "EMAIL": "EMAIL_ADDRESS",
    "PHONE": "PHONE_NUMBER",
    "ID_CARD": "CN_RESIDENT_ID",
}

#: Pseudo-entity for CLUENER `address` mentions (bare place names): a probe
#: that should mostly *not* be covered by ADDRESS findings; never scored for P/R.
CLUENER_PLACE = "CLUENER_PLACE"

#: CLUENER organisation-like mentions ending like this are schools (SCHOOL probe).
SCHOOL_SUFFIXES: tuple[str, ...] = ("小学", "中学", "学校", "幼儿园", "附中")
_CLUENER_ORG_TYPES = ("organization", "government", "company")


class EvalDataError(Exception):
    """The evaluation data is missing or not in the documented format."""


@dataclass(frozen=True, slots=True)
class Span:
    """A gold span: `end` exclusive; `tag` is an optional sub-category (e.g. checksum)."""

    entity: str
    start: int
    end: int
    text: str
    tag: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start


class SpanBuilder:
    """Text with gold spans appended as it grows (the generated tables and shapes)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[Span] = []

    def add(self, s: str, entity: str | None = None) -> None:
        if entity is not None and s:
            self.spans.append(Span(entity, self.length, self.length + len(s), s))
        self.parts.append(s)
        self.length += len(s)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass(frozen=True, slots=True)
class Sample:
    """One text with its gold spans. `labelled` lists the entity types that are
    exhaustively labelled in it, i.e. the only types scored for precision/recall;
    spans of other types (probes) are only used for recall-style counts."""

    dataset: str
    key: str
    text: str
    spans: tuple[Span, ...] = ()
    labelled: frozenset[str] = field(default_factory=frozenset)
    kind: str = ""


def default_eval_dir() -> Path:
    return PROJECT_ROOT.parent / "shared" / "eval"


def resolve_eval_dir(path: str | Path | None) -> Path:
    """The evaluation directory, or `EvalDataError` with a clear message."""
    eval_dir = Path(path) if path is not None else default_eval_dir()
    if not eval_dir.is_dir():
        raise EvalDataError(
            f"evaluation data directory not found: {eval_dir} "
            "(expected the shared read-only set at <project root>/../shared/eval; "
            "pass --eval-dir DIR)"
        )
    return eval_dir.resolve()


def _need(path: Path) -> Path:
    if not path.is_file():
        raise EvalDataError(f"evaluation file missing: {path}")
    return path


def _json_lines(path: Path) -> Iterator[dict[str, Any]]:
    with _need(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalDataError(f"{path}:{lineno}: not JSON: {exc}") from exc


def _take(items: Iterable[Sample], limit: int | None) -> list[Sample]:
    out: list[Sample] = []
    for item in items:
        if limit is not None and len(out) >= limit:
            break
        out.append(item)
    return out


def _id_checksum_tag(value: str) -> str:
    """'checksum_ok' / 'checksum_bad' for an 18-character PRC resident ID (GB 11643)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    v = value.strip().upper()
    if len(v) != 18 or not v[:17].isdigit():
        return "checksum_bad"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(v[:17], weights)) % 11]
    return "checksum_ok" if v[17] == check else "checksum_bad"


# --------------------------------------------------------------------------- MultiPriv


def load_multipriv(eval_dir: Path, limit: int | None = None) -> list[Sample]:
    """`pii/multipriv_dev.jsonl`; IDs are tagged checksum_ok / checksum_bad."""
    path = eval_dir / "pii" / "multipriv_dev.jsonl"

    def gen() -> Iterator[Sample]:
        for rec in _json_lines(path):
            text: str = rec["text"]
            spans: list[Span] = []
            for ent in rec.get("entities", []):
                entity = MULTIPRIV_LABELS.get(ent["label"])
                if entity is None:
                    continue
                start, end = int(ent["start"]), int(ent["end"])
                if text[start:end] != ent["text"]:
                    raise EvalDataError(f"{path}: idx {rec.get('idx')}: span text mismatch")
                tag = _id_checksum_tag(ent["text"]) if entity == "CN_RESIDENT_ID" else ""
                spans.append(Span(entity, start, end, ent["text"], tag))
            yield Sample(
                dataset="multipriv",
                key=str(rec.get("idx", "")),
                text=text,
                spans=tuple(spans),
                labelled=frozenset(MULTIPRIV_LABELS.values()),
            )

    return _take(gen(), limit)


# --------------------------------------------------------------------------- Resume (BMES)


def parse_bmes(lines: Iterable[str]) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """Parse one-character-per-line BMES data into (sentence, [(label, start, end_excl)]).

    Blank lines separate sentences. A B- without a closing E- (or a stray M-/E-)
    is closed at the point where the chain breaks, so malformed tags never crash.
    """
    sentences: list[tuple[str, list[tuple[str, int, int]]]] = []
    chars: list[str] = []
    spans: list[tuple[str, int, int]] = []
    open_label: str | None = None
    open_start = 0

    def close(at: int) -> None:
        nonlocal open_label
        if open_label is not None:
            spans.append((open_label, open_start, at))
            open_label = None

    def flush() -> None:
        nonlocal chars, spans
        close(len(chars))
        if chars:
            sentences.append(("".join(chars), spans))
        chars, spans = [], []

    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            flush()
            continue
        # The character itself may be a space-like symbol; the tag is the last field.
        char, _, tag = line.rpartition(" ")
        if not char:
            char, tag = line[:1], line[1:].strip() or "O"
        char = char[:1]
        pos = len(chars)
        chars.append(char)
        prefix, _, label = tag.partition("-")
        if prefix == "B" or (prefix in ("M", "E") and open_label != label):
            close(pos)
            open_label, open_start = label, pos
            if prefix == "E":
                close(pos + 1)
        elif prefix == "M":
            pass
        elif prefix == "E":
            close(pos + 1)
        elif prefix == "S":
            close(pos)
            spans.append((label, pos, pos + 1))
        else:
            close(pos)
    flush()
    return sentences


def load_resume(eval_dir: Path, limit: int | None = None, split: str = "dev") -> list[Sample]:
    """`ner/resume/{split}.char.bmes`, NAME -> PERSON."""
    path = _need(eval_dir / "ner" / "resume" / f"{split}.char.bmes")
    with path.open(encoding="utf-8") as fh:
        sentences = parse_bmes(fh)

    def gen() -> Iterator[Sample]:
        for i, (text, spans) in enumerate(sentences):
            gold = tuple(
                Span("PERSON", s, e, text[s:e]) for label, s, e in spans if label == "NAME"
            )
            yield Sample("resume", str(i), text, gold, frozenset({"PERSON"}))

    return _take(gen(), limit)


# --------------------------------------------------------------------------- CLUENER


def load_cluener(eval_dir: Path, limit: int | None = None, split: str = "dev") -> list[Sample]:
    """`ner/cluener/{split}.json`: name -> PERSON (scored); `address` mentions as
    CLUENER_PLACE probes and school-like organisation mentions as SCHOOL probes."""
    path = eval_dir / "ner" / "cluener" / f"{split}.json"

    def gen() -> Iterator[Sample]:
        for i, rec in enumerate(_json_lines(path)):
            text: str = rec["text"]
            spans: list[Span] = []
            for ctype, mentions in rec.get("label", {}).items():
                if ctype == "name":
                    entity: str | None = "PERSON"
                elif ctype == "address":
                    entity = CLUENER_PLACE
                elif ctype in _CLUENER_ORG_TYPES:
                    entity = "SCHOOL"
                else:
                    entity = None
                if entity is None:
                    continue
                for mention, positions in mentions.items():
                    if entity == "SCHOOL" and not mention.endswith(SCHOOL_SUFFIXES):
                        continue
                    for start, end_incl in positions:
                        spans.append(Span(entity, start, end_incl + 1, mention))
            spans.sort(key=lambda s: (s.start, s.end))
            yield Sample("cluener", str(i), text, tuple(spans), frozenset({"PERSON"}))

    return _take(gen(), limit)


# --------------------------------------------------------------------------- Weibo, People's Daily (BIO)


def _bio_sentences(path: Path, tag_of: Iterable[str]) -> list[tuple[str, list[tuple[int, int]]]]:
    """One character per line, tag last, blank lines between texts; spans of the
    B-/I- chains whose label is in `tag_of`."""
    wanted = frozenset(tag_of)
    out: list[tuple[str, list[tuple[int, int]]]] = []
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    start: int | None = None

    def close(at: int) -> None:
        nonlocal start
        if start is not None:
            spans.append((start, at))
            start = None

    with _need(path).open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            if not line.strip():
                close(len(chars))
                if chars:
                    out.append(("".join(chars), spans))
                chars, spans = [], []
                continue
            fields = line.split()
            char = line[:1] if len(fields) < 2 else fields[0][:1]
            tag = fields[-1] if len(fields) >= 2 else "O"
            prefix, _, label = tag.partition("-")
            pos = len(chars)
            chars.append(char)
            if prefix == "B" or (prefix == "I" and start is None and label in wanted):
                close(pos)
                if label in wanted:
                    start = pos
            elif prefix != "I" or label not in wanted:
                close(pos)
    close(len(chars))
    if chars:
        out.append(("".join(chars), spans))
    return out


def load_weibo(eval_dir: Path, limit: int | None = None, split: str = "dev") -> list[Sample]:
    """`ner/weibo/{split}.conll` (informal posts): PER.NAM -> PERSON (PER.NOM such
    as 老师 is not a name)."""
    sentences = _bio_sentences(eval_dir / "ner" / "weibo" / f"{split}.conll", ("PER.NAM",))
    return _take((Sample(f"weibo_{split}", str(i), t, tuple(Span("PERSON", s, e, t[s:e]) for s, e in sp),
                         frozenset({"PERSON"})) for i, (t, sp) in enumerate(sentences)), limit)


def load_peoples_daily(eval_dir: Path, limit: int | None = None) -> list[Sample]:
    """`ner/peoples_daily/dev.bio` (news, 1998): PER -> PERSON."""
    sentences = _bio_sentences(eval_dir / "ner" / "peoples_daily" / "dev.bio", ("PER",))
    return _take((Sample("peoples_daily", str(i), t, tuple(Span("PERSON", s, e, t[s:e]) for s, e in sp),
                         frozenset({"PERSON"})) for i, (t, sp) in enumerate(sentences)), limit)


# --------------------------------------------------------------------------- negatives


def load_negatives(
    eval_dir: Path, entity_types: Iterable[str], limit: int | None = None
) -> list[Sample]:
    """Alpaca-zh demo (instruction + "\\n" + input) and BELLE seed tasks
    (instruction + "\\n" + each instance's input); every type counts as labelled."""
    labelled = frozenset(entity_types)
    alpaca_path = _need(eval_dir / "negatives" / "alpaca_zh_demo.json")
    try:
        alpaca = json.loads(alpaca_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise EvalDataError(f"{alpaca_path}: not JSON: {exc}") from exc

    def join(instruction: str, inp: str) -> str:
        return instruction + "\n" + inp if inp else instruction

    def alpaca_gen() -> Iterator[Sample]:
        for i, rec in enumerate(alpaca):
            text = join(rec.get("instruction", ""), rec.get("input", ""))
            yield Sample("alpaca_zh", str(i), text, (), labelled)

    def belle_gen() -> Iterator[Sample]:
        for rec in _json_lines(eval_dir / "negatives" / "belle_zh_seed_tasks.json"):
            for j, inst in enumerate(rec.get("instances", [])):
                text = join(rec.get("instruction", ""), inst.get("input", ""))
                yield Sample("belle_zh", f"{rec.get('id', '')}/{j}", text, (), labelled)

    return _take(alpaca_gen(), limit) + _take(belle_gen(), limit)
