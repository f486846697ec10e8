"""The queue's maintained counts: tickets per (department, state, triage flag).

Counting 200,000 tickets by state on every queue page is a full scan; this table is the same
answer kept up to date by the ticket desk in the transaction that changes a ticket (so it can
never drift from the tickets it counts: both commit or neither does). Writers pass the change as
a :class:`collections.Counter` of keys to +1/-1; keys are applied in sorted order, so two
transactions touching the same rows on PostgreSQL queue behind each other instead of
deadlocking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects import postgresql, sqlite

from sushasan.desk.tables import ticket_counts, tickets

__all__ = ["Key", "apply", "change", "key", "read", "recount"]

Key = tuple[str, str, bool]


def key(department_id: str | None, state: str, needs_triage: bool) -> Key:
    """The counts row a ticket belongs to ("" stands for no department: the triage queue)."""
    return (department_id or "", state, bool(needs_triage))


def change(pairs: Iterable[tuple[Any | None, Any]]) -> Counter[Key]:
    """The counts' change for tickets going from ``old`` to ``new`` (``old`` None: opened)."""
    delta: Counter[Key] = Counter()
    for old, new in pairs:
        if old is not None:
            delta[key(old.department_id, old.state, old.needs_triage)] -= 1
        delta[key(new.department_id, new.state, new.needs_triage)] += 1
    return delta


def apply(conn: Connection, delta: Counter[Key]) -> None:
    """Add ``delta`` to the counts in the caller's transaction (an upsert per changed row)."""
    rows = [{"department_id": d, "state": s, "needs_triage": t, "n": n}
            for (d, s, t), n in sorted(delta.items()) if n]
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    for row in rows:
        stmt = dialect.insert(ticket_counts).values(**row)
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["department_id", "state", "needs_triage"],
            set_={"n": ticket_counts.c.n + stmt.excluded.n},
        ))


def read(conn: Connection, department_id: str | None = None,
         triage: bool | None = None) -> dict[str, int]:
    """Tickets per state, for one department (or all) and one triage flag (or both)."""
    q = select(ticket_counts.c.state, func.sum(ticket_counts.c.n)).where(ticket_counts.c.n != 0)
    if department_id:
        q = q.where(ticket_counts.c.department_id == department_id)
    if triage is not None:
        q = q.where(ticket_counts.c.needs_triage == triage)
    return {s: int(n) for s, n in conn.execute(q.group_by(ticket_counts.c.state)) if n}


def recount(conn: Connection) -> dict[Key, int]:
    """The counts as a full scan finds them: what the maintained table must equal (tests, and
    ``sushasan grievances check`` when one is written)."""
    dept = func.coalesce(tickets.c.department_id, "")
    q = select(dept, tickets.c.state, tickets.c.needs_triage, func.count()).group_by(
        dept, tickets.c.state, tickets.c.needs_triage)
    return {key(d, s, t): int(n) for d, s, t, n in conn.execute(q)}
