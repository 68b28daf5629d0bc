"""The name model's derived-data cache: the same model as a fresh build, and only ever a saving."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from detectors.models import model_cache
from detectors.models.name_model import NameModel, load_name_model


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = tmp_path / "cache"
    monkeypatch.setenv("PRIVACY_GUARD_CACHE_DIR", str(directory))
    model_cache.cached_name_model.cache_clear()
    yield directory
    model_cache.cached_name_model.cache_clear()


def _fresh() -> NameModel:
    """`cached_name_model()` as a new process sees it (its in-process memo cleared)."""
    model_cache.cached_name_model.cache_clear()
    return model_cache.cached_name_model()


def test_once_per_process(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = model_cache.cached_name_model()
    _refuse_build(monkeypatch)
    monkeypatch.setattr(model_cache, "_read", lambda path: None)
    assert model_cache.cached_name_model() is first  # neither read again nor rebuilt


def _files(directory: Path) -> list[Path]:
    return sorted(directory.glob("name-model-*.marshal")) if directory.exists() else []


def _refuse_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(min_name_tagged_freq: int = 40) -> NameModel:
        raise AssertionError("the model was rebuilt")

    monkeypatch.setattr(model_cache, "load_name_model", refuse)


def test_cached_model_equals_a_fresh_build(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = _fresh()  # a miss: builds and writes
    assert _files(cache) and built == load_name_model()
    _refuse_build(monkeypatch)
    read = _fresh()  # a hit: read back from the file
    assert read is not built and read == load_name_model()
    assert isinstance(read.lexicon, type(load_name_model().lexicon))  # read-only mappings, as built
    mode = os.stat(_files(cache)[0]).st_mode & 0o777
    assert mode == 0o600 and os.stat(cache).st_mode & 0o777 == 0o700


def test_a_corrupt_or_truncated_file_is_rebuilt(cache: Path) -> None:
    _fresh()
    (path,) = _files(cache)
    for damage in (b"", path.read_bytes()[:1000], b"privacy-guard name model cache 1\n\xff\x00garbage"):
        path.write_bytes(damage)
        assert _fresh() == load_name_model()
        assert path.read_bytes() != damage  # written again


def test_a_file_owned_by_someone_else_is_not_read(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fresh()
    _refuse_build(monkeypatch)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(_files(cache)[0]).st_uid + 1)
    with pytest.raises(AssertionError, match="rebuilt"):
        _fresh()


def test_a_changed_input_makes_a_new_key_and_drops_the_old_file(cache: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "input.txt"
    extra.write_text("one", encoding="utf-8")
    inputs = model_cache._inputs()
    monkeypatch.setattr(model_cache, "_inputs", lambda: [*inputs, extra])
    first = model_cache.cache_key()
    _fresh()
    extra.write_text("two", encoding="utf-8")
    assert model_cache.cache_key() != first
    _fresh()
    assert [p.name for p in _files(cache)] == [f"name-model-{model_cache.cache_key()}.marshal"]


def test_off_or_unwritable_still_gives_the_model(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACY_GUARD_CACHE_DIR", "off")
    assert model_cache.cache_dir() is None
    assert _fresh() == load_name_model()
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("PRIVACY_GUARD_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert _fresh() == load_name_model()


def test_default_place_follows_xdg_then_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRIVACY_GUARD_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/cache")
    assert model_cache.cache_dir() == Path("/x/cache/privacy-guard")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "/home/t")
    assert model_cache.cache_dir() == Path("/home/t/.cache/privacy-guard")
    monkeypatch.delenv("HOME")
    assert model_cache.cache_dir() is None
