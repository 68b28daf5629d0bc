"""A school roster kept as keyed hashes: known names and numbers are always found,
while the store on disk holds no name or number in plain text.

Each entry is BLAKE2b(key, value) truncated to 12 bytes; the 32-byte key lives in
its own owner-only file. Without the key the store reveals nothing but sizes,
and a dictionary attack needs the key. Lookup hashes only substrings that begin
with a character whose keyed hash is a known first character.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from detectors.errors import ResourceError, RosterError

__all__ = ["Roster", "RosterEntry", "parse_roster_csv"]

_NAME_HEADERS = ("姓名", "name", "名字", "学生姓名", "教师姓名")
_NUMBER_HEADERS = ("学号", "学籍号", "全国学籍号", "工号", "考号", "准考证号", "number", "student_id", "id", "编号")
_MIN_NAME, _MAX_NAME = 2, 6
_DIGEST = 12


@dataclass(frozen=True, slots=True)
class RosterEntry:
    name: str
    numbers: tuple[str, ...] = ()


def parse_roster_csv(data: bytes, *, source: str = "<roster>") -> list[RosterEntry]:
    """Parse a roster CSV (UTF-8, with or without BOM; GBK accepted as Excel writes it).

    Every bad row is reported, naming its line; nothing is imported when any row is bad.
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise RosterError(f"{source}: not UTF-8 or GBK text", path=source)
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise RosterError(f"{source}: the file is empty", path=source) from None
    name_cols = [i for i, h in enumerate(header) if h in _NAME_HEADERS]
    number_cols = [i for i, h in enumerate(header) if h in _NUMBER_HEADERS]
    if not name_cols:
        raise RosterError(
            f"{source}: line 1: no name column; expected one of {', '.join(_NAME_HEADERS)}", path=source, line=1
        )
    entries: list[RosterEntry] = []
    problems: list[str] = []
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            problems.append(f"line {line_no}: {len(row)} columns, expected {len(header)}")
            continue
        name = "".join(row[name_cols[0]].split())
        if not _MIN_NAME <= len(name) <= 40:
            problems.append(f"line {line_no}: name has {len(name)} characters, expected 2 to 40")
            continue
        numbers = tuple(row[i].strip().upper() for i in number_cols if row[i].strip())
        entries.append(RosterEntry(name=name, numbers=numbers))
    if problems:
        raise RosterError(f"{source}: " + "; ".join(problems), path=source)
    return entries


class Roster:
    """Keyed-hash sets of roster names, their first characters, and numbers."""

    def __init__(self, key: bytes, names: Iterable[bytes], first_chars: Iterable[bytes], numbers: Iterable[bytes]) -> None:
        self._key = key
        self._names = frozenset(names)
        self._first = frozenset(first_chars)
        self._numbers = frozenset(numbers)

    def _h(self, value: str) -> bytes:
        return hashlib.blake2b(value.encode("utf-8"), key=self._key, digest_size=_DIGEST).digest()

    @classmethod
    def from_entries(cls, key: bytes, entries: Iterable[RosterEntry]) -> Roster:
        r = cls(key, (), (), ())
        names: set[bytes] = set()
        first: set[bytes] = set()
        numbers: set[bytes] = set()
        for e in entries:
            names.add(r._h(e.name))
            first.add(r._h(e.name[0]))
            numbers.update(r._h(n) for n in e.numbers)
        return cls(key, names, first, numbers)

    def __len__(self) -> int:
        return len(self._names)

    def find_names(self, norm: str) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        i, n = 0, len(norm)
        while i < n:
            if self._h(norm[i]) in self._first:
                for length in range(min(_MAX_NAME, n - i), _MIN_NAME - 1, -1):
                    if self._h(norm[i : i + length]) in self._names:
                        out.append((i, i + length))
                        i += length - 1
                        break
            i += 1
        return out

    def has_number(self, value: str) -> bool:
        return bool(self._numbers) and self._h(value.upper()) in self._numbers

    def save(self, path: Path) -> None:
        doc = {
            "format": "privacy-guard-roster/1",
            "hash": f"blake2b-{_DIGEST * 8}-keyed",
            "names": sorted(h.hex() for h in self._names),
            "first_chars": sorted(h.hex() for h in self._first),
            "numbers": sorted(h.hex() for h in self._numbers),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, key: bytes) -> Roster:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if doc.get("format") != "privacy-guard-roster/1":
                raise ValueError("unknown format")
            return cls(
                key,
                (bytes.fromhex(h) for h in doc["names"]),
                (bytes.fromhex(h) for h in doc["first_chars"]),
                (bytes.fromhex(h) for h in doc["numbers"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ResourceError(f"cannot load roster store {path}: {exc}", path=str(path)) from exc
