"""The dashboard: a bilingual FastAPI + Jinja2 + htmx shell over the core (``create_app``)."""

from sushasan.web.app import create_app

__all__ = ["create_app"]
