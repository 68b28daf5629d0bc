"""The proxy's configuration file (`config/default.yaml`): typed, strictly validated."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field, field_validator, model_validator

from detectors.entities import ENTITIES, ENTITY_TYPES, SPECIAL_CATEGORIES
from proxy.policy.access import AccessSettings, ExamWindow, LimitSettings, Matcher
from proxy.policy.catalog import ServiceEntry
from proxy.policy.principals import IdentitySettings, Principal
from proxy.policy.loading import StrictModel, load_yaml_model
from proxy.policy.vocabulary import Action, Stage

__all__ = [
    "Settings", "PolicySettings", "PolicyOverride", "Escalation", "load_settings", "merge_by_id",
    "DEFAULT_ESCALATIONS", "DEFAULT_OVERRIDES", "HomeworkSettings", "SessionSettings", "HardeningSettings",
]

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
    actions: dict[str, Action] = {"SECRET": "block", "EXAM_ITEM": "block", "GHOSTWRITING": "allow"}
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


#: Built-in rules a policy file refines by id (it never loses them by naming others).
DEFAULT_ESCALATIONS: tuple[Escalation, ...] = (
    Escalation(id="special-category-next-to-person", categories=_SPECIAL, action="block"),
)
DEFAULT_OVERRIDES: tuple[PolicyOverride, ...] = (
    # A parent writes about their own family: family circumstances, health and
    # discipline matters and the family's identifiers never leave, even alone.
    PolicyOverride(
        id="parents-family-data", roles=("parent",),
        actions={"SENSITIVE_FAMILY": "block", "SENSITIVE_HEALTH": "block", "SENSITIVE_DISCIPLINE": "block",
                 "CN_RESIDENT_ID": "block", "BANK_CARD": "block", "PASSPORT": "block", "ADDRESS": "block"},
    ),
)

_R = TypeVar("_R", Escalation, PolicyOverride)


def merge_by_id(defaults: tuple[_R, ...], given: tuple[_R, ...]) -> tuple[_R, ...]:
    """Defaults first, each replaced in place by a given rule of the same id; the
    other given rules follow in their order. A file names what it changes."""
    mine = {r.id: r for r in given}
    default_ids = {r.id for r in defaults}
    return tuple(mine.get(r.id, r) for r in defaults) + tuple(r for r in given if r.id not in default_ids)


#: The homework-mode system instruction (students): guide, do not hand over the finished work.
DEFAULT_HOMEWORK_INSTRUCTION = (
    "你正在帮助一名中小学生学习。请像老师一样一步一步地引导：提出问题、给出提示、讲解思路和方法，"
    "让学生自己完成。不要直接写出可以原样上交的完整作文、作业或全部答案；如果学生要求代写，"
    "请温和地说明原因，并帮助他列提纲、理思路、改进他自己写的内容。"
    " (You are helping a school pupil learn: guide step by step with questions, hints and explanations; "
    "do not write the finished essay, homework or full answers for them to hand in.)"
)


class HomeworkSettings(StrictModel):
    """Homework mode for students (《中小学生成式人工智能使用指南》: students must not
    simply copy AI output into their homework)."""

    #: Stages whose students' requests carry the step-by-step system instruction.
    instruction_stages: tuple[Stage, ...] = ()
    instruction: str = Field(default=DEFAULT_HOMEWORK_INSTRUCTION, min_length=1, max_length=2000)
    #: What a ghost-writing request (帮我直接写一篇…交给老师, 代写) does, per stage; a stage
    #: not named here follows `actions.GHOSTWRITING` (default: allow, audited).
    ghostwriting: dict[Stage, Action] = Field(default_factory=dict)


class PolicySettings(StrictModel):
    """Defaults are the safe policy: a file that omits `policy` still blocks
    secrets and special categories next to a person.

    A file's `actions` merge with the default actions key by key, and its
    `escalations` and `overrides` with the built-in ones by id: leaving
    `EXAM_ITEM` out of `actions` keeps registered papers blocked; turning a
    protection off means naming it (`EXAM_ITEM: allow`), and `check-config`
    then warns."""

    default_action: Action = "pseudonymize"
    actions: dict[str, Action] = Field(default_factory=lambda: _default_actions())
    escalations: tuple[Escalation, ...] = DEFAULT_ESCALATIONS
    #: Applied in order after `actions`; a later override wins for the same entity.
    overrides: tuple[PolicyOverride, ...] = DEFAULT_OVERRIDES
    #: Unregistered exam material (found by its structure): allowed and audited by
    #: default; students are blocked anyway during exam periods. Registered papers
    #: follow `actions.EXAM_ITEM` (default: block for anyone).
    exam_structure_action: Action = "allow"
    #: An exam item the text frames as part of an upcoming, ongoing or confidential
    #: test (这是下周月考的作文题…, 卷子还没交印): blocked for every role by default —
    #: teachers may not put exam questions into AI tools before the exam.
    exam_context_action: Action = "block"
    #: Keep matching registered papers after their embargo ends (default: they stop matching).
    exam_match_after_embargo: bool = False
    #: What happens to a part the proxy cannot read (images, audio, archives, corrupt or encrypted
    #: documents, text in an unknown charset), judged by its bytes, not its label: `block` (default:
    #: nothing reaches an AI host unscanned), `allow_images` (images pass, audited as unscanned;
    #: everything else is blocked) or `allow` (everything passes, audited as unscanned).
    unscannable_uploads: Literal["block", "allow_images", "allow"] = "block"
    #: Bodies larger than this (after decoding) are blocked rather than forwarded unscanned.
    max_body_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)
    homework: HomeworkSettings = HomeworkSettings()

    @field_validator("actions")
    @classmethod
    def _known_action_entities(cls, v: dict[str, Action]) -> dict[str, Action]:
        _check_entities(v)  # type: ignore[arg-type]
        return {**_default_actions(), **v}

    @field_validator("escalations")
    @classmethod
    def _merge_escalations(cls, v: tuple[Escalation, ...]) -> tuple[Escalation, ...]:
        return merge_by_id(DEFAULT_ESCALATIONS, v)

    @field_validator("overrides")
    @classmethod
    def _merge_overrides(cls, v: tuple[PolicyOverride, ...]) -> tuple[PolicyOverride, ...]:
        return merge_by_id(DEFAULT_OVERRIDES, v)

    def for_session(self, data_action: Action) -> PolicySettings:
        """The stricter data policy inside a supervised class session: every
        personal-data finding gets `data_action` (block by default), whatever
        the overrides say; exam and ghost-writing rules stay as they are."""
        kept = {e: a for e, a in self.actions.items() if e in ENTITIES and not ENTITIES[e].personal}  # type: ignore[index]
        actions: dict[str, Action] = {**kept, **{e: data_action for e in ENTITY_TYPES if ENTITIES[e].personal}}
        return self.model_copy(update={"default_action": data_action, "actions": actions, "overrides": ()})


class SessionSettings(StrictModel):
    """Supervised class sessions (`privacy-guard session open`, or the help site's page)."""

    default_minutes: int = Field(default=40, ge=1, le=600)
    #: At most a school day.
    max_minutes: int = Field(default=480, ge=1, le=720)
    #: Inside a session every personal-data finding gets this action (blocked, not pseudonymised).
    data_action: Action = "block"


class VaultSettings(StrictModel):
    max_conversations: int = Field(default=10_000, ge=1)
    #: Values (names, numbers) one conversation may give placeholders; beyond it they are redacted.
    max_entries: int = Field(default=500, ge=1)
    #: Values all conversations of a worker hold together (memory: a few hundred bytes each); beyond
    #: it the least recently used conversations are forgotten.
    max_values: int = Field(default=100_000, ge=1)
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
    #: SQLite only. `normal`: each record is committed to the write-ahead log before its request is
    #: forwarded (it survives the proxy's crash or `kill -9`) and the log is fsync'd at every signed
    #: checkpoint, so a power cut or OS crash can lose at most the unsigned tail (`checkpoint_every` /
    #: `checkpoint_seconds`). `full`: one fsync per commit, so every forwarded request's record also
    #: survives a power cut (about 4 ms more per request on a VM disk). BENCHMARKS.md says why normal.
    sync: Literal["full", "normal"] = "normal"


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
    #: Serve /metrics (Prometheus) and /healthz on this port, without login (even when `enabled` is false).
    metrics: bool = False


class CaSettings(StrictModel):
    """The subject of the CA certificate teachers install; used when the CA is first created
    (an existing CA keeps its name: delete the CA files and reinstall it on every device to rename)."""

    organization: str = Field(default="privacy-guard", min_length=1, max_length=64)
    common_name: str = Field(default="privacy-guard school CA", min_length=1, max_length=64)


class HardeningSettings(StrictModel):
    """Budgets that keep one request from stalling the others or exhausting memory (issue 11)."""

    #: Header fields per request, and their total size, checked before any per-header work.
    max_header_count: int = Field(default=200, ge=16, le=10_000)
    max_header_bytes: int = Field(default=64 * 1024, ge=4096, le=1024 * 1024)
    #: Decoded/encoded size ratio a compressed body may reach (decoding stops there: a bomb costs kilobytes).
    max_decompression_ratio: float = Field(default=200.0, ge=2)
    max_content_encodings: int = Field(default=2, ge=1, le=4)
    #: Connections with no traffic either way (client or upstream) are closed after this (mitmproxy tcp_timeout).
    idle_timeout_seconds: int = Field(default=60, ge=5, le=3600)
    #: A request's headers must arrive within this after the connection opens or the previous answer ends,
    #: and its body within `request_body_timeout_seconds` after the headers (slow clients, slowloris).
    request_header_timeout_seconds: float = Field(default=15.0, gt=0, le=600)
    request_body_timeout_seconds: float = Field(default=120.0, gt=0, le=3600)
    #: Bodies mitmproxy may buffer at all (requests and answers; mitmproxy body_size_limit), in bytes.
    max_buffered_body_bytes: int = Field(default=128 * 1024 * 1024, ge=1024 * 1024)
    #: File-text extraction runs in worker processes with these limits per file.
    extraction_workers: int = Field(default=2, ge=1, le=32)
    extraction_cpu_seconds: int = Field(default=10, ge=1, le=600)
    extraction_memory_mb: int = Field(default=1024, ge=256)
    extraction_wall_seconds: float = Field(default=20.0, gt=0, le=600)
    #: Per-request scan budget: text slots, characters and seconds; over budget is blocked, never forwarded.
    scan_max_slots: int = Field(default=20_000, ge=1)
    scan_max_chars: int = Field(default=1_000_000, ge=1000)
    scan_max_seconds: float = Field(default=30.0, gt=0)
    #: Memory of the per-text scan cache (findings, judgements, rewritten texts of earlier turns), per
    #: worker process, in MiB: an estimate of the bytes its entries keep alive. Beyond it the least
    #: recently used texts are forgotten (a later turn scans them again).
    scan_cache_mb: int = Field(default=16, ge=1, le=4096)


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
    sessions: SessionSettings = SessionSettings()
    hardening: HardeningSettings = HardeningSettings()
    #: Seconds between checks of the configuration files for changes (0 = no hot reload).
    reload_interval: float = Field(default=2.0, ge=0)
    #: The school's time zone (IANA name) for reports and the review page.
    timezone: str = "Asia/Shanghai"
    ca: CaSettings = CaSettings()

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {v!r}; expected an IANA name like Asia/Shanghai") from None
        return v
    cluster: ClusterSettings = ClusterSettings()

    @field_validator("mode")
    @classmethod
    def _mode(cls, v: str) -> str:
        if v in ("regular", "transparent") or v.startswith("reverse:http://") or v.startswith("reverse:https://"):
            return v
        raise ValueError("expected regular, transparent or reverse:http(s)://host[:port]")


def load_settings(path: Path) -> Settings:
    return load_yaml_model(Settings, path)
