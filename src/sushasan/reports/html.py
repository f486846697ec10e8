"""A self-contained bilingual HTML report (no CDN: review machines are often offline)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from sushasan.analytics.indicators import INDICATORS
from sushasan.words import named

__all__ = ["render_html", "write_html"]

_env = Environment(
    loader=PackageLoader("sushasan.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(review: dict[str, Any]) -> str:
    names = {d["id"]: d for d in review["departments"]}
    return _env.get_template("review.html.j2").render(
        r=review,
        L=named(),
        indicators=INDICATORS,
        pillars=list(review["method"]["weights"]["pillars"]),
        top3=[names[i] for i in review["top3"]],
    )


def write_html(review: dict[str, Any], path: Path) -> Path:
    path.write_text(render_html(review), encoding="utf-8")
    return path
