"""Parquet lake with one file per (kind, platform, IST month) partition.

Writes merge the incoming records into the partition's existing file, keep one version per key
(newest metrics win) and replace the file atomically, so a crash leaves either the old or the new
file and a re-import of the same records writes byte-identical files. Only ingestion writes (one
writer, DESIGN.md); the review reads through Ibis.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from sushasan.lake.schema import KEYS, PARTITION_TIME, SCHEMAS, VERSION_ORDER

__all__ = ["OFFLINE", "Lake", "WriteResult"]

#: Government machines are often offline: DuckDB must never try to download an extension.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": True}


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
    def __init__(self, root: Path) -> None:
        self.root = root

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
        """Merge records into their partitions; returns how many were new, changed or the same."""
        schema = SCHEMAS[kind]
        table = table.select(schema.names).cast(schema)
        result = WriteResult()
        if table.num_rows == 0:
            return result
        con = duckdb.connect(config=OFFLINE)
        con.execute("SET TimeZone = 'UTC'")
        try:
            con.register("incoming", table)
            month_expr = _month_sql(PARTITION_TIME[kind])
            parts = con.execute(
                f"SELECT DISTINCT platform, {month_expr} AS month FROM incoming ORDER BY 1, 2"
            ).fetchall()
            for platform, month in parts:
                result += self._merge_partition(con, kind, platform, month, month_expr)
        finally:
            con.close()
        return result

    def _merge_partition(
        self, con: duckdb.DuckDBPyConnection, kind: str, platform: str, month: str, month_expr: str
    ) -> WriteResult:
        schema = SCHEMAS[kind]
        keys = ", ".join(KEYS[kind])
        cols = ", ".join(n for n in schema.names)
        folder = self.partition_dir(kind, platform, month)
        path = folder / "data.parquet"
        new = con.execute(
            f"SELECT {cols} FROM incoming WHERE platform = ? AND {month_expr} = ?",
            [platform, month],
        ).to_arrow_table()
        if path.exists():
            old = pq.read_table(path).append_column(
                "platform", pa.array([platform] * _rows(path), pa.string())
            ).select(schema.names).cast(schema)
        else:
            old = schema.empty_table()
        con.register("old_part", old)
        con.register("new_part", new)
        # Merge first, then count against what was stored: an incoming version that loses to a
        # newer stored one is "unchanged", and an unchanged partition is not rewritten.
        merged = con.execute(
            f"""SELECT * FROM (SELECT * FROM new_part UNION ALL SELECT * FROM old_part)
                QUALIFY row_number() OVER (
                    PARTITION BY {keys} ORDER BY {VERSION_ORDER[kind]}) = 1
                ORDER BY {PARTITION_TIME[kind]}, {keys}"""
        ).to_arrow_table()
        con.register("merged_part", merged)
        distinct_new, added, changed = con.execute(
            f"""SELECT (SELECT count(*) FROM (SELECT DISTINCT {keys} FROM new_part)),
                       (SELECT count(*) FROM (SELECT {keys} FROM merged_part
                                              EXCEPT SELECT {keys} FROM old_part)),
                       (SELECT count(*) FROM (SELECT DISTINCT {keys} FROM (
                            SELECT * FROM merged_part EXCEPT SELECT * FROM old_part)))"""
        ).fetchone()  # type: ignore[misc]
        result = WriteResult(added, changed - added, distinct_new - changed)
        if changed:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".data.parquet.{os.getpid()}.tmp"
            pq.write_table(merged.drop_columns(["platform"]), tmp, compression="zstd")
            os.replace(tmp, path)
        con.unregister("merged_part")
        con.unregister("old_part")
        con.unregister("new_part")
        return result

    def table(
        self, con: ibis.BaseBackend, kind: str, months: list[str] | None = None
    ) -> ibis.Table:
        """An Ibis table over the kind's partitions (optionally only some IST months)."""
        files = self.files(kind, months)
        schema = SCHEMAS[kind]
        if not files:
            return ibis.memtable(schema.empty_table())
        return con.read_parquet(
            [str(f) for f in files],
            hive_partitioning=True,
            hive_types_autocast=False,
        ).select(*schema.names)


def _rows(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows


def _month_sql(column: str) -> str:
    # IST is a fixed +05:30 offset with no daylight saving, so adding it is exact.
    if column == "day":
        return "strftime(day, '%Y-%m')"
    return f"strftime(CAST({column} AS TIMESTAMP) + INTERVAL 330 MINUTE, '%Y-%m')"
