"""Audit records from decisions: what a reviewer may see, never raw values.

The user id and every matched value appear only as keyed hashes (BLAKE2b with
the node's audit key), so repeats can be correlated and a data-subject request
answered (`privacy-guard audit lookup`) without the log holding the value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import ipaddress
from collections.abc import Callable
from typing import Any

from detectors.entities import HASHED_ENTITIES, canonical_value
from proxy.pipeline.decision import Decision, FindingSummary
from proxy.policy.vocabulary import RecordAction

__all__ = ["to_record", "truncate_address", "value_hasher", "lookup_hashes"]

def value_hasher(key: bytes) -> Callable[[str, str], str]:
    """hash(entity, value) over the canonical value, so 139 1234 5678 and 13912345678 correlate."""

    def h(entity: str, value: str) -> str:
        canon = canonical_value(entity, value)
        return hashlib.blake2b(canon.encode("utf-8"), key=key, digest_size=16, person=b"pg-audit-value").hexdigest()

    return h


def lookup_hashes(key: bytes, value: str) -> set[str]:
    """Every hash `value` could have been recorded under (one per canonicalisation)."""
    h = value_hasher(key)
    return {h(entity, value) for entity in HASHED_ENTITIES}


@functools.lru_cache(maxsize=4096)  # per request, of the few addresses a school has: parse each once
def truncate_address(address: str, mode: str) -> str:
    if mode == "full" or not address:
        return address
    if mode == "none":
        return ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def _finding(f: FindingSummary) -> dict[str, Any]:
    return {"entity": f.entity, "detector": f.detector, "score_band": f.score_band, "count": f.count, "action": f.action}


#: How a Decision field is written into a record: the pairs become objects or lists; any
#: field not named here is copied as it is (strings, numbers, tuples of strings).
_RESHAPE: dict[str, Callable[[Decision], Any]] = {
    "findings": lambda d: tuple(_finding(f) for f in d.findings),
    "principal": lambda d: dict(d.principal),
    "extra": lambda d: dict(d.extra),
    "value_hashes": lambda d: sorted({v for _, v in d.value_hashes}),
    "previews": lambda d: [list(p) for p in d.previews],
}
_FIELDS = tuple(f.name for f in dataclasses.fields(Decision))


def to_record(decision: Decision, *, client: str, client_mode: str, latency_ms: float | None = None,
              action: RecordAction | None = None) -> dict[str, Any]:
    """The audit record of one decision; `action` overrides the decision's (an upstream error is "error")."""
    # Field by field rather than `dataclasses.asdict`, whose deep copy cost more than the rest
    # of the record; the result is the same (keys in field order, same values).
    record: dict[str, Any] = {
        "time": dt.datetime.now().astimezone().isoformat(timespec="milliseconds"),
        "client": truncate_address(client, client_mode),
    }
    for name in _FIELDS:
        reshape = _RESHAPE.get(name)
        record[name] = reshape(decision) if reshape is not None else getattr(decision, name)
    if action is not None:
        record["action"] = action
    if latency_ms is not None:
        record["latency_ms"] = round(latency_ms, 3)
    return record
