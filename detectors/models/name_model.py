"""Character statistics for Chinese personal names, built from jieba's shipped data.

Nothing is downloaded: jieba's POS-HMM emission table (People's Daily corpus)
gives P(char | inside a person name); its dictionary gives the background
character frequencies and the common words a name candidate must not be.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from detectors.models.surnames import COMPOUND_SURNAMES

__all__ = ["NameModel", "load_name_model", "lexicon_code", "LEX_WORD", "LEX_NAME", "LEX_PLACE", "LEX_SURNAME",
           "LEX_VERB", "LEX_MODIFIER", "LEX_FUNCTION", "WORD_KINDS"]

_FLOOR = -16.0

#: Lexicon kinds (see `NameModel.lexicon`). Ordinary words are split by jieba's
#: part-of-speech tag: a verb after a span (王一诺|扭伤了) or a preposition or time
#: word around it (听|李华|讲, 由|王一诺|主持, 张三|周末) says more about a name than
#: which word it is, and holds for words never seen next to a name in training.
LEX_WORD, LEX_NAME, LEX_PLACE, LEX_SURNAME, LEX_VERB, LEX_MODIFIER, LEX_FUNCTION = 1, 2, 3, 4, 5, 6, 7
#: The kinds that are ordinary words (not names, places or surnames).
WORD_KINDS = frozenset((LEX_WORD, LEX_VERB, LEX_MODIFIER, LEX_FUNCTION))


def lexicon_code(kind: int, freq: int) -> int:
    """kind * 8 + a frequency bin 0–7 (log10 of jieba's count, capped)."""
    return kind * 8 + min(7, int(math.log10(freq + 1)))


@dataclass(frozen=True, slots=True)
class NameModel:
    """Log-likelihood ratios (name vs running text) per character and position,
    and common 2–3 character words (not person names) with log10 of their frequency."""

    surname_llr: Mapping[str, float]
    given_llr: Mapping[str, float]
    final_llr: Mapping[str, float]
    common_words: Mapping[str, float]
    places: frozenset[str]
    #: Provinces and prefecture-level cities only (辽宁, 宁波): the places a
    #: two-character given name could be confused with.
    major_places: frozenset[str]

    def word(self, text: str) -> float:
        """log10 frequency of `text` as a common word, 0.0 when it is not one."""
        return self.common_words.get(text, 0.0)

    #: log P(char) in running text, for characters the name table never saw.
    background: Mapping[str, float]
    #: Every 2–4 character dictionary word, place and compound surname with a
    #: small code: kind * 8 + frequency bin (see `lexicon_code`); the learned
    #: tagger's dictionary features read it.
    lexicon: Mapping[str, int] = MappingProxyType({})
    #: log P(char | transliterated name) - log P(char), from jieba's words of
    #: three or more characters tagged `nrt` (伊拉克, 爱因斯坦, 多尔衮): 斯/尔/克
    #: score high, 明/华/伟 low. The tagger reads it to tell 约翰 from 李华.
    translit_llr: Mapping[str, float] = MappingProxyType({})
    #: Frequent one-character function words (jieba tags p, c, u, d, r; count >= 10,000):
    #: 于, 向, 和, 都. As a surname such a character is weak evidence (防患|于未然).
    function_chars: frozenset[str] = frozenset()

    def _unseen(self, ch: str) -> float:
        # A character absent from the name table (淑, 煜, 喆) is judged by its
        # rarity: rare characters are typical of given names, frequent ones are
        # function words. log P_name(unseen) ~ -11 (the table's lower quartile).
        return max(-4.0, min(2.0, -11.0 - self.background.get(ch, -16.0)))

    def given(self, ch: str) -> float:
        v = self.given_llr.get(ch)
        return self._unseen(ch) if v is None else v

    def final(self, ch: str) -> float:
        v = self.final_llr.get(ch)
        return self._unseen(ch) if v is None else v


_KIND_BY_TAG = {"v": LEX_VERB, "a": LEX_MODIFIER, "d": LEX_MODIFIER, "p": LEX_FUNCTION, "c": LEX_FUNCTION,
                "u": LEX_FUNCTION, "r": LEX_FUNCTION, "f": LEX_FUNCTION, "m": LEX_FUNCTION, "q": LEX_FUNCTION,
                "t": LEX_FUNCTION}


_FUNCTION_TAGS = frozenset("pcudr")


def _word_kind(tag: str) -> int:
    """The kind of an ordinary word by the first letter of its jieba tag (v, vn, vd → verb)."""
    return _KIND_BY_TAG.get(tag[:1], LEX_WORD)


@lru_cache(maxsize=1)
def load_name_model(min_name_tagged_freq: int = 40) -> NameModel:
    import importlib.util

    import jieba
    import numpy as np

    # jieba.posseg's emission table, loaded by path: importing the jieba.posseg
    # package would also load its 0.6-second word-tag dictionary, unused here.
    emit_path = os.path.join(os.path.dirname(jieba.__file__), "posseg", "prob_emit.py")
    spec = importlib.util.spec_from_file_location("_jieba_prob_emit", emit_path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {emit_path}")
    emit_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(emit_module)
    emit = emit_module.P

    dict_path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    major, minor = _gazetteer()
    places: set[str] = major | minor
    with open(dict_path, encoding="utf-8") as fh:
        fields = fh.read().split()
    all_words, tags = fields[0::3], fields[2::3]
    freqs = [int(f) for f in fields[1::3]]
    # Character frequencies weighted by word frequency, in one vectorised pass.
    cps = np.frombuffer("".join(all_words).encode("utf-32-le"), dtype="<u4")
    weights = np.repeat(np.array(freqs, dtype=np.float64), [len(w) for w in all_words])
    counts = np.bincount(cps, weights=weights)
    present = np.nonzero(counts)[0]
    char_freq: dict[str, int] = {chr(c): int(counts[c]) for c in present.tolist()}
    # Codes and word frequencies for every entry at once (a per-entry Python loop
    # over 350,000 entries was most of the scanner's cold start).
    lengths = np.fromiter(map(len, all_words), dtype=np.int64, count=len(all_words))
    freq_arr = np.array(freqs, dtype=np.int64)
    is_place = np.array([t == "ns" for t in tags], dtype=np.bool_)
    is_name = np.array([t.startswith("nr") for t in tags], dtype=np.bool_)
    log_freq = [math.log10(f + 1) for f in freqs]
    bins = np.minimum(7, np.array([int(v) for v in log_freq], dtype=np.int64))
    word_kind = np.array([_word_kind(t) for t in tags], dtype=np.int64)
    kinds = np.where(is_place, LEX_PLACE, np.where(is_name, LEX_NAME, word_kind))
    codes = (kinds * 8 + bins).tolist()
    in_lexicon = np.nonzero((lengths >= 2) & (lengths <= 4))[0].tolist()
    lexicon: dict[str, int] = {all_words[i]: codes[i] for i in in_lexicon}
    places.update(all_words[i] for i in np.nonzero((lengths >= 2) & (lengths <= 4) & is_place)[0].tolist())
    # jieba tags many ordinary words as names (陈述, 谢谢, 安静 nr); a
    # "name" that frequent is a word, a rare one may be a real person.
    common = (lengths >= 2) & (lengths <= 3) & (~is_name | (freq_arr >= min_name_tagged_freq))
    words: dict[str, float] = {all_words[i]: round(log_freq[i], 2) for i in np.nonzero(common)[0].tolist()}
    total = float(sum(char_freq.values()))
    translit: dict[str, int] = {}
    for i in np.nonzero((lengths >= 3) & np.array([t == "nrt" for t in tags], dtype=np.bool_))[0].tolist():
        for ch in all_words[i]:
            translit[ch] = translit.get(ch, 0) + 1
    translit_total = float(sum(translit.values()))
    for place in places:
        if 2 <= len(place) <= 4:
            lexicon[place] = lexicon_code(LEX_PLACE, 1000)
    for sur in COMPOUND_SURNAMES:
        lexicon[sur] = lexicon_code(LEX_SURNAME, 1000)

    def background(ch: str) -> float:
        return math.log((char_freq.get(ch, 0) + 1.0) / total)

    def llr(states: tuple[tuple[str, str], ...]) -> dict[str, float]:
        out: dict[str, float] = {}
        chars = set().union(*(emit[s].keys() for s in states))
        for ch in chars:
            best = max(emit[s].get(ch, _FLOOR) for s in states)
            out[ch] = round(best - background(ch), 3)
        return out

    return NameModel(
        surname_llr=MappingProxyType(llr((("B", "nr"),))),
        given_llr=MappingProxyType(llr((("M", "nr"), ("E", "nr")))),
        final_llr=MappingProxyType(llr((("E", "nr"),))),
        common_words=MappingProxyType(words),
        places=frozenset(places),
        major_places=frozenset(major),
        background=MappingProxyType({ch: round(background(ch), 3) for ch in char_freq}),
        lexicon=MappingProxyType(lexicon),
        translit_llr=MappingProxyType({
            ch: round(math.log(n / translit_total) - background(ch), 3) for ch, n in translit.items() if n >= 3
        }),
        function_chars=frozenset(
            all_words[i] for i in np.nonzero((lengths == 1) & (freq_arr >= 10_000))[0].tolist()
            if tags[i][:1] in _FUNCTION_TAGS
        ),
    )


_ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "地区", "省", "市", "县", "区", "盟", "旗")


def _gazetteer() -> tuple[set[str], set[str]]:
    """(province and prefecture names, county names), full and without suffix,
    from python-stdnum's GB/T 2260 table."""
    import re

    import stdnum

    path = os.path.join(os.path.dirname(stdnum.__file__), "cn", "loc.dat")
    major: set[str] = set()
    minor: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            for level, name in re.findall(r'(province|prefecture|county)="([^"]+)"', line):
                out = minor if level == "county" else major
                for part in name.split(","):
                    part = re.sub(r"^\[[^\]]*\]", "", part)
                    if len(part) < 2 or part in ("市辖区", "县", "省直辖县级行政区划"):
                        continue
                    out.add(part)
                    for suffix in _ADMIN_SUFFIXES:
                        if part.endswith(suffix) and len(part) - len(suffix) >= 2:
                            out.add(part[: -len(suffix)])
                            break
    return major, minor
