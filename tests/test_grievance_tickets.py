"""Tickets through the actions layer on SQLite and PostgreSQL: states, rules, scope, audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from sushasan.desk import Desk
from sushasan.desk.trail import Trail
from sushasan.errors import NotFoundError, TicketError
from sushasan.grievances.tickets.calendar import load_calendar
from sushasan.grievances.tickets.deadlines import DeadlinePolicy
from sushasan.grievances.tickets.desk import SYSTEM, Actor, GrievanceDesk, NewTicket
from sushasan.grievances.tickets.lifecycle import Action
from sushasan.registry import Department

ADMIN = Actor("cell", "admin")
WATER = Actor("officer-w", "officer", "water")
POWER = Actor("officer-p", "officer", "power")
# Monday 2 September 2024, 10:00 IST
MONDAY = datetime(2024, 9, 2, 4, 30, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def days(self, n: float) -> None:
        self.now += timedelta(days=n)


def _new(i: int, dept: str | None = "water", sample: bool = False) -> NewTicket:
    return NewTicket(
        platform="x", interaction_id=f"i{i}", text=f"paani nahi aa raha ward {i}, call 9876543210",
        received_at=MONDAY, department_id=dept, needs_triage=dept is None, routing_score=0.9,
        routing_reasons=("keyword: paani → water",), grievance_score=0.95, language="hinglish",
        author_handle="citizen", addressed_department_id=dept, place=None, district=None,
        sample=sample,
    )


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY)


@pytest.fixture
def gd(desk: Desk, clock: Clock) -> GrievanceDesk:
    desk.upsert_departments([Department(d, d, "विभाग") for d in ("water", "power", "roads",
                                                                   "health", "forest")],
                            Trail("test"))
    return GrievanceDesk(desk, load_calendar(), DeadlinePolicy(), desk.department_ids(),
                         clock=clock)


def test_a_ticket_lives_through_every_state_with_an_audit_row_each(
    gd: GrievanceDesk, clock: Clock
) -> None:
    (t,) = gd.open([_new(1)])
    assert t.docket == "SUS-2024-000001" and t.state == "received"
    first_due = t.due_at
    steps = [
        Action("acknowledge"), Action("start"),
        Action("pause", reason="asked for the consumer number"), Action("resume"),
        Action("dispose", resolution="resolved", reply="Pipeline repaired"),
        Action("rate", rating=1),
        Action("dispose", resolution="resolved", reply="Fixed again, supply restored"),
        Action("rate", rating=5),
    ]
    states = []
    for a in steps:
        clock.days(1)
        states.append(gd.act(t.docket, a, WATER).state)
    assert states == ["acknowledged", "in_progress", "waiting_citizen", "in_progress", "disposed",
                      "appeal", "disposed", "closed"]
    t = gd.get(t.docket, ADMIN)
    assert t.reopen_count == 1 and t.rating == 5 and t.due_at > first_due  # paused a day
    trail = gd.events(t.docket, ADMIN)
    assert [e.action for e in trail] == ["open", "acknowledge", "start", "pause", "resume",
                                         "dispose", "reopen", "dispose", "rate"]
    assert all(e.actor == "officer-w" for e in trail[1:])
    assert trail[6].details["rating"] == 1 and trail[3].reason == "asked for the consumer number"


def test_transfers_need_a_reason_stop_at_three_and_not_ours_is_no_disposal(
    gd: GrievanceDesk,
) -> None:
    (t,) = gd.open([_new(1)])
    with pytest.raises(TicketError, match="reason"):
        gd.act(t.docket, Action("transfer", department_id="power"), ADMIN)
    with pytest.raises(TicketError, match="does not concern us"):
        gd.act(t.docket, Action("dispose", resolution="not_concerned", reply="not ours"), ADMIN)
    with pytest.raises(TicketError, match="unknown department"):
        gd.act(t.docket, Action("transfer", department_id="nowhere", reason="x"), ADMIN)
    for to in ("power", "roads", "health"):
        t = gd.act(t.docket, Action("transfer", department_id=to, reason=f"concerns {to}"), ADMIN)
    assert t.transfer_count == 3 and t.department_id == "health"
    with pytest.raises(TicketError, match="3 times"):
        gd.act(t.docket, Action("transfer", department_id="forest", reason="again"), ADMIN)
    assert gd.get(t.docket, ADMIN).due_at == t.due_at  # the citizen's clock kept running


def test_an_officer_sees_only_their_department_and_a_reviewer_cannot_act(
    gd: GrievanceDesk,
) -> None:
    water, power = gd.open([_new(1, "water"), _new(2, "power")])
    assert [t.docket for t in gd.list(WATER)] == [water.docket]
    with pytest.raises(NotFoundError) as other:
        gd.get(power.docket, WATER)
    with pytest.raises(NotFoundError) as missing:
        gd.get("SUS-2024-999999", WATER)
    assert str(other.value).replace(power.docket, "D") == str(missing.value).replace(
        "SUS-2024-999999", "D")
    with pytest.raises(NotFoundError):
        gd.act(power.docket, Action("acknowledge"), WATER)
    with pytest.raises(TicketError, match="reviewers"):
        gd.act(water.docket, Action("acknowledge"), Actor("rev", "reviewer"))
    assert len(gd.list(Actor("rev", "reviewer"))) == 2


def test_the_audit_trail_cannot_be_edited_even_by_sql(gd: GrievanceDesk, desk: Desk) -> None:
    (t,) = gd.open([_new(1)])
    gd.act(t.docket, Action("acknowledge"), WATER)
    for stmt in ("UPDATE ticket_events SET actor = 'someone else'", "DELETE FROM ticket_events"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), desk.begin() as conn:
            conn.execute(sa.text(stmt))
    assert len(gd.events(t.docket, ADMIN)) == 2


def test_escalation_twice_at_the_same_time_escalates_once(
    gd: GrievanceDesk, clock: Clock
) -> None:
    (t,) = gd.open([_new(1)])
    clock.days(3)
    assert gd.escalate_due() == 0
    clock.days(8)  # Thu 12 Sep: 7 working days after Monday 2 Sep have passed
    assert gd.escalate_due() == 1
    assert gd.escalate_due() == 0
    t = gd.get(t.docket, ADMIN)
    assert t.level == 1
    clock.days(60)
    gd.escalate_due()
    assert gd.get(t.docket, ADMIN).level == 3  # the top of the chain, not beyond
    assert [e.action for e in gd.events(t.docket, ADMIN)].count("escalate") == 2


def test_a_stale_copy_cannot_overwrite_a_newer_change(gd: GrievanceDesk, clock: Clock) -> None:
    from sushasan.grievances.tickets.lifecycle import apply

    (t,) = gd.open([_new(1)])
    stale = gd.get(t.docket, ADMIN)
    clock.days(1)
    gd.act(t.docket, Action("acknowledge"), WATER)
    new, event = apply(stale, Action("start"), clock(), "x", gd.calendar, gd.policy)
    with pytest.raises(TicketError, match="changed by someone else"), gd.transaction() as conn:
        gd._save(conn, stale, new, [event])


def test_merge_triage_route_and_dockets_keep_sample_apart(gd: GrievanceDesk) -> None:
    a, b, q = gd.open([_new(1), _new(2), _new(3, None)])
    (s,) = gd.open([_new(4, sample=True)])
    assert s.docket == "SMP-2024-000001" and q.docket == "SUS-2024-000003"
    assert gd.act(b.docket, Action("merge", into=a.docket), WATER).state == "merged"
    with pytest.raises(TicketError, match="merged"):
        gd.act(q.docket, Action("merge", into=b.docket), ADMIN)
    with pytest.raises(TicketError, match="review cell"):
        gd.act(q.docket, Action("route", department_id="water"), WATER)
    routed = gd.act(q.docket, Action("route", department_id="water"), ADMIN)
    assert routed.department_id == "water" and not routed.needs_triage
    assert routed.transfer_count == 0
    with pytest.raises(sa.exc.IntegrityError):  # one ticket per interaction, whatever happens
        gd.open([_new(1)])
    assert gd.count_by_state(SYSTEM, sample=False) == {"received": 2, "merged": 1}


def test_deadlines_survive_the_database_round_trip_to_the_minute(gd: GrievanceDesk) -> None:
    from sushasan.grievances.tickets.deadlines import disposal_due

    (t,) = gd.open([_new(1)])
    stored = gd.get(t.docket, ADMIN)
    expected = disposal_due(MONDAY, (), gd.calendar, gd.policy)
    assert expected is not None and stored.due_at == expected  # the same instant, any offset
    assert stored.due_at.astimezone(expected.tzinfo).strftime("%Y-%m-%d %H:%M") == \
        expected.strftime("%Y-%m-%d %H:%M")


def test_threads_do_not_share_a_transaction(gd: GrievanceDesk) -> None:
    import threading

    gd.open([_new(i) for i in range(1, 6)])
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(20):
                with gd.transaction():
                    gd.list(ADMIN)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []


def test_the_docket_year_is_india_s_year() -> None:
    from sushasan.grievances.tickets.desk import docket_prefix

    new_year_ist = datetime(2024, 12, 31, 19, 0, tzinfo=UTC)  # 1 Jan 2025, 00:30 IST
    assert docket_prefix(new_year_ist, sample=False) == "SUS-2025"
    assert docket_prefix(new_year_ist, sample=True) == "SMP-2025"
