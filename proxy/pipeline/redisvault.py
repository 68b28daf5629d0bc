"""Conversation vaults in Redis, shared by every node of a district gateway, so a
conversation whose turns reach different nodes keeps its placeholders and every
node can restore its answers.

One Redis hash per conversation (`<prefix>:vault:<conversation key>`): field
`v\\x00<entity>\\x00<value>` -> placeholder, `p\\x00<placeholder>` -> value and
`n\\x00<entity>` -> the next ordinal. A new value is minted by one Lua script (atomic in Redis), so two
nodes minting the same value at once agree. The hash expires after the vault TTL of idleness. Vault
contents are personal data: Redis must keep them in memory only (no RDB/AOF
persistence; README "District deployment").
"""

from __future__ import annotations

import threading
from typing import Any

from proxy.pipeline.vault import CLOSE, OPEN, PLACEHOLDER_LABELS, ConversationVault, VaultStore, ordinal

__all__ = ["RedisVaultStore", "RedisConversationVault"]

_STEMS = "甲乙丙丁戊己庚辛壬癸"
assert "".join(ordinal(i) for i in range(10)) == _STEMS

#: Atomic lookup-or-mint (the ordinal as `vault.ordinal`: stem, then stem + round).
#: KEYS[1] vault; ARGV: value field, counter field, placeholder-field prefix, value,
#: max fields, TTL, placeholder head (〔 + label), tail (〕), the ten stems.
_MINT = """
local t = redis.call('HGET', KEYS[1], ARGV[1])
if t then
  redis.call('EXPIRE', KEYS[1], ARGV[6])
  return t
end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[5]) then return false end
local n = redis.call('HINCRBY', KEYS[1], ARGV[2], 1) - 1
local i = (n % 10) * 3
local token = ARGV[7] .. string.sub(ARGV[9], i + 1, i + 3)
if n >= 10 then token = token .. tostring(math.floor(n / 10) + 1) end
token = token .. ARGV[8]
redis.call('HSET', KEYS[1], ARGV[1], token, ARGV[3] .. token, ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[6])
return token
"""


class RedisConversationVault(ConversationVault):
    """One conversation's mapping in Redis; remembers what it has read (placeholders
    never change while the conversation lives) so a request asks Redis once per value."""

    #: A new object per request (see `RedisVaultStore.get`): nothing to remember a rewrite by.
    lasting = False

    def __init__(self, client: Any, key: str, *, max_entries: int, ttl_seconds: int) -> None:
        super().__init__(max_entries)
        self._redis = client
        self._key = key
        self._ttl = ttl_seconds
        self._known: dict[str, str] = {}
        self._mint = client.register_script(_MINT)
        self._known_lock = threading.Lock()

    def placeholder_for(self, entity: str, value: str) -> str | None:
        field = f"v\x00{entity}\x00{value}"
        with self._known_lock:
            if field in self._known:
                return self._known[field]
        token = self._mint(keys=[self._key], args=[field, f"n\x00{entity}", f"p\x00", value, 3 * self._max, self._ttl,
                                                   OPEN + PLACEHOLDER_LABELS.get(entity, entity), CLOSE, _STEMS])
        if token is None:
            return None
        text = token.decode() if isinstance(token, bytes) else str(token)
        with self._known_lock:
            self._known[field] = text
            self._known[f"p\x00{text}"] = value
        return text

    def original_for(self, placeholder: str) -> str | None:
        field = f"p\x00{placeholder}"
        with self._known_lock:
            if field in self._known:
                return self._known[field]
        value = self._redis.hget(self._key, field)
        if value is None:
            return None
        text = value.decode() if isinstance(value, bytes) else str(value)
        with self._known_lock:
            self._known[field] = text
        return text

    def __len__(self) -> int:
        return sum(1 for f in self._redis.hkeys(self._key) if (f.decode() if isinstance(f, bytes) else f).startswith("v\x00"))


class RedisVaultStore(VaultStore):
    """Vaults by conversation key in Redis; idle ones expire (Redis TTL)."""

    def __init__(self, client: Any, *, prefix: str, max_entries: int = 500, ttl_seconds: float = 6 * 3600) -> None:
        super().__init__(max_entries=max_entries, ttl_seconds=ttl_seconds)
        self._redis = client
        self._prefix = prefix

    def _name(self, conversation: str) -> str:
        return f"{self._prefix}:vault:{conversation}"

    def get(self, conversation: str) -> ConversationVault:
        name = self._name(conversation)
        self._redis.expire(name, int(self._ttl))
        return RedisConversationVault(self._redis, name, max_entries=self._max_entries, ttl_seconds=int(self._ttl))

    def peek(self, conversation: str) -> ConversationVault | None:
        name = self._name(conversation)
        if not self._redis.exists(name):
            return None
        return RedisConversationVault(self._redis, name, max_entries=self._max_entries, ttl_seconds=int(self._ttl))

    def __len__(self) -> int:
        return sum(1 for _ in self._redis.scan_iter(match=f"{self._prefix}:vault:*", count=1000))
