"""Which engine runs the review's Ibis expressions over the lake: DuckDB or Spark.

The indicators are written once, against Ibis; an :class:`Engine` says where they run.

- ``duckdb`` (the default): embedded, in this process, offline (never downloads an extension).
  A quarter of one state takes seconds on one machine.
- ``spark``: a Spark session, ``local[N]`` on this machine or a cluster (``spark://host:7077``,
  ``yarn``, ``k8s://…``) for a national deployment. The executors read the same Parquet files;
  on a cluster the lake sits on storage every node reaches (NFS, HDFS, S3) and ``lake_url``
  says how the executors name it (``docs/deployment.md``). PySpark and Java are an optional
  part (``pip install 'sushasan[spark]'``).

Spark's session is one per process (one JVM): :meth:`Engine.connect` reuses it across reviews
and dashboard pages instead of paying the JVM's start again; the process's end stops it.
Cluster tuning (executor memory, S3 credentials) belongs in Spark's own ``spark-defaults.conf``
(``SPARK_CONF_DIR``), not in Sushasan's settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import ibis

from sushasan.errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pyarrow as pa

    from sushasan.config import Config

__all__ = ["ENGINES", "OFFLINE", "Engine"]

ENGINES = ("duckdb", "spark")
#: Government machines are often offline: DuckDB must never try to download an extension.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": True}


@dataclass(frozen=True)
class Engine:
    """How to open a backend for the lake's Ibis tables (see the module docstring)."""

    name: str = "duckdb"
    #: Spark's master URL: ``local[2]`` runs in this process; a cluster URL in production.
    spark_master: str = "local[2]"
    #: The lake's root as Spark's executors name it (``s3a://bucket/lake``, ``hdfs://nn/lake``);
    #: None when they see the same path as this process (one machine, or an NFS mount).
    lake_url: str | None = None

    def __post_init__(self) -> None:
        if self.name not in ENGINES:
            raise ConfigError(
                f"engine {self.name!r} is not one of {', '.join(ENGINES)} (setting engine, "
                "SUSHASAN_ENGINE)"
            )

    @classmethod
    def from_config(cls, config: Config) -> Engine:
        return cls(config.engine, config.spark_master, config.spark_lake_url)

    @contextmanager
    def connect(self) -> Iterator[ibis.BaseBackend]:
        """A backend for one unit of work (a review, a dashboard page)."""
        if self.name == "duckdb":
            con = ibis.duckdb.connect(**OFFLINE)
            con.raw_sql("SET TimeZone = 'UTC'")
            try:
                yield con
            finally:
                con.disconnect()
            return
        try:
            from sushasan.lake import spark
        except ImportError as exc:
            raise ConfigError(
                "engine spark needs PySpark and Java 17: pip install 'sushasan[spark]' "
                "(Debian: apt-get install openjdk-17-jre-headless)"
            ) from exc
        # Not disconnected afterwards: that would stop the process's one Spark session.
        yield spark.connect(self.spark_master)

    def read_parquet(
        self, con: ibis.BaseBackend, root: Path, kind: str, files: list[Path], schema: pa.Schema
    ) -> ibis.Table:
        """An Ibis table over some partition files of one kind, with the lake's schema (the
        hive keys ``platform`` and ``month`` come from the folder names)."""
        if con.name == "pyspark":
            from sushasan.lake import spark

            return spark.read_parquet(con, self._url(root), root, kind, files, schema)
        # by name: files written before a column existed (a derived one) read it as null,
        # as Spark does when it is given the schema
        t = con.read_parquet(
            [str(f) for f in files], hive_partitioning=True, hive_types_autocast=False,
            union_by_name=True,
        )
        types = ibis.Schema.from_pyarrow(schema)
        absent = {n: ibis.null().cast(types[n]) for n in schema.names if n not in t.columns}
        return (t.mutate(**absent) if absent else t).select(*schema.names)

    def _url(self, root: Path) -> str:
        return (self.lake_url or root.resolve().as_uri()).rstrip("/")
