"""Sessions and tokens that can end, over real HTTP entry points on a real desk (SQLite file and
a throwaway PostgreSQL): sign-out, a password change and disabling end every copy of a cookie;
revoked, expired and disabled tokens stop; read-only tokens only read; timeouts hold."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sushasan.actions import accounts
from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.desk import Desk
from sushasan.desk.trail import events
from sushasan.web import create_app
from sushasan.web.security import COOKIE, LoginThrottle
from tests.web.conftest import NOW, SECRET, csrf_of

PASSWORD = "alice-password-1"
BOSS = "boss-password-1"


@dataclass
class Desked:
    web: FastAPI
    core: Sushasan
    clock: list  # type: ignore[type-arg]  # [datetime], moved by the tests

    def tick(self, **delta: float) -> None:
        self.clock[0] += timedelta(**delta)


@pytest.fixture
def desked(desk: Desk, tmp_path: Path) -> Iterator[Desked]:
    """The dashboard over the desk fixture's database (SQLite or PostgreSQL)."""
    yield from _desked(tmp_path, desk.engine.url.render_as_string(hide_password=False))


@pytest.fixture
def desked_sqlite(tmp_path: Path) -> Iterator[Desked]:
    """The same over an SQLite file only, for tests about the web shell rather than the desk."""
    yield from _desked(tmp_path, None)


def _desked(tmp_path: Path, url: str | None) -> Iterator[Desked]:
    (tmp_path / "data").mkdir()
    core = Sushasan(Config.load(env={**SECRET, "SUSHASAN_DATABASE_URL": ""},
                                data_dir=str(tmp_path / "data"), database_url=url))
    if url is None:
        core.desk.upgrade()
    accounts.create_user(core.desk, "alice", PASSWORD, "reviewer", None, "test")
    accounts.create_user(core.desk, "boss", BOSS, "admin", None, "test")
    clock = [NOW]
    web = create_app(core, env=SECRET, clock=lambda: clock[0],
                     throttle=LoginThrottle(1000, address_limit=1000))
    yield Desked(web, core, clock)
    core.close()


def _login(web: FastAPI, username: str = "alice", password: str = PASSWORD) -> TestClient:
    client = TestClient(web)
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": username, "password": password,
                                    "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


def _copy(web: FastAPI, client: TestClient) -> TestClient:
    """Another browser holding a copy of the cookie (as an attacker who stole it would)."""
    thief = TestClient(web)
    thief.cookies.set(COOKIE, client.cookies[COOKIE])
    return thief


def _post(client: TestClient, url: str, **data: str) -> int:
    data["csrf_token"] = csrf_of(client.get("/public").text)
    return client.post(url, data=data, follow_redirects=False).status_code


def _signed_in(client: TestClient) -> bool:
    api = client.get("/api/me").status_code
    page = client.get("/league", follow_redirects=False)
    assert (api == 200) == (page.headers.get("location", "").startswith("/login") is False)
    return api == 200


def test_logout_ends_every_copy_of_the_session(desked: Desked) -> None:
    browser = _login(desked.web)
    copied = _copy(desked.web, browser)
    laptop = _login(desked.web)  # the same person on a second device
    assert _signed_in(copied) and _signed_in(laptop)
    token = csrf_of(browser.get("/public").text)
    assert browser.post("/logout", data={"csrf_token": token},
                        follow_redirects=False).status_code == 303
    for client in (browser, copied, laptop):
        assert client.get("/api/me").status_code == 401
        r = client.get("/tickets", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
    actions = [e.action for e in events(desked.core.desk, "user", "alice")]
    assert actions[0] == "user.sign_out" and actions.count("user.sign_in") == 2
    assert _signed_in(_login(desked.web))  # signing in again works


def test_idle_and_absolute_timeouts_are_enforced_on_the_server(desked: Desked) -> None:
    idle = _login(desked.web)
    desked.tick(minutes=59)
    assert _signed_in(idle)  # a request within the hour keeps it alive...
    desked.tick(minutes=61)
    assert not _signed_in(idle)  # ...an hour without one ends it
    busy = _login(desked.web)
    for _ in range(15):  # a request every half hour: never idle...
        desked.tick(minutes=30)
        assert _signed_in(busy)
    desked.tick(minutes=31)
    assert not _signed_in(busy)  # ...but 8 hours after sign-in it ends all the same


def test_disabled_account_stops_on_the_web_and_the_api(desked: Desked) -> None:
    alice = _login(desked.web)
    token = accounts.issue_token(desked.core.desk, "alice", "test", "read", 30, NOW)
    bearer = {"Authorization": f"Bearer {token}"}
    api = TestClient(desked.web)
    assert api.get("/api/me", headers=bearer).status_code == 200
    boss = _login(desked.web, "boss", BOSS)
    assert _post(boss, "/admin/users/alice/disable") == 200
    assert not _signed_in(alice)
    assert api.get("/api/me", headers=bearer).status_code == 401
    assert api.post("/login", data={"username": "alice", "password": PASSWORD,
                                    "csrf_token": csrf_of(api.get("/login").text)}
                    ).status_code == 401
    # An admin cannot lock themselves out.
    assert _post(boss, "/admin/users/boss/disable") == 422
    assert _post(boss, "/admin/users/alice/enable") == 200
    assert api.get("/api/me", headers=bearer).status_code == 200  # the token is back...
    assert not _signed_in(alice)  # ...the ended session is not
    found = [(e.action, e.actor) for e in events(desked.core.desk, "user", "alice")][:2]
    assert found == [("user.enable", "boss"), ("user.disable", "boss")]


def test_revoked_expired_and_read_only_tokens(desked: Desked) -> None:
    desk = desked.core.desk
    write = accounts.issue_token(desk, "alice", "test", "write", 30, NOW)
    read = accounts.issue_token(desk, "alice", "test", "read", 0, NOW)
    api = TestClient(desked.web)

    def me(token: str) -> int:
        return api.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code

    assert me(write) == me(read) == 200
    # A read-only token reads but may not act (no cookie, so CSRF does not decide this).
    r = api.post("/tickets/SUS-2024-000001/acknowledge",
                 headers={"Authorization": f"Bearer {read}"})
    assert r.status_code == 403
    listed = {t.scope: t for t in accounts.tokens(desk, "alice")}
    assert listed["write"].last_used_at == NOW and listed["read"].expires_at is None
    # Revoked from the admin page: it stops at once.
    boss = _login(desked.web, "boss", BOSS)
    assert _post(boss, f"/admin/tokens/{listed['write'].id}/revoke") == 200
    assert me(write) == 401 and me(read) == 200
    assert _post(boss, f"/admin/tokens/{listed['write'].id}/revoke") == 404
    # A token issued on the admin page is shown once and expires on time.
    page = boss.post("/admin/users/alice/tokens", data={
        "scope": "read", "days": "1", "csrf_token": csrf_of(boss.get("/public").text)})
    new = page.text.split('data-testid="new-token">')[1].split("<")[0]
    assert me(new) == 200
    desked.tick(days=1, seconds=1)
    assert me(new) == 401 and me(read) == 200  # "0 days" never expires
    actions = [e.action for e in events(desk, "token", "alice")]
    assert actions.count("token.issue") == 3 and "token.revoke" in actions


def test_password_change_ends_every_session(desked: Desked) -> None:
    alice, laptop = _login(desked.web), _login(desked.web)
    token = csrf_of(alice.get("/account/password").text)
    wrong = alice.post("/account/password", data={
        "current": "not-it-at-all", "new": "a-new-password-1", "again": "a-new-password-1",
        "csrf_token": token})
    assert wrong.status_code == 422 and _signed_in(laptop)
    r = alice.post("/account/password", data={
        "current": PASSWORD, "new": "a-new-password-1", "again": "a-new-password-1",
        "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert not _signed_in(alice) and not _signed_in(laptop)
    anon = TestClient(desked.web)
    assert anon.post("/login", data={"username": "alice", "password": PASSWORD,
                                     "csrf_token": csrf_of(anon.get("/login").text)}
                     ).status_code == 401
    again = _login(desked.web, "alice", "a-new-password-1")
    # The review cell resets it: every session ends again.
    boss = _login(desked.web, "boss", BOSS)
    assert _post(boss, "/admin/users/alice/password", password="short") == 422
    assert _signed_in(again)
    assert _post(boss, "/admin/users/alice/password", password="reset-by-the-cell") == 200
    assert not _signed_in(again)
    _login(desked.web, "alice", "reset-by-the-cell")
    changes = [e.action for e in events(desked.core.desk, "user", "alice")
               if e.action.startswith("user.password")]
    assert changes == ["user.password_change", "user.password_change"]


def test_admin_can_end_someone_elses_sessions(desked: Desked) -> None:
    alice = _login(desked.web)
    boss = _login(desked.web, "boss", BOSS)
    page = boss.get("/admin/users").text
    assert "alice" in page and "/admin/users/alice/disable" in page
    assert _post(boss, "/admin/users/alice/sessions/end") == 200
    assert not _signed_in(alice) and _signed_in(boss)
    # Officers and reviewers never reach the page.
    assert alice.get("/admin/users", follow_redirects=False).status_code == 303
    assert _login(desked.web).get("/admin/users").status_code == 403


def test_cookie_is_secure_over_https_behind_a_proxy_and_when_asked(tmp_path: Path) -> None:
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    def cookie(web: object, **headers: str) -> str:
        return TestClient(web).get("/login", headers=headers).headers["set-cookie"]  # type: ignore[arg-type]

    core = Sushasan(Config.load(env=SECRET, data_dir=str(tmp_path / "plain")))
    proxied = ProxyHeadersMiddleware(create_app(core, env=SECRET), trusted_hosts="testclient")
    assert "Secure" not in cookie(proxied)
    assert "Secure" in cookie(proxied, **{"X-Forwarded-Proto": "https"})
    core.close()
    core = Sushasan(Config.load(env={**SECRET, "SUSHASAN_SECURE_COOKIES": "1"},
                                data_dir=str(tmp_path / "always")))
    always = cookie(create_app(core, env=SECRET))
    assert "Secure" in always and "Max-Age=28800" in always
    core.close()


def test_sign_in_throttle_stops_spraying_and_guessing_in_both_languages(
    desked_sqlite: Desked,
) -> None:
    desked = desked_sqlite
    now = [0.0]
    web = create_app(desked.core, env=SECRET, clock=lambda: desked.clock[0],
                     throttle=LoginThrottle(5, 60, clock=lambda: now[0], address_limit=10))

    def attempt(username: str, password: str, address: str, lang: str = "en"
                ) -> tuple[int, str]:
        client = TestClient(web, client=(address, 40000), headers={"Accept-Language": lang})
        r = client.post("/login", data={"username": username, "password": password,
                                        "csrf_token": csrf_of(client.get("/login").text)},
                        follow_redirects=False)
        return r.status_code, r.text

    # Spraying: one password against twelve usernames from one address.
    codes = [attempt(f"user{i}", "Summer2025!", "127.0.0.2")[0] for i in range(12)]
    assert codes == [401] * 10 + [429] * 2
    code, text = attempt("alice", PASSWORD, "127.0.0.2", "hi")
    assert code == 429 and "इस पते से बहुत अधिक असफल लॉगिन प्रयास" in text
    assert attempt("alice", PASSWORD, "127.0.0.3")[0] == 303  # other addresses are not held
    # Guessing one account's password from many addresses.
    assert [attempt("boss", "guess-guess", f"127.0.1.{i}")[0] for i in range(5)] == [401] * 5
    code, text = attempt("boss", BOSS, "127.0.2.1")
    assert code == 429 and "Too many failed sign-ins for this account" in text
    now[0] = 61.0  # a minute later both are free again
    assert attempt("boss", BOSS, "127.0.2.1")[0] == 303
    assert attempt("alice", PASSWORD, "127.0.0.2")[0] == 303
