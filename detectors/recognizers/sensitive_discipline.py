"""`SENSITIVE_DISCIPLINE`: school discipline records, misconduct and bullying involving a pupil."""

from __future__ import annotations

from typing import ClassVar

from detectors.models.keywords import KeywordDetector

__all__ = ["SensitiveDisciplineDetector"]


class SensitiveDisciplineDetector(KeywordDetector):
    name: ClassVar[str] = "sensitive_discipline"
    entity: ClassVar[str] = "SENSITIVE_DISCIPLINE"
    entities: ClassVar[tuple[str, ...]] = ("SENSITIVE_DISCIPLINE",)
    TERMS: ClassVar[tuple[str, ...]] = (
        "处分", "警告处分", "严重警告", "记过", "记大过", "留校察看", "开除学籍", "开除", "劝退", "退学",
        "通报批评", "违纪", "违反校规", "打架", "斗殴", "偷窃", "盗窃", "偷东西", "考试作弊", "作弊",
        "霸凌", "欺凌", "校园暴力", "逃学", "旷课", "早恋", "抽烟", "酗酒", "夜不归宿", "离家出走",
        "派出所", "拘留", "少管所", "不良行为", "品行问题",
    )
