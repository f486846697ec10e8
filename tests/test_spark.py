"""The review on Spark is the review on DuckDB: the same Ibis expressions over the same lake.

Spark is an optional part (tests/parts.py): PySpark (the ``spark`` extra) and Java 17. The tests
run it in local mode (``local[2]``), in this process's one Spark session, which the first test
starts (~10 s) and the others reuse.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sushasan.analytics.content import SERVICE_CATEGORIES, informative_expr, is_informative
from sushasan.analytics.drill import records
from sushasan.errors import ConfigError
from sushasan.lake import Lake
from sushasan.lake.engines import Engine
from sushasan.quarters import Quarter
from tests.conftest import Cli
from tests.test_content import _folded_probes, _patterns, _probe_texts

SPARK = Engine("spark", "local[2]")
QUARTER = "2024Q3"


@pytest.fixture(scope="module", autouse=True)
def spark_defaults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Spark's own settings file, the way a deployment tunes Spark (SPARK_CONF_DIR): a JVM that
    compiles quickly and a single-threaded collector, which halves a short local run (the JVM
    starts with the first test that needs it)."""
    folder = tmp_path_factory.mktemp("spark-conf")
    (folder / "spark-defaults.conf").write_text(
        "spark.driver.extraJavaOptions -XX:TieredStopAtLevel=1 -XX:+UseSerialGC\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPARK_CONF_DIR", str(folder))
        yield


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """The sample quarter the review tests use (seed 11), imported once."""
    s = Cli(tmp_path_factory.mktemp("spark") / "data", env={"SUSHASAN_DATABASE_URL": ""})
    s("init")
    s("sample", "--quarter", QUARTER, "--seed", "11")
    return s


def _differences(a: Any, b: Any, path: str = "") -> Iterator[str]:
    """Where two JSON documents differ, as paths (for a readable failure)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            yield from _differences(a.get(key), b.get(key), f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _differences(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path}: {a!r} != {b!r}"


@pytest.mark.spark
def test_the_review_on_spark_is_the_review_on_duckdb(world: Cli, tmp_path: Path) -> None:
    """Byte for byte: the review document records no engine and no timings, so nothing in it
    may legitimately differ (a field that did would have to be named and left out here)."""
    world("review", "--quarter", QUARTER, "--out", str(tmp_path / "duckdb"), "--format", "json")
    on_spark = Cli(world.data_dir, env={**world.env, "SUSHASAN_ENGINE": "spark",
                                        "SUSHASAN_SPARK_MASTER": "local[2]"})
    on_spark("review", "--quarter", QUARTER, "--out", str(tmp_path / "spark"), "--format", "json")
    duck = (tmp_path / "duckdb" / f"review-{QUARTER}.json").read_bytes()
    spark = (tmp_path / "spark" / f"review-{QUARTER}.json").read_bytes()
    doc = json.loads(duck)
    assert len([d for d in doc["departments"] if d["status"] == "ranked"]) >= 55
    differences = list(_differences(doc, json.loads(spark)))
    assert not differences, "\n".join(differences[:20])
    assert spark == duck


@pytest.mark.spark
def test_a_drill_down_page_is_the_same_on_spark(world: Cli) -> None:
    """The dashboard's drill-down reads through the same engine: same rows, same order."""
    quarter = Quarter.parse(QUARTER)
    root = world.data_dir / "lake"
    pages = {}
    for engine in (Engine(), SPARK):
        lake = Lake(root, engine)
        pages[engine.name] = [
            records(lake, "agriculture", quarter, indicator, True, offset=10, limit=25)
            for indicator in ("informative_share", "median_response_hours")
        ]
    assert all(p is not None and p.total > 35 and len(p.rows) == 25 for p in pages["duckdb"])
    assert pages["spark"] == pages["duckdb"]


@pytest.mark.spark
def test_every_pattern_agrees_with_python_through_spark_sql() -> None:
    """The patterns travel to Java as Spark SQL string literals (tabs, backslashes, NBSP and
    Devanagari in them), so the check runs through Ibis and RLIKE, not through a bare JVM."""
    texts = _folded_probes()
    table = ibis.memtable(pa.table({"i": list(range(len(texts))), "text": texts}))
    expr = table.select("i", **{name: table.text.re_search(p) for name, p in _patterns().items()})
    with SPARK.connect() as con:
        rows = con.to_pyarrow(expr.order_by("i")).to_pylist()
    disagreements = [
        (name, texts[row["i"]], row[name])
        for row in rows for name, pattern in _patterns().items()
        if row[name] != (re.search(pattern, texts[row["i"]]) is not None)
    ]
    assert not disagreements


@pytest.mark.spark
def test_the_informative_rule_folds_case_alike_on_spark() -> None:
    texts = [*_probe_texts(), None]
    table = ibis.memtable(pa.table({"i": list(range(len(texts))), "text": texts}))
    with SPARK.connect() as con:
        out = con.to_pyarrow(table.select("i", flag=informative_expr(table.text)).order_by("i"))
    assert out["flag"].to_pylist() == [is_informative(t) for t in texts]
    assert is_informative("\u017fcheme") and len(SERVICE_CATEGORIES) == 6


@pytest.mark.spark
def test_spark_reads_the_lake_where_its_executors_see_it(world: Cli, tmp_path: Path) -> None:
    """On a cluster the executors name the lake by another URL (s3a://, hdfs://): the partition
    files are listed here and read there. A copy with one partition cut short shows which."""
    root = world.data_dir / "lake"
    copy = tmp_path / "lake-as-the-executors-see-it"
    shutil.copytree(root, copy)
    first = Lake(root).files("post")[0]
    mirrored = copy / first.relative_to(root)
    pq.write_table(pq.read_table(mirrored).slice(0, 3), mirrored)
    months = [first.parent.name.removeprefix("month=")]
    platform = first.parent.parent.name.removeprefix("platform=")
    for engine, want in ((SPARK, None), (Engine("spark", lake_url=copy.as_uri()), 3)):
        lake = Lake(root, engine)
        with lake.connect() as con:
            posts = lake.table(con, "post", months)
            n = con.to_pyarrow(posts.filter(posts.platform == platform).count()).as_py()
        assert n == (want or pq.read_metadata(first).num_rows)


def test_an_unknown_engine_is_a_setting_error() -> None:
    with pytest.raises(ConfigError, match="engine 'spork' is not one of duckdb, spark"):
        Engine("spork")
