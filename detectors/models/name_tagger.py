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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from detectors.models.name_model import LEX_PLACE, LEX_SURNAME, LEX_WORD, NameModel
from detectors.models.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

__all__ = [
    "CONTEXT_COLUMNS", "FEATURE_BITS", "WEIGHTS_PATH", "Candidates", "Lexicon", "NameTagger", "build_lexicon",
    "candidates", "featurize", "load_name_tagger",
]

#: Hashed feature space: 2**20 weights.
FEATURE_BITS = 20
_MASK = np.uint64((1 << FEATURE_BITS) - 1)
WEIGHTS_PATH = Path(__file__).resolve().parent / "name_tagger.npz"
#: Feature columns that read the characters around a candidate (not its own
#: characters, classes or dictionary codes); training drops them together for
#: some rows so the model also learns names apart from the contexts it saw.
CONTEXT_COLUMNS = (1, 2, 3, 8, 9, 10, 11, 12, 13, 16, 17, 18, 41, 42, 43, 44, 45, 47, 48, 49, 50, 51, 52)
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
_COMPOUND_FIRST = _char_table(frozenset(s[0] for s in COMPOUND_SURNAMES))


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
_ORG_FIRST = _char_table(frozenset(w[0] for w in ORG_HEADS))


# --------------------------------------------------------------------------- hashing

_K = [np.uint64(k) for k in (
    0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB,
)]
_POLY = np.uint64(1_000_003)


def _poly_key(chars: list[UIntArray]) -> UIntArray:
    k = np.zeros_like(chars[0], dtype=np.uint64)
    for c in chars:
        k = k * _POLY + c.astype(np.uint64) + np.uint64(1)
    return k ^ np.uint64((len(chars) * 0xFF51AFD7ED558CCD) & 0xFFFFFFFFFFFFFFFF)


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

    def lookup(self, chars: list[UIntArray]) -> npt.NDArray[np.uint8]:
        """Lexicon code of each row's window (0 when not a word)."""
        key = _poly_key(chars)
        pos = np.searchsorted(self.keys, key)
        pos = np.minimum(pos, len(self.keys) - 1)
        return np.where(self.keys[pos] == key, self.codes[pos], 0).astype(np.uint8)

    def code(self, text: str) -> int:
        """Lexicon code of `text` (2–4 characters; 0 when not in the lexicon)."""
        if not 2 <= len(text) <= 4 or any(ord(ch) >= _BMP for ch in text):
            return 0
        return int(self.lookup([np.array([ord(ch)], dtype=np.uint64) for ch in text])[0])

    def is_common_word(self, text: str) -> bool:
        """`text` is one of `common_words` (see `build_lexicon`)."""
        return text in self.common_words

    def is_word(self, text: str, min_freq_bin: int = 0) -> bool:
        """`text` is a dictionary word or place, not a name (努尔 is one in jieba's
        dictionary), at least as frequent as `min_freq_bin` (log10 of jieba's count)."""
        code = self.code(text)
        return code // 8 in (LEX_WORD, LEX_PLACE) and code % 8 >= min_freq_bin


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
    common_words = frozenset(
        w for w, code in model.lexicon.items()
        if len(w) <= 3 and code // 8 != LEX_SURNAME and code % 8 >= 2 and ord(w[0]) < _BMP and surname_bin[ord(w[0])] < 10
    )
    return Lexicon(
        keys=keys[order], codes=codes[order],
        surname_bin=surname_bin,
        given_bin=_bins(model.given_llr, -6.0, 8.0, 1.0),
        final_bin=_bins(model.final_llr, -6.0, 8.0, 1.0),
        rarity_bin=_bins(rarity, 6.0, 17.0, 1.0),
        translit_bin=_bins(model.translit_llr, -2.0, 6.0, 1.0),
        common_words=common_words,
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


def candidates(text: str, lex: Lexicon) -> tuple[npt.NDArray[np.uint32], IntArray, IntArray]:
    """(padded code points, padded starts, lengths) of every candidate span."""
    cp = code_points(text)
    cls = _CLASS[cp]
    n = len(text)
    idx = np.arange(_PAD, _PAD + n)
    cjk1 = cls[idx + 1] == _C_CJK
    single = idx[_SINGLE[cp[idx]] & cjk1 & (cls[idx] == _C_CJK)]
    if len(single):
        # Not the second character of a compound surname (长|孙一然).
        inner = lex.lookup([cp[single - 1], cp[single]]) // 8 == 4
        single = single[~inner]
    titled = single[_TITLE_FIRST[cp[single + 1]]]
    starts = [single, single, titled]
    lengths = [np.full(len(single), 2), np.full(len(single), 3), np.full(len(titled), 1)]
    first = idx[_COMPOUND_FIRST[cp[idx]] & cjk1 & (cls[idx + 2] == _C_CJK)]
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


def featurize(cp: npt.NDArray[np.uint32], s: IntArray, ln: IntArray, lex: Lexicon) -> UIntArray:
    """Hashed feature indices, one row per candidate (padded start `s`, length `ln`)."""
    n = len(s)
    c = cp.astype(np.uint64)
    cls = _CLASS[cp].astype(np.uint64)
    e = s + ln  # padded end (exclusive)
    last = e - 1
    L = ln.astype(np.uint64)
    has_mid = ln >= 3
    mid = np.where(has_mid, s + 2, s)  # only meaningful where has_mid
    none = np.uint64(0x10FFFF)
    cmid = np.where(has_mid, c[mid], none)
    u = {k: c[s + k] for k in (-3, -2, -1, 0, 1)}
    r0, r1, r2 = c[e], c[e + 1], c[e + 2]
    cl = c[last]
    given_key = _poly_key([c[s + 1], cmid, np.where(ln >= 4, c[np.minimum(s + 3, len(c) - 1)], none)])
    # Dictionary windows, looked up together: (start, length).
    windows = ((s, 2), (s, 3), (s, 4), (s - 1, 2), (s - 2, 3), (s + 1, 2), (last, 2), (e, 2), (s - 1, 3),
               (last - 1, 3), (e - 2, 2))
    keys = np.concatenate([_poly_key([c[a + j] for j in range(k)]) for a, k in windows])
    pos = np.minimum(np.searchsorted(lex.keys, keys), len(lex.keys) - 1)
    codes = np.where(lex.keys[pos] == keys, lex.codes[pos], 0).astype(np.uint64).reshape(len(windows), n)
    comp = (ln - (has_mid & (codes[0] // np.uint64(8) == 4))).astype(np.uint64)
    span_code = np.select([ln == 2, ln == 3, ln == 4], [codes[0], codes[1], codes[2]], 0).astype(np.uint64)
    span_kind = span_code // np.uint64(8)
    b = lex
    org = _org_ahead(cp, c, cls, e, lex)
    # Whole words ending right before the candidate and starting right after it
    # (监护人|王一诺|参加): word boundaries that hold for cue words never seen
    # next to a name in training.
    bounds = ((s - 2, 2), (s - 3, 3), (e, 3))
    bkeys = np.concatenate([_poly_key([c[a + j] for j in range(k)]) for a, k in bounds])
    bpos = np.minimum(np.searchsorted(lex.keys, bkeys), len(lex.keys) - 1)
    bcodes = np.where(lex.keys[bpos] == bkeys, lex.codes[bpos], 0).astype(np.uint64).reshape(len(bounds), n)
    left_word = np.where(bcodes[1] > 0, bcodes[1], bcodes[0]) // np.uint64(8)
    right_word = np.where(bcodes[2] > 0, bcodes[2], codes[7]) // np.uint64(8)
    tr = b.translit_bin
    parts: list[tuple[UIntArray, ...]] = [
        (L, comp),  # bias per length and surname kind
        (u[-3],), (u[-2],), (u[-1],),  # left context (shared by lengths)
        (u[0], L), (u[1], L), (cmid, L), (cl, L),
        (r0,), (r1,), (r2,),  # right context
        (u[-2], u[-1]), (u[-3], u[-2], u[-1]), (u[-1], u[0]),
        (u[0], u[1], L), (given_key, L), (cl, r0), (r0, r1),
        (r0, r1, r2), (u[1], cmid),
        (cls[s - 1], cls[e]), (cls[s - 2], cls[s - 1]), (cls[e], cls[e + 1]),
        (b.surname_bin[cp[s]].astype(np.uint64), comp),
        (b.given_bin[cp[s + 1]].astype(np.uint64), L),
        (b.final_bin[cp[last]].astype(np.uint64), L),
        (np.where(has_mid, b.given_bin[cp[mid]], 255).astype(np.uint64), L),
        (b.rarity_bin[cp[s + 1]].astype(np.uint64), b.rarity_bin[cp[last]].astype(np.uint64), L),
        *((codes[i], L) for i in range(len(windows))),
        (cls[s - 1], cls[e], L, comp),
        # The candidate is itself a word standing between separators (海洋，破浪).
        (span_code, cls[s - 1], cls[e], L),
        # ... or a word after a cue (学生马力, 姓名：万里) or before one (许诺同学).
        (u[-2], u[-1], span_kind, L), (u[-1], span_kind, L), (r0, r1, span_kind),
        # An organisation head follows within a few characters (东方日升（宁波）电力…).
        (org, L, comp), (org, cls[s - 1], span_kind),
        # Transliteration characters (约翰, 鲍勃, 艾尔肯): foreign names are not reported.
        (tr[cp[s]].astype(np.uint64), tr[cp[s + 1]].astype(np.uint64), tr[cp[last]].astype(np.uint64), L),
        (bcodes[0], L), (bcodes[1], L), (bcodes[2], L),
        (left_word, right_word, span_kind, L), (left_word, cls[e], L), (cls[s - 1], right_word, L),
    ]
    table = np.zeros((len(parts), 4, n), dtype=np.uint64)
    for t, cols in enumerate(parts):
        for j, col in enumerate(cols):
            table[t, j] = col
    h = (np.arange(1, len(parts) + 1, dtype=np.uint64) * _K[0])[:, None]
    for j in range(4):
        h = (h ^ (table[:, j] * _K[j + 1])) * _K[5]
    h ^= h >> np.uint64(31)
    h *= _K[6]
    h ^= h >> np.uint64(29)
    return (h & _MASK).T


def _org_ahead(cp: npt.NDArray[np.uint32], c: UIntArray, cls: UIntArray, e: IntArray, lex: Lexicon) -> UIntArray:
    """Per candidate: 1 + the distance from its end to the next organisation head
    (capped at 8) when only Chinese characters and brackets lie between; 0 when none."""
    # Only where an organisation head can start (a few dozen first characters).
    pos = np.flatnonzero(_ORG_FIRST[cp[: len(c) - 2]])
    keys2 = _poly_key([c[pos], c[pos + 1]])
    keys3 = _poly_key([c[pos], c[pos + 1], c[pos + 2]])
    ok = lex.org_keys
    last = len(ok) - 1
    heads = pos[(ok[np.minimum(np.searchsorted(ok, keys2), last)] == keys2)
                | (ok[np.minimum(np.searchsorted(ok, keys3), last)] == keys3)]
    if not len(heads):
        return np.zeros(len(e), dtype=np.uint64)
    stops = np.flatnonzero((cls != _C_CJK) & ~_ORG_SEPS[cp])
    nxt = heads[np.minimum(np.searchsorted(heads, e), len(heads) - 1)]
    stop = stops[np.minimum(np.searchsorted(stops, e), len(stops) - 1)]
    valid = (nxt >= e) & ((nxt < stop) | (stop < e)) & (nxt - e <= 10)
    return np.where(valid, 1 + np.minimum(nxt - e, 8), 0).astype(np.uint64)


# --------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class NameTagger:
    """Learned weights (one float per hashed feature) and the decision threshold
    (a logit) chosen on the tuning data; see `name_tagger.json`."""

    weights: npt.NDArray[np.float32]
    threshold: float
    lexicon: Lexicon

    def score(self, text: str) -> Candidates:
        """Every candidate of `text` with its logit in `features`' place: use `spans`."""
        cp, s, ln = candidates(text, self.lexicon)
        return Candidates(s - _PAD, ln, featurize(cp, s, ln, self.lexicon))

    def logits(self, feats: UIntArray) -> npt.NDArray[np.float32]:
        return self.weights[feats.astype(np.intp)].sum(axis=1)

    def spans(self, text: str, repeat_margin: float = 2.0, cue_margin: float = 0.0,
              cued: Callable[[str, int, int], bool] | None = None) -> list[tuple[int, int, float]]:
        """Non-overlapping (start, end, logit) above the threshold, best first; then
        other occurrences of an accepted name within `repeat_margin` below the
        threshold (a paragraph names the same person again in weaker context),
        and candidates within `cue_margin` below it for which `cued(text, start,
        end)` says a strong cue stands next to them (学生|马力, 外婆|吴丽接待)."""
        if not text:
            return []
        cand = self.score(text)
        if not len(cand):
            return []
        z = self.logits(cand.features)
        hit = np.nonzero(z >= self.threshold - max(repeat_margin, cue_margin if cued else 0.0))[0]
        if not len(hit):
            return []
        order = hit[np.argsort(-z[hit], kind="stable")]
        zs, starts, lengths = z.tolist(), cand.starts.tolist(), cand.lengths.tolist()
        thr = self.threshold
        kept: list[tuple[int, int, float]] = []
        kept_text: set[str] = set()
        for i in order.tolist():
            a = starts[i]
            b = a + lengths[i]
            if not all(b <= k[0] or a >= k[1] for k in kept):
                continue
            zi = zs[i]
            if zi < thr and not (
                (zi >= thr - repeat_margin and text[a:b] in kept_text)
                or (cued is not None and zi >= thr - cue_margin and cued(text, a, b))
            ):
                continue
            kept.append((a, b, max(zi, thr)))
            kept_text.add(text[a:b])
        return sorted(kept)


def load_name_tagger(model: NameModel, path: Path = WEIGHTS_PATH) -> NameTagger:
    """Read the committed weights (float16 in an .npz) and threshold."""
    with np.load(path) as data:
        weights = data["weights"].astype(np.float32)
        threshold = float(data["threshold"])
    if weights.shape != (1 << FEATURE_BITS,):
        raise ValueError(f"{path}: expected {1 << FEATURE_BITS} weights, found {weights.shape}")
    return NameTagger(weights=weights, threshold=threshold, lexicon=build_lexicon(model))


def read_provenance(path: Path = WEIGHTS_PATH.with_suffix(".json")) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data
