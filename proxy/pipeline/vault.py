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
from functools import partial
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

    def __init__(self, max_entries: int = 500, reserve: Callable[[ConversationVault], bool] | None = None) -> None:
        self._by_value: dict[tuple[str, str], str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._max = max_entries
        self._lock = threading.Lock()
        #: Asked before a value is added: False when the store holds all the values it may (see `VaultStore`).
        self._reserve = reserve

    def placeholder_for(self, entity: str, value: str) -> str | None:
        """The placeholder for `value`, minted on first sight; None when the vault is full."""
        key = (entity, value)
        with self._lock:
            existing = self._by_value.get(key)
            if existing is not None:
                return existing
            if len(self._by_value) >= self._max or (self._reserve is not None and not self._reserve(self)):
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
    `max_conversations` or when all vaults together hold `max_values` values,
    idle ones expire after `ttl_seconds`. Memory is bounded by the values, not only
    by the conversations: 10,000 conversations of 500 values each would be gigabytes."""

    def __init__(
        self,
        *,
        max_conversations: int = 10_000,
        max_entries: int = 500,
        max_values: int = 100_000,
        ttl_seconds: float = 6 * 3600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._vaults: OrderedDict[str, tuple[ConversationVault, float]] = OrderedDict()
        self._max_conversations = max_conversations
        self._max_entries = max_entries
        self._max_values = max_values
        #: Values held by the vaults in `_vaults` (an evicted vault's values leave the count with it).
        self._values = 0
        self._ttl = ttl_seconds
        self._clock = clock
        self._lock = threading.Lock()

    def get(self, conversation: str) -> ConversationVault:
        now = self._clock()
        with self._lock:
            self._expire(now)
            entry = self._vaults.pop(conversation, None)
            vault = entry[0] if entry is not None else ConversationVault(self._max_entries, partial(self._reserve, conversation))
            self._vaults[conversation] = (vault, now)
            while len(self._vaults) > self._max_conversations:
                self._drop_oldest()
            return vault

    def _reserve(self, conversation: str, vault: ConversationVault) -> bool:
        """Room for one more value in `vault`: the least recently used other conversations are
        forgotten to make it. False when `vault` was itself forgotten (its values are no longer
        counted) or the store is full of its values alone: the caller then redacts instead."""
        with self._lock:
            entry = self._vaults.get(conversation)
            if entry is None or entry[0] is not vault:
                return False
            while self._values >= self._max_values and next(iter(self._vaults)) != conversation:
                self._drop_oldest()
            if self._values >= self._max_values:
                return False
            self._values += 1
            return True

    def _drop_oldest(self) -> None:
        _key, (vault, _used) = self._vaults.popitem(last=False)
        self._values -= len(vault._by_value)  # no vault lock: a dict's length is read atomically

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
            self._drop_oldest()

    def __len__(self) -> int:
        with self._lock:
            return len(self._vaults)
