"""`sushasan sample --scale`: a state-size SAMPLE quarter, here at its hidden test size (10k)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.conftest import Cli

QUARTER = "2024Q3"


def _files(data_dir: Path) -> dict[str, bytes]:
    lake = data_dir / "lake"
    return {str(f.relative_to(lake)): f.read_bytes() for f in sorted(lake.rglob("*.parquet"))}


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    su = Cli(tmp_path_factory.mktemp("scale") / "data", env={"SUSHASAN_DATABASE_URL": ""})
    su("init")
    out = su("sample", "--scale", "10k", "--quarter", QUARTER, "--seed", "7").output
    assert "generated" in out and "SAMPLE" in out
    return su


def test_the_review_runs_on_a_scaled_sample(scaled: Cli, tmp_path: Path) -> None:
    out = scaled("review", "--quarter", QUARTER, "--out", str(tmp_path), "--format", "json")
    assert "SAMPLE DATA" in out.output
    review = json.loads((tmp_path / f"review-{QUARTER}.json").read_text(encoding="utf-8"))
    assert review["data"] == "sample"
    assert 40 <= review["summary"]["ranked"] <= 60  # the 60 departments with accounts, less gaps
    ranked = [d for d in review["departments"] if d["status"] == "ranked"]
    # at 10k a few departments have too few messages for the volume rules; most do not
    hours = [d["indicators"]["median_response_hours"]["value"] for d in ranked]
    assert sum(h is not None and h > 0 for h in hours) >= 0.75 * len(ranked)


def test_the_lake_holds_the_asked_volume_labelled_sample(scaled: Cli) -> None:
    lake = scaled.data_dir / "lake"
    con = duckdb.connect()
    posts, deps, sample = con.execute(
        f"SELECT count(*), count(DISTINCT department_id), bool_and(sample) FROM read_parquet("
        f"'{lake}/post/*/*/data.parquet', hive_partitioning = true)").fetchone()
    kinds = dict(con.execute(
        f"SELECT kind, count(*) FROM read_parquet('{lake}/interaction/*/*/data.parquet', "
        "hive_partitioning = true) GROUP BY kind").fetchall())
    accounts = con.execute(
        f"SELECT count(*) FROM read_parquet('{lake}/interaction/*/*/data.parquet', "
        "hive_partitioning = true) WHERE NOT starts_with(account_id, 'sample_')").fetchone()
    assert sample and deps == 60 and 1_000 <= posts <= 1_200
    assert 9_500 <= sum(kinds.values()) <= 10_500
    assert set(kinds) == {"comment", "mention", "reply"} and accounts == (0,)
    # every reply answers a citizen's message of the same account, after it
    orphans = con.execute(
        f"""WITH i AS (SELECT * FROM read_parquet('{lake}/interaction/*/*/data.parquet',
                                                   hive_partitioning = true))
            SELECT count(*) FROM i r LEFT JOIN i c
              ON r.platform = c.platform AND r.in_reply_to_id = c.interaction_id
            WHERE r.from_department AND (c.interaction_id IS NULL
                                         OR c.created_at > r.created_at)""").fetchone()
    assert orphans == (0,)


def test_same_seed_same_files_and_a_second_call_reuses_them(scaled: Cli, tmp_path: Path) -> None:
    first = _files(scaled.data_dir)
    again = scaled("sample", "--scale", "10k", "--quarter", QUARTER, "--seed", "7").output
    assert "reused" in again
    assert _files(scaled.data_dir) == first
    twin = Cli(tmp_path / "twin", env={"SUSHASAN_DATABASE_URL": ""})
    twin("init")
    twin("sample", "--scale", "10k", "--quarter", QUARTER, "--seed", "7")
    assert _files(twin.data_dir) == first
    other = Cli(tmp_path / "other", env={"SUSHASAN_DATABASE_URL": ""})
    other("init")
    other("sample", "--scale", "10k", "--quarter", QUARTER, "--seed", "8")
    assert _files(other.data_dir) != first


def test_a_lake_with_other_records_is_refused_not_overwritten(tmp_path: Path) -> None:
    su = Cli(tmp_path / "data", env={"SUSHASAN_DATABASE_URL": ""})
    su("init")
    su("sample", "--quarter", QUARTER, "--seed", "7")
    before = _files(su.data_dir)
    out = su("sample", "--scale", "10k", "--quarter", QUARTER, ok=False)
    assert out.exit_code != 0 and "data folder of its own" in out.output
    assert _files(su.data_dir) == before


def test_unknown_scales_and_out_are_usage_errors(tmp_path: Path) -> None:
    su = Cli(tmp_path / "data", env={"SUSHASAN_DATABASE_URL": ""})
    su("init", "--empty")
    assert su("sample", "--scale", "5M", "--quarter", QUARTER, ok=False).exit_code == 2
    assert su("sample", "--scale", "10k", "--quarter", QUARTER, "--out",
              str(tmp_path / "x.jsonl"), ok=False).exit_code == 2
