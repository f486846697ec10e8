"""Dashboard sessions that can end: start one at sign-in, find its user on every request, end
all of a user's sessions at sign-out.

The cookie holds a random session id; the desk keeps only its SHA-256 with the user, the start
and the last request's time. So signing out (on any device), a password change or disabling the
account ends every copy of the cookie at once, and the idle and absolute timeouts
(``session_idle_minutes``, ``session_max_hours``) are enforced on the server, not trusted from
the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sushasan.actions.accounts import User, as_user
from sushasan.config import Config
from sushasan.desk import sessions as store
from sushasan.desk.sessions import Lifetimes
from sushasan.desk.store import Desk
from sushasan.desk.trail import Trail

__all__ = ["Lifetimes", "end_sessions", "lifetimes", "session_user", "sign_in", "sign_out"]


def lifetimes(config: Config) -> Lifetimes:
    """The timeouts the settings ask for."""
    return Lifetimes(idle=timedelta(minutes=config.session_idle_minutes),
                     absolute=timedelta(hours=config.session_max_hours))


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def sign_in(desk: Desk, user: User, address: str | None, now: datetime, life: Lifetimes) -> str:
    """A new session for a user who has just proved who they are; its id, for the cookie."""
    session_id = secrets.token_urlsafe(32)
    store.start_session(desk, user.username, _hash(session_id), address, now, life,
                        Trail(user.username, now))
    return session_id


def session_user(desk: Desk, session_id: str, now: datetime, life: Lifetimes) -> User | None:
    """The session's user while it is live; None once it ended, idled out or grew too old,
    or the account was disabled."""
    found = store.session_user(desk, _hash(session_id), now, life)
    return as_user(found) if found else None


def sign_out(desk: Desk, username: str, now: datetime | None = None) -> int:
    """End every session of the user, on every device; how many ended."""
    return store.end_sessions(desk, username, Trail(username, now))


def end_sessions(desk: Desk, username: str, actor: str) -> int:
    """The review cell ends every session of someone else's account (a lost laptop)."""
    return store.end_sessions(desk, username, Trail(actor), "user.sessions_end")
