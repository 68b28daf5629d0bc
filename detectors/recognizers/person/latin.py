"""Latin-script names in Chinese text: English given names in any case, names the
list lacks beside a found Chinese name, and an English list member as a cue."""

from __future__ import annotations

import re

from detectors.prefilter import gated
from detectors.recognizers.person.cues import (
    _CJK, _LEFT_CUES, _RIGHT_CUES, cell_among_names, chat_speaker, column_among_names,
)
from detectors.resources import Resources

__all__ = ["cased_english", "latin_neighbour", "unlisted_english"]

_LATIN_LEFT_CUES = _LEFT_CUES + (
    "叫", "my student", "student", "name is", "dear", "mr.", "ms.", "mrs.", "miss", "teacher", "my son",
    "my daughter", "pupil",
    # Round nine: an English self-introduction (Hello! I'm Amy): the speaker's own name.
    "i'm", "i am", "call me",
)

# Cues that name a pupil right before or after an English name the list lacks.
_PUPIL_CUES = ("学生", "同学", "我叫", "名叫", "叫做", "孩子", "儿子", "女儿", "同桌", "学员", "新同学", "转学生")
_PUPIL_RIGHT = ("同学", "的妈妈", "的爸爸", "的家长", "家长")
# What follows a name directly (学生Xavier的作业, 学生Xavier今天…), not a product (学生Excel表格).
_NAME_FOLLOWERS = frozenset("的今昨说在是和、，,。;；")
# A capitalised Latin word and a list separator right before a span, or after it.
_LATIN_MEMBER_BEFORE = re.compile(r"(?<![A-Za-z])([A-Z][a-z]{1,14}) ?(?:[、,&/;]| and |和|与) ?$")
_LATIN_MEMBER_AFTER = re.compile(r" ?(?:[、,&/;]| and |和|与) ?([A-Z][a-z]{1,14})(?![A-Za-z])")
# Round seven: a capitalised word that may be a given name the list lacks (`unlisted_english`),
# the list links around it, and an English self-introduction before it.
_CAPITALISED = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{2,11}(?![A-Za-z])")
_CAPITALISED = gated(_CAPITALISED)  # the same matches, tried only where one can start (`detectors.prefilter.gated`)
_LIST_LINK_AFTER = re.compile(r" ?(?:[、,&/;]| and |和|与) ?")
_LIST_LINK_BEFORE = re.compile(r" ?(?:[、,&/;]| and |和|与) ?$")
_SELF_INTRO = re.compile(r"(?i:my name is|i'm|i am|call me) $")
# A run of Latin letters (a word), not inside a longer one.
_LATIN_TOKEN = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,15}(?![A-Za-z])")
_LATIN_TOKEN = gated(_LATIN_TOKEN)  # the same matches, tried only where one can start (`detectors.prefilter.gated`)


def latin_neighbour(norm: str, start: int, end: int, english_given: frozenset[str]) -> bool:
    """An English given name of the list (`english_given`) is the member right before or after
    norm[start:end] in a list (参赛名单：Judy、|X, this week: Max, |X)."""
    m = _LATIN_MEMBER_BEFORE.search(norm, max(0, start - 24), start)
    if m is None:
        m = _LATIN_MEMBER_AFTER.match(norm, end)
    return m is not None and m.group(1) in english_given


def cased_english(norm: str, seen: set[tuple[int, int]], res: Resources) -> list[tuple[int, int, float, str]]:
    """English given names of pupils in a Chinese text, written in ways the list
    lookup of `Resources.latin_names_in` misses: in capitals or in lower case
    (EMILY, emily) where a person cue stands right before or after them and the
    capitalised form is in the English given-name list; or a capitalised word the
    list does not hold (a rarer name) between a Chinese pupil word and a particle
    (学生Xavier的作业) or before 同学 / 的妈妈 (Xavier同学)."""
    out: list[tuple[int, int, float, str]] = []
    for m in _LATIN_TOKEN.finditer(norm):
        word = m.group()
        if (m.start(), m.end()) in seen or word.capitalize() in res.allow_names:
            continue
        before = norm[max(0, m.start() - 8) : m.start()].lower().rstrip(" :：,，")
        cued = before.endswith(_LEFT_CUES) or norm.startswith(_RIGHT_CUES, m.end())
        if not cued:
            continue
        if word[0].isupper() and word[1:].islower():
            # The capitalised form of a listed name is `latin_names_in`'s; an unlisted one
            # counts only with Chinese right before and after it (not in English prose).
            nxt = norm[m.end() : m.end() + 1]
            if word not in res.english_given and len(word) >= 3 and (
                    (nxt in _NAME_FOLLOWERS and _CJK.match(norm[m.start() - 1 : m.start()] or " ")
                     and before.endswith(_PUPIL_CUES))
                    or norm.startswith(_PUPIL_RIGHT, m.end())):
                out.append((m.start(), m.end(), 0.7, "latin"))
            continue
        if word.capitalize() in res.english_given:
            out.append((m.start(), m.end(), 0.75, "latin"))
    return out


def unlisted_english(norm: str, spans: list[tuple[int, int, float, str]], res: Resources) -> list[tuple[int, int, float, str]]:
    """English given names the list lacks (Joy, Mark, Sunny are words too), in a text
    that names a Chinese person (round seven): a capitalised word written as a member
    of a list beside a found name (Group B：Joy、X, Partners: Joy and X), in brackets
    right after one (X（Joy）), or after an English self-introduction (my name is Joy); and since
    round eight, as a chat line's speaker in a chat log (Joy：我会) or as a cell of a one-line list or
    seating plan beside a found name (X  Joy  Y); since round nine, as a cell of a comma- or
    tab-separated table whose column holds a found name in another row (1,X,128 / 3,Joy,109)."""
    out: list[tuple[int, int, float, str]] = []
    taken = {(a, b) for a, b, _sc, _src in spans}
    starts = {a for a, _b, _sc, src in spans if src == "model"}
    ends = {b for _a, b, _sc, src in spans if src == "model"}
    names = {(a, b) for a, b, _sc, _src in spans}
    for m in _CAPITALISED.finditer(norm):
        a, b = m.start(), m.end()
        if (a, b) in taken or m.group() in res.allow_names:
            continue
        after = _LIST_LINK_AFTER.match(norm, b)
        before = _LIST_LINK_BEFORE.search(norm, max(0, a - 6), a)
        bracket = a >= 1 and norm[a - 1] in "(（" and b < len(norm) and norm[b] in ")）" and a - 1 in ends
        intro = _SELF_INTRO.search(norm, max(0, a - 14), a) is not None
        speaker = chat_speaker(norm, a, b, names)
        if (after is not None and after.end() in starts) or (before is not None and before.start() in ends) \
                or bracket or intro or speaker or cell_among_names(norm, a, b, starts) \
                or column_among_names(norm, a, b, starts):
            out.append((a, b, 0.7, "latin"))
    return out
