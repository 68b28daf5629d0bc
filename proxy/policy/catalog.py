"""The service catalog: which hosts are AI services, which format each endpoint
speaks and whether each service completed China's generative-AI filing (备案);
hosts on the maintained AI-domain list but outside the catalog route to the
`unknown-ai` stand-in (scanned as generic JSON, or refused by the access rules)."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from proxy.policy.ai_domains import AiDomains
from proxy.policy.loading import StrictModel, load_yaml_model
from proxy.policy.vocabulary import Format

__all__ = [
    "Endpoint", "ServiceEntry", "ServiceCatalog", "Route", "BLOCKED_SERVICE", "UNKNOWN_AI_SERVICE", "Filing",
    "load_catalog",
]

#: China's filing of generative-AI services (《生成式人工智能服务管理暂行办法》, 2023, art. 17;
#: the CAC publishes the filed services): filed; not filed (or not offered in China);
#: unknown; self_hosted (the school's own server, not a public service).
Filing = Literal["filed", "not_filed", "unknown", "self_hosted"]



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
    #: 备案 status; `check-config` refuses to whitelist a service that is not filed for
    #: students unless the whitelist entry says `allow_unfiled: true`.
    filing: Filing = "unknown"


class CatalogFile(StrictModel):
    services: tuple[ServiceEntry, ...]


@dataclass(frozen=True, slots=True)
class Route:
    """Where a request goes: the service and the format of its body."""

    service: ServiceEntry
    format: Format


#: Stands for an AI-looking host the school blocked (outside the catalog).
BLOCKED_SERVICE = ServiceEntry(id="blocked-host", name="blocked AI host", kind="web", hosts=("*",))
#: Stands for a host on the maintained AI-domain list that the catalog does not know.
UNKNOWN_AI_SERVICE = ServiceEntry(id="unknown-ai", name="AI service outside the catalog", kind="web", hosts=("*",))


class ServiceCatalog:
    """Hosts to services. With `ai_domains`, a listed host the catalog does not
    know is the `unknown-ai` service (so it is intercepted and judged by role)."""

    def __init__(self, services: tuple[ServiceEntry, ...], ai_domains: AiDomains | None = None) -> None:
        self._services = services
        self.ai_domains = ai_domains
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
        found = next((s for pattern, s in self._wild if fnmatch.fnmatchcase(host, pattern)), None)
        if found is None and self.ai_domains is not None and self.ai_domains.category_of(host) is not None:
            return UNKNOWN_AI_SERVICE
        return found

    def known_service_for_host(self, host: str) -> ServiceEntry | None:
        """The catalog's own entry for `host` (never the unknown-AI stand-in)."""
        found = self.service_for_host(host)
        return None if found is UNKNOWN_AI_SERVICE else found

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
        """Every host the proxy must see (for the PAC file): the catalog's, and each
        listed AI domain with its subdomains, so browsers cannot go around the list."""
        listed = set()
        if self.ai_domains is not None:
            listed = {h for d in self.ai_domains.categories for h in (d, f"*.{d}")}
        return sorted({h for s in self._services for h in s.hosts} | listed)


def load_catalog(path: Path, extra: tuple[ServiceEntry, ...] = (), ai_domains: AiDomains | None = None) -> ServiceCatalog:
    """The catalog file plus a school's own entries (which take precedence)."""
    base = load_yaml_model(CatalogFile, path).services
    return ServiceCatalog(tuple(extra) + tuple(base), ai_domains)
