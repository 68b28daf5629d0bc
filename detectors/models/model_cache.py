"""A derived-data cache for the name model, so that a fresh process does not rebuild it.

`load_name_model` reads jieba's 350,000-entry dictionary, its part-of-speech
emission table and python-stdnum's region table, and derives the model's tables:
about 1.2 s of CPU, some 40 % of `privacy-guard scan`'s cold start. The result is
a pure function of those files and of this package's code, so it is kept in a
cache file keyed by a digest of all of them (jieba keeps its own prefix
dictionary the same way). Any change to an input or to the code makes a new key;
a missing, unreadable, foreign-owned or corrupt cache file is rebuilt, never an
error: the cache only ever saves time.

Where: `$PRIVACY_GUARD_CACHE_DIR`, else `$XDG_CACHE_HOME/privacy-guard`, else
`~/.cache/privacy-guard`; `PRIVACY_GUARD_CACHE_DIR=off` turns it off. The file
holds only public dictionary statistics (no school data) and is written
atomically with mode 0600 in a directory of mode 0700.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from detectors.models.name_model import NameModel, load_name_model

__all__ = ["cached_name_model", "cache_dir", "cache_key"]

_FORMAT = b"privacy-guard name model cache 1\n"
_ENV = "PRIVACY_GUARD_CACHE_DIR"


def cache_dir() -> Path | None:
    """The cache directory, or None when caching is off or no home is known."""
    env = os.environ.get(_ENV)
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "none") else Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "privacy-guard"
    home = os.environ.get("HOME")
    return Path(home) / ".cache" / "privacy-guard" if home else None


def _inputs() -> list[Path]:
    import jieba
    import stdnum

    here = Path(__file__).resolve().parent
    jieba_dir = Path(jieba.__file__).resolve().parent
    return [
        *sorted(here.glob("*.py")),  # the model's code and its tables (surnames, minority names)
        jieba_dir / "dict.txt",
        jieba_dir / "posseg" / "prob_emit.py",
        Path(stdnum.__file__).resolve().parent / "cn" / "loc.dat",
    ]


def cache_key(min_name_tagged_freq: int = 40) -> str:
    """Digest of every input of `load_name_model` and of the interpreter's marshal format."""
    h = hashlib.sha256(_FORMAT)
    h.update(f"{sys.version_info[:2]} {marshal.version} {min_name_tagged_freq}\n".encode())
    for path in _inputs():
        h.update(path.name.encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:32]


def _to_plain(model: NameModel) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(model):
        value = getattr(model, f.name)
        out[f.name] = dict(value) if isinstance(value, MappingProxyType) else value
    return out


def _from_plain(data: dict[str, Any]) -> NameModel:
    names = {f.name for f in fields(NameModel)}
    if set(data) != names:
        raise ValueError("cache fields differ from the model's")
    values: dict[str, Any] = {k: MappingProxyType(v) if isinstance(v, dict) else v for k, v in data.items()}
    return NameModel(**values)


def _read(path: Path) -> NameModel | None:
    try:
        st = path.stat()
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return None  # written by someone else: not ours to trust
        blob = path.read_bytes()
        if not blob.startswith(_FORMAT):
            return None
        data = marshal.loads(blob[len(_FORMAT):])
        return _from_plain(data) if isinstance(data, dict) else None
    except (OSError, ValueError, EOFError, TypeError):
        return None


def _write(directory: Path, path: Path, model: NameModel) -> None:
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".name-model-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_FORMAT + marshal.dumps(_to_plain(model)))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in directory.glob("name-model-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)  # an earlier version's file: never read again
    except (OSError, ValueError):
        pass  # a read-only home or a full disk: the model was built, only the saving is lost


@lru_cache(maxsize=1)
def cached_name_model(min_name_tagged_freq: int = 40) -> NameModel:
    """`load_name_model()`, read from the cache when a file for the same inputs is there;
    once per process, as `load_name_model` is (a reload of the policy or the roster
    rebuilds the resources, not the model)."""
    directory = cache_dir()
    if directory is None:
        return load_name_model(min_name_tagged_freq)
    try:
        path = directory / f"name-model-{cache_key(min_name_tagged_freq)}.marshal"
    except (OSError, ImportError):
        return load_name_model(min_name_tagged_freq)
    model = _read(path)
    if model is None:
        model = load_name_model(min_name_tagged_freq)
        _write(directory, path, model)
    return model
