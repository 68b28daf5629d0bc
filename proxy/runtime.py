"""Everything the proxy needs at run time, built from one configuration file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from detectors import Scanner, build_scanner
from detectors.roster import Roster, load_or_create_key
from proxy.auditfile import AuditFile
from proxy.catalog import ServiceCatalog, load_catalog
from proxy.guard import Guard
from proxy.settings import Settings, load_settings
from proxy.vault import VaultStore

__all__ = ["Runtime", "build_runtime"]


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    config_path: Path
    data_dir: Path
    catalog: ServiceCatalog
    scanner: Scanner
    vaults: VaultStore
    guard: Guard
    audit: AuditFile


def build_runtime(config_path: Path, *, data_dir: Path | None = None, settings: Settings | None = None) -> Runtime:
    settings = settings or load_settings(config_path)
    base = config_path.resolve().parent
    data = (data_dir or Path(settings.data_dir)).resolve()
    data.mkdir(mode=0o700, parents=True, exist_ok=True)
    catalog = load_catalog(base / settings.services_file, settings.services)
    roster = None
    if (data / "roster.json").exists():
        roster = Roster.load(data / "roster.json", load_or_create_key(data / "roster.key"))
    scanner = build_scanner(
        extra_allow_files=[base / p for p in settings.allow_lists], roster=roster, min_score=settings.min_score
    )
    vaults = VaultStore(
        max_conversations=settings.vault.max_conversations,
        max_entries=settings.vault.max_entries,
        ttl_seconds=settings.vault.ttl_minutes * 60,
    )
    return Runtime(
        settings=settings, config_path=config_path, data_dir=data, catalog=catalog, scanner=scanner,
        vaults=vaults, guard=Guard(scanner, settings.policy, vaults), audit=AuditFile(data / settings.audit_file),
    )
