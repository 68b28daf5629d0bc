"""`PERSON`: Chinese personal names (single and compound surnames), pinyin and English names.

Chinese names are decided by the learned span classifier in
`detectors.models.name_tagger` (weights trained by `make model`; no hand-set
weights here). Textbook and public figures on the allow-list are never
reported; names on a loaded school roster always are. Latin-script names come
from the English given-name list and pinyin surnames (`Resources.latin_names_in`).
"""

from __future__ import annotations

import re
from typing import ClassVar

from detectors.base import Finding, finding_at
from detectors.errors import ResourceError
from detectors.models.name_tagger import NameTagger
from detectors.resources import Resources
from detectors.text import ScanText

__all__ = ["PersonDetector"]

_LEFT_CUES = (
    "学生", "同学", "家长", "我叫", "名叫", "叫做", "姓名", "名字是", "名字叫", "老师", "班主任", "校长",
    "孩子", "儿子", "女儿", "学员", "队员", "考生", "签名", "联系人", "申请人", "监护人", "父亲", "母亲",
    "爸爸", "妈妈", "同事", "朋友", "班长", "组长", "队长",
)
_LATIN_LEFT_CUES = _LEFT_CUES + (
    "叫", "my student", "student", "name is", "dear", "mr.", "ms.", "mrs.", "miss", "teacher", "my son",
    "my daughter", "pupil",
)
_RIGHT_CUES = ("同学", "老师", "先生", "女士", "家长", "的妈妈", "的爸爸", "今年", "岁", "is my", "'s ")
# Uyghur, Kazakh and other transliterated names: given name · father's name.
_DOT_NAME = re.compile(r"(?<![\u4e00-\u9fff·])[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,5}")
_DOT_NAME_END = re.compile(r"(?:同学|的|[,，、。:：;；()（）\s]|$)")
_DOTS = frozenset("·•")
# An organisation follows within a few characters: 马钢(集团), 东方日升（宁波）电力有限公司.
_ORG_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?[(（]?(?:集团|公司|股份|有限|控股|银行|制药|药业|实业|科技|电器|能源)")
#: How far before a found span an allow-listed name may start and still cover it.
_ALLOW_REACH = 3


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

    def detect(self, text: ScanText) -> list[Finding]:
        norm = text.norm
        spans: list[tuple[int, int, float, str]] = []
        threshold = self._tagger.threshold
        found = self._tagger.spans(norm)
        companies = _company_names(norm, found)
        for start, end, logit in found:
            if self._allow_listed(norm, start, end) or norm[end : end + 1] in _DOTS \
                    or norm[max(0, start - 1) : start] in _DOTS or norm[start:end] in companies:
                continue  # a public figure, half of a transliterated name (伊恩·弗莱明), a company
            spans.append((start, end, min(0.95, 0.55 + 0.05 * (logit - threshold)), "model"))
        # A text that names a real Chinese person is about real people: a lone
        # English given name or a dotted minority name in it is one of them.
        about_people = bool(spans)
        for m in _DOT_NAME.finditer(norm):
            start, end = m.start(), m.end()
            before = norm[max(0, start - 6) : start].lower().rstrip(" :：,，")
            if (about_people or before.endswith(_LEFT_CUES)) and _DOT_NAME_END.match(norm, end) \
                    and not self._allow_listed(norm, start, end):
                spans.append((start, end, 0.8, "dotted"))
        for start, end in self._res.roster_names_in(norm):
            spans.append((start, end, 0.99, "roster"))
        for start, end, _full in self._res.latin_names_in(norm):
            # An English or pinyin name in a Chinese prompt is usually an invented
            # example (John Smith) or a public figure; it counts when a cue says
            # it is a real pupil or parent, or the text names real people.
            before = norm[max(0, start - 14) : start].lower().rstrip(" :：,，")
            if about_people or before.endswith(_LATIN_LEFT_CUES) or norm.startswith(_RIGHT_CUES, end):
                spans.append((start, end, 0.8, "latin"))
        return [
            finding_at(text, s, e, entity="PERSON", score=sc, detector=self.name, metadata=(("source", src),))
            for s, e, sc, src in _dedupe(spans)
        ]

    def _allow_listed(self, norm: str, start: int, end: int) -> bool:
        """An allow-listed name overlaps the span: it starts inside it (和|杜甫), or
        starts just before and reaches into it."""
        for pos in range(max(0, start - _ALLOW_REACH), end):
            length = self._res.allowed_length_at(norm, pos)
            if length and pos + length > start:
                return True
        return False


def _company_names(norm: str, found: list[tuple[int, int, float]]) -> set[str]:
    """Found strings that somewhere in this text begin an organisation's name: the
    text uses them as a company (马钢(集团)控股有限公司 … 马钢总公司), not a person."""
    out: set[str] = set()
    for name in {norm[s:e] for s, e, _ in found}:
        pos = norm.find(name)
        while pos >= 0:
            if _ORG_AFTER.match(norm, pos + len(name)):
                out.add(name)
                break
            pos = norm.find(name, pos + 1)
    return out


def _dedupe(spans: list[tuple[int, int, float, str]]) -> list[tuple[int, int, float, str]]:
    """Roster names first, then longer spans; drop anything overlapping what is kept."""
    kept: list[tuple[int, int, float, str]] = []
    for span in sorted(spans, key=lambda x: (x[3] != "roster", -(x[1] - x[0]))):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)
