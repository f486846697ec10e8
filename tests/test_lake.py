"""The Parquet lake: IST-month partitions, one version per record, newest metrics win."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sushasan.lake import SCHEMAS, Lake


def _post(pid: str, created: datetime, likes: int, read_at: datetime) -> dict:
    return {"platform": "x", "post_id": pid, "account_id": "a", "department_id": "d",
            "created_at": created, "likes": likes, "metrics_at": read_at, "source": "t",
            "sample": False}


def _write(lake: Lake, *rows: dict):  # type: ignore[no-untyped-def]
    return lake.write("post", pa.Table.from_pylist(list(rows), schema=SCHEMAS["post"]))


def test_partitions_by_ist_month_and_keeps_newest_metrics(tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    late_march = datetime(2024, 3, 31, 19, 0, tzinfo=UTC)  # 1 April 00:30 IST
    t1, t2 = datetime(2024, 4, 2, tzinfo=UTC), datetime(2024, 5, 1, tzinfo=UTC)
    early_march = datetime(2024, 3, 5, tzinfo=UTC)
    r = _write(lake, _post("1", late_march, 5, t1), _post("2", early_march, 1, t1))
    assert (r.added, r.updated, r.unchanged) == (2, 0, 0)
    assert [p.parent.name for p in lake.files("post")] == ["month=2024-03", "month=2024-04"]
    april = lake.files("post", ["2024-04"])[0]
    before = april.read_bytes()
    r = _write(lake, _post("1", late_march, 5, t1))
    assert (r.added, r.updated, r.unchanged) == (0, 0, 1)
    assert april.read_bytes() == before  # nothing new: the file is not even rewritten
    r = _write(lake, _post("1", late_march, 9, t2))
    assert (r.added, r.updated, r.unchanged) == (0, 1, 0)
    newest = april.read_bytes()
    r = _write(lake, _post("1", late_march, 7, t1))  # an older reading arrives late
    assert (r.added, r.updated, r.unchanged) == (0, 0, 1)
    assert april.read_bytes() == newest
    assert pq.read_table(april).column("likes").to_pylist() == [9]
    assert "platform" not in pq.read_table(april).column_names  # it is the folder name


def test_repeated_keys_keep_newest_metrics_then_incoming_then_first(tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    when, t1, t2 = (datetime(2024, 7, d, tzinfo=UTC) for d in (1, 2, 3))
    r = _write(lake, _post("1", when, 1, t1), _post("1", when, 2, t1), _post("2", when, 0, t1),
               _post("1", when, 3, None))  # type: ignore[arg-type]
    assert (r.added, r.updated, r.unchanged) == (2, 0, 0)
    july = lake.files("post")[0]
    assert pq.read_table(july).column("likes").to_pylist() == [1, 0]  # first of the equals
    r = _write(lake, _post("1", when, 5, t1), _post("1", when, 6, t1), _post("2", when, 7, t2))
    assert (r.added, r.updated, r.unchanged) == (0, 2, 0)  # incoming wins a tie with stored
    assert pq.read_table(july).column("likes").to_pylist() == [5, 7]


def test_new_partitions_are_written_as_the_merge_would(tmp_path: Path) -> None:
    import duckdb

    from sushasan.lake.store import OFFLINE, _merge

    when = [datetime(2024, 7, d, h, tzinfo=UTC) for d in (3, 1, 2) for h in (5, 1)]
    rows = [_post(str(9 - i), w, i, w) for i, w in enumerate(when)] + [
        _post("z", when[0], 1, when[0])]
    table = pa.Table.from_pylist(rows, schema=SCHEMAS["post"])
    lake = Lake(tmp_path)
    lake.write("post", table)
    con = duckdb.connect(config=OFFLINE)
    con.execute("SET TimeZone = 'UTC'")
    merged, _ = _merge(con, "post", "x", table, tmp_path / "none.parquet")
    assert merged is not None
    stored = pq.read_table(lake.files("post")[0])
    assert stored.equals(merged.drop_columns(["platform"]))
