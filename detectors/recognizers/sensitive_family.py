"""`SENSITIVE_FAMILY`: family hardship and circumstances (subsistence allowance, divorce, custody, left-behind children)."""

from __future__ import annotations

from typing import ClassVar

from detectors.models.keywords import KeywordDetector

__all__ = ["SensitiveFamilyDetector"]


class SensitiveFamilyDetector(KeywordDetector):
    name: ClassVar[str] = "sensitive_family"
    entity: ClassVar[str] = "SENSITIVE_FAMILY"
    entities: ClassVar[tuple[str, ...]] = ("SENSITIVE_FAMILY",)
    TERMS: ClassVar[tuple[str, ...]] = (
        "低保", "低保户", "最低生活保障", "特困", "特困户", "贫困户", "建档立卡", "困难家庭", "家庭困难",
        "经济困难", "家境贫寒", "贫困生", "助学金", "离异", "离婚", "父母离婚", "单亲", "单亲家庭", "再婚",
        "继父", "继母", "抚养权", "监护权", "留守儿童", "孤儿", "父母双亡", "父亲去世", "母亲去世",
        "服刑", "坐牢", "入狱", "吸毒", "家暴", "家庭暴力", "失业", "下岗", "欠债", "负债", "残疾人家庭",
        "事实孤儿", "寄养", "收养",
    )
