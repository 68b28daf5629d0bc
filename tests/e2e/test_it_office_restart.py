"""A reload that changes a setting read only at start says so, naming the setting,
instead of "reloaded" without effect; the start line names the admin port."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from proxy.mitm.server import BackgroundProxy, RunOptions, start_line

ROOT = Path(__file__).resolve().parents[2]


def test_changing_the_review_port_asks_for_a_restart(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cfg = tmp_path / "guard.yaml"
    base = f"services_file: {ROOT / 'config' / 'services.yaml'}\ndata_dir: {tmp_path / 'data'}\nreload_interval: 0.2\n"
    cfg.write_text(base + "review: {metrics: true, port: 0}\n", encoding="utf-8")
    caplog.set_level(logging.WARNING, logger="proxy.mitm.server")
    with BackgroundProxy(RunOptions(config=cfg, listen_port=0, help_port=0)) as server:
        assert server.review_server is not None
        assert f"metrics on http://127.0.0.1:{server.review_server.port}/" in start_line(server)
        cfg.write_text(base + "review: {metrics: true, port: 0}\npolicy: {default_action: redact}\n", encoding="utf-8")
        time.sleep(0.1)
        cfg.write_text(base + "review: {metrics: true, port: 9}\nlisten_port: 9\n", encoding="utf-8")
        for _ in range(100):
            if any("需重启后生效" in r.getMessage() for r in caplog.records):
                break
            time.sleep(0.1)
    notices = [r.getMessage() for r in caplog.records if "需重启后生效" in r.getMessage()]
    assert len(notices) == 1 and notices[0].endswith("listen_port, review")
