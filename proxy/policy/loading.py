"""Strict YAML loading: pydantic validation with errors that name the file, the
line, the YAML path, the bad value and what was expected."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from detectors.errors import ConfigError

__all__ = ["StrictModel", "load_yaml_model", "validate_document"]


class StrictModel(BaseModel):
    """The base of every configuration model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)

M = TypeVar("M", bound=BaseModel)

#: Keys whose bad values are never echoed in an error (a plain password typed
#: into password_hash would otherwise land in the log).
_SECRET_KEYS = ("password", "hash", "dsn", "secret", "key")


def _node_at(root: yaml.Node | None, loc: tuple[int | str, ...]) -> yaml.Node | None:
    node = root
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
            if match is None:
                # An unknown key: point at the key itself.
                match = next((k for k, _v in node.value if getattr(k, "value", None) == key), None)
                return match if match is not None else node
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return node
    return node


def _yaml_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out or "(top level)"


def validate_document(model: type[M], data: Any, root: yaml.Node | None, source: str) -> M:
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(x for x in err["loc"] if isinstance(x, (int, str)))
            # pydantic adds union/tag names to locations; keep only real path parts.
            node = _node_at(root, loc)
            line = f"line {node.start_mark.line + 1}" if node is not None else "line ?"
            value = err.get("input")
            secret = any(any(w in str(part).lower() for w in _SECRET_KEYS) for part in loc)
            if isinstance(value, (dict, list)):
                shown = ""
            elif secret:
                shown = " (value not shown: it may be a password)"
            else:
                shown = f" (got {value!r})"
            expected = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"{source}, {line}, {_yaml_path(loc)}: {expected}{shown}")
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(problems), path=source) from None


def _bad_timestamp(path: Path, root: yaml.Node | None, exc: ValueError) -> str:
    """One line naming the first date PyYAML could not build, and its line."""
    constructor = yaml.SafeLoader("")
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.MappingNode):
            stack.extend(v for pair in node.value for v in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                constructor.construct_yaml_timestamp(node)
            except ValueError:
                return (f"{path}, line {node.start_mark.line + 1}: 日期或时间无效 {node.value!r}（{exc}）；"
                        "应为 2026-11-25T08:00 这样的格式")
    return f"{path}: 日期或时间无效（{exc}）；应为 2026-11-25T08:00 这样的格式"


def load_yaml_model(model: type[M], path: Path) -> M:
    """Read `path`, parse YAML, validate strictly against `model`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file", path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte {exc.start})", path=str(path)) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except ValueError as exc:
        # PyYAML builds dates itself and raises a bare ValueError for 2026-13-40.
        raise ConfigError(_bad_timestamp(path, root, exc), path=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}{where}: YAML syntax error: {problem}", path=str(path)) from None
    return validate_document(model, data, root, str(path))
