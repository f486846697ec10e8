"""The grievance desk in a real browser: an officer works a ticket from the queue to disposal.

Debian's Chromium under Playwright over a live uvicorn (fixtures from test_browser.py): the
officer opens the queue, opens a ticket, disposes of it by filling the reply, and sees the
disposal in the audit trail; the review cell's view shows the text redacted. Screenshots go to
test-artifacts/screenshots/ticket-*.png; axe-core must find no serious or critical violations.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from tests.web.conftest import OWN
from tests.web.test_browser import Page, _summary, browser, server
from tests.web.ticketdata import AADHAAR_OK, EMAIL, PHONE, PII_TEXT, open_ticket

__all__ = ["browser", "server"]  # fixtures, re-exported for pytest
pytestmark = pytest.mark.browser


def _no_bad(tab: Page) -> None:
    bad = tab.axe()
    assert not bad, _summary(bad)


def test_officer_disposes_a_ticket_from_the_queue(
    browser: Any, server: str, web: FastAPI
) -> None:
    docket = open_ticket(web, OWN, PII_TEXT + ' <b>"ज़रूरी"</b>', language="hi", days_ago=900)
    tab = Page(browser, server)
    page = tab.page
    try:
        tab.login("officer")
        if page.locator("html").get_attribute("lang") != "en":
            page.click("[data-testid=lang-switch]")
            page.wait_for_load_state()
        page.click("nav a[href='/tickets']")
        page.wait_for_url("**/tickets")
        assert page.locator("table.queue tbody tr").count() >= 1
        tab.shot("ticket-queue-officer-en")
        _no_bad(tab)
        page.click(f"a[href='/tickets/{docket}']")
        page.wait_for_url(f"**/tickets/{docket}")
        text = page.locator("[data-testid=ticket-text]").inner_text()
        assert AADHAAR_OK in text and PHONE in text and EMAIL in text  # the owning officer
        assert '<b>"ज़रूरी"</b>' in text  # shown as written, not as markup
        tab.shot("ticket-officer-en")
        _no_bad(tab)
        form = page.locator("form[data-action=dispose]")
        form.locator("select[name=resolution]").select_option("resolved")
        form.locator("textarea[name=reply]").fill("बस सेवा बहाल कर दी गई है। Bus restored.")
        form.locator("button[type=submit]").click()
        page.wait_for_selector(".banner.done")
        assert page.locator("[data-testid=ticket-state]").inner_text() == "Disposed"
        last = page.locator("table.trail tbody tr").last.inner_text()
        assert "Disposal" in last and "Disposed" in last and "web:officer" in last
        tab.shot("ticket-disposed-officer-en")
        _no_bad(tab)
        page.click("[data-testid=lang-switch]")
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "hi"
        assert page.locator("[data-testid=ticket-state]").inner_text() == "निस्तारित"
        tab.shot("ticket-disposed-officer-hi")
        _no_bad(tab)
        tab.go("/tickets?state=all")
        tab.shot("ticket-queue-officer-hi")
        _no_bad(tab)
        assert not tab.errors, tab.errors
    finally:
        tab.close()


def test_admin_sees_redacted_text_and_more_rows_on_a_phone(
    browser: Any, server: str, web: FastAPI
) -> None:
    docket = open_ticket(web, OWN, PII_TEXT, language="hi", days_ago=950)
    for i in range(55):
        open_ticket(web, "police", f"thana mein FIR nahi likhi {i}")
    tab = Page(browser, server, phone=True)
    page = tab.page
    try:
        tab.login("admin")
        tab.go(f"/tickets/{docket}")
        text = page.locator("[data-testid=ticket-text]").inner_text()
        assert AADHAAR_OK not in text and PHONE not in text and EMAIL not in text
        assert "[aadhaar]" in text
        assert page.locator("form[data-action=transfer]").count() == 1
        tab.shot(f"ticket-admin-phone-{page.locator('html').get_attribute('lang')}")
        _no_bad(tab)
        tab.go("/tickets?department=police")
        rows = page.locator("table.queue tbody tr:not(.more)")
        first = rows.count()
        assert first == 50
        page.click("tr.more a")
        rows.nth(first).wait_for()  # htmx appended the next page
        tab.shot("ticket-queue-admin-phone")
        _no_bad(tab)
        assert not tab.errors, tab.errors
    finally:
        tab.close()
