"""Deterministic evasion variants of numbers and e-mails in Chinese carrier sentences.

Owns the obfuscations (full-width, zero-width, spacing, dashes, Chinese numerals,
country prefixes, mixes), synthetic UnionPay card numbers and exact gold spans.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.evaldata import Sample, Span

__all__ = [
    "EvasionCase",
    "KINDS_BY_ENTITY",
    "CARRIERS",
    "DEFAULT_SEED",
    "luhn_valid",
    "luhn_check_digit",
    "make_unionpay_cards",
    "obfuscate",
    "build_cases",
    "evasion_samples",
]

DEFAULT_SEED = 20240917

#: Variant kinds per entity type, in report order ("plain" is the unobfuscated control).
KINDS_BY_ENTITY: dict[str, tuple[str, ...]] = {
    "CN_RESIDENT_ID": (
        "plain", "fullwidth", "zero_width", "spaces", "dashes", "chinese_numerals", "letter_label", "mixed",
    ),
    "PHONE_NUMBER": (
        "plain", "fullwidth", "zero_width", "spaces", "dashes", "chinese_numerals",
        "prefix_+86", "prefix_0086", "letter_label", "mixed",
    ),
    "EMAIL_ADDRESS": ("plain", "fullwidth", "zero_width", "mixed"),
    "BANK_CARD": ("plain", "fullwidth", "zero_width", "spaces", "dashes", "letter_label", "mixed"),
}

#: "letter_label": a short label in Latin letters (English or pinyin initials) written against
#: the value with no space (tel13912345678); the label is carrier text, not part of the gold span.
LETTER_LABELS: dict[str, tuple[str, ...]] = {
    "CN_RESIDENT_ID": ("sfz", "SFZ", "ID", "idno", "sfzh", "shenfenzheng"),
    "PHONE_NUMBER": ("tel", "Tel", "TEL", "phone", "mobile", "sj", "dh", "shouji"),
    "BANK_CARD": ("kh", "card", "yhk", "No", "kahao"),
}

#: Carrier sentences with context; "{}" is where the (obfuscated) value goes.
CARRIERS: dict[str, tuple[str, ...]] = {
    "CN_RESIDENT_ID": (
        "我的身份证号是{}，请帮我查一下",
        "学生身份证号码：{}",
        "请核对家长的身份证{}是否填写正确。",
        "报名表上孩子的身份证号 {} 需要再确认",
        "麻烦帮我看看这个身份证号码{}对不对？",
    ),
    "PHONE_NUMBER": (
        "我的手机号是{}，有事打给我",
        "家长联系电话：{}",
        "请拨打{}联系班主任。",
        "孩子妈妈的电话 {}，晚上再打",
        "有问题可以打我手机{}找我",
    ),
    "EMAIL_ADDRESS": (
        "我的邮箱是{}，请把作业发给我",
        "联系邮箱：{}",
        "请把成绩单发送到{}，谢谢。",
        "家长的电子邮件地址是 {} 请回复",
    ),
    "BANK_CARD": (
        "我的银行卡号是{}，请帮我查一下",
        "学费请转账到卡号{}。",
        "银行卡：{} 户名见附件",
        "退款请打到这张银行卡 {}，谢谢",
        "这是我的银联卡号{}，帮我看看是哪个银行的",
    ),
}

_FULLWIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_ZWSP = "\u200b"
_CN_DIGITS: dict[str, tuple[str, ...]] = {
    "0": ("〇", "零"), "1": ("一",), "2": ("二",), "3": ("三",), "4": ("四",),
    "5": ("五",), "6": ("六",), "7": ("七",), "8": ("八",), "9": ("九",),
}
_GROUPS: dict[str, tuple[int, ...]] = {
    "CN_RESIDENT_ID": (6, 8, 4),
    "PHONE_NUMBER": (3, 4, 4),
}


@dataclass(frozen=True, slots=True)
class EvasionCase:
    """A carrier sentence holding one obfuscated value at text[start:end]."""

    entity: str
    kind: str
    value: str
    text: str
    start: int
    end: int

    @property
    def obfuscated(self) -> str:
        return self.text[self.start : self.end]


# --------------------------------------------------------------------------- Luhn / cards


def luhn_check_digit(payload: str) -> str:
    """The Luhn check digit that makes `payload + digit` valid."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return len(number) > 1 and number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]


def make_unionpay_cards(n: int, rng: random.Random) -> list[str]:
    """`n` distinct synthetic UnionPay numbers: 62…, 16–19 digits, valid Luhn."""
    cards: list[str] = []
    seen: set[str] = set()
    while len(cards) < n:
        length = rng.choice((16, 16, 16, 17, 18, 19, 19))
        payload = "62" + "".join(rng.choice("0123456789") for _ in range(length - 3))
        card = payload + luhn_check_digit(payload)
        if card not in seen:
            seen.add(card)
            cards.append(card)
    return cards


# --------------------------------------------------------------------------- obfuscations


def _fullwidth(s: str) -> str:
    return "".join(_FULLWIDTH.get(c, c) for c in s)


def _zero_width(s: str, rng: random.Random) -> str:
    """U+200B between characters (every gap for numbers, random gaps elsewhere)."""
    out = [s[0]]
    for prev, ch in zip(s, s[1:]):
        if (prev.isdigit() and ch.isdigit()) or rng.random() < 0.5:
            out.append(_ZWSP)
        out.append(ch)
    return "".join(out)


def _groups(value: str, entity: str) -> list[str]:
    sizes = _GROUPS.get(entity)
    if sizes is None or sum(sizes) != len(value):
        sizes = tuple([4] * (len(value) // 4) + ([len(value) % 4] if len(value) % 4 else []))
    out: list[str] = []
    pos = 0
    for size in sizes:
        out.append(value[pos : pos + size])
        pos += size
    return out


def _split(value: str, entity: str, sep: str, rng: random.Random) -> str:
    """Natural grouping (3-4-4, 6-8-4, 4-4-4-4…) or, one time in four, every digit."""
    if rng.random() < 0.25:
        return sep.join(value)
    return sep.join(_groups(value, entity))


def _chinese(value: str, rng: random.Random) -> str:
    return "".join(rng.choice(_CN_DIGITS[c]) if c in _CN_DIGITS else c for c in value)


def _mixed(value: str, entity: str, rng: random.Random) -> str:
    """Two or three obfuscations combined (order matters: split, then map characters)."""
    if entity == "EMAIL_ADDRESS":
        return _zero_width(_fullwidth(value), rng)
    steps: list[Callable[[str], str]] = []
    if rng.random() < 0.5:
        sep = rng.choice((" ", "-"))
        steps.append(lambda s: _split(s, entity, sep, rng))
    mappers: list[Callable[[str], str]] = [_fullwidth]
    if entity in ("CN_RESIDENT_ID", "PHONE_NUMBER"):
        mappers.append(lambda s: _chinese(s, rng))
    steps.append(rng.choice(mappers))
    if not steps[:-1] or rng.random() < 0.5:
        steps.append(lambda s: _zero_width(s, rng))
    out = value
    for step in steps:
        out = step(out)
    if entity == "PHONE_NUMBER" and rng.random() < 0.5:
        out = rng.choice(("+86 ", "+86", "0086 ", "0086-", "＋８６ ")) + out
    return out


def obfuscate(value: str, entity: str, kind: str, rng: random.Random) -> str:
    """The obfuscated form of `value` for one variant kind (deterministic given `rng`)."""
    if kind == "plain":
        return value
    if kind == "fullwidth":
        return _fullwidth(value)
    if kind == "zero_width":
        return _zero_width(value, rng)
    if kind == "spaces":
        return _split(value, entity, " ", rng)
    if kind == "dashes":
        return _split(value, entity, "-", rng)
    if kind == "chinese_numerals":
        return _chinese(value, rng)
    if kind == "prefix_+86":
        return rng.choice(("+86 ", "+86", "+86-", "(+86)")) + value
    if kind == "prefix_0086":
        return rng.choice(("0086 ", "0086", "0086-")) + value
    if kind == "mixed":
        return _mixed(value, entity, rng)
    raise ValueError(f"unknown evasion kind {kind!r}")


# --------------------------------------------------------------------------- cases


def build_cases(
    ids: Sequence[str],
    phones: Sequence[str],
    emails: Sequence[str],
    n_cards: int,
    seed: int = DEFAULT_SEED,
) -> list[EvasionCase]:
    """Every source value × every variant kind of its type, in a carrier sentence.

    The gold span is computed while assembling the sentence, so it is exact.
    Same inputs and seed give the same cases.
    """
    rng = random.Random(seed)
    cards = make_unionpay_cards(n_cards, random.Random(seed + 1))
    labels = random.Random(seed + 2)
    sources: tuple[tuple[str, Sequence[str]], ...] = (
        ("CN_RESIDENT_ID", ids),
        ("PHONE_NUMBER", phones),
        ("EMAIL_ADDRESS", emails),
        ("BANK_CARD", cards),
    )
    cases: list[EvasionCase] = []
    for entity, values in sources:
        carriers = CARRIERS[entity]
        for kind in KINDS_BY_ENTITY[entity]:
            for value in values:
                if kind == "letter_label":  # its own generator: the other kinds' cases stay as they were
                    before, _, after = labels.choice(carriers).partition("{}")
                    before, obf = before + labels.choice(LETTER_LABELS[entity]), value
                else:
                    obf = obfuscate(value, entity, kind, rng)
                    before, _, after = rng.choice(carriers).partition("{}")
                text = before + obf + after
                cases.append(
                    EvasionCase(entity, kind, value, text, len(before), len(before) + len(obf))
                )
    return cases


def evasion_samples(multipriv: Sequence[Sample], seed: int = DEFAULT_SEED) -> list[Sample]:
    """Evasion cases from MultiPriv's distinct IDs, phones and e-mails plus synthetic
    cards (as many as the largest of those) as samples of dataset "evasion"; all four
    types count as labelled in every sentence, `kind` is the variant kind."""

    def values(entity: str) -> list[str]:
        found = (g.text for s in multipriv for g in s.spans if g.entity == entity)
        return list(dict.fromkeys(found))

    ids, phones = values("CN_RESIDENT_ID"), values("PHONE_NUMBER")
    emails = values("EMAIL_ADDRESS")
    cases = build_cases(ids, phones, emails, max(len(ids), len(phones), len(emails)), seed)
    labelled = frozenset(KINDS_BY_ENTITY)
    return [
        Sample("evasion", f"{c.entity}/{c.kind}/{i}", c.text,
               (Span(c.entity, c.start, c.end, c.obfuscated),), labelled, c.kind)
        for i, c in enumerate(cases)
    ]
