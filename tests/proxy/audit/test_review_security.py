"""Issue 11, the review page's admin surface, one regression test per finding:
CSRF tokens on every form, logout by POST only, a strict CSP, `Secure` cookies
behind TLS, clean 400s for bad parameters, throttled logins that cost the same
whether the user exists. Plain HTTP on port 0, no browser."""

from __future__ import annotations

import http.client
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from proxy.audit.chain import load_or_create_signer
from proxy.audit.review import CSP, ReviewServer
from proxy.audit.sqlite_store import SqliteAuditStore
from proxy.policy.principals import LoginThrottle, hash_password

PASSWORD = "review-pass-1"


@pytest.fixture(scope="module")
def reviewer_hash() -> str:
    return hash_password(PASSWORD)


def _server(tmp: Path, reviewer_hash: str, **kw: object) -> Iterator[ReviewServer]:
    store = SqliteAuditStore(tmp / "audit.sqlite", chain="node-a", signer=load_or_create_signer(tmp / "k.pem"))
    store.append({"time": "2026-11-20T10:00:00", "service": "deepseek", "action": "block", "principal": {"role": "teacher"},
                  "findings": [], "rule_ids": ["r"], "request_id": "r0"})
    server = ReviewServer(lambda: store, {"inspector": reviewer_hash}, "127.0.0.1", 0, **kw)  # type: ignore[arg-type]
    server.start()
    yield server
    server.stop()
    store.close()


@pytest.fixture()
def review(tmp_path: Path, reviewer_hash: str) -> Iterator[ReviewServer]:
    yield from _server(tmp_path, reviewer_hash)


class Client:
    """A tiny cookie-keeping HTTP client, to see exactly what the server answers."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None,
                headers: dict[str, str] | None = None, body: bytes | None = None) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        hdrs = {"cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            hdrs["content-type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        text = resp.read().decode("utf-8")
        for value in resp.headers.get_all("set-cookie") or []:
            name, _, rest = value.partition("=")
            val = rest.split(";", 1)[0]
            if "Max-Age=0" in value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = val
        conn.close()
        return resp.status, {k.lower(): v for k, v in resp.headers.items()}, text

    def login_form(self) -> str:
        status, _, page = self.request("GET", "/login")
        assert status == 200
        found = re.search(r"name=csrf value='([^']+)'", page)
        assert found is not None
        return found.group(1)

    def login(self, user: str = "inspector", password: str = PASSWORD) -> int:
        return self.request("POST", "/login", {"csrf": self.login_form(), "user": user, "password": password})[0]

    def page_csrf(self) -> str:
        status, _, page = self.request("GET", "/")
        assert status == 200
        found = re.search(r"name=csrf value='([^']+)'", page)
        assert found is not None
        return found.group(1)


def test_a_reviewer_logs_in_with_the_forms_token_and_sees_the_report(review: ReviewServer) -> None:
    c = Client(review.port)
    assert c.login() == 303
    status, _, page = c.request("GET", "/")
    assert status == 200 and "AI 使用与隐私保护审计报告" in page and "共 1 条" in page


CSRF_CASES = [
    ("no token", lambda c: {"user": "inspector", "password": PASSWORD}),
    ("a token of its own", lambda c: {"csrf": "x.1.y", "user": "inspector", "password": PASSWORD}),
]


@pytest.mark.parametrize("form", [f for _, f in CSRF_CASES], ids=[n for n, _ in CSRF_CASES])
def test_a_login_without_the_forms_csrf_token_is_refused(review: ReviewServer, form: object) -> None:
    c = Client(review.port)
    c.login_form()  # has the cookie, as a browser tricked by another site would
    status, _, _ = c.request("POST", "/login", form(c))  # type: ignore[operator]
    assert status == 403 and "review_session" not in c.cookies


def test_a_login_token_from_another_browser_is_refused(review: ReviewServer) -> None:
    attacker, victim = Client(review.port), Client(review.port)
    token = attacker.login_form()
    victim.login_form()
    assert victim.request("POST", "/login", {"csrf": token, "user": "inspector", "password": PASSWORD})[0] == 403


def test_logout_is_post_only_and_needs_the_sessions_token(review: ReviewServer) -> None:
    c = Client(review.port)
    assert c.login() == 303
    status, headers, _ = c.request("GET", "/logout")
    assert status == 405 and headers["allow"] == "POST"
    assert c.request("POST", "/logout", {"csrf": "wrong"})[0] == 403
    assert c.request("GET", "/")[0] == 200  # still logged in
    assert c.request("POST", "/logout", {"csrf": c.page_csrf()})[0] == 303
    assert c.request("GET", "/")[0] == 303  # logged out


@pytest.mark.parametrize("path", ["/login", "/", "/record?chain=node-a&seq=1", "/?page=abc"],
                         ids=["login page", "report", "record", "an error"])
def test_every_answer_carries_a_strict_content_security_policy(review: ReviewServer, path: str) -> None:
    c = Client(review.port)
    assert c.login() == 303
    _, headers, _ = c.request("GET", path)
    assert headers["content-security-policy"] == CSP
    assert "default-src 'none'" in CSP and "script-src" not in CSP and "frame-ancestors 'none'" in CSP
    assert headers["x-content-type-options"] == "nosniff"


def test_cookies_are_secure_when_served_behind_tls(tmp_path: Path, reviewer_hash: str) -> None:
    for server in _server(tmp_path, reviewer_hash, secure_cookies=True):
        c = Client(server.port)
        _, headers, _ = c.request("GET", "/login")
        assert "; Secure" in headers["set-cookie"]
        status, headers, _ = c.request("POST", "/login", {"csrf": c.cookies["review_login"], "user": "inspector",
                                                          "password": PASSWORD})
        assert status == 303 and "review_session=" in headers["set-cookie"] and "; Secure" in headers["set-cookie"]


def test_cookies_are_not_marked_secure_on_plain_http_by_default(review: ReviewServer) -> None:
    _, headers, _ = Client(review.port).request("GET", "/login")
    assert "Secure" not in headers["set-cookie"] and "HttpOnly" in headers["set-cookie"]


BAD_PARAMETERS = [
    ("page not a number", "/?page=abc"),
    ("negative page", "/?page=-1"),
    ("huge page", "/?page=99999999999999"),
    ("from not a time", "/?from=yesterday"),
    ("markup in to", "/?to=%3Cscript%3E"),
    ("seq not a number", "/record?chain=node-a&seq=x"),
    ("record without seq", "/record?chain=node-a"),
    ("control character in a filter", "/?service=a%00b"),
]


@pytest.mark.parametrize("path", [p for _, p in BAD_PARAMETERS], ids=[n for n, _ in BAD_PARAMETERS])
def test_bad_parameters_get_a_clean_400_not_a_dropped_connection(review: ReviewServer, path: str) -> None:
    c = Client(review.port)
    assert c.login() == 303
    status, _, body = c.request("GET", path)
    assert status == 400 and "Traceback" not in body
    assert c.request("GET", "/?page=0")[0] == 200  # the server is still there


def test_bad_form_requests_get_clean_errors(review: ReviewServer) -> None:
    c = Client(review.port)
    assert c.request("POST", "/login", headers={"content-length": "abc"}, body=b"")[0] == 400
    assert c.request("POST", "/login", body=b"x" * 10_000)[0] == 413


def test_five_wrong_passwords_lock_the_user_out_even_for_the_right_one(review: ReviewServer) -> None:
    c = Client(review.port)
    for _ in range(5):
        assert c.login(password="guess") == 401
    status, headers, page = c.request("POST", "/login", {"csrf": c.login_form(), "user": "inspector", "password": PASSWORD})
    assert status == 429 and int(headers["retry-after"]) >= 1 and "尝试次数过多" in page
    assert "review_session" not in c.cookies


def test_guessing_from_one_address_locks_the_address_out_for_other_names(review: ReviewServer) -> None:
    review.throttle = LoginThrottle(user_limit=100, address_limit=3)
    c = Client(review.port)
    for i in range(3):
        assert c.login(user=f"someone-{i}", password="guess") == 401
    assert c.login() == 429


def test_an_unknown_user_name_costs_as_much_as_a_known_one(review: ReviewServer,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown name is checked against a dummy hash: the same work as a known one."""
    import proxy.policy.principals as principals

    review.throttle = LoginThrottle(user_limit=1000, address_limit=1000)
    calls: list[str] = []
    real = principals.verify_password
    monkeypatch.setattr(principals, "verify_password", lambda pw, stored: calls.append(stored[:6]) or real(pw, stored))
    c = Client(review.port)
    assert c.login(user="inspector", password="wrong") == 401
    assert c.login(user="nobody-at-all", password="wrong") == 401
    assert len(calls) == 2 and calls[0] == calls[1]
