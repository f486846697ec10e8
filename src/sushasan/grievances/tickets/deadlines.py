"""Deadline rules for grievance tickets, as pure functions over plain values (no database).

The desk stores facts (when a ticket arrived, when it was paused and resumed, when it was
reopened, which level holds it and since when); everything time-dependent is computed here from
those facts and a :class:`~sushasan.grievances.tickets.calendar.WorkingCalendar`, so a deadline can
always be recomputed and explained. All counting follows the calendar's rule: the starting day is
not counted, deadlines end at 23:59:59 IST of the last working day, paused days do not count.

The rules (defaults follow the CM Helpline / CPGRAMS practice; every number is configurable):

* **Disposal**: a ticket must be disposed within ``disposal_days`` (21) working days of receipt.
* **Interim reply**: if it is not disposed within ``interim_reply_days`` (7) working days, an
  interim reply to the citizen (what is being done, by when) is due by the end of that day.
* **Appeal**: a ticket reopened on a poor rating runs a fresh clock of ``appeal_days`` (21)
  working days from the reopening; the original deadline no longer applies.
* **Escalation**: each level of ``chain`` holds the ticket for ``level_days`` (7) working days.
  Each expired level timer moves the ticket one level up, capped at the top of the chain.
* **Pauses** (waiting for the citizen) push every deadline by the working days paused. A pause
  that starts after a deadline has passed does not undo the lateness. While a pause is open a
  deadline that has not yet passed is unknown (``None``): the clock is stopped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sushasan.errors import ConfigError
from sushasan.grievances.tickets.calendar import Pause, WorkingCalendar

__all__ = [
    "DEFAULT_CHAIN",
    "Clock",
    "ClockStatus",
    "DeadlinePolicy",
    "appeal_due",
    "days_overdue",
    "disposal_due",
    "escalation_target",
    "interim_due",
    "is_overdue",
    "level_due",
]

DEFAULT_CHAIN = ("officer", "head_of_department", "secretary", "chief_secretary")


@dataclass(frozen=True)
class DeadlinePolicy:
    """How many working days each step may take, and the escalation levels from the bottom up."""

    disposal_days: int = 21
    interim_reply_days: int = 7
    level_days: int = 7
    appeal_days: int = 21
    chain: tuple[str, ...] = DEFAULT_CHAIN

    def __post_init__(self) -> None:
        for name in ("disposal_days", "interim_reply_days", "level_days", "appeal_days"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError(f"deadline policy: {name} must be a whole number of working "
                                  f"days, 1 or more (got {value!r})")
        if not self.chain or len(set(self.chain)) != len(self.chain):
            raise ConfigError(f"deadline policy: the escalation chain needs at least one level "
                              f"and no level twice (got {list(self.chain)})")

    @property
    def top(self) -> int:
        """Index of the highest level; escalation stops there."""
        return len(self.chain) - 1


def _due(start: datetime, days: int, pauses: Sequence[Pause],
         calendar: WorkingCalendar) -> datetime | None:
    """End of the ``days``-th counted day after ``start``, or None while a pause holds it."""
    for i, d in enumerate(calendar.counted_days(start, pauses), start=1):
        if i == days:
            return calendar.end_of_day(d)
    return None


def disposal_due(received_at: datetime, pauses: Sequence[Pause], calendar: WorkingCalendar,
                 policy: DeadlinePolicy) -> datetime | None:
    """When the ticket must be disposed; ``None`` while an open pause stops the clock."""
    return _due(received_at, policy.disposal_days, pauses, calendar)


def interim_due(received_at: datetime, pauses: Sequence[Pause], calendar: WorkingCalendar,
                policy: DeadlinePolicy) -> datetime | None:
    """When an interim reply is due if the ticket is still open (see the module rules)."""
    return _due(received_at, policy.interim_reply_days, pauses, calendar)


def appeal_due(reopened_at: datetime, pauses: Sequence[Pause], calendar: WorkingCalendar,
               policy: DeadlinePolicy) -> datetime | None:
    """When a reopened (appealed) ticket must be disposed again, counted from the reopening."""
    return _due(reopened_at, policy.appeal_days, pauses, calendar)


def level_due(level_started_at: datetime, pauses: Sequence[Pause], calendar: WorkingCalendar,
              policy: DeadlinePolicy) -> datetime | None:
    """When the current level's timer expires and the ticket should move up."""
    return _due(level_started_at, policy.level_days, pauses, calendar)


def escalation_target(level_index: int, level_started_at: datetime, now: datetime,
                      pauses: Sequence[Pause], calendar: WorkingCalendar,
                      policy: DeadlinePolicy) -> int:
    """The level the ticket should be at ``now``: one up per expired level timer, capped.

    ``level_started_at`` is when the ticket reached ``level_index``; after escalating, store the
    new level *and* the moment of escalation. The result depends only on the arguments, so a
    check that runs twice at the same moment (or a retried job) asks for the same level, and
    the stored level makes the second run a no-op. A job that was down for weeks catches up by
    several levels at once, as the timers would have.
    """
    if not 0 <= level_index <= policy.top:
        raise ValueError(f"level {level_index} is outside the chain {list(policy.chain)}")
    today = calendar.day_of(now)
    expired = 0
    for i, d in enumerate(calendar.counted_days(level_started_at, pauses), start=1):
        if d >= today or level_index + expired >= policy.top:
            break
        if i % policy.level_days == 0:  # that level's last day is over
            expired += 1
    return min(level_index + expired, policy.top)


def is_overdue(due: datetime | None, now: datetime) -> bool:
    """True once ``now`` is past the deadline; never while the clock is stopped (``None``)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return due is not None and now > due


def days_overdue(due: datetime | None, now: datetime, calendar: WorkingCalendar,
                 pauses: Sequence[Pause] = ()) -> int:
    """Working days past the deadline, counting today if it is one; paused days are excused.

    A ticket due on a Friday is overdue from Saturday 00:00 IST, but 0 working days overdue
    until Monday (with a Saturday off): lateness is measured in days an office could have acted.
    """
    if not is_overdue(due, now):
        return 0
    assert due is not None
    return calendar.working_days_between(due, now, pauses)


@dataclass(frozen=True)
class ClockStatus:
    """Everything the desk shows about a ticket's time at one moment."""

    due_at: datetime | None
    interim_due_at: datetime | None
    level_due_at: datetime | None
    target_level: int
    overdue: bool
    days_overdue: int


@dataclass(frozen=True)
class Clock:
    """A ticket's time facts, as the desk stores them; the rules above turn them into status."""

    received_at: datetime
    pauses: tuple[Pause, ...] = ()
    reopened_at: datetime | None = None
    level_index: int = 0
    level_started_at: datetime | None = None

    def due(self, calendar: WorkingCalendar, policy: DeadlinePolicy) -> datetime | None:
        """The deadline that applies now: the appeal's once reopened, else disposal."""
        if self.reopened_at is not None:
            return appeal_due(self.reopened_at, self.pauses, calendar, policy)
        return disposal_due(self.received_at, self.pauses, calendar, policy)

    def status(self, now: datetime, calendar: WorkingCalendar,
               policy: DeadlinePolicy) -> ClockStatus:
        """Deadlines, escalation target and lateness at ``now``."""
        due = self.due(calendar, policy)
        level_start = self.level_started_at or self.reopened_at or self.received_at
        interim = (None if self.reopened_at is not None
                   else interim_due(self.received_at, self.pauses, calendar, policy))
        return ClockStatus(
            due_at=due,
            interim_due_at=interim,
            level_due_at=level_due(level_start, self.pauses, calendar, policy),
            target_level=escalation_target(self.level_index, level_start, now, self.pauses,
                                           calendar, policy),
            overdue=is_overdue(due, now),
            days_overdue=days_overdue(due, now, calendar, self.pauses),
        )
