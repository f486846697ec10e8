"""Officers' work on the SAMPLE desk, played from a seed so the demo shows every ticket state.

Only sample tickets are touched, and only those nobody has acted on yet, so running it twice
changes nothing. Every change goes through :func:`sushasan.grievances.tickets.lifecycle.apply` —
the same rules as a real officer's action — with a simulated clock; escalation checks run before
each action as the worker would have run them. The result is written in bulk because a sample
quarter holds thousands of tickets. The sample desk's "now" is the day it was played up to
(:func:`shown_now`).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import select

from sushasan import progress
from sushasan.desk.store import Desk
from sushasan.desk.tables import ticket_events, tickets
from sushasan.desk.trail import Trail
from sushasan.errors import SushasanError, TicketError
from sushasan.grievances.tickets.desk import GrievanceDesk, _utc
from sushasan.grievances.tickets.lifecycle import POOR_RATING, Action, Event, Ticket, apply
from sushasan.words import slashed

__all__ = ["AS_OF_META", "SimulationResult", "played_up_to", "shown_now", "simulate"]

AS_OF_META = "sample_desk_as_of"
#: The sample desk is played up to this many days after its newest ticket, so that it looks like
#: a working desk: recent tickets open and mostly within their deadline, the last days' unclear
#: messages still waiting in the triage queue, older ones disposed.
AFTER_LAST_DAYS = 2
#: Of the tickets a department overlooks, the share nobody ever takes up (the rest are worked
#: once the escalation has reached the officer's superior).
_FORGOTTEN = 0.25


@dataclass
class SimulationResult:
    tickets: int = 0
    events: int = 0
    as_of: datetime | None = None
    states: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Habits:
    """How one department works its queue; drawn once per department from the seed."""

    ignore: float
    median_days: float
    transfer: float
    pause: float
    interim: float


def _rng(seed: int, *parts: str) -> np.random.Generator:
    return np.random.default_rng([seed, *(zlib.crc32(p.encode()) for p in parts)])


def _habits(seed: int, department_id: str) -> _Habits:
    r = _rng(seed, "habits", department_id)
    return _Habits(
        ignore=float(r.uniform(0.0, 0.10)),
        median_days=float(r.uniform(2.0, 20.0)),
        transfer=float(r.uniform(0.02, 0.10)),
        pause=float(r.uniform(0.02, 0.08)),
        interim=float(r.uniform(0.2, 0.9)),
    )


class _Play:
    """One ticket's simulated life: actions in time order, escalation checks in between."""

    def __init__(self, desk: GrievanceDesk, t: Ticket, as_of: datetime) -> None:
        self.desk, self.t, self.as_of = desk, t, as_of
        self.events: list[Event] = []
        self.labels: list[dict[str, object]] = []

    def at(self, when: datetime, action: Action, actor: str) -> bool:
        if when > self.as_of:
            return False
        self.check(when)
        try:
            self.t, event = apply(self.t, action, when, actor, self.desk.calendar,
                                  self.desk.policy, self.desk.departments)
        except TicketError:
            return False
        self.events.append(event)
        return True

    def check(self, when: datetime) -> None:
        """The daily escalation check at 09:00 UTC on every day up to `when`."""
        day = (self.t.level_started_at or self.t.received_at).replace(
            hour=9, minute=0, second=0, microsecond=0)
        while day <= when:
            step = self.desk.escalation(self.t, day)
            if step is not None:
                self.t, event = step
                self.events.append(event)
            day += timedelta(days=1)


#: The sample officers' work is attributed to the simulation, never to a person.
_TRAIL = Trail("sample:simulation")


def simulate(
    desk: GrievanceDesk, seed: int, as_of: datetime | None = None,
    departments: list[str] | None = None,
) -> SimulationResult:
    """Play the seeded officers' work on untouched sample tickets up to `as_of`."""
    with desk.transaction() as conn:
        acted = select(ticket_events.c.docket).where(ticket_events.c.action != "open")
        rows = conn.execute(
            select(tickets).where(tickets.c.sample.is_(True), tickets.c.state == "received",
                                  tickets.c.docket.notin_(acted))
            .order_by(tickets.c.received_at, tickets.c.docket)
        ).all()
        if not rows:
            return SimulationResult()
        items = desk._tickets(conn, rows)
        if as_of is None:  # the desk a few days after its newest message, as a cell sees it
            as_of = max(t.received_at for t in items) + timedelta(days=AFTER_LAST_DAYS)
        as_of = _utc(as_of)
        assert as_of is not None
        pool = sorted(departments or desk.departments)
        if not pool:
            raise SushasanError("the registry is empty: run `sushasan init` first")
        result = SimulationResult(as_of=as_of)
        plays: list[_Play] = []
        latest: dict[str, _Play] = {}  # department → its latest play, a duplicate's target
        for t in progress.track(items, slashed("Simulating officers' work")):
            prev = latest.get(t.department_id or "")
            if prev is not None and prev.t.is_open and _rng(seed, "dup", t.docket).random() < 0.01:
                play = _Play(desk, t, as_of)
                play.at(t.received_at + timedelta(hours=6),
                        Action("merge", into=prev.t.docket, reason=f"duplicate of {prev.t.docket}"),
                        f"sample:officer:{t.department_id}")
            else:
                play = _play(desk, t, seed, as_of, pool)
            plays.append(play)
            if t.department_id:
                latest[t.department_id] = play
        desk.replay(conn, [(old, p.t, p.events, p.labels)
                           for old, p in zip(items, plays, strict=True)])
        for p in plays:
            result.tickets += 1
            result.events += len(p.events)
            result.states[p.t.state] = result.states.get(p.t.state, 0) + 1
        _TRAIL.record(conn, "tickets.simulate", "ticket", "sample", None, {
            "seed": seed, "as_of": as_of.isoformat(), "tickets": result.tickets,
            "events": result.events, "states": dict(sorted(result.states.items())),
        })
    desk.desk.set_meta(AS_OF_META, as_of.isoformat(), _TRAIL)
    return result


def played_up_to(desk: Desk) -> datetime | None:
    """The day the sample simulation played the sample desk up to (None: never played)."""
    stored = desk.get_meta(AS_OF_META)
    return datetime.fromisoformat(stored) if stored else None


def shown_now(desk: Desk, now: datetime) -> datetime:
    """Now, for showing the desk — except on a desk holding only sample tickets, whose "now" is
    the day the sample simulation played up to, so ages and overdue flags read as on that day.
    (Actions and escalation always use the desk's clock.)"""
    played = played_up_to(desk)
    if played is None:
        return now
    with desk.begin() as conn:
        real = conn.execute(select(tickets.c.docket).where(tickets.c.sample.is_(False))
                            .limit(1)).first()
    return now if real else min(now, played)


def _play(desk: GrievanceDesk, t: Ticket, seed: int, as_of: datetime, pool: list[str]) -> _Play:
    r = _rng(seed, t.docket)
    p = _Play(desk, t, as_of)
    day = timedelta(days=1)
    now = t.received_at
    cell = "sample:review-cell"
    if t.needs_triage:
        now += day * float(r.uniform(0.3, 4.0))  # the cell works its queue within days
        if r.random() < 0.08:
            p.at(now, Action("not_grievance", reason="praise, not a grievance"), cell)
            p.labels.append({"is_grievance": False, "department_id": None})
            return p
        to = t.addressed_department_id if t.addressed_department_id in pool else \
            pool[int(r.integers(len(pool)))]
        if not p.at(now, Action("route", department_id=to, reason="routed by the review cell"),
                    cell):
            return p
        p.labels.append({"is_grievance": True, "department_id": to})
    habits = _habits(seed, p.t.department_id or "-")
    officer = f"sample:officer:{p.t.department_id}"
    if r.random() < habits.ignore:
        if r.random() < _FORGOTTEN:
            p.check(as_of)  # nobody looks at it: the escalation chain does
            return p
        # overlooked until the escalation reached the officer's superior, then worked
        now += day * float(r.uniform(8.0, 12.0))
    now += day * float(r.exponential(1.0))
    p.at(now, Action("acknowledge"), officer)
    if r.random() < 0.03:
        p.at(now + day, Action("not_grievance", reason="a suggestion, not a grievance"), officer)
        p.labels.append({"is_grievance": False, "department_id": None})
        return p
    if r.random() < habits.transfer:
        others = [d for d in pool if d != p.t.department_id]
        to = others[int(r.integers(len(others)))]
        now += day * float(r.uniform(0.5, 3.0))
        if p.at(now, Action("transfer", department_id=to,
                            reason=f"concerns {to}, not {p.t.department_id}"), officer):
            officer = f"sample:officer:{to}"
            habits = _habits(seed, to)
            now += day * float(r.exponential(1.0))
            p.at(now, Action("acknowledge"), officer)
    if r.random() < habits.ignore / 2 * _FORGOTTEN:  # acknowledged, then forgotten
        p.check(as_of)
        return p
    now += day * 0.2
    p.at(now, Action("start"), officer)
    took = float(r.lognormal(np.log(habits.median_days), 0.6))
    if r.random() < habits.pause:
        pause_at = now + day * float(r.uniform(0.5, 2.0))
        if p.at(pause_at, Action("pause", reason="asked the citizen for the location and a photo"),
                officer):
            if r.random() < 0.2:  # the citizen never wrote back: the clock stays stopped
                return p
            back = pause_at + day * float(r.uniform(1.0, 6.0))
            p.at(back, Action("resume", reason="citizen replied"), officer)
            took += (back - pause_at).total_seconds() / 86400
    if took > 10 and r.random() < habits.interim:
        p.at(t.received_at + day * 9, Action("interim_reply",
                                             reply="Work order issued; site visit scheduled."),
             officer)
    done = t.received_at + day * took
    if not p.at(done, Action("dispose", resolution="resolved",
                             reply="The problem has been attended to. Please confirm."), officer):
        p.check(as_of)
        return p
    if r.random() < 0.55:
        rating = int(r.choice([1, 2, 3, 4, 5], p=[0.07, 0.08, 0.15, 0.35, 0.35]))
        when = done + day * float(r.uniform(0.5, 4.0))
        if p.at(when, Action("rate", rating=rating), "citizen") and rating <= POOR_RATING:
            again = when + day * float(r.uniform(2.0, 25.0))
            if p.at(again, Action("dispose", resolution="resolved",
                                  reply="Re-inspected and fixed on appeal."), officer):
                p.at(again + day * 2, Action("rate", rating=4), "citizen")
            else:
                p.check(as_of)
    else:
        p.at(done + day * 7, Action("close", reason="no rating within 7 days"), "system")
    return p
