"""No N+1: the SQL statements a page runs do not grow with the rows it shows.

Each page is requested, more rows are added (tickets in the queue, events on a ticket), and the
page is requested again: the number of statements the desk's engine executed (counted by a
SQLAlchemy ``before_cursor_execute`` listener) must be the same. The league table and
scorecards read the published snapshot, so their count must be equal across quarters and
departments, and the league table's below the number of departments it lists (one query per
department would reach it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from sushasan.web.pagecache import PageCache
from sushasan.web.reviews import ReviewCache
from tests.web.conftest import OWN, QUARTER, csrf_of, login
from tests.web.ticketdata import open_ticket


@contextmanager
def statements(web: FastAPI) -> Iterator[list[str]]:
    """The SQL the desk runs inside the block, statement by statement."""
    engine = web.state.core.desk.engine
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        seen.append(sql)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def cost(web: FastAPI, client: TestClient, path: str) -> int:
    """Statements for one uncached view of ``path`` (rendered pages and parsed reviews
    forgotten first, so every page pays for reading its snapshot)."""
    web.state.pages = PageCache()
    web.state.reviews = ReviewCache(web.state.core)
    with statements(web) as seen:
        r = client.get(path)
    assert r.status_code == 200, (path, r.status_code)
    return len(seen)


@pytest.fixture(scope="module")
def admin(web: FastAPI) -> TestClient:
    return login(TestClient(web), "admin")


def test_league_and_scorecard_read_a_constant_number_of_statements(
    web: FastAPI, admin: TestClient
) -> None:
    departments = len(web.state.core.departments())
    league = {q: cost(web, admin, f"/league/{q}") for q in ("2024Q2", QUARTER)}
    cards = {d: cost(web, admin, f"/departments/{d}/{QUARTER}") for d in (OWN, "health")}
    assert len(set(league.values())) == 1, league
    assert len(set(cards.values())) == 1, cards
    # One query per department listed would reach the number of departments.
    assert max(league.values()) < departments, league


def test_queue_page_statements_do_not_grow_with_its_rows(web: FastAPI, admin: TestClient
                                                         ) -> None:
    path = f"/tickets?department={OWN}&state=all"
    open_ticket(web, OWN, days_ago=0.5)
    few = cost(web, admin, path)
    for _ in range(60):  # more than a page of 50
        open_ticket(web, OWN, days_ago=0.5)
    many = cost(web, admin, path)
    assert many == few, (few, many)
    open_ticket(web, None, days_ago=0.5)  # an empty page skips reading pauses: not a row cost
    triage = cost(web, admin, "/tickets?triage=true")
    for _ in range(5):
        open_ticket(web, None, days_ago=0.5)
    assert cost(web, admin, "/tickets?triage=true") == triage


def test_ticket_page_statements_do_not_grow_with_its_events(web: FastAPI, admin: TestClient
                                                            ) -> None:
    docket = open_ticket(web, OWN, days_ago=0.5)
    few = cost(web, admin, f"/tickets/{docket}")
    for name in ("acknowledge", "start", "pause", "resume"):
        token = csrf_of(admin.get(f"/tickets/{docket}").text)
        r = admin.post(f"/tickets/{docket}/{name}", data={"csrf_token": token,
                                                        "reason": "waiting for the citizen"},
                       follow_redirects=False)
        assert r.status_code == 303, (name, r.status_code)
    many = cost(web, admin, f"/tickets/{docket}")
    assert many == few, (few, many)
