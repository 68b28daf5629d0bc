"""The learned Chinese-name span classifier: candidate spans, hashed features and scoring.

Theory of operation. A candidate is a span that starts at a surname (single
or compound) and is 2–3 characters long (3–4 after a compound surname), or
the surname alone before 先生/女士 (马先生). Each
candidate gets a fixed set of hashed features: characters, bigrams and
trigrams around and inside it (so cues such as 学生/姓名:/叫 and 同学/老师 are
learned, not listed), character classes at its edges, the surname/given/final
character likelihood ratios of `detectors.models.name_model`, and dictionary codes
(word, jieba name, place, compound surname and frequency) for the windows a
name competes with (王老吉, 麻婆豆腐, 蓝鲸, 高楼林立) and for the whole words
right before and after it, the distance to an organisation head that follows
(东方日升…有限公司), and how transliteration-like its characters are (约翰,
鲍勃). A logistic model sums the
weights of its features. Everything is numpy over all candidates of a text at
once, so the cost per text is a few dozen array operations.

The same `featurize` serves training (`bench.train_names`) and detection, so
they cannot drift apart. Weights live in `name_tagger.npz` next to this file,
with their provenance in `name_tagger.json` and `PROVENANCE.md`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from detectors.models.keyindex import KeyIndex
from detectors.models.name_model import LEX_PLACE, LEX_SURNAME, WORD_KINDS, NameModel
from detectors.models.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

__all__ = [
    "CONTEXT_COLUMNS", "DEFAULT_MARGINS", "FEATURE_BITS", "GIVEN_COLUMNS", "ORG_GAP_STOPS", "WEIGHTS_PATH", "Candidates", "Lexicon",
    "NameTagger", "build_lexicon",
    "candidates", "decode", "featurize", "load_name_tagger",
]

#: Hashed feature space: 2**20 weights.
FEATURE_BITS = 20
_MASK = np.uint64((1 << FEATURE_BITS) - 1)
WEIGHTS_PATH = Path(__file__).resolve().parent / "name_tagger.npz"
#: Feature columns that read the characters around a candidate (not its own
#: characters, classes or dictionary codes); training drops them together for
#: some rows so the model also learns names apart from the contexts it saw.
CONTEXT_COLUMNS = (1, 2, 3, 8, 9, 10, 11, 12, 13, 16, 17, 18, 41, 42, 43, 44, 45, 47, 48, 49, 50, 51, 52)
#: Feature columns that read which given-name characters a candidate has (not their
#: classes or likelihoods): training drops them for some rows so the model also
#: judges names whose characters it never saw (a new pupil's 沐, 瑾).
GIVEN_COLUMNS = (5, 6, 7, 14, 15, 19)
_PAD = 4  # padding characters (code 0) on each side of a text
_BMP = 0x10000

IntArray = npt.NDArray[np.int64]
UIntArray = npt.NDArray[np.uint64]

# Character classes at a candidate's edges.
_C_PAD, _C_CJK, _C_DIGIT, _C_LATIN, _C_SPACE, _C_BREAK, _C_SEP, _C_OTHER = range(8)
_BREAKS = "。！？!?；;\n\r"
_SEPS = ",，、:：()（）[]【】《》<>\"'“”‘’|/·•-—"


def _class_table() -> npt.NDArray[np.uint8]:
    table = np.full(_BMP, _C_OTHER, dtype=np.uint8)
    table[0] = _C_PAD
    table[0x4E00:0xA000] = _C_CJK
    table[0x3400:0x4DC0] = _C_CJK
    table[ord("0") : ord("9") + 1] = _C_DIGIT
    table[ord("A") : ord("Z") + 1] = _C_LATIN
    table[ord("a") : ord("z") + 1] = _C_LATIN
    for ch in " \t\u3000":
        table[ord(ch)] = _C_SPACE
    for ch in _SEPS:
        table[ord(ch)] = _C_SEP
    for ch in _BREAKS:
        table[ord(ch)] = _C_BREAK
    return table


_CLASS = _class_table()


def _char_table(chars: frozenset[str]) -> npt.NDArray[np.bool_]:
    table = np.zeros(_BMP, dtype=np.bool_)
    for ch in chars:
        table[ord(ch)] = True
    return table


_SINGLE = _char_table(SINGLE_SURNAMES)
# A surname alone is a candidate only before the formal address 先生/女士 (马先生,
# which Resume labels as 马); a surname before a role (王老师, 李阿姨, 张师傅) is
# never reported: it names nobody in particular.
_TITLE_FIRST = _char_table(frozenset("先女"))
_WORD_KIND_CODES = np.array(sorted(WORD_KINDS), dtype=np.uint8)
_COMPOUND_FIRST = _char_table(frozenset(s[0] for s in COMPOUND_SURNAMES))
# Every candidate starts at one of these characters: a text without any has none.
_ANY_SURNAME = re.compile("[" + re.escape("".join(sorted(SINGLE_SURNAMES | {s[0] for s in COMPOUND_SURNAMES}))) + "]")


def _bins(values: Mapping[str, float], lo: float, hi: float, step: float) -> npt.NDArray[np.uint8]:
    """A dense per-code-point table of binned values; bin 0 means absent."""
    table = np.zeros(_BMP, dtype=np.uint8)
    n = int((hi - lo) / step) + 1
    for ch, v in values.items():
        if len(ch) == 1 and ord(ch) < _BMP:
            table[ord(ch)] = 1 + int(min(n - 1, max(0.0, (v - lo) / step)))
    return table


#: Heads that end an organisation's name (company, bank, school, hospital,
#: industry words): a surname-initial span a few characters before one is
#: usually the start of the organisation (东方日升（宁波）电力开发有限公司,
#: 高德科技), not a person. The tagger learns how much that weighs.
ORG_HEADS: tuple[str, ...] = tuple((
    "公司 集团 股份 有限 控股 银行 科技 实业 药业 制药 电器 能源 电子 电力 传媒 置业 地产 证券 保险 投资 "
    "基金 信托 物流 汽车 建设 建筑 工程 食品 医药 酒店 服饰 大学 学院 医院 研究 协会 商会 工厂 国际 网络 "
    "信息 技术 软件 通信 机械 化工 钢铁 设备 材料 纺织 农业 矿业 航空 旅游 文化 教育 咨询 贸易 商贸 百货 "
    "超市 事务所 出版社 报社 电视台 商场 商行 企业 总部 分行 支行 分公司 光电 新材 生物 环保 包装 "
    "印刷 家居 电气 重工 物业 租赁 餐饮 广告 装饰 医疗 影视 娱乐 体育 机电 仪器 塑料 玻璃 水泥 陶瓷"
).split())
_ORG_SEPS = _char_table(frozenset("()（）"))
#: Function characters that no organisation's name runs across: a head after one
#: belongs to another phrase (王一诺的爸爸在|华为公司, 听李华讲，张三周末去了|科技馆).
ORG_GAP_STOPS = "的了在是和与说去到把被给让也都就还又"
_ORG_STOP_CHARS = _char_table(frozenset(ORG_GAP_STOPS))
_ORG_FIRST = _char_table(frozenset(w[0] for w in ORG_HEADS))


# --------------------------------------------------------------------------- hashing

_K = [np.uint64(k) for k in (
    0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB,
)]
_POLY = np.uint64(1_000_003)


def _poly_key(chars: Sequence[npt.NDArray[np.uint32] | UIntArray]) -> UIntArray:
    # k = k * _POLY + c + 1 over the characters from k = 0 (mod 2**64).
    k = chars[0].astype(np.uint64) + np.uint64(1)
    for c in chars[1:]:
        k *= _POLY
        k += c.astype(np.uint64, copy=False)
        k += np.uint64(1)
    k ^= np.uint64((len(chars) * 0xFF51AFD7ED558CCD) & 0xFFFFFFFFFFFFFFFF)
    return k


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Dictionary words 2–4 characters long as sorted polynomial keys with codes,
    and per-character likelihood-ratio bins from the name model."""

    keys: UIntArray
    codes: npt.NDArray[np.uint8]
    surname_bin: npt.NDArray[np.uint8]
    given_bin: npt.NDArray[np.uint8]
    final_bin: npt.NDArray[np.uint8]
    rarity_bin: npt.NDArray[np.uint8]
    translit_bin: npt.NDArray[np.uint8]
    #: Sorted keys of the organisation heads (`ORG_HEADS`), two and three characters.
    org_keys: UIntArray
    #: Frequent dictionary entries (jieba count >= 100, of any tag: 安静 is tagged a
    #: name there) whose first character is a weak surname (likelihood ratio below
    #: 3: 安, 海, 马, not 李 or 王): as a name such a word needs a cue (学生安静); 李娜 does not.
    common_words: frozenset[str]
    #: Surname characters that are weak evidence of a name: a likelihood ratio below
    #: 0 (bins under 7: 和, 由, 来) or a frequent function word (于, 向: `NameModel.function_chars`).
    weak_surname: npt.NDArray[np.bool_]
    #: The name model's lexicon (word -> code), shared, not copied.
    words: Mapping[str, int]
    #: Frequent one-character function words (`NameModel.function_chars`: 这, 我, 于).
    function_chars: frozenset[str]
    #: `keys` -> `codes` as a hash index: what a binary search into `keys` finds, for the
    #: thousands of windows of `featurize` (`detectors.models.keyindex`); the few hundred
    #: of `lookup` cost less in a binary search than in the index's dozen array operations.
    index: KeyIndex

    def lookup(self, chars: Sequence[npt.NDArray[np.uint32] | UIntArray]) -> npt.NDArray[np.uint8]:
        """Lexicon code of each row's window (0 when not a word)."""
        key = _poly_key(chars)
        pos = np.searchsorted(self.keys, key)
        pos = np.minimum(pos, len(self.keys) - 1)
        return np.where(self.keys[pos] == key, self.codes[pos], 0).astype(np.uint8)

    def code(self, text: str) -> int:
        """Lexicon code of `text` (2–4 characters; 0 when not in the lexicon): one dict
        lookup in the name model's own table (the sorted keys serve arrays of windows)."""
        return self.words.get(text, 0) if 2 <= len(text) <= 4 else 0

    def is_common_word(self, text: str) -> bool:
        """`text` is one of `common_words` (see `build_lexicon`)."""
        return text in self.common_words

    def is_word(self, text: str, min_freq_bin: int = 0) -> bool:
        """`text` is a dictionary word or place, not a name (努尔 is one in jieba's
        dictionary), at least as frequent as `min_freq_bin` (log10 of jieba's count)."""
        code = self.code(text)
        return (code // 8 in WORD_KINDS or code // 8 == LEX_PLACE) and code % 8 >= min_freq_bin


def build_lexicon(model: NameModel) -> Lexicon:
    keys_parts: list[UIntArray] = []
    code_parts: list[npt.NDArray[np.uint8]] = []
    by_length: dict[int, tuple[list[str], list[int]]] = {2: ([], []), 3: ([], []), 4: ([], [])}
    for word, code in model.lexicon.items():
        bucket = by_length.get(len(word))
        if bucket is not None:
            bucket[0].append(word)
            bucket[1].append(code)
    for n, (words, word_codes) in by_length.items():
        # One UTF-32 encode per length instead of a loop over characters.
        cps = np.frombuffer("".join(words).encode("utf-32-le"), dtype="<u4").reshape(-1, n)
        ok = (cps < _BMP).all(axis=1)
        cols = cps[ok].astype(np.uint64)
        keys_parts.append(_poly_key([cols[:, j] for j in range(n)]))
        code_parts.append(np.array(word_codes, dtype=np.uint8)[ok])
    keys = np.concatenate(keys_parts)
    codes = np.concatenate(code_parts)
    order = np.argsort(keys, kind="stable")
    rarity = {ch: -v for ch, v in model.background.items()}
    surname_bin = _bins(model.surname_llr, -6.0, 8.0, 1.0)
    keys, codes = keys[order], codes[order]
    common_words = frozenset(
        w for w, code in model.lexicon.items()
        if len(w) <= 3 and code // 8 != LEX_SURNAME and code % 8 >= 2 and ord(w[0]) < _BMP and surname_bin[ord(w[0])] < 10
    )
    return Lexicon(
        keys=keys, codes=codes, index=KeyIndex.build(keys, codes),
        surname_bin=surname_bin,
        given_bin=_bins(model.given_llr, -6.0, 8.0, 1.0),
        final_bin=_bins(model.final_llr, -6.0, 8.0, 1.0),
        rarity_bin=_bins(rarity, 6.0, 17.0, 1.0),
        translit_bin=_bins(model.translit_llr, -2.0, 6.0, 1.0),
        common_words=common_words,
        weak_surname=(surname_bin < 7) | _char_table(model.function_chars),
        words=model.lexicon,
        function_chars=model.function_chars,
        org_keys=np.unique(np.concatenate([_word_keys([w for w in ORG_HEADS if len(w) == n]) for n in (2, 3)])),
    )


def _word_keys(words: list[str]) -> UIntArray:
    if not words:
        return np.zeros(0, dtype=np.uint64)
    n = len(words[0])
    cps = np.frombuffer("".join(words).encode("utf-32-le"), dtype="<u4").reshape(-1, n).astype(np.uint64)
    return _poly_key([cps[:, j] for j in range(n)])


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True, slots=True)
class Candidates:
    """Candidate spans of one text: start (in the text), length, feature rows."""

    starts: IntArray
    lengths: IntArray
    features: UIntArray

    def __len__(self) -> int:
        return int(self.starts.shape[0])


def code_points(text: str) -> npt.NDArray[np.uint32]:
    """Code points of `text` padded with `_PAD` zeros on each side; outside the BMP -> 0xFFFF."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    out = np.zeros(len(cp) + 2 * _PAD, dtype=np.uint32)
    out[_PAD : _PAD + len(cp)] = np.minimum(cp, _BMP - 1)
    return out


def candidates(
    text: str, lex: Lexicon, after_words: bool = True
) -> tuple[npt.NDArray[np.uint32], IntArray, IntArray]:
    """(padded code points, padded starts, lengths) of every candidate span.

    `after_words=False` is the candidate set training reads (`bench.train_names`):
    there 孙 right after 长 never starts a candidate, so round five's detection-time
    change (孙 starts one after a word ending in 长: 班长|孙一然) leaves `make model`'s
    output as it was."""
    cp = code_points(text)
    cls = _CLASS[cp]
    n = len(text)
    # Slices of the padded arrays at offsets 0, 1 and 2 from each character of the text.
    chars = cp[_PAD : _PAD + n]
    cjk = cls == _C_CJK
    cjk1 = cjk[_PAD + 1 : _PAD + 1 + n]
    single = np.flatnonzero(_SINGLE[chars] & cjk1 & cjk[_PAD : _PAD + n]) + _PAD
    if len(single):
        # Not the second character of a compound surname (长|孙一然), unless the
        # first one ends a word (班长|孙一然, 家长|孙一然: a role word, then 孙).
        inner = lex.lookup([cp[single - 1], cp[single]]) // 8 == 4
        if after_words and inner.any():
            before = lex.lookup([cp[single - 2], cp[single - 1]]) // 8
            inner &= ~np.isin(before, _WORD_KIND_CODES)
        single = single[~inner]
    titled = single[_TITLE_FIRST[cp[single + 1]]]
    starts = [single, single, titled]
    lengths = [np.full(len(single), 2), np.full(len(single), 3), np.full(len(titled), 1)]
    first = np.flatnonzero(_COMPOUND_FIRST[chars] & cjk1 & cjk[_PAD + 2 : _PAD + 2 + n]) + _PAD
    if len(first):
        codes = lex.lookup([cp[first], cp[first + 1]])
        comp = first[codes // 8 == 4]
        starts += [comp, comp]
        lengths += [np.full(len(comp), 3), np.full(len(comp), 4)]
    s = np.concatenate(starts)
    ln = np.concatenate(lengths)
    # The last character must be Chinese too.
    keep = cls[s + ln - 1] == _C_CJK
    return cp, s[keep], ln[keep]


def _window_codes(c: UIntArray, starts: list[IntArray], lengths: tuple[int, ...], lex: Lexicon) -> UIntArray:
    """The lexicon code of each window (a row per window kind: its padded start per
    candidate and its length), in one search. Where a length's windows outnumber
    the text's positions (many candidates share them), each position is looked
    up once and gathered."""
    n = len(starts[0])
    plan: list[tuple[list[int], IntArray, IntArray | None]] = []
    keys: list[UIntArray] = []
    for k in (2, 3, 4):
        rows = [i for i, length in enumerate(lengths) if length == k]
        idx = np.concatenate([starts[i] for i in rows])
        pos: IntArray | None = None
        if len(idx) > len(c):
            mark = np.zeros(len(c), dtype=np.bool_)
            mark[idx] = True
            pos = np.flatnonzero(mark)
        at = idx if pos is None else pos
        keys.append(_poly_key([c[at + j] for j in range(k)]))
        plan.append((rows, idx, pos))
    found = _codes(np.concatenate(keys), lex)
    out = np.empty((len(starts), n), dtype=np.uint64)
    offset = 0
    for (rows, idx, pos), part in zip(plan, keys):
        got = found[offset : offset + len(part)]
        offset += len(part)
        if pos is not None:
            spread = np.zeros(len(c), dtype=np.uint64)
            spread[pos] = got
            got = spread[idx]
        out[rows] = got.reshape(len(rows), n)
    return out


def _codes(keys: UIntArray, lex: Lexicon) -> UIntArray:
    return lex.index.lookup(keys).astype(np.uint64)


# Dictionary windows of a candidate, as (from, offset, length): the window starts
# at offset from the candidate's start ("s"), last character ("l") or padded end ("e").
_WINDOWS = (("s", 0, 2), ("s", 0, 3), ("s", 0, 4), ("s", -1, 2), ("s", -2, 3), ("s", 1, 2), ("l", 0, 2), ("e", 0, 2),
            ("s", -1, 3), ("l", -1, 3), ("e", -2, 2))
# Whole words ending right before the candidate and starting right after it.
_BOUNDS = (("s", -2, 2), ("s", -3, 3), ("e", 0, 3))

# The feature columns, one row each in the bank `featurize` builds (row 0 is
# zeros: a feature with fewer than four columns hashes zeros in their place).
_COLUMNS = (
    "zero", "L", "comp", "u-3", "u-2", "u-1", "u0", "u1", "cmid", "cl", "r0", "r1", "r2", "given_key",
    "cls_s-2", "cls_s-1", "cls_e", "cls_e+1", "sur_bin", "given_bin", "final_bin", "mid_bin", "rar_s1", "rar_last",
    *(f"code{i}" for i in range(len(_WINDOWS))), "span_code", "span_kind", "org", "tr_s", "tr_s1", "tr_last",
    "bcode0", "bcode1", "bcode2", "left_word", "right_word",
)
_ROW = {name: i for i, name in enumerate(_COLUMNS)}
#: The features, in their fixed order (`CONTEXT_COLUMNS` indexes it): the columns each hashes.
_PARTS: tuple[tuple[str, ...], ...] = (
    ("L", "comp"),  # bias per length and surname kind
    ("u-3",), ("u-2",), ("u-1",),  # left context (shared by lengths)
    ("u0", "L"), ("u1", "L"), ("cmid", "L"), ("cl", "L"),
    ("r0",), ("r1",), ("r2",),  # right context
    ("u-2", "u-1"), ("u-3", "u-2", "u-1"), ("u-1", "u0"),
    ("u0", "u1", "L"), ("given_key", "L"), ("cl", "r0"), ("r0", "r1"),
    ("r0", "r1", "r2"), ("u1", "cmid"),
    ("cls_s-1", "cls_e"), ("cls_s-2", "cls_s-1"), ("cls_e", "cls_e+1"),
    ("sur_bin", "comp"),
    ("given_bin", "L"),
    ("final_bin", "L"),
    ("mid_bin", "L"),
    ("rar_s1", "rar_last", "L"),
    *((f"code{i}", "L") for i in range(len(_WINDOWS))),
    ("cls_s-1", "cls_e", "L", "comp"),
    # The candidate is itself a word standing between separators (海洋，破浪).
    ("span_code", "cls_s-1", "cls_e", "L"),
    # ... or a word after a cue (学生马力, 姓名：万里) or before one (许诺同学).
    ("u-2", "u-1", "span_kind", "L"), ("u-1", "span_kind", "L"), ("r0", "r1", "span_kind"),
    # An organisation head follows within a few characters (东方日升（宁波）电力…).
    ("org", "L", "comp"), ("org", "cls_s-1", "span_kind"),
    # Transliteration characters (约翰, 鲍勃, 艾尔肯): foreign names are not reported.
    ("tr_s", "tr_s1", "tr_last", "L"),
    ("bcode0", "L"), ("bcode1", "L"), ("bcode2", "L"),
    ("left_word", "right_word", "span_kind", "L"), ("left_word", "cls_e", "L"), ("cls_s-1", "right_word", "L"),
)
# Hashing a feature mixes in its four columns one by one, h = (h ^ col * K[j + 1]) * K[5],
# a missing column counting as 0; so a feature with m columns needs m steps and then
# one multiplication by K[5] ** (4 - m) (mod 2**64, where the steps compute). The
# features go by column count, most first: step j hashes a prefix of the rows.
_BY_WIDTH = sorted(range(len(_PARTS)), key=lambda t: -len(_PARTS[t]))
_UNSORT = np.argsort(np.array(_BY_WIDTH), kind="stable")
_STEP_ROWS = tuple(
    np.array([_ROW[_PARTS[t][j]] for t in _BY_WIDTH if len(_PARTS[t]) > j], dtype=np.intp) for j in range(4)
)
_PART_SEEDS = (np.array([t + 1 for t in _BY_WIDTH], dtype=np.uint64) * _K[0])[:, None]
_MISSING_STEPS = np.array([pow(int(_K[5]), 4 - len(_PARTS[t]), 1 << 64) for t in _BY_WIDTH], dtype=np.uint64)[:, None]
_U_OFFSETS = np.array([-3, -2, -1, 0, 1], dtype=np.intp)[:, None]
_R_OFFSETS = np.array([0, 1, 2], dtype=np.intp)[:, None]
_EIGHT = np.uint64(8)


def featurize(cp: npt.NDArray[np.uint32], s: IntArray, ln: IntArray, lex: Lexicon) -> UIntArray:
    """Hashed feature indices, one row per candidate (padded start `s`, length `ln`).

    The columns go into one bank (`_COLUMNS`) and every feature gathers its four
    from it at once: a few dozen array operations per text however many candidates."""
    return _hashed(cp, s, ln, lex)[_UNSORT].T


def _hashed(cp: npt.NDArray[np.uint32], s: IntArray, ln: IntArray, lex: Lexicon) -> UIntArray:
    """`featurize`'s indices as computed: one row per feature in `_BY_WIDTH` order, one
    column per candidate (the scorer gathers weights before putting them in order)."""
    n = len(s)
    c = cp.astype(np.uint64)
    cls8 = _CLASS[cp]
    cls = cls8.astype(np.uint64)
    e = s + ln  # padded end (exclusive)
    last = e - 1
    has_mid = ln >= 3
    mid = np.where(has_mid, s + 2, s)  # only meaningful where has_mid
    none = np.uint64(0x10FFFF)
    bank = np.empty((len(_COLUMNS), n), dtype=np.uint64)
    bank[0] = 0
    bank[_ROW["L"]] = ln
    bank[_ROW["u-3"] : _ROW["u1"] + 1] = c[s + _U_OFFSETS]
    cmid = np.where(has_mid, c[mid], none)
    bank[_ROW["cmid"]] = cmid
    bank[_ROW["cl"]] = c[last]
    bank[_ROW["r0"] : _ROW["r2"] + 1] = c[e + _R_OFFSETS]
    bank[_ROW["given_key"]] = _poly_key(
        [c[s + 1], cmid, np.where(ln >= 4, c[np.minimum(s + 3, len(c) - 1)], none)])
    bank[_ROW["cls_s-2"]] = cls[s - 2]
    bank[_ROW["cls_s-1"]] = cls[s - 1]
    bank[_ROW["cls_e"]] = cls[e]
    bank[_ROW["cls_e+1"]] = cls[e + 1]
    cs, cs1, clast = cp[s], cp[s + 1], cp[last]
    bank[_ROW["sur_bin"]] = lex.surname_bin[cs]
    bank[_ROW["given_bin"]] = lex.given_bin[cs1]
    bank[_ROW["final_bin"]] = lex.final_bin[clast]
    bank[_ROW["mid_bin"]] = np.where(has_mid, lex.given_bin[cp[mid]], 255)
    bank[_ROW["rar_s1"]] = lex.rarity_bin[cs1]
    bank[_ROW["rar_last"]] = lex.rarity_bin[clast]
    tr = lex.translit_bin
    bank[_ROW["tr_s"]] = tr[cs]
    bank[_ROW["tr_s1"]] = tr[cs1]
    bank[_ROW["tr_last"]] = tr[clast]
    # Dictionary windows and boundary words: each distinct one looked up once.
    anchor = {"s": s, "l": last, "e": e}
    looked = _WINDOWS + _BOUNDS
    codes = _window_codes(c, [anchor[a] + off for a, off, _k in looked], tuple(k for _a, _off, k in looked), lex)
    first_code = _ROW["code0"]
    bank[first_code : first_code + len(_WINDOWS)] = codes[: len(_WINDOWS)]
    bcodes = codes[len(_WINDOWS) :]
    bank[_ROW["bcode0"] : _ROW["bcode2"] + 1] = bcodes
    bank[_ROW["comp"]] = ln - (has_mid & (codes[0] // _EIGHT == 4))
    span_code = np.where(ln == 2, codes[0], np.where(ln == 3, codes[1], np.where(ln == 4, codes[2], 0)))
    bank[_ROW["span_code"]] = span_code
    bank[_ROW["span_kind"]] = span_code // _EIGHT
    bank[_ROW["org"]] = _org_ahead(cp, c, cls8, e, lex)
    # Whole words ending right before the candidate and starting right after it
    # (监护人|王一诺|参加): word boundaries that hold for cue words never seen
    # next to a name in training.
    bank[_ROW["left_word"]] = np.where(bcodes[1] > 0, bcodes[1], bcodes[0]) // _EIGHT
    bank[_ROW["right_word"]] = np.where(bcodes[2] > 0, bcodes[2], codes[7]) // _EIGHT
    h = bank[_STEP_ROWS[0]]
    h *= _K[1]
    h ^= _PART_SEEDS
    h *= _K[5]
    for j in (1, 2, 3):
        rows = _STEP_ROWS[j]
        col = bank[rows]
        col *= _K[j + 1]
        head = h[: len(rows)]
        head ^= col
        head *= _K[5]
    h *= _MISSING_STEPS
    h ^= h >> np.uint64(31)
    h *= _K[6]
    h ^= h >> np.uint64(29)
    h &= _MASK
    return h


def _org_ahead(cp: npt.NDArray[np.uint32], c: UIntArray, cls: npt.NDArray[np.uint8], e: IntArray,
               lex: Lexicon) -> UIntArray:
    """Per candidate: 1 + the distance from its end to the next organisation head
    (capped at 8) when only Chinese characters and brackets lie between; 0 when none."""
    # Only where an organisation head can start (a few dozen first characters).
    pos = np.flatnonzero(_ORG_FIRST[cp[: len(cp) - 2]])
    keys2 = _poly_key([c[pos], c[pos + 1]])
    keys3 = _poly_key([c[pos], c[pos + 1], c[pos + 2]])
    ok = lex.org_keys
    last = len(ok) - 1
    heads = pos[(ok[np.minimum(np.searchsorted(ok, keys2), last)] == keys2)
                | (ok[np.minimum(np.searchsorted(ok, keys3), last)] == keys3)]
    if not len(heads):
        return np.zeros(len(e), dtype=np.uint64)
    stops = np.flatnonzero(((cls != _C_CJK) & ~_ORG_SEPS[cp]) | _ORG_STOP_CHARS[cp])
    nxt = heads[np.minimum(np.searchsorted(heads, e), len(heads) - 1)]
    stop = stops[np.minimum(np.searchsorted(stops, e), len(stops) - 1)]
    valid = (nxt >= e) & ((nxt < stop) | (stop < e)) & (nxt - e <= 10)
    return np.where(valid, 1 + np.minimum(nxt - e, 8), 0).astype(np.uint64)


# --------------------------------------------------------------------------- model


#: The margins a tagger file without its own (written before round six) decodes with.
DEFAULT_MARGINS = {"cue_margin": 3.0, "list_margin": 2.0, "people_margin": 1.5}


@dataclass(frozen=True, slots=True)
class NameTagger:
    """Learned weights (one float per hashed feature), the decision threshold (a
    logit) and the decoding margins below it (`spans`), all chosen by `make model`
    on the tuning data; see `name_tagger.json`."""

    weights: npt.NDArray[np.float32]
    threshold: float
    lexicon: Lexicon
    #: How far below the threshold a strongly cued candidate may score.
    cue_margin: float = DEFAULT_MARGINS["cue_margin"]
    #: ... a candidate in a list or a table column with an accepted name.
    list_margin: float = DEFAULT_MARGINS["list_margin"]
    #: ... and any candidate in a text that surely names someone.
    people_margin: float = DEFAULT_MARGINS["people_margin"]

    def score(self, text: str) -> Candidates:
        """Every candidate of `text` with its logit in `features`' place: use `spans`."""
        cp, s, ln = candidates(text, self.lexicon)
        return Candidates(s - _PAD, ln, featurize(cp, s, ln, self.lexicon))

    def logits(self, feats: UIntArray) -> npt.NDArray[np.float32]:
        return self.weights[feats.astype(np.intp)].sum(axis=1)

    def spans(self, text: str, cued: Callable[[str, int, int], bool] | None = None,
              repeat_margin: float = 2.0) -> list[tuple[int, int, float]]:
        """Non-overlapping (start, end, logit) above the threshold, with the tagger's
        own margins (`decode`)."""
        ranked = self.ranked(text, self.threshold - max(repeat_margin, self.cue_margin if cued else 0.0,
                                                        self.list_margin, self.people_margin))
        if ranked is None:
            return []
        return decode(text, *ranked, threshold=self.threshold, repeat_margin=repeat_margin, cue_margin=self.cue_margin,
                      cued=cued, list_margin=self.list_margin, people_margin=self.people_margin)

    def ranked(self, text: str, floor: float) -> tuple[list[int], list[int], list[float]] | None:
        """Starts, ends and logits of the candidates scoring at least `floor`, best first."""
        if not text or _ANY_SURNAME.search(text) is None:
            return None
        cp, s, ln = candidates(text, self.lexicon)
        if not len(s):
            return None
        # `self.logits(featurize(...))`: the weights are gathered in the hashing's row order
        # and those rows put in the features' order (float32, half the bytes of the indices);
        # the same (candidates × features) layout is summed, so the logits are the same floats.
        z = self.weights[_hashed(cp, s, ln, self.lexicon).view(np.int64)][_UNSORT].T.sum(axis=1)
        hit = np.nonzero(z >= floor)[0]
        if not len(hit):
            return None
        order = hit[np.argsort(-z[hit], kind="stable")]
        starts = s - _PAD
        return starts[order].tolist(), (starts + ln)[order].tolist(), z[order].tolist()


def decode(text: str, starts: Sequence[int], ends: Sequence[int], zs: Sequence[float], *, threshold: float,
           repeat_margin: float = 2.0, cue_margin: float = 0.0, cued: Callable[[str, int, int], bool] | None = None,
           list_margin: float = 0.0, people_margin: float = 0.0,
           people_confidence: float = 3.0) -> list[tuple[int, int, float]]:
    """The spans of ranked candidates (best first): non-overlapping ones above the
    threshold; then other occurrences of an accepted name within `repeat_margin` below
    the threshold (a paragraph names the same person again in weaker context), and
    candidates within `cue_margin` below it for which `cued(text, start, end)` says a
    strong cue stands next to them (学生|马力, 外婆|吴丽接待); last, candidates within
    `list_margin` below it that stand in a list with an accepted name (`_list_members`:
    严峰 蒙俊逸, 刘洋、王一诺); and, in a text that surely names someone (a span
    `people_confidence` above the threshold), candidates within `people_margin` below
    it: a text about people names several (班里的王一诺和…)."""
    thr = threshold
    kept: list[tuple[int, int, float]] = []
    kept_text: set[str] = set()
    # Characters covered by a kept span: a candidate (at most four characters)
    # overlaps one exactly when it covers a marked character.
    taken = bytearray(len(text))
    floor = thr - max(repeat_margin, cue_margin if cued else 0.0)
    repeat_floor, cue_floor = thr - repeat_margin, thr - cue_margin
    for a, b, zi in zip(starts, ends, zs):
        if zi < floor:
            break
        if taken.find(1, a, b) >= 0:
            continue
        if zi < thr and not (
            (zi >= repeat_floor and text[a:b] in kept_text)
            or (cued is not None and zi >= cue_floor and cued(text, a, b))
        ):
            continue
        kept.append((a, b, max(zi, thr)))
        kept_text.add(text[a:b])
        taken[a:b] = b"\x01" * (b - a)
    if list_margin > 0 and kept:
        kept += _list_members(text, kept, taken, zip(starts, ends, zs), thr - list_margin, thr)
    if people_margin > 0 and zs and zs[0] >= thr + people_confidence:
        for a, b, zi in zip(starts, ends, zs):
            if zi < thr - people_margin:
                break
            if zi < thr and taken.find(1, a, b) < 0:
                kept.append((a, b, thr))
                taken[a:b] = b"\x01" * (b - a)
    return sorted(kept)


#: What separates the members of a list of names (a group, a seating row, a table's
#: row): one of these characters, alone, between two names.
_LIST_SEPS = frozenset("、,，;；/|\t 和与及")


def _list_members(text: str, kept: list[tuple[int, int, float]], taken: bytearray,
                  rest: Iterable[tuple[int, int, float]], floor: float, thr: float) -> list[tuple[int, int, float]]:
    """Candidates (best first) scoring at least `floor` that stand next to an accepted
    name with one list separator between (王一诺、刘洋, 第一排：严峰 蒙俊逸), or
    that share a table column with one: the same separator before and after
    (|刘洋|, a line start and a tab). Each accepted one may admit its own
    neighbours (a list read left to right)."""
    ends = {b for _a, b, _z in kept}
    starts = {a for a, _b, _z in kept}
    frames = {(text[a - 1 : a] or "\n", text[b : b + 1] or "\n") for a, b, _z in kept}
    out: list[tuple[int, int, float]] = []
    # Only a candidate with a list separator on one side, or a line to itself, can ever be
    # admitted (`listed` and `column` below both need one): the others are left out at once,
    # not walked again on every pass.
    pending: list[tuple[int, int, float, str, str]] = []
    for a, b, z in rest:
        if floor <= z < thr:
            before, after = text[a - 1 : a] or "\n", text[b : b + 1] or "\n"
            if before in _LIST_SEPS or after in _LIST_SEPS or before == after == "\n":
                pending.append((a, b, z, before, after))
    grew = True
    while grew and pending:
        grew = False
        left: list[tuple[int, int, float, str, str]] = []
        for a, b, z, before, after in pending:
            if taken.find(1, a, b) >= 0:
                continue
            listed = (before in _LIST_SEPS and a - 1 in ends) or (after in _LIST_SEPS and b + 1 in starts)
            column = (before, after) in frames and (before in _LIST_SEPS or before in "\n") \
                and (after in _LIST_SEPS or after == "\n")
            if not (listed or column):
                left.append((a, b, z, before, after))
                continue
            out.append((a, b, thr))
            taken[a:b] = b"\x01" * (b - a)
            ends.add(b)
            starts.add(a)
            grew = True
        pending = left
    return out


def load_name_tagger(model: NameModel, path: Path = WEIGHTS_PATH) -> NameTagger:
    """Read the committed weights (float16 in an .npz) and threshold."""
    with np.load(path) as data:
        weights = data["weights"].astype(np.float32)
        threshold = float(data["threshold"])
        margins = {k: float(data[k]) if k in data.files else v for k, v in DEFAULT_MARGINS.items()}
    if weights.shape != (1 << FEATURE_BITS,):
        raise ValueError(f"{path}: expected {1 << FEATURE_BITS} weights, found {weights.shape}")
    return NameTagger(weights=weights, threshold=threshold, lexicon=build_lexicon(model), **margins)


def read_provenance(path: Path = WEIGHTS_PATH.with_suffix(".json")) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data
