"""Dashboard accounts and API tokens in the desk: plain functions over a :class:`Desk`.

Kept apart from ``store.py`` so account storage stays in one small module. Nothing here hashes
or checks a password: callers pass the hash in and get it back (``actions.accounts`` does the
Argon2 work), so this module stays storage only. Every change takes a :class:`Trail` and writes
its audit row in the same transaction (never the hash itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update

from sushasan.desk.store import Desk
from sushasan.desk.tables import api_tokens, users
from sushasan.desk.trail import Trail

__all__ = [
    "StoredUser",
    "add_token",
    "add_user",
    "get_user",
    "list_users",
    "set_language",
    "set_password_hash",
    "user_for_token",
]


@dataclass(frozen=True)
class StoredUser:
    username: str
    password_hash: str
    role: str
    department_id: str | None
    language: str | None
    active: bool
    created_at: datetime


def _user(r: object) -> StoredUser:
    return StoredUser(
        r.username, r.password_hash, r.role, r.department_id,  # type: ignore[attr-defined]
        r.language, bool(r.active), r.created_at,  # type: ignore[attr-defined]
    )


def add_user(
    desk: Desk,
    username: str,
    password_hash: str,
    role: str,
    department_id: str | None,
    trail: Trail,
    now: datetime | None = None,
) -> StoredUser:
    row = {
        "username": username,
        "password_hash": password_hash,
        "role": role,
        "department_id": department_id,
        "language": None,
        "active": True,
        "created_at": now or datetime.now(UTC),
    }
    with desk.begin() as conn:
        conn.execute(insert(users), row)
        trail.record(conn, "user.create", "user", username, None,
                     {"role": role, "department_id": department_id, "active": True})
    return StoredUser(**row)  # type: ignore[arg-type]


def get_user(desk: Desk, username: str) -> StoredUser | None:
    with desk.engine.connect() as conn:
        r = conn.execute(select(users).where(users.c.username == username)).first()
    return None if r is None else _user(r)


def list_users(desk: Desk) -> list[StoredUser]:
    with desk.engine.connect() as conn:
        return [_user(r) for r in conn.execute(select(users).order_by(users.c.username))]


def set_password_hash(desk: Desk, username: str, password_hash: str, trail: Trail,
                      reason: str = "rehash") -> None:
    """Store a new password hash: re-hashed (Argon2 parameters raised since the account was
    made) or changed. The trail says which, never the hash."""
    with desk.begin() as conn:
        conn.execute(
            update(users).where(users.c.username == username).values(password_hash=password_hash)
        )
        trail.record(conn, f"user.password_{reason}", "user", username)


def set_language(desk: Desk, username: str, language: str, trail: Trail) -> None:
    with desk.begin() as conn:
        old = conn.execute(select(users.c.language).where(users.c.username == username)).scalar()
        conn.execute(update(users).where(users.c.username == username).values(language=language))
        if old != language:
            trail.record(conn, "user.language", "user", username, {"language": old},
                         {"language": language})


def add_token(desk: Desk, username: str, token_sha256: str, trail: Trail,
              now: datetime | None = None) -> None:
    with desk.begin() as conn:
        conn.execute(
            insert(api_tokens),
            {"token_sha256": token_sha256, "username": username,
             "created_at": now or datetime.now(UTC), "last_used_at": None},
        )
        count = conn.execute(select(func.count()).select_from(api_tokens)
                             .where(api_tokens.c.username == username)).scalar_one()
        trail.record(conn, "token.issue", "token", username, None,
                     {"username": username, "tokens": count})


def user_for_token(
    desk: Desk, token_sha256: str, now: datetime | None = None
) -> StoredUser | None:
    """The active user owning the token, recording when it was last used (for audits)."""
    query = (
        select(users)
        .join(api_tokens, api_tokens.c.username == users.c.username)
        .where(api_tokens.c.token_sha256 == token_sha256, users.c.active.is_(True))
    )
    with desk.begin() as conn:
        r = conn.execute(query).first()
        if r is None:
            return None
        conn.execute(
            update(api_tokens)
            .where(api_tokens.c.token_sha256 == token_sha256)
            .values(last_used_at=now or datetime.now(UTC))
        )
    return _user(r)
