"""Pupils named by a given name or a nickname alone, where the wording says a pupil
is meant (round seven); names that are dictionary entries, right after a role word (round eight);
the members of a list of homes (round nine)."""

from __future__ import annotations

import re

from detectors.models.name_model import LEX_NAME, LEX_PLACE, WORD_KINDS
from detectors.models.name_tagger import Lexicon
from detectors.models.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES, TITLES
from detectors.recognizers.person.cues import _AFTER_NAME, _CJK, _FUNCTION_FIRST, _GROUP_WORDS, _ROLE_RUN

__all__ = ["ANY_HOME", "bare_given", "bare_like", "homes", "word_names"]

# Round seven: a bare given name or a nickname before a pupil or parent word (group 2), or
# after 请 / 让 / 叫 / 给 before a function character or punctuation (group 3).
_BARE_RIGHT = "同学(?![们会])|的妈妈|的爸爸|的家长|妈妈|爸爸|家长(?![会群])|小朋友"
_BARE_CONTEXT = re.compile(
    rf"([\u4e00-\u9fff]{{2}})(?:({_BARE_RIGHT}))|(?<=[请让叫给])([\u4e00-\u9fff]{{2}})(?=[把去来到在的和也都就先今明,.!?;:，。！？；：、]|$)"
)
# The stock characters of textbook word problems (小明有5个苹果): fictional, like 李华.
_TEXTBOOK_NICKNAMES = frozenset("小明 小红 小刚 小华 小丽 小强 小芳 小军 小亮 小兰 小东 小林".split())
# What may stand before a bare name that 同学 follows (a boundary or a verb that takes a person).
_BARE_BEFORE = frozenset("请让叫给和跟与对把被由找问是的")


def bare_given(norm: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Pupils named by their given name or a nickname alone (round seven), where the
    wording says a pupil is meant: two name-like characters (`bare_like`, no dictionary
    word) right before 同学 or a parent word (浩轩同学, 子轩的妈妈), or between 请 / 让 / 叫 /
    给 and a function character or punctuation (请浩轩把作业交上来); a nickname 小X or 阿X
    (X name-like, 小X no ordinary word) before 同学 or a parent word (小雨的妈妈)."""
    out: list[tuple[int, int]] = []
    code = lex.code
    for m in _BARE_CONTEXT.finditer(norm):
        group = 1 if m.group(1) is not None else 3
        a, b = m.start(group), m.end(group)
        name = m.group(group)
        if m.group(2) is not None and norm[a - 1 : a] and _CJK.match(norm[a - 1]) \
                and norm[a - 1] not in _BARE_BEFORE:
            continue  # 同学 after a longer phrase (其他班同学): the run's start is unknown
        if name[0] in "小阿":
            if name in _TEXTBOOK_NICKNAMES or not bare_like(name[1], lex) or code(name) // 8 in WORD_KINDS or m.group(2) is None:
                continue
        elif code(name) or not all(bare_like(ch, lex) for ch in name) or name in _GROUP_WORDS:
            continue
        out.append((a, b))
    return out


def bare_like(ch: str, lex: Lexicon) -> bool:
    """`ch` reads as a given name's character: a log-likelihood ratio of 1 or more in
    given names (`Lexicon.given_bin`), or unseen there and rare in running text."""
    if ch in _FUNCTION_FIRST or ch in lex.function_chars:
        return False
    g, r = int(lex.given_bin[ord(ch)]), int(lex.rarity_bin[ord(ch)])
    return g >= 8 or (g == 0 and (r == 0 or r >= 7))


# What ends a form field's value: the line, a space or a bracket.
_FIELD_ENDS = frozenset("\n\t (（[【")


def word_names(norm: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Names that are dictionary entries themselves (洪亮, 宋词, 金城: jieba lists them as names
    or places), which the tagger scores too low even beside a cue: two or three characters
    right after a role word (`_ROLE_RUN`: 家长, 组长, 学生：), starting with a character that is
    likely a surname (not `Lexicon.weak_surname`: 同, 成 are not) or a compound surname, whose
    entry is tagged a name (not ending in a particle: 帅呆了), or a place that is a form field's
    whole value (after the key's colon, before the line's end, a space or a bracket:
    持卡人：金城（…）; 代表北京《…》 is no field). A name tagged entry ends at a particle or a function
    character too (家长洪亮说). Titles (阿姨) and group words are no names."""
    out: list[tuple[int, int]] = []
    for m in _ROLE_RUN.finditer(norm):
        at = m.start(1)
        if lex.weak_surname[ord(norm[at])] and norm[at : at + 2] not in COMPOUND_SURNAMES:
            continue
        for k in (3, 2):
            end = at + k
            if end > len(norm) or not _CJK.fullmatch(norm[end - 1]):
                continue
            kind = lex.code(norm[at:end]) // 8
            nxt = norm[end : end + 1]
            field_end = norm[at - 1] in ":：" and (not nxt or nxt in _FIELD_ENDS)
            if norm[end - 2 : end] in TITLES or norm[at:end] in _GROUP_WORDS \
                    or norm[end - 1] in _AFTER_NAME or norm[end - 1] in _FUNCTION_FIRST:
                continue  # a title (阿姨), a group, or an entry that ends in a particle (帅呆了)
            if (kind == LEX_NAME and (field_end or nxt in _AFTER_NAME or nxt in _FUNCTION_FIRST)) \
                    or (kind == LEX_PLACE and field_end):
                out.append((at, end))
                break
    return out


# Round nine: a list of homes (接送：第一车 X家、Y家；第二车 Z家): members of two to four Chinese
# characters and 家, parted by list separators; the tagger reads 家 after a name as part of a
# family's name (王家) and scores these names far below its threshold.
_HOME_MEMBER = re.compile(r"(?:^|(?<=[\s、，,；;：:]))([\u4e00-\u9fff]{2,4})家(?=[、，,；;。\n]|$)")
#: A text with two homes in a row at all (the check is skipped otherwise).
ANY_HOME = re.compile(r"家[、，,；;]")


def homes(norm: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names in a list of homes: a line with two members or more, each a
    run before 家; a run counts when it opens with a surname (or a compound one), names do not
    avoid its given characters (`_not_avoided`), and neither the run
    nor the run and 家 is a dictionary entry (文学家, 老人家, 企业家 are words)."""
    out: list[tuple[int, int]] = []
    by_line: dict[int, list[tuple[int, int]]] = {}
    for m in _HOME_MEMBER.finditer(norm):
        by_line.setdefault(norm.count("\n", 0, m.start()), []).append((m.start(1), m.end(1)))
    for members in by_line.values():
        if len(members) < 2:
            continue
        for a, b in members:
            name = norm[a:b]
            given = name[2:] if name[:2] in COMPOUND_SURNAMES else name[1:]
            if (name[0] in SINGLE_SURNAMES or name[:2] in COMPOUND_SURNAMES) and given \
                    and not lex.code(name) and not lex.code(norm[a : b + 1]) \
                    and all(_not_avoided(ch, lex) for ch in given):
                out.append((a, b))
    return out


def _not_avoided(ch: str, lex: Lexicon) -> bool:
    """`ch` may stand in a given name: no function character, and given names do not avoid it
    (`Lexicon.given_bin` neutral or better) or it is unseen there."""
    if ch in _FUNCTION_FIRST or ch in lex.function_chars or not _CJK.match(ch):
        return False
    g = int(lex.given_bin[ord(ch)])
    return g == 0 or g >= 5
