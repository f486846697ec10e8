"""The desk's part of an erasure: every table that can hold a citizen's words, in one
transaction, with the erasure's own audit row (``sushasan.erasure`` decides what to erase).

What stays, for the statistics and the review's grievance pillar: each ticket with its docket,
platform, message id, department, dates, state, level, scores and events (who did what, when).
What goes: the ticket's text, disposal reply and handle (a tombstone takes the handle's place),
reply drafts' texts in the outbox, officers' reasons and free-text details on the ticket's events,
personal data inside audit rows (the row stays, its values become tombstones), the retraining
labels made from the ticket (deleted: a label without its text teaches nothing), and quarantined
import rows that name the citizen (deleted). Then the database is compacted, so no copy is left
in free pages or the write-ahead log: SQLite checkpoints and VACUUMs, PostgreSQL runs VACUUM
FULL on the tables that changed.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, delete, func, or_, select, text, tuple_, update
from sqlalchemy.exc import DBAPIError

from sushasan.desk.tables import (
    audit_events,
    grievance_labels,
    quarantine,
    replies,
    ticket_events,
    tickets,
)

if TYPE_CHECKING:
    from sushasan.desk.store import Desk
    from sushasan.desk.trail import Trail

__all__ = ["ERASED", "FoundTicket", "compact", "erase_rows", "find_tickets", "retention_due"]

ERASED = "[erased]"
#: Free-text keys of a ticket event's details or an audit row (an officer's words).
_FREE = {"reply", "public_reply", "note", "text", "reason", "comment", "message"}
#: Tables an erasure may change, compacted afterwards.
TABLES = ("tickets", "ticket_events", "replies", "grievance_labels", "audit_events", "quarantine")

#: ``scrub(text) -> (text with needles replaced, how many)``; ``tomb(value) -> tombstone``.
Scrub = Callable[[str], tuple[str, int]]
Tomb = Callable[[str], str]


@dataclass(frozen=True)
class FoundTicket:
    docket: str
    platform: str
    interaction_id: str
    text: str
    author_handle: str | None
    reply: str | None


def find_tickets(conn: Connection, *, dockets: Iterable[str] = (),
                 handles: Iterable[str] = (), interactions: Iterable[tuple[str, str]] = (),
                 platform: str | None = None) -> list[FoundTicket]:
    """Tickets of these dockets, or by these handles (lower-case), or opened from these
    messages; ``platform`` narrows the handles."""
    wanted = []
    if dockets := sorted(set(dockets)):
        wanted.append(tickets.c.docket.in_(dockets))
    if handles := sorted(set(handles)):
        by = func.lower(tickets.c.author_handle).in_(handles)
        wanted.append(and_(by, tickets.c.platform == platform) if platform else by)
    pairs = sorted(set(interactions))
    for i in range(0, len(pairs), 400):
        wanted.append(tuple_(tickets.c.platform, tickets.c.interaction_id).in_(pairs[i:i + 400]))
    if not wanted:
        return []
    rows = conn.execute(
        select(tickets.c.docket, tickets.c.platform, tickets.c.interaction_id, tickets.c.text,
               tickets.c.author_handle, tickets.c.reply)
        .where(or_(*wanted)).order_by(tickets.c.docket)
    ).all()
    return [FoundTicket(*r) for r in rows]


def retention_due(conn: Connection, cutoff: datetime) -> list[str]:
    """Tickets closed (or merged) before ``cutoff``, or disposed of before it and never closed
    (most citizens never rate the reply, and nothing else closes a disposed ticket), whose
    citizen's data is not yet erased."""
    cut = cutoff.astimezone(UTC)
    return list(conn.execute(
        select(tickets.c.docket)
        .where(or_(and_(tickets.c.state.in_(("closed", "merged")), tickets.c.closed_at < cut),
                   and_(tickets.c.state == "disposed", tickets.c.disposed_at < cut)),
               tickets.c.erased_at.is_(None))
        .order_by(tickets.c.docket)
    ).scalars())


def _scrub_json(raw: str | None, scrub: Scrub, tomb: Tomb, whole: bool) -> tuple[str | None, int]:
    """A JSON column with needles (and, when ``whole``, every free-text value) tombstoned."""
    if raw is None:
        return None, 0
    try:
        value = json.loads(raw)
    except ValueError:
        new, n = scrub(raw)
        return new, n
    hits = [0]

    def walk(v: Any, key: str = "") -> Any:
        if isinstance(v, str):
            if whole and key.lower() in _FREE and v:
                hits[0] += 1
                return tomb(v)
            new, n = scrub(v)
            hits[0] += n
            return new
        if isinstance(v, list):
            return [walk(x, key) for x in v]
        if isinstance(v, dict):
            return {k: walk(x, str(k)) for k, x in v.items()}
        return v

    out = walk(value)
    return (json.dumps(out, ensure_ascii=False, sort_keys=True) if hits[0] else raw), hits[0]


def _containing(column: Any, needles: Sequence[str]) -> Any:
    """Rows whose ``column`` holds any needle, case-insensitively (LIKE, escaped)."""
    return or_(*(func.lower(column).contains(n.lower(), autoescape=True) for n in needles))


def erase_rows(conn: Connection, found: Sequence[FoundTicket], *, scrub: Scrub, tomb: Tomb,
               needles: Sequence[str], interactions: Iterable[tuple[str, str]],
               search_all: bool, now: datetime, dry_run: bool = False) -> dict[str, int]:
    """Erase the citizen's data from the desk's tables; counts per store.

    ``found`` are the tickets to tombstone; ``needles`` are searched in every audit row and
    quarantined row when ``search_all`` (an author's erasure), else only in the rows of these
    tickets and their replies (retention: thousands of tickets at once, the trail stays fast).
    """
    counts = dict.fromkeys(("tickets", "tickets_mentioning", "ticket_events", "replies",
                            "labels", "labels_mentioning", "audit_events", "quarantine"), 0)
    dockets = sorted({t.docket for t in found})
    ids = sorted({i for _p, i in interactions})
    at = now.astimezone(UTC)
    for t in found:
        counts["tickets"] += 1
        if not dry_run:
            conn.execute(update(tickets).where(tickets.c.docket == t.docket).values(
                text=ERASED, author_handle=tomb(t.author_handle) if t.author_handle else None,
                reply=ERASED if t.reply else None, erased_at=at))
    for chunk in _chunks(dockets):
        for r in conn.execute(select(ticket_events.c.id, ticket_events.c.actor,
                                     ticket_events.c.reason, ticket_events.c.details)
                              .where(ticket_events.c.docket.in_(chunk))).all():
            reason = r.reason
            if reason and r.actor != "system" and reason != ERASED:
                reason = ERASED  # an officer's words about the citizen's case
            elif reason:
                reason, _ = scrub(reason)
            details, n = _scrub_json(r.details, scrub, tomb, whole=True)
            if reason != r.reason or n:
                counts["ticket_events"] += 1
                if not dry_run:
                    conn.execute(update(ticket_events).where(ticket_events.c.id == r.id)
                                 .values(reason=reason, details=details or "{}"))
    if search_all and needles:  # other citizens' tickets that name this one ("same as @x")
        mine = set(dockets)
        for r in conn.execute(select(tickets.c.docket, tickets.c.text, tickets.c.reply).where(
                or_(_containing(tickets.c.text, needles),
                    _containing(tickets.c.reply, needles)))).all():
            if r.docket in mine:
                continue
            text_, n1 = scrub(r.text)
            reply, n2 = scrub(r.reply) if r.reply else (r.reply, 0)
            if n1 or n2:
                counts["tickets_mentioning"] += 1
                if not dry_run:
                    conn.execute(update(tickets).where(tickets.c.docket == r.docket)
                                 .values(text=text_, reply=reply))
    reply_ids: list[int] = []
    where = [replies.c.docket.in_(c) for c in _chunks(dockets)]
    where += [replies.c.in_reply_to.in_(c) for c in _chunks(ids)]
    if where:
        for r in conn.execute(select(replies.c.id, replies.c.text, replies.c.error)
                              .where(or_(*where))).all():
            reply_ids.append(int(r.id))
            if r.text != ERASED:
                counts["replies"] += 1
                if not dry_run:
                    conn.execute(update(replies).where(replies.c.id == r.id).values(
                        text=ERASED, error=scrub(r.error)[0] if r.error else None))
    label_where = [grievance_labels.c.docket.in_(c) for c in _chunks(dockets)]
    if label_where:  # the subject's own: a label without its text teaches nothing
        counts["labels"] = _delete(conn, grievance_labels, or_(*label_where), dry_run)
    if search_all and needles:  # others' that mention the subject keep their label
        for r in conn.execute(select(grievance_labels.c.id, grievance_labels.c.text)
                              .where(_containing(grievance_labels.c.text, needles))).all():
            text_, n = scrub(r.text)
            if n:
                counts["labels_mentioning"] += 1
                if not dry_run:
                    conn.execute(update(grievance_labels)
                                 .where(grievance_labels.c.id == r.id).values(text=text_))
    audit_where = [and_(audit_events.c.object_kind == "ticket", audit_events.c.object_id.in_(c))
                   for c in _chunks(dockets)]
    audit_where += [and_(audit_events.c.object_kind == "reply",
                         audit_events.c.object_id.in_([str(i) for i in c]))
                    for c in _chunks(reply_ids)]
    if search_all and needles:
        audit_where += [_containing(audit_events.c.before, needles),
                        _containing(audit_events.c.after, needles)]
    if audit_where:
        for r in conn.execute(select(audit_events.c.id, audit_events.c.before,
                                     audit_events.c.after).where(or_(*audit_where))).all():
            before, n1 = _scrub_json(r.before, scrub, tomb, whole=True)
            after, n2 = _scrub_json(r.after, scrub, tomb, whole=True)
            if n1 or n2:
                counts["audit_events"] += 1
                if not dry_run:
                    conn.execute(update(audit_events).where(audit_events.c.id == r.id)
                                 .values(before=before, after=after))
    if search_all and needles:
        counts["quarantine"] = _delete(conn, quarantine, _containing(quarantine.c.raw, needles),
                                       dry_run)
    return counts


def _delete(conn: Connection, table: Any, where: Any, dry_run: bool) -> int:
    if dry_run:
        return int(conn.execute(select(func.count()).select_from(table).where(where))
                   .scalar_one())
    return int(conn.execute(delete(table).where(where)).rowcount or 0)


def _chunks(values: Sequence[Any], size: int = 500) -> list[Sequence[Any]]:
    return [values[i:i + size] for i in range(0, len(values), size)]


def record_erasure(conn: Connection, trail: Trail, erasure_id: str,
                   after: dict[str, Any]) -> None:
    """The erasure's own audit row: who, when, why and how much per store, no personal data."""
    trail.record(conn, "subject.erase", "erasure", erasure_id, None, after)


def compact(desk: Desk) -> None:
    """Leave no erased value in free pages, the write-ahead log or dead row versions."""
    if desk.backend == "sqlite":
        with desk.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.commit()
            old = raw.isolation_level
            raw.isolation_level = None  # VACUUM cannot run inside a transaction
            try:
                raw.execute("VACUUM")
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.isolation_level = old
        desk.engine.dispose()  # other pooled connections may hold old pages in their cache
    elif desk.backend == "postgresql":
        with desk.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in TABLES:
                conn.execute(text(f"VACUUM FULL {table}"))
            # needs superuser or pg_checkpoint; without it the server's next checkpoint does it
            with contextlib.suppress(DBAPIError):
                conn.execute(text("CHECKPOINT"))
