"""Sign in, sign out and the language switch."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from sushasan.actions import accounts, sessions
from sushasan.web.deps import CurrentUser, core, current_user, now
from sushasan.web.i18n import LANGUAGES, translations
from sushasan.web.render import language, render

router = APIRouter(tags=["session"], include_in_schema=False)


def _local(target: str | None) -> str:
    """Only same-site paths are followed after sign-in (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@router.get("/login")
def login_form(request: Request, user: CurrentUser, next: str = "/", changed: bool = False
               ) -> Response:
    if user.signed_in:
        return RedirectResponse(_local(next), status_code=303)
    _ = translations(language(request)).gettext
    notice = _("Your password is changed. Sign in with the new one.") if changed else None
    return render(request, "login.html", next=_local(next), error=None, username="",
                  notice=notice)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    app = core(request)
    throttle = request.app.state.throttle
    address = request.client.host if request.client else "-"
    _ = translations(language(request)).gettext
    why = throttle.blocked(username, address)
    if why:
        error = (_("Too many failed sign-ins for this account. Wait a minute and try again.")
                 if why == "user" else
                 _("Too many failed sign-ins from this address. Wait a minute and try again."))
        response = render(request, "login.html", status_code=429, next=_local(next),
                          username=username, error=error)
        response.headers["Retry-After"] = str(int(throttle.window))
        return response
    user = accounts.authenticate(app.desk, username, password)
    if user is None:
        throttle.failed(username, address)
        return render(
            request, "login.html", status_code=401, next=_local(next), username=username,
            error=_("Wrong username or password."),
        )
    throttle.succeeded(username, address)
    lang = request.session.get("lang") or user.language
    request.session.clear()  # a fresh session (and CSRF token) at every sign-in
    request.session["sid"] = sessions.sign_in(app.desk, user, address, now(request),
                                              request.app.state.lifetimes)
    if lang in LANGUAGES:
        request.session["lang"] = lang
    return RedirectResponse(_local(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    """Sign out: every session of the person ends, on every device (a copied cookie too)."""
    user = current_user(request)
    if user.signed_in and not request.headers.get("authorization"):
        sessions.sign_out(core(request).desk, user.username, now(request))
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
    return RedirectResponse("/", status_code=303)


@router.post("/language")
def set_language(
    request: Request,
    user: CurrentUser,
    lang: Annotated[str, Form(max_length=2)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    if lang in LANGUAGES:
        request.session["lang"] = lang
        if user.signed_in:
            accounts.set_language(core(request).desk, user.username, lang)
    return RedirectResponse(_local(next), status_code=303)
