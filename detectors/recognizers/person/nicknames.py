"""Nicknames: 小 or 老 and a surname (小王, 老李), 小 or 阿 and a given-name character (小雨,
阿敏), a doubled given-name character (婷婷), found by the place they stand in, never by a list
of nicknames.

Theory of operation. A nickname has two parts, and each part is checked first (`nickname_shape`):
after 小 or 老, the second character is a surname and the pair no dictionary entry (老师, 老农,
小时 are words), or one of the frequent surnames (`FREQUENT_SURNAMES`) and the pair at most a rare
entry that is no verb (老王 is listed but rare; 小于 is a verb); or, after 小 or 阿, a character
that names do not avoid (`_given_like`) and the pair no dictionary entry at all (阿姨, 小心).
No dictionary word of three or four characters may start at it (老毛病, 小学生). The textbook
figures of word problems (小明) never count. A doubled name's character is frequent in given
names and the pair at most a rare entry (`doubled_shape`: 星星, 刚刚 are words). Then the place
decides (one clause per class of context in `nicknames`):

- a chat speaker: the nickname opens a line and a colon follows it, no name follows the colon,
  and another line opens with a name or a nickname and a colon (`chat_speaker`: a chat log, not
  a form key);
- a vocative: the nickname opens a line and a comma or an exclamation mark follows it, or it
  stands after 亲爱的 or @;
- a verb of calling before it (喊我, 叫他, 外号叫 …) and a boundary after it;
- a verb that takes a person before it (认识, 告诉, 提醒, 给 …) and punctuation, a particle or a
  verb of speaking or writing after it;
- next to another name: a nickname or a found name joined to it by 和 / 跟 / 与 / 、, or a
  class word before it (我们班, 同桌);
- the subject of a clause: it opens a line or a sentence and a time word or an adverb of
  habit follows (今天, 又, 总是 …);
- a role or kinship word right before it, or a pupil or parent word after it (`strongly_cued`:
  弟弟阿宝, 小王同学);
- a cell of a one-line list or seating plan whose other cells include a name.
"""

from __future__ import annotations

import re
import unicodedata

from detectors.models.name_model import LEX_FUNCTION, LEX_NAME, LEX_VERB, LEX_WORD
from detectors.models.name_tagger import Lexicon
from detectors.models.surnames import FREQUENT_SURNAMES, SINGLE_SURNAMES
from detectors.prefilter import gated
from detectors.recognizers.person.bare import _TEXTBOOK_NICKNAMES
from detectors.recognizers.person.cues import (
    _AFTER_NAME, _CJK, _FUNCTION_FIRST, _RIGHT_ROLE, cell_among_names, chat_speaker, line_start, strongly_cued,
)

__all__ = ["ANY_NICKNAME", "doubled_shape", "nickname_shape", "nicknames"]

_NICKNAME = re.compile(r"(?<![小阿老])[小阿老][\u4e00-\u9fff]")
_NICKNAME = gated(_NICKNAME)  # the same matches, tried only where one can start (`detectors.prefilter.gated`)
# A doubled given-name character (婷婷, 浩浩), not inside a longer run of the same character.
_DOUBLED = re.compile(r"([\u4e00-\u9fff])\1(?!\1)")
#: A text with a nickname candidate at all (the check is skipped otherwise).
ANY_NICKNAME = re.compile(r"[小阿老][\u4e00-\u9fff]|([\u4e00-\u9fff])\1")
# Punctuation that closes a phrase (the nickname ends there).
_CLOSERS = frozenset("，,。.！!？?；;：:、…~～）)」』\"'“”\n ")
# Verbs of calling: the name a person goes by follows them.
_CALLING = re.compile(r"(?:[喊叫称管](?:我|你|他|她|他们|她们|大家|我们)(?:叫|作|做)?|外号(?:叫|是)?|绰号(?:叫|是)?"
                      r"|小名(?:叫|是)?|昵称(?:叫|是)?|称呼(?:我|他|她)?(?:为)?)$")
# Verbs that take a person as their object.
_PERSON_VERBS = re.compile(
    r"(?:认识|告诉|通知|提醒|表扬|批评|问问|请教|喜欢|想念|羡慕|帮助|感谢|谢谢|恭喜|祝贺|陪着?|等等|给|让|请|帮)$"
)
# What may follow such an object: punctuation, a particle, or a verb of speaking or writing.
_AFTER_OBJECT = frozenset("写说讲打发带买做画寄送念读")
# Words that join two names.
_JOIN = frozenset("和跟与、")
# A class or seat word before a pupil's nickname.
_CLASS_WORD = re.compile(r"(?:我们班|咱们班|咱班|我班|班上的?|班里的?|同班的|隔壁班的?|同桌|后桌|前桌|室友|舍友)$")
# Time words and adverbs of habit that follow the subject of a clause.
_TIME_AFTER = re.compile(
    r"(?:今天|昨天|明天|前天|刚才|刚刚|早上|上午|中午|下午|晚上|最近|这次|上次|每天|总是|老是|经常|一直|又|已经)"
)
_SENTENCE_BREAK = frozenset("\n。！？!?；;")
# 小 or 阿 + a character: names do not avoid it (`Lexicon.given_bin` 6, just above neutral, since
# round nine: 阿芝, 小聆; 7 before).
_GIVEN_LIKE_MIN = 6
# A doubled pet name's character: given names do not avoid it (`Lexicon.given_bin` 5 = neutral).
_DOUBLED_GIVEN_MIN = 5
# Dictionary kinds a doubled pet name may also be (no entry, a noun, a name, a measure word: 朵朵).
_DOUBLED_KINDS = frozenset((0, LEX_WORD, LEX_NAME, LEX_FUNCTION))


def nickname_shape(norm: str, a: int, lex: Lexicon) -> bool:
    """norm[a:a+2] has a nickname's shape (see the module's docstring)."""
    prefix, ch = norm[a], norm[a + 1 : a + 2]
    if not ch or not _CJK.match(ch):
        return False
    pair = norm[a : a + 2]
    if pair in _TEXTBOOK_NICKNAMES:
        return False
    if any(lex.code(norm[a : a + n]) for n in (3, 4) if a + n <= len(norm)):
        return False  # 老毛病, 小学生, 老马识途: a longer word starts here
    code = lex.code(pair)
    if prefix in "小老" and ch in SINGLE_SURNAMES and (code == 0 or (
            ch in FREQUENT_SURNAMES and code % 8 <= 2 and code // 8 != LEX_VERB)):
        return True  # 老何, 小骆; 老王 is a rare dictionary entry, 小于 a verb, 老师 a frequent word
    return prefix in "小阿" and code == 0 and _given_like(ch, lex)


def doubled_shape(norm: str, a: int, lex: Lexicon) -> bool:
    """norm[a:a+2] is a doubled given name (婷婷, 浩浩) or a child's doubled pet name (豆豆, 果果,
    朵朵): no longer word starts at it, the character is not doubled again right before it, and
    either the character is frequent in given names (`Lexicon.given_bin`, log-likelihood ratio 1
    or more) and the pair at most a rare dictionary entry (星星, 宝宝, 刚刚, 天天 are words), or
    (round nine) names do not avoid the character (`given_bin` 5 or more: 豆, 果, 桃, 糖, 朵),
    it is no numeral, and the pair is no entry or a rare noun, name or measure word — not a
    rare verb or modifier (抱抱, 查查, 偷偷), which a place after a verb of giving would misread."""
    ch = norm[a]
    if ch in _FUNCTION_FIRST or ch in lex.function_chars or (a >= 1 and norm[a - 1] == ch):
        return False
    given = int(lex.given_bin[ord(ch)])
    if given < _DOUBLED_GIVEN_MIN:
        return False
    if any(lex.code(norm[a : a + n]) for n in (3, 4) if a + n <= len(norm)):
        return False
    code = lex.code(norm[a : a + 2])
    if code % 8 > 1:
        return False
    return given >= 8 or (code // 8 in _DOUBLED_KINDS and unicodedata.numeric(ch, -1.0) < 0)


def _given_like(ch: str, lex: Lexicon) -> bool:
    """`ch` may be a given name's character: no function character, and names do not avoid it
    (`Lexicon.given_bin` at least `_GIVEN_LIKE_MIN`), or it is unseen there and rare in running text."""
    if ch in _FUNCTION_FIRST or ch in lex.function_chars:
        return False
    g, r = int(lex.given_bin[ord(ch)]), int(lex.rarity_bin[ord(ch)])
    return g >= _GIVEN_LIKE_MIN or (g == 0 and (r == 0 or r >= 5))


def _ends_phrase(norm: str, b: int) -> bool:
    nxt = norm[b : b + 1]
    return not nxt or nxt in _CLOSERS or nxt in _AFTER_NAME or nxt in _FUNCTION_FIRST


def nicknames(norm: str, lex: Lexicon, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of the nicknames in `norm` that stand where a person is named; `found` holds
    the spans of the names already found (a nickname joined to one of them counts)."""
    shaped = sorted({m.start() for m in _NICKNAME.finditer(norm) if nickname_shape(norm, m.start(), lex)}
                    | {m.start() for m in _DOUBLED.finditer(norm) if doubled_shape(norm, m.start(), lex)})
    if not shaped:
        return []
    at = set(shaped)
    starts = {a for a, _b in found} | at
    ends = {b for _a, b in found} | {a + 2 for a in shaped}
    names = set(found) | {(a, a + 2) for a in shaped}
    out: list[tuple[int, int]] = []
    for a in shaped:
        b = a + 2
        before = norm[max(0, a - 8) : a]
        nxt = norm[b : b + 1]
        at_line_start = line_start(norm, a)
        if (
            chat_speaker(norm, a, b, names)
            or (at_line_start and nxt != "" and nxt in "，,！!")
            or (before.endswith(("亲爱的", "@")) and _ends_phrase(norm, b))
            or (_CALLING.search(before) is not None and _ends_phrase(norm, b))
            or (_PERSON_VERBS.search(before) is not None and (_ends_phrase(norm, b) or nxt in _AFTER_OBJECT))
            or (nxt in _JOIN and b + 1 in starts) or (a >= 1 and norm[a - 1] in _JOIN and a - 1 in ends)
            or _CLASS_WORD.search(before) is not None
            or ((at_line_start or (a >= 1 and norm[a - 1] in _SENTENCE_BREAK))
                and _TIME_AFTER.match(norm, b) is not None)
            or (strongly_cued(norm, a, b, lex) and (_ends_phrase(norm, b) or norm.startswith(_RIGHT_ROLE, b)))
            or cell_among_names(norm, a, b, starts - {a})
        ):
            out.append((a, b))
    return out
