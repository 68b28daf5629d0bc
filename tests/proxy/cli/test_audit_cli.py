"""Reviewer commands on a real audit store written by the guard."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

from proxy.cli.audit import audit_main
from proxy.policy.catalog import load_catalog
from proxy.pipeline.guard import RequestView
from proxy.runtime import build_runtime

ROOT = Path(__file__).resolve().parents[3]


def _write_some(tmp: Path) -> Path:
    cfg = tmp / "guard.yaml"
    cfg.write_text(f"services_file: {ROOT / 'config' / 'services.yaml'}\ndata_dir: {tmp / 'data'}\n"
                   "audit: {masked_previews: true, checkpoint_every: 2}\n", encoding="utf-8")
    rt = build_runtime(cfg)
    route = load_catalog(ROOT / "config" / "services.yaml").route("api.openai.com", "/v1/chat/completions")
    assert route is not None
    from proxy.audit.records import to_record

    for text in ("学生王小明的身份证号110108201503121238", "电话139 1234 5678", "请解释勾股定理"):
        body = json.dumps({"messages": [{"role": "user", "content": text}]}, ensure_ascii=False).encode()
        d = rt.guard.inspect(RequestView("r", "10.1.2.3", "api.openai.com", "/v1/chat/completions", (), "POST",
                                         "application/json", "", body), route).decision
        rt.audit.append(to_record(d, client="10.1.2.3", client_mode="truncated"), (v for _, v in d.value_hashes))
    rt.audit.checkpoint()
    rt.audit.close()
    return cfg


def _run(cfg: Path, command: str, **kw: object) -> tuple[int, str]:
    out = io.StringIO()
    rc = audit_main(command, config=cfg, data_dir=None, out=out, **kw)  # type: ignore[arg-type]
    return rc, out.getvalue()


def test_lookup_by_value_finds_records_without_the_log_holding_the_value(tmp_path: Path) -> None:
    cfg = _write_some(tmp_path)
    rc, out = _run(cfg, "lookup", value="110108201503121238")
    assert rc == 0 and out.startswith("1 record(s)")
    rc, out = _run(cfg, "lookup", value="13912345678")  # written with spaces, found without
    assert out.startswith("1 record(s)")
    rc, out = _run(cfg, "lookup", value="王小明")
    assert out.startswith("1 record(s)")
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("audit.sqlite*"))
    for value in ("110108201503121238", "王小明", "13912345678"):
        assert value.encode() not in raw


def test_records_hold_masked_previews_and_truncated_addresses_only(tmp_path: Path) -> None:
    cfg = _write_some(tmp_path)
    rc, out = _run(cfg, "export")
    records = [json.loads(x) for x in out.splitlines()]
    assert records[0]["client"] == "10.1.2.0/24"
    assert ["CN_RESIDENT_ID", "1101**********1238"] in records[0]["previews"]
    assert ["PERSON", "王**"] in records[0]["previews"]


def test_verify_passes_then_reports_an_edit(tmp_path: Path) -> None:
    cfg = _write_some(tmp_path)
    assert _run(cfg, "verify")[0] == 0
    db = sqlite3.connect(tmp_path / "data" / "audit.sqlite")
    db.execute("UPDATE guard_audit_records SET body = replace(body, 'pseudonymize', 'allow') WHERE seq = 1")
    db.commit()
    db.close()
    rc, out = _run(cfg, "verify")
    assert rc == 1 and "record 1 was edited" in out


def test_report_in_chinese_with_charts_and_chain_status(tmp_path: Path) -> None:
    cfg = _write_some(tmp_path)
    rc, page = _run(cfg, "report", fmt="html")
    assert rc == 0 and "AI 使用与隐私保护审计报告" in page and "<svg" in page and "审计链校验：通过" in page
    assert "王小明" not in page and "110108201503121238" not in page
    rc, doc = _run(cfg, "report", fmt="json")
    data = json.loads(doc)
    assert data["total"] == 3 and data["by_action"] == {"pseudonymize": 2, "allow": 1}
    assert data["by_entity"]["CN_RESIDENT_ID"] == 1
    rc, table = _run(cfg, "report", fmt="csv")
    assert "by_service,openai,3" in table


def test_export_to_syslog_sends_one_message_per_record(tmp_path: Path) -> None:
    import socket

    cfg = _write_some(tmp_path)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(5)
    port = sock.getsockname()[1]
    assert _run(cfg, "export", syslog=f"127.0.0.1:{port}")[0] == 0
    messages = [sock.recv(65535) for _ in range(3)]
    sock.close()
    assert all(b"privacy-guard-audit:" in m for m in messages)
