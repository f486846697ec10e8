"""The dashboard: a bilingual FastAPI + Jinja2 + htmx shell over the core (``create_app``)."""

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # Lazily: the CLI registers the dashboard's commands from this package, and a review should
    # not pay for importing FastAPI, the templates and the PDF writers it never uses.
    if name == "create_app":
        from sushasan.web.app import create_app

        return create_app
    raise AttributeError(name)
