"""Everything the proxy needs at run time, built from one configuration file and
the files it includes (users, exam schedule, services, allow-lists).

A reload builds a new `Runtime` and keeps what must survive it: conversation
vaults, daily counters, the audit sink, the class-session book and the
discovery log. The sessions file is not watched for reloads: the book re-reads
it itself when it changes (a stat per request), so opening a session does not
rebuild the runtime.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detectors import Scanner, build_scanner
from detectors.stores.roster import Roster
from proxy.policy.access import AccessControl, DailyCounter, ExamsFile, ExamWindow, RequestCounter
from proxy.policy.ai_domains import SHIPPED_AI_DOMAINS, AiDomains, load_ai_domains
from proxy.policy.discovery import DiscoveryLog
from proxy.policy.sessions import SessionBook
from proxy.audit.factory import open_store
from proxy.audit.records import value_hasher
from proxy.audit.store import ChainedAuditStore
from proxy.policy.catalog import ServiceCatalog, load_catalog
from proxy.datadir import DataDir
from proxy.pipeline.guard import Guard
from proxy.pipeline.uploads.sandbox import ExtractionLimits, ScanBudget
from proxy.policy.principals import Identifier, LoginThrottle, UserEntry, UsersFile
from proxy.policy.settings import Settings, load_settings
from proxy.pipeline.scancache import RedisScanResults, ScanCache
from proxy.pipeline.vault import VaultStore
from proxy.policy.loading import load_yaml_model

__all__ = [
    "Runtime", "LiveRuntime", "build_runtime", "watched_files", "load_policy_files", "open_audit_store", "user_hasher",
    "load_ai_list", "ai_domains_path",
]


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    config_path: Path
    data_dir: Path
    catalog: ServiceCatalog
    scanner: Scanner
    vaults: VaultStore
    guard: Guard
    audit: ChainedAuditStore
    audit_key: bytes
    identifier: Identifier
    counter: RequestCounter
    watched: tuple[Path, ...]
    sessions: SessionBook
    discovery: DiscoveryLog
    #: Keyed hash of a user id, as the audit keeps it (teachers in sessions, students in reports).
    user_hash: Callable[[str], str]


class LiveRuntime:
    """The runtime in force, shared by every addon, the help server and the review
    page: the one way to reach it. A reload swaps it whole; a request reads
    `current` once and finishes under the policy it started with."""

    def __init__(self, runtime: Runtime | None = None) -> None:
        self._current = runtime

    @property
    def current(self) -> Runtime | None:
        return self._current

    def require(self) -> Runtime:
        if self._current is None:
            raise RuntimeError("privacy-guard is not configured (no runtime)")
        return self._current

    def swap(self, new: Runtime) -> None:
        # One reference assignment: atomic under the interpreter, so readers on
        # other threads see the old runtime or the new one, never a mix.
        self._current = new


def scan_budget(settings: Settings) -> ScanBudget:
    h = settings.hardening
    return ScanBudget(max_slots=h.scan_max_slots, max_chars=h.scan_max_chars, max_seconds=h.scan_max_seconds)


def extraction_limits(settings: Settings) -> ExtractionLimits:
    h = settings.hardening
    return ExtractionLimits(workers=h.extraction_workers, cpu_seconds=h.extraction_cpu_seconds,
                            memory_bytes=h.extraction_memory_mb * 1024 * 1024, wall_seconds=h.extraction_wall_seconds)


def roster_path(config_path: Path, settings: Settings, data_dir: Path) -> Path:
    configured = config_path.resolve().parent / settings.roster_store if settings.roster_store else None
    return DataDir(data_dir).roster_store(configured)


def watched_files(config_path: Path, settings: Settings, data_dir: Path) -> tuple[Path, ...]:
    """The configuration file and every file it includes (for hot reload)."""
    base = config_path.resolve().parent
    files = [config_path.resolve(), base / settings.services_file, roster_path(config_path, settings, data_dir)]
    files += [base / p for p in settings.allow_lists]
    files.append(ai_domains_path(config_path, settings))
    if settings.identity.users_file:
        files.append(base / settings.identity.users_file)
    if settings.exams_file:
        files.append(base / settings.exams_file)
    return tuple(files)


def ai_domains_path(config_path: Path, settings: Settings) -> Path:
    configured = settings.access.ai_domains_file
    return config_path.resolve().parent / configured if configured else SHIPPED_AI_DOMAINS


def load_ai_list(config_path: Path, settings: Settings) -> AiDomains | None:
    """The maintained AI-domain list, or None when every role lets unknown AI hosts pass (`allow`)."""
    if all(v == "allow" for v in settings.access.unknown_ai.values()):
        return None
    return load_ai_domains(ai_domains_path(config_path, settings), settings.access.extra_ai_domains)


def load_policy_files(config_path: Path, settings: Settings) -> tuple[dict[str, UserEntry], tuple[ExamWindow, ...]]:
    """Users and exam windows from the included files (validated with their own locations)."""
    base = config_path.resolve().parent
    users: dict[str, UserEntry] = {}
    if settings.identity.users_file:
        users = load_yaml_model(UsersFile, base / settings.identity.users_file).users
    exams = tuple(settings.exams)
    if settings.exams_file:
        exams += load_yaml_model(ExamsFile, base / settings.exams_file).exams
    return users, exams


def open_audit_store(data_dir: Path, settings: Settings, *, worker: int | None = None) -> ChainedAuditStore:
    """The proxy's own store: locks its chain and runs the checkpoint timer. Worker
    processes of one node each write a chain of their own (`<node>.w<i>`)."""
    audit = settings.audit
    if worker is not None:
        audit = audit.model_copy(update={"node_id": f"{audit.node_id or socket.gethostname()}.w{worker}"})
    return open_store(data_dir, audit, writer=True, worker=worker is not None)


def shared_counter(settings: Settings, home: DataDir, *, worker: int | None) -> RequestCounter:
    """Daily counts: in Redis when the cluster has one, in a file shared by the workers
    of this box when there are workers, else in this process."""
    if settings.cluster.redis_url:
        from proxy.pipeline.counters import RedisDailyCounter

        return RedisDailyCounter(redis_client(settings.cluster.redis_url), home.audit_key(),
                                 prefix=settings.cluster.redis_prefix)
    if worker is not None:
        from proxy.pipeline.counters import FileDailyCounter

        return FileDailyCounter(home.daily_counts, home.audit_key())
    return DailyCounter()


def login_throttle(settings: Settings, home: DataDir, *, worker: int | None) -> LoginThrottle:
    """Proxy-login failures: counted in Redis when the cluster has one, in a file shared
    by the workers of this box when there are workers, else in this process; so
    guessing spread over workers or nodes meets the same lockout."""
    if settings.cluster.redis_url:
        from proxy.pipeline.counters import RedisLoginFailures

        return LoginThrottle(clock=time.time, store=RedisLoginFailures(
            redis_client(settings.cluster.redis_url), home.audit_key(), prefix=settings.cluster.redis_prefix))
    if worker is not None:
        from proxy.pipeline.counters import FileLoginFailures

        return LoginThrottle(clock=time.time, store=FileLoginFailures(home.login_failures, home.audit_key()))
    return LoginThrottle()


def open_vaults(settings: Settings) -> VaultStore:
    """Conversation vaults: in this process, or in the cluster's Redis."""
    v = settings.vault
    if settings.cluster.redis_url:
        from proxy.pipeline.redisvault import RedisVaultStore

        return RedisVaultStore(redis_client(settings.cluster.redis_url), prefix=settings.cluster.redis_prefix,
                               max_entries=v.max_entries, ttl_seconds=v.ttl_minutes * 60)
    return VaultStore(max_conversations=v.max_conversations, max_entries=v.max_entries, max_values=v.max_values,
                      ttl_seconds=v.ttl_minutes * 60)


def policy_version(files: tuple[Path, ...]) -> str:
    """A digest of the policy files' contents: nodes on the same files share scan results."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.name).encode() + b"\x00")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\x00missing")
    return digest.hexdigest()


def scan_cache(settings: Settings, scanner: Scanner, watched: tuple[Path, ...]) -> ScanCache:
    """Per-text scan results: in this process, shared through Redis when the cluster has it."""
    max_bytes = settings.hardening.scan_cache_mb * 1024 * 1024
    if not settings.cluster.redis_url:
        return ScanCache(scanner, max_bytes=max_bytes)
    shared = RedisScanResults(redis_client(settings.cluster.redis_url), prefix=settings.cluster.redis_prefix)
    return ScanCache(scanner, max_bytes=max_bytes, shared=shared, version=policy_version(watched))


@functools.lru_cache(maxsize=8)
def redis_client(url: str) -> Any:
    """A Redis client, one connection pool per URL (the `redis` package is needed only when a cluster uses Redis)."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def user_hasher(audit_key: bytes) -> Callable[[str], str]:
    """The keyed hash the audit keeps instead of a user id (also for a session's teacher)."""

    def user_hash(user: str) -> str:
        return hashlib.blake2b(user.encode("utf-8"), key=audit_key, digest_size=12).hexdigest()

    return user_hash


def build_runtime(
    config_path: Path, *, data_dir: Path | None = None, settings: Settings | None = None,
    previous: Runtime | None = None, worker: int | None = None,
) -> Runtime:
    """`worker`: this process is worker `worker` of several on one node (its own audit
    chain, daily counts shared with the other workers)."""
    settings = settings or load_settings(config_path)
    base = config_path.resolve().parent
    data = (data_dir or Path(settings.data_dir)).resolve()
    home = DataDir(data)
    home.create()
    catalog = load_catalog(base / settings.services_file, settings.services, load_ai_list(config_path, settings))
    users, exams = load_policy_files(config_path, settings)
    roster = None
    store = roster_path(config_path, settings, data)
    if store.exists():
        roster = Roster.load(store, home.roster_key())
    scanner = build_scanner(
        extra_allow_files=[base / p for p in settings.allow_lists], roster=roster, min_score=settings.min_score,
        exam_bank=home.open_exam_bank(), exam_after_embargo=settings.policy.exam_match_after_embargo,
    )
    if previous is not None:
        vaults, counter, audit = previous.vaults, previous.counter, previous.audit
        throttle = previous.identifier.throttle  # lockouts survive a reload
        sessions, discovery = previous.sessions, previous.discovery
        sessions.default_minutes = settings.sessions.default_minutes
        sessions.max_minutes = settings.sessions.max_minutes
    else:
        sessions = SessionBook(home.sessions_file, default_minutes=settings.sessions.default_minutes,
                               max_minutes=settings.sessions.max_minutes)
        discovery = DiscoveryLog(home.discovery_file)
        vaults = open_vaults(settings)
        counter = shared_counter(settings, home, worker=worker)
        throttle = login_throttle(settings, home, worker=worker)
        audit = open_audit_store(data, settings, worker=worker)
    audit_key = home.audit_key()
    user_hash = user_hasher(audit_key)

    access = AccessControl(settings.access, exams, settings.limits, counter, sessions=sessions)
    watched = watched_files(config_path, settings, data) + (home.exam_bank_index,)
    guard = Guard(scanner, settings.policy, vaults, access=access, user_hash=user_hash,
                  value_hash=value_hasher(audit_key), previews=settings.audit.masked_previews,
                  session_data_action=settings.sessions.data_action,
                  budget=scan_budget(settings), extraction=extraction_limits(settings),
                  scans=scan_cache(settings, scanner, watched))

    return Runtime(
        settings=settings, config_path=config_path, data_dir=data, catalog=catalog, scanner=scanner,
        vaults=vaults, guard=guard, audit=audit, audit_key=audit_key, identifier=Identifier(settings.identity, users, throttle=throttle), counter=counter,
        watched=watched,
        sessions=sessions, discovery=discovery, user_hash=user_hash,
    )
