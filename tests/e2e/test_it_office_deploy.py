"""The deployment kit under config/examples/: the systemd unit passes
`systemd-analyze verify`, the Grafana dashboard asks only for metrics the proxy
exports, and the gateway script prints nftables rules that `nft -c` accepts."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from proxy.audit.metrics import Metrics

EXAMPLES = Path(__file__).resolve().parents[2] / "config" / "examples"
UNIT = EXAMPLES / "privacy-guard.service"


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None and not os.environ.get("CI"):
        pytest.skip(f"{tool} is not installed (make test-deps installs it)")
    assert found is not None, f"{tool} is required under CI"
    return found


def test_the_systemd_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = _need("systemd-analyze")
    # verify checks that ExecStart exists: point it at this checkout's command.
    command = Path(sys.executable).parent / "privacy-guard"
    assert command.exists()
    unit = tmp_path / "privacy-guard.service"
    unit.write_text(UNIT.read_text(encoding="utf-8").replace("/opt/privacy-guard/.venv/bin/privacy-guard", str(command)),
                    encoding="utf-8")
    done = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60)
    complaints = [ln for ln in (done.stdout + done.stderr).splitlines() if "privacy-guard.service" in ln]
    assert done.returncode == 0 and complaints == [], done.stdout + done.stderr


def test_the_systemd_unit_points_admin_commands_at_the_same_data_directory() -> None:
    text = UNIT.read_text(encoding="utf-8")
    assert "Environment=PRIVACY_GUARD_CONFIG=/etc/privacy-guard/config.yaml" in text
    assert "Environment=PRIVACY_GUARD_DATA_DIR=/var/lib/privacy-guard" in text and "StateDirectoryMode=0700" in text


def _exported_names() -> set[str]:
    names: set[str] = set()
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "gauge": ("",)}
    for family in Metrics().registry.collect():
        names |= {family.name + suffix for suffix in suffixes.get(family.type, ("",))}
    return names


def test_the_grafana_dashboard_asks_only_for_exported_metrics() -> None:
    dashboard = json.loads((EXAMPLES / "grafana-dashboard.json").read_text(encoding="utf-8"))
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    wanted = {m for e in exprs for m in re.findall(r"privacy_guard_[a-z_]+", e)}
    assert wanted and wanted <= _exported_names(), wanted - _exported_names()
    assert {"privacy_guard_blocks_total", "privacy_guard_added_latency_seconds_bucket"} <= wanted


@pytest.mark.parametrize("env", [{"LAN_IF": "eth1", "WAN_IF": "eth0"}, {"LAN_IF": "br-lan", "BLOCK_QUIC": "no"}],
                         ids=["with NAT and QUIC blocked", "routed, QUIC allowed"])
def test_the_gateway_script_prints_rules_nft_accepts(env: dict[str, str]) -> None:
    nft = _need("nft")
    rules = subprocess.run(["sh", str(EXAMPLES / "gateway-nftables.sh"), "print"], capture_output=True, text=True,
                           env={**os.environ, **env}, check=True).stdout
    assert f'iifname "{env["LAN_IF"]}" tcp dport {{ 80, 443 }} counter redirect to :8080' in rules
    assert ("udp dport 443 counter reject" in rules) == (env.get("BLOCK_QUIC", "yes") == "yes")
    checked = subprocess.run([nft, "-c", "-f", "-"], input=rules, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_gateway_script_without_a_lan_interface_says_what_is_missing() -> None:
    done = subprocess.run(["sh", str(EXAMPLES / "gateway-nftables.sh"), "print"], capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k != "LAN_IF"})
    assert done.returncode != 0 and "LAN_IF" in done.stderr
