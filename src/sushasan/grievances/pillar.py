"""The review's grievance pillar: each department's disposal record, from the desk's tickets.

The review asks for it through the ``sushasan_review_indicators`` hook (``review/pillars.py``),
as it asks any pillar. A ticket counts in the quarter it was received. Only tickets whose
deadline has passed (by `as_of`) or that were disposed can be judged on time, so a review run a
week after the quarter does not punish a department for tickets that are not yet due. Disposal
means the first disposal: a ticket reopened on appeal keeps its first disposal date and counts as
reopened.
"""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from sushasan.desk.store import Desk
from sushasan.desk.tables import ticket_events, tickets
from sushasan.grievances.tickets.desk import _utc
from sushasan.grievances.tickets.simulate import played_up_to
from sushasan.quarters import Quarter

__all__ = ["JUDGED_AFTER_DAYS", "MIN_TICKETS", "grievance_indicators", "pillar_indicators"]

#: Fewer judged tickets than this and the indicator is missing, not a noisy 0 % or 100 %.
MIN_TICKETS = 5
#: Days after a quarter's end by which its tickets are judged on time or late.
JUDGED_AFTER_DAYS = 30


def pillar_indicators(
    desk: Desk, quarter: Quarter, sample: bool, now: datetime,
) -> dict[str, dict[str, Any]]:
    """The pillar as the review reads it, judged 30 days after the quarter (or now, if sooner;
    the sample desk's own end for sample data) so a review can be repeated exactly."""
    as_of = min(now, quarter.end_utc + timedelta(days=JUDGED_AFTER_DAYS))
    if sample:
        played = played_up_to(desk)
        if played is not None:
            as_of = min(as_of, played)
    return grievance_indicators(desk, quarter, sample, as_of)


def grievance_indicators(
    desk: Desk, quarter: Quarter, sample: bool, as_of: datetime, min_tickets: int = MIN_TICKETS,
) -> dict[str, dict[str, Any]]:
    """department_id → disposed_in_time_share, median_disposal_days, reopen_rate, tickets."""
    first_disposal = (
        select(ticket_events.c.docket, func.min(ticket_events.c.at).label("first_at"))
        .where(ticket_events.c.action == "dispose")
        .group_by(ticket_events.c.docket)
        .subquery()
    )
    q = (
        select(
            tickets.c.department_id, tickets.c.received_at, tickets.c.due_at,
            tickets.c.reopen_count, first_disposal.c.first_at,
        )
        .select_from(tickets.outerjoin(first_disposal,
                                       first_disposal.c.docket == tickets.c.docket))
        .where(
            tickets.c.sample == sample,
            tickets.c.department_id.isnot(None),
            tickets.c.state != "merged",
            (tickets.c.resolution.is_(None)) | (tickets.c.resolution != "not_grievance"),
            tickets.c.received_at >= quarter.start_utc,
            tickets.c.received_at < quarter.end_utc,
        )
    )
    per: dict[str, list[tuple[datetime, datetime, int, datetime | None]]] = {}
    with desk.begin() as conn:
        for dep, received, due, reopened, first in conn.execute(q):
            per.setdefault(dep, []).append((_utc(received), _utc(due), reopened, _utc(first)))  # type: ignore[arg-type]
    out: dict[str, dict[str, Any]] = {}
    for dep, rows in sorted(per.items()):
        judged = [r for r in rows if r[3] is not None or r[1] <= as_of]
        in_time = sum(1 for r in judged if r[3] is not None and r[3] <= r[1])
        disposed = [r for r in rows if r[3] is not None]
        days = [(r[3] - r[0]).total_seconds() / 86400 for r in disposed]  # type: ignore[operator]
        out[dep] = {
            "tickets": len(rows),
            "tickets_judged": len(judged),
            "tickets_disposed": len(disposed),
            "disposed_in_time_share":
                round(in_time / len(judged), 6) if len(judged) >= min_tickets else None,
            "median_disposal_days":
                round(statistics.median(days), 3) if len(disposed) >= min_tickets else None,
            "reopen_rate":
                round(sum(1 for r in disposed if r[2] > 0) / len(disposed), 6)
                if len(disposed) >= min_tickets else None,
        }
    return out
