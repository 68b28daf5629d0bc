"""Shared, read-only data the detectors consult: the name model, the public-figure
allow-list, English given names and an optional school roster.

Loaded once per scanner; every lookup is pure and thread-safe.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from detectors.errors import ResourceError
from detectors.models.name_model import NameModel, load_name_model
from detectors.models.name_tagger import NameTagger, load_name_tagger
from detectors.stores.exam_bank import ExamBank
from detectors.stores.roster import Roster

__all__ = ["Resources", "load_resources", "default_config_dir", "read_word_list"]

_LATIN_NAME = re.compile(r"(?<![A-Za-z])([A-Z][a-z]{1,14})(?:[ ]([A-Z][a-z]{1,14}))?(?![A-Za-z])")
_CAPITAL = re.compile("[A-Z]")
_PINYIN = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo|ui|ue|a|o|e|i|u|v)"
)
_PINYIN_SURNAMES = frozenset(
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song "
    "tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai du ye cheng su wei lv ding ren shen "
    "yao lu cui zhong tan fan jin shi jia xia fu fang bai zou meng xiong qin qiu yin xue yan duan lei hou long "
    "tao mao hao gong shao wan qian dai mo kong qiao kang qi zhuang ouyang".split()
)


def default_config_dir() -> Path:
    env = os.environ.get("PRIVACY_GUARD_CONFIG_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "config"


def read_word_list(path: Path) -> list[str]:
    """One entry per line; `#` starts a comment; blank lines ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ResourceError(f"cannot read word list {path}: {exc.strerror}", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise ResourceError(f"word list {path} is not UTF-8 (byte {exc.start})", path=str(path)) from exc
    out = []
    for line in lines:
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return out


def _pinyin_word(word: str) -> bool:
    w = word.lower()
    i = 0
    syllables = 0
    while i < len(w):
        m = _PINYIN.match(w, i)
        if not m or m.end() == i:
            return False
        i = m.end()
        syllables += 1
    return 1 <= syllables <= 2


@dataclass(frozen=True)
class Resources:
    name_model: NameModel
    allow_names: frozenset[str]
    english_given: frozenset[str]
    roster: Roster | None = None
    exam_bank: ExamBank | None = None
    exam_after_embargo: bool = False
    #: The learned name tagger (weights committed in detectors/models/).
    name_tagger: NameTagger | None = None
    #: Allow-listed names of two or more characters by their first two, longest first (a common
    #: surname such as 王 starts ~60 of them; two characters leave one or two to compare).
    _allow_by_two: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    #: Allow-listed one-character names (none in the shipped lists; kept for exactness).
    _allow_single: frozenset[str] = field(default=frozenset(), repr=False)
    #: The first two characters of each of those names as sorted keys (code point << 21 | code point).
    _allow_pair_keys: npt.NDArray[np.uint64] = field(
        default_factory=lambda: np.zeros(0, dtype=np.uint64), repr=False, compare=False)

    @classmethod
    def build(
        cls, name_model: NameModel, allow_names: Iterable[str], english_given: Iterable[str],
        roster: Roster | None = None, exam_bank: ExamBank | None = None, exam_after_embargo: bool = False,
        name_tagger: NameTagger | None = None,
    ) -> Resources:
        allow = frozenset(n for n in allow_names if n)
        by_two: dict[str, list[str]] = {}
        for n in allow:
            if len(n) >= 2:
                by_two.setdefault(n[:2], []).append(n)
        index = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_two.items()}
        return cls(
            name_model=name_model,
            allow_names=allow,
            english_given=frozenset(english_given),
            roster=roster,
            exam_bank=exam_bank,
            exam_after_embargo=exam_after_embargo,
            name_tagger=name_tagger,
            _allow_by_two=MappingProxyType(index),
            _allow_single=frozenset(n for n in allow if len(n) == 1),
            _allow_pair_keys=np.unique(np.array([ord(k[0]) << 21 | ord(k[1]) for k in index], dtype=np.uint64)),
        )

    def allowed_length_at(self, norm: str, pos: int) -> int:
        """Length of the longest allow-listed name starting at `pos` (0 if none)."""
        for name in self._allow_by_two.get(norm[pos : pos + 2], ()):
            if norm.startswith(name, pos):
                return len(name)
        return 1 if self._allow_single and norm[pos : pos + 1] in self._allow_single else 0

    def allow_starts(self, norm: str) -> bytes:
        """One byte per character of `norm`: 1 where an allow-listed name may start
        (its first two characters are there, or a one-character name is), 0 where
        `allowed_length_at` is surely 0. One vectorised pass per text, so that the
        positions around each found name cost one `bytes.find`."""
        cp = np.frombuffer(norm.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
        flags = np.zeros(len(cp), dtype=np.uint8)
        if len(cp) >= 2 and len(self._allow_pair_keys):
            keys = (cp[:-1] << np.uint64(21)) | cp[1:]
            pair = self._allow_pair_keys
            pos = np.minimum(np.searchsorted(pair, keys), len(pair) - 1)
            flags[:-1] = pair[pos] == keys
        if self._allow_single:
            flags |= np.isin(cp, np.array([ord(n) for n in self._allow_single], dtype=np.uint64)).astype(np.uint8)
        return flags.tobytes()

    def allowed_overlaps(self, norm: str, start: int, end: int, reach: int, starts: bytes) -> bool:
        """An allow-listed name starts in [start - reach, end) and reaches past
        `start` (`allowed_length_at` over those positions); `starts` is
        `allow_starts(norm)`."""
        pos = starts.find(1, max(0, start - reach), end)
        while pos >= 0:
            length = self.allowed_length_at(norm, pos)
            if length and pos + length > start:
                return True
            pos = starts.find(1, pos + 1, end)
        return False

    def allowed_at(self, norm: str, pos: int) -> bool:
        return self.allowed_length_at(norm, pos) > 0

    def roster_names_in(self, norm: str) -> list[tuple[int, int]]:
        return self.roster.find_names(norm) if self.roster is not None else []

    def latin_names_in(self, norm: str) -> list[tuple[int, int, bool]]:
        """(start, end, full): English given names, with a following capitalised
        surname when present, and pinyin full names (Zhang Wei). `full` says the
        span has a given name and a surname; a lone given name is weaker evidence."""
        out: list[tuple[int, int, bool]] = []
        if _CAPITAL.search(norm) is None:
            return out  # every name starts with a capital; the pattern's lookbehind keeps re from skipping ahead
        for m in _LATIN_NAME.finditer(norm):
            first, second = m.group(1), m.group(2)
            full_text = f"{first} {second}" if second else first
            if full_text in self.allow_names or first in self.allow_names:
                continue
            if first in self.english_given:
                if second and second in self.english_given:
                    # "Tom Amy" in a list: two people, report the first here.
                    out.append((m.start(1), m.end(1), False))
                    continue
                out.append((m.start(), m.end(), second is not None))
            elif second and first.lower() in _PINYIN_SURNAMES and _pinyin_word(second):
                out.append((m.start(), m.end(), True))
        return out


def load_resources(
    config_dir: Path | None = None,
    *,
    extra_allow_files: Iterable[Path] = (),
    roster: Roster | None = None,
    exam_bank: ExamBank | None = None,
    exam_after_embargo: bool = False,
) -> Resources:
    cfg = config_dir or default_config_dir()
    allow = read_word_list(cfg / "public_figures.txt")
    for extra in extra_allow_files:
        allow.extend(read_word_list(extra))
    english = read_word_list(cfg / "english_given_names.txt")
    model = load_name_model()
    try:
        tagger = load_name_tagger(model)
    except (OSError, ValueError, KeyError) as exc:
        raise ResourceError(f"cannot load the name tagger weights: {exc}", path="detectors/models/name_tagger.npz") from exc
    return Resources.build(model, allow, english, roster, exam_bank, exam_after_embargo, tagger)
