"""Operational metrics in Prometheus text format (served at /metrics on the admin
port) and the health check behind /healthz. Counts and timings only: labels are
service ids, actions, entity types and rule ids, never values or prompt text.

The edge reports one decision at a time (`METRICS.decision(...)`); the admin
server renders `METRICS.exposition()` and asks `health(store)`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from proxy.pipeline.decision import Decision

__all__ = ["Metrics", "METRICS", "CONTENT_TYPE", "Health", "health"]

log = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_LATEST
#: Seconds: scans are milliseconds, large uploads seconds.
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_AUDIT_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)


class Metrics:
    """One registry per instance (tests build their own); the proxy uses `METRICS`."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("privacy_guard_requests", "Requests to AI services, by service and action",
                                ("service", "action"), registry=r)
        self.entities = Counter("privacy_guard_findings", "Findings by entity type and the action taken",
                                ("entity", "action"), registry=r)
        self.blocks = Counter("privacy_guard_blocks", "Blocked requests by rule", ("rule",), registry=r)
        self.scan_seconds = Histogram("privacy_guard_scan_seconds", "Time spent scanning one request",
                                      buckets=_LATENCY_BUCKETS, registry=r)
        self.added_seconds = Histogram("privacy_guard_added_latency_seconds",
                                       "Time between receiving a request and forwarding or answering it",
                                       buckets=_LATENCY_BUCKETS, registry=r)
        self.audit_seconds = Histogram("privacy_guard_audit_write_seconds", "Time to commit one audit record",
                                       buckets=_AUDIT_BUCKETS, registry=r)
        self.audit_failures = Counter("privacy_guard_audit_write_failures", "Audit records that could not be written",
                                      registry=r)
        self.upstream_errors = Counter("privacy_guard_upstream_errors", "AI services that could not be reached",
                                       ("service",), registry=r)
        self.reload_failures = Counter("privacy_guard_reload_failures",
                                       "Configuration changes rejected (the previous policy stayed)", registry=r)
        self.reloads = Counter("privacy_guard_reloads", "Configuration changes applied", registry=r)
        self.vault_conversations = Gauge("privacy_guard_vault_conversations",
                                         "Conversations whose placeholders are held for restoration", registry=r)
        self.up_since = Gauge("privacy_guard_start_time_seconds", "Start time of the proxy (Unix time)", registry=r)
        self.up_since.set_to_current_time()
        self._lock = threading.Lock()
        #: Labelled children already made, by metric and label values: `labels()` checks and joins
        #: its arguments on every call (~6 µs), and a request counts one child per finding summary.
        #: Holds no more than the registry does (it keeps every child it made).
        self._children: dict[tuple[object, tuple[str, ...]], Any] = {}
        #: Monotonic times of the last audit write that succeeded and that failed.
        self.last_audit_ok = 0.0
        self.last_audit_failure = 0.0

    def decision(self, d: Decision, *, audit_seconds: float | None, audit_ok: bool,
                 added_seconds: float | None = None) -> None:
        """One decision as the edge committed it (or failed to)."""
        self._child(self.requests, d.service, d.action).inc()
        for f in d.findings:
            self._child(self.entities, f.entity, f.action).inc(f.count)
        if d.action == "block":
            for rule in d.rule_ids or ("unknown",):
                self._child(self.blocks, rule).inc()
        if d.scan_ms:
            self.scan_seconds.observe(d.scan_ms / 1000)
        if added_seconds is not None and added_seconds >= 0:
            self.added_seconds.observe(added_seconds)
        now = time.monotonic()
        if audit_ok:
            if audit_seconds is not None:
                self.audit_seconds.observe(audit_seconds)
            self.last_audit_ok = now
        else:
            self.audit_failures.inc()
            self.last_audit_failure = now

    def _child(self, metric: Any, *values: str) -> Any:
        key = (metric, values)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*values)
        return child

    def vault_size(self, size: Callable[[], float]) -> None:
        """Read the vault's size at each scrape."""
        self.vault_conversations.set_function(size)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


METRICS = Metrics()


@dataclass(frozen=True, slots=True)
class Health:
    ok: bool
    detail: str


def health(store: Any, metrics: Metrics = METRICS) -> Health:
    """Healthy when the audit store takes a write transaction now and the last
    audit write did not fail (a failure since the last success means requests
    are being refused, or forwarded unrecorded)."""
    if metrics.last_audit_failure > metrics.last_audit_ok:
        return Health(False, "audit store: the last write failed")
    try:
        # An empty write transaction (SQLite BEGIN IMMEDIATE; PostgreSQL BEGIN) on
        # the store's own connection, under its lock: fails when the file is
        # read-only, the database is gone or the store is closed.
        with store._lock:  # noqa: SLF001 - the store offers no public probe yet
            if getattr(store, "_closed", False):
                return Health(False, "audit store: closed")
            store._in_transaction(lambda: store._run("SELECT 1"))  # noqa: SLF001
    except Exception as exc:
        log.error("health check: audit store cannot be written (%s)", type(exc).__name__)
        return Health(False, f"audit store: cannot be written ({type(exc).__name__})")
    return Health(True, "ok")
