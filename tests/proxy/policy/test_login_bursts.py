"""Proxy logins sent side by side: each meets the failure count one at a time, so a burst of
guesses costs the lockout a sequence of them would (found by the second attack probe)."""

from __future__ import annotations

import base64
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from proxy.policy import principals
from proxy.policy.principals import Identifier, IdentitySettings, LoginThrottle, UserEntry, hash_password

_USERS = {"t.wang": UserEntry(role="teacher", stage="primary", password_hash=hash_password("correct horse"))}
_BURST = 12


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_a_burst_of_wrong_passwords_checks_no_more_passwords_than_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every password check waits for the whole burst to be checking at once; when the checks
    # are taken one at a time the barrier breaks instead, and the first check fails.
    together = threading.Barrier(_BURST, timeout=1)
    checked: list[str] = []

    def verify(password: str, stored: str | None) -> bool:
        checked.append(password)
        try:
            together.wait()
        except threading.BrokenBarrierError:
            pass
        return False

    monkeypatch.setattr(principals, "verify_password_or_dummy", verify)
    ident = Identifier(IdentitySettings(), _USERS, throttle=LoginThrottle(user_limit=5, address_limit=1000))
    with ThreadPoolExecutor(_BURST) as pool:
        answers = list(pool.map(
            lambda n: ident.identify(client="10.0.0.9", proxy_authorization=_basic("t.wang", f"guess{n}"), headers={}),
            range(_BURST)))
    assert all(a.principal is None for a in answers)
    assert len(checked) == 5
    assert sum(a.retry_after > 0 for a in answers) == _BURST - 5


class CountingStore(principals.MemoryFailures):
    def __init__(self) -> None:
        super().__init__(1000)
        self.calls = 0

    def get(self, key, now, window):  # type: ignore[no-untyped-def]
        self.calls += 1
        return super().get(key, now, window)


def test_a_credential_verified_before_passes_a_lockout_and_skips_the_shared_store() -> None:
    store = CountingStore()
    ident = Identifier(IdentitySettings(), _USERS, throttle=LoginThrottle(user_limit=3, address_limit=1000, store=store))
    owner = _basic("t.wang", "correct horse")
    assert ident.identify(client="10.0.0.9", proxy_authorization=owner, headers={}).principal is not None
    calls = store.calls
    for n in range(5):  # someone else guesses the name into a lockout
        assert ident.identify(client="10.0.0.66", proxy_authorization=_basic("t.wang", f"guess{n}"),
                              headers={}).principal is None
    assert ident.identify(client="10.0.0.66", proxy_authorization=_basic("t.wang", "guess9"), headers={}).retry_after > 0
    # The owner, whose password this process has verified, keeps working, without asking the store.
    calls = store.calls
    assert ident.identify(client="10.0.0.9", proxy_authorization=owner, headers={}).principal is not None
    assert store.calls == calls
    # A process that has not seen the password verified still refuses it during the lockout.
    fresh = Identifier(IdentitySettings(), _USERS, throttle=ident.throttle)
    assert fresh.identify(client="10.0.0.9", proxy_authorization=owner, headers={}).retry_after > 0
