"""The review's own lake indicators, without anti-gaming exclusions, for the pandas check.

Prints one JSON line: seconds and ``compute_indicators``'s output (viral cap of the built-in
method), the numbers ``scale_pandas.py`` must reproduce.

    python bench/scale_review_indicators.py DATA_DIR QUARTER
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from sushasan.analytics.indicators import compute_indicators, connect
from sushasan.lake import Lake
from sushasan.quarters import Quarter


def main() -> None:
    data_dir, quarter = Path(sys.argv[1]), Quarter.parse(sys.argv[2])
    started = time.perf_counter()
    con = connect()
    try:
        out = compute_indicators(con, Lake(data_dir / "lake"), quarter, True, viral_cap=3.0)
    finally:
        con.disconnect()
    print(json.dumps({"seconds": time.perf_counter() - started, "departments": out}))


if __name__ == "__main__":
    main()
