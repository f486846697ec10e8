"""Dashboard sessions in the desk: plain functions over a :class:`Desk`.

Only the SHA-256 of a session id is kept (the id itself lives in the visitor's signed cookie),
so a copy of the desk cannot be replayed as a sign-in. Starting and ending sessions write their
audit row on the same connection; refreshing the last-seen time (at most once a minute) and
sweeping expired rows are housekeeping and leave no row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from sushasan.desk.store import Desk
from sushasan.desk.tables import users, web_sessions
from sushasan.desk.trail import Trail
from sushasan.desk.users import StoredUser, end_user_sessions, user_from_row

__all__ = [
    "TOUCH_EVERY",
    "Lifetimes",
    "end_sessions",
    "session_count",
    "session_user",
    "start_session",
]

#: How stale the recorded last-seen time may get before a request refreshes it: one write a
#: minute per active person, not one per request, while the idle timeout stays exact to a minute.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class Lifetimes:
    """How long a session lasts: without a request (``idle``), and at most (``absolute``)."""

    idle: timedelta
    absolute: timedelta


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite drops the zone


def _sweep(conn: Connection, now: datetime, life: Lifetimes) -> None:
    conn.execute(delete(web_sessions).where(or_(
        web_sessions.c.created_at <= now - life.absolute,
        web_sessions.c.last_seen_at <= now - life.idle,
    )))


def start_session(desk: Desk, username: str, id_sha256: str, address: str | None,
                  now: datetime, life: Lifetimes, trail: Trail) -> None:
    """Record a sign-in (and sweep away everyone's expired sessions while writing anyway)."""
    with desk.begin() as conn:
        _sweep(conn, now, life)
        conn.execute(insert(web_sessions), {
            "id_sha256": id_sha256, "username": username, "created_at": now,
            "last_seen_at": now, "address": (address or "")[:64] or None,
        })
        trail.record(conn, "user.sign_in", "user", username, None, {"address": address})


def session_user(desk: Desk, id_sha256: str, now: datetime, life: Lifetimes
                 ) -> StoredUser | None:
    """The active user whose live session this is, or None (unknown, ended, idle too long,
    too old, or the account disabled)."""
    query = (
        select(users, web_sessions.c.created_at.label("s_created"),
               web_sessions.c.last_seen_at.label("s_seen"))
        .join(web_sessions, web_sessions.c.username == users.c.username)
        .where(web_sessions.c.id_sha256 == id_sha256, users.c.active.is_(True))
    )
    with desk.engine.connect() as conn:
        r = conn.execute(query).first()
    if r is None:
        return None
    seen = _aware(r.s_seen)
    if _aware(r.s_created) <= now - life.absolute or seen <= now - life.idle:
        return None
    if now - seen >= TOUCH_EVERY:
        with desk.begin() as conn:
            conn.execute(update(web_sessions).where(web_sessions.c.id_sha256 == id_sha256)
                         .values(last_seen_at=now))
    return user_from_row(r)


def end_sessions(desk: Desk, username: str, trail: Trail, action: str = "user.sign_out") -> int:
    """End every session of the user (sign-out ends them on every device); how many ended."""
    with desk.begin() as conn:
        count = end_user_sessions(conn, username)
        trail.record(conn, action, "user", username, {"sessions": count}, {"sessions": 0})
    return count


def session_count(desk: Desk, username: str, now: datetime, life: Lifetimes) -> int:
    """Live sessions of the user (for the admin page and ``users list``)."""
    query = select(func.count()).select_from(web_sessions).where(
        web_sessions.c.username == username,
        web_sessions.c.created_at > now - life.absolute,
        web_sessions.c.last_seen_at > now - life.idle,
    )
    with desk.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())
