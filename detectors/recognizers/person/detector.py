"""`PERSON`: Chinese personal names (single and compound surnames), pinyin and English names.

Chinese names are decided by the learned span classifier in
`detectors.models.name_tagger` (weights trained by `make model`; no hand-set
weights here); a strong cue next to a candidate (a role or kinship word, a
class, 同学/家长 after it) lets it through up to the tagger's cue margin (logits
below its threshold; `NameTagger.cue_margin`, tuned by `make model` with the threshold), and a common word (安静) needs such a cue to be a name.
Dotted minority names (热依拉·托合提) are cut from the characters around the
dot; names without a surname (次仁卓玛) are taken after a role word or as the
next member of a list when their characters read as a name, or wherever two
Tibetan or Mongolian name elements stand in a row (`detectors.models.minority_names`). A span cut from a
longer dictionary word (阿司匹|林肠溶) or listed among ordinary words (橙子，胡萝卜)
is not a name. Textbook and public figures on the allow-list are never
reported; names on a loaded school roster always are. Latin-script names come
from the English given-name list and pinyin surnames (`Resources.latin_names_in`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.errors import ResourceError
from detectors.models.name_model import WORD_KINDS
from detectors.models.name_tagger import ORG_GAP_STOPS, NameTagger
from detectors.models.surnames import COMPOUND_SURNAMES, TITLES as _TITLES
from detectors.recognizers.person.bare import _BARE_CONTEXT, ANY_HOME, bare_given, homes, word_names
from detectors.recognizers.person.cues import (
    _AFTER_NAME, _CJK, _FUNCTION_FIRST, _GROUP_WORDS, _KIN, _LEFT_CUES, _RIGHT_CUES, _ROLE_RUN, _SCHOOL_WORDS, _WORDISH,
    _HOME_END, place_cued, strongly_cued,
)
from detectors.recognizers.person.latin import _LATIN_LEFT_CUES, cased_english, latin_neighbour, unlisted_english
from detectors.recognizers.person.minority import (
    _ANY_DOT, _ANY_ELEMENT, _DAI_NAME, _DOT_NAME, _ELEMENT_RUN, _UYGHUR_RUN, _YI_NAME, _dot_at,
    _element_tail, dai_name, dotted_extent, surnameless, word_inside,
)
from detectors.recognizers.person.nicknames import ANY_NICKNAME, nicknames
from detectors.recognizers.person.shapes import (
    _CALENDAR_WORDS, _THING_MEASURE, _adverb_reading, _company_names, _dedupe, _grade_or_kin, _misread_shape,
    _neighbour_members,
    _weak_reading, _whole_member,
)
from detectors.resources import Resources
from detectors.text import ScanText

__all__ = ["PersonDetector"]

#: How far above the threshold an uncued span must score when its surname is
#: also a common function character (于未然, 和家; likelihood ratio below 1).
_WEAK_SURNAME_MARGIN = 1.0


# (characters before the span, length) of the 3–4 character words that reach into it.
_REACH_IN = ((1, 3), (1, 4), (2, 3), (2, 4), (3, 4))


#: How far before a found span an allow-listed name may start and still cover it.
_ALLOW_REACH = 3


# A kin word right after a name and a colon (王芳妈妈：): a chat line's speaker label.
_SPEAKER_KIN = re.compile("(?:" + "|".join(_KIN) + r")[:：] ?$")


def _speaker_label(norm: str, a: int, name_ends: set[int]) -> bool:
    """norm[a] opens what someone says: a name, a kin word and a colon stand right before it
    (马一诺妈妈：谢谢老师), so the kin word names the speaker, not the words after the colon (round
    nine). A form key (妈妈：洪波) has no name before its kin word."""
    m = _SPEAKER_KIN.search(norm, max(0, a - 6), a)
    return m is not None and m.start() in name_ends


def _homes_trimmed(norm: str, found: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """In a list of homes (陆清妍家、韩思远家；麦昶家), a three-character span that takes the 家
    in (麦昶家 at the end of the list) ends before it, as the other members do (round nine)."""
    if not any(norm[b : b + 1] == "家" for _a, b, _z in found):
        return found
    return [(a, b - 1, z) if b - a == 3 and norm[b - 1] == "家" and (b == len(norm) or norm[b] in _HOME_END)
            else (a, b, z) for a, b, z in found]


def _among_names(norm: str, a: int, b: int, sure: set[tuple[int, int]], code: Callable[[str], int]) -> bool:
    """norm[a:b] is no dictionary entry and a whole member of a list whose member right before
    or after it is a name in `sure` (round nine)."""
    return bool(sure) and code(norm[a:b]) == 0 and _whole_member(norm, a, b) \
        and any(m in sure for m in _neighbour_members(norm, a, b))


class PersonDetector:
    """Decision: the tagger's logit passes its tuned threshold, the span is not an
    allow-listed figure; score 0.55 at the threshold rising to 0.95; roster names 0.99."""

    name: ClassVar[str] = "person"
    entities: ClassVar[tuple[str, ...]] = ("PERSON",)

    def __init__(self, resources: Resources) -> None:
        if resources.name_tagger is None:
            raise ResourceError("PERSON needs the name tagger (detectors/models/name_tagger.npz)")
        self._res = resources
        self._tagger: NameTagger = resources.name_tagger
        self._strong = functools.partial(strongly_cued, lexicon=self._tagger.lexicon)

    def _cued(self, norm: str, start: int, end: int) -> bool:
        """`strongly_cued`, or an English given name (the list's) as the neighbouring member
        of a list the span stands in (参赛名单：Judy、|X, this week: Max, |X): a list of
        pupils written with their English and Chinese names; or, for a span that is no dictionary
        entry, a place that says a person stands there (`place_cued`, round nine)."""
        return self._strong(norm, start, end) or latin_neighbour(norm, start, end, self._res.english_given) \
            or place_cued(norm, start, end, self._tagger.lexicon)


    def detect(self, text: ScanText) -> list[Finding]:
        # The tagger and the rules below ask for the same spans' cues: each is read once a scan.
        seen: dict[tuple[int, int], bool] = {}

        def cued(norm: str, start: int, end: int) -> bool:
            key = (start, end)
            if key not in seen:
                seen[key] = self._cued(norm, start, end)
            return seen[key]

        return self.decide(text, self._tagger.spans(text.norm, cued=cued), cued=cued)

    def decide(self, text: ScanText, found: list[tuple[int, int, float]], threshold: float | None = None,
               list_margin: float | None = None,
               cued: Callable[[str, int, int], bool] | None = None) -> list[Finding]:
        """The findings, given the tagger's decoded spans of `text.norm` (`NameTagger.spans`);
        `make model` passes other thresholds and margins here to tune them on what the
        detector reports (None: the tagger's own). `cued` is `_cued`, or a copy that
        remembers its answers for this text."""
        norm = text.norm
        cued = self._cued if cued is None else cued
        found = _homes_trimmed(norm, found)
        spans: list[tuple[int, int, float, str]] = []
        threshold = self._tagger.threshold if threshold is None else threshold
        list_margin = self._tagger.list_margin if list_margin is None else list_margin
        # A common word (安静, 海洋, 巴西) is a name only where a strong cue says so
        # (学生安静, 组长许诺), here or at another mention in the same text.
        # The same holds for an uncued span whose surname is also a common function
        # character (防患|于未然), unless it scores well above the threshold.
        common = self._tagger.lexicon.is_common_word
        weak = self._tagger.lexicon.weak_surname
        # So does a span that is itself an ordinary dictionary word of any frequency (陈述, 母校).
        code = self._tagger.lexicon.code
        # And a compound-surname span whose first three characters are an ordinary word
        # (微生|物与: 微生物), which a compound surname's first two are cut from.
        alone = len({norm[x:y] for x, y, _ in found}) == 1  # the text names one person
        needs_cue = [
            common(norm[a:b]) or code(norm[a:b]) // 8 in WORD_KINDS or norm[a:b] in _CALENDAR_WORDS
            or (b - a == 4 and code(norm[a : a + 3]) // 8 in WORD_KINDS)
            or (logit < threshold + _WEAK_SURNAME_MARGIN and weak[ord(norm[a])]
                and norm[a : a + 2] not in COMPOUND_SURNAMES)
            or _weak_reading(norm, a, b, logit, threshold, code, alone)
            for a, b, logit in found
        ]
        # Only the names that need a cue are looked for a cue, once each until one is found.
        uncued = {norm[a:b] for (a, b, _), needs in zip(found, needs_cue) if needs}
        cued_names: set[str] = set()
        ends = {b for _a, b, _z in found} if uncued else set()
        # Round nine: a list of names is a cue for its members (蓝书禾、X、周穆敦): a member that
        # is no dictionary entry, beside a member that needs no cue.
        sure = {(a, b) for (a, b, _), needs in zip(found, needs_cue) if not needs} if uncued else set()
        for a, b, _ in found if uncued else ():
            name = norm[a:b]
            if name in uncued and name not in cued_names \
                    and (cued(norm, a, b) or _among_names(norm, a, b, sure, code)) and name not in _GROUP_WORDS \
                    and not _adverb_reading(norm, a, b, code, bool(weak[ord(norm[a])])) \
                    and not _speaker_label(norm, a, ends):
                cued_names.add(name)
        found = [f for f, needs in zip(found, needs_cue)
                 if (not needs or norm[f[0] : f[1]] in cued_names) and norm[f[1] - 2 : f[1]] not in _TITLES
                 and not _grade_or_kin(norm, f[0], f[1]) and not _THING_MEASURE.search(norm, max(0, f[0] - 2), f[0])
                 and not _misread_shape(norm, f[0], f[1], code)]
        if found:
            found = self._not_in_word_lists(norm, [f for f in found if not self._inside_word(norm, f[0], f[1], cued)],
                                            threshold, list_margin)
        companies = _company_names(norm, found, self._tagger.lexicon.is_word, self._name_char) if found else set()
        has_dots = _ANY_DOT.search(norm) is not None
        role_run = _ROLE_RUN.search(norm) is not None
        allow_starts = self._res.allow_starts(norm) if found or has_dots or role_run else bytes(len(norm))
        for start, end, logit in found:
            if (has_dots and (_dot_at(norm, end) or _dot_at(norm, start - 1))) \
                    or norm[start:end] in companies or self._allow_listed(norm, start, end, allow_starts):
                continue  # a public figure, half of a transliterated name (伊恩·弗莱明), a company
            spans.append((start, end, min(0.95, 0.55 + 0.05 * (logit - threshold)), "model"))
        # A text that names a real Chinese person is about real people: a lone
        # English given name or a dotted minority name in it is one of them.
        about_people = bool(spans)
        for m in _DOT_NAME.finditer(norm) if has_dots else ():
            start, end = dotted_extent(m.group(), m.start(), self._tagger.lexicon)
            before = norm[max(0, start - 6) : start].lower().rstrip(" :：,，")
            if (about_people or before.endswith(_LEFT_CUES) or norm.startswith(_RIGHT_CUES, end)
                    or _SCHOOL_WORDS.search(norm)) and not self._allow_listed(norm, start, end, allow_starts):
                spans.append((start, end, 0.8, "dotted"))
        school = about_people or role_run or _SCHOOL_WORDS.search(norm) is not None
        for m in _ELEMENT_RUN.finditer(norm) if _ANY_ELEMENT.search(norm) else ():
            # Two Tibetan or Mongolian name elements in a row (次仁卓玛-like): a name,
            # whatever the combination; one long element (巴特尔) in a text about people
            # or, since round seven, about school.
            if m.group(2) or (len(m.group(1)) >= 3 and school):
                spans.append((m.start(), _element_tail(norm, m.end()), 0.75, "elements"))
        for m in _YI_NAME.finditer(norm) if (about_people or role_run or _SCHOOL_WORDS.search(norm)) else ():
            # A Yi name (clan + given name): the given name is no ordinary word, and the four
            # characters are no dictionary entry (马海|毛衣, 阿西莫夫 stay unreported).
            lex = self._tagger.lexicon
            a, b = m.start(), m.end()
            if lex.code(norm[a + 2 : b]) // 8 not in WORD_KINDS and not lex.code(norm[a:b]) \
                    and norm[b - 1] not in _AFTER_NAME and norm[a + 2] not in _FUNCTION_FIRST \
                    and not self._allow_listed(norm, a, b, allow_starts):
                spans.append((a, b, 0.7, "yi"))
        for m in _DAI_NAME.finditer(norm) if school else ():
            # A Dai boy's name (岩 and one character) standing alone (round seven).
            a, b = m.start(), m.end()
            if dai_name(norm, a, b, self._tagger.lexicon, cued) and not self._allow_listed(norm, a, b, allow_starts):
                spans.append((a, b, 0.65, "dai"))
        for m in _UYGHUR_RUN.finditer(norm) if school else ():
            # A Uyghur name without its dot (round seven), in a text about pupils, when no
            # ordinary word or place stands inside the run (斯德哥尔摩, 阿里巴巴 are entries).
            a, b = m.start(), m.end()
            if not word_inside(norm[a:b], self._tagger.lexicon) and not self._allow_listed(norm, a, b, allow_starts):
                spans.append((a, b, 0.7, "uyghur"))
        for a, b in word_names(norm, self._tagger.lexicon) if role_run else ():
            if not self._allow_listed(norm, a, b, allow_starts):
                spans.append((a, b, 0.65, "word"))
        for a, b in bare_given(norm, self._tagger.lexicon) if school and _BARE_CONTEXT.search(norm) else ():
            if not self._allow_listed(norm, a, b, allow_starts):
                spans.append((a, b, 0.65, "bare"))
        for a, b in homes(norm, self._tagger.lexicon) if ANY_HOME.search(norm) else ():
            if not self._allow_listed(norm, a, b, allow_starts):
                spans.append((a, b, 0.65, "home"))
        for a, b in nicknames(norm, self._tagger.lexicon, [(x, y) for x, y, _sc, _src in spans]) \
                if ANY_NICKNAME.search(norm) else ():
            if not self._allow_listed(norm, a, b, allow_starts):
                spans.append((a, b, 0.6, "nickname"))
        allowed = functools.partial(self._allow_listed, norm, allow_starts=allow_starts)
        for start, end in surnameless(norm, self._tagger.lexicon, spans, role_run, allowed) if role_run or spans else ():
            spans.append((start, end, 0.7, "cued"))
        for start, end in self._res.roster_names_in(norm):
            spans.append((start, end, 0.99, "roster"))
        latin = self._res.latin_names_in(norm)
        cjk = _CJK.search(norm) is not None
        for start, end, _full in latin:
            # An English or pinyin name in a Chinese prompt is usually an invented
            # example (John Smith) or a public figure; it counts when a cue says
            # it is a real pupil or parent, or the text names real people.
            before = norm[max(0, start - 14) : start].lower().rstrip(" :：,，")
            if about_people or before.endswith(_LATIN_LEFT_CUES) or norm.startswith(_RIGHT_CUES, end):
                spans.append((start, end, 0.8, "latin"))
        if cjk:
            spans += cased_english(norm, {(a, b) for a, b, _ in latin}, self._res)
            if about_people:
                spans += unlisted_english(norm, spans, self._res)
        return [
            finding_at(text, s, e, entity="PERSON", score=sc, detector=self.name, metadata=(("source", src),))
            for s, e, sc, src in _dedupe(spans)
        ]


    def _name_char(self, ch: str) -> bool:
        """`ch` reads as a given name's character: Chinese, no function character, and
        either frequent in given names (`Lexicon.given_bin`, log-likelihood ratio 1 or more)
        or unseen there and rare in running text (`rarity_bin`: 皎, 曈), not a common verb (买)."""
        if not ch or not "\u4e00" <= ch <= "\u9fff" or ch in _FUNCTION_FIRST or ch in ORG_GAP_STOPS:
            return False
        lex = self._tagger.lexicon
        g, r = int(lex.given_bin[ord(ch)]), int(lex.rarity_bin[ord(ch)])
        return g >= 8 or (g == 0 and (r == 0 or r >= 5))


    def _inside_word(self, norm: str, a: int, b: int, cued: Callable[[str, int, int], bool]) -> bool:
        """A dictionary word of three or four characters starts before the span and
        reaches into it: the span is cut from it (阿|司匹林, 阿司匹|林肠溶), not a name
        standing on its own; unless a strong cue names it. (Two-character words
        are too often a misreading: 课上|周一然 against 上周; one counts only when the
        rest of the span is an ordinary word as well.)"""
        words = self._tagger.lexicon.words
        for p, q in _REACH_IN:
            if a >= p and words.get(norm[a - p : a - p + q], 0) // 8 in _WORDISH:
                return not cued(norm, a, b)
        # A two-character word reaches into the span and the rest of the span is an
        # ordinary word too (充|满真挚: 充满 and 真挚): a phrase, not a name.
        if a >= 1 and b - a >= 3 and words.get(norm[a - 1 : a + 1], 0) // 8 in WORD_KINDS \
                and words.get(norm[a + 1 : b], 0) // 8 in WORD_KINDS:
            return not cued(norm, a, b)
        return False

    def _not_in_word_lists(self, norm: str, found: list[tuple[int, int, float]],
                           threshold: float, list_margin: float) -> list[tuple[int, int, float]]:
        """Drop a weak span (under the tagger's list margin above the threshold) that is a whole
        member of a list whose neighbouring member is an ordinary dictionary word
        (橙子，胡萝卜，洋葱): a list holds things of one kind, and the others are not
        names. A neighbour that is itself a found name keeps it."""
        names = {(a, b) for a, b, _ in found}
        is_word = self._tagger.lexicon.is_word
        out: list[tuple[int, int, float]] = []
        for a, b, logit in found:
            if logit < threshold + list_margin and _whole_member(norm, a, b):
                neighbours = _neighbour_members(norm, a, b)
                if neighbours and not any(n in names for n in neighbours) \
                        and any(is_word(norm[x:y]) for x, y in neighbours):
                    continue
            out.append((a, b, logit))
        return out


    def _allow_listed(self, norm: str, start: int, end: int, allow_starts: bytes) -> bool:
        """An allow-listed name overlaps the span: it starts inside it (和|杜甫), or
        starts just before and reaches into it; but not one that is a shorter head
        of the span (郭嘉|禾, 孙子|默: the tagger chose the longer name, a pupil's)."""
        if not self._res.allowed_overlaps(norm, start, end, _ALLOW_REACH, allow_starts):
            return False
        length = self._res.allowed_length_at(norm, start) if allow_starts[start : start + 1] == b"\x01" else 0
        if not length or start + length >= end:
            return True
        return self._res.allowed_overlaps(norm, start + 1, end, _ALLOW_REACH - 1, allow_starts[: start + 1].replace(
            b"\x01", b"\x00") + allow_starts[start + 1 :])
