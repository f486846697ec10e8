"""The dashboard's app factory: a FastAPI shell over one :class:`~sushasan.app.Sushasan`.

Everything that touches the outside world is passed in (the core, the login throttle's clock,
the environment holding the secret key), so tests build the real app over a temporary data
folder. Routers live in ``web/routes/``, one per area; add the tickets router to ``ROUTERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from sushasan import __version__
from sushasan.actions.sessions import lifetimes
from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.web.deps import NotSignedIn
from sushasan.web.i18n import pick_language, translations
from sushasan.web.render import N_, render
from sushasan.web.reviews import ReviewCache
from sushasan.web.routes import accounts, admin, api, pages, public, replies, session, tickets
from sushasan.web.security import (
    LoginThrottle,
    SecurityHeaders,
    SessionMiddleware,
    csrf_protect,
    secret_key,
)

__all__ = ["ROUTERS", "create_app"]

ROUTERS = (session.router, pages.router, public.router, admin.router, api.router, replies.router,
           tickets.router, accounts.router)


def choose_language(request: Request) -> None:
    """The page language: the session's choice (set by the switch or at sign-in from the
    user's saved preference), else the browser's, else Hindi."""
    request.state.lang = pick_language(
        request.session.get("lang"), accept=request.headers.get("accept-language", "")
    )


def create_app(
    app: Sushasan | Config,
    *,
    throttle: LoginThrottle | None = None,
    env: dict[str, str] | None = None,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    core = app if isinstance(app, Sushasan) else Sushasan(app)
    cfg = core.config
    web = FastAPI(
        title="Sushasan dashboard API",
        version=__version__,
        description="Quarterly social-media review of government departments (Uttarakhand).",
        dependencies=[Depends(csrf_protect), Depends(choose_language)],
        docs_url=None,  # Swagger UI needs a CDN and inline scripts; the schema is enough
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    web.state.core = core
    web.state.reviews = ReviewCache(core)
    web.state.throttle = throttle or LoginThrottle(
        cfg.login_failures_per_user, address_limit=cfg.login_failures_per_address)
    web.state.clock = clock or (lambda: datetime.now(UTC))
    web.state.lifetimes = life = lifetimes(cfg)
    for router in ROUTERS:
        web.include_router(router)
    web.mount("/static", StaticFiles(directory=str(files("sushasan.web") / "static")),
              name="static")

    @web.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        return PlainTextResponse("ok")

    _handlers(web)
    web.add_middleware(SessionMiddleware, secret=secret_key(core.data_dir, env),
                       max_age=int(life.absolute.total_seconds()), secure=cfg.secure_cookies)
    web.add_middleware(SecurityHeaders)
    return web


_ERRORS = {
    400: N_("The request could not be understood."),
    401: N_("Please sign in."),
    403: N_("You are not allowed to do this."),
    404: N_("This page does not exist, or it is not one you may see."),
    405: N_("This action is not available here."),
    422: N_("Some of the values sent are not valid."),
    429: N_("Too many requests. Wait a minute and try again."),
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_page(request: Request, status: int) -> Response:
    lang = getattr(request.state, "lang", None) or pick_language(
        request.session.get("lang"), accept=request.headers.get("accept-language", "")
    )
    request.state.lang = lang
    _ = translations(lang).gettext
    message = _(_ERRORS.get(status, N_("Something went wrong.")))
    return render(request, "error.html", status_code=status, status=status, message=message)


def _handlers(web: FastAPI) -> None:
    @web.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _exc: NotSignedIn) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": "sign in or send Authorization: Bearer TOKEN"}, status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={_quote(target)}", status_code=303)

    @web.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path.startswith("/static/"):
            headers: dict[str, Any] = dict(exc.headers or {})
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=headers)
        return _error_page(request, exc.status_code)

    @web.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": jsonable(exc.errors())}, status_code=422)
        return _error_page(request, 422)


def jsonable(errors: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(errors)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="/")
