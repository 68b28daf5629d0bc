"""Masked previews for the audit (王**, 139****5678), only where the policy allows them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

__all__ = ["mask"]


def _keep(head: int, tail: int) -> Callable[[str], str]:
    def m(value: str) -> str:
        digits = re.sub(r"[\s\-]", "", value)
        if len(digits) <= head + tail:
            return "*" * len(digits)
        return digits[:head] + "*" * (len(digits) - head - tail) + digits[len(digits) - tail :]
    return m


def _name(value: str) -> str:
    return value[:1] + "*" * (len(value) - 1)


def _email(value: str) -> str:
    local, _, domain = value.partition("@")
    return (local[:1] + "***@" + domain) if domain else "***"


_MASKS: Mapping[str, Callable[[str], str]] = MappingProxyType({
    "PERSON": _name,
    "PHONE_NUMBER": _keep(3, 4),
    "CN_RESIDENT_ID": _keep(4, 4),
    "BANK_CARD": _keep(0, 4),
    "STUDENT_ID": _keep(2, 2),
    "PASSPORT": _keep(1, 2),
    "EMAIL_ADDRESS": _email,
})


def mask(entity: str, value: str) -> str | None:
    """A preview that shows too little to identify anyone alone, or None (no preview for this type)."""
    fn = _MASKS.get(entity)
    return fn(value) if fn is not None else None
