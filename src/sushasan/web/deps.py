"""Who is asking and what they may see: dependencies every router (pages, API, tickets) reuses.

``current_user`` reads a bearer token or the session (its id looked up in the desk on every
request, so an ended session stops at once); ``Scope`` turns the user into a filter that
lookups put *in the query*, so an officer asking for another department's record gets exactly the
404 a missing record gives — the dashboard never reveals that the record exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from sushasan.actions import accounts, sessions
from sushasan.actions.accounts import PUBLIC, User
from sushasan.app import Sushasan
from sushasan.registry import Department

__all__ = [
    "CurrentUser",
    "NotSignedIn",
    "Scope",
    "SignedIn",
    "UserScope",
    "core",
    "current_user",
    "now",
    "require",
    "scope",
    "scoped_department",
    "signed_in",
    "visible_departments",
]

STAFF = ("admin", "reviewer")
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


class NotSignedIn(Exception):
    """Raised for anonymous visitors on signed-in routes: pages redirect, the API answers 401."""


@dataclass(frozen=True)
class Scope:
    """What one user may see. ``department_filter()`` is None for every department."""

    role: str
    department_id: str | None = None

    def department_filter(self) -> str | None:
        if self.role in STAFF:
            return None
        # An officer sees their department; the public sees no department's private pages.
        return self.department_id or "\x00none"

    def sees(self, department_id: str) -> bool:
        wanted = self.department_filter()
        return wanted is None or wanted == department_id

    @property
    def sees_drafts(self) -> bool:
        """Unpublished reviews are for the review cell (admin) and reviewers only."""
        return self.role in STAFF

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def core(request: Request) -> Sushasan:
    app: Sushasan = request.app.state.core
    return app


def now(request: Request) -> datetime:
    """The web shell's clock (passed to ``create_app``; tests move it)."""
    moment: datetime = request.app.state.clock()
    return moment


def current_user(request: Request) -> User:
    """The bearer token's user, else the live session's, else the anonymous public visitor.

    A revoked, expired or unknown token is a 401; a read-scoped token asking to change
    anything is a 403. An ended or timed-out session falls back to the public visitor (pages
    then ask to sign in)."""
    cached = getattr(request.state, "user", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    found: User | None = None
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        found = accounts.token_user(core(request).desk, auth[7:].strip(), now(request))
        if found is None:
            raise HTTPException(401, "invalid token", headers={"WWW-Authenticate": "Bearer"})
        if found.read_only and request.method not in _READS:
            raise HTTPException(403, "read-only token")
    else:
        sid = request.session.get("sid")
        if isinstance(sid, str):
            found = sessions.session_user(core(request).desk, sid, now(request),
                                          request.app.state.lifetimes)
            if found is None:  # signed out, timed out or disabled since sign-in
                request.session.pop("sid", None)
    user = found or PUBLIC
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def scope(user: CurrentUser) -> Scope:
    return Scope(user.role, user.department_id)


UserScope = Annotated[Scope, Depends(scope)]


def signed_in(user: CurrentUser) -> User:
    if not user.signed_in:
        raise NotSignedIn
    return user


SignedIn = Annotated[User, Depends(signed_in)]


def require(*roles: str) -> Callable[[User], User]:
    """A dependency admitting only these roles (403 for other signed-in users)."""

    def check(user: SignedIn) -> User:
        if user.role not in roles:
            raise HTTPException(403, "forbidden")
        return user

    return check


def visible_departments(app: Sushasan, scope: Scope) -> list[Department]:
    """The registry as this user may see it (officers: their own department only)."""
    wanted = scope.department_filter()
    deps = app.departments()
    return deps if wanted is None else [d for d in deps if d.id == wanted]


def scoped_department(app: Sushasan, scope: Scope, department_id: str) -> Department:
    """One department, looked up with the scope in the WHERE clause; 404 when not visible."""
    if not app.desk.department_visible(department_id, scope.department_filter()):
        raise HTTPException(404, "not found")
    return next(d for d in app.departments() if d.id == department_id)
