"""Table tests for the number detectors: valid, bad checksum, full-width, embedded
in Chinese with no spaces, split, Chinese numerals, and a longer run that must not match."""

from __future__ import annotations

import csv

import pytest

from detectors import Scanner, digitruns
from detectors.recognizers.bank_card import BankCardDetector
from detectors.recognizers.cn_resident_id import CnResidentIdDetector
from detectors.recognizers.email_address import EmailAddressDetector
from detectors.recognizers.passport import PassportDetector
from detectors.recognizers.phone_number import PhoneNumberDetector
from detectors.recognizers.secret import SecretDetector
from detectors.recognizers.student_id import StudentIdDetector
from detectors.text import ScanText

from tests.conftest import EVAL_DIR, detect

RID = [
    ("身份证号110108201503121238。", ["110108201503121238"], "valid"),
    ("我的身份证是44011320141005001x", ["44011320141005001x"], "valid lower-case x"),
    ("号码１１０１０８２０１５０３１２１２３８号", ["１１０１０８２０１５０３１２１２３８"], "full-width"),
    ("孩子身份证110108 2015 0312 1238", ["110108 2015 0312 1238"], "split by spaces"),
    ("证件号110108-20150312-1238", ["110108-20150312-1238"], "split by dashes"),
    ("一一〇一〇八二〇一五〇三一二一二三八", ["一一〇一〇八二〇一五〇三一二一二三八"], "chinese numerals"),
    ("身份证号码为230103198008273629。", ["230103198008273629"], "bad checksum with context"),
    ("订单号230103198008273629。", [], "bad checksum without context"),
    ("编号1101082015031212380", [], "longer digit run"),
    ("学籍号G110108201503121238", ["110108201503121238"], "a letter label glued on (the engine keeps STUDENT_ID)"),
    ("sfz110108201503121238，谢谢", ["110108201503121238"], "pinyin label glued on"),
    ("key=ab110108201503121238cd", ["110108201503121238"], "letters on both sides (the whole token)"),
    ("shenfenzheng110108201503121238", ["110108201503121238"], "a long pinyin label glued on"),
    ("sfz44011320141005001Xok", ["44011320141005001X"], "letters glued after its X"),
    ("身份证号110108201503121238x", ["110108201503121238"], "an x glued after a whole number"),
    ("订单 450954731908216866 已付款", [], "a region python-stdnum knows without a county (raised KeyError)"),
    ("JT218349670225900 已发货", [], "a parcel number: glued, legacy length, no identity word"),
    ("sfz110108201503121239", [], "glued, bad checksum"),
    ("身份证号码sfz230103198008273629", ["230103198008273629"], "glued, bad checksum, an identity word near"),
    ("token a1b2c110108201503121238", [], "inside a code (letters and digits before)"),
    ("旧身份证110108750312123", ["110108750312123"], "legacy 15 digits"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in RID], ids=[i for *_, i in RID])
def test_resident_id_table(text: str, expected: list[str]) -> None:
    assert detect(CnResidentIdDetector(), text) == expected


def test_bad_checksum_scores_lower_than_valid() -> None:
    d = CnResidentIdDetector()
    valid = d.detect(ScanText("身份证号110108201503121238"))[0]
    bad = d.detect(ScanText("身份证号110108201503121239"))[0]
    assert bad.score < valid.score


def _vector_rows(name: str = "cn_ric_vectors.tsv") -> list[dict[str, str]]:
    path = EVAL_DIR / "vectors" / name
    if not path.exists():
        pytest.skip(f"evaluation vectors not found at {path}")
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_resident_id_agrees_with_the_shared_test_vectors() -> None:
    rows = _vector_rows()
    assert rows
    d = CnResidentIdDetector()
    for row in rows:
        found = d.detect(ScanText(f"号码 {row['value']} 。"))
        if row["expected"] == "valid":
            assert [f.score for f in found] == [0.95], row
        elif row["expected"] == "ambiguous":
            # Checksum right, county not registered in the birth year: reported, less sure.
            assert [f.score for f in found] == [0.85], row
        else:
            assert found == [], row


def test_unified_social_credit_codes_are_not_resident_ids() -> None:
    rows = [r for r in _vector_rows("cn_uscc_vectors.tsv") if r["expected"] == "valid"]
    assert len(rows) > 100
    d = CnResidentIdDetector()
    hits = [r["value"] for r in rows if d.detect(ScanText(f"统一社会信用代码 {r['value']}"))]
    assert hits == []


PHONE = [
    ("手机13945671234联系", ["13945671234"], "valid"),
    ("+86 138 1234 5678", ["+86 138 1234 5678"], "plus 86 spaced"),
    ("0086-13812345678", ["0086-13812345678"], "0086 dashed"),
    ("电话：010-62751234", ["010-62751234"], "beijing landline"),
    ("(010)62751234", ["(010)62751234"], "parenthesised area code"),
    ("电话一三九一二三四五六七八", ["一三九一二三四五六七八"], "chinese numerals"),
    ("手机１３９１２３４５６７８", ["１３９１２３４５６７８"], "full-width"),
    ("打1 3 8 1 2 3 4 5 6 7 8", ["1 3 8 1 2 3 4 5 6 7 8"], "single digits"),
    ("编号138123456789", [], "longer digit run"),
    ("号码1381234\u200b5678", ["1381234\u200b5678"], "zero width"),
    ("香港电话 9123 4567", ["9123 4567"], "hong kong with context"),
    ("+852 9123 4567", ["+852 9123 4567"], "hong kong prefix"),
    ("台湾手机0912345678", ["0912345678"], "taiwan with context"),
    ("共91234567人", [], "eight digits without context"),
    ("刘一鸣 13812345678 92", ["13812345678"], "table row"),
    ("tel13912345678", ["13912345678"], "english label glued on"),
    ("家长dh13912345678，急", ["13912345678"], "pinyin label glued on"),
    ("13912345678abc。", ["13912345678"], "letters glued after"),
    ("sk-proj-x9AbCdEf13912345678ghij", [], "inside a key (letters on both sides)"),
    ("build a1b13912345678", [], "inside a code (digits among the letters)"),
    ("baba13912345678mama13800001111", ["13912345678", "13800001111"], "two labelled numbers in one token"),
    ("abcdefghij13912345678", ["13912345678"], "after a long run of letters (a pinyin label)"),
    ("shoujihaoma13912345678", ["13912345678"], "a long pinyin label"),
    ("tel13912345678x", ["13912345678"], "letters on both sides (the whole token)"),
    ("手机13912345678x，急", ["13912345678"], "an x after it (read as an ID's check character before)"),
    ("tel008613912345678", ["008613912345678"], "a glued label, the country code written"),
    ("abcdefghijklmnopqrstuvwxyzabcdefghij13912345678", [], "after a run of letters too long for a label"),
    ("request_id=b3f6d743-63ef-3148-5092-17885804564b", [], "the last group of a UUID"),
    ("shoujihao13912345678", ["13912345678"], "a long pinyin label"),
    ("shenfenzhenghaoma13912345678", ["13912345678"], "a 17-letter pinyin label (身份证号码)"),
    ("tel010-62751234", [], "a glued label takes mobile numbers only"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in PHONE], ids=[i for *_, i in PHONE])
def test_phone_number_table(text: str, expected: list[str]) -> None:
    assert detect(PhoneNumberDetector(), text) == expected


EMAIL = [
    ("邮箱baiyaning@163.com或手机", ["baiyaning@163.com"], "embedded in chinese"),
    ("ｂａｉ＠１６３．ｃｏｍ", ["ｂａｉ＠１６３．ｃｏｍ"], "full-width"),
    ("Contact: john.smith+tag@school.edu.cn.", ["john.smith+tag@school.edu.cn"], "plus and dots"),
    ("用@提及某人", [], "bare at sign"),
    ("version 1.2@beta", [], "no tld"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in EMAIL], ids=[i for *_, i in EMAIL])
def test_email_table(text: str, expected: list[str]) -> None:
    assert detect(EmailAddressDetector(), text) == expected


BANK = [
    ("卡号6222021234567890128", ["6222021234567890128"], "unionpay 19 luhn"),
    ("银行卡 6222 0212 3456 7890 128", ["6222 0212 3456 7890 128"], "spaced"),
    ("4111111111111111", ["4111111111111111"], "visa without context"),
    ("流水号6222021234567890127", [], "bad luhn without context"),
    ("卡号6222021234567890127", ["6222021234567890127"], "bad luhn with context"),
    ("６２２２０２１２３４５６７８９０１２８", ["６２２２０２１２３４５６７８９０１２８"], "full-width"),
    ("号62220212345678901280000", [], "longer digit run"),
    ("kh6222021234567890128", ["6222021234567890128"], "label glued on, luhn valid"),
    ("kh6222021234567890127", [], "label glued on, bad luhn"),
    ("ref=x6222021234567890128y", ["6222021234567890128"], "letters on both sides (the whole token)"),
    ("ref=a1b6222021234567890128", [], "inside a code (hex letters between digits)"),
    ("卡号6222021234567890128X", ["6222021234567890128"], "an X after it"),
    ("JD5557201007689029 已发货", [], "glued, luhn valid, not UnionPay, no card word"),
    ("card5557201007689029", ["5557201007689029"], "glued, luhn valid, a card word"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in BANK], ids=[i for *_, i in BANK])
def test_bank_card_table(text: str, expected: list[str]) -> None:
    found = BankCardDetector().detect(ScanText(text))
    # Sub-slices may also be proposed; the longest is the one the engine keeps.
    longest = sorted(found, key=lambda f: -f.length)[:1]
    assert [f.text for f in longest] == expected


PASSPORT = [
    ("护照号E12345678", ["E12345678"], "passport with context"),
    ("港澳通行证C12345678", ["C12345678"], "hk macau permit"),
    ("零件E12345678", [], "no context"),
    ("护照号E123456789012", [], "too long"),
    ("PassPort No. E12345678", ["E12345678"], "context in any case (the whole-text gate folds case too)"),
    ("E12345678 护照", [], "context after the code only"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in PASSPORT], ids=[i for *_, i in PASSPORT])
def test_passport_table(text: str, expected: list[str]) -> None:
    assert detect(PassportDetector(), text) == expected


STUDENT = [
    ("全国学籍号G110108201503121238。", ["G110108201503121238"], "national registration number"),
    ("他的学号是20230512", ["20230512"], "student number"),
    ("准考证号：2024110203", ["2024110203"], "exam admission number"),
    ("考号 A10293", ["A10293"], "exam number with letter"),
    ("学号是多少", [], "question without number"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in STUDENT], ids=[i for *_, i in STUDENT])
def test_student_id_table(text: str, expected: list[str]) -> None:
    assert detect(StudentIdDetector(), text) == expected


SECRET = [
    ("key: sk-proj-abcdefghijklmnopqrstuvwxyz123", ["sk-proj-abcdefghijklmnopqrstuvwxyz123"], "openai key"),
    ("AKIAIOSFODNN7EXAMPLE", ["AKIAIOSFODNN7EXAMPLE"], "aws key id"),
    ("ghp_" + "a" * 36, ["ghp_" + "a" * 36], "github token"),
    ("我的密码是Abc!2345。", ["Abc!2345"], "password after label"),
    ("忘记密码怎么办", [], "password word without value"),
    ("task-1234567890", [], "not a key"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in SECRET], ids=[i for *_, i in SECRET])
def test_secret_table(text: str, expected: list[str]) -> None:
    assert detect(SecretDetector(), text) == expected


@pytest.mark.parametrize("text", [
    "电话 138 1234 5678，身份证 110101 19900307 4578，卡号 6222 0202 0000 1234 567",
    "1 1 0 1 0 8 1 9 9 0 0 3 0 7 4 5 7 8 和 2023-001-0042",
    "学号G110101200501011234X 0086-138-1234-5678 一三九一二三四五六七八",
], ids=["spaced groups", "single digits and a short code", "letters, prefixes and numerals"])
@pytest.mark.parametrize("lengths", [(15, 19), (15, 18), (8, 15), (4, 20)], ids=str)
def test_number_candidates_cut_once_per_text_are_those_cut_for_each_range(text: str, lengths: tuple[int, int]) -> None:
    shared = list(digitruns.number_candidates(ScanText(text), *lengths))
    alone = list(digitruns._candidates(ScanText(text), *lengths, 20))
    assert shared == alone and shared


@pytest.mark.parametrize("text,entity", [
    ("学籍号G110108201503121238", "STUDENT_ID"),
    ("家长电话tel13912345678", "PHONE_NUMBER"),
    ("身份证sfz110108201503121238", "CN_RESIDENT_ID"),
], ids=["national student number", "english label", "pinyin label"])
def test_a_number_with_a_letter_label_glued_on_is_one_finding_of_the_scanner(scanner: Scanner, text: str,
                                                                              entity: str) -> None:
    assert [f.entity for f in scanner.scan(text).findings] == [entity]


def test_national_and_introduced_student_numbers_interleaved_are_each_reported_once() -> None:
    # Fake numbers. A national number (学籍号：G…) is reported whole, once; the 学号 after it on its own.
    lines = [f"学籍号：G1101082015031212{i % 10}8 学号：2023{i:04d}" for i in range(40)]
    text = ScanText("\n".join(lines))
    found = sorted((f.start, f.end) for f in StudentIdDetector().detect(text))
    assert len(found) == len(set(found)) == 80
    values = [text.norm[s:e] for s, e in found]
    assert values[0::2] == [f"G1101082015031212{i % 10}8" for i in range(40)]
    assert values[1::2] == [f"2023{i:04d}" for i in range(40)]
