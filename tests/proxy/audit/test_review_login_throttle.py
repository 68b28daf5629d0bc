"""Issue 11, logins: the throttle (per user name and per address, exponential
lockout up to 15 minutes), constant-time answers for unknown user names, and
proxy authentication that can run off the event loop."""

from __future__ import annotations

import base64

import pytest

from proxy.policy.principals import (
    IdentitySettings,
    Identifier,
    LoginThrottle,
    MemoryFailures,
    UserEntry,
    hash_password,
    verify_password_or_dummy,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _throttle(clock: Clock, **kw: float) -> LoginThrottle:
    return LoginThrottle(clock=clock, **kw)  # type: ignore[arg-type]


def test_five_failures_lock_the_user_out_for_thirty_seconds() -> None:
    clock = Clock()
    t = _throttle(clock)
    for _ in range(4):
        assert t.failure("u", "10.0.0.1") == 0.0
    assert t.check("u", "10.0.0.2") == 0.0
    assert t.failure("u", "10.0.0.1") == 30.0
    assert t.check("u", "10.0.0.9") == 30.0  # the name is locked, from anywhere
    clock.now += 30
    assert t.check("u", "10.0.0.9") == 0.0


def test_the_lockout_doubles_with_each_further_failure_up_to_fifteen_minutes() -> None:
    clock = Clock()
    t = _throttle(clock, address_limit=1000)
    lockouts = [t.failure("u", "a") for _ in range(12)]
    assert lockouts[4:10] == [30, 60, 120, 240, 480, 900]
    assert max(lockouts) == 900


def test_failures_are_forgotten_after_the_window_and_a_success_clears_the_name() -> None:
    clock = Clock()
    t = _throttle(clock)
    for _ in range(4):
        t.failure("u", "a")
    clock.now += 901
    assert t.failure("u", "a") == 0.0  # counting starts again
    for _ in range(3):
        t.failure("u", "a")
    t.success("u", "a")
    assert t.failure("u", "a") == 0.0


def test_an_address_guessing_many_names_is_locked_out() -> None:
    clock = Clock()
    t = _throttle(clock, address_limit=20)
    for i in range(19):
        assert t.failure(f"name-{i}", "10.0.0.1") == 0.0
    assert t.failure("name-19", "10.0.0.1") == 30.0
    assert t.check("anyone", "10.0.0.1") == 30.0
    assert t.check("anyone", "10.0.0.2") == 0.0


def test_unknown_and_known_names_are_throttled_alike_and_memory_is_bounded() -> None:
    clock = Clock()
    store = MemoryFailures(max_entries=50)
    t = LoginThrottle(clock=clock, store=store)
    for i in range(1000):
        t.failure(f"spray-{i}", f"10.{i // 250}.{i % 250}.1")
    assert len(store._entries) <= 50


def _identifier(throttle: LoginThrottle | None = None) -> Identifier:
    users = {"t001": UserEntry(role="teacher", stage="primary", password_hash=hash_password("correct horse"))}
    return Identifier(IdentitySettings(require_proxy_auth=True), users, throttle=throttle)


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_proxy_auth_locks_out_after_five_failures_even_for_the_right_password() -> None:
    ident = _identifier()
    for i in range(5):
        got = ident.identify(client="10.0.0.5", proxy_authorization=_basic("t001", f"guess-{i}"), headers={})
        assert got.principal is None and got.challenge == "unknown user or wrong password"
    locked = ident.identify(client="10.0.0.5", proxy_authorization=_basic("t001", "correct horse"), headers={})
    assert locked.principal is None and locked.retry_after > 0 and "too many" in (locked.challenge or "")


def test_the_throttle_survives_a_configuration_reload_when_passed_on() -> None:
    first = _identifier()
    for i in range(5):
        first.identify(client="10.0.0.5", proxy_authorization=_basic("t001", f"g{i}"), headers={})
    reloaded = _identifier(throttle=first.throttle)
    assert reloaded.identify(client="10.0.0.5", proxy_authorization=_basic("t001", "correct horse"), headers={}).retry_after > 0


def test_a_correct_password_identifies_and_clears_the_count() -> None:
    ident = _identifier()
    for i in range(4):
        ident.identify(client="10.0.0.5", proxy_authorization=_basic("t001", f"g{i}"), headers={})
    ok = ident.identify(client="10.0.0.5", proxy_authorization=_basic("t001", "correct horse"), headers={})
    assert ok.principal is not None and ok.principal.user == "t001"
    assert ident.throttle.check("t001", "10.0.0.5") == 0.0


def test_proxy_auth_hashes_a_password_for_an_unknown_user_as_for_a_known_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Equal work, so equal time (timing itself is measured in the benchmarks, not here)."""
    import proxy.policy.principals as principals

    calls: list[str] = []
    real = principals.verify_password
    monkeypatch.setattr(principals, "verify_password", lambda pw, stored: calls.append(stored[:6]) or real(pw, stored))
    ident = _identifier(LoginThrottle(user_limit=10_000, address_limit=10_000))
    ident.identify(client="10.0.0.5", proxy_authorization=_basic("t001", "wrong"), headers={})
    ident.identify(client="10.0.0.5", proxy_authorization=_basic("nobody", "wrong"), headers={})
    assert len(calls) == 2 and calls[0][:6] == calls[1][:6]  # the same hash scheme both times


def test_an_unknown_user_is_checked_against_a_dummy_hash() -> None:
    assert verify_password_or_dummy("anything", None) is False
    assert verify_password_or_dummy("pw", hash_password("pw")) is True
