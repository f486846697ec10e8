"""The normal records every source maps into (DESIGN.md), as Arrow schemas.

Timestamps are UTC with microseconds. `platform` and `month` (IST, YYYY-MM) are hive partition
keys: they live in the folder names, not inside the files, which is how DuckDB and Spark both
discover partitions.
"""

from __future__ import annotations

import pyarrow as pa

__all__ = ["KEYS", "KINDS", "PARTITION_TIME", "SCHEMAS", "VERSION_ORDER"]

_TS = pa.timestamp("us", tz="UTC")

POST = pa.schema(
    [
        ("platform", pa.string()),
        ("post_id", pa.string()),
        ("account_id", pa.string()),
        ("department_id", pa.string()),
        ("created_at", _TS),
        ("text", pa.string()),
        ("language", pa.string()),
        ("kind", pa.string()),
        ("url", pa.string()),
        ("likes", pa.int64()),
        ("comments", pa.int64()),
        ("shares", pa.int64()),
        ("views", pa.int64()),
        ("reach", pa.int64()),
        ("impressions", pa.int64()),
        ("metrics_at", _TS),
        ("source", pa.string()),
        ("raw_ref", pa.string()),
        ("sample", pa.bool_()),
    ]
)

INTERACTION = pa.schema(
    [
        ("platform", pa.string()),
        ("interaction_id", pa.string()),
        ("department_id", pa.string()),
        ("account_id", pa.string()),
        ("author_id", pa.string()),
        ("author_handle", pa.string()),
        ("created_at", _TS),
        ("text", pa.string()),
        ("language", pa.string()),
        ("parent_post_id", pa.string()),
        ("in_reply_to_id", pa.string()),
        ("kind", pa.string()),  # mention, comment, reply
        ("from_department", pa.bool_()),
        ("source", pa.string()),
        ("raw_ref", pa.string()),
        ("sample", pa.bool_()),
    ]
)

ACCOUNT_STAT = pa.schema(
    [
        ("platform", pa.string()),
        ("account_id", pa.string()),
        ("department_id", pa.string()),
        ("day", pa.date32()),
        ("followers", pa.int64()),
        ("following", pa.int64()),
        ("posts_count", pa.int64()),
        ("source", pa.string()),
        ("sample", pa.bool_()),
    ]
)

#: An account's own daily totals from the platform's account-level exports (X daily and account
#: overview, YouTube Studio Totals, Meta page files), one row per day and metric: a file brings
#: only the metrics it has, and re-importing one metric's file replaces only that metric.
#: ``value`` can be negative for changes in the period (net follows, likes removed). Follower
#: levels stay in ``account_stat``. Metrics: see ``platforms._daily.METRICS``.
ACCOUNT_DAY = pa.schema(
    [
        ("platform", pa.string()),
        ("account_id", pa.string()),
        ("department_id", pa.string()),
        ("day", pa.date32()),
        ("metric", pa.string()),
        ("value", pa.int64()),
        ("source", pa.string()),
        ("raw_ref", pa.string()),
        ("sample", pa.bool_()),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    "post": POST,
    "interaction": INTERACTION,
    "account_stat": ACCOUNT_STAT,
    "account_day": ACCOUNT_DAY,
}
KINDS = tuple(SCHEMAS)

#: What makes a record the same record: re-imports update it instead of adding a copy.
KEYS: dict[str, tuple[str, ...]] = {
    "post": ("platform", "post_id"),
    "interaction": ("platform", "interaction_id"),
    "account_stat": ("platform", "account_id", "day"),
    "account_day": ("platform", "account_id", "day", "metric"),
}
#: When two versions of one record meet, the one first in this order wins (newest metrics).
VERSION_ORDER: dict[str, str] = {
    # then a version with any metric beats one with none (an uploads-playlist page, or a saved
    # page without its fetch time, must not wipe the views a videos page brought)
    "post": "metrics_at DESC NULLS LAST, "
            "coalesce(likes, comments, shares, views, reach, impressions) IS NULL, source",
    "interaction": "source",
    "account_stat": "source",
    "account_day": "source",
}
#: The column that places a record in its IST month partition.
PARTITION_TIME: dict[str, str] = {
    "post": "created_at",
    "interaction": "created_at",
    "account_stat": "day",
    "account_day": "day",
}
