"""Scan results per text, so a conversation turn costs only its new text.

Every turn of a chat resends the whole history; the earlier messages were
scanned before. The cache maps a keyed hash of a text (BLAKE2b with a key made
per process, so the keys reveal nothing and cannot be precomputed) to the
findings of that text. It belongs to one scanner: a reload (new policy, roster
or registered paper) builds a new scanner and with it an empty cache. It is
bounded in entries and in memory (an estimate of the bytes every entry keeps
alive: its findings and what was derived from them, such as the rewritten text),
and its entries expire, so a paper whose embargo ended stops matching within the
TTL. Nothing is written to disk.

Several nodes share results through `RedisScanResults`: the key is then a
cluster-wide secret and every key also covers the policy version (a digest of
the configuration, roster and exam-bank files), so a node on another policy
never reads them. Redis holds, per keyed hash, only the entity, offsets, score,
detector and labels of each finding, never matched text: a node rebuilds
`Finding.text` from the text it is scanning.
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
import secrets
import sys
import threading
import time
from collections import OrderedDict
from itertools import chain
from dataclasses import dataclass
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from detectors import Finding, Scanner
from proxy.pipeline.cputurn import released

__all__ = ["ScanCache", "Scanned", "RedisScanResults", "footprint"]

T = TypeVar("T")


#: Results derived from one text's findings kept beside them (see `Scanned.derive`).
_MAX_DERIVED = 8
#: What an entry costs besides its findings: the key, the entry and `Scanned` objects, the
#: ordered dict's node, the derived-results dict (CPython 3.12, measured with tracemalloc).
_ENTRY_BYTES = 480
#: Keeps one entry's derived results and their count in step (held for a few dict operations).
_DERIVE_LOCK = threading.Lock()


#: Types whose objects hold no references `footprint` follows (exact types: a subclass takes the general path).
_LEAVES = frozenset({str, bytes, int, float, bool, type(None)})
#: Per class: the `__slots__` names along its MRO, in the order `footprint` visits them.
_SLOTS: dict[type, tuple[str, ...]] = {}
_MISSING = object()


def _slot_names(cls: type) -> tuple[str, ...]:
    names = _SLOTS.get(cls)
    if names is None:
        names = _SLOTS[cls] = tuple(name for c in cls.__mro__ for name in getattr(c, "__slots__", ())
                                    if isinstance(name, str))
    return names


#: Per class with slots: one C call that reads them all (`_slot_values`).
_GETTERS: dict[type, Callable[[object], Any]] = {}


def _getall(names: tuple[str, ...], v: object) -> tuple[object, ...]:
    return tuple(getattr(v, name) for name in names)


def _slot_values(v: object, t: type) -> list[object]:
    """The values of `v`'s slots, in `_slot_names` order, leaving out unset ones."""
    getter = _GETTERS.get(t)
    if getter is None:
        names = _slot_names(t)
        getter = _GETTERS[t] = operator.attrgetter(*names) if len(names) > 1 else functools.partial(_getall, names)
    try:
        return list(getter(v))
    except AttributeError:  # an unset slot
        return [x for x in (getattr(v, name, _MISSING) for name in _slot_names(t)) if x is not _MISSING]


#: A finding's slots by the type they hold (`_findings_footprint`); `metadata` holds pairs of strings.
_FINDING_STRS = (operator.attrgetter("entity"), operator.attrgetter("text"), operator.attrgetter("detector"))
_FINDING_INTS = (operator.attrgetter("start"), operator.attrgetter("end"))
_FINDING_SCORE = operator.attrgetter("score")
_FINDING_META = operator.attrgetter("metadata")
_FINDING_SLOTS = ("entity", "start", "end", "text", "score", "detector", "metadata")


def _findings_footprint(value: object, depth: int) -> int | None:
    """`footprint` of a tuple of findings, as one scan returns them, in a few C-level passes; None
    for any other shape. A tuple of findings is a tree of fixed depth (tuple, finding, its fields,
    its metadata pairs, their strings): an object with children sits at one depth only, well within
    `depth`, so the order of the visit does not matter and the result is the sum over the distinct
    objects reached (`tests/proxy/pipeline/test_scancache.py` compares it with the plain recursion).
    Strings and numbers are sized by their type's own `__sizeof__`, which is what `sys.getsizeof`
    returns for them (they are not tracked by the garbage collector) at a tenth of its cost."""
    if type(value) is not tuple or depth < 5 or not set(map(type, value)) <= {Finding} \
            or _slot_names(Finding) != _FINDING_SLOTS:
        return None
    found = {id(f): f for f in value}
    findings = list(found.values())
    metas = {id(m): m for m in map(_FINDING_META, findings)}
    pairs = {id(p): p for p in chain.from_iterable(metas.values())}
    if not set(map(type, metas.values())) <= {tuple} or not set(map(type, pairs.values())) <= {tuple}:
        return None
    strs = {id(x): x for x in chain(chain.from_iterable(map(g, findings) for g in _FINDING_STRS),
                                    chain.from_iterable(pairs.values()))}
    ints = {id(x): x for x in chain.from_iterable(map(g, findings) for g in _FINDING_INTS)}
    floats = {id(x): x for x in map(_FINDING_SCORE, findings)}
    if not set(map(type, strs.values())) <= {str} or not set(map(type, ints.values())) <= {int} \
            or not set(map(type, floats.values())) <= {float}:
        return None
    containers = {id(value): value} | found | metas | pairs
    return (sum(map(sys.getsizeof, containers.values())) + sum(map(str.__sizeof__, strs.values()))
            + sum(map(int.__sizeof__, ints.values())) + sum(map(float.__sizeof__, floats.values())))


#: Objects `_level_footprint` expands before it leaves a value to the plain recursion.
_LEVEL_BUDGET = 20_000
#: Per class: whether its objects hold their fields in slots alone (no `__dict__`, not a builtin kind).
_SLOTTED_ONLY: dict[type, bool] = {}


def _slotted_only(t: type) -> bool:
    known = _SLOTTED_ONLY.get(t)
    if known is None:
        known = _SLOTTED_ONLY[t] = (bool(_slot_names(t)) and t.__dictoffset__ == 0
                                    and not issubclass(t, (str, bytes, int, float, dict, tuple, list, set, frozenset)))
    return known


def _level_footprint(value: object, depth: int, known: Iterable[object]) -> int | None:
    """`footprint` of a value made of tuples, lists, sets and slotted objects (a judgement, a
    rewritten text), level by level in a loop instead of a call per object; None for any other
    shape (a dict, an object with a `__dict__`, a subclass of a leaf type) and whenever a
    container lies at `depth` or deeper on some path, where the plain recursion stops early and
    which objects it counts depends on its order. Every path is followed (a container reached
    twice is expanded twice, counted once), so the deepest path is known: with none cut short the
    recursion counts every object reached exactly once, the `known` ones (and what hangs below
    them) not at all, and so does this."""
    getsizeof = sys.getsizeof
    leaves = _LEAVES
    if type(value) in leaves:
        return 0 if any(value is k for k in known) else getsizeof(value)
    skip = {id(k) for k in known}
    counted: dict[int, object] = {}
    level: list[object] = [value]
    expanded = 0
    for d in range(depth + 1):
        if not level:
            break
        below: list[object] = []
        for v in level:
            i = id(v)
            if i in skip:
                continue
            counted[i] = v
            t = type(v)
            if t in leaves:
                continue
            if d == depth:
                return None  # the recursion would count this container without what it holds
            expanded += 1
            if expanded > _LEVEL_BUDGET:
                return None
            if t is tuple or t is list or t is set or t is frozenset:
                below.extend(v)  # type: ignore[arg-type]
            elif _slotted_only(t):
                below.extend(_slot_values(v, t))
            else:
                return None
        level = below
    else:
        if level:
            return None
    return sum(map(getsizeof, counted.values()))


def footprint(value: object, *, depth: int = 8, known: Iterable[object] = ()) -> int:
    """Roughly the bytes `value` keeps alive (CPython object sizes, followed through tuples,
    lists, sets, dicts and slotted objects such as frozen dataclasses; shared objects counted
    once per value, small interned ones counted anyway), leaving out the `known` objects (counted
    elsewhere already: a judgement refers to the findings its entry holds). Enough to bound a
    cache by memory. It runs for every scanned text and every result derived from one: the slot
    names are looked up once per class, leaves are told by their exact type and counted in
    place, without a call of their own (a finding's strings, numbers and score are most of
    what it visits); the objects visited and their order are those of the plain recursion."""
    if not known:
        fast = _findings_footprint(value, depth)
        if fast is not None:
            return fast
    fast = _level_footprint(value, depth, known)
    if fast is not None:
        return fast
    seen: set[int] = {id(k) for k in known}
    getsizeof = sys.getsizeof
    leaves = _LEAVES
    add = seen.add

    def size(v: object, d: int) -> int:
        if id(v) in seen:
            return 0
        add(id(v))
        n = getsizeof(v)
        t = type(v)
        if d == 0 or t in leaves or isinstance(v, (str, bytes, int, float, bool)):
            return n
        d -= 1
        if isinstance(v, (tuple, list, set, frozenset)):
            items: Iterable[object] = v
        elif isinstance(v, dict):
            items = [y for kv in v.items() for y in kv]
        else:
            items = _slot_values(v, t)
            attrs = getattr(v, "__dict__", None)
            if isinstance(attrs, dict):
                items.append(attrs)
        for x in items:
            if type(x) in leaves:
                i = id(x)
                if i not in seen:
                    add(i)
                    n += getsizeof(x)
            else:
                n += size(x, d)
        return n

    return size(value, depth)


class Scanned:
    """One text's findings, and what the pipeline derived from them (the policy's judgement,
    the rewritten text), kept as long as the findings are: a conversation's earlier messages
    are judged once, not once per turn. Derived results are keyed by whatever they depend on
    besides the text (policy, principal, vault); at most `_MAX_DERIVED` per text."""

    __slots__ = ("key", "findings", "size", "_derived", "_derived_size", "_grew")

    def __init__(self, key: bytes, findings: tuple[Finding, ...],
                 grew: Callable[[Scanned, int], None] | None = None) -> None:
        self.key = key
        self.findings = findings
        #: Estimated bytes this entry keeps alive (see `footprint`), derived results included.
        self.size = _ENTRY_BYTES + footprint(findings)
        self._derived: dict[Hashable, object] = {}
        self._derived_size = 0
        #: Told how many bytes the derived results added (or freed): the cache's memory bound.
        self._grew = grew

    def derive(self, token: Hashable, make: Callable[[], T]) -> T:
        """`make()` once per `token` (a race computes it twice, harmlessly: it is pure)."""
        try:
            return self._derived[token]  # type: ignore[return-value]
        except KeyError:
            pass
        value = make()
        # The value, its dict slot and the token's share; the findings are counted in `size` already.
        cost = footprint(value, known=self.findings) + 100
        with _DERIVE_LOCK:
            # Two callers that raced to make the same value: the first one's is kept and counted.
            kept = self._derived.get(token, _MISSING)
            if kept is not _MISSING:
                return kept  # type: ignore[return-value]
            change = cost
            if len(self._derived) >= _MAX_DERIVED:
                self._derived.clear()
                change -= self._derived_size
                self._derived_size = 0
            self._derived[token] = value
            # Exactly what `_derived` now holds: a clear takes back all of it, no more, no less.
            self._derived_size += cost
        if self._grew is not None:
            self._grew(self, change)
        return value


@dataclass(frozen=True, slots=True)
class _Entry:
    scanned: Scanned
    expires: float


class RedisScanResults:
    """Scan results shared by the nodes of a cluster, in Redis, expiring."""

    def __init__(self, client: Any, *, prefix: str, ttl_seconds: int = 600) -> None:
        self._redis = client
        self._prefix = prefix
        self._ttl = ttl_seconds

    def cluster_key(self) -> bytes:
        """The cluster's hashing key: made by the first node, read by the others."""
        name = f"{self._prefix}:scan-key"
        self._redis.set(name, secrets.token_bytes(32), nx=True)
        key = self._redis.get(name)
        assert isinstance(key, bytes) and len(key) == 32
        return key

    def get(self, key: bytes, text: str) -> tuple[Finding, ...] | None:
        raw = self._redis.get(f"{self._prefix}:scan:{key.hex()}")
        if raw is None:
            return None
        try:
            return tuple(
                Finding(entity=e, start=s, end=t, text=text[s:t], score=sc, detector=d,
                        metadata=tuple((str(k), str(v)) for k, v in meta))
                for e, s, t, sc, d, meta in json.loads(raw) if 0 <= s < t <= len(text)
            )
        except (ValueError, TypeError):
            return None  # unreadable: scan again

    def put(self, key: bytes, findings: tuple[Finding, ...]) -> None:
        rows = [[f.entity, f.start, f.end, f.score, f.detector, [list(m) for m in f.metadata]] for f in findings]
        self._redis.set(f"{self._prefix}:scan:{key.hex()}", json.dumps(rows), ex=self._ttl)


class ScanCache:
    def __init__(self, scanner: Scanner, *, max_entries: int = 20_000, max_bytes: int = 16 * 1024 * 1024,
                 ttl_seconds: float = 600.0, min_shared_chars: int = 64, shared: RedisScanResults | None = None,
                 version: str = "") -> None:
        self._scanner = scanner
        self._shared = shared
        self._version = version.encode()
        self._key = shared.cluster_key() if shared is not None else secrets.token_bytes(32)
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._ttl = ttl_seconds
        #: Short texts (the URL path, the JSON keys of every request) are remembered here, where a
        #: hit costs a hash (a scan has a fixed cost of ~0.4 ms, however short the text), but are
        #: not sent to Redis: a round trip would cost as much as the scan.
        self._min_shared_chars = min_shared_chars
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        #: Estimated bytes of every entry (`Scanned.size`), kept within `max_bytes`.
        self._bytes = 0
        self._lock = threading.Lock()
        self._inflight: dict[bytes, threading.Event] = {}
        self.hits = 0
        self.misses = 0
        #: Found in the shared results (another node scanned the text).
        self.shared_hits = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def memory(self) -> int:
        """Estimated bytes the entries keep alive (bounded by `max_bytes`)."""
        return self._bytes

    def findings(self, text: str) -> tuple[Finding, ...]:
        """The findings of `text`, scanned now or remembered from an earlier turn."""
        return self.lookup(text).findings

    def lookup(self, text: str) -> Scanned:
        """`text` scanned now or remembered, with what was derived from it before."""
        key = hashlib.blake2b(self._version + b"\x00" + text.encode("utf-8", "surrogatepass"), key=self._key,
                              digest_size=16).digest()
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.expires > now:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry.scanned
            pending = self._inflight.get(key)
            if pending is None:
                self._inflight[key] = threading.Event()
        if pending is not None:
            # The same text is being scanned now (an answer scanned ahead, a retried request):
            # wait for that scan rather than doing it twice; scan here if it failed.
            with released():  # the scanning thread may need the turn to finish
                pending.wait(30)
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None:
                    self.hits += 1
                    return entry.scanned
            return Scanned(key, self._scanner.scan(text).findings)
        try:
            return self._scan_and_store(key, text, now)
        finally:
            with self._lock:
                done = self._inflight.pop(key, None)
            if done is not None:
                done.set()

    def _scan_and_store(self, key: bytes, text: str, now: float) -> Scanned:
        shared = self._shared is not None and len(text) >= self._min_shared_chars
        findings = self._shared_findings(key, text) if shared else None
        scanned = findings is None
        if findings is None:
            findings = self._scanner.scan(text).findings  # outside the lock: scans run in parallel
            if shared:
                self._put_shared(key, findings)
        result = Scanned(key, findings, self._grew)
        with self._lock:
            if scanned:
                self.misses += 1
            else:
                self.shared_hits += 1
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.scanned.size
            self._entries[key] = _Entry(result, now + self._ttl)
            self._bytes += result.size
            self._evict()
        return result

    def _grew(self, scanned: Scanned, change: int) -> None:
        """An entry's derived results grew (or were cleared): count them, evict if over."""
        with self._lock:
            scanned.size += change
            entry = self._entries.get(scanned.key)
            if entry is not None and entry.scanned is scanned:
                self._bytes += change
                self._evict()

    def _evict(self) -> None:
        """Oldest first, until within both bounds (the newest entry stays even when it alone is over)."""
        while len(self._entries) > 1 and (len(self._entries) > self._max_entries or self._bytes > self._max_bytes):
            _, gone = self._entries.popitem(last=False)
            self._bytes -= gone.scanned.size

    def _shared_findings(self, key: bytes, text: str) -> tuple[Finding, ...] | None:
        if self._shared is None:
            return None
        try:
            with released():  # a network round trip: no CPU
                return self._shared.get(key, text)
        except Exception:  # Redis down: scan here (never unscanned)
            return None

    def _put_shared(self, key: bytes, findings: tuple[Finding, ...]) -> None:
        assert self._shared is not None
        try:
            with released():
                self._shared.put(key, findings)
        except Exception:  # Redis down: the result stays local
            pass
