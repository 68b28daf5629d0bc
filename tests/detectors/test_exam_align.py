"""The exam bank's alignment check (`exam_align`): which edit an alignment shows, when it
accepts a candidate, and how the bank stores and uses the sequences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from detectors.stores.exam_align import SEP, PromptSequence, Rule, accept, align, sequence, signed_sequence
from detectors.stores.exam_bank import ExamBank
from detectors.stores.exam_grams import normalise, normalise_marked, normalise_signed
from detectors.stores.exam_sketch import class_normalise
from detectors.text import ScanText

EMBARGO = dt.datetime(2099, 12, 31, 12, 0)
NOW = dt.datetime(2026, 6, 1)
ROAD = "修一条路，已经修了全长的3/5，还剩240米没有修，这条路全长多少米？"
LAKE = "1．我国面积最大的淡水湖是（  ）\nA．洞庭湖湖区\nB．鄱阳湖湖区\nC．太湖湖区\nD．洪泽湖湖区"


def _seq(text: str) -> np.ndarray:  # type: ignore[type-arg]
    norm, _, marks = normalise_marked(ScanText(text))
    return sequence(norm, 0x5EED, marks)


def _drop_every_tenth(text: str) -> str:
    return "".join(c for i, c in enumerate(text) if i % 10 != 9)


@pytest.mark.parametrize("prompt,grams_ok,ok,edit", [
    ("修一条路，已经修了全长的2/7，还剩90米没有修，这条路全长多少米？", False, True, "same"),
    (_drop_every_tenth(ROAD), False, True, "slips"),
    (ROAD.replace("已经", "业已").replace("全长多少", "一共多少"), True, True, "words"),
    (ROAD.replace("已经", "业已").replace("全长多少", "一共多少"), False, False, ""),
    (ROAD[: round(len(ROAD) * 0.6)], True, True, "part"),
    (ROAD[: round(len(ROAD) * 0.6)], False, True, "part"),
    (ROAD[: round(len(ROAD) * 0.6)].replace("已经", "业已"), False, False, ""),
    (ROAD[: round(len(ROAD) * 0.6)] + "米，第二天修的是第一天的2倍，第三天修了多少米？", False, False, ""),
    ("修一条路，第一天修了全长的3/5，第二天修了全长的1/4，还剩全长的几分之几没有修？", True, False, ""),
    ("今天天气很好，我们去公园玩吧。", True, False, ""),
], ids=["new numbers", "every 10th character dropped", "two words swapped, fingerprints agree",
        "two words swapped, alone", "first 60 %, fingerprints agree", "first 60 %, alone",
        "first 60 % with a word swapped, alone", "first 60 % and a clause of its own, alone",
        "a sibling from the same template", "unrelated text"])
def test_the_alignment_names_the_edit_or_rejects_the_candidate(prompt: str, grams_ok: bool, ok: bool,
                                                               edit: str) -> None:
    verdict = accept(align(_seq(ROAD), _seq(prompt)), Rule(), grams_ok)
    assert (verdict.ok, verdict.edit) == (ok, edit)


def test_a_sibling_shows_gaps_longer_than_a_word() -> None:
    al = align(_seq(ROAD), _seq("修一条路，第一天修了全长的3/5，第二天修了全长的1/4，还剩全长的几分之几没有修？"))
    assert al.long >= 1 and al.matched < 0.65 * al.size


def test_options_are_segments_aligned_in_any_order() -> None:
    item = _seq(LAKE)
    assert (item == SEP).sum() == 4  # stem and four options
    reordered = LAKE.replace("A．洞庭湖湖区", "A．@").replace("C．太湖湖区", "C．洞庭湖湖区").replace("A．@", "A．太湖湖区")
    al = align(item, _seq(reordered))
    assert (al.matched, al.long, al.missing) == (al.size, 0, 0)


def test_the_sequence_is_one_keyed_byte_per_gram_and_depends_on_the_key() -> None:
    norm, _, marks = normalise_marked(ScanText(ROAD))
    one, other = sequence(norm, 1, marks), sequence(norm, 2, marks)
    assert one.dtype == np.uint8 and len(one) == len(other) > 0
    assert (one != SEP).all() and (one != other).any()


@pytest.mark.parametrize("text,signed", [
    ("复数 $z=\\frac{3+i}{1-i}$ 的虚部", "复数z=frac{3+i}{1-i}的虚部"),
    ("（A）x>0 （B）x≤1", "ax>0bx≤1"),  # the letters stay, marked: segments start there
    ("已知a＋b＝5，求ab。", "已知a+b=5求ab"),
    ("甲的50%等于乙的3/5", "甲的50等于乙的35"),
], ids=["a formula keeps its signs", "brackets of option letters go with them", "full-width signs folded",
        "division and per cent are left out"])
def test_the_alignment_text_keeps_the_signs_of_a_formula(text: str, signed: str) -> None:
    out, norm_at, _ = normalise_signed(ScanText(text))
    norm = normalise(text)[0]
    assert out == signed.lower()
    assert "".join(out[i] for i in norm_at) == norm  # each normalised character, in order


def test_siblings_that_differ_only_in_their_signs_do_not_align_as_copies() -> None:
    item = "设复数 $z=\\frac{3+i}{1-i}$，则 $z$ 的共轭复数的虚部是"
    sibling = "设复数 $z=\\frac{3-i}{1+i}$，则 $z$ 的共轭复数的虚部是"
    new_numbers = "设复数 $z=\\frac{7+i}{2-i}$，则 $z$ 的共轭复数的虚部是"
    assert align(_seq(item), _seq(sibling)).matched == align(_seq(item), _seq(item)).matched  # as `normalise` reads them

    def signed(text: str) -> np.ndarray:  # type: ignore[type-arg]
        return signed_sequence(ScanText(text), 0x5EED)

    assert align(signed(item), signed(new_numbers)).matched == len(signed(item))
    assert align(signed(item), signed(sibling)).matched < len(signed(item))


def test_a_stretch_of_a_prompt_reads_as_the_item_reads_itself() -> None:
    item = "设复数 $z=\\frac{3+i}{1-i}$，则 $z$ 的虚部是（ ）"
    st = ScanText("今天的作业有三道题。" + item + "谢谢老师！")
    norm, _, marks = normalise_marked(st)
    a = norm.index(normalise(item)[0])
    stretch = PromptSequence(class_normalise(norm, marks), 0x5EED, st).window(a, a + len(normalise(item)[0]))
    assert stretch.tolist() == signed_sequence(ScanText(item), 0x5EED).tolist()


@pytest.fixture()
def bank() -> ExamBank:
    b = ExamBank(key=0x5EED)
    b.add_paper("p", "应用题", EMBARGO, [6], [ROAD, "x" * 400 + "一段很长的材料" * 40])
    return b


def test_short_items_keep_a_sequence_and_long_ones_do_not(bank: ExamBank) -> None:
    assert bank.aligned_items.tolist() == [True, False]


def test_the_alignment_decides_for_short_items(bank: ExamBank) -> None:
    edited = "修一条路，已经修了全长的2/7，还剩90米没有修，这条路全长多少米？"
    found = bank.match(edited, now=NOW)
    assert [(m.item, m.tolerance, m.edit) for m in found] == [(1, "near", "same")]
    never = Rule(cover=1.01, part=1.01, alone=1.01)  # an alignment no copy can show
    assert bank.match(edited, now=NOW, aligned=never) == []
    assert [(m.item, m.edit) for m in bank.match(edited, now=NOW, aligned=None)] == [(1, "")]


def test_sequences_survive_saving_and_removing_papers(bank: ExamBank, tmp_path: Path) -> None:
    bank.add_paper("q", "另一份", EMBARGO, [6], ["一个梯形的上底是6米，下底是8米，高是5米，它的面积是多少平方米？"])
    bank.save(tmp_path)
    loaded = ExamBank.load(tmp_path, key=0x5EED)
    assert loaded.aligned_items.tolist() == [True, False, True]
    assert loaded.remove_paper("p")
    edited = "一个梯形的上底是7米，下底是9米，高是4米，它的面积是多少平方米？"
    assert [(m.paper.id, m.edit) for m in loaded.match(edited, now=NOW)] == [("q", "same")]


def test_a_bank_of_format_4_loads_and_matches_by_its_grams(bank: ExamBank, tmp_path: Path) -> None:
    import json

    bank.save(tmp_path)
    meta = json.loads((tmp_path / "papers.json").read_text(encoding="utf-8"))
    meta["format"] = "privacy-guard-exambank/4"
    (tmp_path / "papers.json").write_text(json.dumps(meta), encoding="utf-8")
    old = ExamBank.load(tmp_path, key=0x5EED)
    assert not old.aligned_items.any()
    edited = "修一条路，已经修了全长的2/7，还剩90米没有修，这条路全长多少米？"
    assert [(m.item, m.edit) for m in old.match(edited, now=NOW)] == [(1, "")]


def test_a_bank_of_format_5_aligns_its_sequences_as_they_were_made(bank: ExamBank, tmp_path: Path) -> None:
    import json

    bank.save(tmp_path)
    meta = json.loads((tmp_path / "papers.json").read_text(encoding="utf-8"))
    meta["format"] = "privacy-guard-exambank/5"
    (tmp_path / "papers.json").write_text(json.dumps(meta), encoding="utf-8")
    with np.load(tmp_path / "bank.npz") as z:
        arrays = dict(z)
    plain = _seq(ROAD)  # format 5 kept the sequence of `normalise`'s text, without signs
    arrays["seq"], arrays["seq_start"] = plain, np.array([0, len(plain), len(plain)], dtype=np.uint32)
    np.savez(tmp_path / "bank.npz", **arrays)
    old = ExamBank.load(tmp_path, key=0x5EED)
    assert old.aligned_items.tolist() == [True, False]
    edited = "修一条路，已经修了全长的2/7，还剩90米没有修，这条路全长多少米？"
    assert [(m.item, m.edit) for m in old.match(edited, now=NOW)] == [(1, "same")]
