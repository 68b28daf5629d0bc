"""The edit classes of the exam benchmark (issue 14): what a teacher retyping from paper, a
pupil photographing a sheet, or anyone making a variant does to a registered item. Seeded;
the bank knows none of the tables used here (its look-alike folding only partly overlaps)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

__all__ = ["EDIT_CLASSES", "change_digits", "drop_every_tenth", "ocr_lookalikes", "first_share", "paraphrase",
           "reorder_options", "mixed_edit", "apply_edit"]

EDIT_CLASSES: tuple[str, ...] = ("digits", "drop10", "ocr", "prefix60", "paraphrase", "options_reordered", "mixed")
# Look-alike pairs for the OCR edit: partly those the bank folds (exam_sketch.LOOKALIKES), partly
# others, so the test is not the bank's own table. Latin letters and digits too (l/1, O/0).
_OCR_PAIRS = ("已己 己巳 未末 人入 入八 土士 日曰 大太 太犬 天夭 千干 干于 力刀 拨拔 折析 候侯 鸟乌 玉王 本木 "
              "自白 且目 见贝 辩辨 兔免 令今 酉西 淮准 帅师 问间 崇祟 季李 午牛 拆折 辛幸 冒胃 徒徙 陪赔 "
              "绿缘 茶荼 苦若 戎戒 孑子 休体 宇字 沦伦 末未 很狠 晴睛 l1 O0 S5 B8 Z2 o0 I1 rn")
_OCR: dict[str, list[str]] = {}
for _pair in _OCR_PAIRS.split():
    _OCR.setdefault(_pair[0], []).append(_pair[1])
    _OCR.setdefault(_pair[1], []).append(_pair[0])
_MISREAD = "的一是在不了有和这中为上个我以要他时来用们生到作地出就分对成会可主发年动同工也能下过子说产种面"
# Synonyms a teacher or pupil might swap in (bench only; the bank knows nothing of them).
_SYNONYMS = dict(p.split("/") for p in (
    "已知/假设 下列/以下 正确/准确 错误/不对 说法/表述 计算/算出 分析/剖析 理解/领会 表达/表现 作者/笔者 "
    "文章/文本 材料/资料 原因/缘故 主要/首要 体现/反映 描述/描写 方法/办法 影响/作用 特点/特征 包括/包含 "
    "发现/察觉 认为/以为 可能/也许 必须/务必 能够/可以 所以/因此 因为/由于 但是/可是 如果/假如 已经/业已 "
    "非常/十分 一共/总共 每天/每日 同学/学生 老师/教师 学校/校园 商店/商场 工厂/厂子 速度/速率 距离/路程 "
    "价格/价钱 原来/本来 现在/如今 剩下/余下 需要/须要 比较/对比 相同/一样 不同/相异 重要/关键 增加/增多 "
    "减少/降低 提高/提升 国家/国度 人们/大家 地区/区域 城市/都市 思想/观念 情感/感情 内容/内涵 句子/语句 "
    "词语/字词 结论/推论 实验/试验 现象/情形 物体/物件 问题/题目 回答/作答 完成/做完 选择/挑选 符合/契合 "
    "说明/表明 表示/表明 得到/获得 进行/开展 出现/产生 成为/变成 使用/运用 利用/借助 根据/依据 关于/有关 "
    "一定/必定 部分/局部 全部/所有 其中/当中 之间/中间 以上/上述 方面/领域 过程/进程 时候/时刻 简单/容易").split())
_OPTION_AT = re.compile(r"[(（]\s*([A-D])\s*[)）]|(?<![A-Za-z])([A-D])\s*[.．、]")


def change_digits(text: str, rng: random.Random) -> str | None:
    """Every digit replaced by another (the same item with new numbers); None without digits."""
    if not any(c.isdigit() for c in text):
        return None
    return re.sub(r"[0-9]", lambda m: rng.choice([d for d in "0123456789" if d != m.group()]), text)


def drop_every_tenth(text: str, rng: random.Random) -> str:
    """Every 10th letter, digit or Chinese character left out (from a random phase): retyping slips."""
    phase, seen, out = rng.randrange(10), 0, []
    for ch in text:
        if ch.isalnum():
            seen += 1
            if seen % 10 == phase:
                continue
        out.append(ch)
    return "".join(out)


def ocr_lookalikes(text: str, rng: random.Random, rate: float = 0.05) -> str:
    """`rate` of the non-space characters misread: a look-alike where the table has one,
    otherwise (too few look-alikes in the item) a common character in place of a Chinese one."""
    chars = list(text)
    visible = [i for i, c in enumerate(chars) if not c.isspace()]
    want = max(1, round(rate * len(visible)))
    likes = [i for i in visible if chars[i] in _OCR]
    picks = rng.sample(likes, min(want, len(likes)))
    for i in picks:
        chars[i] = rng.choice(_OCR[chars[i]])
    others = [i for i in visible if "\u4e00" <= chars[i] <= "\u9fff" and i not in set(picks)]
    for i in rng.sample(others, min(want - len(picks), len(others))):
        chars[i] = rng.choice(_MISREAD)
    return "".join(chars)


def first_share(text: str, share: float = 0.6) -> str:
    return text[: round(len(text) * share)]


def paraphrase(text: str, rng: random.Random) -> str | None:
    """Two or three words (jieba) replaced by a synonym from a table, or, where the item has too
    few such words, two-character words by another word; None when it has too few words."""
    import jieba  # only needed here

    jieba.setLogLevel(60)
    words = jieba.lcut(text)
    want = rng.choice((2, 3))
    known = [i for i, w in enumerate(words) if w in _SYNONYMS]
    other = [i for i, w in enumerate(words) if len(w) == 2 and all("\u4e00" <= c <= "\u9fff" for c in w)
             and i not in known]
    picks = rng.sample(known, min(want, len(known)))
    picks += rng.sample(other, min(want - len(picks), len(other)))
    if len(picks) < 2:
        return None
    fallback = list(_SYNONYMS.values())
    for i in picks:
        words[i] = _SYNONYMS.get(words[i]) or rng.choice([f for f in fallback if f != words[i]])
    return "".join(words)


def reorder_options(text: str, rng: random.Random) -> str | None:
    """The contents of options A-D (three or four of them, in order) shuffled under the same
    letters; None for an item without such options."""
    marks = list(_OPTION_AT.finditer(text))
    letters = [m.group(1) or m.group(2) for m in marks]
    for a in range(len(marks) - 1, -1, -1):  # the last run A, B, C(, D)
        run = [a]
        while len(run) < 4 and run[-1] + 1 < len(marks) and letters[run[-1] + 1] == "ABCD"[len(run)]:
            run.append(run[-1] + 1)
        if letters[a] == "A" and len(run) >= 3:
            break
    else:
        return None
    ms = [marks[i] for i in run]
    ends = [m.start() for m in ms[1:]] + [len(text)]
    bodies = [text[m.end():e] for m, e in zip(ms, ends)]
    cores = [b.rstrip() for b in bodies]
    if len(set(cores)) < 2:
        return None
    order = list(range(len(cores)))
    while order == sorted(order):
        rng.shuffle(order)
    parts = [text[: ms[0].start()]]
    for m, b, j in zip(ms, bodies, order):
        parts.append(m.group(0) + cores[j] + b[len(b.rstrip()):])
    return "".join(parts)


_EDITS: dict[str, Callable[[str, random.Random], str | None]] = {
    "digits": change_digits, "drop10": drop_every_tenth, "ocr": ocr_lookalikes,
    "prefix60": lambda t, r: first_share(t), "paraphrase": paraphrase, "options_reordered": reorder_options,
}
_MIXABLE = ("options_reordered", "paraphrase", "digits", "ocr", "drop10")  # applied in this order


def mixed_edit(text: str, rng: random.Random) -> str | None:
    """Two edits at once, drawn from the whole-item classes (not prefix60) among those that apply."""
    usable = [e for e in _MIXABLE if e not in ("digits", "options_reordered") or _EDITS[e](text, random.Random(0))]
    if len(usable) < 2:
        return None
    pair = set(rng.sample(usable, 2))
    for e in _MIXABLE:
        if e in pair:
            text = _EDITS[e](text, rng) or text
    return text


_EDITS["mixed"] = mixed_edit


def apply_edit(edit: str, text: str, rng: random.Random) -> str | None:
    """`text` after the edit class `edit`; None when the edit does not apply to it (or changes nothing)."""
    out = _EDITS[edit](text, rng)
    return out if out and out != text else None
