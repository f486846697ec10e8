"""A department's overdue tickets, read from the ticket desk and gathered into its digest.

Overdue means still running (not paused for the citizen, not disposed) past its current due
date; each row says how many working days late and at which level of the escalation chain the
ticket now sits. Sample tickets go into digests only when asked: they must never reach a real
inbox by accident.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from email.message import EmailMessage

from sushasan.grievances.notify.digest import DigestItem, render_digest
from sushasan.grievances.tickets.deadlines import days_overdue
from sushasan.grievances.tickets.desk import SYSTEM, GrievanceDesk
from sushasan.grievances.tickets.lifecycle import RUNNING_STATES
from sushasan.registry.model import Department

__all__ = ["overdue_digests"]


def overdue_digests(
    desk: GrievanceDesk, departments: Sequence[Department],
    contacts: Mapping[str, Sequence[str]], now: datetime, sender: str | None = None,
    sample: bool = False,
) -> list[tuple[str, EmailMessage]]:
    """(department_id, message) for each department with overdue tickets, by department id;
    texts redacted. ``contacts``: department_id → addresses (none: the message has no ``To``)."""
    late = [t for t in desk.list(SYSTEM, state="open", sample=sample, limit=10_000_000)
            if t.department_id and t.state in RUNNING_STATES and t.current_due() < now]
    names = {d.id: d for d in departments}
    chain = desk.policy.chain
    by_dep: dict[str, list[DigestItem]] = {}
    for t in late:
        by_dep.setdefault(t.department_id, []).append(DigestItem(  # type: ignore[arg-type]
            docket=t.docket, department_id=t.department_id or "", text=t.text,
            received_at=t.received_at, due_at=t.current_due(),
            days_overdue=days_overdue(t.current_due(), now, desk.calendar, t.pauses),
            status=t.state, level=chain[min(t.level, len(chain) - 1)],
        ))
    out = []
    for dep, items in sorted(by_dep.items()):
        d = names.get(dep)
        msg = render_digest(dep, d.name_en if d else dep, d.name_hi if d else dep, items, now,
                            to=contacts.get(dep, ()), sender=sender)
        out.append((dep, msg))
    return out
