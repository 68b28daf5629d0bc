"""Every fact about an entity type, once: its name (as a type), its Chinese label,
the placeholder word a pseudonym uses, and the flags the rest of the product
reads (numbers, keyed hashes in the audit, special categories, overlays).

Policy, rewriting, restoring, blocking, the audit and the report all read this
table; nobody keeps a list of entity types of their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

from detectors.text import ZERO_WIDTH

__all__ = [
    "EntityType", "ENTITY_TYPES", "EntityFacts", "ENTITIES", "LABELS", "PLACEHOLDER_WORDS",
    "SPECIAL_CATEGORIES", "OVERLAY_ENTITIES", "SUBJECT_ENTITIES", "NUMBER_ENTITIES", "HASHED_ENTITIES",
    "label_of", "canonical_value",
]

EntityType = Literal[
    "CN_RESIDENT_ID",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "BANK_CARD",
    "PASSPORT",
    "STUDENT_ID",
    "PERSON",
    "ADDRESS",
    "SCHOOL",
    "SCHOOL_CLASS",
    "SECRET",
    "SENSITIVE_HEALTH",
    "SENSITIVE_FAMILY",
    "SENSITIVE_DISCIPLINE",
    "EXAM_ITEM",
    "GHOSTWRITING",
]
#: Every entity type the engine reports. Policy files, the audit and external
#: checks rely on these exact names.
ENTITY_TYPES: tuple[EntityType, ...] = get_args(EntityType)


@dataclass(frozen=True, slots=True)
class EntityFacts:
    #: Chinese label in block messages, redactions ([手机号]) and reports.
    label: str
    #: The word a pseudonym uses (〔学生甲〕); defaults to the label.
    placeholder: str = ""
    #: A number whose separators carry no meaning (138-1234-5678 is 13812345678).
    number: bool = False
    #: Matched values are kept in the audit as keyed hashes, so a reviewer can
    #: look up "every record about this ID number" without the log holding it.
    hashed: bool = False
    #: A special category (PIPL art. 28): escalated when it lies next to a person.
    special: bool = False
    #: Lies over other findings instead of competing with them (an exam item
    #: may contain a name that is redacted too).
    overlay: bool = False
    #: Identifies the person a special category is about (for escalation and overlap rules).
    subject: bool = False
    #: Personal data (blocked outright inside a supervised class session); exam
    #: material and ghost-writing requests are facts about the text, not a person.
    personal: bool = True


ENTITIES: Mapping[EntityType, EntityFacts] = MappingProxyType({
    "CN_RESIDENT_ID": EntityFacts("身份证号", number=True, hashed=True, subject=True),
    "PHONE_NUMBER": EntityFacts("手机号", number=True, hashed=True),
    "EMAIL_ADDRESS": EntityFacts("邮箱", hashed=True),
    "BANK_CARD": EntityFacts("银行卡号", number=True, hashed=True),
    "PASSPORT": EntityFacts("证件号", number=True, hashed=True),
    "STUDENT_ID": EntityFacts("学号", number=True, hashed=True, subject=True),
    "PERSON": EntityFacts("姓名", placeholder="学生", hashed=True, subject=True),
    "ADDRESS": EntityFacts("地址", hashed=True),
    "SCHOOL": EntityFacts("学校", hashed=True),
    "SCHOOL_CLASS": EntityFacts("班级", hashed=True),
    "SECRET": EntityFacts("密钥", hashed=True),
    "SENSITIVE_HEALTH": EntityFacts("健康信息", special=True, overlay=True),
    "SENSITIVE_FAMILY": EntityFacts("家庭信息", special=True, overlay=True),
    "SENSITIVE_DISCIPLINE": EntityFacts("违纪信息", special=True, overlay=True),
    "EXAM_ITEM": EntityFacts("试题", overlay=True, personal=False),
    "GHOSTWRITING": EntityFacts("代写作业请求", overlay=True, personal=False),
})
assert tuple(ENTITIES) == ENTITY_TYPES, "the facts table lists every entity type, in order"

LABELS: Mapping[str, str] = MappingProxyType({e: f.label for e, f in ENTITIES.items()})
PLACEHOLDER_WORDS: Mapping[str, str] = MappingProxyType(
    {e: f.placeholder or f.label for e, f in ENTITIES.items()}
)
SPECIAL_CATEGORIES: frozenset[str] = frozenset(e for e, f in ENTITIES.items() if f.special)
OVERLAY_ENTITIES: frozenset[str] = frozenset(e for e, f in ENTITIES.items() if f.overlay)
SUBJECT_ENTITIES: frozenset[str] = frozenset(e for e, f in ENTITIES.items() if f.subject)
NUMBER_ENTITIES: frozenset[str] = frozenset(e for e, f in ENTITIES.items() if f.number)
HASHED_ENTITIES: tuple[str, ...] = tuple(e for e, f in ENTITIES.items() if f.hashed)

_SEPARATORS = re.compile(r"[\s\-‐‑–—_.·/()（）+]")


def label_of(entity: str) -> str:
    return LABELS.get(entity, entity)


def canonical_value(entity: str, text: str) -> str:
    """The value a placeholder or an audit hash stands for: full-width, zero-width
    and (for numbers) separators do not make a new value of the same one."""
    value = "".join(c for c in unicodedata.normalize("NFKC", text) if c not in ZERO_WIDTH)
    if entity in NUMBER_ENTITIES:
        value = _SEPARATORS.sub("", value).upper()
    return value
