"""The proxy's configuration file (`config/default.yaml`): typed, strictly validated."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from detectors.entities import ENTITY_TYPES, SPECIAL_CATEGORIES
from proxy.policy.access import AccessSettings, ExamWindow, LimitSettings, Matcher
from proxy.policy.catalog import ServiceEntry
from proxy.policy.principals import IdentitySettings, Principal
from proxy.policy.loading import StrictModel, load_yaml_model
from proxy.policy.vocabulary import Action

__all__ = ["Settings", "PolicySettings", "PolicyOverride", "Escalation", "load_settings"]

class Escalation(StrictModel):
    """When any `categories` finding lies within `within_chars` of any `near` finding, apply `action`."""

    id: str
    categories: tuple[str, ...]
    near: tuple[str, ...] = ("PERSON", "STUDENT_ID", "CN_RESIDENT_ID")
    within_chars: int = Field(default=60, ge=0, le=10_000)
    action: Action = "block"

    @field_validator("categories", "near")
    @classmethod
    def _known_entities(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [e for e in v if e not in ENTITY_TYPES]
        if unknown:
            raise ValueError(f"unknown entity type(s) {unknown}; expected some of {list(ENTITY_TYPES)}")
        return v


_SPECIAL = tuple(sorted(SPECIAL_CATEGORIES))


def _default_actions() -> dict[str, Action]:
    actions: dict[str, Action] = {"SECRET": "block", "EXAM_ITEM": "block"}
    for entity in _SPECIAL:
        actions[entity] = "allow"
    return actions


def _check_entities(v: dict[str, str]) -> dict[str, str]:
    unknown = [e for e in v if e not in ENTITY_TYPES]
    if unknown:
        raise ValueError(f"unknown entity type(s) {unknown}; expected some of {list(ENTITY_TYPES)}")
    return v


class PolicyOverride(Matcher):
    """Per-role (and stage, grade, class) actions, e.g. teachers: names and IDs → block."""

    id: str
    default_action: Action | None = None
    actions: dict[str, Action] = Field(default_factory=dict)

    @field_validator("actions")
    @classmethod
    def _known(cls, v: dict[str, str]) -> dict[str, str]:
        return _check_entities(v)


class PolicySettings(StrictModel):
    """Defaults are the safe policy: a file that omits `policy` still blocks
    secrets and special categories next to a person."""

    default_action: Action = "pseudonymize"
    actions: dict[str, Action] = Field(default_factory=lambda: _default_actions())
    escalations: tuple[Escalation, ...] = (
        Escalation(id="special-category-next-to-person", categories=_SPECIAL, action="block"),
    )
    #: Applied in order after `actions`; a later override wins for the same entity.
    overrides: tuple[PolicyOverride, ...] = ()
    #: Unregistered exam material (found by its structure): allowed and audited by
    #: default; students are blocked anyway during exam periods. Registered papers
    #: follow `actions.EXAM_ITEM` (default: block for anyone).
    exam_structure_action: Action = "allow"
    #: Keep matching registered papers after their embargo ends (default: they stop matching).
    exam_match_after_embargo: bool = False
    #: What happens to an uploaded file whose text cannot be extracted (images, archives).
    unscannable_uploads: Literal["allow", "block"] = "allow"
    #: Bodies larger than this (after decoding) are blocked rather than forwarded unscanned.
    max_body_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)

    @field_validator("actions")
    @classmethod
    def _known_action_entities(cls, v: dict[str, str]) -> dict[str, str]:
        return _check_entities(v)


class VaultSettings(StrictModel):
    max_conversations: int = Field(default=10_000, ge=1)
    max_entries: int = Field(default=500, ge=1)
    ttl_minutes: float = Field(default=360, gt=0)


class AuditSettings(StrictModel):
    #: sqlite (embedded, zero set-up) or postgres (a district's shared database, one chain per node).
    store: Literal["sqlite", "postgres"] = "sqlite"
    #: SQLite file in the data directory.
    path: str = "audit.sqlite"
    #: PostgreSQL connection string, e.g. "host=db.district port=5432 dbname=audit user=guard".
    dsn: str | None = None
    #: This node's chain name (default: the host name).
    node_id: str | None = None
    #: Sign the chain head at least every this many records and every this many seconds (and at shutdown):
    #: only the records after the last signature could be deleted without `audit verify` noticing.
    checkpoint_every: int = Field(default=100, ge=1)
    checkpoint_seconds: float = Field(default=5.0, gt=0, le=3600)
    retention_days: int = Field(default=180, ge=1)
    #: Client addresses in records: full, truncated (IPv4 /24, IPv6 /48) or none.
    client_address: Literal["full", "truncated", "none"] = "truncated"
    #: Masked previews of matched values (王**, 139****5678) in records.
    masked_previews: bool = False
    #: When the audit store cannot be written: block the request (closed) or forward it anyway.
    on_failure: Literal["block", "forward"] = "block"


class ReviewerEntry(StrictModel):
    password_hash: str


class ReviewersFile(StrictModel):
    reviewers: dict[str, ReviewerEntry]


class ReviewSettings(StrictModel):
    """The read-only review page for compliance reviewers, on its own admin port."""

    enabled: bool = False
    listen_host: str = "127.0.0.1"
    port: int = Field(default=8082, ge=0, le=65535)
    #: Reviewers and their password hashes (`privacy-guard hash-password`), relative to this file.
    reviewers_file: str | None = None
    #: Mark the session cookies `Secure` (set when the page is served behind TLS, e.g. a reverse proxy).
    secure_cookies: bool = False


class ClusterSettings(StrictModel):
    """Scale-out: worker processes on this box, and the state several nodes share.

    Without `redis_url` every node keeps its conversation vaults, daily counters and
    scan cache to itself (workers on one box share the daily counters through a file
    in the data directory). With it, they live in Redis, shared by every node."""

    #: Proxy worker processes sharing the listening port (`run --workers` overrides; default: one per core).
    workers: int | None = Field(default=None, ge=1, le=64)
    #: e.g. "redis://127.0.0.1:6379/0"; empty = nothing shared beyond this box.
    redis_url: str | None = None
    #: Prefix of every Redis key, so several districts or test runs can share one Redis.
    redis_prefix: str = "privacy-guard"


class Settings(StrictModel):
    @model_validator(mode="after")
    def _cross_checks(self) -> Settings:
        if self.audit.store == "postgres" and not self.audit.dsn:
            raise ValueError("audit.store is postgres but audit.dsn is empty; expected a PostgreSQL connection string")
        if self.review.enabled and not self.review.reviewers_file:
            raise ValueError("review.enabled is true but review.reviewers_file is empty; expected a reviewers file")
        return self

    listen_host: str = "127.0.0.1"
    listen_port: int = Field(default=8080, ge=0, le=65535)
    mode: str = "regular"
    data_dir: str = "data"
    upstream_trust: str | None = None
    services_file: str = "services.yaml"
    services: tuple[ServiceEntry, ...] = ()
    allow_lists: tuple[str, ...] = ()
    #: The school roster as keyed hashes (`privacy-guard roster import`); default data_dir/roster.json.
    roster_store: str | None = None
    min_score: float = Field(default=0.5, ge=0, le=1)
    policy: PolicySettings = PolicySettings()
    vault: VaultSettings = VaultSettings()
    audit: AuditSettings = AuditSettings()
    review: ReviewSettings = ReviewSettings()
    identity: IdentitySettings = IdentitySettings()
    access: AccessSettings = AccessSettings()
    #: Exam windows inline, and/or in a separate file (relative to this one).
    exams: tuple[ExamWindow, ...] = ()
    exams_file: str | None = None
    limits: LimitSettings = LimitSettings()
    #: Seconds between checks of the configuration files for changes (0 = no hot reload).
    reload_interval: float = Field(default=2.0, ge=0)
    cluster: ClusterSettings = ClusterSettings()

    @field_validator("mode")
    @classmethod
    def _mode(cls, v: str) -> str:
        if v in ("regular", "transparent") or v.startswith("reverse:http://") or v.startswith("reverse:https://"):
            return v
        raise ValueError("expected regular, transparent or reverse:http(s)://host[:port]")


def load_settings(path: Path) -> Settings:
    return load_yaml_model(Settings, path)
