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
