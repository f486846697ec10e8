"""The outbox's storage: replies on their way from the desk to the citizen's post or comment.

Every change is one conditional UPDATE (``WHERE state IN (...)``) plus its audit row on the same
connection, so two senders can never both claim a reply, and a reply is never sent twice: it is
posted only after it moved ``queued → sending``, and a reply found in ``sending`` when a run
starts (the process died mid-post) becomes ``unknown_check_by_hand``, never ``queued``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, select, update

from sushasan.desk.tables import REPLY_STATES, replies, tickets

if TYPE_CHECKING:
    from sushasan.desk.store import Desk
    from sushasan.desk.trail import Trail

__all__ = ["ACK_SLA", "REPLY_STATES", "OutboxReply", "PublicReplies", "add_reply",
           "latest_states", "move_reply", "not_before", "outbox", "public_replies", "reply",
           "sent_since", "stale_sending"]

#: How soon after the citizen's post a public acknowledgement counts as prompt (Twitter Seva
#: acknowledges within the day): the scorecard's note counts those within it.
ACK_SLA = timedelta(hours=24)

#: Reply states a change may leave from, per target state.
_FROM: dict[str, tuple[str, ...]] = {
    "draft": ("draft", "awaiting_approval", "queued", "failed"),
    "awaiting_approval": ("draft",),
    "queued": ("draft", "awaiting_approval", "queued", "sending", "failed"),
    "sending": ("queued",),
    "sent": ("sending", "unknown_check_by_hand"),
    "failed": ("sending", "queued"),
    "unknown_check_by_hand": ("sending",),
}
# An edited reply may wait for approval again (the department needs it), from wherever an edit
# is allowed.
_FROM["awaiting_approval"] = ("draft", "awaiting_approval", "queued", "failed")


@dataclass(frozen=True)
class OutboxReply:
    id: int
    idempotency_key: str
    docket: str
    purpose: str
    platform: str
    in_reply_to: str
    department_id: str | None
    text: str
    state: str
    attempts: int
    platform_id: str | None
    url: str | None
    error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    created_by: str
    updated_at: datetime
    sent_at: datetime | None
    sample: bool
    channel: str = "public"


def _utc(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _reply(row: Any) -> OutboxReply:
    return OutboxReply(**{k: _utc(v) for k, v in row._mapping.items()})


def _public(values: dict[str, Any]) -> dict[str, Any]:
    """What the audit row keeps of a reply: its state and what the platform said (the text is
    in the outbox row itself)."""
    keep = ("state", "platform", "platform_id", "url", "error", "attempts", "purpose", "channel")
    return {k: values[k] for k in keep if k in values}


def add_reply(conn: Connection, trail: Trail, *, key: str, docket: str, purpose: str,
              platform: str, in_reply_to: str, department_id: str | None, text: str,
              state: str, error: str | None = None, sample: bool = False,
              channel: str = "public") -> int | None:
    """Put a reply in the outbox; None when one with this key is already there (idempotent)."""
    if state not in ("draft", "awaiting_approval", "queued"):
        raise ValueError(f"a new reply starts as draft, awaiting_approval or queued, not {state}")
    found = conn.execute(
        select(replies.c.id).where(replies.c.idempotency_key == key)).scalar()
    if found is not None:
        return None
    at = trail.at or datetime.now(UTC)
    values = {"idempotency_key": key, "docket": docket, "purpose": purpose,
              "platform": platform, "in_reply_to": in_reply_to, "department_id": department_id,
              "text": text, "state": state, "attempts": 0, "error": error, "created_at": at,
              "created_by": trail.actor, "updated_at": at, "sample": sample,
              "channel": channel}
    new_id = int(conn.execute(insert(replies).values(**values)).inserted_primary_key[0])
    trail.record(conn, f"reply.{state}", "reply", str(new_id), None,
                 {**_public(values), "docket": docket, "key": key})
    return new_id


def move_reply(conn: Connection, trail: Trail, reply_id: int, state: str,
               **values: Any) -> bool:
    """Move a reply to ``state`` (with ``values``: platform_id, url, error, text, attempts,
    next_attempt_at, sent_at) if it is in a state that may; False when it was not (someone
    else moved it first)."""
    if state not in REPLY_STATES:
        raise ValueError(f"unknown reply state {state!r}")
    before = conn.execute(select(replies).where(replies.c.id == reply_id)).first()
    if before is None or before.state not in _FROM[state]:
        return False
    at = trail.at or datetime.now(UTC)
    done = conn.execute(
        update(replies)
        .where(replies.c.id == reply_id, replies.c.state == before.state,
               replies.c.updated_at == before.updated_at)
        .values(state=state, updated_at=at, **values)
    )
    if done.rowcount != 1:
        return False
    trail.record(conn, f"reply.{state}", "reply", str(reply_id),
                 _public(dict(before._mapping)), _public({"state": state, **values}))
    return True


def reply(desk: Desk, reply_id: int) -> OutboxReply | None:
    with desk.engine.connect() as conn:
        row = conn.execute(select(replies).where(replies.c.id == reply_id)).first()
    return None if row is None else _reply(row)


def outbox(desk: Desk, *, state: str | None = None, platform: str | None = None,
           docket: str | None = None, departments: Sequence[str] | None = None,
           limit: int = 100) -> list[OutboxReply]:
    """Replies, oldest first."""
    q = select(replies)
    if state:
        q = q.where(replies.c.state == state)
    if platform:
        q = q.where(replies.c.platform == platform)
    if docket:
        q = q.where(replies.c.docket == docket)
    if departments is not None:
        q = q.where(replies.c.department_id.in_(list(departments)))
    with desk.engine.connect() as conn:
        rows = conn.execute(q.order_by(replies.c.id).limit(limit)).all()
    return [_reply(r) for r in rows]


def stale_sending(conn: Connection, claimed_before: datetime) -> list[int]:
    """Replies left in ``sending`` by a run that died mid-post: claimed before
    ``claimed_before`` (now less the longest a live run may take over one post), so a second
    sender running beside a live one never takes that one's reply for a dead run's."""
    return [int(i) for i in conn.execute(
        select(replies.c.id).where(replies.c.state == "sending",
                                   replies.c.updated_at < claimed_before.astimezone(UTC))
        .order_by(replies.c.id)).scalars()]


def not_before(conn: Connection) -> dict[str, datetime]:
    """Per platform, the latest time a rate limit asked us to wait until (``next_attempt_at``
    of its queued replies): a limit is the platform's, so every reply on it waits."""
    rows = conn.execute(
        select(replies.c.platform, func.max(replies.c.next_attempt_at))
        .where(replies.c.state == "queued", replies.c.next_attempt_at.is_not(None))
        .group_by(replies.c.platform))
    return {str(p): _utc(at) for p, at in rows if at is not None}


def sent_since(conn: Connection, platform: str, since: datetime) -> int:
    """Replies posted on ``platform`` since ``since`` (the daily budget)."""
    return int(conn.execute(
        select(func.count()).where(replies.c.platform == platform,
                                   replies.c.state == "sent",
                                   replies.c.sent_at >= since.astimezone(UTC))
    ).scalar_one())


def latest_states(desk: Desk, dockets: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Each docket's latest reply as (purpose, state), for the queue's replies column: one
    query for a page of tickets."""
    if not dockets:
        return {}
    newest = (select(replies.c.docket, func.max(replies.c.id).label("id"))
              .where(replies.c.docket.in_(list(dockets))).group_by(replies.c.docket).subquery())
    q = select(replies.c.docket, replies.c.purpose, replies.c.state).join(
        newest, replies.c.id == newest.c.id)
    with desk.engine.connect() as conn:
        return {str(d): (str(p), str(s)) for d, p, s in conn.execute(q)}


@dataclass(frozen=True)
class PublicReplies:
    """A department's public replies from the desk in a period (the scorecard's note)."""

    sent: int
    acknowledgements: int
    acknowledged_in_sla: int
    failed: int


def public_replies(desk: Desk, department_id: str, start: datetime,
                   end: datetime) -> PublicReplies:
    """Replies posted from the desk in ``[start, end)``, how many were acknowledgements and how
    many of those reached the citizen within :data:`ACK_SLA` of the ticket's receipt; failed
    ones are counted by when they were written."""
    lo, hi = start.astimezone(UTC), end.astimezone(UTC)
    mine = replies.c.department_id == department_id
    with desk.engine.connect() as conn:
        rows = conn.execute(
            select(replies.c.purpose, replies.c.sent_at, tickets.c.received_at)
            .join(tickets, tickets.c.docket == replies.c.docket)
            .where(mine, replies.c.state == "sent", replies.c.sent_at >= lo,
                   replies.c.sent_at < hi)).all()
        failed = conn.execute(select(func.count()).where(
            mine, replies.c.state.in_(("failed", "unknown_check_by_hand")),
            replies.c.created_at >= lo, replies.c.created_at < hi)).scalar_one()
    acks = [(_utc(sent), _utc(received)) for purpose, sent, received in rows
            if purpose == "acknowledge"]
    return PublicReplies(len(rows), len(acks),
                         sum(1 for sent, received in acks if sent - received <= ACK_SLA),
                         int(failed))
