"""The catch-all format: every string value anywhere in the body, for hosts we have no adapter for."""

from __future__ import annotations

from typing import ClassVar

from proxy.pipeline.formats.base import TextSlot, all_strings

__all__ = ["GenericJsonAdapter"]


class GenericJsonAdapter:
    """Every string value (not object keys), in document order, with no role."""

    __slots__ = ()
    name: ClassVar[str] = "generic_json"

    def extract(self, doc: object) -> list[TextSlot]:
        return all_strings(doc)
