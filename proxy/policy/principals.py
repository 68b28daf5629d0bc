"""Who is asking: principals, the users file (password hashes only) and
identification by proxy authentication, client address range or SSO header.

Theory of operation: the configured methods are tried in order; the first that
recognises the request names the principal. Wrong proxy credentials are an
error (407), never a silent fall-through; anyone unidentified is the
configured default principal, which is the strictest by default.

Password checks cost the same whether the user exists (an unknown name is
checked against a dummy hash) and are throttled per user name and per client
address (`LoginThrottle`, shared with the review page's login). They run scrypt:
callers on an event loop run `Identifier.identify` in a worker thread.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import ConfigDict, Field, field_validator

from proxy.policy.loading import StrictModel
from proxy.policy.vocabulary import Role, Stage

__all__ = [
    "Principal", "PrincipalSpec", "UserEntry", "UsersFile", "AddressRange", "SsoSettings", "IdentitySettings",
    "Identifier", "Identified", "hash_password", "verify_password", "verify_password_or_dummy", "LoginThrottle",
    "Failures", "FailureStore", "MemoryFailures",
    "parse_as",
]


@dataclass(frozen=True, slots=True)
class Principal:
    role: Role
    stage: Stage | None = None
    school: str | None = None
    grade: int | None = None
    class_name: str | None = None
    user: str | None = None  # user id; the audit keeps only a keyed hash of it
    source: str = "default"  # proxy_auth | address:<range id> | sso | default | explain

    def label(self) -> str:
        parts = [self.role + (f"@{self.stage}" if self.stage else "")]
        if self.grade is not None:
            parts.append(f"grade {self.grade}")
        if self.class_name:
            parts.append(f"class {self.class_name}")
        return ", ".join(parts)


class PrincipalSpec(StrictModel):
    """Role, stage and optional school, grade and class."""

    role: Role
    stage: Stage | None = None
    school: str | None = None
    grade: int | None = Field(default=None, ge=1, le=12)
    class_name: str | None = Field(default=None, alias="class")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def principal(self, *, user: str | None = None, source: str) -> Principal:
        return Principal(self.role, self.stage, self.school, self.grade, self.class_name, user, source)


class UserEntry(PrincipalSpec):
    password_hash: str = Field(description="from `privacy-guard hash-password`, or a bcrypt $2b$ hash")

    @field_validator("password_hash")
    @classmethod
    def _known_scheme(cls, v: str) -> str:
        if not (v.startswith("scrypt$") or v.startswith(("$2a$", "$2b$", "$2y$"))):
            raise ValueError("expected a hash from `privacy-guard hash-password` (scrypt$…) or bcrypt ($2b$…), never a plain password")
        return v


class UsersFile(StrictModel):
    users: dict[str, UserEntry]


class AddressRange(PrincipalSpec):
    id: str
    cidr: tuple[str, ...] = Field(min_length=1)

    @field_validator("cidr")
    @classmethod
    def _networks(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for net in v:
            ipaddress.ip_network(net, strict=False)
        return v


class SsoSettings(StrictModel):
    """A header set by a single-sign-on gateway, e.g. `X-School-User: role=teacher;stage=primary;user=t001`,
    trusted only when the request comes from one of `trusted_from`."""

    header: str = "X-School-User"
    trusted_from: tuple[str, ...] = Field(min_length=1)

    @field_validator("trusted_from")
    @classmethod
    def _networks(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for net in v:
            ipaddress.ip_network(net, strict=False)
        return v


class IdentitySettings(StrictModel):
    order: tuple[Literal["proxy_auth", "address", "sso"], ...] = ("proxy_auth", "address", "sso")
    users_file: str | None = None
    #: Ask browsers for credentials (407) when none were sent and no other method matched.
    require_proxy_auth: bool = False
    address_ranges: tuple[AddressRange, ...] = ()
    sso: SsoSettings | None = None
    #: Anyone unidentified: by default the strictest principal, a primary-school guest.
    default: PrincipalSpec = PrincipalSpec(role="guest", stage="primary")


# -- password hashes ---------------------------------------------------------

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    if stored.startswith("scrypt$"):
        try:
            _, n, r, p, salt, digest = stored.split("$")
            got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                                 dklen=len(digest) // 2)
        except ValueError:
            return False
        return hmac.compare_digest(got.hex(), digest)
    import bcrypt

    try:
        return bool(bcrypt.checkpw(password.encode(), stored.encode()))
    except ValueError:
        return False


_dummy_hash: str | None = None


def verify_password_or_dummy(password: str, stored: str | None) -> bool:
    """`verify_password`, or, for an unknown user (`stored` None), the same work against a
    dummy hash and False: the answer's timing does not tell which user names exist."""
    global _dummy_hash
    if stored is None:
        if _dummy_hash is None:
            _dummy_hash = hash_password(secrets.token_urlsafe(16))
        verify_password(password, _dummy_hash)
        return False
    return verify_password(password, stored)


# -- throttling ----------------------------------------------------------------


@dataclass(slots=True)
class Failures:
    """Failed logins under one key: how many, the last one and the lockout's end (clock seconds)."""

    count: int
    last: float
    locked_until: float

    def alive(self, now: float, window: float) -> bool:
        """Still counted: a lockout runs, or the last failure is within `window` seconds."""
        return now < self.locked_until or now - self.last <= window


class FailureStore(Protocol):
    """Where `LoginThrottle` keeps its counts. Each call is atomic. Keys are
    `u:<name>` and `a:<address>`; a shared store keeps them only as keyed hashes.
    Implementations: `MemoryFailures` (this process), and in `proxy.pipeline.counters`
    a SQLite file for the workers of one box and Redis for several nodes."""

    def get(self, key: str, now: float, window: float) -> Failures | None:
        """The key's live failures, or None."""
        ...

    def add_failure(self, key: str, now: float, window: float) -> int:
        """Count one failure at `now` (a dead entry starts again at 1); returns the new count."""
        ...

    def lock(self, key: str, now: float, until: float, window: float) -> None:
        """Lock the key from `now` until `until` (a longer running lockout is kept)."""
        ...

    def clear(self, key: str) -> None:
        ...


class MemoryFailures:
    """Counts in this process, bounded (`max_entries`, oldest dropped first). Thread-safe."""

    def __init__(self, max_entries: int = 100_000) -> None:
        self._entries: OrderedDict[str, Failures] = OrderedDict()
        self._cap = max_entries
        self._lock = threading.Lock()

    def _live(self, key: str, now: float, window: float) -> Failures | None:
        entry = self._entries.get(key)
        if entry is not None and not entry.alive(now, window):
            del self._entries[key]
            return None
        return entry

    def get(self, key: str, now: float, window: float) -> Failures | None:
        with self._lock:
            entry = self._live(key, now, window)
            return None if entry is None else Failures(entry.count, entry.last, entry.locked_until)

    def add_failure(self, key: str, now: float, window: float) -> int:
        with self._lock:
            entry = self._live(key, now, window) or Failures(0, now, 0.0)
            entry.count += 1
            entry.last = now
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self._cap:
                self._entries.popitem(last=False)
            return entry.count

    def lock(self, key: str, now: float, until: float, window: float) -> None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                entry.locked_until = max(entry.locked_until, until)

    def clear(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)


#: Locks that serialise the password checks of one user name (see `LoginThrottle.turn`).
_TURN_STRIPES = 64


class LoginThrottle:
    """Failed logins counted per user name and per client address.

    Theory of operation: after `user_limit` failures for a name (or `address_limit`
    from an address — higher, since a school's NAT puts many people behind one
    address) every further attempt is refused without checking the password, for
    `base_lockout` seconds doubling with each further failure, up to `max_lockout`
    (15 minutes). Failures are forgotten `window` seconds after the last one once no
    lockout runs; a success clears the name's count. Unknown names are counted like
    known ones, so lockouts reveal nothing either. A caller holds `turn(user)` from
    `check` to `failure`/`success`: otherwise attempts sent side by side all pass
    `check` while the first password is still being hashed, and a burst of a hundred
    guesses costs one lockout instead of twenty. The counts live in a
    `FailureStore`: this process's memory by default; the worker processes of a box
    (or the nodes of a cluster) share one store, so guessing across workers counts once.
    A shared store needs a clock all its users agree on (`time.time`). Thread-safe.
    """

    def __init__(self, *, user_limit: int = 5, address_limit: int = 20, base_lockout: float = 30.0,
                 max_lockout: float = 900.0, window: float = 900.0, max_entries: int = 100_000,
                 clock: Callable[[], float] = time.monotonic, store: FailureStore | None = None) -> None:
        self.user_limit, self.address_limit = user_limit, address_limit
        self._base, self._max, self._window = base_lockout, max_lockout, window
        self._clock = clock
        self._store: FailureStore = store if store is not None else MemoryFailures(max_entries)
        self._turns = tuple(threading.Lock() for _ in range(_TURN_STRIPES))

    def turn(self, user: str) -> threading.Lock:
        """The lock that takes one name's attempts in this process one at a time (striped by name:
        bounded, and another name rarely waits on it). Other processes sharing the store each add
        at most one attempt in flight."""
        return self._turns[hash(user) % _TURN_STRIPES]

    def check(self, user: str, address: str) -> float:
        """Seconds until `user` from `address` may try again; 0.0 means: check the password now."""
        now = self._clock()
        waits = [e.locked_until - now for k in (f"u:{user}", f"a:{address}")
                 if (e := self._store.get(k, now, self._window)) is not None]
        return max([0.0, *waits])

    def failure(self, user: str, address: str) -> float:
        """Count a failed attempt; returns the lockout it starts (0.0 if none)."""
        now = self._clock()
        longest = 0.0
        for key, limit in ((f"u:{user}", self.user_limit), (f"a:{address}", self.address_limit)):
            count = self._store.add_failure(key, now, self._window)
            if count >= limit:
                lockout = min(self._max, self._base * 2 ** (count - limit))
                self._store.lock(key, now, now + lockout, self._window)
                longest = max(longest, lockout)
        return longest

    def success(self, user: str, address: str) -> None:
        """A correct password: the name's failures are forgotten (the address's decay with time)."""
        self._store.clear(f"u:{user}")


# -- identification ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Identified:
    principal: Principal | None
    #: Set when the request must be answered 407 (missing or wrong credentials).
    challenge: str | None = None
    #: Set with a challenge when the user or address is locked out: seconds until it may try again.
    retry_after: float = 0.0


def _credential_key(user: str, password: str) -> tuple[str, str]:
    return user, hashlib.sha256(password.encode()).hexdigest()


def _basic_credentials(header: str) -> tuple[str, str] | None:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, sep, password = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (user, password) if sep else None


def _parse_sso(value: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in value.split(";"):
        k, sep, v = part.partition("=")
        if sep:
            out[k.strip().lower()] = v.strip()
    return out


#: Bounds of `Identifier._trusted` (forgetting a trusted credential costs one throttled check).
_TRUSTED_ADDRESSES = 10_000
_TRUSTED_PER_ADDRESS = 64


class Identifier:
    """Names the principal of a request. `identify` may run scrypt (once per user and
    password): call it from a worker thread when on an event loop. Pass the previous
    identifier's `throttle` on a configuration reload so lockouts survive it."""

    def __init__(self, settings: IdentitySettings, users: dict[str, UserEntry], *,
                 throttle: LoginThrottle | None = None) -> None:
        self._s = settings
        self._users = users
        self.throttle = throttle if throttle is not None else LoginThrottle()
        self._ranges = [
            (tuple(ipaddress.ip_network(c, strict=False) for c in r.cidr), r) for r in settings.address_ranges
        ]
        self._sso_trusted = (
            tuple(ipaddress.ip_network(c, strict=False) for c in settings.sso.trusted_from) if settings.sso else ()
        )
        # Verified credentials, so scrypt runs once per user/password, not per request.
        self._verified: dict[tuple[str, str], bool] = {}
        #: Per client address, the credentials the throttle let through and scrypt accepted from it:
        #: accepted again from that address without the throttle, until a failed attempt from there.
        #: A lockout then still holds for everyone else: were a credential accepted from any address
        #: during a lockout, a guess there would answer "right" or "locked", an oracle as fast as the
        #: attacker could send (see `_trusted_from`).
        self._trusted: OrderedDict[str, set[tuple[str, str]]] = OrderedDict()
        self._trusted_lock = threading.Lock()
        # The principal of an address never changes while these settings hold: parsed and matched
        # once per address (bounded), not on every request.
        self._by_address_seen: dict[str, Principal | None] = {}
        self._default = settings.default.principal(source="default")

    def identify(self, *, client: str, proxy_authorization: str | None, headers: dict[str, str]) -> Identified:
        for method in self._s.order:
            if method == "proxy_auth" and proxy_authorization:
                return self._by_credentials(proxy_authorization, client)
            if method == "address":
                found = self._by_address(client)
                if found is not None:
                    return Identified(found)
            if method == "sso" and self._s.sso is not None:
                found = self._by_sso(client, headers)
                if found is not None:
                    return Identified(found)
        if self._s.require_proxy_auth:
            return Identified(None, challenge="proxy authentication required")
        return Identified(self._default)

    def _by_credentials(self, header: str, client: str) -> Identified:
        creds = _basic_credentials(header)
        if creds is None:
            return Identified(None, challenge="malformed Proxy-Authorization header")
        user, password = creds
        entry = self._users.get(user)
        if entry is not None and self._trusted_from(client, _credential_key(user, password)):
            # Verified before from this address, and nobody there has failed since: no guess, so no
            # throttle (no shared-store round trips per request, and a lockout someone elsewhere
            # started by guessing does not lock the owner out).
            return Identified(entry.principal(user=user, source="proxy_auth"))
        with self.throttle.turn(user):
            return self._checked_credentials(user, password, client)

    def _trusted_from(self, client: str, key: tuple[str, str]) -> bool:
        with self._trusted_lock:
            known = self._trusted.get(client)
            return known is not None and key in known

    def _trust(self, client: str, key: tuple[str, str]) -> None:
        with self._trusted_lock:
            known = self._trusted.pop(client, None) or set()
            if len(known) >= _TRUSTED_PER_ADDRESS:
                known.clear()
            known.add(key)
            self._trusted[client] = known
            while len(self._trusted) > _TRUSTED_ADDRESSES:
                self._trusted.popitem(last=False)

    def _distrust(self, client: str) -> None:
        """A failed or refused attempt from `client`: whoever is there may be guessing, so every credential
        from there meets the throttle again (a right guess during a lockout is refused like a wrong one)."""
        with self._trusted_lock:
            self._trusted.pop(client, None)

    def _checked_credentials(self, user: str, password: str, client: str) -> Identified:
        wait = self.throttle.check(user, client)
        if wait > 0:
            # Refused without checking the password: guessing on during a lockout teaches nothing.
            # Nor may a right guess from an address that held a trusted credential: distrust it too.
            self._distrust(client)
            return Identified(None, challenge="too many failed attempts; try again later", retry_after=wait)
        entry = self._users.get(user)
        key = _credential_key(user, password)
        ok = self._verified.get(key)
        if ok is None:
            # An unknown user costs the same scrypt as a known one (a dummy hash).
            ok = verify_password_or_dummy(password, entry.password_hash if entry is not None else None)
            if len(self._verified) > 10_000:
                self._verified.clear()
            self._verified[key] = ok
        if not ok or entry is None:
            self._distrust(client)
            self.throttle.failure(user, client)
            return Identified(None, challenge="unknown user or wrong password")
        self.throttle.success(user, client)
        self._trust(client, key)
        return Identified(entry.principal(user=user, source="proxy_auth"))

    def _by_address(self, client: str) -> Principal | None:
        try:
            return self._by_address_seen[client]
        except KeyError:
            pass
        found = self._match_address(client)
        if len(self._by_address_seen) >= 4096:
            self._by_address_seen.clear()
        self._by_address_seen[client] = found
        return found

    def _match_address(self, client: str) -> Principal | None:
        try:
            addr = ipaddress.ip_address(client)
        except ValueError:
            return None
        for nets, spec in self._ranges:
            if any(addr in n for n in nets):
                return spec.principal(source=f"address:{spec.id}")
        return None

    def _by_sso(self, client: str, headers: dict[str, str]) -> Principal | None:
        assert self._s.sso is not None
        value = headers.get(self._s.sso.header.lower())
        if not value:
            return None
        try:
            addr = ipaddress.ip_address(client)
        except ValueError:
            return None
        if not any(addr in n for n in self._sso_trusted):
            return None  # a header from anywhere else is ignored, never trusted
        fields = _parse_sso(value)
        try:
            spec = PrincipalSpec.model_validate(
                {k: v for k, v in fields.items() if k in ("role", "stage", "school", "grade", "class")}
            )
        except ValueError:
            return None
        return spec.principal(user=fields.get("user"), source="sso")


def parse_as(value: str) -> Principal:
    """`teacher@primary`, `student@lower_secondary/8/8-3` (role@stage/grade/class) for `explain --as`;
    anything else is a one-line `ConfigError` naming what was expected."""
    from detectors.errors import ConfigError
    from proxy.policy.vocabulary import ROLES, STAGES

    who, _, rest = value.partition("@")
    stage, *more = rest.split("/") if rest else [None]
    hint = (f"--as {value}: 身份写法应为 角色@学段/年级/班级 (role@stage/grade/class)，如 teacher@primary 或 student@lower_secondary/8/8-3"
            f"（角色：{'、'.join(ROLES)}；学段：{'、'.join(STAGES)}；年级：1–12）")
    try:
        spec = PrincipalSpec.model_validate(
            {"role": who, "stage": stage or None, "grade": int(more[0]) if more and more[0] else None,
             "class": more[1] if len(more) > 1 else None}
        )
    except ValueError:  # pydantic's ValidationError is a ValueError, and so is int("x")
        raise ConfigError(hint) from None
    return spec.principal(source="explain")
