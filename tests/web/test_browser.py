"""The dashboard in a real browser: Debian's Chromium driven by Playwright over a live uvicorn.

Signs in as each role, switches language, opens a scorecard (the Vega-Lite chart must render
under the strict CSP), follows a drill-down, saves screenshots to test-artifacts/screenshots/
and runs axe-core: no serious or critical violations. Marked ``browser``: without Debian's
/usr/bin/chromium (or Playwright) they skip, and with SUSHASAN_REQUIRE_BROWSER=1 (CI) a missing
browser is a failure (tests/parts.py).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from tests.parts import CHROMIUM
from tests.web.conftest import OTHER, OWN, PASSWORDS, QUARTER

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_PATHS = (
    ROOT / "src" / "sushasan" / "audit" / "static" / "axe.min.js",
    ROOT / "src" / "sushasan" / "web" / "static" / "vendor" / "axe.min.js",
)

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(web: FastAPI) -> Iterator[str]:
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(web, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright import sync_api  # only here: a machine without the browser never needs it

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


class Page:
    """One browser tab that records console errors (CSP violations show up there)."""

    def __init__(self, browser: Any, base: str, phone: bool = False) -> None:
        size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        self.context = browser.new_context(viewport=size, locale="en-IN")
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def go(self, path: str) -> Any:
        return self.page.goto(self.base + path)

    def login(self, role: str) -> None:
        self.go("/login")
        self.page.fill("#username", role)
        self.page.fill("#password", PASSWORDS[role])
        self.page.click("button[type=submit].primary")
        self.page.wait_for_url("**/league/*")

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def axe(self) -> list[dict[str, Any]]:
        source = next(p for p in AXE_PATHS if p.exists()).read_text(encoding="utf-8")
        self.page.evaluate(source)  # evaluated by the driver, not a page <script>: CSP holds
        result = self.page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]

    def close(self) -> None:
        self.context.close()


def _summary(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}" for v in violations
    )


@pytest.mark.parametrize("role", ["admin", "reviewer", "officer"])
def test_sign_in_and_league_table(browser: Any, server: str, role: str) -> None:
    tab = Page(browser, server)
    try:
        tab.login(role)
        assert tab.page.locator("table.league tbody tr").count() == 6
        assert tab.page.locator("tr.top").count() == 3
        tab.shot(f"league-{role}-{tab.page.locator('html').get_attribute('lang')}")
        bad = tab.axe()
        assert not bad, _summary(bad)
        assert not tab.errors, tab.errors
    finally:
        tab.close()


def test_officer_switches_language_and_opens_scorecard(browser: Any, server: str) -> None:
    tab = Page(browser, server)
    page = tab.page
    try:
        tab.login("officer")
        start = page.locator("html").get_attribute("lang")
        page.click("[data-testid=lang-switch]")
        page.wait_for_load_state()
        switched = page.locator("html").get_attribute("lang")
        assert switched != start
        if switched != "hi":  # make sure we end in Hindi
            page.click("[data-testid=lang-switch]")
            page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "hi"
        assert page.locator("h1").first.inner_text().startswith("रैंकिंग तालिका")
        tab.shot("league-officer-hi")
        page.click(f"a[href='/departments/{OWN}/{QUARTER}']")
        page.wait_for_selector("#pillar-chart[data-rendered=true] svg", timeout=15000)
        assert "परिवहन विभाग" in page.locator("h1").inner_text()
        tab.shot("scorecard-officer-hi")
        bad = tab.axe()
        assert not bad, _summary(bad)
        # Another department's scorecard is a 404 for this officer.
        assert tab.go(f"/departments/{OTHER}/{QUARTER}").status == 404
        # Drill down from an indicator to its posts, then load more with htmx.
        tab.go(f"/departments/{OWN}/{QUARTER}")
        page.click(f"a[href='/departments/{OWN}/{QUARTER}/indicators/posts']")
        rows = page.locator("table.records tbody tr:not(.more)")
        first = rows.count()
        page.click("tr.more a")
        rows.nth(first).wait_for()  # htmx appended the next page of rows
        tab.shot("drill-officer-hi")
        page.click("[data-testid=lang-switch]")
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "en"
        tab.go(f"/departments/{OWN}/{QUARTER}")
        page.wait_for_selector("#pillar-chart[data-rendered=true] svg", timeout=15000)
        tab.shot("scorecard-officer-en")
        assert not [e for e in tab.errors if "404" not in e], tab.errors
    finally:
        tab.close()


def test_public_page_and_phone_layout(browser: Any, server: str) -> None:
    tab = Page(browser, server, phone=True)
    try:
        tab.go("/public")
        assert tab.page.locator("table.league tbody tr").count() == 6
        tab.shot("public-phone")
        bad = tab.axe()
        assert not bad, _summary(bad)
        tab.login("admin")
        tab.shot("league-admin-phone")
        tab.go("/admin/registry/tourism")
        tab.shot("registry-edit-admin-phone")
        bad = tab.axe()
        assert not bad, _summary(bad)
        assert not tab.errors, tab.errors
    finally:
        tab.close()
