"""The Spark side of the lake's engines; imported only when the engine is ``spark``.

Ibis 12's PySpark backend still moves results and in-memory tables through pandas (a
workaround from before PySpark 4): slower, and pandas 3 warns on PySpark's calls. PySpark 4
speaks Arrow both ways, so :class:`SparkBackend` does: ``to_pyarrow`` collects Arrow batches,
and small in-memory tables (the review's excluded posts) go in as Arrow.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends.pyspark import Backend as IbisSpark
from ibis.backends.pyspark.datatypes import PySparkSchema
from ibis.formats.pyarrow import PyArrowData
from pyspark.errors import PySparkRuntimeError
from pyspark.sql import SparkSession

from sushasan.errors import ConfigError

__all__ = ["SparkBackend", "connect", "read_parquet"]


class SparkBackend(IbisSpark):
    """Ibis's PySpark backend with Arrow in and out (see the module docstring)."""

    def to_pyarrow(
        self,
        expr: ir.Expr,
        /,
        *,
        params: Mapping[ir.Scalar, Any] | None = None,
        limit: int | str | None = None,
        **kwargs: Any,
    ) -> pa.Table:
        table_expr = expr.as_table()
        self._run_pre_execute_hooks(table_expr)  # registers the in-memory tables it reads
        sql = self.compile(table_expr, params=params, limit=limit, **kwargs)
        with warnings.catch_warnings():
            # PySpark leaves the local socket it collects results through to the garbage
            # collector (pyspark.util._load_from_socket says so), which warns about it.
            warnings.simplefilter("ignore", ResourceWarning)
            arrow = self._session.sql(sql).toArrow()
        return expr.__pyarrow_result__(PyArrowData.convert_table(arrow, table_expr.schema()))

    def _register_in_memory_table(self, op: ops.InMemoryTable) -> None:
        frame = self._session.createDataFrame(
            op.data.to_pyarrow(op.schema), schema=PySparkSchema.from_ibis(op.schema)
        )
        frame.createOrReplaceTempView(op.name)


def connect(master: str) -> SparkBackend:
    """A backend on the process's Spark session (started on first use, then reused)."""
    builder = (
        SparkSession.builder.master(master)
        .appName("sushasan")
        # Times are stored in UTC and compared against the quarter's UTC bounds.
        .config("spark.sql.session.timeZone", "UTC")
        # The CLI draws its own progress; Spark's stage bars would garble its output and logs.
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master.startswith("local"):
        # One machine: no web UI on a port, and few shuffle partitions (the default 200 is
        # sized for a cluster and makes a small quarter spend its time scheduling tasks).
        builder = builder.config("spark.ui.enabled", "false").config(
            "spark.sql.shuffle.partitions", str(2 * (os.cpu_count() or 1))
        )
    try:
        session = builder.getOrCreate()
    except PySparkRuntimeError as exc:  # no Java, or one that does not start
        raise ConfigError(
            f"engine spark could not start Spark ({exc}); it needs Java 17 on the PATH or in "
            "JAVA_HOME (Debian: apt-get install openjdk-17-jre-headless)"
        ) from exc
    session.sparkContext.setLogLevel("ERROR")
    if ibis.options.pyspark is None:  # what ``ibis.pyspark`` does on first use
        SparkBackend.register_options()
    return SparkBackend().connect(session)


def read_parquet(
    con: SparkBackend, url: str, root: Path, kind: str, files: list[Path], schema: pa.Schema
) -> ibis.Table:
    """Partition files listed under ``root``, read by the executors under ``url``."""
    # The lake's own schema, not one inferred from the files: the hive keys stay strings
    # (Spark would guess at "2024-07"), and every kind has the same columns in every engine.
    struct = PySparkSchema.from_ibis(
        ibis.Schema.from_pyarrow(_signed(schema).append(pa.field("month", pa.string())))
    )
    paths = [f"{url}/{f.relative_to(root).as_posix()}" for f in files]
    frame = con._session.read.schema(struct).option("basePath", f"{url}/{kind}").parquet(*paths)
    view = ibis.util.gen_name(f"lake_{kind}")
    frame.createOrReplaceTempView(view)
    table = con.table(view)
    types = ibis.Schema.from_pyarrow(schema)
    # To Ibis a Spark TIMESTAMP has no zone; the lake's times are UTC, and say so on DuckDB
    # (the cast is no operation in Spark's SQL: only the results come back zone-aware).
    return table.select(
        *(table[n].cast(types[n]).name(n) if types[n].is_timestamp() else table[n]
          for n in schema.names)
    )


def _widen(t: pa.DataType) -> pa.DataType:
    if pa.types.is_list(t):
        return pa.list_(_widen(t.value_type))
    # Spark has no unsigned integers: its Parquet reader gives a UINT32 as a LONG
    return {pa.uint8(): pa.int16(), pa.uint16(): pa.int32(), pa.uint32(): pa.int64()}.get(t, t)


def _signed(schema: pa.Schema) -> pa.Schema:
    """The lake's schema as Spark can hold it (the derived signatures are unsigned)."""
    return pa.schema([f.with_type(_widen(f.type)) for f in schema])
