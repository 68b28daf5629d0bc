"""`SENSITIVE_HEALTH`: illness, disability and psychological state (PIPL art. 28 sensitive data)."""

from __future__ import annotations

from typing import ClassVar

from detectors.models.keywords import KeywordDetector

__all__ = ["SensitiveHealthDetector"]


class SensitiveHealthDetector(KeywordDetector):
    name: ClassVar[str] = "sensitive_health"
    entity: ClassVar[str] = "SENSITIVE_HEALTH"
    entities: ClassVar[tuple[str, ...]] = ("SENSITIVE_HEALTH",)
    TERMS: ClassVar[tuple[str, ...]] = (
        "抑郁症", "抑郁", "焦虑症", "焦虑障碍", "焦虑", "双相", "躁郁症", "精神分裂", "精神疾病", "精神病", "心理疾病",
        "心理问题", "心理障碍", "心理咨询", "心理治疗", "自闭症", "孤独症", "多动症", "注意缺陷", "ADHD",
        "阿斯伯格", "读写障碍", "学习障碍", "智力障碍", "智障", "发育迟缓", "厌食症", "暴食症", "进食障碍",
        "强迫症", "创伤后应激", "PTSD", "自残", "自伤", "割腕", "自杀", "轻生", "想死", "不想活",
        "癫痫", "哮喘", "糖尿病", "心脏病", "先天性心脏病", "白血病", "癌症", "肿瘤", "艾滋病", "HIV",
        "乙肝", "肝炎", "肺结核", "结核病", "残疾", "残障", "听力障碍", "视力障碍", "失明", "聋哑",
        "脑瘫", "唐氏综合征", "过敏史", "住院治疗", "病史", "确诊", "诊断为", "服用药物", "抗抑郁药",
        "精神科", "心理科", "特殊体质", "休学治疗",
    )
