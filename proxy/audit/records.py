"""Audit records from decisions: what a reviewer may see, never raw values.

The user id and every matched value appear only as keyed hashes (BLAKE2b with
the node's audit key), so repeats can be correlated and a data-subject request
answered (`privacy-guard audit lookup`) without the log holding the value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import ipaddress
from collections.abc import Callable
from typing import Any

from detectors.entities import HASHED_ENTITIES, canonical_value
from proxy.pipeline.decision import Decision
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


def to_record(decision: Decision, *, client: str, client_mode: str, latency_ms: float | None = None,
              action: RecordAction | None = None) -> dict[str, Any]:
    """The audit record of one decision; `action` overrides the decision's (an upstream error is "error")."""
    d = dataclasses.asdict(decision)
    record: dict[str, Any] = {
        "time": dt.datetime.now().astimezone().isoformat(timespec="milliseconds"),
        "client": truncate_address(client, client_mode),
        **{k: v for k, v in d.items() if k not in ("principal", "extra", "value_hashes", "previews")},
        "principal": dict(decision.principal),
        "extra": dict(decision.extra),
        "value_hashes": sorted({v for _, v in decision.value_hashes}),
        "previews": [list(p) for p in decision.previews],
    }
    if action is not None:
        record["action"] = action
    if latency_ms is not None:
        record["latency_ms"] = round(latency_ms, 3)
    return record
