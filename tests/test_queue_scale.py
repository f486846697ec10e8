"""The queue at scale, on SQLite and PostgreSQL: keyset pages and the maintained counts.

Keyset pages (``after`` = the last ticket's receipt time and docket) must give every ticket
exactly once in the order offset pages give, even when tickets change state between two pages;
the maintained ``ticket_counts`` must equal a full count after opening, acting, transferring,
routing, merging and the sample simulation's bulk replay.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from sushasan.desk import Desk, ticket_counts
from sushasan.desk.trail import Trail
from sushasan.grievances.tickets.calendar import load_calendar
from sushasan.grievances.tickets.deadlines import DeadlinePolicy
from sushasan.grievances.tickets.desk import SYSTEM, GrievanceDesk
from sushasan.grievances.tickets.lifecycle import Action
from sushasan.registry import Department
from tests.test_grievance_tickets import ADMIN, MONDAY, WATER, Clock, _new


@pytest.fixture
def gd(desk: Desk) -> GrievanceDesk:
    desk.upsert_departments([Department(d, d, "विभाग") for d in ("water", "power", "roads")],
                            Trail("test"))
    return GrievanceDesk(desk, load_calendar(), DeadlinePolicy(), desk.department_ids(),
                         clock=Clock(MONDAY + timedelta(days=1)))


def _spread(gd: GrievanceDesk, n: int) -> None:
    """``n`` tickets, several sharing a receipt time (the cursor's tie-break is the docket)."""
    items = []
    for i in range(n):
        items.append(replace(_new(i, dept=("water", "power", None)[i % 3]),
                             received_at=MONDAY + timedelta(minutes=i // 4)))
    gd.open(items)


def test_keyset_pages_give_every_ticket_once_in_order(gd: GrievanceDesk) -> None:
    _spread(gd, 37)
    whole = [t.docket for t in gd.list(SYSTEM, limit=1000)]
    pages, after = [], None
    while True:
        page = gd.list(SYSTEM, limit=5, after=after)
        if not page:
            break
        pages.extend(t.docket for t in page)
        after = (page[-1].received_at, page[-1].docket)
        # A ticket already shown changes state meanwhile: the next page neither skips nor repeats.
        if page[0].needs_triage:
            gd.act(page[0].docket, Action("not_grievance", reason="spam"), ADMIN)
    assert pages == whole
    assert len(set(pages)) == 37


def test_keyset_pages_keep_the_filters(gd: GrievanceDesk) -> None:
    _spread(gd, 30)
    first = gd.list(WATER, state="open", limit=4)
    rest = gd.list(WATER, state="open", limit=100, after=(first[-1].received_at,
                                                          first[-1].docket))
    assert {t.department_id for t in first + rest} == {"water"}
    assert len(first) + len(rest) == 10


def test_maintained_counts_equal_a_full_count(gd: GrievanceDesk) -> None:
    _spread(gd, 24)
    tickets = gd.list(SYSTEM, limit=100)
    water = [t for t in tickets if t.department_id == "water"]
    queued = [t for t in tickets if t.needs_triage]
    gd.act(water[0].docket, Action("acknowledge"), WATER)
    gd.act(water[1].docket, Action("transfer", department_id="power", reason="theirs"), WATER)
    gd.act(queued[0].docket, Action("route", department_id="roads", reason="roads"), ADMIN)
    gd.act(queued[1].docket, Action("not_grievance", reason="spam"), ADMIN)
    gd.act(water[2].docket, Action("merge", into=water[3].docket, reason="same"), WATER)
    with gd.transaction() as conn:
        kept = {k: n for k, n in ticket_counts.recount(conn).items()}
        maintained = {(d, s, t): n for (d, s, t), n in _rows(conn).items() if n}
    assert maintained == kept
    assert gd.count_by_state(SYSTEM) == gd.count_by_state(SYSTEM, sample=False)
    assert gd.count_by_state(WATER) == gd.count_by_state(WATER, sample=False)
    assert gd.count_by_state(ADMIN, department_id="power", triage=False) == \
        gd.count_by_state(ADMIN, department_id="power", triage=False, sample=False)
    assert gd.count_by_state(WATER, department_id="power") == {}


def _rows(conn: object) -> dict[tuple[str, str, bool], int]:
    from sqlalchemy import select

    from sushasan.desk.tables import ticket_counts as table

    return {(r.department_id, r.state, bool(r.needs_triage)): r.n
            for r in conn.execute(select(table))}  # type: ignore[attr-defined]
