"""Sessions, CSRF, login throttling and security headers: the web shell's defences in one place.

The cookie is signed (itsdangerous) and holds the CSRF token, the language and, once signed in,
a random session id; who that id belongs to, and whether it is still live, is the desk's
``web_sessions`` table (``actions.sessions``), read on every request, so signing out, a password
change or disabling the account ends every copy of the cookie at once. The cookie is ``Secure``
whenever the request arrived over HTTPS, which behind a reverse proxy means ``sushasan serve
--proxy-headers`` (X-Forwarded-Proto is then trusted from the proxy address only), or always
with the ``secure_cookies`` setting.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sushasan.config import env_value

__all__ = [
    "COOKIE",
    "CSP",
    "LoginThrottle",
    "SecurityHeaders",
    "SessionMiddleware",
    "csrf_protect",
    "csrf_token",
    "secret_key",
]

COOKIE = "sushasan_session"
SESSION_SECONDS = 8 * 3600  # the cookie's own lifetime by default (session_max_hours)
SECRET_ENV = "SUSHASAN_SECRET_KEY"
SECRET_FILE = "web-secret.key"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: No inline scripts or styles anywhere: every script and stylesheet is a file under /static.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def secret_key(data_dir: Path, env: dict[str, str] | None = None) -> str:
    """The session signing key: from the environment, else made once and kept in the data folder.

    Created with mode 0600 before anything is written, so the key is never readable by others
    even for a moment; it never lives in the repository.
    """
    if key := env_value("secret_key", env):
        return str(key.reveal())
    path = data_dir / SECRET_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker made it first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


class SessionMiddleware:
    """A signed-cookie session in ``scope["session"]``, written back only when it changed."""

    def __init__(self, app: ASGIApp, secret: str, max_age: int = SESSION_SECONDS,
                 secure: bool = False) -> None:
        self.app = app
        self.signer = URLSafeTimedSerializer(secret, salt="sushasan.session")
        self.max_age = max_age
        self.secure = secure  # always Secure, not only when the request came over HTTPS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = self._load(scope)
        before = json.dumps(session, sort_keys=True)
        scope["session"] = session

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                now = json.dumps(scope["session"], sort_keys=True)
                if now != before:
                    headers = MutableHeaders(scope=message)
                    headers.append("Set-Cookie", self._cookie(scope, scope["session"]))
            await send(message)

        await self.app(scope, receive, send_wrapper)

    def _load(self, scope: Scope) -> dict[str, Any]:
        raw = HTTPConnection(scope).cookies.get(COOKIE)  # Starlette's cookie parser
        if not raw:
            return {}
        try:
            loaded = self.signer.loads(raw, max_age=self.max_age)
        except (BadSignature, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def _cookie(self, scope: Scope, session: dict[str, Any]) -> str:
        flags = "Path=/; HttpOnly; SameSite=Lax"
        if self.secure or scope.get("scheme") == "https":
            flags += "; Secure"
        if not session:
            return f"{COOKIE}=; {flags}; Max-Age=0"
        value = self.signer.dumps(session)
        return f"{COOKIE}={value}; {flags}; Max-Age={self.max_age}"


class SecurityHeaders:
    """Adds CSP, no-sniff, referrer and framing headers to every response."""

    HEADERS = (
        ("content-security-policy", CSP),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        ("permissions-policy", "camera=(), microphone=(), geolocation=()"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.HEADERS:
                    headers.setdefault(name, value)
                if scope.get("scheme") == "https":
                    headers.setdefault("strict-transport-security", "max-age=31536000")
                if "cache-control" not in headers and not scope["path"].startswith("/static/"):
                    headers["cache-control"] = "no-store"  # pages carry personal data
            await send(message)

        await self.app(scope, receive, send_wrapper)


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use (the login form needs one before sign-in)."""
    session = request.session
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


async def csrf_protect(request: Request) -> None:
    """Reject a state-changing request whose CSRF token does not match the session's.

    Installed as an app-wide dependency so no route can forget it. Requests that carry only a
    bearer token (scripts) have no ambient credentials to abuse and are let through; a request
    that also carries the session cookie is checked like any browser request.
    """
    if request.method in SAFE_METHODS:
        return
    has_cookie = COOKIE in request.cookies
    if not has_cookie and request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    expected = request.session.get("csrf")
    if not sent or not isinstance(expected, str) or not secrets.compare_digest(sent, expected):
        raise HTTPException(status_code=403, detail="csrf")


class LoginThrottle:
    """At most ``limit`` failed sign-ins per username (from any address) and ``address_limit``
    from one address (for any usernames) within ``window`` seconds.

    The first stops guessing one account's password from many addresses; the second stops
    password spraying, one password tried on many usernames from one address. In memory, per
    process: enough for one server; the clock is a parameter so tests need not sleep.
    """

    #: Keys kept before idle ones are swept, so random usernames cannot grow memory unbounded.
    MAX_KEYS = 10_000

    def __init__(
        self, limit: int = 5, window: float = 60.0, clock: Callable[[], float] = time.monotonic,
        address_limit: int = 10,
    ) -> None:
        self.limit = limit
        self.address_limit = address_limit
        self.window = window
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        now = self.clock()
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] >= self.window:
            q.popleft()
        return q

    def blocked(self, username: str, address: str) -> str | None:
        """Why this sign-in must wait: ``"user"`` or ``"address"``, else None."""
        with self._lock:
            if len(self._recent(("user", username.lower()))) >= self.limit:
                return "user"
            if len(self._recent(("address", address))) >= self.address_limit:
                return "address"
            return None

    def failed(self, username: str, address: str) -> None:
        with self._lock:
            if len(self._failures) >= self.MAX_KEYS:
                for key in [k for k in self._failures if not self._recent(k)]:
                    del self._failures[key]
            now = self.clock()
            self._recent(("user", username.lower())).append(now)
            self._recent(("address", address)).append(now)

    def succeeded(self, username: str, address: str) -> None:
        """Forget the username's failures; the address's stay (a sprayer who knows one
        password must not reset the count with it)."""
        with self._lock:
            self._failures.pop(("user", username.lower()), None)
