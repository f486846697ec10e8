"""One import, start to finish, the same for every format.

Order matters for crash safety: the raw file is landed, then the lake partitions are merged
(idempotent), and only then is the import written to the desk with its coverage and quarantine in
one transaction. A crash before the last step leaves no import row, so the same file is simply
processed again and the lake merge turns the repeat into a no-op.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sushasan.desk.store import CoverageSpan, Desk, QuarantinedRow
from sushasan.errors import ImportFileError
from sushasan.ingest.columnar import BATCH_SCHEMAS, by_distinct
from sushasan.ingest.records import ImportContext, Importer, Parsed, Period
from sushasan.lake import SCHEMAS, Lake, WriteResult
from sushasan.language import script_language
from sushasan.quarters import IST_MICROS
from sushasan.textio import decode_text
from sushasan.words import counted

__all__ = ["ImportReport", "import_file"]

_DAY_US = 86_400 * 1_000_000
_EPOCH = date(1970, 1, 1)


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
    #: Cells stored as missing in rows that were kept: (line, what and why), in line order.
    notes: list[tuple[int, str]] = field(default_factory=list)
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
    report = ImportReport(str(path), importer.name)
    # The file is hashed (and copied under raw/) in the background while it is parsed; whether it
    # is a duplicate is asked as soon as the parse is done, before anything is written.
    raw_copy = _RawCopy(raw_dir, path, data)
    try:
        outcome: Parsed | Exception = _parse(importer, path, data, ctx or ImportContext())
    except Exception as exc:  # a duplicate is reported as such even if it no longer parses
        outcome = exc
    except BaseException:
        raw_copy.drop()
        raise
    try:
        sha = raw_copy.sha()
        previous = desk.find_import(sha)
    except BaseException:
        raw_copy.drop()
        raise
    if previous and previous.rows_quarantined == 0 and previous.rows_rejected == 0:
        raw_copy.drop()
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
            f"and {counted(previous.rows_rejected, 'rejected row', 'rejected rows')}; "
            "trying them again"
        )
    try:
        if isinstance(outcome, Exception):
            raise outcome
        parsed = outcome
        normal, quarantine, days, index = _prepare(desk, importer, path, parsed, sha, report)
        if ctx is not None and ctx.claim is not None:
            ctx.claim(report.sample)
    except BaseException:
        raw_copy.drop()
        raise
    spans = _coverage(parsed.periods, days, index, importer.name, report.sample)
    report.coverage = spans
    report.summaries = [p for p in parsed.periods if p.summary]
    raw_copy.land()
    report.written += lake.write_all(dict(sorted(normal.items())))
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


def _prepare(
    desk: Desk,
    importer: Importer,
    path: Path,
    parsed: Parsed,
    sha: str,
    report: ImportReport,
) -> tuple[
    dict[str, pa.Table],
    list[QuarantinedRow],
    dict[tuple[str, int, str], tuple[date, date]],
    dict[tuple[str, str], tuple[int, str, bool]],
]:
    """Check and resolve: the normal records per kind, the quarantine and posting days."""
    report.read = parsed.read
    report.rejected = [(r.row, r.reason) for r in parsed.rejected]
    report.notes = sorted((n.row, n.text) for n in parsed.notes)
    tables, cleaned = _without_controls(_tables(parsed))
    if cleaned:
        report.note = "; ".join(filter(None, [report.note, (
            f"removed NUL and other control characters from "
            f"{counted(cleaned, 'row', 'rows')} (kept: tab and line breaks)")]))
    samples: set[bool] = set()
    for table in tables.values():
        samples.update(table.column("sample").fill_null(False).unique().to_pylist())
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
    normal: dict[str, pa.Table] = {}
    held: list[tuple[int, int, str, str, str, str | None]] = []
    days: dict[tuple[str, int, str], tuple[date, date]] = {}
    for kind, table in sorted(tables.items()):
        normal[kind] = _resolve_table(
            kind, table, index, report.sample, sha, importer.name, held, days
        )
    for _, row, platform, account, reason, raw in sorted(held, key=lambda h: h[0]):
        report.quarantined.append((row, reason))
        if raw is None and parsed.raw is not None:
            raw = parsed.raw(row)
        quarantine.append(QuarantinedRow(str(path), row, platform, account, reason, raw or ""))
    return normal, quarantine, days, index


#: C0 control characters other than tab, line feed and carriage return: a NUL cuts text short
#: in SQLite's functions and PostgreSQL refuses it, and none of them is anything a person wrote.
_CONTROLS = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"


def _without_controls(tables: dict[str, pa.Table]) -> tuple[dict[str, pa.Table], int]:
    """Every text column with C0 controls removed, and how many rows had any."""
    cleaned = 0
    for kind, table in tables.items():
        hit = None
        for i, f in enumerate(table.schema):
            if not pa.types.is_string(f.type):
                continue
            found = pc.match_substring_regex(table.column(i), _CONTROLS)
            if not pc.any(found).as_py():
                continue
            hit = found if hit is None else pc.or_kleene(hit, found)
            table = table.set_column(
                i, f, pc.replace_substring_regex(table.column(i), _CONTROLS, ""))
        if hit is not None:
            cleaned += pc.sum(hit.fill_null(False)).as_py() or 0
            tables[kind] = table
    return tables, cleaned


def _resolve(
    index: dict[tuple[str, str], tuple[int, str, bool]], platform: str, account: str
) -> tuple[int, str, bool] | None:
    # Handles are case-insensitive; platform ids are not (YouTube channel ids are mixed case).
    key = account if account.startswith("id:") else account.lower()
    return index.get((platform, key))


def _parse(importer: Importer, path: Path, data: bytes, ctx: ImportContext) -> Parsed:
    fast = getattr(importer, "parse_bytes", None)
    parsed = fast(path, data, ctx) if fast is not None else None
    if parsed is None:
        parsed = importer.parse(path, decode_text(data, str(path)), ctx)
    return parsed


def _tables(parsed: Parsed) -> dict[str, pa.Table]:
    """Every parsed row per kind as one table (BATCH_SCHEMAS plus ``_seq``, the row's place).

    Rows parsed one by one join the importer's batches; with batches, both are in line order.
    """
    by_kind: dict[str, list[pa.Table]] = defaultdict(list)
    for batch in parsed.batches:
        table = batch.table.select(BATCH_SCHEMAS[batch.kind].names)
        by_kind[batch.kind].append(table.append_column("_seq", table.column("_row")))
    dicts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for seq, r in enumerate(parsed.rows):
        dicts[r.kind].append(
            {**r.record, "platform": r.platform, "_row": r.row, "_account": r.account,
             "_raw": r.raw, "_seq": r.row if parsed.batches else seq}
        )
    for kind, rows in dicts.items():
        schema = BATCH_SCHEMAS[kind].append(pa.field("_seq", pa.int64()))
        by_kind[kind].append(pa.Table.from_pylist(rows, schema=schema))
    tables = {}
    for kind, parts in by_kind.items():
        table = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
        tables[kind] = table.sort_by("_seq") if len(parts) > 1 else table
    return tables


def _resolve_table(
    kind: str,
    table: pa.Table,
    index: dict[tuple[str, str], tuple[int, str, bool]],
    sample: bool,
    sha: str,
    source: str,
    held: list[tuple[int, int, str, str, str, str | None]],
    days: dict[tuple[str, int, str], tuple[date, date]],
) -> pa.Table:
    """Resolve each row's account once per distinct account: the normal records to store.

    Rows whose account is unknown, or sample where the record is real (or the other way round),
    are added to ``held``; the days each account posted on widen ``days``.
    """
    keys = pc.binary_join_element_wise(table.column("platform"), table.column("_account"), "\x00")
    hits, at = by_distinct(keys, lambda key: _hit(index, key, sample))
    hits.append((None, None, None, "", "", ""))
    ok = np.array([h[0] is not None for h in hits])[at]
    if not ok.all():
        out = table.filter(pa.array(~ok)).select(["_seq", "_row", "_raw"]).to_pylist()
        for r, a in zip(out, at[~ok].tolist(), strict=True):
            _, _, _, reason, platform, account = hits[a]
            held.append((r["_seq"], r["_row"], platform, account, reason, r["_raw"]))
        table = table.filter(pa.array(ok))
        at = at[ok]
    n = table.num_rows
    take = pa.array(at)
    rec = {
        "account_id": pa.array([h[2] for h in hits], pa.string()).take(take),
        "department_id": pa.array([h[1] for h in hits], pa.string()).take(take),
        "source": pa.nulls(n, pa.string()).fill_null(source),
        "raw_ref": pc.binary_join_element_wise(
            pa.nulls(n, pa.string()).fill_null(sha[:16]),
            pc.cast(table.column("_row"), pa.string()),
            ":",
        ),
    }
    if kind in ("post", "interaction"):
        language = table.column("language").combine_chunks()
        missing = pc.or_kleene(pc.is_null(language), pc.equal(language, "")).fill_null(True)
        if pc.any(missing).as_py():
            texts = table.column("text").filter(missing).to_pylist()
            found = pa.array([script_language(t) for t in texts], pa.string())
            language = pc.replace_with_mask(language, missing, found)
        rec["language"] = language
        # Without a stated period, only the department's own posts and replies show which days
        # a source covered; citizens' messages or follower counts say nothing about posting.
        posting = np.ones(n, bool) if kind == "post" else (
            table.column("from_department").fill_null(False).to_numpy(zero_copy_only=False)
        )
        micros = table.column("created_at").cast(pa.int64()).to_numpy(zero_copy_only=False)
        ist = (micros[posting] + IST_MICROS) // _DAY_US
        # First and last day per account in one pass (a mask per account costs rows × accounts).
        where = at[posting]
        first = np.full(len(hits), np.iinfo(np.int64).max)
        last = np.full(len(hits), np.iinfo(np.int64).min)
        np.minimum.at(first, where, ist)
        np.maximum.at(last, where, ist)
        for a in np.unique(where).tolist():
            account_row, department_id = hits[a][0], hits[a][1]
            span = (_day(first[a]), _day(last[a]))
            key = (hits[a][4], account_row, department_id)
            if key in days:
                span = (min(span[0], days[key][0]), max(span[1], days[key][1]))
            days[key] = span
    columns = [rec[f.name] if f.name in rec else table.column(f.name) for f in SCHEMAS[kind]]
    return pa.Table.from_arrays(columns, schema=SCHEMAS[kind])


def _day(days_since_epoch: np.integer) -> date:
    return _EPOCH + timedelta(days=int(days_since_epoch))


def _hit(
    index: dict[tuple[str, str], tuple[int, str, bool]], key: str, sample: bool
) -> tuple[int | None, str | None, str | None, str, str, str]:
    """(account row, department, stored account id, quarantine reason, platform, account)."""
    platform, account = key.split("\x00", 1)
    hit = _resolve(index, platform, account)
    if hit is None:
        reason = (
            f"unknown {platform} account '{account}': add it to a department "
            "(sushasan registry import), then import the file again"
        )
        return None, None, None, reason, platform, account
    if hit[2] != sample:
        reason = f"{platform} account '{account}' is a " + (
            "sample account but the record is real" if hit[2] else
            "real account but the record is sample data"
        )
        return None, None, None, reason, platform, account
    return hit[0], hit[1], account.lower(), "", platform, account


def _coverage(
    periods: list[Any],
    days: dict[tuple[str, int, str], tuple[date, date]],
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
    for (platform, account_row, department_id), (first, last) in sorted(days.items()):
        if (platform, account_row) not in explicit:
            spans.append(
                CoverageSpan(platform, account_row, department_id, source, first, last, sample)
            )
    return spans


class _RawCopy:
    """Keep the file verbatim so records can be re-mapped later without asking the cell again.

    A background thread hashes the bytes (hashlib releases the GIL) and writes them to a
    temporary file while the file is parsed; the copy takes its real name only when the import
    goes ahead (``land``), and is removed when it does not (``drop``).
    """

    def __init__(self, raw_dir: Path, path: Path, data: bytes) -> None:
        self.raw_dir, self.path = raw_dir, path
        self.target: Path | None = None
        self.tmp: Path | None = None
        self.digest: str | None = None
        self.error: BaseException | None = None
        self.hashed = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(data,), daemon=True)
        self.thread.start()

    def _run(self, data: bytes) -> None:
        try:
            self.digest = hashlib.sha256(data).hexdigest()
            target = self.raw_dir / self.digest[:2] / f"{self.digest[:16]}-{self.path.name}"
            self.hashed.set()
            # Already landed, or live API pages the fetcher wrote under raw/ itself.
            if target.exists() or self.path.resolve().is_relative_to(self.raw_dir.resolve()):
                return
            self.tmp = target.with_suffix(target.suffix + ".tmp")
            self.target = target
            target.parent.mkdir(parents=True, exist_ok=True)
            with self.tmp.open("wb") as fh:
                fh.write(data)
        except BaseException as exc:  # handed to the importing thread in sha() or land()
            self.error = exc
        finally:
            self.hashed.set()

    def sha(self) -> str:
        """The file's SHA-256 (hex), as soon as it is known."""
        self.hashed.wait()
        if self.digest is None:
            self.thread.join()
            raise self.error or RuntimeError("the file was not hashed")
        return self.digest

    def land(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error
        if self.tmp is not None and self.target is not None:
            shutil.move(self.tmp, self.target)

    def drop(self) -> None:
        self.thread.join()
        if self.tmp is None or self.target is None:
            return
        self.tmp.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self.target.parent.rmdir()  # only if nothing else was landed there
