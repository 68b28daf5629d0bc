"""Keyword detectors for the special categories, on one Aho-Corasick automaton each.

A term is reported only when a subject cue (他/她/该生/孩子/我…) or a person
finding stands near it; "如何缓解焦虑" is a study question, "她最近很焦虑" is
about someone. The engine makes the person link (see `detectors.engine`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

import ahocorasick

from detectors.base import Finding, finding_at
from detectors.text import ScanText

__all__ = ["KeywordDetector", "SUBJECT_CUES"]

#: Words that make a sensitive term about a particular person.
SUBJECT_CUES: tuple[str, ...] = (
    "他", "她", "该生", "此生", "孩子", "小孩", "儿子", "女儿", "学生", "同学", "本人", "我", "家长",
    "父亲", "母亲", "爸爸", "妈妈", "患者", "病人", "这位", "那位", "其", "老师",
)
_CUE_WINDOW = 12


class KeywordDetector:
    """Base for term-list detectors; subclasses set `name`, `entity` and `TERMS`."""

    name: ClassVar[str] = ""
    entity: ClassVar[str] = ""
    entities: ClassVar[tuple[str, ...]] = ()
    TERMS: ClassVar[tuple[str, ...]] = ()
    SCORE: ClassVar[float] = 0.7

    def __init__(self) -> None:
        automaton = ahocorasick.Automaton()
        for term in self.TERMS:
            automaton.add_word(term.lower(), len(term))
        automaton.make_automaton()
        self._automaton = automaton
        self._any_term = _any_of(term.lower() for term in self.TERMS)

    def detect(self, text: ScanText) -> list[Finding]:
        norm = text.norm
        lowered = text.lowered
        # Most texts hold none of the terms: one regex search says so at a third of the
        # automaton's cost (it walks every character in Python-visible steps of ~30 ns).
        if self._any_term.search(lowered) is None:
            return []
        hits: list[tuple[int, int]] = []
        for end_index, length in self._automaton.iter(lowered):
            start, end = end_index - length + 1, end_index + 1
            if hits and start < hits[-1][1]:
                if end - start > hits[-1][1] - hits[-1][0] and start <= hits[-1][0]:
                    hits[-1] = (start, end)
                continue
            hits.append((start, end))
        out: list[Finding] = []
        for start, end in hits:
            window = norm[max(0, start - _CUE_WINDOW) : end + _CUE_WINDOW]
            cue = "subject" if any(c in window for c in SUBJECT_CUES) else "none"
            out.append(
                finding_at(text, start, end, entity=self.entity, score=self.SCORE, detector=self.name,
                           metadata=(("subject", cue),))
            )
        return out


def _any_of(terms: Iterable[str]) -> re.Pattern[str]:
    """A pattern that matches where any of `terms` starts, written as a trie by first
    character (抑(?:郁症|郁)|焦(?:…)): `re` skips in C to a possible first character and
    tries one branch there. It finds a match exactly when one of the terms occurs."""
    by_first: dict[str, set[str]] = {}
    for term in terms:
        if term:
            by_first.setdefault(term[0], set()).add(term[1:])
    if not by_first:
        return re.compile(r"(?!)")
    branches = []
    for first, rests in sorted(by_first.items()):
        tails = sorted(rests, key=lambda r: (-len(r), r))
        branches.append(re.escape(first) + "(?:" + "|".join(re.escape(r) for r in tails) + ")")
    return re.compile("|".join(branches))
