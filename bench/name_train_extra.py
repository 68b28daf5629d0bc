"""Generated training texts for the kinds of names the tagger misses most (round six).

Train-only: names come from the school corpus's train vocabulary (`bench.schoolcorpus`,
split "train") and from name-words drawn here from jieba's dictionary; every wording
below was written for this module. Nothing is taken from a reported split (test,
sealed, blind, final, fresh): the name-words exclude every other split's name-words
and ordinary words (`_held_out_words`), and no template reads a split's wording.

Classes (each a template family with its own variety, not a list of cases):

- **word**: a name that is an ordinary word (a surname character and a given-name
  character that also make a dictionary word), in a person context: a kin or role
  word before it, a one-character predicate after it;
- **boundary**: a two-character name (one-character given name) or a three-character
  one followed by a one-character word (在, 把, 为, 已 …), so the tagger learns where
  the name ends;
- **listing**: numbered or bulleted entries and "name: description" lines, and a name
  followed directly by a kin word (王X外婆来接);
- **negative**: the same name-words and other surname-initial dictionary words in
  non-person contexts with the same one-character predicates after them.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from functools import lru_cache

from bench.evaldata import Sample, Span

__all__ = ["EXTRA_SEED", "EXTRA_TEXTS", "generate_extra", "train_wordnames"]

EXTRA_SEED = 6060
EXTRA_TEXTS = 5000

_KIN = ("父亲", "母亲", "爸爸", "妈妈", "爷爷", "奶奶", "外公", "外婆", "舅舅", "姑姑", "哥哥", "姐姐", "弟弟", "妹妹",
        "叔叔", "婶婶", "表姐", "堂哥", "继父", "养母")
_ROLES = ("组长", "班长", "课代表", "学习委员", "生活委员", "队长", "小组长", "值日生", "舍长", "升旗手", "主持人",
          "发言人", "代表", "新同学", "转校生", "同桌", "室友", "学员", "选手", "队员", "实习生", "助教", "志愿者")
_POSSESSOR = ("我", "他", "她", "我们班", "孩子", "他们家", "小区里", "隔壁")
# Predicates opening with a one-character word (a verb, an adverb, a preposition).
_PREDICATES = (
    "在操场上跑步", "在医院陪护", "在外地打工", "把作业本弄丢了", "把钥匙忘在教室", "说明天请假", "说孩子发烧了",
    "让我转告您", "给大家带了水果", "跟同桌换了座位", "又忘了带校服", "也报了名", "都交齐了费用", "就坐在第一排",
    "还没有到校", "已经接走了", "已交材料", "才写完作业", "刚到教室", "要去参加比赛", "会弹吉他", "去外地出差了",
    "来学校开会", "带了两本字典", "帮老师发本子", "拿了一等奖", "写的作文被表扬", "问了一个好问题", "笑得很开心",
    "哭着找老师", "跑得最快", "为班级争了光", "站在门口等", "病了三天", "腿摔伤了", "做事很细心", "从不迟到",
    "被评为优秀", "对数学很感兴趣", "向老师道歉了", "自己骑车来", "很少说话", "最近成绩下滑", "昨天没来",
    "主动打扫卫生", "住在学校附近", "得了流感", "戴着眼镜", "比赛时摔倒", "替同学值日", "教弟弟认字", "管得很严",
)
_DESCRIPTIONS = ("上课专注，作业工整", "性格开朗，乐于助人", "动手能力强", "字迹需要改进", "数学进步明显",
                 "喜欢阅读", "体育特长生", "偶尔走神", "待人有礼貌", "课堂发言积极", "劳动积极", "需要多鼓励",
                 "英语口语好", "做事拖拉", "担任小组长", "朗读有感情")
_BULLETS = ("{i}. ", "{i}、", "{i}）", "({i}) ", "- ", "· ", "第{i}名 ", "")
_LINE_SEPS = ("：", ":", " ", "——", "，", "\t")
_KIN_AFTER = ("外婆", "奶奶", "妈妈", "爸爸", "爷爷", "外公", "姐姐", "家长")
_KIN_AFTER_TAIL = ("来接了", "打来电话", "在校门口等", "说孩子感冒了", "已经签字", "想约时间面谈")
_VERB_BEFORE = ("推荐", "表扬", "请", "让", "选", "通知", "提醒", "感谢", "恭喜", "批评", "安排", "叫", "找")
_VERB_BEFORE_TAIL = ("为三好学生", "明天早点到", "当升旗手", "来办公室一趟", "负责黑板报", "参加朗诵比赛",
                     "去领奖", "代表班级发言", "把表格交上来")
# One-character verbs and prepositions that take a person right before a name.
_ONE_BEFORE = tuple("听给和跟问找帮让叫请替陪等向对被由把与同教催劝夸")
_ONE_BEFORE_TAIL = ("说", "讲", "讲了一个故事", "说过这件事", "借了一支笔", "一起去", "打了招呼", "商量一下",
                    "的建议很好", "的作业还没交", "解释清楚", "道了歉", "送回家", "照顾得很好")
# Activities a name does, in a sentence naming several pupils (A拖地，B浇花).
_DUTIES = ("拖地", "浇花", "擦黑板", "整理书架", "发作业本", "摆桌椅", "关窗户", "收作业", "领读", "喊口令",
           "擦讲台", "倒水", "记考勤", "管钥匙", "出黑板报", "点名")
_ARRIVED = ("新来的", "隔壁班的", "刚转学来的", "坐前排的", "个子最高的", "戴眼镜的", "住校的")
_ARRIVED_TAIL = ("今天第一次发言", "跑了第一名", "被选为组长", "还不太适应", "跟同桌相处得很好", "最近总打瞌睡")
_NEUTRAL_BEFORE = ("", "远处的", "书上说", "图片里", "这里的", "关于", "课文写到", "据说")


@lru_cache(maxsize=1)
def _held_out_words() -> frozenset[str]:
    """Every name-word and ordinary word of the other splits and every hard negative:
    never generated here as a name."""
    from bench.schoolcorpus import VOCABULARIES

    out: set[str] = set()
    for split, v in VOCABULARIES.items():
        for words in v.negatives.values():
            out.update(words)  # every split's hard negatives, train's too: not names anywhere
        if split == "train":
            continue
        out.update(v.wordnames)  # the tune split's too: it chooses the threshold
        if split != "tune":  # tune shares train's ordinary words; it is no reported split
            out.update(v.words)
    return frozenset(out)


@lru_cache(maxsize=1)
def train_wordnames() -> tuple[str, ...]:
    """Two-character dictionary words that read as a full name: a train surname and a
    character in common use in given names (`bench.schoolcorpus._NAME_CHARS`); not jieba's person names (public figures),
    numerals, pronouns or function words; none of another split's words."""
    import jieba

    from bench.schoolcorpus import _NAME_CHARS, VOCABULARIES

    v = VOCABULARIES["train"]
    surnames = frozenset(v.surnames)
    given = frozenset(_NAME_CHARS) | frozenset(v.pool) | frozenset(v.given1)
    held = _held_out_words()
    out: list[str] = []
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 3 or len(parts[0]) != 2:
                continue
            word, freq, tag = parts[0], int(parts[1]), parts[2]
            if word[0] in surnames and word[1] in given and not tag.startswith(("nr", "m", "q", "r", "p", "u", "c")) \
                    and 5 <= freq <= 5000 and word not in held:
                out.append(word)
    return tuple(sorted(out))


def _place(text: str, parts: Sequence[tuple[str, bool]]) -> tuple[str, list[Span], str]:
    spans: list[Span] = []
    for piece, is_name in parts:
        if is_name:
            spans.append(Span("PERSON", len(text), len(text) + len(piece), piece))
        text += piece
    return text, spans, ""


def _common_name(rng: random.Random, single: bool) -> str:
    from bench.schoolcorpus import VOCABULARIES, _given_pool, _surname

    v = VOCABULARIES["train"]
    pool = _given_pool()[0]
    while True:  # drawn again when it spells a held-out split's word (a name there is not one here)
        sur = _surname(rng, v)
        if single:
            name = sur + (rng.choice(v.given1) if rng.random() < 0.4 else rng.choice(pool))
        else:
            name = sur + rng.choice(pool) + rng.choice(pool)
        if name not in _held_out_words():
            return name


def _one(rng: random.Random, words: Sequence[str], negatives: Sequence[str]) -> tuple[str, list[Span], str]:
    r = rng.random()
    word_name = rng.choice(words)
    name = word_name if rng.random() < 0.35 else _common_name(rng, single=rng.random() < 0.5)
    pred = rng.choice(_PREDICATES)
    if r < 0.3:  # kin or role word, the name, a one-character predicate
        cue = rng.choice(_KIN) if rng.random() < 0.5 else rng.choice(_ROLES)
        lead = rng.choice(_POSSESSOR) + ("的" if rng.random() < 0.4 else "") if rng.random() < 0.5 else ""
        text, spans, _ = _place("", [(lead + cue + rng.choice(("", "", "", "是", "叫")), False), (name, True),
                                     (pred + rng.choice(("。", "，", "！", "")), False)])
        return text, spans, "word" if name == word_name else "boundary"
    if r < 0.45:  # a name then a one-character predicate, after a first sentence about the class
        text, spans, _ = _place("", [(rng.choice(("今天班里有件事。", "跟您说一下，", "补充一点：", "另外，", "")), False),
                                     (name, True), (pred + "。", False)])
        return text, spans, "boundary"
    if r < 0.65:  # a numbered list of entries with descriptions
        parts: list[tuple[str, bool]] = [(rng.choice(("学生评语：\n", "本周表现\n", "名单如下\n", "")), False)]
        bullet, sep = rng.choice(_BULLETS), rng.choice(_LINE_SEPS)
        for i in range(1, rng.randint(2, 5)):
            who = rng.choice(words) if rng.random() < 0.25 else _common_name(rng, single=rng.random() < 0.5)
            parts += [(bullet.format(i=i), False), (who, True), (sep + rng.choice(_DESCRIPTIONS) + "\n", False)]
        text, spans, _ = _place("", parts)
        return text, spans, "listing"
    if r < 0.75:  # a name right before a kin word
        text, spans, _ = _place("", [(rng.choice(("", "放学时", "刚才", "老师，")), False), (name, True),
                                     (rng.choice(_KIN_AFTER) + rng.choice(_KIN_AFTER_TAIL) + "。", False)])
        return text, spans, "listing"
    if r < 0.78:  # a one-character verb or preposition, the name, a one-character word
        text, spans, _ = _place("", [(rng.choice(("", "昨天", "我", "放学后我", "上课前")) + rng.choice(_ONE_BEFORE), False),
                                     (name, True), (rng.choice(_ONE_BEFORE_TAIL) + "。", False)])
        return text, spans, "boundary"
    if r < 0.82:  # several pupils, each with a duty
        parts = [(rng.choice(("值日安排：", "今天：", "分工如下，", "")), False)]
        for i in range(rng.randint(2, 4)):
            who = rng.choice(words) if rng.random() < 0.2 else _common_name(rng, single=rng.random() < 0.5)
            parts += [("，" if i else "", False), (who, True), (rng.choice(_DUTIES), False)]
        text, spans, _ = _place("", parts + [("。", False)])
        return text, spans, "listing"
    if r < 0.85:  # who the pupil is, then the name
        text, spans, _ = _place("", [(rng.choice(_ARRIVED), False), (name, True),
                                     (rng.choice(_ARRIVED_TAIL) + "。", False)])
        return text, spans, "boundary"
    if r < 0.88:  # a verb that takes a person, then the name
        text, spans, _ = _place("", [(rng.choice(("", "班会上", "麻烦您")) + rng.choice(_VERB_BEFORE), False),
                                     (name, True), (rng.choice(_VERB_BEFORE_TAIL) + "。", False)])
        return text, spans, "boundary"
    # Not a person: a surname-initial word in a neutral context, before the same predicates.
    word = rng.choice(negatives) if rng.random() < 0.6 else word_name
    tail = rng.choice(("在地图上很显眼", "是一个常见的词", "为题写一段话", "已经写进课文", "也出现在诗里",
                       "把画面衬托出来", "让人印象深刻", "给人温暖的感觉", "就在书的第三页"))
    quoted = f"“{word}”" if rng.random() < 0.3 else word
    return rng.choice(_NEUTRAL_BEFORE) + quoted + tail + "。", [], "negative"


def generate_extra(n: int = EXTRA_TEXTS, seed: int = EXTRA_SEED) -> list[Sample]:
    """`n` train-only texts of the classes above (deterministic for a seed)."""
    from bench.schoolcorpus import VOCABULARIES

    rng = random.Random(seed)
    words = train_wordnames()
    negatives = tuple(w for w in VOCABULARIES["train"].words if len(w) == 2)
    out: list[Sample] = []
    for i in range(n):
        text, spans, kind = _one(rng, words, negatives)
        out.append(Sample("school_extra", f"extra-{i}", text, tuple(spans), frozenset({"PERSON"}), kind))
    return out
