"""The posts the anti-gaming checks read, as one Arrow table with the fields they use.

The review hands the checks the quarter's posts straight from the engine (an Arrow table, never
one Python object per post); tests and other callers hand them plain rows (mappings or objects
with the named fields), which :func:`post_table` turns into the same table. Rows keep their order:
the checks' results do not depend on it, but the floating-point sums of a department's posts are
taken in it, as they always were.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["COLUMNS", "PostTable", "as_posts", "departments", "post_table"]

COLUMNS = pa.schema([
    ("department_id", pa.string()),
    ("post_id", pa.string()),
    ("platform", pa.string()),
    ("created_at", pa.timestamp("us", tz="UTC")),
    ("text", pa.string()),
    ("likes", pa.float64()),
    ("comments", pa.float64()),
    ("shares", pa.float64()),
    ("followers", pa.float64()),
])


@dataclass(frozen=True)
class PostTable:
    """Posts as columns (``COLUMNS``). ``naive`` names the rows whose ``created_at`` was not a
    timezone-aware datetime (row → (post id, the value)): they are null in the table, and a check
    that needs their time refuses them, as it always did."""

    table: pa.Table
    naive: Mapping[int, tuple[str, Any]] = field(default_factory=dict)

    def refuse_naive(self, rows: Iterable[int]) -> None:
        for i in rows:
            if i in self.naive:
                pid, ts = self.naive[i]
                raise ValueError(f"post {pid}: created_at must be timezone-aware, got {ts!r}")

    def micros(self) -> np.ndarray:
        """created_at as UTC microseconds (0 where naive)."""
        col = self.table.column("created_at").cast(pa.int64()).fill_null(0)
        return col.to_numpy()

    def floats(self, name: str) -> np.ndarray:
        """A count column as float64, NaN where unknown, whole numbers as ``int()`` makes them."""
        return np.trunc(self.table.column(name).to_numpy())


def _get(row: Any, key: str) -> Any:
    if isinstance(row, Mapping):
        return row.get(key)
    return getattr(row, key, None)


def _number(v: Any) -> float | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return float(int(v))


def post_table(rows: Iterable[Any]) -> PostTable:
    """Plain rows as a :class:`PostTable` (ids as ``str()`` of the field, as checks read them)."""
    cols: dict[str, list[Any]] = {name: [] for name in COLUMNS.names}
    naive: dict[int, tuple[str, Any]] = {}
    for i, r in enumerate(rows):
        pid = str(_get(r, "post_id"))
        ts = _get(r, "created_at")
        if not isinstance(ts, datetime) or ts.tzinfo is None or ts.utcoffset() is None:
            naive[i] = (pid, ts)
            ts = None
        else:
            ts = ts.astimezone(UTC)
        platform = _get(r, "platform")
        text = _get(r, "text")
        cols["department_id"].append(str(_get(r, "department_id")))
        cols["post_id"].append(pid)
        cols["platform"].append(None if platform is None else str(platform))
        cols["created_at"].append(ts)
        cols["text"].append(text if isinstance(text, str) else None)
        for k in ("likes", "comments", "shares", "followers"):
            cols[k].append(_number(_get(r, k)))
    return PostTable(pa.table(cols, schema=COLUMNS), naive)


def as_posts(posts: Iterable[Any] | pa.Table | PostTable) -> PostTable:
    """Whatever the caller has, as a :class:`PostTable` (missing count columns are unknown)."""
    if isinstance(posts, PostTable):
        return posts
    if isinstance(posts, pa.Table):
        n = posts.num_rows
        columns = [
            posts.column(f.name).cast(f.type) if f.name in posts.column_names
            else pa.nulls(n, f.type)
            for f in COLUMNS
        ]
        return PostTable(pa.Table.from_arrays(columns, schema=COLUMNS))
    return post_table(posts)


def departments(posts: PostTable) -> list[tuple[str, np.ndarray]]:
    """(department, its rows in input order), departments in sorted order."""
    col = posts.table.column("department_id")
    col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    enc = pc.dictionary_encode(col.fill_null("None"))
    names = enc.dictionary.to_pylist()
    codes = enc.indices.to_numpy(zero_copy_only=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(codes, minlength=len(names)))))
    groups = [(names[c], order[bounds[c]: bounds[c + 1]]) for c in range(len(names))]
    return sorted(groups, key=lambda g: g[0])
