"""The policy's words, once, as types: what can be done with a request, who asks,
at which school stage, and which body format a service speaks.

`Action` is used by the settings, the judge and the decision alike; each tuple
of values is derived from its type (`ACTIONS = get_args(Action)`), never
spelled a second time.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, get_args

__all__ = [
    "Action", "ACTIONS", "ACTION_RANK", "strictest", "RecordAction", "RECORD_ACTIONS", "Role", "ROLES", "Stage", "STAGES", "Format", "FORMATS",
]

Action = Literal["allow", "pseudonymize", "redact", "block"]
#: In order of strictness: when findings ask for different actions, the strictest wins.
ACTIONS: tuple[Action, ...] = get_args(Action)
ACTION_RANK: Mapping[str, int] = MappingProxyType({a: n for n, a in enumerate(ACTIONS)})


#: What an audit record says happened: a policy action, or "error" when the AI
#: service could not be reached (the client got an explanation; not a block by policy).
RecordAction = Literal["allow", "pseudonymize", "redact", "block", "error"]
RECORD_ACTIONS: tuple[RecordAction, ...] = get_args(RecordAction)
assert set(ACTIONS) < set(RECORD_ACTIONS), "every policy action is also a record action"


def strictest(actions: list[Action] | tuple[Action, ...], default: Action = "allow") -> Action:
    return max(actions, key=ACTION_RANK.__getitem__, default=default)


Role = Literal["student", "teacher", "staff", "parent", "guest"]
ROLES: tuple[Role, ...] = get_args(Role)

Stage = Literal["primary", "lower_secondary", "upper_secondary"]
STAGES: tuple[Stage, ...] = get_args(Stage)

#: Request-body formats; each has an adapter in `proxy.pipeline.formats`.
Format = Literal[
    "openai_chat", "openai_responses", "openai_completions", "openai_embeddings",
    "anthropic_messages", "gemini_generate", "ollama", "generic_json",
]
FORMATS: tuple[Format, ...] = get_args(Format)
