"""What every request-body adapter shares: the `TextSlot` value, the `FormatAdapter` protocol,
the JSON walkers the adapters are built from, and the one write-back function `apply_replacements`.

Theory of operation
-------------------
An adapter knows where a service's request body keeps user-authored text. It returns one
`TextSlot` per string, each with the JSON path that leads to it; the scanner rewrites the texts
and `apply_replacements` writes them back into a deep copy, so every other byte of the body
(model name, parameters, base64 images, signatures) reaches the AI host unchanged.

Fail-closed rule: an adapter must never let text through unscanned. So
  * a body that is not shaped as the format expects (not an object, a required field missing,
    `messages` not a list, a message not an object, a text field that is not a string…) makes
    the walker raise `ShapeMismatch`, and `extract_fields` answers with `all_strings` of the
    WHOLE document instead;
  * a well-formed container holding a block or item type the adapter does not know (APIs grow
    new ones every few months) yields every string of that one block (`all_strings`).
Only content the adapter explicitly knows to be non-text (base64 media, encrypted reasoning,
signatures, file ids) is skipped, and each skip is written in the adapter's table.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import ClassVar, Protocol

__all__ = [
    "JsonPath",
    "TextSlot",
    "FormatAdapter",
    "ShapeMismatch",
    "FieldHandler",
    "BlockHandler",
    "all_strings",
    "apply_replacements",
    "extract_fields",
    "as_dict",
    "as_list",
    "text_at",
    "text_or_blocks",
    "walk_blocks",
    "block_text",
    "block_all_strings",
    "skip_block",
    "combine_blocks",
]

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class TextSlot:
    """One string in a request body: where it is, what it says, and who wrote it.

    `role` is the conversational role the format states for the text ("user", "assistant",
    "tool", "model", …), "system" for system-prompt fields, or None where the format has none.
    """

    path: JsonPath
    text: str
    role: str | None


class FormatAdapter(Protocol):
    """Lists the user-authored strings of one request format; never raises on odd input."""

    name: ClassVar[str]

    def extract(self, doc: object) -> list[TextSlot]: ...


class ShapeMismatch(ValueError):
    """Internal signal: the body is not shaped as the format expects (see the module docstring).

    It never leaves `extract_fields`; the adapter falls back to every string of the document.
    """


FieldHandler = Callable[[object, JsonPath], list[TextSlot]]
"""Handles the value of one top-level field: (value, path of the value) -> slots."""

BlockHandler = Callable[[dict[str, object], JsonPath, str | None], list[TextSlot]]
"""Handles one typed block or item: (block, path of the block, role) -> slots."""


# --------------------------------------------------------------------------- generic walking


def all_strings(node: object, prefix_path: JsonPath = (), role: str | None = None) -> list[TextSlot]:
    """Every string VALUE inside a JSON value (object keys are not reported), in document order."""
    slots: list[TextSlot] = []
    # An explicit stack instead of recursion: a hostile body nested 10,000 deep must not crash us.
    stack: list[tuple[object, JsonPath]] = [(node, prefix_path)]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            slots.append(TextSlot(path, value, role))
        elif isinstance(value, dict):
            # Parsed JSON only has str keys; anything else could not be addressed by a path.
            children = [(v, (*path, k)) for k, v in value.items() if isinstance(k, str)]
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(reversed([(v, (*path, i)) for i, v in enumerate(value)]))
    return slots


def apply_replacements(doc: object, replacements: Mapping[JsonPath, str]) -> object:
    """A deep copy of `doc` with the string at each path replaced; `doc` itself is not touched.

    Raises KeyError when a path leads nowhere (missing key, index out of range) and TypeError
    when it leads to something that is not a string or steps through a non-container.
    """
    if () in replacements:
        if not isinstance(doc, str):
            raise TypeError(f"path () points to {type(doc).__name__}, not a string")
        if len(replacements) > 1:
            raise TypeError("path () replaces the whole document; no other path can apply")
        return _checked_replacement((), replacements[()])
    result = copy.deepcopy(doc)
    for path, new_text in replacements.items():
        parent = _container_at(result, path[:-1], full_path=path)
        _replace_child(parent, path, _checked_replacement(path, new_text))
    return result


def _checked_replacement(path: JsonPath, new_text: object) -> str:
    if not isinstance(new_text, str):
        raise TypeError(f"replacement for path {path!r} must be a string, got {type(new_text).__name__}")
    return new_text


def _step(node: object, key: str | int, full_path: JsonPath) -> object:
    if isinstance(node, dict):
        if key not in node:
            raise KeyError(f"path {full_path!r}: no key {key!r}")
        return node[key]
    if isinstance(node, list):
        if not isinstance(key, int) or isinstance(key, bool):
            raise TypeError(f"path {full_path!r}: list index must be an int, got {key!r}")
        if not -len(node) <= key < len(node):
            raise KeyError(f"path {full_path!r}: index {key} out of range for a list of {len(node)}")
        return node[key]
    raise TypeError(f"path {full_path!r}: cannot step into {type(node).__name__} with {key!r}")


def _container_at(doc: object, parent_path: JsonPath, *, full_path: JsonPath) -> object:
    node = doc
    for key in parent_path:
        node = _step(node, key, full_path)
    return node


def _replace_child(parent: object, path: JsonPath, new_text: str) -> None:
    key = path[-1]
    current = _step(parent, key, path)
    if not isinstance(current, str):
        raise TypeError(f"path {path!r} points to {type(current).__name__}, not a string")
    if isinstance(parent, dict):
        parent[key] = new_text
    elif isinstance(parent, list) and isinstance(key, int):
        parent[key] = new_text


# --------------------------------------------------------------------------- format walking


def extract_fields(
    doc: object,
    fields: Mapping[str, FieldHandler],
    *,
    required_any: Collection[str],
) -> list[TextSlot]:
    """Run the handler of each known top-level field, in document order, with the fallback rule.

    The body must be an object holding at least one of `required_any`; otherwise, or when any
    handler raises ShapeMismatch, the answer is `all_strings(doc)`.
    """
    if not isinstance(doc, dict) or not any(key in doc for key in required_any):
        return all_strings(doc)
    slots: list[TextSlot] = []
    try:
        for key, value in doc.items():
            handler = fields.get(key) if isinstance(key, str) else None
            if handler is not None:
                slots.extend(handler(value, (key,)))
    except ShapeMismatch:
        return all_strings(doc)
    return slots


def as_dict(node: object, path: JsonPath) -> dict[str, object]:
    if not isinstance(node, dict):
        raise ShapeMismatch(f"{path!r}: expected an object, got {type(node).__name__}")
    return node


def as_list(node: object, path: JsonPath) -> list[object]:
    if not isinstance(node, list):
        raise ShapeMismatch(f"{path!r}: expected a list, got {type(node).__name__}")
    return node


def text_at(node: object, path: JsonPath, role: str | None) -> list[TextSlot]:
    """A string is one slot; null (an absent optional field) is none; anything else is a mismatch."""
    if node is None:
        return []
    if isinstance(node, str):
        return [TextSlot(path, node, role)]
    raise ShapeMismatch(f"{path!r}: expected a string, got {type(node).__name__}")


def walk_blocks(
    node: object,
    path: JsonPath,
    role: str | None,
    handlers: Mapping[str, BlockHandler],
    *,
    default_type: str | None = None,
) -> list[TextSlot]:
    """A list of typed objects dispatched on their "type"; an unknown type yields all its strings."""
    slots: list[TextSlot] = []
    for index, item in enumerate(as_list(node, path)):
        block_path = (*path, index)
        block = as_dict(item, block_path)
        block_type = block.get("type", default_type)
        handler = handlers.get(block_type) if isinstance(block_type, str) else None
        if handler is None:
            slots.extend(all_strings(block, block_path, role))
        else:
            slots.extend(handler(block, block_path, role))
    return slots


def text_or_blocks(
    node: object, path: JsonPath, role: str | None, handlers: Mapping[str, BlockHandler]
) -> list[TextSlot]:
    """The common `content: str | [blocks] | null` shape."""
    if isinstance(node, list):
        return walk_blocks(node, path, role, handlers)
    return text_at(node, path, role)


def block_text(key: str) -> BlockHandler:
    """Handler reporting the string field `key` of a block (absent or null: nothing)."""

    def handle(block: dict[str, object], path: JsonPath, role: str | None) -> list[TextSlot]:
        return text_at(block.get(key), (*path, key), role)

    return handle


def block_all_strings(key: str) -> BlockHandler:
    """Handler reporting every string inside the field `key` (tool arguments, nested objects)."""

    def handle(block: dict[str, object], path: JsonPath, role: str | None) -> list[TextSlot]:
        return all_strings(block[key], (*path, key), role) if key in block else []

    return handle


def skip_block(block: dict[str, object], path: JsonPath, role: str | None) -> list[TextSlot]:
    """Handler for blocks known to carry no text (base64 media, encrypted data, file ids)."""
    return []


def combine_blocks(*handlers: BlockHandler) -> BlockHandler:
    """One handler running several, in the given order."""

    def handle(block: dict[str, object], path: JsonPath, role: str | None) -> list[TextSlot]:
        return [slot for handler in handlers for slot in handler(block, path, role)]

    return handle
