"""Exam-paper protection: the fingerprint bank, paper splitting, the structural
detector, and the block a teacher sees."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from detectors import build_scanner
from detectors.stores.exam_bank import ExamBank
from detectors.recognizers.exam_structure import ExamStructureDetector
from detectors.text import ScanText
from detectors.stores.papers import split_items
from proxy.datadir import DataDir

ITEMS = [
    "1．已知函数f(x)=x²+2x+1，求f(x)在区间[-2,3]上的最小值和最大值。（5分）",
    "2．如图，在三角形ABC中，AB=AC，∠A=40°，求∠B的度数。A．40° B．70° C．80° D．100°",
    "3．阅读下面的材料，回答问题。小明骑自行车从家到学校用了15分钟，速度是每分钟200米，他家离学校多远？",
]
EMBARGO = dt.datetime(2026, 12, 20, 10, 0)
BEFORE = dt.datetime(2026, 12, 1, 9, 0)


@pytest.fixture()
def bank() -> ExamBank:
    b = ExamBank(key=0x5EED)
    b.add_paper("p1", "2026秋季期末数学（九年级）", EMBARGO, [9], ITEMS)
    return b


QUERIES = [
    ("exact", ITEMS[1], 2),
    ("whitespace and punctuation", "2. 如图 , 在三角形 ABC 中 , AB=AC , ∠A=40° , 求∠B 的度数 。", 2),
    ("full-width", "２．如图，在三角形ＡＢＣ中，ＡＢ＝ＡＣ，∠Ａ＝４０°，求∠Ｂ的度数。", 2),
    ("options reformatted", "如图，在三角形ABC中，AB=AC，∠A=40°，求∠B的度数。(A)40° (B)70° (C)80° (D)100°", 2),
    ("formula spacing", "已知函数 f ( x ) = x² + 2 x + 1，求 f(x) 在区间 [ -2 , 3 ] 上的最小值和最大值。", 1),
    ("buried in a long prompt", "老师好，我想请你帮我讲讲下面这道题的思路，我儿子总是做错。" * 5 + ITEMS[2] + "谢谢您！" * 20, 3),
]


@pytest.mark.parametrize("text,item", [(q, i) for _, q, i in QUERIES], ids=[n for n, _, _ in QUERIES])
def test_registered_items_are_found_despite_edits(bank: ExamBank, text: str, item: int) -> None:
    matches = bank.match(text, now=BEFORE)
    assert [(m.paper.id, m.item) for m in matches] == [("p1", item)]
    m = matches[0]
    assert 0 <= m.start < m.end <= len(text)


def test_reordered_items_are_each_found(bank: ExamBank) -> None:
    text = ITEMS[2] + "\n" + ITEMS[0] + "\n" + ITEMS[1]
    assert sorted(m.item for m in bank.match(text, now=BEFORE)) == [1, 2, 3]


@pytest.mark.parametrize(
    "text",
    ["请解释勾股定理，并举一个例子。", "如图，在三角形ABC中，求面积。", "帮我出10道一元二次方程的练习题",
     "已知函数f(x)=2x+3，求f(1)的值。"],
    ids=["study question", "same opening words", "practice request", "a different function item"],
)
def test_unregistered_text_does_not_match(bank: ExamBank, text: str) -> None:
    assert bank.match(text, now=BEFORE) == []


def test_items_stop_matching_after_the_embargo(bank: ExamBank) -> None:
    assert bank.match(ITEMS[0], now=EMBARGO + dt.timedelta(minutes=1)) == []
    assert bank.match(ITEMS[0], now=EMBARGO + dt.timedelta(minutes=1), include_expired=True)


def test_bank_on_disk_holds_no_text_and_round_trips(bank: ExamBank, tmp_path: Path) -> None:
    bank.save(tmp_path / "exambank")
    raw = b"".join(p.read_bytes() for p in (tmp_path / "exambank").iterdir())
    for fragment in ("三角形ABC", "最小值", "自行车", "x²+2x"):
        assert fragment.encode() not in raw
    loaded = ExamBank.load(tmp_path / "exambank", key=0x5EED)
    assert [m.item for m in loaded.match(ITEMS[1], now=BEFORE)] == [2]
    assert ExamBank.load(tmp_path / "exambank", key=0xBAD).match(ITEMS[1], now=BEFORE) == []


def test_removing_a_paper_removes_its_items(bank: ExamBank) -> None:
    bank.add_paper("p2", "另一份试卷", EMBARGO, [], ["1．下列词语中加点字的读音全都正确的一项是（  ）A．xx B．yy C．zz D．ww"])
    assert bank.remove_paper("p1")
    assert bank.match(ITEMS[1], now=BEFORE) == []
    assert [m.paper.id for m in bank.match("下列词语中加点字的读音全都正确的一项是（  ）A．xx B．yy C．zz D．ww", now=BEFORE)] == ["p2"]


def test_paper_is_split_into_items_and_passages() -> None:
    paper = ("绝密★启用前\n2026年秋季期末考试\n一、阅读理解\n" + "阅读下面的文章，完成各题。" + "春天来了，万物复苏。" * 8 + "\n"
             "1．文章的主要内容是什么？（3分）\n2．作者表达了怎样的感情？（4分）\n二、计算题\n3．计算 12×15=____。\n")
    items = split_items(paper)
    assert items[0].startswith("阅读下面的文章")
    assert [i[:2] for i in items[1:]] == ["1．", "2．", "3．"]


STRUCTURE = [
    ("绝密★启用前\n数学试卷\n注意事项：1．答卷前，考生务必将自己的姓名、准考证号填写在答题卡上。", True),
    ("一、选择题（每小题3分，共30分）\n1．下列各数中最小的是（  ）\nA．-2 B．0 C．1 D．2\n2．计算(-3)²的结果是（  ）\nA．-9 B．9 C．-6 D．6", True),
    ("1. 小明有5个苹果，吃了2个，还剩几个？（2分）\n2. 一本书有120页，每天看20页，几天看完？（3分）", True),
    ("请解释勾股定理，并举一个生活中的例子。", False),
    ("帮我出10道练习题，关于一元一次方程。", False),
    ("下列各数中最小的是（  ）A．-2 B．0 C．1 D．2", False),
    ("旅行清单：\n1. 护照\n2. 充电器\n3. 雨伞", False),
]


@pytest.mark.parametrize("text,reported", STRUCTURE,
                         ids=["paper header", "scored section with items", "numbered items with marks",
                              "study question", "practice request", "one question with options", "numbered list"])
def test_structural_detector_table(text: str, reported: bool) -> None:
    found = ExamStructureDetector().detect(ScanText(text))
    assert bool(found) is reported
    assert all(f.entity == "EXAM_ITEM" and text[f.start : f.end] == f.text for f in found)


def _paper_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("2026秋季期末数学（九年级）")
    for item in ITEMS:
        d.add_paragraph(item)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_exam_command_registers_lists_and_removes_a_docx_paper(tmp_path: Path) -> None:
    paper = tmp_path / "期末数学.docx"
    paper.write_bytes(_paper_docx())
    data = tmp_path / "data"

    def cli(*args: str) -> str:
        return subprocess.run([sys.executable, "-m", "proxy", "exam", *args, "--data-dir", str(data)],
                              capture_output=True, text=True, check=True).stdout

    out = cli("add", str(paper), "--title", "2026秋季期末数学", "--embargo-until", "2099-01-01T10:00", "--grades", "9")
    assert "3 items" in out
    paper_id = out.split()[1].rstrip(":")
    assert "2026秋季期末数学" in cli("list")
    assert not any(ITEMS[0][3:12].encode() in p.read_bytes() for p in (data / "exambank").iterdir())
    scanner = build_scanner(exam_bank=DataDir(data).open_exam_bank())
    found = [f for f in scanner.scan("请帮我讲讲：" + ITEMS[1]).findings if f.entity == "EXAM_ITEM"]
    assert [(f.meta("source"), f.meta("paper"), f.meta("item")) for f in found][0] == ("registered", "2026秋季期末数学", "2")
    cli("remove", paper_id)
    assert "no papers registered" in cli("list")


def test_bad_embargo_date_is_a_clear_error(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "proxy", "exam", "add", "x.txt", "--title", "t", "--embargo-until",
                           "next friday", "--data-dir", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 2 and "is not a date and time" in proc.stderr


def test_registered_item_is_blocked_naming_the_paper_and_embargo(tmp_path: Path) -> None:
    from proxy.policy.catalog import load_catalog
    from proxy.pipeline.guard import Guard, RequestView
    from proxy.policy.settings import PolicySettings
    from proxy.pipeline.vault import VaultStore

    bank = ExamBank(key=7)
    bank.add_paper("p1", "2026秋季期末数学", dt.datetime(2099, 1, 1, 10), [9], ITEMS)
    guard = Guard(build_scanner(exam_bank=bank), PolicySettings(), VaultStore())
    catalog = load_catalog(Path(__file__).resolve().parents[2] / "config" / "services.yaml")
    route = catalog.route("api.openai.com", "/v1/chat/completions")
    assert route is not None
    body = json.dumps({"messages": [{"role": "user", "content": "帮我出一道类似的题：" + ITEMS[0]}]}, ensure_ascii=False).encode()
    out = guard.inspect(RequestView("r", "c", "api.openai.com", "/v1/chat/completions", (), "POST",
                                    "application/json", "", body), route)
    assert out.block is not None
    message = json.loads(out.block.body)["error"]["message"]
    assert "《2026秋季期末数学》" in message and "2099-01-01 10:00" in message
    assert "x²+2x+1" not in message


def test_a_long_verbatim_run_of_a_long_item_is_found_even_below_half() -> None:
    passage = ("阅读下面的文字，完成各题。" + "".join(
        f"第{i}段：春风吹过田野，麦苗在阳光下轻轻摇晃，农民伯伯弯着腰在地里忙碌，远处的小河哗哗地流着，孩子们在河边追逐嬉戏。"
        for i in range(1, 9)))
    bank = ExamBank(key=11)
    bank.add_paper("p", "语文期中", EMBARGO, [], [passage])
    third = passage[: len(passage) // 3]
    assert [m.item for m in bank.match("帮我分析这段：" + third, now=BEFORE)] == [1]
    assert bank.match(passage[:60], now=BEFORE) == []  # a short opening alone is not enough


def test_matching_after_the_embargo_is_a_configurable_choice() -> None:
    bank = ExamBank(key=3)
    bank.add_paper("old", "去年期末", dt.datetime(2000, 1, 1), [], ITEMS)
    assert not [f for f in build_scanner(exam_bank=bank).scan(ITEMS[1]).findings if f.meta("source") == "registered"]
    kept = build_scanner(exam_bank=bank, exam_after_embargo=True).scan(ITEMS[1]).findings
    assert [f.meta("paper") for f in kept if f.meta("source") == "registered"] == ["去年期末"]


# -- issue 14: edits people make (new numbers, retyping slips, OCR, partial items) ------------------

EDITED = [
    "1．某校组织八年级学生参加植树活动，第一天种了128棵树，第二天比第一天多种了36棵，两天一共种了多少棵树？请写出计算过程。",
    "2．下列关于光合作用的叙述，正确的是（  ）A．光合作用只在白天进行，夜晚植物只进行呼吸作用 B．叶绿体是进行光合作用的场所 "
    "C．光合作用的产物只有氧气 D．光合作用不需要二氧化碳参与",
    "3．一辆汽车从甲地开往乙地，每小时行驶65千米，4小时后距离乙地还有140千米，甲乙两地相距多少千米？",
    "4．阅读下面的材料，根据要求写作。有人说，成长就是不断认识自己的过程；也有人说，成长是学会与他人相处的过程。"
    "请结合你的经历和感悟，写一篇不少于600字的文章。",
]


def _drop_every_tenth(text: str) -> str:
    return "".join(c for i, c in enumerate(text) if i % 10 != 9)


EDITS = [
    ("every digit changed", EDITED[2].replace("65", "72").replace("4小时", "5小时").replace("140", "96"), 3, "near"),
    ("every 10th character dropped", _drop_every_tenth(EDITED[0]), 1, "near"),
    ("OCR look-alikes", EDITED[3].replace("有人说", "有入说").replace("自己", "自已").replace("他人", "他入"), 4, "exact"),
    ("first 60 %", EDITED[3][: round(len(EDITED[3]) * 0.6)], 4, "exact"),  # 0.48 of its exact grams
    ("first half", EDITED[3][: round(len(EDITED[3]) * 0.5)], 4, "near"),
    ("paraphrase", EDITED[1].replace("叙述", "说法").replace("正确", "准确").replace("场所", "地方"), 2, "exact"),
    ("reordered options", EDITED[1].replace("A．光合作用只在白天进行，夜晚植物只进行呼吸作用 B．叶绿体是进行光合作用的场所",
                                            "A．叶绿体是进行光合作用的场所 B．光合作用只在白天进行，夜晚植物只进行呼吸作用"), 2, "exact"),
    ("mixed: new numbers and dropped characters",
     _drop_every_tenth(EDITED[0].replace("128", "245").replace("36", "57")), 1, "near"),
    ("digits changed, buried in a long prompt",
     "老师您好，下面这道题我不会做，请帮我讲一讲。" * 4 + EDITED[2].replace("65", "80").replace("4小时", "6小时").replace("140", "75") + "谢谢！" * 30,
     3, "near"),
]


@pytest.fixture()
def edited_bank() -> ExamBank:
    b = ExamBank(key=0x5EED)
    b.add_paper("p1", "2026秋季期末（八年级）", EMBARGO, [8], EDITED)
    return b


@pytest.mark.parametrize("text,item,tolerance", [e[1:] for e in EDITS], ids=[e[0] for e in EDITS])
def test_edited_registered_items_are_found_with_the_edit_class_they_needed(
        edited_bank: ExamBank, text: str, item: int, tolerance: str) -> None:
    matches = edited_bank.match(text, now=BEFORE)
    assert [(m.item, m.tolerance) for m in matches] == [(item, tolerance)]
    assert 0 <= matches[0].start < matches[0].end <= len(text)


def test_tolerance_vocabulary_is_defined_once() -> None:
    from detectors.stores.exam_bank import TOLERANCES
    assert TOLERANCES == ("exact", "near")


UNRELATED = [
    ("formulaic stem", "下列说法正确的是"),
    ("writing-task stem", "阅读下面的材料，根据要求写作"),
    ("stem of a registered item", "下列关于光合作用的叙述，正确的是（  ）"),
    ("same subject: another travel problem", "一辆货车从A城开往B城，每小时行驶60千米，3小时到达，A、B两城相距多少千米？"),
    ("same subject: a sibling multiple choice",
     "下列关于呼吸作用的叙述，正确的是（  ）A．呼吸作用只在夜晚进行 B．线粒体是有氧呼吸的主要场所 C．呼吸作用的产物只有二氧化碳 "
     "D．植物不进行呼吸作用"),
    ("same subject: another writing task",
     "阅读下面的材料，根据要求写作。有人说，读书是与古人对话；也有人说，读书是认识世界的窗口。请结合你的体会，写一篇不少于800字的议论文。"),
    ("same subject: another sum", "某校组织七年级学生参加读书活动，第一周读了12本书，第二周比第一周多读了5本，两周一共读了多少本书？"),
]


@pytest.mark.parametrize("text", [t for _, t in UNRELATED], ids=[n for n, _ in UNRELATED])
def test_stems_and_unregistered_items_of_the_same_subject_do_not_match(edited_bank: ExamBank, text: str) -> None:
    assert edited_bank.match(text, now=BEFORE) == []


def test_a_formula_with_other_letters_is_not_the_same_item() -> None:
    bank = ExamBank(key=5)
    bank.add_paper("m", "代数", EMBARGO, [], ["5．先化简，再求值：(3x+2)(x-1)-3x(x+1)，其中x=2，请写出完整的计算步骤。"])
    assert bank.match("先化简，再求值：(3x+7)(x-4)-3x(x+9)，其中x=5，请写出完整的计算步骤。", now=BEFORE)
    assert bank.match("计算：(5y+4)(y-7)-5y(y+3)", now=BEFORE) == []


def test_a_bank_of_format_2_still_loads_and_matches_exactly(edited_bank: ExamBank, tmp_path: Path) -> None:
    import numpy as np

    edited_bank.save(tmp_path)
    meta = json.loads((tmp_path / "papers.json").read_text(encoding="utf-8"))
    meta["format"] = "privacy-guard-exambank/2"
    del meta["near"]
    (tmp_path / "papers.json").write_text(json.dumps(meta), encoding="utf-8")
    with np.load(tmp_path / "bank.npz") as z:
        old = {k: z[k] for k in ("packed", "item_paper", "item_no", "item_size")}
    np.savez(tmp_path / "bank.npz", **old)
    loaded = ExamBank.load(tmp_path, key=0x5EED)
    assert [(m.item, m.tolerance) for m in loaded.match(EDITED[2], now=BEFORE)] == [(3, "exact")]
    assert loaded.match(EDITS[0][1], now=BEFORE) == []  # new numbers need near fingerprints


def test_an_unknown_bank_format_is_a_clear_error(edited_bank: ExamBank, tmp_path: Path) -> None:
    from detectors.errors import ResourceError

    edited_bank.save(tmp_path)
    meta = json.loads((tmp_path / "papers.json").read_text(encoding="utf-8"))
    (tmp_path / "papers.json").write_text(json.dumps({**meta, "format": "privacy-guard-exambank/9"}), encoding="utf-8")
    with pytest.raises(ResourceError, match="unknown bank format"):
        ExamBank.load(tmp_path, key=0x5EED)


def test_the_finding_says_which_edits_the_match_tolerated(edited_bank: ExamBank) -> None:
    found = [f for f in build_scanner(exam_bank=edited_bank).scan(EDITS[0][1]).findings if f.entity == "EXAM_ITEM"]
    registered = [f for f in found if f.meta("source") == "registered"]
    assert [(f.meta("item"), f.meta("tolerance")) for f in registered] == [("3", "near")]


def test_removing_a_paper_keeps_the_near_fingerprints_of_the_others(edited_bank: ExamBank) -> None:
    edited_bank.add_paper("p0", "更早的试卷", EMBARGO, [], ITEMS)
    edited_bank.add_paper("p2", "另一份", EMBARGO, [], ["1．小红有24张邮票，送给同学9张后，又买来15张，现在有多少张邮票？请列式计算。"])
    assert edited_bank.remove_paper("p0")
    assert [(m.paper.id, m.tolerance) for m in edited_bank.match(EDITS[0][1], now=BEFORE)] == [("p1", "near")]
    assert [(m.paper.id, m.tolerance) for m in edited_bank.match("小红有31张邮票，送给同学7张后，又买来12张，现在有多少张邮票？请列式计算。",
                                                                  now=BEFORE)] == [("p2", "near")]


# -- issue 14, round two: short options, rarity, order ------------------------------------------

SHORT_OPTIONS = ["1．我国面积最大的淡水湖是（  ）\nA．洞庭湖\nB．鄱阳湖\nC．太湖\nD．洪泽湖",
                 "2．下列城市中，被称为“春城”的是\nA．昆明\nB．贵阳\nC．南宁\nD．拉萨"]


@pytest.fixture()
def options_bank() -> ExamBank:
    b = ExamBank(key=0x0B7)
    b.add_paper("o", "地理小测", EMBARGO, [8], SHORT_OPTIONS)
    return b


@pytest.mark.parametrize("text,item", [
    ("我国面积最大的淡水湖是（  ）\nA．太湖\nB．洪泽湖\nC．洞庭湖\nD．鄱阳湖", 1),
    ("下列城市中，被称为“春城”的是 (A) 拉萨 (B) 昆明 (C) 南宁 (D) 贵阳", 2),
], ids=["short options shuffled", "short options shuffled, other letter style"])
def test_short_options_in_another_order_are_the_same_item(options_bank: ExamBank, text: str, item: int) -> None:
    assert [m.item for m in options_bank.match(text, now=BEFORE)] == [item]


def test_option_letters_cut_grams_only_in_an_option_list() -> None:
    from detectors.stores.exam_grams import normalise_marked as _normalise
    from detectors.text import ScanText

    _, _, marks = _normalise(ScanText("题目\nA．洞庭湖\nB．鄱阳湖"))
    assert int(marks.sum()) == 2
    _, _, plain = _normalise(ScanText("Plan A. Then the USA. Finally C."))
    assert not plain.any()


TRAVEL = "甲车每小时行驶60千米，乙车每小时行驶45千米，两车同时从东西两城相向而出发，经过3小时后两车相遇，东西两城相距多少千米？"


@pytest.mark.parametrize("text,expected", [
    # New numbers alone leave 0.47 of the exact grams (an `exact` match); one slip more needs `near`.
    ("甲车每小时行驶72千米，乙车每小时行驶38千米，两车同时从东西两城相向出发，经过5小时后两车相遇，东西两城相距多少千米？",
     ["near"]),
    ("经过3小时后两车相遇，东西两城相距多少千米？两车同时从东西两城相向而出发，乙车每小时行驶45千米，甲车每小时行驶60千米，",
     ["exact"]),
    ("经过5小时后两车相遇，东西两城相距多少千米？两车同时从东西两城相向而出发，乙车每小时行驶38千米，甲车每小时行驶72千米，", []),
    ("东西两城相距多少千米？乙车每小时行驶8千米，经过2小时后两车相遇，甲车每小时行驶9千米，两车同时从东西两城相向而出发，", []),
], ids=["new numbers and a slip, same order", "sentences reordered, same numbers (exact grams)",
        "sentences reordered and new numbers", "phrases shuffled and new numbers"])
def test_near_grams_count_only_in_the_items_own_order(text: str, expected: list[str]) -> None:
    bank = ExamBank(key=0x0DE)
    bank.add_paper("a", "应用题", EMBARGO, [], [TRAVEL])
    assert [m.tolerance for m in bank.match(text, now=BEFORE)] == expected


def test_a_bank_of_format_3_loads_and_matches_near_without_the_order_sketch(
        edited_bank: ExamBank, tmp_path: Path) -> None:
    import numpy as np

    edited_bank.save(tmp_path)
    meta = json.loads((tmp_path / "papers.json").read_text(encoding="utf-8"))
    (tmp_path / "papers.json").write_text(json.dumps({**meta, "format": "privacy-guard-exambank/3"}),
                                          encoding="utf-8")
    with np.load(tmp_path / "bank.npz") as z:
        old = {k: z[k] for k in z.files if not k.startswith("order_")}
    np.savez(tmp_path / "bank.npz", **old)
    loaded = ExamBank.load(tmp_path, key=0x5EED)
    assert [(m.item, m.tolerance) for m in loaded.match(EDITS[0][1], now=BEFORE)] == [(3, "near")]
    loaded.add_paper("o", "地理小测", EMBARGO, [8], SHORT_OPTIONS)  # new papers get their order sketch
    assert [m.paper.id for m in loaded.match(SHORT_OPTIONS[0], now=BEFORE)] == ["o"]


def test_removing_a_paper_keeps_the_order_sketch_of_the_others(edited_bank: ExamBank, tmp_path: Path) -> None:
    edited_bank.add_paper("o", "地理小测", EMBARGO, [8], SHORT_OPTIONS)
    assert edited_bank.remove_paper("p1")
    edited_bank.save(tmp_path)
    loaded = ExamBank.load(tmp_path, key=0x5EED)
    shuffled = "下列城市中，被称为“春城”的是\nA．拉萨\nB．昆明\nC．南宁\nD．贵阳"
    assert [(m.paper.id, m.item) for m in loaded.match(shuffled, now=BEFORE)] == [("o", 2)]


@pytest.mark.parametrize("spans,expected", [
    ([], 0),
    ([(0, 3)], 4),
    ([(0, 3), (2, 5)], 6),
    ([(0, 3), (10, 13)], 8),
    ([(5, 8), (0, 3), (1, 2)], 8),
    ([(0, 9), (2, 4)], 10),
], ids=["none", "one gram", "overlapping", "apart", "out of order and nested", "nested in a longer span"])
def test_characters_covered_are_the_union_of_the_gram_spans(spans: list[tuple[int, int]], expected: int) -> None:
    import numpy as np

    from detectors.stores.exam_sketch import covered

    first = np.array([a for a, _ in spans], dtype=np.int64)
    last = np.array([b for _, b in spans], dtype=np.int64)
    assert covered(first, last) == expected


SAND = "一个圆锥形沙堆，底面半径是3米，高是1.5米，用这堆沙在宽10米的公路上铺2厘米厚的路面，能铺多少米？"


@pytest.mark.parametrize("short,found", [(60, []), (0, ["near"])],
                         ids=["a short item must show its wording", "the check is for short items only"])
def test_a_short_item_matches_near_only_with_its_wording(short: int, found: list[str]) -> None:
    bank = ExamBank(key=0x0DE)
    bank.add_paper("a", "应用题", EMBARGO, [], [SAND])
    new_numbers = "一个圆锥形沙堆，底面半径是4米，高是2.5米，用这堆沙在宽8米的公路上铺3厘米厚的路面，能铺多少米？"
    assert [m.tolerance for m in bank.match(new_numbers, now=BEFORE)] == ["near"]
    # Demanding more wording than any copy can show: only items longer than `near_short` still match.
    # (The gram rules alone: the alignment check, which replaces them for short items, is off.)
    strict = bank.match(new_numbers, now=BEFORE, near_short=short, near_short_precision=1.01, near_short_cover=1.01,
                        aligned=None)
    assert [m.tolerance for m in strict] == found


def test_bank_on_disk_holds_only_numbers_and_no_text_in_any_encoding(edited_bank: ExamBank, tmp_path: Path) -> None:
    import numpy as np

    edited_bank.add_paper("s", "应用题", EMBARGO, [], [SAND])
    edited_bank.save(tmp_path)
    with np.load(tmp_path / "bank.npz") as z:
        assert all(np.issubdtype(z[k].dtype, np.unsignedinteger) for k in z.files)  # keyed hashes, sizes, places
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for fragment in ("圆锥形沙堆", "公路上铺", "植树活动", "光合作用"):
        for encoding in ("utf-8", "utf-16-le", "utf-32-le", "gb18030"):
            assert fragment.encode(encoding) not in raw


def _hanzi(n: int, seed: int) -> str:
    """n common Chinese characters, seeded: text no other test item shares."""
    import random

    rng = random.Random(seed)
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(n))


BOILERPLATE = _hanzi(150, 0)  # a formula with its table of critical values, shared by several items


@pytest.mark.parametrize("query,expected", [
    (_hanzi(250, 99) + BOILERPLATE, []),
    (_hanzi(250, 1)[:160], [1]),
], ids=["an unregistered item with the shared boilerplate", "the first 40 % of an item"])
def test_a_long_run_counts_only_what_few_items_hold(query: str, expected: list[int]) -> None:
    bank = ExamBank(key=0xB0)
    bank.add_paper("s", "统计", EMBARGO, [], [_hanzi(250, k) + BOILERPLATE for k in (1, 2, 3, 4)])
    assert [m.item for m in bank.match(query, now=BEFORE)] == expected
    if not expected:  # every fingerprint counted: the boilerplate alone is a long run of each item
        assert len(bank.match(query, now=BEFORE, long_run_df=0)) == 4


@pytest.mark.parametrize("text,same_as", [
    ("比乙数小I.2", "比乙数小1.2"),  # I misread for 1 (UTS #39: I, l, 1)
    ("多S00的数多4O", "多S00的数多40"),  # O misread for 0; S is no digit look-alike there
    ("长l0米", "长10米"),
])
def test_digit_lookalikes_beside_digits_are_read_as_digits(text: str, same_as: str) -> None:
    from detectors.stores.exam_grams import normalise
    from detectors.stores.exam_sketch import class_normalise

    assert list(class_normalise(normalise(text)[0])[0]) == list(class_normalise(normalise(same_as)[0])[0])


@pytest.mark.parametrize("text", ["log2x", "z=3+4i", "sin x", "lo"])
def test_letters_in_words_and_the_imaginary_unit_stay_letters(text: str) -> None:
    from detectors.stores.exam_grams import normalise
    from detectors.stores.exam_sketch import DIGIT_CLASS, class_normalise

    norm = normalise(text)[0]
    letters = [c for c in norm if c.isalpha()]
    assert sum(chr(c).isalpha() for c in class_normalise(norm)[0]) == len(letters)
    assert chr(class_normalise(norm)[0][-1]) != DIGIT_CLASS or not norm[-1].isalpha()


SHORT = "梯形上底是米下底是米高是米它的面积是多少平方米"


def test_a_substituted_character_in_a_short_item_is_found_through_its_skip_grams() -> None:
    b = ExamBank(key=0x5EED)
    b.add_paper("p", "t", EMBARGO, [5], [SHORT, "一个长方形的周长是多少厘米宽是多少厘米", "甲乙两地相距多少千米汽车每小时行多少"])
    edited = SHORT.replace("上底", "上低").replace("米高", "米搞").replace("多少", "多小")  # three misread characters
    # The gram rules alone (alignment off): a substituted character costs the four grams over it.
    assert b.match(edited, now=BEFORE, aligned=None) == []
    found = b.match(edited, now=BEFORE, near_substitutions=3, near_substituted=0.7, aligned=None)
    assert [(m.item, m.tolerance) for m in found] == [(1, "near")]
    # A full match that needs the recovered grams must reach `near_substituted`.
    assert b.match(edited, now=BEFORE, near_substitutions=3, near_substituted=0.9, aligned=None) == []
    # The alignment (the default) sees three slips in an otherwise intact copy.
    assert [(m.item, m.edit) for m in b.match(edited, now=BEFORE)] == [(1, "slips")]
