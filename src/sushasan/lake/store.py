"""Parquet lake with one file per (kind, platform, IST month) partition.

Writes merge the incoming records into the partition's existing file, keep one version per key
(newest metrics win) and replace the file atomically, so a crash leaves either the old or the new
file and a re-import of the same records writes byte-identical files. Only ingestion writes (one
writer, DESIGN.md); the review reads through Ibis.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sushasan.lake.derived import DERIVED, META_KEY, derive, file_versions, missing_groups, versions
from sushasan.lake.engines import OFFLINE, Engine
from sushasan.lake.schema import KEYS, PARTITION_TIME, SCHEMAS, VERSION_ORDER
from sushasan.quarters import IST_MICROS

__all__ = ["OFFLINE", "STORED", "Lake", "WriteResult"]

_DAY_US = 86_400 * 1_000_000
_FEW_VALUES = {"account_id", "department_id", "language", "kind", "source"}
_FREE_TEXT = {"text"}
_NO_STATS = {"text", "text_sigs"}
#: What a partition file holds: the record's columns, then those derived from them (derived.py).
STORED: dict[str, pa.Schema] = {
    kind: pa.schema([*schema, *DERIVED[kind]]) for kind, schema in SCHEMAS.items()
}


@dataclass
class WriteResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: WriteResult) -> WriteResult:
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


class Lake:
    def __init__(self, root: Path, engine: Engine | None = None) -> None:
        self.root = root
        #: Where the review's expressions run (DuckDB unless the settings say Spark).
        self.engine = engine or Engine()

    def connect(self) -> AbstractContextManager[ibis.BaseBackend]:
        """A backend of the lake's engine for one unit of work: ``with lake.connect() as con``."""
        return self.engine.connect()

    def partition_dir(self, kind: str, platform: str, month: str) -> Path:
        return self.root / kind / f"platform={platform}" / f"month={month}"

    def files(self, kind: str, months: list[str] | None = None) -> list[Path]:
        base = self.root / kind
        if not base.exists():
            return []
        found = sorted(base.glob("platform=*/month=*/data.parquet"))
        if months is not None:
            wanted = {f"month={m}" for m in months}
            found = [f for f in found if f.parent.name in wanted]
        return found

    def write(self, kind: str, table: pa.Table) -> WriteResult:
        """Merge records into their partitions; returns how many were new, changed or the same.

        When one key occurs more than once (in the incoming records or against the stored file),
        ``VERSION_ORDER`` picks the version to keep; on a tie the incoming record beats the stored
        one and, among incoming records, the first one wins.
        """
        return self.write_all({kind: table})

    def write_all(self, tables: Mapping[str, pa.Table]) -> WriteResult:
        """``write`` for several kinds at once, in the given order.

        Partition files are encoded and compressed in background threads (Parquet releases the
        GIL) while the next kind is sorted and merged, so the two overlap. Every file is still
        replaced atomically, and all are on disk when this returns.
        """
        result = WriteResult()
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            pending: list[Future[None]] = []
            for kind, table in tables.items():
                counts, writes = self._plan(kind, table)
                result += counts
                pending += [pool.submit(_write_file, *write) for write in writes]
            for done in pending:
                done.result()
        return result

    def _plan(
        self, kind: str, table: pa.Table
    ) -> tuple[WriteResult, list[tuple[str, pa.Table, pa.Array | None, Path]]]:
        """What ``write`` stores for one kind: the counts, and the partition files to write
        (each a table, the rows to take from it in file order or None for all, and the path)."""
        schema = SCHEMAS[kind]
        table = table.select(schema.names).cast(schema)
        result = WriteResult()
        time_col = PARTITION_TIME[kind]
        # A record without platform or time has no partition (it was never stored before either).
        if table.column("platform").null_count or table.column(time_col).null_count:
            table = table.filter(
                pc.and_(pc.is_valid(table.column("platform")), pc.is_valid(table.column(time_col)))
            )
        writes: list[tuple[str, pa.Table, pa.Array | None, Path]] = []
        if table.num_rows == 0:
            return result, writes
        table = derive(kind, table)  # once per record, here, not in every review
        order, parts = _partitions(table, kind)
        unique = _keys_unique(table, kind)  # the common case, checked once for all partitions
        con: duckdb.DuckDBPyConnection | None = None
        try:
            for platform, month, start, stop in parts:
                rows = order.slice(start, stop - start)
                path = self.partition_dir(kind, platform, month) / "data.parquet"
                if not path.exists() and (unique or _keys_unique(table.take(rows), kind)):
                    # A new partition without repeated keys: nothing to merge; its rows, in the
                    # file's order, are taken by the thread that writes the file.
                    result += WriteResult(added=len(rows))
                    writes.append((kind, table, rows, path))
                    continue
                new = table.take(rows)
                if con is None:
                    con = duckdb.connect(config=OFFLINE)
                    con.execute("SET TimeZone = 'UTC'")
                merged, counts = _merge(con, kind, platform, new, path)
                result += counts
                if merged is not None:
                    writes.append((kind, merged, None, path))
        finally:
            if con is not None:
                con.close()
        return result, writes

    def put_partition(self, kind: str, platform: str, month: str, table: pa.Table) -> Path:
        """Store ``table`` as the whole (platform, IST month) partition, replacing any file there.

        For bulk writers that own the partition outright (the state-scale sample): no merge with
        stored records, but the same schema, row order and encoding as ``write``, atomically.
        """
        schema = SCHEMAS[kind]
        table = derive(kind, table.select(schema.names).cast(schema))
        path = self.partition_dir(kind, platform, month) / "data.parquet"
        _write_file(kind, table, pc.sort_indices(table, _order(kind)), path)
        return path

    def stale(self, kind: str, months: list[str] | None = None) -> dict[str, list[Path]]:
        """Derived-column group → the files (of these months) that lack it or hold it under an
        older definition (written by an earlier version): readers compute it for them."""
        out: dict[str, list[Path]] = {}
        for f in self.files(kind, months):
            meta = pq.read_metadata(f)
            have = file_versions(meta.metadata)
            for group in missing_groups(kind, have, meta.schema.to_arrow_schema().names):
                out.setdefault(group, []).append(f)
        return out

    def refresh(self, kind: str) -> int:
        """Rewrite the kind's stale files with their derived columns computed now; returns how
        many files were rewritten. Records are unchanged (the one writer, like ``write``)."""
        stale = sorted({f for files in self.stale(kind).values() for f in files})
        for f in stale:
            platform = f.parent.parent.name.removeprefix("platform=")
            table = _read_records(kind, platform, f)
            _write_file(kind, table, None, f)
        return len(stale)

    def rewrite(self, kind: str, change: Callable[[pa.Table], pa.Table | None],
                dry_run: bool = False) -> int:
        """Pass each of the kind's partitions through ``change`` (its records in; the records to
        keep out, or None when nothing changes) and store the changed ones: the derived columns
        computed afresh from what is kept, the new file fsynced and renamed over the old (an
        emptied partition's file is removed). Returns how many files changed (``dry_run``:
        would change, writing nothing). For erasure: the one writer, like ``write``."""
        changed = 0
        for f in self.files(kind):
            platform = f.parent.parent.name.removeprefix("platform=")
            kept = change(_read_records(kind, platform, f))
            if kept is None:
                continue
            changed += 1
            if dry_run:
                continue
            if kept.num_rows == 0:
                f.unlink()
                _fsync_dir(f.parent)
                continue
            schema = SCHEMAS[kind]
            kept = derive(kind, kept.select(schema.names).cast(schema))
            _write_file(kind, kept, pc.sort_indices(kept, _order(kind)), f)
        return changed

    def table(
        self, con: ibis.BaseBackend, kind: str, months: list[str] | None = None
    ) -> ibis.Table:
        """An Ibis table over the kind's partitions (optionally only some IST months)."""
        files = self.files(kind, months)
        schema = STORED[kind]
        if not files:
            return ibis.memtable(schema.empty_table())
        return self.engine.read_parquet(con, self.root, kind, files, schema)


def _partitions(table: pa.Table, kind: str) -> tuple[pa.Array, list[tuple[str, str, int, int]]]:
    """The record order by partition, then time and key; with each partition's range in it.

    Partitions are (platform, IST month YYYY-MM), listed in that order. Only the order is
    computed here: each partition's rows are taken when its file is written, in parallel.
    """
    when = table.column(PARTITION_TIME[kind])
    if pa.types.is_date32(when.type):
        days = when.cast(pa.int32()).to_numpy().astype(np.int64)
    else:
        # IST is a fixed +05:30 offset with no daylight saving, so adding it is exact.
        micros = when.cast(pa.int64()).to_numpy()
        days = (micros + IST_MICROS) // _DAY_US
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    platforms = table.column("platform").combine_chunks().dictionary_encode()
    names = platforms.dictionary.to_pylist()
    code = platforms.indices.to_numpy().astype(np.int64) * 1_000_000 + (months + 500_000)
    keys = table.select(list(dict.fromkeys(c for c, _ in _order(kind)))).append_column(
        "_part", pa.array(code, pa.int64())
    )
    order = pc.sort_indices(keys, [("_part", "ascending"), *_order(kind)])  # a stable sort
    code = code[order.to_numpy()]
    groups = np.unique(code)
    bounds = [*np.searchsorted(code, groups).tolist(), len(code)]
    parts = []
    for g, key in enumerate(groups.tolist()):
        month = int(key % 1_000_000) - 500_000
        label = f"{1970 + month // 12:04d}-{month % 12 + 1:02d}"
        parts.append((names[key // 1_000_000], label, bounds[g], bounds[g + 1]))
    return order, sorted(parts)


def _order(kind: str) -> list[tuple[str, str]]:
    return [(c, "ascending") for c in (PARTITION_TIME[kind], *KEYS[kind])]


def _keys_unique(table: pa.Table, kind: str) -> bool:
    keys = list(KEYS[kind])
    if any(table.column(k).null_count for k in keys):
        return False
    # A record's own id (post_id, interaction_id) is mostly unique by itself; counting its
    # distinct values is cheaper than grouping by all the key columns.
    if pc.count_distinct(table.column(keys[-1])).as_py() == table.num_rows:
        return True
    return table.group_by(keys).aggregate([]).num_rows == table.num_rows


def _merge(
    con: duckdb.DuckDBPyConnection, kind: str, platform: str, new: pa.Table, path: Path
) -> tuple[pa.Table | None, WriteResult]:
    """Merge incoming records with the stored partition; the table is None when nothing changed."""
    schema = STORED[kind]
    keys = ", ".join(KEYS[kind])
    if any(name not in new.column_names for name in DERIVED[kind].names):
        new = derive(kind, new)
    old = _read_records(kind, platform, path) if path.exists() else schema.empty_table()
    # _ord breaks ties in VERSION_ORDER: incoming before stored, and in file order.
    ordered_new = new.append_column("_ord", pa.array(np.arange(new.num_rows), pa.int64()))
    ordered_old = old.append_column(
        "_ord", pa.array(np.arange(old.num_rows) + new.num_rows, pa.int64())
    )
    con.register("new_part", ordered_new)
    con.register("old_part", ordered_old)
    try:
        # Merge first, then count against what was stored: an incoming version that loses to a
        # newer stored one is "unchanged", and an unchanged partition is not rewritten.
        merged = con.execute(
            f"""SELECT * EXCLUDE (_ord) FROM (
                    SELECT * FROM new_part UNION ALL SELECT * FROM old_part)
                QUALIFY row_number() OVER (
                    PARTITION BY {keys} ORDER BY {VERSION_ORDER[kind]}, _ord) = 1
                ORDER BY {PARTITION_TIME[kind]}, {keys}"""
        ).to_arrow_table()
        con.register("merged_part", merged)
        # Where a record came from (raw_ref names the landed file) is not a change to it: the
        # same rows from another copy of a file are "unchanged", not "updated".
        same = " EXCLUDE (raw_ref)" if "raw_ref" in schema.names else ""
        old_same = ", raw_ref" if same else ""
        distinct_new, added, changed = con.execute(
            f"""SELECT (SELECT count(*) FROM (SELECT DISTINCT {keys} FROM new_part)),
                       (SELECT count(*) FROM (SELECT {keys} FROM merged_part
                                              EXCEPT SELECT {keys} FROM old_part)),
                       (SELECT count(*) FROM (SELECT DISTINCT {keys} FROM (
                            SELECT *{same} FROM merged_part
                            EXCEPT SELECT * EXCLUDE (_ord{old_same}) FROM old_part)))"""
        ).fetchone()  # type: ignore[misc]
    finally:
        for name in ("merged_part", "old_part", "new_part"):
            con.unregister(name)
    result = WriteResult(added, changed - added, distinct_new - changed)
    return (merged if changed else None), result


def _read_records(kind: str, platform: str, path: Path) -> pa.Table:
    """A stored partition as ``STORED`` columns, its stale derived groups computed afresh."""
    old = pq.read_table(path)
    have = file_versions(old.schema.metadata)
    stale = missing_groups(kind, have, old.column_names)
    old = old.append_column("platform", pa.array([platform] * old.num_rows, pa.string()))
    old = old.select([n for n in STORED[kind].names if n in old.column_names])
    if stale:
        old = derive(kind, old, stale)
    return old.select(STORED[kind].names).cast(STORED[kind])


def _write_file(kind: str, table: pa.Table, rows: pa.Array | None, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".data.parquet.{os.getpid()}.tmp"
    table = table.drop_columns(["platform"])
    if rows is not None:
        table = table.take(rows)
    # which definition of each derived group the file holds (``Lake.stale`` reads it back)
    table = table.replace_schema_metadata({META_KEY: json.dumps(versions(kind)).encode()})
    # Dictionary pages pay off only for columns of few values; for text and ids Parquet
    # would try, give up and fall back, at a cost. Min/max statistics of free text help no
    # query. Codecs: zstd packs the free text 2.3× smaller than snappy at the same speed;
    # for every other column snappy is ~30% faster than zstd (and every reader has both).
    names = table.column_names
    pq.write_table(
        table,
        tmp,
        compression={c: "zstd" if c in _FREE_TEXT else "snappy" for c in names},
        use_dictionary=[c for c in names if c in _FEW_VALUES],
        write_statistics=[c for c in names if c not in _NO_STATS],
    )
    # Durable before it is visible: a power cut after the rename must not leave an empty file
    # under the partition's name (erasure relies on the old copy being gone for good).
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - folders cannot be opened for fsync there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
