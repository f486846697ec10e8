"""The DuckDB floor: one SQL query over the quarter's Parquet files, as fast as the engine goes.

Per department: posts, citizens' messages, answered, answered share and median hours to the first
reply, the same definitions as the review's indicators (``analytics/indicators.py``). What the
review costs beyond this is the review's own overhead. Prints one JSON line: seconds and rows.

    python bench/scale_floor.py DATA_DIR QUARTER [--keys]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

from sushasan.quarters import Quarter

#: Only DuckDB and the standard library are loaded: the floor is the engine, not the product.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": True}


def _files(lake: Path, kind: str, months: list[str]) -> list[str]:
    """The lake's partition files for these IST months (``Lake.files``, without its imports)."""
    wanted = {f"month={m}" for m in months}
    return [str(f) for f in sorted((lake / kind).glob("platform=*/month=*/data.parquet"))
            if f.parent.name in wanted]


def floor_query(lake: Path, quarter: Quarter, keys: bool = False) -> tuple[str, list[object]]:
    """The query; ``keys`` joins on the integer keys the lake derives at import
    (``interaction_key``, ``reply_to_key``) instead of the string ids. Seconds are whole
    seconds by integer division (``date_trunc`` of a time with zone goes through the calendar,
    at several times the cost of the join)."""
    posts = _files(lake, "post", quarter.months)
    inter = _files(lake, "interaction", [*quarter.months, quarter.next().months[0]])
    own, theirs = ("interaction_key", "reply_to_key") if keys else (
        "interaction_id", "in_reply_to_id")
    sql = """
    WITH inter AS (
        SELECT * FROM read_parquet($inter, hive_partitioning = true) WHERE sample
    ), citizens AS (
        SELECT platform, {own} AS id, department_id, created_at FROM inter
        WHERE NOT from_department AND created_at >= $start AND created_at < $end
    ), first_reply AS (
        SELECT platform, {theirs} AS rid, min(created_at) AS replied_at FROM inter
        WHERE from_department AND {theirs} IS NOT NULL GROUP BY ALL
    ), responsiveness AS (
        SELECT c.department_id, count(*) AS citizen_messages,
               count(f.replied_at) AS answered,
               count(f.replied_at) / count(*) AS answered_share,
               median(epoch_us(f.replied_at) // 1000000
                      - epoch_us(c.created_at) // 1000000) / 3600.0
                   AS median_response_hours
        FROM citizens c LEFT JOIN first_reply f
          ON c.platform = f.platform AND c.id = f.rid
        GROUP BY 1
    ), posts AS (
        SELECT department_id, count(*) AS posts
        FROM read_parquet($posts, hive_partitioning = true)
        WHERE sample AND created_at >= $start AND created_at < $end GROUP BY 1
    )
    SELECT * FROM posts FULL JOIN responsiveness USING (department_id) ORDER BY department_id
    """.replace("{own}", own).replace("{theirs}", theirs)
    return sql, [posts, inter, quarter.start_utc, quarter.end_utc]


def main() -> None:
    data_dir, quarter = Path(sys.argv[1]), Quarter.parse(sys.argv[2])
    keys = sys.argv[3:] == ["--keys"]
    lake = data_dir / "lake"
    started = time.perf_counter()
    con = duckdb.connect(config=OFFLINE)
    con.execute("SET TimeZone = 'UTC'")
    sql, (posts, inter, start, end) = floor_query(lake, quarter, keys)
    rows = con.execute(sql, {"posts": posts, "inter": inter, "start": start, "end": end}).fetchall()
    seconds = time.perf_counter() - started
    out = {r[0]: {"posts": r[1], "citizen_messages": r[2], "answered": r[3],
                  "answered_share": r[4], "median_response_hours": r[5]} for r in rows}
    print(json.dumps({"seconds": seconds, "departments": out}))


if __name__ == "__main__":
    main()
