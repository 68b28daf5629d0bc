"""`PERSON`: Chinese personal names (single and compound surnames), pinyin and English names.

Candidates start at a surname; a character-level likelihood ratio (see
`detectors.models.name_model`) plus context (学生/同学/我叫/姓名：, titles, list and
table layouts) decides. Textbook and public figures on the allow-list are never
reported; names on a loaded school roster always are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.models.name_model import NameModel
from detectors.resources import Resources
from detectors.models.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES
from detectors.text import ScanText

__all__ = ["PersonDetector", "PersonParams"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Characters that never sit inside a given name.
_NOT_GIVEN = set(
    "的是了在和与及或也都就还又把被让给对从向往于为着过地得之其这那哪谁什么个们吗呢吧啊呀哦么"
    "不没很太最更再才只已将要会能可应该需请说道讲问答想看听做写读学到去来上下中里外前后年月日时分秒"
    "第每各某些二三四六七八九十百千万亿零两几多少半"
)
# A surname followed by a character that can start a given name (checked in C,
# so most of the text never reaches Python code).
_SURNAME_AT = re.compile(
    "(?:" + "|".join(sorted(COMPOUND_SURNAMES, key=len, reverse=True)) + "|[" + "".join(sorted(SINGLE_SURNAMES)) + "])"
    "(?=[\u4e00-\u9fff])(?![" + "".join(sorted(_NOT_GIVEN)) + "])"
)
_LEFT_CUES = (
    "学生", "同学", "家长", "我叫", "名叫", "叫做", "姓名", "名字是", "名字叫", "老师", "班主任", "校长",
    "患者", "医生", "孩子", "儿子", "女儿", "学员", "队员", "考生", "选手", "签名", "联系人", "收件人",
    "负责人", "申请人", "监护人", "父亲", "母亲", "爸爸", "妈妈", "姓名:", "name:", "医师", "主治医生",
    "主治医师", "同事", "朋友", "室友", "班长", "组长", "队长", "委员",
)
_LATIN_LEFT_CUES = tuple(c.rstrip(":") for c in _LEFT_CUES) + (
    "我叫", "叫", "my student", "student", "name is", "dear", "mr.", "ms.", "mrs.", "miss", "teacher", "my son",
    "my daughter", "pupil",
)
_WEAK_LEFT = ("和", "与", "跟", "给", "让", "对", "被", "把", "是", "叫", "请", "问", "找", "同", "及", "、", "为", "由", "经")
_RIGHT_CUES = (
    "同学", "老师", "先生", "女士", "家长", "校长", "主任", "医生", "教授", "同志", "经理", "妈妈", "爸爸",
    "的妈妈", "的爸爸", "的家长", "今年", "岁", "出生", "男,", "女,", "(男", "(女", "性别", "医师",
    "博士", "是一位", "是一名", "是个", "同学们", "小朋友",
)
# "，21岁", ", 男": age or sex right after a name.
_AGE_OR_SEX_AFTER = re.compile(r"[,，]?\s*(?:[0-9]{1,3}岁|[男女][,，性]|[男女]$)")
_WEAK_RIGHT = ("是", "说", "在", "的", "和", "与", "考", "得", "获", "同", "、", ",", "。", "：", ":", " ", "\t", "\n", "(", ")")
_BOUNDARY = set(",.;:!?()[]{}<>\"'、，。；：！？（）【】《》“”‘’ \t\n\r|/")
# Transliteration characters that Chinese given names almost never use (马克, 斯蒂芬, 安东尼).
_TRANSLITERATION = set("斯尔克特尼姆弗布普蒂逊顿萨迪伦诺戈索卡基拉莱茨兹瓦娃丝塔西勃")
_FOREIGN_BEFORE = _TRANSLITERATION | set("迈奥威亚阿伊埃欧")
# An organisation follows: 康恩贝制药, 万丰奥威汽轮, 雅戈尔集团.
_ORG_AFTER = re.compile(r"[\u4e00-\u9fff]{0,5}?[(（]?(?:奖|杯|路|街|大道|公司|集团|股份|有限|制药|科技|银行|医院|大学|学院|中学|小学|研究所|研究院|协会|委员会|电缆|能源|实业|控股|电器|电子|机电|软件|汽车|汽轮|药业|基金|证券|保险|事务所|工厂|厂)")
# Surname + title is a polite reference (王老师, 贾先生), not a full name.
_TITLES = ("先生", "女士", "老师", "同学", "医生", "主任", "校长", "教授", "总", "经理", "师傅", "阿姨", "叔叔", "大夫", "小姐", "太太")
# Surnames that are mostly conjunctions or prepositions in running text (和, 于, 由 …).
_FUNCTION_SURNAMES = frozenset("和于由向从及跟对把被给与为以所在时都那成全任")
_SCORE_AFTER = re.compile(r"[ \t:：,，]*[0-9]{1,3}(?:\.[0-9])?\s*分?")


@dataclass(frozen=True, slots=True)
class PersonParams:
    """Weights in nats; tuned on the development data (see BENCHMARKS.md)."""

    threshold: float = 4.0
    left_cue: float = 4.0
    right_cue: float = 3.0
    weak_left: float = 0.8
    weak_right: float = 0.8
    boundary: float = 1.0
    list_or_table: float = 2.5
    word_weight: float = 1.5
    word_before: float = 2.5
    third_char_bias: float = 0.0
    title_surname_min: float = 1.0
    compound_surname: float = 2.5


class PersonDetector:
    """Decision: score = surname LLR + given-name LLRs + context; report when the
    score passes `threshold`. Score maps to 0.5–0.95; roster names 0.99."""

    name: ClassVar[str] = "person"
    entities: ClassVar[tuple[str, ...]] = ("PERSON",)

    def __init__(self, resources: Resources, params: PersonParams | None = None) -> None:
        self._res = resources
        self._model: NameModel = resources.name_model
        self._p = params or PersonParams()

    def detect(self, text: ScanText) -> list[Finding]:
        norm = text.norm
        spans: list[tuple[int, int, float, str]] = []
        taken_until = 0
        for m in _SURNAME_AT.finditer(norm):
            start = m.start()
            if start < taken_until:
                continue
            if self._res.allowed_at(norm, start):
                taken_until = start + self._res.allowed_length_at(norm, start)
                continue
            best = self._best_candidate(norm, start, m.end())
            if best is not None:
                end, score = best
                spans.append((start, end, _probability(score), "model"))
                taken_until = end
        for start, end in self._res.roster_names_in(norm):
            spans.append((start, end, 0.99, "roster"))
        for start, end, full in self._res.latin_names_in(norm):
            # A lone English given name ("John is 35") is usually an invented
            # example; it counts when a cue says it is a real pupil or parent.
            if full or norm[max(0, start - 14) : start].lower().rstrip(" :：,，").endswith(_LATIN_LEFT_CUES) or norm.startswith(_RIGHT_CUES, end):
                spans.append((start, end, 0.8, "latin"))
        return [
            finding_at(text, s, e, entity="PERSON", score=sc, detector=self.name, metadata=(("source", src),))
            for s, e, sc, src in _dedupe(spans)
        ]

    def _best_candidate(self, norm: str, start: int, sur_end: int) -> tuple[int, float] | None:
        """Score the two- and three-character readings; cheap arithmetic first,
        the place/organisation look-ups only for candidates that could pass."""
        p, model = self._p, self._model
        surname = norm[start:sur_end]
        if norm.startswith(_TITLES, sur_end):
            return self._surname_with_title(norm, start, sur_end)
        context = self._context(norm, start, sur_end)
        if surname in _FUNCTION_SURNAMES and context < p.left_cue:
            return None
        sur = p.compound_surname if len(surname) == 2 else model.surname_llr.get(surname, -2.0)
        g1 = norm[sur_end]
        w = p.word_weight
        # A dictionary word is a strong counter-reading (陈述, 黄疸), however rare;
        # so is a longer word that the candidate only begins (金翅雀).
        two_word = max(model.word(norm[start : sur_end + 1]), model.word(norm[start : sur_end + 2]))
        two = sur + max(model.final(g1), model.given(g1)) - (w * (1.0 + two_word) if two_word else 0.0)
        three = None
        g2 = norm[sur_end + 1 : sur_end + 2]
        if g2 and _CJK.match(g2) and g2 not in _NOT_GIVEN:
            end3 = sur_end + 2
            three = sur + model.given(g1) + model.final(g2) + p.third_char_bias
            three -= w * max(model.word(norm[start:end3]), 0.5 * model.word(norm[start : sur_end + 1]))
            three -= 0.25 * w * model.word(norm[sur_end:end3])  # 建国, 志明: given names are often words
        best_possible = max(two, three if three is not None else two) + context + p.right_cue
        if best_possible < p.threshold or self._is_place_or_foreign(norm, start, sur_end):
            return None
        options = [(sur_end + 1, two, self._right(norm, sur_end + 1))]
        if three is not None:
            right3 = self._right(norm, sur_end + 2)
            if right3 <= 0:
                three -= 0.5 * w * model.word(norm[sur_end + 1 : sur_end + 3])  # 高利润: the third starts a word
            options.append((sur_end + 2, three, right3))
        end, score, right = max(options, key=lambda o: o[1] + o[2])
        total = score + context + right
        if total < p.threshold or _ORG_AFTER.match(norm, end):
            return None
        if three is not None and end == sur_end + 1 and model.word(norm[sur_end : sur_end + 2]) \
                and not model.word(norm[sur_end + 1 : sur_end + 3]):
            # The name found is real; its given part continues into a word (浩然, 建国)
            # whose second character would be stranded (孙浩|然生病): take all three.
            end += 1
        return end, total

    def _surname_with_title(self, norm: str, start: int, sur_end: int) -> tuple[int, float] | None:
        """王老师, 马先生: the surname alone names someone the reader knows; report
        the surname (the title stays readable) when it is a likely surname."""
        surname = norm[start:sur_end]
        if surname in _FUNCTION_SURNAMES:
            return None
        if start > 0 and self._model.word(norm[start - 1 : sur_end]):
            return None  # 提高老师…: the surname ends a word
        sur = self._p.compound_surname if len(surname) == 2 else self._model.surname_llr.get(surname, -2.0)
        return (sur_end, self._p.threshold) if sur >= self._p.title_surname_min else None

    def _is_place_or_foreign(self, norm: str, start: int, sur_end: int) -> bool:
        model = self._model
        for length in (4, 3):
            if norm[start : start + length] in model.places:
                return True  # 哈尔滨, 石家庄
        if norm[start : start + 2] in model.major_places or norm[sur_end : sur_end + 2] in model.major_places:
            return True  # 宁波…, or 于辽宁… where the "given name" starts a province
        around = norm[max(0, start - 1) : sur_end + 3]
        if "·" in around or "•" in around:
            return True
        if start > 0 and norm[start - 1] in _FOREIGN_BEFORE:
            return True  # 迈阿密, 奥斯汀: inside a transliterated name
        if start > 0 and (norm[start - 1 : start + 2] in model.places or norm[start - 1 : start + 2] in model.common_words):
            return True  # 泰姬陵: the surname is the middle of a word
        return any(c in _TRANSLITERATION for c in norm[sur_end : sur_end + 2])

    def _context(self, norm: str, start: int, sur_end: int) -> float:
        p = self._p
        before = norm[max(0, start - 6) : start].lower()
        score = 0.0
        if before.endswith(_LEFT_CUES):
            score += p.left_cue
        elif before.endswith(_WEAK_LEFT):
            score += p.weak_left
        if start == 0 or norm[start - 1] in _BOUNDARY:
            score += p.boundary
        elif norm[start - 1 : sur_end] in self._model.common_words or (
            start >= 2 and norm[start - 2 : sur_end] in self._model.common_words
        ):
            score -= p.word_before  # 提高…, 曾任…: the surname ends a word
        return score

    def _right(self, norm: str, end: int) -> float:
        p = self._p
        after = norm[end : end + 4]
        if after.startswith(_RIGHT_CUES) or _AGE_OR_SEX_AFTER.match(norm, end):
            return p.right_cue
        if _SCORE_AFTER.match(norm, end) and (end == len(norm) or norm[end] in " \t:：,，"):
            return p.list_or_table
        if after.startswith(_WEAK_RIGHT) or end == len(norm):
            bonus = p.weak_right
            # A name followed by a word that would swallow its last character
            # (李明天…) is less sure.
            if norm[end - 1 : end + 1] in self._model.common_words:
                bonus -= p.weak_right
            return bonus
        if norm[end - 1 : end + 1] in self._model.common_words:
            return -p.weak_right
        return 0.0


def _probability(score: float) -> float:
    return min(0.95, 0.5 + 0.05 * max(0.0, score))


def _dedupe(spans: list[tuple[int, int, float, str]]) -> list[tuple[int, int, float, str]]:
    """Roster names first, then longer spans; drop anything overlapping what is kept."""
    kept: list[tuple[int, int, float, str]] = []
    for span in sorted(spans, key=lambda x: (x[3] != "roster", -(x[1] - x[0]))):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)
