"""Generated school texts with labelled names, for training and testing the name tagger.

A third vocabulary, `sealed` (bench.schoolcorpus_sealed), was written after the model was
tuned and never used to choose anything; its errors have since been read, so it is now a
development set. A fifth, `blind` (bench.schoolcorpus_blind), written after that and never
run by its author, has since been run and its errors read, so it too is a development set.
A sixth, `final` (bench.schoolcorpus_final), written after that and never run by its
author, has since been seen by the people tuning the name model. A seventh, `fresh`
(bench.schoolcorpus_fresh), written after that and never run by its author, is the blind
test beside `test`; an eighth, `spring` (bench.schoolcorpus_spring), written after that and
never run by its author, with chat logs, seating plans and nicknames (小/阿/老, kind
``nickname``) besides, is a second one; a ninth, `summer` (bench.schoolcorpus_summer), written
after that and never run by its author, with award lists, duty timetables, free prose and doubled
given names (婷婷, kind ``doubled``) besides, is a third; a tenth, `autumn`
(bench.schoolcorpus_autumn), written after that and never run by its author, with far more names
of the weak kinds (compound, minority, doubled, nickname, name-word, English), pick-up lists, club
sign-ups and counselling notes besides, and four-character ordinary words, is a fourth.

Two disjoint vocabularies: the `train` generator and the `test` generator use
different seeds, different given-name lists and character pools, different
uncommon surnames (the 20 commonest are shared, as in any real class),
different name-like words (马力 / 白云), different hard negatives and, where the
situation allows, different template wordings. Nothing here is real data.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bench.evaldata import Sample, Span
from bench import schoolcorpus_autumn as _autumn
from bench import schoolcorpus_blind as _blind
from bench import schoolcorpus_final as _final
from bench import schoolcorpus_fresh as _fresh
from bench import schoolcorpus_sealed as _sealed
from bench import schoolcorpus_spring as _spring
from bench import schoolcorpus_summer as _summer
from bench.schoolcorpus_vocab import (  # the train, tune and test vocabularies
    _COMMON, _TAIL, _COMPOUND_A, _COMPOUND_B, _GIVEN2_A, _GIVEN2_B, _GIVEN1_A, _GIVEN1_B, _POOL_A, _POOL_B,
    _WORDNAMES_A, _WORDNAMES_B, _GIVEN2_T, _GIVEN1_T, _POOL_T, _WORDNAMES_T, _MINORITY_A, _MINORITY_B,
    _ENGLISH_A, _ENGLISH_B, _NEG_A, _NEG_B, _TEMPLATES_A, _LEFT_A, _RIGHT_A, _TEMPLATES_B, _TEMPLATES_T,
    _CUES, _CUES_EXTRA, _SEPS_A, _SEPS_B, _TAILS_A, _TAILS_B, _CLASSES_A, _CLASSES_B, _SCHOOLS_A, _SCHOOLS_B,
)

__all__ = ["Vocabulary", "VOCABULARIES", "generate", "TRAIN_SEED", "TUNE_SEED", "TEST_SEED", "SEALED_SEED",
           "BLIND_SEED", "FINAL_SEED", "FRESH_SEED", "SPRING_SEED", "SUMMER_SEED", "AUTUMN_SEED"]

TRAIN_SEED = 20261130
TEST_SEED = 77115
TUNE_SEED = 4242
SEALED_SEED = _sealed.SEALED_SEED
BLIND_SEED = _blind.BLIND_SEED
FINAL_SEED = _final.FINAL_SEED
FRESH_SEED = _fresh.FRESH_SEED
SPRING_SEED = _spring.SPRING_SEED
SUMMER_SEED = _summer.SUMMER_SEED
AUTUMN_SEED = _autumn.AUTUMN_SEED


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything one split draws from."""

    surnames: tuple[str, ...]
    compound: tuple[str, ...]
    given2: tuple[str, ...]
    given1: tuple[str, ...]
    pool: str
    wordnames: tuple[str, ...]
    minority: tuple[str, ...]
    english: tuple[str, ...]
    negatives: dict[str, list[str]]
    templates: dict[str, list[str]]
    classes: tuple[str, ...]
    schools: tuple[str, ...]
    parity: int = 0
    org_suffixes: tuple[str, ...] = ()
    seps: tuple[str, ...] = ()
    tails: tuple[str, ...] = ()
    #: Share of names right after a cue that are ordinary words (马力): training
    #: over-samples them; the test split keeps a plainer rate.
    wordname_rate: float = 0.1
    #: Which third of `_given_pool` the generated given names come from.
    pool_part: int = 0
    #: The sealed split's own role words and ordinary words (empty: the halves below).
    cue_words: tuple[str, ...] = ()
    #: The jieba frequency band [low, high) of the held-out splits' own ordinary
    #: words (None: the halves of `_dictionary_words`).
    word_freq: tuple[int, int] | None = None
    #: Share of generated surnames that are compound.
    compound_rate: float = 0.04
    #: Prefixes of the nicknames of slot {k} (小王, 阿敏, 老李); only the spring split has {k}.
    nick_prefixes: tuple[str, ...] = ()
    #: Given-name characters doubled into a nickname (婷婷, kind ``doubled``); only the summer split.
    doubled: str = ""
    #: Leave out of the ordinary words those a train-only name could spell (see
    #: `_spelled_by_train_names`); only the summer split, so the earlier bands stay as they were.
    words_unlike_train_names: bool = False
    #: Share of uncued names that are minority names (the autumn split draws more of them).
    minority_rate: float = 0.02
    #: Share of nicknames that are a doubled given character (where the split has them).
    doubled_rate: float = 0.3
    #: Whether the ordinary words are four characters long (only the autumn split; the others two
    #: or three).
    four_char_words: bool = False

    @property
    def cues(self) -> tuple[str, ...]:
        if self.cue_words:
            return self.cue_words
        return tuple(_CUES[self.parity :: 2]) + (_CUES_EXTRA if self.parity == 0 else ())

    @property
    def words(self) -> tuple[str, ...]:
        """Ordinary dictionary words that start with a surname character (平静, 海洋,
        高峰): half of them (by a hash) for each split; the sealed, blind, final and fresh splits take
        rarer ones that neither half holds, each from its own band of frequencies (spring too)."""
        if self.word_freq is not None:
            if self.words_unlike_train_names:
                return _rare_words_unlike_train_names(*self.word_freq, 4 if self.four_char_words else 0)
            return _rare_words(*self.word_freq)
        return _dictionary_words()[self.parity]


VOCABULARIES: dict[str, Vocabulary] = {
    "train": Vocabulary(
        tuple(_COMMON) + tuple(_TAIL[0::2]), _COMPOUND_A, tuple(_GIVEN2_A), _GIVEN1_A, _POOL_A,
        tuple(_WORDNAMES_A), _MINORITY_A, _ENGLISH_A, _NEG_A, _TEMPLATES_A, _CLASSES_A, _SCHOOLS_A, 0,
        ("集团", "有限公司", "股份有限公司", "科技公司", "（集团）有限公司", "总公司", "实业公司", "集团董事",
         "电子", "科技", "银行", "制药", "汽车", "建设", "食品", "医药", "传媒", "置业", "酒店", "服饰"),
        _SEPS_A, _TAILS_A, 0.35, 0,
    ),
    "test": Vocabulary(
        tuple(_COMMON) + tuple(_TAIL[1::2]), _COMPOUND_B, tuple(_GIVEN2_B), _GIVEN1_B, _POOL_B,
        tuple(_WORDNAMES_B), _MINORITY_B, _ENGLISH_B, _NEG_B, _TEMPLATES_B, _CLASSES_B, _SCHOOLS_B, 1,
        ("控股", "公司", "电器", "药业", "集团有限公司", "(控股)", "能源", "物流公司"),
        _SEPS_B, _TAILS_B, 0.1, 2,
    ),
}

# The tune split: its own template wordings (`_TEMPLATES_T`) and new names
# (another third of the character pool, other name-words, other curated given
# names), so that choices made on it reward generalising to unseen names and contexts.
VOCABULARIES["tune"] = replace(
    VOCABULARIES["train"], given2=tuple(_GIVEN2_T), given1=_GIVEN1_T, pool=_POOL_T,
    wordnames=tuple(_WORDNAMES_T), wordname_rate=0.1, pool_part=1, templates=_TEMPLATES_T,
)

# The sealed split: new names, words, wordings and negatives (bench.schoolcorpus_sealed),
# the single-character surnames of both other splits, the test split's rates.
VOCABULARIES["sealed"] = Vocabulary(
    tuple(_COMMON) + tuple(_TAIL), _sealed.COMPOUND_S, tuple(_sealed.GIVEN2_S), _sealed.GIVEN1_S, _sealed.POOL_S,
    tuple(_sealed.WORDNAMES_S), _sealed.MINORITY_S, _sealed.ENGLISH_S, _sealed.NEG_S, _sealed.TEMPLATES_S,
    _sealed.CLASSES_S, _sealed.SCHOOLS_S, 1, _sealed.ORG_SUFFIXES_S, _sealed.SEPS_S, _sealed.TAILS_S, 0.1, 3,
    _sealed.CUES_S, (100, 300),
)

# The blind split: new names, words, wordings and negatives again (bench.schoolcorpus_blind),
# disjoint from all four splits above; the test split's rates, rarer compound surnames.
VOCABULARIES["blind"] = Vocabulary(
    tuple(_COMMON) + tuple(_TAIL), _blind.COMPOUND_B, tuple(_blind.GIVEN2_B), _blind.GIVEN1_B, _blind.POOL_B,
    tuple(_blind.WORDNAMES_B), _blind.MINORITY_B, _blind.ENGLISH_B, _blind.NEG_B, _blind.TEMPLATES_B,
    _blind.CLASSES_B, _blind.SCHOOLS_B, 1, _blind.ORG_SUFFIXES_B, _blind.SEPS_B, _blind.TAILS_B, 0.1, 4,
    _blind.CUES_B, _blind.WORD_FREQ_B, _blind.COMPOUND_RATE_B,
)

# The final split: new names, words, wordings and negatives once more (bench.schoolcorpus_final),
# disjoint from all five splits above; the test split's rates, rarer compound surnames.
VOCABULARIES["final"] = Vocabulary(
    tuple(_COMMON) + tuple(_TAIL), _final.COMPOUND_F, tuple(_final.GIVEN2_F), _final.GIVEN1_F, _final.POOL_F,
    tuple(_final.WORDNAMES_F), _final.MINORITY_F, _final.ENGLISH_F, _final.NEG_F, _final.TEMPLATES_F,
    _final.CLASSES_F, _final.SCHOOLS_F, 1, _final.ORG_SUFFIXES_F, _final.SEPS_F, _final.TAILS_F, 0.1, 5,
    _final.CUES_F, _final.WORD_FREQ_F, _final.COMPOUND_RATE_F,
)

# The fresh split: new names, words, wordings and negatives once more (bench.schoolcorpus_fresh),
# disjoint from all six splits above; the test split's rates, rarer compound surnames.
VOCABULARIES["fresh"] = Vocabulary(
    tuple(_COMMON) + tuple(_TAIL), _fresh.COMPOUND_FR, tuple(_fresh.GIVEN2_FR), _fresh.GIVEN1_FR, _fresh.POOL_FR,
    tuple(_fresh.WORDNAMES_FR), _fresh.MINORITY_FR, _fresh.ENGLISH_FR, _fresh.NEG_FR, _fresh.TEMPLATES_FR,
    _fresh.CLASSES_FR, _fresh.SCHOOLS_FR, 1, _fresh.ORG_SUFFIXES_FR, _fresh.SEPS_FR, _fresh.TAILS_FR, 0.1, 6,
    _fresh.CUES_FR, _fresh.WORD_FREQ_FR, _fresh.COMPOUND_RATE_FR,
)

# The spring split: new names, words, wordings and negatives once more (bench.schoolcorpus_spring),
# disjoint from all seven splits above; the test split's rates, rarer compound surnames, and
# three situations of its own (chat, seating, nickname).
VOCABULARIES["spring"] = Vocabulary(
    tuple(_COMMON) + tuple(_TAIL), _spring.COMPOUND_SP, tuple(_spring.GIVEN2_SP), _spring.GIVEN1_SP,
    _spring.POOL_SP, tuple(_spring.WORDNAMES_SP), _spring.MINORITY_SP, _spring.ENGLISH_SP, _spring.NEG_SP,
    _spring.TEMPLATES_SP, _spring.CLASSES_SP, _spring.SCHOOLS_SP, 1, _spring.ORG_SUFFIXES_SP, _spring.SEPS_SP,
    _spring.TAILS_SP, 0.1, 7, _spring.CUES_SP, _spring.WORD_FREQ_SP, _spring.COMPOUND_RATE_SP,
    _spring.NICK_PREFIXES_SP,
)

# The summer split: new names, words, wordings and negatives once more (bench.schoolcorpus_summer),
# disjoint from all eight splits above; the test split's rates, rarer compound surnames, spring's
# three situations of its own and three more (award, duty, prose), and doubled given names.
VOCABULARIES["summer"] = Vocabulary(
    tuple(_COMMON) + tuple(_TAIL), _summer.COMPOUND_SU, tuple(_summer.GIVEN2_SU), _summer.GIVEN1_SU,
    _summer.POOL_SU, tuple(_summer.WORDNAMES_SU), _summer.MINORITY_SU, _summer.ENGLISH_SU, _summer.NEG_SU,
    _summer.TEMPLATES_SU, _summer.CLASSES_SU, _summer.SCHOOLS_SU, 1, _summer.ORG_SUFFIXES_SU, _summer.SEPS_SU,
    _summer.TAILS_SU, 0.1, 8, _summer.CUES_SU, _summer.WORD_FREQ_SU, _summer.COMPOUND_RATE_SU,
    _summer.NICK_PREFIXES_SU, _summer.DOUBLED_SU, True,
)

# The autumn split: new names, words, wordings and negatives once more (bench.schoolcorpus_autumn),
# disjoint from all nine splits above; the weak kinds of name drawn far more often, the summer
# split's situations and three more (pickup, club, counsel), four-character ordinary words.
VOCABULARIES["autumn"] = Vocabulary(
    tuple(_COMMON) + tuple(_TAIL), _autumn.COMPOUND_AU, tuple(_autumn.GIVEN2_AU), _autumn.GIVEN1_AU,
    _autumn.POOL_AU, tuple(_autumn.WORDNAMES_AU), _autumn.MINORITY_AU, _autumn.ENGLISH_AU, _autumn.NEG_AU,
    _autumn.TEMPLATES_AU, _autumn.CLASSES_AU, _autumn.SCHOOLS_AU, 1, _autumn.ORG_SUFFIXES_AU, _autumn.SEPS_AU,
    _autumn.TAILS_AU, _autumn.WORDNAME_RATE_AU, 9, _autumn.CUES_AU, _autumn.WORD_FREQ_AU, _autumn.COMPOUND_RATE_AU,
    _autumn.NICK_PREFIXES_AU, _autumn.DOUBLED_AU, True, _autumn.MINORITY_RATE_AU, _autumn.DOUBLED_RATE_AU, True,
)

_SLOT = re.compile(r"\{(\w)\}")


@lru_cache(maxsize=1)
def _dictionary_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """jieba's frequent 2–3 character words (not tagged as names) that begin with a
    single-character surname, split in two by CRC-32 parity."""
    import os
    import zlib

    import jieba

    from detectors.models.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

    halves: tuple[list[str], list[str]] = ([], [])
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            if tag.startswith("nr"):
                continue
            common = 2 <= len(word) <= 3 and word[0] in SINGLE_SURNAMES and int(freq) >= 300
            # 东方红, 百里挑一, 第五届: words that begin with a compound surname.
            compound = 3 <= len(word) <= 4 and word[:2] in COMPOUND_SURNAMES and int(freq) >= 20
            if common or compound:
                halves[zlib.crc32(word.encode()) & 1].append(word)
    return tuple(sorted(halves[0])), tuple(sorted(halves[1]))


@lru_cache(maxsize=4)
def _rare_words(low: int, high: int, length: int = 0) -> tuple[str, ...]:
    """jieba's 2–3 character words (or, with `length`, words of that many characters; not tagged
    as names) that begin with a single-character surname and whose frequency is in [low, high)
    (below either half of `_dictionary_words`), minus every split's name-words and those halves."""
    import os

    import jieba

    from detectors.models.surnames import SINGLE_SURNAMES

    names = set(_WORDNAMES_A + _WORDNAMES_B + _WORDNAMES_T + _sealed.WORDNAMES_S + _blind.WORDNAMES_B
                + _final.WORDNAMES_F + _fresh.WORDNAMES_FR + _spring.WORDNAMES_SP + _summer.WORDNAMES_SU
                + _autumn.WORDNAMES_AU)
    names.update(*_dictionary_words())  # 欧阳天: a compound-surname word of the other halves
    out: list[str] = []
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            sized = len(word) == length if length else 2 <= len(word) <= 3
            if (not tag.startswith("nr") and sized and word[0] in SINGLE_SURNAMES
                    and low <= int(freq) < high and word not in names):
                out.append(word)
    return tuple(sorted(out))


@lru_cache(maxsize=2)
def _rare_words_unlike_train_names(low: int, high: int, length: int = 0) -> tuple[str, ...]:
    """`_rare_words` without the words a train-only generated name could spell: every word of a
    held-out split is kept out of bench.name_train_extra's names (a name there must not be a word
    here), so such a word in a new split would redraw those names and change the training texts."""
    return tuple(w for w in _rare_words(low, high, length) if not _spelled_by_train_names(w))


def _spelled_by_train_names(word: str) -> bool:
    """Whether the train vocabulary's generated names (a train surname, single or compound, and
    one or two characters of the train given-name pool or its one-character given names) can
    spell `word`."""
    v = VOCABULARIES["train"]
    given = set(_given_pool()[0]) | set(v.given1)
    for surname in (word[:1], word[:2]):
        rest = word[len(surname):]
        if (surname in v.surnames or surname in v.compound) and 1 <= len(rest) <= 2 and set(rest) <= given:
            return True
    return False


def _surname(rng: random.Random, v: Vocabulary) -> str:
    if rng.random() < v.compound_rate:
        return rng.choice(v.compound)
    # Zipf-like: common surnames much more often than the tail.
    if rng.random() < 0.6:
        return rng.choice(v.surnames[:20])
    return rng.choice(v.surnames[20:])


# A name that is also a word (马力) is only a name when the context says so.
_CUE_BEFORE = ("学生", "同学", "组长", "班长", "队员", "我叫", "叫", "叫做", "名叫", "姓名", "姓名：", "家长：", "家长",
               "申请人：", "监护人", "本人", "该生", "孩子", "户名", "账户名", "委员", "副班长")


def _name(rng: random.Random, v: Vocabulary, cued: bool = False) -> tuple[str, str]:
    """(name, kind): kind is word, minority, compound, single (one-character given
    name) or common; the benchmark reports recall per kind."""
    r = rng.random()
    if cued and r < v.wordname_rate:
        return rng.choice(v.wordnames), "word"
    if r < v.minority_rate:
        return rng.choice(v.minority), "minority"
    sur = _surname(rng, v)
    kind = "compound" if len(sur) == 2 else "common"
    pool = _given_pool()[v.pool_part]
    r = rng.random()
    if r < 0.3:
        return sur + rng.choice(v.given2), kind
    if r < 0.45:
        return sur + rng.choice(v.pool) + rng.choice(v.pool), kind
    if r < 0.8:
        return sur + rng.choice(pool) + rng.choice(pool), kind
    single = rng.choice(v.given1) if rng.random() < 0.4 else rng.choice(pool)
    return sur + single, "single" if kind == "common" else kind


def _nickname(rng: random.Random, v: Vocabulary) -> tuple[str, str]:
    """(nickname, kind): 小 + a surname or a given-name character (小王, 小敏), 阿 + a given-name
    character (阿敏), 老 + a surname (老李), kind ``nickname``: how classmates, teachers and parents
    call one another; and, where the split has them, a doubled given character (婷婷), kind
    ``doubled``. A split without doubled characters draws exactly as before they existed."""
    if v.doubled and rng.random() < v.doubled_rate:
        return rng.choice(v.doubled) * 2, "doubled"
    prefix = rng.choice(v.nick_prefixes or ("小",))
    surname = rng.choice(v.surnames[:20]) if rng.random() < 0.6 else rng.choice(v.surnames[20:])
    given = rng.choice(v.given1) if rng.random() < 0.3 else rng.choice(_given_pool()[v.pool_part])
    if prefix in ("老", "大") or (prefix == "小" and rng.random() < 0.5):
        return prefix + surname, "nickname"
    return prefix + given, "nickname"


# Characters common in modern given names (a hand list of everyday name
# characters, in no particular order); split in three by position.
_NAME_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建文林兰飞斌宇浩凯健俊帆帅旭宁龙波晨阳"
    "鑫鸿海瑞国峰成东亮志春晓梅琳颖婷倩雪琦欣怡涵萱轩梓子思雨嘉佳诗梦雅琪悦瑶彤妍晴菲蕾露薇莉佩珊珍珠燕"
    "凤莲翠雯璐晶慧惠淑贤婉柔嫣琴韵乐心语诺然泽睿博铭哲鸣远航宏昊天逸晗煜宸皓翔骏豪霖楷毅锐锋坤岩松柏森"
    "桐楠芸茜荣蓉蔚蓓馨岚昕曦烨熙灿炜钰锦铮钧新信仁义礼智德正忠安康福禄喜庆祥吉贵富昌盛兴旺达伦维绍继"
    "承廷弘振家民生力立山川江云霜月星光辰启开创业永长青秋冬夏琛瑜璇瑾珂璟婧媛姝娅妮婕姗婵嫦玮玲珑琼瑛"
    "璋瑶瑗璞瀚澜润涌淳清源沛洁潇滢湘渝溪沐澄浚洲翊翱羽翰耀炫焕灵秀巧颜容若芊芷苒茹荷莹蓝菁萌蒙蓁"
)


@lru_cache(maxsize=1)
def _given_pool() -> tuple[tuple[str, ...], ...]:
    """Given-name characters in three disjoint thirds (train, tune, test), and the
    sealed, blind, final, fresh, spring, summer and autumn splits' own characters: each split draws most generated
    given names from its own part."""
    chars = tuple(dict.fromkeys(_NAME_CHARS))
    return (chars[0::3], chars[1::3], chars[2::3], tuple(dict.fromkeys(_sealed.NAME_CHARS_S)),
            tuple(dict.fromkeys(_blind.NAME_CHARS_B)), tuple(dict.fromkeys(_final.NAME_CHARS_F)),
            tuple(dict.fromkeys(_fresh.NAME_CHARS_FR)), tuple(dict.fromkeys(_spring.NAME_CHARS_SP)),
            tuple(dict.fromkeys(_summer.NAME_CHARS_SU)), tuple(dict.fromkeys(_autumn.NAME_CHARS_AU)))


def _render(template: str, rng: random.Random, v: Vocabulary, used: set[str]) -> tuple[str, list[Span]]:
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    last = 0
    for m in _SLOT.finditer(template):
        out.append(template[last : m.start()])
        pos += m.start() - last
        last = m.end()
        slot = m.group(1)
        gold = slot in "nek"
        tag = ""
        if slot == "n":
            cued = template[: m.start()].rstrip(":： 是叫为，").endswith(_CUE_BEFORE + _CUES + v.cue_words)
            value, tag = _name(rng, v, cued)
            while value in used and len(used) < 50:
                value, tag = _name(rng, v, cued)
            used.add(value)
        elif slot == "k":
            value, tag = _nickname(rng, v)
            while value in used and len(used) < 50:
                value, tag = _nickname(rng, v)
            used.add(value)
        elif slot == "e":
            value, tag = rng.choice(v.english), "english"
        elif slot == "c":
            value = rng.choice(v.classes)
        elif slot == "s":
            value = rng.choice(v.schools)
        elif slot == "t":
            value = rng.choice(v.negatives["title"])
        elif slot == "w":
            value = rng.choice(v.words)
        elif slot == "o":
            # A company named like a person (马钢, 东方日升): not a name.
            value = _surname(rng, v) + "".join(rng.choice(v.pool) for _ in range(rng.randint(1, 2))) \
                + rng.choice(v.org_suffixes)
        else:
            kind = rng.choice(sorted(k for k in v.negatives if k != "title"))
            value = rng.choice(v.negatives[kind])
        if gold:
            spans.append(Span("PERSON", pos, pos + len(value), value, tag))
        out.append(value)
        pos += len(value)
    out.append(template[last:])
    return "".join(out), spans


def generate(split: str, n: int, seed: int | None = None) -> list[Sample]:
    """`n` labelled texts of the `train`, `tune`, `test`, `sealed`, `blind`, `final`, `fresh`, `spring`, `summer` or
    `autumn` vocabulary (each with its own default seed). About one text in six is a hard negative without a name."""
    v = VOCABULARIES[split]
    seeds = {"train": TRAIN_SEED, "tune": TUNE_SEED, "test": TEST_SEED, "sealed": SEALED_SEED, "blind": BLIND_SEED,
             "final": FINAL_SEED, "fresh": FRESH_SEED, "spring": SPRING_SEED, "summer": SUMMER_SEED,
             "autumn": AUTUMN_SEED}
    rng = random.Random(seeds[split] if seed is None else seed)
    situations: Sequence[str] = sorted(v.templates)
    out: list[Sample] = []
    for i in range(n):
        situation = rng.choice(situations)
        if rng.random() < 0.15:  # a line introducing someone by a role word
            situation = "cue_line"
            cue = rng.choice(v.cues)
            parts = [cue + rng.choice(v.seps) + "{n}" + rng.choice(v.tails)]
        else:
            parts = [rng.choice(v.templates[situation])]
        if rng.random() < 0.3:  # two situations in one prompt
            parts.append(rng.choice(v.templates[rng.choice(situations)]))
        text = ""
        spans: list[Span] = []
        used: set[str] = set()
        for part in parts:
            piece, piece_spans = _render(part, rng, v, used)
            sep = "\n" if text else ""
            offset = len(text) + len(sep)
            spans += [Span(s.entity, s.start + offset, s.end + offset, s.text, s.tag) for s in piece_spans]
            text += sep + piece
        out.append(Sample(f"school_{split}", str(i), text, tuple(spans), frozenset({"PERSON"}), situation))
    return out
