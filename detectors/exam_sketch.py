"""The "near" fingerprint family of the exam bank: short keyed grams over a class-normalised
string, so that a registered item is still found after dense small edits (new numbers,
retyping slips, OCR look-alikes, a few words swapped) that break every 8-character gram.

Theory of operation. An edit destroys every gram that overlaps it, so a gram family
survives edits spaced `s` characters apart with about (s - k + 1) / s of its grams: 0.2 for
the 8-character exact grams when every 10th character is dropped, 0.6 for 4-character
grams. Shorter grams are less specific, so three things keep them from matching by chance:
the text is first reduced to its wording (`class_normalise`: every run of digits becomes
`0`, every run of Latin letters `a`, OCR look-alike characters are folded to one), a gram
counts only when it holds at least `NEAR_MIN_WORDING` characters of wording (so `AB=6`
and `CD=8`, both `a0`, share nothing on their own), and the bank ignores grams that
occur in many items (formulaic stems such as 下列说法正确的是). Containment is then
scored as for the exact family (share of the item's fingerprints found in the prompt).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["NEAR_K", "NEAR_W", "NEAR_MIN_WORDING", "NEAR_SALT", "LOOKALIKES", "class_normalise",
           "near_grams"]

NEAR_K = 4  # characters per near gram
NEAR_W = 3  # winnowing window of the near family
NEAR_MIN_WORDING = 2  # a near gram needs this many characters that are not a digit or letter class
NEAR_SALT = 0x6E656172_5F677261  # "near_gra": keeps near fingerprints apart from exact ones under one key

DIGIT_CLASS = "0"
LETTER_CLASS = "a"

# Characters that OCR and hurried retyping confuse, each group folded to its first member.
# Latin letters and digits need no entry: they are classes already. Sources: common
# confusion pairs reported for Chinese OCR (形近字) and the look-alikes in GB 2312 level 1.
LOOKALIKES: tuple[str, ...] = (
    "已己巳", "未末", "人入八", "土士", "日曰", "大太犬", "天夭", "千干于", "力刀", "拨拔", "折析",
    "候侯", "戌戍戊", "鸟乌", "玉王主", "本木术", "自白", "且目", "见贝", "辩辨辫", "汨汩", "兔免",
    "令今", "酉西", "淮准", "帅师", "问间", "盲肓", "祟崇", "母毋", "季李", "午牛", "丐丏", "冶治",
    "侍待", "很狠", "姊姐", "晴睛", "崖涯", "买卖", "刺剌", "壁璧", "券卷",
    "〇○◯",
)


def _class_table() -> npt.NDArray[np.uint32]:
    folded = "".join(g[1:] for g in LOOKALIKES)
    if len(set(folded + "".join(g[0] for g in LOOKALIKES))) != len(folded) + len(LOOKALIKES):
        raise ValueError("LOOKALIKES: a character is in two groups")
    table = np.arange(0x10000, dtype=np.uint32)
    for c in range(0x10000):
        ch = chr(c)
        if ch.isdigit():
            table[c] = ord(DIGIT_CLASS)
        elif ch.isalpha() and (ch.isascii() or 0x00C0 <= c <= 0x024F):  # Latin letters (NFKC folds full-width)
            table[c] = ord(LETTER_CLASS)
    for group in LOOKALIKES:
        for ch in group[1:]:
            table[ord(ch)] = ord(group[0])
    return table


_CLASS = _class_table()  # one pass over the BMP at import; lookups are vectorised
_DIGIT, _LETTER = np.uint32(ord(DIGIT_CLASS)), np.uint32(ord(LETTER_CLASS))


def class_normalise(norm: str) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    """Code points of `norm` (already `exam_bank.normalise`d) with digit and letter runs
    reduced to one class character and look-alikes folded; with each one's index in `norm`."""
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    if not len(cps):
        return cps.copy(), np.zeros(0, dtype=np.int64)
    cls = np.where(cps < 0x10000, _CLASS[np.minimum(cps, 0xFFFF)], cps)
    is_class = (cls == _DIGIT) | (cls == _LETTER)
    keep = np.ones(len(cls), dtype=np.bool_)
    keep[1:] = ~(is_class[1:] & (cls[1:] == cls[:-1]))  # a run of one class is one character
    kept = np.nonzero(keep)[0]
    return cls[kept], kept.astype(np.int64)


def near_grams(cls: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """Which NEAR_K-grams of the class-normalised code points (gram i covers cls[i:i+K])
    carry enough wording to count."""
    if len(cls) < NEAR_K:
        return np.zeros(0, dtype=np.bool_)
    wording = ((cls != _DIGIT) & (cls != _LETTER)).astype(np.int32)
    sums = np.convolve(wording, np.ones(NEAR_K, dtype=np.int32), mode="valid")
    return np.asarray(sums >= NEAR_MIN_WORDING)
