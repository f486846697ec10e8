"""Public replies in a real browser: the nodal officer (admin) approves an officer's reply on
the ticket page and sees it queued, in English and Hindi; axe-core finds no serious or critical
violations in the replies section or the queue's reply column. Screenshots go to
test-artifacts/screenshots/reply-*.png."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from sushasan.words import word
from tests.web.conftest import OWN
from tests.web.test_browser import Page, _summary, browser, server
from tests.web.ticketdata import open_ticket

__all__ = ["browser", "server"]  # fixtures, re-exported for pytest
pytestmark = pytest.mark.browser


def test_the_nodal_officer_approves_a_reply_on_the_ticket_page(
        browser: Any, server: str, web: FastAPI, reply_approval: None) -> None:
    from sushasan.grievances.tickets.desk import Actor
    from sushasan.grievances.tickets.lifecycle import Action

    docket = open_ticket(web, OWN, days_ago=5000)
    web.state.core.grievances.tickets.act(docket, Action("acknowledge"),
                                          Actor("web:officer", "officer", OWN))
    tab = Page(browser, server)
    page = tab.page
    try:
        tab.login("admin")
        if page.locator("html").get_attribute("lang") != "en":
            page.click("[data-testid=lang-switch]")
            page.wait_for_load_state()
        tab.go(f"/tickets/{docket}")
        reply = page.locator("[data-testid=reply]")
        assert reply.get_attribute("data-state") == "awaiting_approval"
        tab.shot("reply-awaiting-admin-en")
        bad = tab.axe()
        assert not bad, _summary(bad)
        reply.locator("form[data-action=reply-approve] button").click()
        page.wait_for_selector(".banner.done")
        assert page.locator("[data-testid=reply]").get_attribute("data-state") == "queued"
        assert "Queued for posting" in page.locator("[data-testid=reply]").inner_text()
        page.click("[data-testid=lang-switch]")
        page.wait_for_load_state()
        assert word("reply:queued", "hi") in page.locator("[data-testid=reply]").inner_text()
        tab.shot("reply-queued-admin-hi")
        bad = tab.axe()
        assert not bad, _summary(bad)
        tab.go("/tickets")
        assert page.locator("[data-testid=replies-cell]").count() >= 1
        bad = tab.axe()
        assert not bad, _summary(bad)
        page.click("[data-testid=lang-switch]")  # leave the shared user in English
        page.wait_for_load_state()
        assert not tab.errors, tab.errors
    finally:
        tab.close()
