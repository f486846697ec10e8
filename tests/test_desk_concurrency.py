"""Officers acting on the same tickets from several processes at once lose no update.

Four real processes (``python -c``) each take the desk's URL and act on the same five tickets,
pausing a running ticket and resuming a paused one, as fast as they can; a short sleep inside
the rules (between reading the ticket and writing it) makes the races frequent. The optimistic
lock (``updated_at`` in the UPDATE's WHERE) must turn every lost race into a clear
``TicketError`` ("changed by someone else meanwhile"), never a silent overwrite: afterwards each
ticket's event chain links up (every event starts from the state the previous one left), the
ticket's state is its last event's, its pauses match its pause events, and the processes'
successes equal the events written. On SQLite no process may ever see "database is locked"
(WAL, busy timeout, and the desk's retry of a locked write).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from sushasan.desk import Desk
from sushasan.desk.tables import ticket_events, ticket_pauses, tickets
from sushasan.desk.trail import Trail
from sushasan.grievances.tickets.calendar import load_calendar
from sushasan.grievances.tickets.deadlines import DeadlinePolicy
from sushasan.grievances.tickets.desk import GrievanceDesk, NewTicket
from sushasan.grievances.tickets.lifecycle import Action
from sushasan.registry import Department
from tests.test_grievance_tickets import WATER

PROCESSES = 4
ACTS = 30

OFFICER = textwrap.dedent("""
    import json, random, sys, time
    from sushasan.desk import Desk
    from sushasan.errors import TicketError
    from sushasan.grievances.tickets import desk as module
    from sushasan.grievances.tickets.calendar import load_calendar
    from sushasan.grievances.tickets.deadlines import DeadlinePolicy
    from sushasan.grievances.tickets.desk import Actor, GrievanceDesk
    from sushasan.grievances.tickets.lifecycle import Action

    url, dockets, acts, seed = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]), sys.argv[4]
    rules = module.apply
    def slow(*args, **kwargs):  # widen the window between reading a ticket and writing it
        time.sleep(random.uniform(0, 0.01))
        return rules(*args, **kwargs)
    module.apply = slow
    random.seed(seed)
    desk = Desk(url)
    gd = GrievanceDesk(desk, load_calendar(), DeadlinePolicy(), ["water"])
    me = Actor(f"officer-{seed}", "officer", "water")
    done, conflicts, refused, other = {}, 0, 0, []
    for _ in range(acts):
        docket = random.choice(dockets)
        state = gd.get(docket, me).state
        action = Action("pause", reason="asked for the meter number") \\
            if state == "in_progress" else Action("resume")
        try:
            gd.act(docket, action, me)
            done[docket] = done.get(docket, 0) + 1
        except TicketError as exc:
            if "changed by someone else meanwhile" in str(exc):
                conflicts += 1
            elif "needs one of" in str(exc):  # the state moved on: a clear refusal
                refused += 1
            else:
                other.append(f"TicketError: {exc}")
        except Exception as exc:  # noqa: BLE001 - every other error is the test's failure
            other.append(f"{type(exc).__name__}: {exc}")
    desk.close()
    print(json.dumps({"done": done, "conflicts": conflicts, "refused": refused,
                      "other": other}))
""")


def _pythonpath() -> str:
    src = str(Path(__file__).resolve().parents[1] / "src")
    return os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)


def _running_tickets(desk: Desk, n: int) -> list[str]:
    desk.upsert_departments([Department("water", "water", "विभाग")], Trail("test"))
    gd = GrievanceDesk(desk, load_calendar(), DeadlinePolicy(), ["water"])
    now = datetime.now(UTC)
    opened = gd.open([NewTicket(
        platform="x", interaction_id=f"race-{i}", text="paani nahi aa raha", received_at=now,
        department_id="water", needs_triage=False, routing_score=0.9, routing_reasons=(),
        grievance_score=0.9, language="hinglish", author_handle=None,
        addressed_department_id="water", place=None, district=None, sample=False)
        for i in range(n)])
    for t in opened:
        gd.act(t.docket, Action("acknowledge"), WATER)
        gd.act(t.docket, Action("start"), WATER)
    return [t.docket for t in opened]


def test_concurrent_officers_lose_no_update(desk: Desk) -> None:
    dockets = _running_tickets(desk, 5)
    with desk.begin() as conn:
        before = conn.execute(sa.select(sa.func.max(ticket_events.c.id))).scalar_one()
    env = {**os.environ, "PYTHONPATH": _pythonpath()}
    procs = [subprocess.Popen([sys.executable, "-c", OFFICER, desk.url, ",".join(dockets),
                               str(ACTS), str(i)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for i in range(PROCESSES)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    problems = [o for r in results for o in r["other"]]
    assert not problems, problems  # never "database is locked", never anything unexplained
    assert sum(r["conflicts"] + r["refused"] + sum(r["done"].values())
               for r in results) == PROCESSES * ACTS
    with desk.begin() as conn:
        for docket in dockets:
            events = conn.execute(
                sa.select(ticket_events).where(ticket_events.c.docket == docket,
                                               ticket_events.c.id > before)
                .order_by(ticket_events.c.id)).all()
            succeeded = sum(r["done"].get(docket, 0) for r in results)
            assert len(events) == succeeded, docket  # every success written, nothing extra
            state = "in_progress"
            for e in events:  # a lost update shows as two events leaving the same state
                assert e.from_state == state, (docket, e.action, e.from_state, state)
                state = e.to_state
            row = conn.execute(sa.select(tickets).where(tickets.c.docket == docket)).one()
            assert row.state == state
            pauses = conn.execute(sa.select(ticket_pauses).where(
                ticket_pauses.c.docket == docket)).all()
            assert len(pauses) == sum(e.action == "pause" for e in events)
            assert sum(p.ended_at is None for p in pauses) == (state == "waiting_citizen")
