"""Publishing a review: freeze it, version it, and show what changed.

A published review is what the Chief Minister's office announced; it must never change under the
cell's feet. So publication stores the exact JSON with the fingerprint of every input (lake
partitions, coverage ledger, registry, method file, code version). Reports for that quarter are
then written from the frozen JSON; recomputing after a data correction makes a new version, stored
beside the old one with a diff of ranks and scores, never a silent overwrite.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sushasan import __version__
from sushasan.desk.store import Desk, Snapshot
from sushasan.desk.trail import Trail
from sushasan.lake import Lake
from sushasan.quarters import Quarter
from sushasan.review.model import dumps

__all__ = [
    "diff_reviews",
    "inputs_fingerprint",
    "latest_published",
    "publication",
    "publish",
    "published_document",
    "result_sha256",
]


def result_sha256(result: dict[str, Any]) -> str:
    return hashlib.sha256(dumps(result).encode()).hexdigest()


def inputs_fingerprint(
    lake: Lake, desk: Desk, quarter: Quarter, data: str, method_file: Path,
    extra: Mapping[str, Any] | None = None,
) -> str:
    """One hash over everything a review of ``quarter`` reads (and the previous quarter, for the
    trend)."""
    h = hashlib.sha256()
    h.update(f"sushasan {__version__}\n{quarter}\n{data}\n".encode())
    months = [*quarter.previous().months, *quarter.months, quarter.next().months[0]]
    for kind in ("post", "interaction", "account_stat"):
        for path in lake.files(kind, months):
            h.update(str(path.relative_to(lake.root)).encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    for q in (quarter.previous(), quarter):
        for span in sorted(
            desk.coverage_spans(q.first_day, q.last_day, sample=data == "sample"),
            key=lambda s: (s.department_id, s.platform, s.account_id, s.first_day, s.source),
        ):
            h.update(repr(span).encode())
    for d in desk.departments():
        h.update(repr(d).encode())
    h.update(method_file.read_bytes())
    if extra:  # indicators from the grievance desk and the website audit
        h.update(json.dumps(extra, sort_keys=True, default=str).encode())
    return h.hexdigest()


def diff_reviews(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    before = {d["id"]: d for d in old["departments"]}
    changes = []
    for d in new["departments"]:
        b = before.get(d["id"])
        if b is None:
            changes.append({"id": d["id"], "added": True, "rank": [None, d["rank"]]})
            continue
        if (b["rank"], b["score"], b["status"]) != (d["rank"], d["score"], d["status"]):
            changes.append(
                {
                    "id": d["id"],
                    "rank": [b["rank"], d["rank"]],
                    "score": [b["score"], d["score"]],
                    "status": [b["status"], d["status"]],
                }
            )
    return {"top3": [old["top3"], new["top3"]], "changes": changes}


def publish(
    desk: Desk, result: dict[str, Any], inputs_sha: str, by: str, now: datetime | None = None
) -> tuple[Snapshot, bool]:
    """Store ``result`` as the next version unless it equals the latest one; (snapshot, created)."""
    quarter, data = result["quarter"], result["data"]
    latest = desk.latest_snapshot(quarter, data)
    sha = result_sha256(result)
    if latest is not None and latest.result_sha256 == sha:
        return latest, False
    diff = None
    if latest is not None:
        diff = json.dumps(diff_reviews(json.loads(latest.result), result), ensure_ascii=False)
    snap = Snapshot(
        quarter=quarter,
        data=data,
        version=(latest.version + 1) if latest else 1,
        method_version=result["method"]["version"],
        published_at=now or datetime.now(UTC),
        published_by=by,
        inputs_sha256=inputs_sha,
        result_sha256=sha,
        result=dumps(result),
        diff=diff,
    )
    desk.add_snapshot(snap, Trail(by, snap.published_at))
    return snap, True


def publication(snap: Snapshot) -> dict[str, Any]:
    """The ``publication`` block of a published review's document."""
    return {
        "version": snap.version,
        "published_at": snap.published_at.isoformat(),
        "published_by": snap.published_by,
        "result_sha256": snap.result_sha256,
    }


def latest_published(desk: Desk, quarter: str, data: str | None = None) -> Snapshot | None:
    """The latest published version of the quarter; without ``data``, departmental records'
    review before the sample's (a deployment that has both shows the real one)."""
    if data is not None:
        return desk.latest_snapshot(quarter, data)
    return desk.latest_snapshot(quarter, "real") or desk.latest_snapshot(quarter, "sample")


def published_document(snap: Snapshot) -> dict[str, Any]:
    """A published snapshot as the document reports and the dashboard read."""
    return {**json.loads(snap.result), "publication": publication(snap)}
