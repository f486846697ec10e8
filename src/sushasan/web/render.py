"""Server-side rendering: one Jinja environment per language, autoescaped, gettext installed.

One environment per language (rather than switching translations per request) keeps rendering
thread-safe under uvicorn's worker threads and lets Jinja cache compiled templates per language.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from sushasan.web.i18n import LANGUAGES, fmt_number, fmt_percent, label, translations
from sushasan.web.security import csrf_token
from sushasan.words import N_, word

__all__ = ["N_", "environment", "language", "render"]




def _name(d: dict[str, Any] | Any, lang: str) -> Markup:
    """A department's name in the page language, the other language beside it with its ``lang``
    attribute, so screen readers switch voice and browsers pick the right font."""
    get = d.get if isinstance(d, dict) else lambda k: getattr(d, k)
    primary, other, other_lang = (
        (get("name_hi"), get("name_en"), "en") if lang == "hi"
        else (get("name_en"), get("name_hi"), "hi")
    )
    return Markup('{} <span class="alt" lang="{}">{}</span>').format(
        primary, other_lang, other
    )


@cache
def environment(lang: str) -> Environment:
    env = Environment(
        loader=PackageLoader("sushasan.web", "templates"),
        autoescape=select_autoescape(["html", "xml"], default=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        lang=lang,
        other_lang="en" if lang == "hi" else "hi",
        label=lambda key: label(key, lang),
        name=lambda d: _name(d, lang),
        role_name=lambda role: word(f"role:{role}", lang),
    )
    env.filters.update(
        num=lambda v, digits=0: fmt_number(v, lang, digits),
        pct=lambda v, digits=0: fmt_percent(v, lang, digits),
        signed=lambda v, digits=1: _signed(v, lang, digits),
        e_=escape,
    )
    return env


def language(request: Request) -> str:
    lang = getattr(request.state, "lang", None)
    return lang if lang in LANGUAGES else "hi"


def render(
    request: Request, name: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    lang = language(request)
    user = getattr(request.state, "user", None)
    html = environment(lang).get_template(name).render(
        request=request,
        user=user,
        csrf=csrf_token(request),
        path=request.url.path,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def _signed(v: float | None, lang: str, digits: int = 1) -> str:
    """A change with its sign, judged after rounding: −0.04 shows as 0.0, not as −0.0."""
    if v is None:
        return "—"
    shown = round(float(v), digits)
    sign = "+" if shown > 0 else "−" if shown < 0 else ""
    return sign + fmt_number(abs(shown), lang, digits)
