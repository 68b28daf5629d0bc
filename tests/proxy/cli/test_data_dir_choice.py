"""Which data directory a command works on: a named one is taken as it is, without reading the configuration."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from proxy.cli.common import DATA_DIR_ENV, locate_data_dir


def _args(tmp_path: Path, **kw: object) -> argparse.Namespace:
    broken = tmp_path / "broken.yaml"
    broken.write_text("policy: [unclosed\n", encoding="utf-8")  # reading it would raise
    return argparse.Namespace(config=str(broken), **kw)


def test_a_named_data_dir_does_not_read_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    found = locate_data_dir(_args(tmp_path, data_dir=str(tmp_path / "d")))
    assert found.data.root == (tmp_path / "d").resolve() and found.source == "--data-dir" and not found.exists


def test_the_environment_likewise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    found = locate_data_dir(_args(tmp_path, data_dir=None))
    assert found.data.root == tmp_path.resolve() and found.exists


def test_without_one_the_configuration_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from detectors.errors import ConfigError

    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    with pytest.raises(ConfigError):
        locate_data_dir(_args(tmp_path, data_dir=None))
