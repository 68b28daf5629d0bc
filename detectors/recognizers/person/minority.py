"""Names the tagger has no candidate for: dotted Uyghur and Kazakh names, Tibetan and
Mongolian name elements, Yi, Dai and undotted Uyghur names, and names without a
surname after a role word or in a list (`detectors.models.minority_names`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from detectors.models.minority_names import NAME_ELEMENTS, UYGHUR_SYLLABLES, YI_CLANS
from detectors.models.name_model import LEX_NAME, WORD_KINDS
from detectors.models.name_tagger import Lexicon
from detectors.models.surnames import SINGLE_SURNAMES
from detectors.prefilter import gated
from detectors.recognizers.person.cues import (
    _AFTER_NAME, _BEFORE_NAME, _CJK, _FUNCTION_FIRST, _KIN, _MEMBER_SEPS, _RIGHT_ROLE, _ROLE_RUN, _WORDISH,
)

__all__ = ["dai_name", "dotted_extent", "name_run", "surnameless", "word_inside"]

# Uyghur, Kazakh and other transliterated names: given name · father's name. The
# runs of Chinese characters on either side are cut to the name by
# `dotted_extent` (学生|热依拉·托合提|参加了比赛).
# The dot is typed in many ways: the middle dot, a bullet, the katakana middle dot a
# phone keyboard gives (・), the hyphenation point (‧), the bullet operators (∙ ⋅), or
# a full stop between two runs of Chinese characters (迪丽努尔.艾力, after NFKC also ．).
_DOT_CHARS = "·•・‧∙⋅"
_DOT_NAME = re.compile(rf"[\u4e00-\u9fff]{{2,}}(?:[{_DOT_CHARS}]|\.(?=[\u4e00-\u9fff]))[\u4e00-\u9fff]{{2,}}")
_ANY_DOT = re.compile(rf"[{_DOT_CHARS}]|(?<=[\u4e00-\u9fff])\.(?=[\u4e00-\u9fff])")
_ANY_DOT = gated(_ANY_DOT)  # the same matches, tried only where one can start (`detectors.prefilter.gated`)
_DOT_IN_RUN = re.compile(rf"[{_DOT_CHARS}.]")
_DOTS = frozenset(_DOT_CHARS)


def _dot_at(norm: str, i: int) -> bool:
    """A name's dot stands at `i` (a full stop only between Chinese characters)."""
    if i < 0 or i >= len(norm):
        return False
    ch = norm[i]
    return ch in _DOTS or (ch == "." and 0 < i < len(norm) - 1 and "\u4e00" <= norm[i - 1] <= "\u9fff"
                           and "\u4e00" <= norm[i + 1] <= "\u9fff")


# One or two name elements of a surname-less Tibetan or Mongolian name
# (`detectors.models.minority_names`), not inside a longer run of elements.
_ELEMENTS_ALT = "|".join(sorted(NAME_ELEMENTS, key=len, reverse=True))
_ELEMENT_RUN = re.compile(f"({_ELEMENTS_ALT})({_ELEMENTS_ALT})?")
_ANY_ELEMENT = re.compile(_ELEMENTS_ALT)
# A Dai boy's name: 岩 (Ai) and one character (`dai_name` decides).
_DAI_NAME = re.compile(r"岩[\u4e00-\u9fff]")
# A Uyghur or Kazakh name written without its dot: five or more transcription characters in a row.
_UYGHUR_RUN = re.compile("[" + "".join(sorted(UYGHUR_SYLLABLES)) + "]{5,12}")
# A Yi clan name and a two-character given name (`YI_CLANS`), not inside a longer run.
_YI_NAME = re.compile("(?:" + "|".join(sorted(YI_CLANS)) + r")[\u4e00-\u9fff]{2}")


def _element_tail(norm: str, end: int) -> int:
    """End of a name of name elements ending at `end`, taking one more Chinese
    character (阿拉坦|仓) when a boundary follows it (the text's end, a character
    that is not Chinese, a particle) and it is no particle or function word itself."""
    nxt = norm[end : end + 1]
    after = norm[end + 1 : end + 2]
    if nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in _AFTER_NAME and nxt not in _FUNCTION_FIRST \
            and (not after or not "\u4e00" <= after <= "\u9fff" or after in _AFTER_NAME):
        return end + 1
    return end


_CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# A list separator after a found name: the next member may be a surname-less name.
_LIST_SEPS_AFTER = frozenset("、,，;；/| \t")

#: Mean per-character evidence (log-likelihood ratio, given name or transliteration)
#: a surname-less run needs.
_NAME_LIKE = 0.5
#: ... and a two-character one, which an ordinary phrase (家长|群里|说) matches more often.
_NAME_LIKE_2 = 2.0


def _name_like(lex: Lexicon, name: str, level: float) -> bool:
    """The characters of `name` read as a given name or a transliteration on average:
    each counts its better log-likelihood ratio (`Lexicon.given_bin`, `translit_bin`)."""
    total = 0.0
    for ch in name:
        g = int(lex.given_bin[ord(ch)])
        t = int(lex.translit_bin[ord(ch)])
        v = max(g - 7 if g else -3.0, t - 3 if t else -3.0)
        if v < -3.5:
            return False  # a function character (在, 很) or one names avoid
        total += v
    return total / len(name) >= level


def dai_name(norm: str, a: int, b: int, lex: Lexicon, cued: Callable[[str, int, int], bool]) -> bool:
    """norm[a:b] (岩 and one character) is a Dai name: no dictionary word (岩石, 岩层), the
    second character no function character, a boundary before it (the text's start, no
    Chinese character, a list separator, a cue) and after it (no Chinese character, a
    particle, a parent or pupil word)."""
    if lex.code(norm[a:b]) or norm[a + 1] in _FUNCTION_FIRST \
            or norm[a + 1] in lex.function_chars:
        return False
    if any(norm[a + 1 : a + 1 + n] and lex.is_word(norm[a + 1 : a + 1 + n]) for n in (2, 3)):
        return False  # 岩|石头: the second character opens a word
    prev = norm[a - 1 : a]
    left = not prev or not _CJK.match(prev) or prev in _MEMBER_SEPS or prev in _BEFORE_NAME \
        or cued(norm, a, b)
    nxt = norm[b : b + 1]
    right = not nxt or not _CJK.match(nxt) or nxt in _AFTER_NAME or norm.startswith(_RIGHT_ROLE, b) \
        or norm.startswith(_KIN, b)
    return left and right


def word_inside(run: str, lex: Lexicon) -> bool:
    """A dictionary word stands inside `run`: two characters of an ordinary word with a
    jieba count of 1,000 or more, or three or four of any entry but a name."""
    code = lex.code
    for i in range(len(run) - 1):
        two = code(run[i : i + 2])
        if two // 8 in WORD_KINDS and two % 8 >= 3:
            return True
        for n in (3, 4):
            longer = code(run[i : i + n]) if i + n <= len(run) else 0
            if longer and longer // 8 != LEX_NAME:
                return True
    return False


def surnameless(norm: str, lex: Lexicon, found: list[tuple[int, int, float, str]], role_run: bool,
                allowed: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """Names without a surname (Tibetan and Mongolian names, 次仁卓玛-like), which
    the tagger has no candidate for: a run of Chinese characters right after a
    role word (学生, 孩子叫), or in a list with a found name (王一诺、次仁卓玛), cut
    by `name_run`."""
    out: list[tuple[int, int]] = []
    starts: list[int] = []
    for m in _ROLE_RUN.finditer(norm) if role_run else ():
        at = m.start(1)
        if norm[at - 1 : at] in "是叫为" and norm[max(0, at - 3) : at - 1].endswith(("不", "就", "只", "也", "都")):
            continue
        starts.append(at)
    # The next member of a list that holds a found name (separator, then Chinese).
    starts += [e + 1 for _s, e, _sc, _src in found if norm[e : e + 1] in _LIST_SEPS_AFTER]
    taken = {(s, e) for s, e, _sc, _src in found}
    words = lex.words
    function_chars = lex.function_chars
    seen: dict[str, int] = {}  # run text -> its name's length (a paragraph repeats its role words)
    for at in starts:
        first = norm[at : at + 1]
        if not first or first in SINGLE_SURNAMES or first in _FUNCTION_FIRST or first in function_chars \
                or not "\u4e00" <= first <= "\u9fff" or words.get(norm[at : at + 2], 0) // 8 in WORD_KINDS:
            continue  # what `name_run` refuses (您好, 这学期, 布置), checked before it looks further
        key = norm[at : at + 8]
        if key not in seen:
            end = name_run(norm, at, lex)
            seen[key] = end - at if end else 0
        end = at + seen[key] if seen[key] else 0
        if end and (at, end) not in taken and not allowed(at, end):
            out.append((at, end))
            taken.add((at, end))
    return out


def name_run(norm: str, at: int, lex: Lexicon) -> int:
    """End of a surname-less name starting at `at`, or 0: the shortest run of 2–4
    Chinese characters that a boundary follows (the end, a non-Chinese character,
    a particle or a dictionary word), when it does not start at a surname (the
    tagger judges those) or a function character, no two adjacent characters of
    it form an ordinary word and its characters are name- or transliteration-like
    on average (`_name_like`)."""
    m = _CHINESE_RUN.match(norm, at)
    if m is None:
        return 0
    run = m.group()
    if run[0] in SINGLE_SURNAMES or run[0] in _FUNCTION_FIRST:
        return 0
    for k in range(2, min(4, len(run)) + 1):
        rest = run[k:]
        if rest and rest[0] not in _AFTER_NAME and not any(lex.is_word(rest[:n]) for n in (2, 3) if len(rest) >= n):
            continue
        name = run[:k]
        if any(lex.code(name[i : i + 2]) // 8 in WORD_KINDS for i in range(k - 1)) \
                or lex.code(name) // 8 in WORD_KINDS \
                or not _name_like(lex, name, _NAME_LIKE if k > 2 else _NAME_LIKE_2):
            return 0
        return at + k
    return 0


def dotted_extent(run: str, offset: int, lex: Lexicon) -> tuple[int, int]:
    """(start, end) of the dotted name inside `run` (Chinese characters around a
    dot, found at `offset`): the left part is the longest tail of 2–5 characters
    that a dictionary word ends right before (学生|热依拉), else the whole run up
    to 5; the right part the shortest head of 2–5 characters that a word, a
    particle or the run's end follows (托合提|参加)."""
    found_dot = _DOT_IN_RUN.search(run)
    dot = found_dot.start() if found_dot else len(run)
    left, right = run[:dot], run[dot + 1 :]
    is_word = lex.is_word
    code = lex.code
    cut = min(5, len(left))
    for k in range(min(5, len(left) - 2), 1, -1):
        prefix = left[:-k]
        if prefix.endswith(("叫", "称")) and left[-k] in "作做":
            continue  # 叫作|阿依努尔: 叫作 is one cue word, the name starts after it
        if prefix[-1] in _BEFORE_NAME or any(is_word(prefix[-n:]) for n in (2, 3, 4) if len(prefix) >= n):
            cut = k
            break
    def ends_here(k: int) -> bool:
        rest = right[k:]
        return not rest or rest[0] in _AFTER_NAME or any(is_word(rest[:n]) for n in (2, 3, 4) if len(rest) >= n)

    keep = min(5, len(right))
    for k in range(2, min(5, len(right)) + 1):
        if ends_here(k):
            keep = k
            # A transliteration character that opens a rarer word than the word
            # right after it (买买|提提交: 提提 against 提交) belongs to the name.
            if k < min(5, len(right)) and len(right) >= k + 3 and right[k] not in _AFTER_NAME \
                    and right[k] not in _FUNCTION_FIRST and lex.translit_bin[ord(right[k])] \
                    and code(right[k + 1 : k + 3]) // 8 in _WORDISH \
                    and code(right[k + 1 : k + 3]) % 8 > code(right[k : k + 2]) % 8:
                keep = k + 1
            break
    return offset + dot - cut, offset + dot + 1 + keep
