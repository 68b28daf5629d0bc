"""The admin command line as an IT office meets it: which data directory a command
uses (said, found, never silently created), --version, logs with timestamps or
as JSON, options after the subcommand, Chinese-first messages, and every mistake
a one-line message with a non-zero exit code instead of a traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from proxy.cli.common import CONFIG_ENV, DATA_DIR_ENV, project_root
from proxy.datadir import SYSTEM_DATA_DIR

ROOT = Path(__file__).resolve().parents[3]
ROSTER = "姓名,学号\n张三丰,20260001\n李四海,20260002\n"


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in (DATA_DIR_ENV, CONFIG_ENV)}
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "proxy", *args], cwd=cwd, env={**clean, **(env or {})},
                          capture_output=True, text=True, input=stdin, timeout=120)


def _config(tmp: Path, data: Path) -> Path:
    cfg = tmp / "guard.yaml"
    cfg.write_text(f"services_file: {ROOT / 'config' / 'services.yaml'}\ndata_dir: {data}\n", encoding="utf-8")
    return cfg


def test_version_is_printed() -> None:
    done = cli("--version", cwd=ROOT)
    assert done.returncode == 0 and done.stdout.startswith("privacy-guard ")


@pytest.mark.skipif((project_root() / "data").is_dir() or SYSTEM_DATA_DIR.is_dir(),
                    reason="this machine has a data directory the command would rightly find")
def test_an_admin_command_in_another_directory_refuses_to_create_a_new_data_directory(tmp_path: Path) -> None:
    done = cli("exam", "list", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "找不到数据目录" in done.stderr and "--data-dir" in done.stderr
    assert not (tmp_path / "data").exists()


def test_the_configured_data_directory_is_found_from_anywhere_and_said(tmp_path: Path) -> None:
    data = tmp_path / "srv" / "data"
    cfg = _config(tmp_path, data)
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    imported = cli("roster", "import", str(tmp_path / "roster.csv"), "--config", str(cfg), cwd=elsewhere)
    assert imported.returncode == 0, imported.stderr
    assert f"数据目录 / data directory: {data}" in imported.stderr and "--config" in imported.stderr
    # Found again through the environment variable naming the configuration, from yet another place.
    listed = cli("exam", "list", cwd=tmp_path, env={CONFIG_ENV: str(cfg)})
    assert listed.returncode == 0 and str(data) in listed.stderr and "尚无登记的试卷" in listed.stdout
    assert not (elsewhere / "data").exists() and not (tmp_path / "data").exists()


def test_the_data_directory_environment_variable_wins_and_is_said(tmp_path: Path) -> None:
    data = tmp_path / "pgdata"
    done = cli("exam", "list", cwd=tmp_path, env={DATA_DIR_ENV: str(data)})
    assert done.returncode == 0 and f"{data}（新建 / new）  [${DATA_DIR_ENV}]" in done.stderr


def test_a_second_roster_import_says_it_replaces_the_roster(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text(ROSTER, encoding="utf-8")
    first = cli("roster", "import", "r.csv", "--data-dir", "d", cwd=tmp_path)
    second = cli("roster", "import", "r.csv", "--data-dir", "d", cwd=tmp_path)
    assert first.returncode == second.returncode == 0
    assert "替换现有名单" not in first.stdout and "已导入 2 人" in first.stdout
    assert "替换现有名单（原有 2 人）" in second.stdout


def test_logs_are_json_objects_on_request_and_hold_no_roster_names(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text(ROSTER, encoding="utf-8")
    done = cli("roster", "import", "r.csv", "--data-dir", "d", "--log-format", "json", cwd=tmp_path)
    logs = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert [(d["level"], d["logger"]) for d in logs] == [("INFO", "proxy.cli.roster")]
    assert logs[0]["time"][:4].isdigit() and "+" in logs[0]["time"][19:] or logs[0]["time"].endswith("Z")
    assert "张三丰" not in done.stderr


def test_text_logs_carry_a_timestamp_and_go_to_a_log_file_too(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text(ROSTER, encoding="utf-8")
    log_file = tmp_path / "logs" / "pg.log"
    done = cli("roster", "import", "r.csv", "--data-dir", "d", "--log-file", str(log_file), cwd=tmp_path)
    assert done.returncode == 0
    line = log_file.read_text(encoding="utf-8").strip()
    assert line[:4].isdigit() and line[4] == "-" and " INFO proxy.cli.roster: roster imported: 2 names" in line


def test_exam_add_and_remove_log_once_at_info(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("一、选择题\n1．下列哪个数是质数？（3分）\nA．4 B．6 C．7 D．9\n", encoding="utf-8")
    added = cli("exam", "add", "p.txt", "--title", "t", "--embargo-until", "2099-01-01T10:00", "--data-dir", "d",
                cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert [ln.split(" ", 3)[2] for ln in added.stderr.splitlines() if " proxy." in ln] == ["INFO"]
    paper = added.stdout.split()[1].rstrip(":")
    removed = cli("exam", "remove", paper, "--data-dir", "d", cwd=tmp_path)
    assert removed.returncode == 0 and "已删除" in removed.stdout
    assert sum(" INFO proxy.cli.exam: exam paper removed" in ln for ln in removed.stderr.splitlines()) == 1


def test_allow_list_is_accepted_after_the_subcommand(tmp_path: Path) -> None:
    allow = tmp_path / "allow.txt"
    allow.write_text("王小明\n", encoding="utf-8")
    done = cli("scan", "--allow-list", str(allow), "-", cwd=tmp_path, stdin="王小明同学今天请假。")
    assert done.returncode == 0, done.stderr
    assert "未发现敏感信息" in done.stdout


def _docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _xlsx(text: str) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.active["A1"] = text
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name,make", [("notes.docx", _docx), ("marks.xlsx", _xlsx)], ids=["docx", "xlsx"])
def test_scan_reads_office_documents_like_the_proxy_does(tmp_path: Path, name: str, make: object) -> None:
    assert callable(make)
    (tmp_path / name).write_bytes(make("家长电话 13912345678"))
    done = cli("scan", name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "PHONE_NUMBER" in done.stdout


MISTAKES = [
    ("report with a date that does not exist", ["audit", "report", "--from", "2026-11-31"], 2, "不是有效日期"),
    ("report period backwards", ["audit", "report", "--from", "2026-12-01", "--to", "2026-11-01"], 2, "不早于"),
    ("pdf without an output file", ["audit", "report", "--format", "pdf"], 2, "--output"),
    ("embargo date that does not exist", ["exam", "add", "p.txt", "--title", "t", "--embargo-until", "2026-13-40",
                                          "--data-dir", "d"], 2, "不是日期时间"),
    ("grades not numbers", ["exam", "add", "p.txt", "--title", "t", "--embargo-until", "2099-01-01",
                            "--grades", "九", "--data-dir", "d"], 2, "年级数字"),
    ("removing an unknown paper", ["exam", "remove", "p-nothere", "--data-dir", "d"], 1, "没有登记编号"),
    ("scanning a directory (the safety net)", ["scan", "."], 2, "IsADirectoryError"),
    ("a file that does not exist", ["roster", "import", "missing.csv", "--data-dir", "d"], 1, "文件不存在"),
]


@pytest.mark.parametrize("args,code,words", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_one_line_and_a_non_zero_exit_not_a_traceback(tmp_path: Path, args: list[str], code: int,
                                                                       words: str) -> None:
    (tmp_path / "p.txt").write_text("1．下列哪个数是质数？\n", encoding="utf-8")
    done = cli(*args, cwd=tmp_path)
    errors = [ln for ln in done.stderr.splitlines() if ln.startswith("privacy-guard: 错误 / error:")]
    assert done.returncode == code and "Traceback" not in done.stderr
    assert len(errors) == 1 and words in errors[0], done.stderr


def test_debug_shows_the_traceback_the_safety_net_hides(tmp_path: Path) -> None:
    done = cli("scan", ".", "--debug", cwd=tmp_path)
    assert done.returncode != 0 and "Traceback" in done.stderr and "IsADirectoryError" in done.stderr
