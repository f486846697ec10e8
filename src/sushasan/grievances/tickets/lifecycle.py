"""Tickets and the rules of their life: one pure transition function every change goes through.

The ticket desk persists what :func:`apply` returns, and the sample simulation batches it, so
the rules (which state may follow which, at most three transfers, no closing as "not ours", the
appeal clock) live in one place and are tested without a database.

States, as the CM Helpline and CPGRAMS use them::

    received → acknowledged → in_progress → disposed → closed
                   ↕ waiting_citizen (clock paused)      ↘ appeal (reopened on a poor rating)
    any open state → merged (a duplicate of another ticket)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sushasan.errors import TicketError
from sushasan.grievances.tickets.calendar import WorkingCalendar
from sushasan.grievances.tickets.deadlines import DeadlinePolicy, appeal_due, disposal_due

__all__ = [
    "ACTIONS",
    "CLOSING_REFUSED",
    "MAX_TRANSFERS",
    "OPEN_STATES",
    "POOR_RATING",
    "RESOLUTIONS",
    "STATES",
    "Action",
    "Event",
    "Ticket",
    "apply",
]

STATES = (
    "received", "acknowledged", "in_progress", "waiting_citizen", "disposed", "closed", "appeal",
    "merged",
)
#: States in which the department still owes the citizen an answer.
OPEN_STATES = frozenset({"received", "acknowledged", "in_progress", "waiting_citizen", "appeal"})
#: States the clock runs in (waiting for the citizen pauses it).
RUNNING_STATES = frozenset({"received", "acknowledged", "in_progress", "appeal"})
MAX_TRANSFERS = 3
#: A rating at or below this (of 5) reopens the ticket as an appeal.
POOR_RATING = 2
#: How a grievance may be disposed of. "Does not concern us" is not one: transfer it instead.
RESOLUTIONS = ("resolved", "information_given", "rejected_with_reason", "policy_matter")
CLOSING_REFUSED = ("not_concerned", "not_our_department", "does_not_concern")

#: action name → states it may start from
ACTIONS: dict[str, frozenset[str]] = {
    "acknowledge": frozenset({"received"}),
    "start": frozenset({"received", "acknowledged"}),
    "interim_reply": frozenset({"received", "acknowledged", "in_progress", "appeal"}),
    "pause": frozenset({"acknowledged", "in_progress", "appeal"}),
    "resume": frozenset({"waiting_citizen"}),
    "dispose": frozenset({"received", "acknowledged", "in_progress", "appeal"}),
    "rate": frozenset({"disposed"}),
    "close": frozenset({"disposed"}),
    "reopen": frozenset({"disposed", "closed"}),
    "transfer": frozenset({"received", "acknowledged", "in_progress", "appeal"}),
    "route": OPEN_STATES,
    "assign": OPEN_STATES,
    "not_grievance": OPEN_STATES,
    "merge": OPEN_STATES,
    "escalate": OPEN_STATES,
}


@dataclass(frozen=True)
class Ticket:
    docket: str
    platform: str
    interaction_id: str
    department_id: str | None
    text: str
    received_at: datetime
    due_at: datetime
    state: str = "received"
    level: int = 0
    level_started_at: datetime | None = None
    needs_triage: bool = False
    addressed_department_id: str | None = None
    routing_score: float = 0.0
    routing_reasons: tuple[str, ...] = ()
    grievance_score: float = 0.0
    language: str | None = None
    author_handle: str | None = None
    place: str | None = None
    district: str | None = None
    appeal_due_at: datetime | None = None
    reopened_at: datetime | None = None
    acknowledged_at: datetime | None = None
    interim_reply_at: datetime | None = None
    disposed_at: datetime | None = None
    closed_at: datetime | None = None
    resolution: str | None = None
    reply: str | None = None
    rating: int | None = None
    reopen_count: int = 0
    transfer_count: int = 0
    assigned_to: str | None = None
    merged_into: str | None = None
    sample: bool = False
    updated_at: datetime | None = None
    #: when the citizen's text and handle were erased (``sushasan.erasure``); None: never
    erased_at: datetime | None = None
    #: (started, ended or None) spans when the desk waited for the citizen
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def current_due(self) -> datetime:
        """The deadline that matters now: the appeal's once reopened, else the disposal's."""
        return self.appeal_due_at if self.state == "appeal" and self.appeal_due_at else self.due_at


@dataclass(frozen=True)
class Action:
    """One requested change. `name` is a key of :data:`ACTIONS`; the rest depends on it."""

    name: str
    reason: str | None = None
    department_id: str | None = None  # transfer, route
    resolution: str | None = None  # dispose
    reply: str | None = None  # dispose, interim_reply
    rating: int | None = None  # rate, reopen
    assignee: str | None = None  # assign
    into: str | None = None  # merge
    level: int | None = None  # escalate
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Event:
    """An audit row: who did what, when and why. Never changed once written."""

    docket: str
    at: datetime
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    from_department: str | None = None
    to_department: str | None = None
    reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _need(ok: bool, message: str) -> None:
    if not ok:
        raise TicketError(message)


def apply(
    ticket: Ticket,
    action: Action,
    at: datetime,
    actor: str,
    calendar: WorkingCalendar,
    policy: DeadlinePolicy,
    known_departments: Sequence[str] | frozenset[str] = (),
    chain_length: int | None = None,
) -> tuple[Ticket, Event]:
    """The ticket after `action`, and the audit row that records it; raises if the rules refuse."""
    name = action.name
    _need(name in ACTIONS, f"unknown action {name!r}; known: {', '.join(ACTIONS)}")
    _need(
        ticket.state in ACTIONS[name],
        f"ticket {ticket.docket} is {ticket.state}; {name} needs one of "
        f"{', '.join(sorted(ACTIONS[name]))}",
    )
    t = ticket
    reason = action.reason.strip() if action.reason else None
    details: dict[str, Any] = dict(action.details)
    to_dept = t.department_id

    if name == "acknowledge":
        t = replace(t, state="acknowledged", acknowledged_at=at)
    elif name == "start":
        t = replace(t, state="in_progress", acknowledged_at=t.acknowledged_at or at)
    elif name == "interim_reply":
        _need(bool(action.reply and action.reply.strip()), "an interim reply needs its text")
        t = replace(t, interim_reply_at=at, acknowledged_at=t.acknowledged_at or at)
        details["reply"] = action.reply
    elif name == "pause":
        _need(bool(reason), "say what the citizen was asked for (--reason)")
        details["resume_to"] = t.state
        t = replace(t, state="waiting_citizen", pauses=(*t.pauses, (at, None)))
    elif name == "resume":
        started = t.pauses[-1][0] if t.pauses else at
        back = "appeal" if t.reopen_count and t.appeal_due_at else "in_progress"
        t = replace(t, state=back, pauses=(*t.pauses[:-1], (started, at)))
        t = _redue(t, calendar, policy)
    elif name == "dispose":
        res = (action.resolution or "").strip()
        _need(
            res not in CLOSING_REFUSED,
            "a grievance cannot be closed as 'does not concern us': transfer it to the "
            "department it concerns (sushasan grievances transfer)",
        )
        _need(res in RESOLUTIONS, f"resolution must be one of {', '.join(RESOLUTIONS)}")
        _need(bool(action.reply and action.reply.strip()),
              "disposal needs the reply sent to the citizen")
        details.update(resolution=res, late=at > t.current_due())
        t = replace(t, state="disposed", disposed_at=at, resolution=res, reply=action.reply,
                    rating=None)
    elif name == "rate":
        _need(action.rating is not None and 1 <= action.rating <= 5, "a rating is 1 to 5")
        assert action.rating is not None
        details["rating"] = action.rating
        if action.rating <= POOR_RATING:
            return apply(t, replace(action, name="reopen", reason=reason or "poor rating"),
                         at, actor, calendar, policy, known_departments, chain_length)
        t = replace(t, rating=action.rating, state="closed", closed_at=at)
    elif name == "close":
        t = replace(t, state="closed", closed_at=at)
    elif name == "reopen":
        _need(bool(reason) or (action.rating is not None and action.rating <= POOR_RATING),
              "reopening needs a poor rating (1–2) or a reason")
        details["rating"] = action.rating
        t = replace(
            t, state="appeal", reopen_count=t.reopen_count + 1, rating=action.rating,
            closed_at=None, level=0, level_started_at=at, reopened_at=at,
            appeal_due_at=appeal_due(at, (), calendar, policy),
        )
    elif name in ("transfer", "route"):
        to_dept = action.department_id
        _need(bool(to_dept), f"{name} needs the department to send it to")
        _need(not known_departments or to_dept in known_departments,
              f"unknown department {to_dept!r}; see `sushasan registry list`")
        _need(to_dept != t.department_id, f"ticket {t.docket} is already with {to_dept}")
        if name == "transfer":
            _need(t.department_id is not None,
                  "this ticket is in the triage queue: route it instead of transferring")
            _need(bool(reason), "a transfer needs a reason")
            _need(t.transfer_count < MAX_TRANSFERS,
                  f"ticket {t.docket} has been transferred {MAX_TRANSFERS} times already; the "
                  "review cell must route it (or the department dispose of it)")
            t = replace(t, transfer_count=t.transfer_count + 1)
        # The citizen's deadline keeps running: internal misrouting is not their delay.
        t = replace(t, department_id=to_dept, needs_triage=False, level=0, level_started_at=at,
                    assigned_to=None,
                    state="received" if name == "transfer" and t.state != "appeal" else t.state)
    elif name == "assign":
        _need(bool(action.assignee), "assign needs the officer's user name")
        t = replace(t, assigned_to=action.assignee)
        details["assignee"] = action.assignee
    elif name == "not_grievance":
        t = replace(t, state="closed", closed_at=at, resolution="not_grievance")
    elif name == "merge":
        _need(bool(action.into) and action.into != t.docket, "merge needs another ticket's docket")
        t = replace(t, state="merged", merged_into=action.into, closed_at=at)
        details["into"] = action.into
    elif name == "escalate":
        top = (chain_length or len(policy.chain)) - 1
        _need(action.level is not None and t.level < action.level <= top,
              f"ticket {t.docket} is at level {t.level}; escalation goes up, at most to {top}")
        details.update(from_level=t.level, to_level=action.level)
        t = replace(t, level=action.level, level_started_at=at)
    t = replace(t, updated_at=at)
    event = Event(
        docket=t.docket, at=at, actor=actor, action=name, from_state=ticket.state,
        to_state=t.state, from_department=ticket.department_id, to_department=to_dept,
        reason=reason, details=details,
    )
    return t, event


def _redue(t: Ticket, calendar: WorkingCalendar, policy: DeadlinePolicy) -> Ticket:
    """Paused working days push the deadlines back once the citizen has answered."""
    due = disposal_due(t.received_at, t.pauses, calendar, policy)
    appeal = t.appeal_due_at
    if t.reopened_at is not None:
        spans = tuple(p for p in t.pauses if p[0] >= t.reopened_at)
        appeal = appeal_due(t.reopened_at, spans, calendar, policy)
    return replace(t, due_at=due, appeal_due_at=appeal)
