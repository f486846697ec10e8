"""The audit trail's storage: who changed what, when, from what to what.

Every write that changes what people may see or do takes a :class:`Trail` (who is acting) and
records its :class:`AuditEvent` on the same connection as the change, so a change without its
row, or a row without its change, cannot happen. Reading is for the review cell and auditors
(``sushasan history``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select

from sushasan.desk.tables import audit_events

if TYPE_CHECKING:
    from sushasan.desk.store import Desk

__all__ = ["OBJECT_KINDS", "AuditEvent", "Trail", "events", "record_many"]

#: What the trail covers.
OBJECT_KINDS = ("user", "token", "department", "setting", "review", "ticket", "reply",
                "erasure")


@dataclass(frozen=True)
class AuditEvent:
    at: datetime
    actor: str
    action: str  # e.g. user.create, review.publish, ticket.transfer, tickets.purge
    object_kind: str
    object_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class Trail:
    """Who is acting (``cli:<login>``, a dashboard username, ``system``) and, for tests and
    replays, at what time (default: now)."""

    actor: str
    at: datetime | None = None

    def record(
        self,
        conn: Connection,
        action: str,
        object_kind: str,
        object_id: str,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> None:
        if object_kind not in OBJECT_KINDS:
            raise ValueError(f"unknown audit object kind {object_kind!r}")
        conn.execute(insert(audit_events), {
            "at": self.at or datetime.now(UTC),
            "actor": self.actor,
            "action": action,
            "object_kind": object_kind,
            "object_id": object_id,
            "before": None if before is None else _json(before),
            "after": None if after is None else _json(after),
        })


def record_many(conn: Connection, found: Sequence[AuditEvent]) -> None:
    """Events that carry their own actor and time (a ticket's history, written in bulk)."""
    if found:
        conn.execute(insert(audit_events), [
            {"at": e.at, "actor": e.actor, "action": e.action, "object_kind": e.object_kind,
             "object_id": e.object_id,
             "before": None if e.before is None else _json(e.before),
             "after": None if e.after is None else _json(e.after)}
            for e in found
        ])


def _json(value: Mapping[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def events(
    desk: Desk,
    object_kind: str | None = None,
    object_id: str | None = None,
    limit: int = 100,
) -> list[AuditEvent]:
    """Newest first."""
    query = select(audit_events).order_by(audit_events.c.id.desc()).limit(limit)
    if object_kind is not None:
        query = query.where(audit_events.c.object_kind == object_kind)
    if object_id is not None:
        query = query.where(audit_events.c.object_id == object_id)
    with desk.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        AuditEvent(
            r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC), r.actor, r.action,
            r.object_kind, r.object_id,
            None if r.before is None else json.loads(r.before),
            None if r.after is None else json.loads(r.after),
        )
        for r in rows
    ]
