"""Pseudonym vaults: per-conversation, bounded, expiring, thread-safe maps between
original values and placeholders such as 〔学生甲〕.

The same value always gets the same placeholder within one conversation, so
the model reads a coherent text; the response is restored from the same vault.
Vault contents are personal data: they live in memory only and are never logged.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from types import MappingProxyType

from detectors.entities import PLACEHOLDER_WORDS

__all__ = ["ConversationVault", "VaultStore", "PLACEHOLDER_LABELS", "OPEN", "CLOSE", "MAX_PLACEHOLDER_LEN"]

OPEN, CLOSE = "〔", "〕"
_STEMS = "甲乙丙丁戊己庚辛壬癸"

#: The word inside a placeholder per entity type (see `detectors.entities`): a
#: name reads as a pupil (〔学生甲〕), as the model should understand it.
PLACEHOLDER_LABELS: Mapping[str, str] = PLACEHOLDER_WORDS
#: Longest placeholder we ever mint (label + stem + up to 4 digits + brackets):
#: a streaming restorer never holds back more than this.
MAX_PLACEHOLDER_LEN = 2 + max(len(v) for v in PLACEHOLDER_LABELS.values()) + 1 + 4


def ordinal(n: int) -> str:
    stem = _STEMS[n % len(_STEMS)]
    round_ = n // len(_STEMS)
    return stem if round_ == 0 else f"{stem}{round_ + 1}"


class ConversationVault:
    """One conversation's mapping; at most `max_entries` values (then new values
    are redacted by the caller rather than given a placeholder)."""

    #: The same object serves every turn while the conversation lives, and a value's
    #: placeholder never changes (values are only added): a text rewritten with this vault
    #: may be remembered with the vault as part of its key (see `Guard`).
    lasting = True

    def __init__(self, max_entries: int = 500) -> None:
        self._by_value: dict[tuple[str, str], str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._max = max_entries
        self._lock = threading.Lock()

    def placeholder_for(self, entity: str, value: str) -> str | None:
        """The placeholder for `value`, minted on first sight; None when the vault is full."""
        key = (entity, value)
        with self._lock:
            existing = self._by_value.get(key)
            if existing is not None:
                return existing
            if len(self._by_value) >= self._max:
                return None
            n = self._counts.get(entity, 0)
            self._counts[entity] = n + 1
            token = f"{OPEN}{PLACEHOLDER_LABELS.get(entity, entity)}{ordinal(n)}{CLOSE}"
            self._by_value[key] = token
            self._by_placeholder[token] = value
            return token

    def original_for(self, placeholder: str) -> str | None:
        with self._lock:
            return self._by_placeholder.get(placeholder)

    def __len__(self) -> int:
        return len(self._by_value)


class VaultStore:
    """Vaults by conversation key: least recently used evicted beyond
    `max_conversations`, idle ones expire after `ttl_seconds`."""

    def __init__(
        self,
        *,
        max_conversations: int = 10_000,
        max_entries: int = 500,
        ttl_seconds: float = 6 * 3600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._vaults: OrderedDict[str, tuple[ConversationVault, float]] = OrderedDict()
        self._max_conversations = max_conversations
        self._max_entries = max_entries
        self._ttl = ttl_seconds
        self._clock = clock
        self._lock = threading.Lock()

    def get(self, conversation: str) -> ConversationVault:
        now = self._clock()
        with self._lock:
            self._expire(now)
            entry = self._vaults.pop(conversation, None)
            vault = entry[0] if entry is not None else ConversationVault(self._max_entries)
            self._vaults[conversation] = (vault, now)
            while len(self._vaults) > self._max_conversations:
                self._vaults.popitem(last=False)
            return vault

    def peek(self, conversation: str) -> ConversationVault | None:
        """The vault if it exists and has not expired (no refresh, no creation)."""
        with self._lock:
            self._expire(self._clock())
            entry = self._vaults.get(conversation)
            return entry[0] if entry is not None else None

    def _expire(self, now: float) -> None:
        # Ordered by last use, so expired vaults are at the front.
        while self._vaults:
            key, (_vault, used) = next(iter(self._vaults.items()))
            if now - used <= self._ttl:
                break
            del self._vaults[key]

    def __len__(self) -> int:
        with self._lock:
            return len(self._vaults)
