"""Dashboard accounts: create, sign in, disable and enable, change passwords, issue, list and
revoke API tokens. Used by the CLI and the web routes (the admin pages call the same functions).

Every change is written with the acting person's name in the audit trail (``actor``). A
password change or disabling an account ends every dashboard session of the account at once;
a disabled account's tokens stop working until it is enabled again. Tokens carry a scope
(``read`` or ``write``) and, unless asked otherwise, an expiry date (``token_days``).

Argon2id (argon2-cffi's defaults) for passwords, because a stolen desk file must not give away
officers' passwords; SHA-256 for API tokens, because they are 256 random bits already and a fast
hash keeps each API call one indexed lookup.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from sushasan.desk import users as store
from sushasan.desk.store import Desk
from sushasan.desk.trail import Trail
from sushasan.errors import SushasanError

__all__ = [
    "PUBLIC",
    "ROLES",
    "SCOPES",
    "User",
    "as_user",
    "authenticate",
    "change_own_password",
    "create_user",
    "issue_token",
    "revoke_token",
    "revoke_tokens",
    "set_active",
    "set_language",
    "set_password",
    "token_user",
    "tokens",
    "user",
]

SCOPES = store.SCOPES

ROLES = ("admin", "reviewer", "officer")
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")
_MIN_PASSWORD = 10
_hasher = PasswordHasher()
#: Verified against when the username is unknown, so a miss costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password")


@dataclass(frozen=True)
class User:
    """Who is asking: what the web layer needs, never the password hash."""

    username: str
    role: str  # admin, reviewer, officer, or public for the anonymous visitor
    department_id: str | None = None
    language: str | None = None
    read_only: bool = False  # signed in with a read-scoped API token

    @property
    def signed_in(self) -> bool:
        return self.role != "public"


PUBLIC = User("", "public")


def as_user(u: store.StoredUser, read_only: bool = False) -> User:
    """What the web layer may know of a stored account (never its password hash)."""
    return User(u.username, u.role, u.department_id, u.language, read_only)


def _check_password(password: str) -> None:
    if len(password) < _MIN_PASSWORD:
        raise SushasanError(f"the password must have at least {_MIN_PASSWORD} characters")


def _known(desk: Desk, username: str) -> store.StoredUser:
    found = store.get_user(desk, username)
    if found is None:
        raise SushasanError(f"unknown user '{username}' (see users list)")
    return found


def create_user(
    desk: Desk, username: str, password: str, role: str, department: str | None, actor: str
) -> User:
    """Add an account, refusing what would make an unusable or over-powered one."""
    if role not in ROLES:
        raise SushasanError(f"unknown role '{role}'; use one of {', '.join(ROLES)}")
    if not _USERNAME.match(username):
        raise SushasanError(
            "a username is 2–64 letters, digits, dots, dashes, underscores or @, "
            "starting with a letter or digit"
        )
    if role == "officer" and not department:
        raise SushasanError("an officer account needs --department ID (see registry list)")
    if role != "officer" and department:
        raise SushasanError(f"a {role} sees every department; --department is for officers")
    if department and department not in desk.department_ids():
        raise SushasanError(f"unknown department '{department}' (see registry list)")
    _check_password(password)
    if store.get_user(desk, username) is not None:
        raise SushasanError(f"user '{username}' already exists")
    return as_user(store.add_user(desk, username, _hasher.hash(password), role, department,
                                  Trail(actor)))


def authenticate(desk: Desk, username: str, password: str) -> User | None:
    """The active account for these credentials, or None (same time taken either way)."""
    found = store.get_user(desk, username)
    try:
        _hasher.verify(found.password_hash if found else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if found is None or not found.active:
        return None
    if _hasher.check_needs_rehash(found.password_hash):
        store.set_password_hash(desk, username, _hasher.hash(password), Trail("system"))
    return as_user(found)


def user(desk: Desk, username: str) -> User | None:
    found = store.get_user(desk, username)
    return as_user(found) if found and found.active else None


def set_password(desk: Desk, username: str, password: str, actor: str) -> None:
    """Give the account a new password (an admin's reset, or ``users passwd``); every session
    of the account ends."""
    _known(desk, username)
    _check_password(password)
    store.set_password_hash(desk, username, _hasher.hash(password), Trail(actor), "change")


def change_own_password(desk: Desk, username: str, current: str, new: str) -> bool:
    """The signed-in person changes their own password, proving the current one first; False
    when it was wrong. Every session of theirs ends (this one too: they sign in again)."""
    if authenticate(desk, username, current) is None:
        return False
    set_password(desk, username, new, username)
    return True


def set_active(desk: Desk, username: str, active: bool, actor: str) -> bool:
    """Disable (sessions end at once, tokens stop working) or enable an account; False when
    it already was so."""
    _known(desk, username)
    if not active and actor.removeprefix("web:") == username:
        raise SushasanError("you cannot disable your own account")
    return store.set_active(desk, username, active, Trail(actor))


def issue_token(
    desk: Desk, username: str, actor: str, scope: str = "write", days: int | None = 90,
    now: datetime | None = None,
) -> str:
    """A new bearer token for the user; only its hash is stored, so show it once. ``days``
    until it expires (None or 0: never); ``scope`` read (GET only) or write."""
    _known(desk, username)
    if scope not in SCOPES:
        raise SushasanError(f"unknown token scope '{scope}'; use one of {', '.join(SCOPES)}")
    if days is not None and days < 0:
        raise SushasanError("a token's lifetime is 0 (never expires) or more days")
    now = now or datetime.now(UTC)
    expires = now + timedelta(days=days) if days else None
    token = "ssn_" + secrets.token_urlsafe(32)
    store.add_token(desk, username, _token_hash(token), Trail(actor), now=now, scope=scope,
                    expires_at=expires)
    return token


def tokens(desk: Desk, username: str | None = None) -> list[store.StoredToken]:
    """Every token (or one user's): id, scope, created, expires, last used; never the token."""
    if username is not None:
        _known(desk, username)
    return store.list_tokens(desk, username)


def revoke_token(desk: Desk, token_id: int, actor: str) -> store.StoredToken:
    """Revoke one token by its id (as ``users tokens`` lists it); it stops working at once."""
    found = store.revoke_token(desk, token_id, Trail(actor))
    if found is None:
        raise SushasanError(f"no token with id {token_id} (see users tokens)")
    return found


def revoke_tokens(desk: Desk, username: str, actor: str) -> int:
    """Revoke every token of the user; how many there were."""
    _known(desk, username)
    return store.revoke_tokens(desk, username, Trail(actor))


def token_user(desk: Desk, token: str, now: datetime | None = None) -> User | None:
    """The token's user (``read_only`` for a read-scoped token), or None: unknown, revoked,
    expired, or the account disabled."""
    found = store.user_for_token(desk, _token_hash(token), now)
    if found is None:
        return None
    stored, scope = found
    return as_user(stored, read_only=scope != "write")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_language(desk: Desk, username: str, language: str) -> None:
    """The dashboard language the person chose, kept for their next sign-in."""
    store.set_language(desk, username, language, Trail(username))
