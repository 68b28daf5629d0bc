"""The real proxy in this process in front of a local fake AI service, for end-to-end tests
of policy: a policy file, a users file with one password, clients through the proxy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.fakeupstream import FakeUpstream, make_ca_and_cert
from proxy.mitm.server import BackgroundProxy, ProxyServer, RunOptions
from proxy.policy.principals import hash_password

__all__ = ["PASSWORD", "ProxyEnv", "proxy_env"]

PASSWORD = "correct horse battery"


@dataclass
class ProxyEnv:
    server: ProxyServer
    upstream: FakeUpstream
    #: The fake AI service's port (https://localhost:PORT).
    port: int
    cfg: Path
    data: Path

    def client(self, user: str | None = None) -> httpx.Client:
        """A client through the proxy, as `user` (proxy authentication) or by its address."""
        auth = f"{user}:{PASSWORD}@" if user else ""
        ca = self.server.runtime.data_dir / "mitmproxy-ca-cert.pem"
        return httpx.Client(proxy=f"http://{auth}127.0.0.1:{self.server.port}", verify=str(ca), timeout=20)

    def chat(self, text: str, user: str | None = None, client: httpx.Client | None = None) -> httpx.Response:
        body = {"model": "m", "messages": [{"role": "user", "content": text}]}
        url = f"https://localhost:{self.port}/v1/chat/completions"
        if client is not None:
            return client.post(url, json=body)
        with self.client(user) as c:
            return c.post(url, json=body)

    def audit(self) -> list[dict[str, Any]]:
        return list(self.server.runtime.audit.records())


def proxy_env(tmp_path: Path, policy: str, users: dict[str, str]) -> Iterator[ProxyEnv]:
    """`users`: name -> the YAML lines of its principal (role, stage, …); every one has `PASSWORD`."""
    ca, cert, key = make_ca_and_cert(tmp_path)
    upstream = FakeUpstream(cert=cert, key=key)
    port = upstream.start()
    digest = hash_password(PASSWORD)
    lines = ["users:"]
    for name, spec in users.items():
        lines += [f"  {name}:", *(f"    {line}" for line in spec.strip().splitlines()), f'    password_hash: "{digest}"']
    (tmp_path / "users.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cfg = tmp_path / "policy.yaml"
    cfg.write_text(policy, encoding="utf-8")
    data = tmp_path / "data"
    opts = RunOptions(config=cfg, listen_port=0, help_port=0, upstream_trust=ca, data_dir=data)
    try:
        with BackgroundProxy(opts) as server:
            yield ProxyEnv(server, upstream, port, cfg, data)
    finally:
        upstream.stop()
