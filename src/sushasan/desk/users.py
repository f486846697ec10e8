"""Dashboard accounts and API tokens in the desk: plain functions over a :class:`Desk`.

Kept apart from ``store.py`` so account storage stays in one small module. Nothing here hashes
or checks a password: callers pass the hash in and get it back (``actions.accounts`` does the
Argon2 work), so this module stays storage only. Every change takes a :class:`Trail` and writes
its audit row in the same transaction (never the hash itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from sushasan.desk.store import Desk
from sushasan.desk.tables import api_tokens, users, web_sessions
from sushasan.desk.trail import Trail

__all__ = [
    "SCOPES",
    "StoredToken",
    "StoredUser",
    "add_token",
    "add_user",
    "end_user_sessions",
    "get_user",
    "list_tokens",
    "list_users",
    "revoke_token",
    "revoke_tokens",
    "set_active",
    "set_language",
    "set_password_hash",
    "user_for_token",
    "user_from_row",
]

#: What a token may do: ``read`` only reads (GET and HEAD), ``write`` acts as its user does.
SCOPES = ("read", "write")
#: A token's last-used time is refreshed at most this often (one write a minute, not a call).
_TOUCH = timedelta(seconds=60)


@dataclass(frozen=True)
class StoredUser:
    username: str
    password_hash: str
    role: str
    department_id: str | None
    language: str | None
    active: bool
    created_at: datetime


@dataclass(frozen=True)
class StoredToken:
    """An API token as listed: never the token, nor its hash."""

    id: int
    username: str
    scope: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment and not moment.tzinfo else moment


def user_from_row(r: object) -> StoredUser:
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
    return None if r is None else user_from_row(r)


def list_users(desk: Desk) -> list[StoredUser]:
    with desk.engine.connect() as conn:
        return [user_from_row(r) for r in conn.execute(select(users).order_by(users.c.username))]


def set_password_hash(desk: Desk, username: str, password_hash: str, trail: Trail,
                      reason: str = "rehash") -> None:
    """Store a new password hash: re-hashed (Argon2 parameters raised since the account was
    made) or changed. The trail says which, never the hash; a change ends every session."""
    with desk.begin() as conn:
        conn.execute(
            update(users).where(users.c.username == username).values(password_hash=password_hash)
        )
        ended = (None if reason == "rehash"
                 else {"sessions_ended": end_user_sessions(conn, username)})
        trail.record(conn, f"user.password_{reason}", "user", username, None, ended)


def end_user_sessions(conn: Connection, username: str) -> int:
    """Delete every dashboard session of the user on this connection, for a caller whose own
    audit row covers it (sign-out, a password change, disabling); how many there were."""
    count = conn.execute(select(func.count()).select_from(web_sessions)
                         .where(web_sessions.c.username == username)).scalar_one()
    conn.execute(delete(web_sessions).where(web_sessions.c.username == username))
    return int(count)


def set_active(desk: Desk, username: str, active: bool, trail: Trail) -> bool:
    """Enable or disable an account; disabling ends its sessions at once (its tokens stop
    working while it is disabled). False when it already was so (nothing written)."""
    with desk.begin() as conn:
        old = conn.execute(select(users.c.active).where(users.c.username == username)).scalar()
        if old is None or bool(old) == active:
            return False
        conn.execute(update(users).where(users.c.username == username).values(active=active))
        after: dict[str, object] = {"active": active}
        if not active:
            after["sessions_ended"] = end_user_sessions(conn, username)
        trail.record(conn, "user.enable" if active else "user.disable", "user", username,
                     {"active": bool(old)}, after)
    return True


def set_language(desk: Desk, username: str, language: str, trail: Trail) -> None:
    with desk.begin() as conn:
        old = conn.execute(select(users.c.language).where(users.c.username == username)).scalar()
        conn.execute(update(users).where(users.c.username == username).values(language=language))
        if old != language:
            trail.record(conn, "user.language", "user", username, {"language": old},
                         {"language": language})


def add_token(desk: Desk, username: str, token_sha256: str, trail: Trail,
              now: datetime | None = None, scope: str = "write",
              expires_at: datetime | None = None) -> int:
    """Store a token's hash; its id (what ``users tokens`` lists and ``revoke-token`` takes)."""
    with desk.begin() as conn:
        token_id = conn.execute(
            insert(api_tokens),
            {"token_sha256": token_sha256, "username": username,
             "created_at": now or datetime.now(UTC), "last_used_at": None, "scope": scope,
             "expires_at": expires_at},
        ).inserted_primary_key[0]
        count = conn.execute(select(func.count()).select_from(api_tokens)
                             .where(api_tokens.c.username == username)).scalar_one()
        trail.record(conn, "token.issue", "token", username, None,
                     {"username": username, "tokens": count, "id": token_id, "scope": scope,
                      "expires_at": expires_at})
    return int(token_id)


def _token(r: object) -> StoredToken:
    return StoredToken(
        r.id, r.username, r.scope, _aware(r.created_at),  # type: ignore[attr-defined,arg-type]
        _aware(r.expires_at), _aware(r.last_used_at),  # type: ignore[attr-defined]
    )


def list_tokens(desk: Desk, username: str | None = None) -> list[StoredToken]:
    query = select(api_tokens).order_by(api_tokens.c.username, api_tokens.c.id)
    if username is not None:
        query = query.where(api_tokens.c.username == username)
    with desk.engine.connect() as conn:
        return [_token(r) for r in conn.execute(query)]


def revoke_token(desk: Desk, token_id: int, trail: Trail) -> StoredToken | None:
    """Delete one token (it stops working at once); the revoked token, or None if unknown."""
    with desk.begin() as conn:
        r = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
        if r is None:
            return None
        conn.execute(delete(api_tokens).where(api_tokens.c.id == token_id))
        trail.record(conn, "token.revoke", "token", r.username,
                     {"id": token_id, "scope": r.scope}, None)
    return _token(r)


def revoke_tokens(desk: Desk, username: str, trail: Trail) -> int:
    """Delete every token of the user; how many there were (no row written when none)."""
    with desk.begin() as conn:
        ids = list(conn.execute(select(api_tokens.c.id)
                                .where(api_tokens.c.username == username)).scalars())
        if ids:
            conn.execute(delete(api_tokens).where(api_tokens.c.username == username))
            trail.record(conn, "token.revoke_all", "token", username, {"ids": ids}, None)
    return len(ids)


def user_for_token(
    desk: Desk, token_sha256: str, now: datetime | None = None
) -> tuple[StoredUser, str] | None:
    """The active user owning the unexpired token and the token's scope, recording when it
    was last used (at most once a minute, so a busy script does not write on every call)."""
    now = now or datetime.now(UTC)
    query = (
        select(users, api_tokens.c.scope, api_tokens.c.last_used_at.label("t_used"))
        .join(api_tokens, api_tokens.c.username == users.c.username)
        .where(api_tokens.c.token_sha256 == token_sha256, users.c.active.is_(True),
               or_(api_tokens.c.expires_at.is_(None), api_tokens.c.expires_at > now))
    )
    with desk.engine.connect() as conn:
        r = conn.execute(query).first()
    if r is None:
        return None
    used = _aware(r.t_used)
    if used is None or now - used >= _TOUCH:
        with desk.begin() as conn:
            conn.execute(update(api_tokens).where(api_tokens.c.token_sha256 == token_sha256)
                         .values(last_used_at=now))
    return user_from_row(r), str(r.scope)
