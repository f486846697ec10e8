"""Dashboard accounts: create, sign in, issue API tokens. Used by the CLI and the web routes.

Every change is written with the acting person's name in the audit trail (``actor``).

Argon2id (argon2-cffi's defaults) for passwords, because a stolen desk file must not give away
officers' passwords; SHA-256 for API tokens, because they are 256 random bits already and a fast
hash keeps each API call one indexed lookup.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from sushasan.desk import users as store
from sushasan.desk.store import Desk
from sushasan.desk.trail import Trail
from sushasan.errors import SushasanError

__all__ = [
    "PUBLIC",
    "ROLES",
    "User",
    "authenticate",
    "create_user",
    "issue_token",
    "set_language",
    "token_user",
    "user",
]

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

    @property
    def signed_in(self) -> bool:
        return self.role != "public"


PUBLIC = User("", "public")


def _public(u: store.StoredUser) -> User:
    return User(u.username, u.role, u.department_id, u.language)


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
    if len(password) < _MIN_PASSWORD:
        raise SushasanError(f"the password must have at least {_MIN_PASSWORD} characters")
    if store.get_user(desk, username) is not None:
        raise SushasanError(f"user '{username}' already exists")
    return _public(store.add_user(desk, username, _hasher.hash(password), role, department,
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
    return _public(found)


def user(desk: Desk, username: str) -> User | None:
    found = store.get_user(desk, username)
    return _public(found) if found and found.active else None


def issue_token(desk: Desk, username: str, actor: str) -> str:
    """A new bearer token for the user; only its hash is stored, so show it once."""
    if store.get_user(desk, username) is None:
        raise SushasanError(f"unknown user '{username}' (see users list)")
    token = "ssn_" + secrets.token_urlsafe(32)
    store.add_token(desk, username, _token_hash(token), Trail(actor))
    return token


def token_user(desk: Desk, token: str) -> User | None:
    found = store.user_for_token(desk, _token_hash(token))
    return _public(found) if found else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_language(desk: Desk, username: str, language: str) -> None:
    """The dashboard language the person chose, kept for their next sign-in."""
    store.set_language(desk, username, language, Trail(username))
