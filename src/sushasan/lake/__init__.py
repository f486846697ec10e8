"""The lake: normal records as Parquet, partitioned by platform and IST month."""

from sushasan.lake.schema import KINDS, SCHEMAS
from sushasan.lake.store import Lake, WriteResult

__all__ = ["KINDS", "SCHEMAS", "Lake", "WriteResult"]
