"""The service catalog: which hosts are AI services and which format each endpoint speaks."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from proxy.policy.loading import StrictModel, load_yaml_model
from proxy.policy.vocabulary import Format

__all__ = ["Endpoint", "ServiceEntry", "ServiceCatalog", "Route", "BLOCKED_SERVICE", "load_catalog"]



class Endpoint(StrictModel):
    path: str = Field(description="glob matched against the request path (query excluded)")
    format: Format


class ServiceEntry(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    kind: Literal["api", "web"] = "api"
    hosts: tuple[str, ...] = Field(min_length=1)
    endpoints: tuple[Endpoint, ...] = ()
    default_format: Format = "generic_json"


class CatalogFile(StrictModel):
    services: tuple[ServiceEntry, ...]


@dataclass(frozen=True, slots=True)
class Route:
    """Where a request goes: the service and the format of its body."""

    service: ServiceEntry
    format: Format


#: Stands for an AI-looking host the school blocked (outside the catalog).
BLOCKED_SERVICE = ServiceEntry(id="blocked-host", name="blocked AI host", kind="web", hosts=("*",))


class ServiceCatalog:
    def __init__(self, services: tuple[ServiceEntry, ...]) -> None:
        self._services = services
        self._exact: dict[str, ServiceEntry] = {}
        self._wild: list[tuple[str, ServiceEntry]] = []
        for s in services:
            for host in s.hosts:
                if any(c in host for c in "*?["):
                    self._wild.append((host.lower(), s))
                else:
                    self._exact.setdefault(host.lower(), s)

    @property
    def services(self) -> tuple[ServiceEntry, ...]:
        return self._services

    def service_for_host(self, host: str) -> ServiceEntry | None:
        host = host.lower().rstrip(".")
        found = self._exact.get(host)
        if found is not None:
            return found
        return next((s for pattern, s in self._wild if fnmatch.fnmatchcase(host, pattern)), None)

    def route(self, host: str, path: str) -> Route | None:
        service = self.service_for_host(host)
        if service is None:
            return None
        bare = path.split("?", 1)[0]
        for ep in service.endpoints:
            if fnmatch.fnmatchcase(bare, ep.path):
                return Route(service, ep.format)
        return Route(service, service.default_format)

    def hosts(self) -> list[str]:
        return sorted({h for s in self._services for h in s.hosts})


def load_catalog(path: Path, extra: tuple[ServiceEntry, ...] = ()) -> ServiceCatalog:
    """The catalog file plus a school's own entries (which take precedence)."""
    base = load_yaml_model(CatalogFile, path).services
    return ServiceCatalog(tuple(extra) + tuple(base))
