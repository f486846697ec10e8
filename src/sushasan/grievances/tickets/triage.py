"""Triage: find grievances among citizens' interactions not yet looked at and open their tickets.

Each batch is one transaction that records every interaction it examined (grievance or not) in
the `triaged` ledger and opens the tickets, so a second run opens nothing new and a run killed
half-way leaves either a whole batch or none of it. The ticket table's unique key on the
interaction is the last guard against a doubled ticket.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
from sqlalchemy import select

from sushasan import progress
from sushasan.desk.tables import tickets, triaged
from sushasan.grievances.classify.detect import Detector
from sushasan.grievances.classify.route_model import LearnedRouter
from sushasan.grievances.classify.routing import TRIAGE_THRESHOLD, Router
from sushasan.grievances.tickets.desk import GrievanceDesk, NewTicket
from sushasan.lake.store import OFFLINE, Lake
from sushasan.words import slashed

__all__ = ["BATCH", "TriageResult", "mentions", "triage"]

BATCH = 5000
_MENTION = re.compile(r"(?<![\w@])@(\w{1,50})")


@dataclass
class TriageResult:
    examined: int = 0
    grievances: int = 0
    opened: int = 0
    queued: int = 0  # opened with low routing confidence: the review cell's triage queue
    by_department: dict[str, int] = field(default_factory=dict)


def mentions(text: str) -> tuple[str, ...]:
    return tuple(m.group(1) for m in _MENTION.finditer(text or ""))


def _pending(desk: GrievanceDesk, lake: Lake, sample: bool | None, batch: int = BATCH
             ) -> Iterator[pa.RecordBatch]:
    """Citizens' interactions (not the department's own replies) missing from the ledger."""
    files = lake.files("interaction")
    if not files:
        return
    with desk.transaction() as conn:
        seen = conn.execute(select(triaged.c.platform, triaged.c.interaction_id)).all()
    done = pa.table({
        "platform": pa.array([r[0] for r in seen], pa.string()),
        "interaction_id": pa.array([r[1] for r in seen], pa.string()),
    })
    con = duckdb.connect(config=OFFLINE)
    con.execute("SET TimeZone = 'UTC'")
    con.register("done", done)
    where = "" if sample is None else f"AND i.sample = {'true' if sample else 'false'}"
    rel = con.execute(
        f"""
        SELECT i.platform, i.interaction_id, i.department_id, i.author_handle, i.created_at,
               i.text, i.sample
        FROM read_parquet(?, hive_partitioning = true, hive_types_autocast = false) i
        ANTI JOIN done d USING (platform, interaction_id)
        WHERE NOT coalesce(i.from_department, false) AND i.text IS NOT NULL {where}
        ORDER BY i.created_at, i.platform, i.interaction_id
        """,
        [[str(f) for f in files]],
    )
    reader = rel.to_arrow_reader(batch)
    yield from reader
    con.close()


def _existing(conn: Any, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Dockets of tickets already open for these (platform, interaction id) keys."""
    found: dict[tuple[str, str], str] = {}
    ids = sorted({i for _p, i in keys})
    for start in range(0, len(ids), 500):
        for platform, iid, docket in conn.execute(
            select(tickets.c.platform, tickets.c.interaction_id, tickets.c.docket)
            .where(tickets.c.platform.in_(sorted({p for p, _i in keys})),
                   tickets.c.interaction_id.in_(ids[start:start + 500]))
        ):
            found[(platform, iid)] = docket
    wanted = set(keys)
    return {k: d for k, d in found.items() if k in wanted}


def triage(
    desk: GrievanceDesk,
    lake: Lake,
    detector: Detector,
    router: Router,
    sample: bool | None = None,
    limit: int | None = None,
    route_model: LearnedRouter | None = None,
    batch: int = BATCH,
) -> TriageResult:
    result = TriageResult()
    with progress.task(slashed("Triage: reading citizens' messages")) as step:
        for found in _pending(desk, lake, sample, max(1, batch)):
            rows: list[dict[str, Any]] = found.to_pylist()
            if limit is not None:
                rows = rows[: max(0, limit - result.examined)]
                if not rows:
                    break
            _one_batch(desk, detector, router, rows, result, route_model)
            step.advance(len(rows))
    return result


def _one_batch(
    desk: GrievanceDesk,
    detector: Detector,
    router: Router,
    rows: list[dict[str, Any]],
    result: TriageResult,
    route_model: LearnedRouter | None = None,
) -> None:
    texts = [r["text"] for r in rows]
    found = detector.classify(texts, every_language=False)
    picked = [i for i, d in enumerate(found) if d.is_grievance]
    routes = router.route_many(
        [texts[i] for i in picked],
        [mentions(texts[i]) for i in picked],
        [rows[i]["department_id"] for i in picked],
    )
    if route_model is not None:
        routes = route_model.refine(routes, [texts[i] for i in picked])
    route_of = dict(zip(picked, routes, strict=True))
    now = desk.clock()
    items: list[NewTicket] = []
    for i in picked:
        r, route = rows[i], route_of[i]
        low = route.department_id is None or route.score < TRIAGE_THRESHOLD
        items.append(NewTicket(
            platform=r["platform"], interaction_id=r["interaction_id"], text=r["text"],
            received_at=r["created_at"], department_id=None if low else route.department_id,
            needs_triage=low, routing_score=float(route.score),
            routing_reasons=tuple(route.reasons), grievance_score=float(found[i].score),
            language=found[i].language, author_handle=r["author_handle"],
            addressed_department_id=r["department_id"], place=route.place,
            district=route.district, sample=bool(r["sample"]),
        ))
    with desk.transaction() as conn:
        # Keyed on the message: one that already has a ticket (opened by a run whose ledger
        # row was lost, or by hand) keeps it, and the ledger names that ticket.
        have = _existing(conn, [(i.platform, i.interaction_id) for i in items])
        opened = desk.open([i for i in items if (i.platform, i.interaction_id) not in have])
        docket_of = {**have, **{(t.platform, t.interaction_id): t.docket for t in opened}}
        desk.mark_triaged(conn, [
            {"platform": r["platform"], "interaction_id": r["interaction_id"], "triaged_at": now,
             "is_grievance": found[i].is_grievance, "grievance_score": float(found[i].score),
             "docket": docket_of.get((r["platform"], r["interaction_id"])),
             "sample": bool(r["sample"])}
            for i, r in enumerate(rows)
        ])
    result.examined += len(rows)
    result.grievances += len(picked)
    result.opened += len(opened)
    for t in opened:
        if t.needs_triage:
            result.queued += 1
        else:
            key = t.department_id or "-"
            result.by_department[key] = result.by_department.get(key, 0) + 1
