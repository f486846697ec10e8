"""No dashboard page is wider than a phone: at a 390 px viewport the page never scrolls sideways.
(And no page shows doubled brackets or a "(s)" plural.)

Wide tables may scroll inside their own box (``.table-wrap``), but the page itself must fit:
a department ``<select>`` once made the ticket queue 741 px wide. Each page is opened in Hindi
and English; every ``<select>`` first gets an option as long as the longest department name of
the Uttarakhand registry (the test site's names are short), and the scorecard is measured after
its chart has drawn. Fixtures from test_browser.py (Debian's Chromium, a live uvicorn).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from sushasan.app import DEFAULT_REGISTRY
from sushasan.registry import load_registry_file
from tests.web.conftest import OWN, PASSWORDS, QUARTER
from tests.web.test_browser import CHROMIUM, browser, server
from tests.web.ticketdata import open_ticket

__all__ = ["browser", "server"]  # fixtures, re-exported for pytest
pytestmark = pytest.mark.browser  # skips without Chromium, fails then in CI (tests/parts.py)

PHONE = {"width": 390, "height": 844}
LONGEST = max(
    (n for d in load_registry_file(DEFAULT_REGISTRY) for n in (d.name_en, d.name_hi)), key=len
)
PAGES = [
    ("public", "/login"),
    ("public", "/public"),
    ("admin", f"/league/{QUARTER}"),
    ("officer", f"/league/{QUARTER}"),
    ("admin", f"/departments/{OWN}/{QUARTER}"),
    ("admin", f"/departments/{OWN}/{QUARTER}/indicators/posts"),
    ("admin", "/tickets"),
    ("officer", "/tickets"),
    ("admin", "/tickets?triage=true"),
    ("admin", "/tickets/{docket}"),
    ("officer", "/tickets/{docket}"),
    ("admin", "/admin/registry"),
    ("admin", "/admin/registry/tourism"),
    ("admin", "/admin/registry/new"),
    ("admin", "/admin/reviews"),
    ("admin", "/no-such-page"),
]
_WIDEN_SELECTS = """(name) => document.querySelectorAll('select').forEach(s => {
    const o = document.createElement('option'); o.textContent = name; s.appendChild(o); })"""
_TOO_WIDE = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''))"""


@pytest.fixture(scope="module")
def docket(web: FastAPI) -> str:
    return open_ticket(web, OWN, "बस सेवा तीन दिन से बंद है, Pauri bus nahi aayi", language="hi")


@pytest.mark.parametrize("lang", ["hi", "en"])
@pytest.mark.parametrize(("role", "path"), PAGES)
def test_no_page_is_wider_than_a_phone(
    browser: Any, server: str, docket: str, role: str, path: str, lang: str
) -> None:
    assert CHROMIUM.exists()
    context = browser.new_context(viewport=PHONE, locale="hi-IN" if lang == "hi" else "en-IN")
    page = context.new_page()
    switched = False
    try:
        if role != "public":
            page.goto(server + "/login")
            page.fill("#username", role)
            page.fill("#password", PASSWORDS[role])
            page.click("button[type=submit].primary")
            page.wait_for_url("**/league/*")
        page.goto(server + path.format(docket=docket))
        switched = page.locator("html").get_attribute("lang") != lang
        if switched:  # the user's stored choice wins over the browser's; put it back after
            _switch(page)
        assert page.locator("html").get_attribute("lang") == lang
        if "/departments/" in path and "/indicators/" not in path:
            page.wait_for_selector("#pillar-chart[data-rendered=true] svg", timeout=15000)
        page.evaluate(_WIDEN_SELECTS, LONGEST)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (width, page.evaluate(_TOO_WIDE))
        text = page.evaluate("document.body.innerText")
        for bad in ("((", "))", "(s)"):  # "user (Review cell (administrator))" once
            assert bad not in text, (bad, text[max(0, text.find(bad) - 60):text.find(bad) + 20])
    finally:
        if switched:
            _switch(page)
        context.close()


def _switch(page: Any) -> None:
    page.click("[data-testid=lang-switch]")
    page.wait_for_load_state()
