"""One erasure, store by store, and its report.

The order makes a crash safe to repeat: the lake is read first (to learn the subject's messages,
texts and ids), then rewritten; the desk is changed in one transaction with the erasure's audit
row; then the raw copies and the other files of the data folder; last the desk is compacted.
A run killed half-way leaves some stores erased and others not, and running the same erasure
again finishes the job (every step finds what is left, and finds nothing twice).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from sushasan.desk.erasure import compact, erase_rows, find_tickets, record_erasure
from sushasan.desk.store import Desk
from sushasan.desk.tables import imports
from sushasan.desk.trail import Trail
from sushasan.erasure.files import FileResult, collect_names, scrub_file, walk_files
from sushasan.erasure.subject import Matcher, Subject, Tombstones
from sushasan.errors import NotFoundError
from sushasan.lake import Lake
from sushasan.language.pii import redact

__all__ = ["ErasureReport", "Stores", "erase"]

#: What the data folder holds that is not the subject's business, or is handled store by store.
_OWN = {"lake", "raw", "locks", "models", "holidays"}


@dataclass(frozen=True)
class Stores:
    """Where a citizen's data can be: the desk, the lake, the raw landing, the data folder (for
    generated files) and any other folders of generated files the cell keeps."""

    desk: Desk
    lake: Lake
    raw_dir: Path
    data_dir: Path
    also: tuple[Path, ...] = ()
    skip: tuple[Path, ...] = ()  # files of the data folder that are stores in their own right


@dataclass
class ErasureReport:
    erasure_id: str
    mode: str
    dry_run: bool
    dockets: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    left: list[str] = field(default_factory=list)  # files holding a needle that could not be read

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _interactions(lake: Lake, subject: Subject) -> tuple[pa.Table, set[str]]:
    """The subject's messages in the lake (id, platform, author, text) and their raw refs."""
    cols = ["interaction_id", "author_id", "author_handle", "text", "raw_ref"]
    found: list[pa.Table] = []
    for f in lake.files("interaction"):
        platform = f.parent.parent.name.removeprefix("platform=")
        if subject.platform and platform != subject.platform:
            continue
        t = pq.read_table(f, columns=cols)
        hit = _match(t, platform, subject)
        if hit is not None and pc.any(hit).as_py():
            t = t.filter(hit)
            found.append(t.append_column("platform", pa.array([platform] * t.num_rows)))
    if not found:
        return pa.table({c: pa.array([], pa.string()) for c in [*cols, "platform"]}), set()
    table = pa.concat_tables(found)
    refs = {r.split(":")[0] for r in table.column("raw_ref").to_pylist() if r}
    return table, refs


def _match(t: pa.Table, platform: str, subject: Subject) -> pa.ChunkedArray | None:
    masks = []
    ids = [i for p, i in subject.interactions if p == platform]
    if ids:
        masks.append(pc.is_in(t.column("interaction_id"), pa.array(ids, pa.string())))
    if subject.by_author:
        masks.append(pc.is_in(t.column("author_id"), pa.array(sorted(subject.author_ids))))
        masks.append(pc.is_in(pc.utf8_lower(t.column("author_handle")),
                              pa.array(sorted(subject.handles))))
    if not masks:
        return None
    out = masks[0]
    for m in masks[1:]:
        out = pc.or_(out, m)
    return pc.fill_null(out, False)


def _rewrite_lake(lake: Lake, subject: Subject, matcher: Matcher, tomb: Tombstones,
                  dry_run: bool) -> dict[str, int]:
    """Drop the subject's messages from the lake; tombstone needles in what stays."""
    counts = {"lake_rows": 0, "lake_values": 0, "lake_files": 0}
    if not subject.interactions and not subject.by_author and not matcher:
        return counts  # nothing to look for (a retention run with nothing due)

    def change(kind: str) -> Any:
        def run(table: pa.Table) -> pa.Table | None:
            platform = table.column("platform")[0].as_py() if table.num_rows else None
            if subject.platform and platform != subject.platform:
                return None  # the same handle on another platform may be someone else
            drop = _match(table, platform, subject) if kind == "interaction" else None
            removed = int(pc.sum(drop).as_py() or 0) if drop is not None else 0
            kept = table.filter(pc.invert(drop)) if removed else table
            texts = kept.column("text").to_pylist()
            scrubbed, hits = [], 0
            for value in texts:
                if value and matcher:
                    value, n = matcher.scrub(value, tomb)
                    hits += n
                scrubbed.append(value)
            if not removed and not hits:
                return None
            counts["lake_rows"] += removed
            counts["lake_values"] += hits
            if hits:
                at = kept.column_names.index("text")
                kept = kept.set_column(at, "text", pa.array(scrubbed, pa.string()))
            return kept
        return run

    # A docket's erasure (retention: many at once) reads only the messages; an author's also
    # looks for the handle in the department's posts.
    for kind in ("interaction", "post") if subject.by_author else ("interaction",):
        counts["lake_files"] += lake.rewrite(kind, change(kind), dry_run=dry_run)
    return counts


def _raw_files(stores: Stores, subject: Subject, refs: set[str]) -> list[Path]:
    """Raw copies to look through: all of them for an author (a page may mention the handle
    anywhere), only those the erased messages came from for dockets (retention stays cheap)."""
    if subject.by_author:
        api = stores.raw_dir / "api"

        def elsewhere(path: Path) -> bool:  # live pages of another platform than the one asked
            return _temporary(path) or bool(
                subject.platform and path.is_relative_to(api)
                and path.relative_to(api).parts[0] != subject.platform)

        return list(walk_files(stores.raw_dir, elsewhere))
    found: set[Path] = set()
    with stores.desk.engine.connect() as conn:
        for ref in sorted(refs):
            found.update(stores.raw_dir.glob(f"{ref[:2]}/{ref}-*"))
            for (path,) in conn.execute(select(imports.c.path)
                                        .where(imports.c.sha256.startswith(ref))):
                p = Path(path)
                if p.is_file() and p.resolve().is_relative_to(stores.raw_dir.resolve()):
                    found.add(p)
    return sorted(found)


def _temporary(path: Path) -> bool:
    return path.name.endswith((".tmp", ".erase"))


def _other_files(stores: Stores) -> list[Path]:
    """Files in the data folder outside the stores (exports, digests, reports kept there) and
    in the extra folders."""
    skip = {p.resolve() for p in stores.skip}

    def ignored(path: Path) -> bool:
        rel = path.relative_to(stores.data_dir).parts
        return (rel[0] in _OWN or path.resolve() in skip or _temporary(path)
                or path.name.startswith(("desk.sqlite", "queue.sqlite")))

    out = list(walk_files(stores.data_dir, ignored))
    for folder in stores.also:
        out += walk_files(folder, _temporary)
    return out


def erase(stores: Stores, subject: Subject, *, by: str, now: datetime, reason: str = "",
          mode: str | None = None, dry_run: bool = False) -> ErasureReport:
    """Erase ``subject`` from every store; a dry run counts what it would change and changes
    nothing (no audit row either)."""
    tomb = Tombstones()
    with stores.desk.begin() as conn:
        found = find_tickets(conn, dockets=subject.dockets,
                             handles=subject.handles if subject.by_author else (),
                             platform=subject.platform)
    missing = subject.dockets - {t.docket for t in found}
    if missing:
        raise NotFoundError(f"no ticket {', '.join(sorted(missing))}: check the docket number")
    subject.interactions |= {(t.platform, t.interaction_id) for t in found}
    subject.add_texts(t.text for t in found)
    subject.add_texts(t.reply for t in found)
    rows, refs = _interactions(stores.lake, subject)
    subject.interactions |= set(zip(rows.column("platform").to_pylist(),
                                    rows.column("interaction_id").to_pylist(), strict=True))
    subject.add_texts(rows.column("text").to_pylist())
    if subject.by_author:
        subject.author_ids |= {a for a in rows.column("author_id").to_pylist() if a}
        subject.handles |= {h.lower() for h in rows.column("author_handle").to_pylist() if h}
        with stores.desk.begin() as conn:  # tickets opened from messages found by author id
            found = find_tickets(conn, handles=subject.handles,
                                 interactions=subject.interactions, platform=subject.platform)
        subject.add_texts(t.text for t in found)
    raw = _raw_files(stores, subject, refs)
    probe = subject.matcher()
    for path in raw:
        if probe.maybe_in(path.read_bytes()):
            subject.names |= collect_names(path, subject)
    matcher = subject.matcher()

    counts = _rewrite_lake(stores.lake, subject, matcher, tomb, dry_run)
    files = FileResult()
    for path in raw:
        files += scrub_file(path, subject, matcher, tomb, dry_run)
    counts |= {"raw_files": files.changed, "raw_records": files.records,
               "raw_values": files.values}
    other = FileResult()
    for path in _other_files(stores):
        other += scrub_file(path, subject, matcher, tomb, dry_run)
    counts |= {"other_files": other.changed, "other_values": other.values}

    label = mode or subject.mode
    report = ErasureReport(tomb("|".join(sorted(subject.handles | subject.dockets))), label,
                           dry_run, sorted({t.docket for t in found}), left=files.left + other.left)
    with stores.desk.begin() as conn:
        desk_counts = erase_rows(
            conn, found, scrub=lambda s: matcher.scrub(s, tomb), tomb=tomb,
            needles=matcher.needles, interactions=subject.interactions,
            search_all=subject.by_author, now=now, dry_run=dry_run)
        counts |= {f"desk_{k}": v for k, v in desk_counts.items()}
        report.counts = counts
        if not dry_run:
            why, _ = matcher.scrub(redact(reason), tomb)
            record_erasure(conn, Trail(by, now), report.erasure_id, {
                "mode": label, "reason": why, "tickets": len(report.dockets),
                "counts": counts, "files_left": len(report.left),
                **({"platform": subject.platform} if subject.platform else {}),
            })
    # A request always compacts (a second run finishes an interrupted one); a retention run
    # that erased nothing has nothing to compact.
    if not dry_run and (report.total or label != "retention"):
        try:
            compact(stores.desk)
        except (sqlite3.Error, DBAPIError) as exc:  # e.g. the dashboard holds a long read
            report.left.append(f"{stores.desk.describe()}: not compacted ({exc}); "
                               "run the erasure again when the desk is idle")
    return report
