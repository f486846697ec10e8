"""The ticket desk: scoped look-ups and the actions layer over the desk database.

Every change to a ticket goes through :meth:`GrievanceDesk.act` (or the batch twin the sample
simulation and escalation use): it loads the ticket inside the caller's scope, asks
:func:`sushasan.grievances.tickets.lifecycle.apply` whether the rules allow the change, writes
the new row and one immutable audit row in the same transaction. An officer asking for another
department's ticket gets the same :class:`NotFoundError` as for a missing one.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, func, insert, or_, select, true, update

from sushasan.desk import ticket_counts
from sushasan.desk.store import Desk, retry_locked
from sushasan.desk.tables import (
    docket_counters,
    grievance_labels,
    ticket_events,
    ticket_pauses,
    tickets,
    triaged,
)
from sushasan.desk.trail import AuditEvent, Trail, record_many
from sushasan.errors import NotFoundError, TicketError
from sushasan.grievances.tickets.calendar import IST, WorkingCalendar
from sushasan.grievances.tickets.deadlines import DeadlinePolicy, escalation_target
from sushasan.grievances.tickets.lifecycle import (
    OPEN_STATES,
    RUNNING_STATES,
    Action,
    Event,
    Ticket,
    apply,
)

__all__ = ["ROLES", "SYSTEM", "Actor", "GrievanceDesk", "NewTicket"]

ROLES = ("admin", "reviewer", "officer", "system")
_TICKET_COLUMNS = {c.name for c in tickets.columns}


@dataclass(frozen=True)
class Actor:
    """Who is asking. Officers are bound to one department; reviewers read but never act."""

    name: str
    role: str
    department_id: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise TicketError(f"unknown role {self.role!r}; one of {', '.join(ROLES)}")
        if self.role == "officer" and not self.department_id:
            raise TicketError(f"officer {self.name} has no department")

    @property
    def sees_all(self) -> bool:
        return self.role != "officer"


SYSTEM = Actor("system", "system")


@dataclass(frozen=True)
class NewTicket:
    """What triage knows when it opens a ticket."""

    platform: str
    interaction_id: str
    text: str
    received_at: datetime
    department_id: str | None
    needs_triage: bool
    routing_score: float
    routing_reasons: tuple[str, ...]
    grievance_score: float
    language: str | None
    author_handle: str | None
    addressed_department_id: str | None
    place: str | None
    district: str | None
    sample: bool


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything here is stored and compared in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def db_values(t: Ticket) -> dict[str, Any]:
    """A ticket as a table row. Datetimes go in as UTC: SQLite keeps the wall-clock time and
    drops the offset, so an IST deadline stored as is would come back 5½ hours late."""
    row: dict[str, Any] = {}
    for f in fields(Ticket):
        if f.name not in _TICKET_COLUMNS:
            continue
        v = getattr(t, f.name)
        row[f.name] = v.astimezone(UTC) if isinstance(v, datetime) else v
    row["routing_reasons"] = json.dumps(list(t.routing_reasons), ensure_ascii=False)
    return row


def docket_prefix(received_at: datetime, sample: bool) -> str:
    """Sample dockets say so in their number, so they can never pass for real ones. The year
    is India's: a grievance posted at 00:30 IST on 1 January belongs to the new year."""
    return f"{'SMP' if sample else 'SUS'}-{received_at.astimezone(IST).year}"


class GrievanceDesk:
    def __init__(
        self,
        desk: Desk,
        calendar: WorkingCalendar,
        policy: DeadlinePolicy | None = None,
        departments: Iterable[str] = (),
        clock: Callable[[], datetime] | None = None,
        outbox: Callable[[Connection, Ticket, Action, Trail], None] | None = None,
    ) -> None:
        self.desk = desk
        #: Puts the public reply an action calls for in the outbox (``tickets.replies``).
        self.outbox = outbox
        self.calendar = calendar
        self.policy = policy or DeadlinePolicy()
        self.departments = frozenset(departments)
        self.clock = clock or (lambda: datetime.now(UTC))
        # One open transaction per thread: the web server shares this object across threads.
        self._local = threading.local()

    # -- transactions ---------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction; nested calls join the outer one, so a batch commits or fails whole."""
        current: Connection | None = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        with self.desk.begin() as conn:
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None

    # -- reading --------------------------------------------------------------------------
    def _scoped(self, actor: Actor) -> Any:
        if actor.sees_all:  # no condition: a column here would keep counts off the indexes
            return true()
        return tickets.c.department_id == actor.department_id

    def get(self, docket: str, actor: Actor) -> Ticket:
        with self.transaction() as conn:
            row = conn.execute(
                select(tickets).where(tickets.c.docket == docket, self._scoped(actor))
            ).first()
            if row is None:
                raise NotFoundError(f"no ticket {docket}")
            return self._ticket(conn, row)

    def list(
        self,
        actor: Actor,
        *,
        state: str | None = None,
        department_id: str | None = None,
        overdue: bool | None = None,
        triage: bool | None = None,
        sample: bool | None = None,
        limit: int = 100,
        offset: int = 0,
        now: datetime | None = None,
        after: tuple[datetime, str] | None = None,
    ) -> list[Ticket]:
        """Tickets oldest first (then by docket). ``after`` = (received_at, docket) of the last
        ticket of the previous page: a keyset page, which an index walks straight to however
        deep the page is, and which skips or repeats nothing when tickets change meanwhile
        (``offset`` stays for old links and the API)."""
        now = (now or self.clock()).astimezone(UTC)
        q = select(tickets).where(self._scoped(actor))
        state_of: Any = tickets.c.state
        if self.desk.backend == "sqlite" and actor.sees_all and not department_id \
                and triage is None:
            # Without a department, SQLite's planner (no statistics) takes the state index and
            # sorts every open ticket for a page of 50; ``state || ''`` keeps it off that index,
            # so it walks the queue's own order (received_at, docket) and stops at the page.
            state_of = tickets.c.state.concat("")
        if state == "open":
            q = q.where(state_of.in_(sorted(OPEN_STATES)))
        elif state:
            q = q.where(state_of == state)
        if department_id:
            q = q.where(tickets.c.department_id == department_id)
        if triage is not None:
            q = q.where(tickets.c.needs_triage == triage)
        if sample is not None:
            q = q.where(tickets.c.sample == sample)
        if overdue is not None:
            late = and_(
                state_of.in_(sorted(RUNNING_STATES)),
                or_(
                    and_(state_of != "appeal", tickets.c.due_at < now),
                    and_(state_of == "appeal", tickets.c.appeal_due_at < now),
                ),
            )
            q = q.where(late if overdue else ~late)
        if after is not None:
            at, docket = after[0].astimezone(UTC), after[1]
            q = q.where(or_(tickets.c.received_at > at,
                            and_(tickets.c.received_at == at, tickets.c.docket > docket)))
        q = q.order_by(tickets.c.received_at, tickets.c.docket).limit(limit).offset(offset)
        with self.transaction() as conn:
            return self._tickets(conn, conn.execute(q).all())

    def _filters(self, actor: Actor, department_id: str | None, triage: bool | None,
                 sample: bool | None) -> list[Any]:
        where = [self._scoped(actor)]
        if department_id:
            where.append(tickets.c.department_id == department_id)
        if triage is not None:
            where.append(tickets.c.needs_triage == triage)
        if sample is not None:
            where.append(tickets.c.sample == sample)
        return where

    def count_by_state(
        self, actor: Actor, sample: bool | None = None, department_id: str | None = None,
        triage: bool | None = None,
    ) -> dict[str, int]:
        """Tickets per state; from the maintained counts (``desk.ticket_counts``), a few rows
        read whatever the desk's size, unless asked to split sample from real tickets."""
        if sample is None:
            dept = department_id if actor.sees_all else actor.department_id
            if not actor.sees_all and department_id and department_id != actor.department_id:
                return {}
            with self.transaction() as conn:
                return ticket_counts.read(conn, dept or None, triage)
        q = select(tickets.c.state, func.count()).where(
            *self._filters(actor, department_id, triage, sample))
        with self.transaction() as conn:
            return {s: n for s, n in conn.execute(q.group_by(tickets.c.state))}

    def triage_counts(self, actor: Actor, sample: bool | None = None) -> dict[str, int]:
        """What triage sent to the review cell's queue and what became of it.

        A routed ticket leaves the queue (it is its department's now), so the queue alone would
        show only what still waits; the cell wants to see the whole intake: ``sent`` =
        ``waiting`` + ``routed`` (by the cell, out of the queue to a department: a route event
        from no department; re-routing a department's ticket is not intake) + ``closed``.
        """
        scope = self._filters(actor, None, None, sample)
        waiting = func.coalesce(func.sum(case((tickets.c.state.in_(sorted(OPEN_STATES)), 1),
                                              else_=0)), 0)
        routed = (select(func.count(func.distinct(ticket_events.c.docket)))
                  .select_from(ticket_events.join(tickets,
                                                  tickets.c.docket == ticket_events.c.docket))
                  .where(ticket_events.c.action == "route",
                         ticket_events.c.from_department.is_(None),  # out of the queue
                         tickets.c.needs_triage.is_(False), *scope))
        with self.transaction() as conn:
            held, left = conn.execute(
                select(func.count(), waiting).where(tickets.c.needs_triage.is_(True), *scope)
            ).one()
            moved = int(conn.execute(routed).scalar_one())
        waiting_n, closed_n = int(left), int(held) - int(left)
        return {"sent": waiting_n + closed_n + moved, "waiting": waiting_n, "routed": moved,
                "closed": closed_n}

    def count_by_age(
        self, actor: Actor, lower_days: Sequence[int], now: datetime | None = None,
        department_id: str | None = None, triage: bool | None = None,
        sample: bool | None = None,
    ) -> list[int]:
        """Open tickets per pendency bucket (calendar days since receipt, as CPGRAMS reports
        pendency); bucket i holds ages from lower_days[i] up to the next bound, counted in one
        query rather than by loading every open ticket."""
        now = now or self.clock()
        where = [tickets.c.state.in_(sorted(OPEN_STATES)),
                 *self._filters(actor, department_id, triage, sample)]
        cuts = [(now - timedelta(days=low)).astimezone(UTC) for low in lower_days[1:]]
        received = tickets.c.received_at
        if sample is not None or not cuts:
            columns = [func.count(),
                       *(func.coalesce(func.sum(case((received <= cut, 1), else_=0)), 0)
                         for cut in cuts)]
            with self.transaction() as conn:
                total, *older = conn.execute(select(*columns).where(*where)).one()
        else:
            # The open total from the maintained counts, and only the young tickets counted:
            # an index range over the last weeks instead of every open ticket of the desk.
            total = sum(n for s, n in self.count_by_state(
                actor, department_id=department_id, triage=triage).items() if s in OPEN_STATES)
            columns = [func.coalesce(func.sum(case((received > cut, 1), else_=0)), 0)
                       for cut in cuts]
            with self.transaction() as conn:
                young = conn.execute(select(*columns).where(*where, received > min(cuts))).one()
            older = [total - int(n) for n in young]
        at_least = [int(total), *(int(n) for n in older), 0]
        return [at_least[i] - at_least[i + 1] for i in range(len(lower_days))]

    def events(self, docket: str, actor: Actor) -> list[Event]:
        self.get(docket, actor)  # scope check: same 404 as a missing ticket
        with self.transaction() as conn:
            rows = conn.execute(
                select(ticket_events).where(ticket_events.c.docket == docket)
                .order_by(ticket_events.c.id)
            )
            return [
                Event(r.docket, _utc(r.at), r.actor, r.action, r.from_state, r.to_state,  # type: ignore[arg-type]
                      r.from_department, r.to_department, r.reason, json.loads(r.details))
                for r in rows
            ]

    def _ticket(self, conn: Connection, row: Any) -> Ticket:
        return self._tickets(conn, [row])[0]

    @staticmethod
    def _tickets(conn: Connection, rows: Sequence[Any]) -> list[Ticket]:
        """Rows to tickets, with their pauses read in a few queries rather than one per row."""
        pauses: dict[str, list[tuple[datetime | None, datetime | None]]] = {}
        dockets = [r.docket for r in rows]
        for i in range(0, len(dockets), 500):
            for d, a, b in conn.execute(
                select(ticket_pauses.c.docket, ticket_pauses.c.started_at,
                       ticket_pauses.c.ended_at)
                .where(ticket_pauses.c.docket.in_(dockets[i:i + 500]))
                .order_by(ticket_pauses.c.id)
            ):
                pauses.setdefault(d, []).append((_utc(a), _utc(b)))
        out = []
        for row in rows:
            m = dict(row._mapping)
            m["routing_reasons"] = tuple(json.loads(m["routing_reasons"] or "[]"))
            for k, v in m.items():
                if isinstance(v, datetime):
                    m[k] = _utc(v)
            m["pauses"] = tuple(pauses.get(m["docket"], ()))
            out.append(Ticket(**m))
        return out

    # -- writing --------------------------------------------------------------------------
    def act(self, docket: str, action: Action, actor: Actor) -> Ticket:
        """Apply one action for `actor` now; the only door through which a ticket changes.

        On its own (not inside a caller's batch), a write SQLite refused as locked is tried
        again from the start: re-read, re-checked against the rules and the optimistic lock."""
        if getattr(self._local, "conn", None) is not None:
            return self._act(docket, action, actor)
        return retry_locked(lambda: self._act(docket, action, actor))

    def _act(self, docket: str, action: Action, actor: Actor) -> Ticket:
        if actor.role == "reviewer":
            raise TicketError("reviewers can read every ticket but not act on them")
        if action.name == "route" and actor.role == "officer":
            raise TicketError("the triage queue is the review cell's: ask an admin to route it")
        with self.transaction() as conn:
            old = self.get(docket, actor)
            if action.name == "merge":
                target = self.get(action.into or "", actor)
                if not target.is_open:
                    raise TicketError(f"cannot merge into {target.docket}: it is {target.state}")
            new, event = apply(old, action, self.clock(), actor.name, self.calendar, self.policy,
                               self.departments)
            self._save(conn, old, new, [event])
            if self.outbox is not None:
                self.outbox(conn, new, action, Trail(actor.name, self.clock()))
            if action.name in ("not_grievance", "route"):
                self._label(conn, new, actor, is_grievance=action.name == "route")
            return new

    def _label(self, conn: Connection, t: Ticket, actor: Actor, is_grievance: bool) -> None:
        """Corrections are the learning loop's labels (`sushasan grievances retrain`)."""
        conn.execute(insert(grievance_labels).values(
            docket=t.docket, text=t.text, language=t.language, is_grievance=is_grievance,
            department_id=t.department_id if is_grievance else None, actor=actor.name,
            at=self.clock(), sample=t.sample,
        ))

    def _save(self, conn: Connection, old: Ticket, new: Ticket, events: Sequence[Event]) -> None:
        values = db_values(new)
        del values["docket"]
        stamp = old.updated_at.astimezone(UTC) if old.updated_at else None
        done = conn.execute(
            update(tickets)
            .where(tickets.c.docket == old.docket, tickets.c.updated_at == stamp)
            .values(**values)
        )
        if done.rowcount != 1:
            raise TicketError(
                f"ticket {old.docket} was changed by someone else meanwhile; load it again"
            )
        ticket_counts.apply(conn, ticket_counts.change([(old, new)]))
        self._sync_pauses(conn, old, new)
        self._events(conn, events)

    @staticmethod
    def _sync_pauses(conn: Connection, old: Ticket, new: Ticket) -> None:
        if len(new.pauses) > len(old.pauses):
            for started, ended in new.pauses[len(old.pauses):]:
                conn.execute(insert(ticket_pauses).values(
                    docket=new.docket, started_at=_utc(started), ended_at=_utc(ended)))
        elif new.pauses and old.pauses and new.pauses[-1] != old.pauses[-1]:
            conn.execute(
                update(ticket_pauses)
                .where(ticket_pauses.c.docket == new.docket, ticket_pauses.c.ended_at.is_(None))
                .values(ended_at=_utc(new.pauses[-1][1]))
            )

    @staticmethod
    def _events(conn: Connection, events: Sequence[Event]) -> None:
        """The ticket's own history, mirrored into the desk-wide audit trail in the same
        transaction (state and desk before and after; the text stays in the ticket)."""
        record_many(conn, [
            AuditEvent(_utc(e.at), e.actor, f"ticket.{e.action}", "ticket", e.docket,  # type: ignore[arg-type]
                       None if e.action == "open" else
                       {"state": e.from_state, "department_id": e.from_department},
                       {"state": e.to_state, "department_id": e.to_department})
            for e in events
        ])
        if events:
            conn.execute(insert(ticket_events), [
                {"docket": e.docket, "at": _utc(e.at), "actor": e.actor, "action": e.action,
                 "from_state": e.from_state, "to_state": e.to_state,
                 "from_department": e.from_department, "to_department": e.to_department,
                 "reason": e.reason,
                 "details": json.dumps(e.details, ensure_ascii=False, default=str,
                                       sort_keys=True)}
                for e in events
            ])

    @staticmethod
    def replay(
        conn: Connection,
        changes: Sequence[tuple[Ticket, Ticket, Sequence[Event], Sequence[Mapping[str, Any]]]],
    ) -> None:
        """Write played histories in bulk (the sample simulation): for each (old, new, events,
        labels), the ticket as it ended, its events (and audit rows), pauses and labels."""
        changed = [(new, events, labels) for _old, new, events, labels in changes if events]
        if not changed:
            return
        cols = [c.name for c in tickets.columns if c.name not in ("docket",)]
        stmt = (
            update(tickets).where(tickets.c.docket == bindparam("b_docket"))
            .values({c: bindparam(f"b_{c}") for c in cols})
        )
        payload = []
        for new, events, _labels in changed:
            t = replace(new, updated_at=events[-1].at)
            payload.append({f"b_{k}": v for k, v in db_values(t).items()})
        conn.execute(stmt, payload)
        ticket_counts.apply(conn, ticket_counts.change(
            (old, new) for old, new, events, _labels in changes if events))
        GrievanceDesk._events(conn, [e for _t, events, _l in changed for e in events])
        pauses = [{"docket": t.docket, "started_at": _utc(a), "ended_at": _utc(b)}
                  for t, _e, _l in changed for a, b in t.pauses]
        if pauses:
            conn.execute(insert(ticket_pauses), pauses)
        rows = [{"docket": t.docket, "text": t.text, "language": t.language,
                 "is_grievance": lab["is_grievance"], "department_id": lab["department_id"],
                 "actor": "sample:review-cell", "at": events[-1].at, "sample": True}
                for t, events, labels in changed for lab in labels]
        if rows:
            conn.execute(insert(grievance_labels), rows)

    @staticmethod
    def mark_triaged(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Remember which messages triage has looked at (and what it found), so a second run
        opens nothing new."""
        if rows:
            conn.execute(insert(triaged), list(rows))

    # -- opening ----------------------------------------------------------------------------
    def open(self, items: Sequence[NewTicket], actor: Actor = SYSTEM) -> list[Ticket]:
        """Open tickets in the caller's transaction; dockets count up per year, sample apart."""
        from sushasan.grievances.tickets.deadlines import disposal_due

        if not items:
            return []
        now = self.clock()
        opened: list[Ticket] = []
        # A new ticket has no pause, so its due date depends on its IST day alone: a surge's
        # thousands of tickets from the same few days count 21 working days a few times.
        due_on: dict[Any, datetime | None] = {}

        def due(received: datetime) -> datetime | None:
            day = self.calendar.day_of(received)
            if day not in due_on:
                due_on[day] = disposal_due(received, (), self.calendar, self.policy)
            return due_on[day]

        with self.transaction() as conn:
            numbers = self._dockets(conn, [docket_prefix(i.received_at, i.sample) for i in items])
            rows = []
            for item, docket in zip(items, numbers, strict=True):
                t = Ticket(
                    docket=docket, platform=item.platform, interaction_id=item.interaction_id,
                    department_id=item.department_id, text=item.text,
                    received_at=item.received_at,
                    due_at=due(item.received_at),
                    level_started_at=item.received_at, needs_triage=item.needs_triage,
                    addressed_department_id=item.addressed_department_id,
                    routing_score=item.routing_score, routing_reasons=item.routing_reasons,
                    grievance_score=item.grievance_score, language=item.language,
                    author_handle=item.author_handle, place=item.place, district=item.district,
                    sample=item.sample, updated_at=item.received_at if item.sample else now,
                )
                opened.append(t)
                rows.append(db_values(t))
            conn.execute(insert(tickets), rows)
            ticket_counts.apply(conn, ticket_counts.change((None, t) for t in opened))
            self._events(conn, [
                # A sample ticket lives in the sample desk's simulated time: it opens when the
                # citizen wrote, so its trail reads in order.
                Event(t.docket, t.received_at if t.sample else now, actor.name, "open", None,
                      "received", None, t.department_id,
                      "triage" if not t.needs_triage else "triage: low routing confidence",
                      {"interaction": f"{t.platform}:{t.interaction_id}",
                       "grievance_score": round(t.grievance_score, 4),
                       "routing_score": round(t.routing_score, 4)})
                for t in opened
            ])
        return opened

    @staticmethod
    def _dockets(conn: Connection, prefixes: Sequence[str]) -> list[str]:
        wanted: dict[str, int] = {}
        for p in prefixes:
            wanted[p] = wanted.get(p, 0) + 1
        start: dict[str, int] = {}
        for prefix, n in sorted(wanted.items()):
            last = conn.execute(
                select(docket_counters.c.last).where(docket_counters.c.prefix == prefix)
                .with_for_update()
            ).scalar()
            if last is None:
                conn.execute(insert(docket_counters).values(prefix=prefix, last=n))
                last = 0
            else:
                conn.execute(update(docket_counters).where(docket_counters.c.prefix == prefix)
                             .values(last=last + n))
            start[prefix] = last
        out = []
        for p in prefixes:
            start[p] += 1
            out.append(f"{p}-{start[p]:06d}")
        return out

    # -- the clock ------------------------------------------------------------------------
    def escalation(self, t: Ticket, now: datetime) -> tuple[Ticket, Event] | None:
        """The escalation a check at `now` makes, if any: pure, so checks can be replayed."""
        if t.state not in RUNNING_STATES:
            return None
        target = escalation_target(
            t.level, t.level_started_at or t.received_at, now, t.pauses, self.calendar,
            self.policy,
        )
        if target <= t.level:
            return None
        return apply(t, Action("escalate", level=target,
                               reason=f"level timer of {self.policy.level_days} working days "
                                      "expired"),
                     now, SYSTEM.name, self.calendar, self.policy)

    def escalate_due(self, now: datetime | None = None, sample: bool = False) -> int:
        """Move every ticket whose level timer ran out up its chain; twice in a row moves once.

        Sample tickets live in the sample desk's simulated time (`grievances simulate` runs
        their checks), so the real clock leaves them alone unless asked."""
        now = now or self.clock()
        moved = 0
        with self.transaction() as conn:
            rows = conn.execute(
                select(tickets).where(tickets.c.state.in_(sorted(RUNNING_STATES)),
                                      tickets.c.sample == sample)
            ).all()
            for t in self._tickets(conn, rows):
                step = self.escalation(t, now)
                if step is not None:
                    new, event = step
                    self._save(conn, t, replace(new, updated_at=now), [event])
                    moved += 1
        return moved
