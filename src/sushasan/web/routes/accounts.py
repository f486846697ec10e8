"""Accounts on the dashboard: the review cell's account page (disable, enable, set a password,
end sessions, issue and revoke API tokens) and everyone's own password change.

Thin shells over ``actions.accounts`` and ``actions.sessions``, the same functions ``sushasan
users`` calls, so every change is validated and audited in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from sushasan.actions import accounts, sessions
from sushasan.actions.accounts import User
from sushasan.desk import sessions as session_store
from sushasan.desk import users as user_store
from sushasan.errors import SushasanError
from sushasan.web.deps import SignedIn, core, now, require
from sushasan.web.i18n import translations
from sushasan.web.render import language, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
Admin = Annotated[User, Depends(require("admin"))]
Password = Annotated[str, Form(max_length=1024)]


def _page(request: Request, status_code: int = 200, notice: str | None = None,
          error: str | None = None, token: str | None = None) -> Response:
    app = core(request)
    moment, life = now(request), request.app.state.lifetimes
    people = [
        (u, session_store.session_count(app.desk, u.username, moment, life))
        for u in user_store.list_users(app.desk)
    ]
    return render(request, "users_admin.html", status_code=status_code, people=people,
                  tokens=accounts.tokens(app.desk), now=moment, notice=notice, error=error,
                  new_token=token, token_days=app.config.token_days)


def _known(request: Request, username: str) -> None:
    if user_store.get_user(core(request).desk, username) is None:
        raise HTTPException(404, "not found")


@router.get("/admin/users")
def users_page(request: Request, user: Admin) -> Response:
    return _page(request)


def _act(request: Request, username: str, change: Callable[[], object], done: str,
         refused: str = "") -> Response:
    """Run one change to the account; the page again with ``done`` (or ``refused``, 422, when
    the actions layer says no). Both are messages already translated."""
    _known(request, username)
    try:
        change()
    except SushasanError:
        return _page(request, 422, error=refused)
    return _page(request, notice=done)


@router.post("/admin/users/{username}/disable")
def disable(request: Request, username: str, user: Admin) -> Response:
    _ = translations(language(request)).gettext
    return _act(
        request, username,
        lambda: accounts.set_active(core(request).desk, username, False, user.username),
        _("The account is disabled: its sessions have ended and its tokens no longer work."),
        _("You cannot disable your own account."))


@router.post("/admin/users/{username}/enable")
def enable(request: Request, username: str, user: Admin) -> Response:
    _ = translations(language(request)).gettext
    return _act(
        request, username,
        lambda: accounts.set_active(core(request).desk, username, True, user.username),
        _("The account is enabled again."))


@router.post("/admin/users/{username}/sessions/end")
def end_sessions(request: Request, username: str, user: Admin) -> Response:
    _ = translations(language(request)).gettext
    return _act(
        request, username,
        lambda: sessions.end_sessions(core(request).desk, username, user.username),
        _("Every session of the account has ended."))


@router.post("/admin/users/{username}/password")
def set_password(request: Request, username: str, user: Admin, password: Password) -> Response:
    _ = translations(language(request)).gettext
    return _act(
        request, username,
        lambda: accounts.set_password(core(request).desk, username, password, user.username),
        _("The password is changed and every session of the account has ended."),
        _("A password needs at least 10 characters."))


@router.post("/admin/users/{username}/tokens")
def issue_token(
    request: Request, username: str, user: Admin,
    scope: Annotated[str, Form(pattern="^(read|write)$")] = "read",
    days: Annotated[int, Form(ge=0, le=3650)] = 90,
) -> Response:
    _known(request, username)
    token = accounts.issue_token(core(request).desk, username, user.username, scope, days,
                                 now(request))
    return _page(request, token=token)


@router.post("/admin/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int, user: Admin) -> Response:
    try:
        accounts.revoke_token(core(request).desk, token_id, user.username)
    except SushasanError:
        raise HTTPException(404, "not found") from None
    _ = translations(language(request)).gettext
    return _page(request, notice=_("The token is revoked: it no longer works."))


@router.get("/account/password")
def password_form(request: Request, user: SignedIn) -> Response:
    return render(request, "password.html", error=None)


@router.post("/account/password")
def change_password(
    request: Request, user: SignedIn, current: Password, new: Password, again: Password,
) -> Response:
    """Change one's own password; every session ends (this one too), so sign in again."""
    _ = translations(language(request)).gettext
    if user.read_only or request.headers.get("authorization"):
        raise HTTPException(403, "forbidden")  # a script's token does not change passwords
    error = None
    if new != again:
        error = _("The two new passwords are not the same.")
    else:
        try:
            if not accounts.change_own_password(core(request).desk, user.username, current, new):
                error = _("The current password is not right.")
        except SushasanError:
            error = _("A password needs at least 10 characters.")
    if error:
        return render(request, "password.html", status_code=422, error=error)
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
    return RedirectResponse("/login?changed=1", status_code=303)

