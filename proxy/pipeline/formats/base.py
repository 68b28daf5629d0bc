"""What every request-body adapter shares: the `TextSlot` value, the `FormatAdapter` protocol,
the JSON walkers the adapters are built from, and the one write-back function `apply_replacements`.

Theory of operation
-------------------
An adapter knows where a service's request body keeps user-authored text. It returns one
`TextSlot` per string, each with the JSON path that leads to it; the scanner rewrites the texts
and `apply_replacements` writes them back into a copy (`jsonwalk.map_strings`, iterative), so every other byte of the body
(model name, parameters, base64 images, signatures) reaches the AI host unchanged.

Fail-closed rule: an adapter must never let text through unscanned. So
  * a body that is not shaped as the format expects (not an object, a required field missing,
    `messages` not a list, a message not an object, a text field that is not a string…) makes
    the walker raise `ShapeMismatch`, and `extract_fields` answers with `all_strings` of the
    WHOLE document instead;
  * a well-formed container holding a block or item type the adapter does not know (APIs grow
    new ones every few months) yields every string of that one block (`all_strings`).
Only content the adapter explicitly knows to be non-text (base64 media, encrypted reasoning,
signatures, file ids) is skipped, and each skip is written in the adapter's table. Skipped
base64 files are not lost: `embedded.embedded_files` finds them by their shape in every format,
and the pipeline decodes and reads them as uploads.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import ClassVar, Protocol

from proxy.pipeline.jsonwalk import JsonPath, map_strings, strings

__all__ = [
    "JsonPath",
    "TextSlot",
    "FormatAdapter",
    "ShapeMismatch",
    "Handler",
    "all_strings",
    "apply_replacements",
    "extract_fields",
    "as_dict",
    "as_list",
    "text_at",
    "skip",
    "every_string",
    "strings_or_tokens",
    "fields",
    "each",
    "typed_blocks",
    "typed_object",
    "text_or",
    "with_role",
    "role_from",
]

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


Handler = Callable[[object, JsonPath, str | None], list[TextSlot]]
"""Reads one JSON value: (value, path of the value, role so far) -> slots; raises ShapeMismatch."""


# --------------------------------------------------------------------------- generic walking


def all_strings(node: object, prefix_path: JsonPath = (), role: str | None = None) -> list[TextSlot]:
    """Every string VALUE inside a JSON value (object keys are not reported), in document order."""
    return [TextSlot(path, value, role) for path, value in strings(node, prefix_path)]


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
    for path in replacements:  # every path must lead to a string of `doc`
        _replace_child(_container_at(doc, path[:-1], full_path=path), path, None)
    return map_strings(doc, lambda path, text: _checked_replacement(path, replacements[path])
                       if path in replacements else text)


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


def _replace_child(parent: object, path: JsonPath, new_text: str | None) -> None:
    """Check that `path` leads to a string; replace it when `new_text` is given."""
    key = path[-1]
    current = _step(parent, key, path)
    if not isinstance(current, str):
        raise TypeError(f"path {path!r} points to {type(current).__name__}, not a string")
    if new_text is None:
        return
    if isinstance(parent, dict):
        parent[key] = new_text
    elif isinstance(parent, list) and isinstance(key, int):
        parent[key] = new_text


# --------------------------------------------------------------------------- format walking
#
# Adapters are tables built from the small combinators below, so each file reads like the
# API reference it follows: `fields({"content": text_or(typed_blocks(PARTS)), "name": text_at})`.
# A handler that meets a value of the wrong shape raises ShapeMismatch; null means "absent".


def extract_fields(
    doc: object,
    table: Mapping[str, Handler],
    *,
    required_any: Collection[str],
) -> list[TextSlot]:
    """Run the handler of each known top-level field, in document order, with the fallback rule.

    The body must be an object holding at least one of `required_any` (not null); otherwise, or
    when any handler raises ShapeMismatch, the answer is `all_strings(doc)`.
    """
    if not isinstance(doc, dict) or all(doc.get(key) is None for key in required_any):
        return all_strings(doc)
    try:
        return _walk_fields(doc, (), None, table)
    except ShapeMismatch:
        return all_strings(doc)


def as_dict(node: object, path: JsonPath) -> dict[str, object]:
    if not isinstance(node, dict):
        raise ShapeMismatch(f"{path!r}: expected an object, got {type(node).__name__}")
    return node


def as_list(node: object, path: JsonPath) -> list[object]:
    if not isinstance(node, list):
        raise ShapeMismatch(f"{path!r}: expected a list, got {type(node).__name__}")
    return node


def text_at(node: object, path: JsonPath, role: str | None) -> list[TextSlot]:
    """A string is one slot; null is none; anything else is a mismatch."""
    if node is None:
        return []
    if isinstance(node, str):
        return [TextSlot(path, node, role)]
    raise ShapeMismatch(f"{path!r}: expected a string, got {type(node).__name__}")


def skip(node: object, path: JsonPath, role: str | None) -> list[TextSlot]:
    """For values known to carry no text: base64 media, encrypted reasoning, signatures, file ids."""
    return []


def every_string(node: object, path: JsonPath, role: str | None) -> list[TextSlot]:
    """For free-form values (tool arguments and results): every string inside."""
    return all_strings(node, path, role)


def strings_or_tokens(node: object, path: JsonPath, role: str | None) -> list[TextSlot]:
    """`str | list[str] | list[int] | list[list[int]]` as completions and embeddings take it.

    Token ids are not text a person wrote and are skipped; any other element is a mismatch.
    """
    if not isinstance(node, list):
        return text_at(node, path, role)
    slots: list[TextSlot] = []
    for index, item in enumerate(node):
        if isinstance(item, str):
            slots.append(TextSlot((*path, index), item, role))
        elif not (_is_token(item) or (isinstance(item, list) and all(_is_token(t) for t in item))):
            raise ShapeMismatch(f"{(*path, index)!r}: expected a string or token ids")
    return slots


def _is_token(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def fields(table: Mapping[str, Handler], *, unknown_object_is_text: bool = False) -> Handler:
    """An object whose listed fields are read by their handlers; other fields are not text.

    With `unknown_object_is_text`, an object holding none of the listed fields (a variant the
    adapter does not know yet) yields every string inside it instead of nothing.
    """

    def handle(node: object, path: JsonPath, role: str | None) -> list[TextSlot]:
        if node is None:
            return []
        obj = as_dict(node, path)
        if unknown_object_is_text and not any(key in obj for key in table):
            return all_strings(obj, path, role)
        return _walk_fields(obj, path, role, table)

    return handle


def _walk_fields(obj: dict[str, object], path: JsonPath, role: str | None, table: Mapping[str, Handler]) -> list[TextSlot]:
    slots: list[TextSlot] = []
    for key, value in obj.items():
        handler = table.get(key)
        if handler is not None:
            slots.extend(handler(value, (*path, key), role))
    return slots


def each(handler: Handler) -> Handler:
    """A list whose every element is read by `handler`; null is an empty list."""

    def handle(node: object, path: JsonPath, role: str | None) -> list[TextSlot]:
        if node is None:
            return []
        items = as_list(node, path)
        return [slot for index, item in enumerate(items) for slot in handler(item, (*path, index), role)]

    return handle


def typed_object(table: Mapping[str, Handler], *, default_type: str | None = None) -> Handler:
    """An object dispatched on its "type" field; an unknown type yields every string inside it."""

    def handle(node: object, path: JsonPath, role: str | None) -> list[TextSlot]:
        if node is None:
            return []
        obj = as_dict(node, path)
        kind = obj.get("type", default_type)
        handler = table.get(kind) if isinstance(kind, str) else None
        if handler is None:
            return all_strings(obj, path, role)
        return handler(obj, path, role)

    return handle


def typed_blocks(table: Mapping[str, Handler], *, default_type: str | None = None) -> Handler:
    """A list of typed objects (content parts, blocks, items): `each(typed_object(table))`."""
    return each(typed_object(table, default_type=default_type))


def text_or(handler: Handler) -> Handler:
    """The common `str | <structured> | null` shape: a string is one slot, the rest goes to `handler`."""

    def handle(node: object, path: JsonPath, role: str | None) -> list[TextSlot]:
        if node is None or isinstance(node, str):
            return text_at(node, path, role)
        return handler(node, path, role)

    return handle


def with_role(role: str, handler: Handler) -> Handler:
    """Read with a fixed role, e.g. "system" for a system prompt field."""

    def handle(node: object, path: JsonPath, _role: str | None) -> list[TextSlot]:
        return handler(node, path, role)

    return handle


def role_from(key: str, handler: Handler) -> Handler:
    """Read an object whose `key` field (usually "role") names the role of its texts."""

    def handle(node: object, path: JsonPath, role: str | None) -> list[TextSlot]:
        if node is None:
            return []
        stated = as_dict(node, path).get(key)
        return handler(node, path, stated if isinstance(stated, str) else role)

    return handle
