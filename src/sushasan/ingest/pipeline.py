"""One import, start to finish, the same for every format.

Order matters for crash safety: the raw file is landed, then the lake partitions are merged
(idempotent), and only then is the import written to the desk with its coverage and quarantine in
one transaction. A crash before the last step leaves no import row, so the same file is simply
processed again and the lake merge turns the repeat into a no-op.
"""

from __future__ import annotations

import hashlib
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from sushasan.desk.store import CoverageSpan, Desk, QuarantinedRow
from sushasan.errors import ImportFileError
from sushasan.ingest.records import ImportContext, Importer, ParsedRow, Period
from sushasan.lake import SCHEMAS, Lake, WriteResult
from sushasan.language import script_language
from sushasan.quarters import ist_day
from sushasan.textio import decode_text

__all__ = ["ImportReport", "import_file"]


@dataclass
class ImportReport:
    path: str
    format: str
    status: str = "imported"  # imported, duplicate
    import_id: int | None = None
    read: int = 0
    written: WriteResult = field(default_factory=WriteResult)
    quarantined: list[tuple[int, str]] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    coverage: list[CoverageSpan] = field(default_factory=list)
    sample: bool = False
    note: str = ""
    summaries: list[Period] = field(default_factory=list)

    def reasons(self) -> dict[str, int]:
        """Quarantine and rejection reasons with their counts, for the summary line."""
        counts: dict[str, int] = defaultdict(int)
        for _, reason in self.quarantined + self.rejected:
            counts[reason] += 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def import_file(
    desk: Desk,
    lake: Lake,
    raw_dir: Path,
    importer: Importer,
    path: Path,
    ctx: ImportContext | None = None,
) -> ImportReport:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path}: is a folder; give the files inside it") from None
    sha = hashlib.sha256(data).hexdigest()
    report = ImportReport(str(path), importer.name)
    previous = desk.find_import(sha)
    if previous and previous.rows_quarantined == 0 and previous.rows_rejected == 0:
        report.status = "duplicate"
        report.import_id = previous.id
        report.note = (
            f"already imported on {previous.imported_at:%Y-%m-%d %H:%M} UTC as import "
            f"#{previous.id} (from {previous.path}); nothing changed"
        )
        return report
    if previous:
        report.note = (
            f"imported before as #{previous.id} with {previous.rows_quarantined} quarantined "
            f"and {previous.rows_rejected} rejected row(s); trying them again"
        )
    parsed = importer.parse(path, decode_text(data, str(path)), ctx or ImportContext())
    report.read = parsed.read
    report.rejected = [(r.row, r.reason) for r in parsed.rejected]
    samples = {r.record.get("sample", False) for r in parsed.rows}
    if len(samples) > 1:
        raise ImportFileError(
            f"{path}: mixes sample and real records; sample data is never mixed with real "
            "records. Nothing was imported."
        )
    report.sample = samples.pop() if samples else False

    index = desk.account_index()
    quarantine = [
        QuarantinedRow(str(path), r.row, None, None, f"malformed: {r.reason}", r.raw)
        for r in parsed.rejected
    ]
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    days: dict[tuple[str, int, str], list[date]] = defaultdict(list)
    for r in parsed.rows:
        hit = _resolve(index, r.platform, r.account)
        reason = None
        if hit is None:
            reason = (
                f"unknown {r.platform} account '{r.account}': add it to a department "
                "(sushasan registry import), then import the file again"
            )
        elif hit[2] != report.sample:
            reason = f"{r.platform} account '{r.account}' is a " + (
                "sample account but the record is real" if hit[2] else
                "real account but the record is sample data"
            )
        if reason or hit is None:
            report.quarantined.append((r.row, reason or ""))
            quarantine.append(
                QuarantinedRow(str(path), r.row, r.platform, r.account, reason or "", r.raw)
            )
            continue
        account_row, department_id, _ = hit
        by_kind[r.kind].append(_normal(r, department_id, sha, importer.name))
        # Without a stated period, only the department's own posts and replies show which days
        # a source covered; citizens' messages or follower counts say nothing about posting.
        if r.kind == "post" or (r.kind == "interaction" and r.record.get("from_department")):
            days[(r.platform, account_row, department_id)].append(ist_day(r.record["created_at"]))

    spans = _coverage(parsed.periods, days, index, importer.name, report.sample)
    report.coverage = spans
    report.summaries = [p for p in parsed.periods if p.summary]
    _land_raw(raw_dir, sha, path, data)
    for kind, rows in sorted(by_kind.items()):
        report.written += lake.write(kind, pa.Table.from_pylist(rows, schema=SCHEMAS[kind]))
    report.import_id = desk.record_import(
        sha256=sha,
        path=str(path),
        fmt=importer.name,
        sample=report.sample,
        counts={
            "read": parsed.read,
            "stored": report.written.added + report.written.updated,
            "quarantined": len(report.quarantined),
            "rejected": len(report.rejected),
        },
        spans=spans,
        quarantined=quarantine,
        replaces=previous.id if previous else None,
    )
    return report


def _resolve(
    index: dict[tuple[str, str], tuple[int, str, bool]], platform: str, account: str
) -> tuple[int, str, bool] | None:
    # Handles are case-insensitive; platform ids are not (YouTube channel ids are mixed case).
    key = account if account.startswith("id:") else account.lower()
    return index.get((platform, key))


def _normal(r: ParsedRow, department_id: str, sha: str, source: str) -> dict[str, Any]:
    rec = dict(r.record)
    rec["platform"] = r.platform
    rec["account_id"] = r.account.lower()
    rec["department_id"] = department_id
    rec["source"] = source
    rec["raw_ref"] = f"{sha[:16]}:{r.row}"
    if r.kind in ("post", "interaction") and not rec.get("language"):
        rec["language"] = script_language(rec.get("text"))
    return rec


def _coverage(
    periods: list[Any],
    days: dict[tuple[str, int, str], list[date]],
    index: dict[tuple[str, str], tuple[int, str, bool]],
    source: str,
    sample: bool,
) -> list[CoverageSpan]:
    """Explicit periods win; otherwise the days between an account's first and last record."""
    spans: list[CoverageSpan] = []
    explicit: set[tuple[str, int]] = set()
    for p in periods:
        hit = _resolve(index, p.platform, p.account)
        if hit is None or hit[2] != sample or p.summary:
            continue
        explicit.add((p.platform, hit[0]))
        spans.append(
            CoverageSpan(p.platform, hit[0], hit[1], source, p.first_day, p.last_day, sample)
        )
    for (platform, account_row, department_id), seen in sorted(days.items()):
        if (platform, account_row) not in explicit:
            spans.append(
                CoverageSpan(
                    platform, account_row, department_id, source, min(seen), max(seen), sample
                )
            )
    return spans


def _land_raw(raw_dir: Path, sha: str, path: Path, data: bytes) -> None:
    """Keep the file verbatim so records can be re-mapped later without asking the cell again."""
    target = raw_dir / sha[:2] / f"{sha[:16]}-{path.name}"
    if target.exists() or path.resolve().is_relative_to(raw_dir.resolve()):
        return  # already landed (live API pages are written under raw/ by the fetcher)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
    shutil.move(tmp, target)
