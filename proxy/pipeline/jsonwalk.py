"""The one JSON walker, for requests, rewrites and responses alike: iterative
(an explicit stack, never recursion), so a hostile body nested 10,000 deep
cannot crash the proxy; `MAX_DEPTH` bounds what the proxy accepts at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["JsonPath", "MAX_DEPTH", "TooDeep", "strings", "map_strings", "check_depth", "set_at"]

JsonPath = tuple[str | int, ...]

#: Deeper documents are refused (blocked): no AI API nests anywhere near this.
MAX_DEPTH = 256


class TooDeep(ValueError):
    """A JSON document nests deeper than `MAX_DEPTH`."""


def check_depth(doc: object, limit: int = MAX_DEPTH) -> None:
    """Raise TooDeep when containers nest deeper than `limit`."""
    stack: list[tuple[object, int]] = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth >= limit:
            raise TooDeep(f"JSON nests deeper than {limit} levels")
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))


def strings(doc: object, prefix: JsonPath = ()) -> Iterator[tuple[JsonPath, str]]:
    """Every string value (not object keys) with its path, in document order."""
    stack: list[tuple[object, JsonPath]] = [(doc, prefix)]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            # Parsed JSON only has str keys; anything else could not be addressed by a path.
            stack.extend(reversed([(v, (*path, k)) for k, v in value.items() if isinstance(k, str)]))
        elif isinstance(value, list):
            stack.extend(reversed([(v, (*path, i)) for i, v in enumerate(value)]))


def map_strings(doc: object, fn: Callable[[JsonPath, str], str]) -> Any:
    """A copy of `doc` in which every string value s at path p is `fn(p, s)`;
    containers are copied, other values shared (they are immutable)."""
    if not isinstance(doc, (dict, list)):
        return fn((), doc) if isinstance(doc, str) else doc
    root: Any = {} if isinstance(doc, dict) else [None] * len(doc)
    stack: list[tuple[dict[Any, Any] | list[Any], Any, JsonPath]] = [(doc, root, ())]
    while stack:
        src, dst, path = stack.pop()
        items: Any = src.items() if isinstance(src, dict) else enumerate(src)
        for k, v in items:
            if isinstance(v, str):
                dst[k] = fn((*path, k), v)
            elif isinstance(v, dict):
                dst[k] = {}
                stack.append((v, dst[k], (*path, k)))
            elif isinstance(v, list):
                dst[k] = [None] * len(v)
                stack.append((v, dst[k], (*path, k)))
            else:
                dst[k] = v
    return root


def set_at(doc: Any, path: JsonPath, value: str) -> None:
    """Replace the value at a non-empty path in place."""
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
