"""Where the review's time goes at scale: each phase timed on its own, in one process.

Phases: the anti-gaming checks (rows fetched, near-duplicates, burst, engagement anomalies) and
each indicator query of ``compute_indicators`` (activity, engagement, growth, followers,
responsiveness, content). Prints one JSON line of seconds per phase.

    python bench/scale_phases.py DATA_DIR QUARTER
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from sushasan.analytics import gaming, indicators
from sushasan.analytics.method import load_method
from sushasan.lake import Lake
from sushasan.quarters import Quarter
from sushasan.review.flags import gaming_flags


def main() -> None:
    data_dir, quarter = Path(sys.argv[1]), Quarter.parse(sys.argv[2])
    lake = Lake(data_dir / "lake")
    con = indicators.connect()
    out: dict[str, float] = {}

    def timed(name: str, fn: Any, *args: Any, **kw: Any) -> Any:
        started = time.perf_counter()
        result = fn(*args, **kw)
        out[name] = round(time.perf_counter() - started, 3)
        return result

    originals = {n: getattr(gaming, n) for n in
                 ("near_duplicate_posts", "quarter_end_burst", "engagement_anomalies")}
    for name, fn in originals.items():
        setattr(gaming, name, lambda *a, _n=name, _f=fn, **k: timed(_n, _f, *a, **k))

    started = time.perf_counter()
    _, excluded = gaming_flags(con, lake, quarter, True, load_method())
    out["gaming_total"] = round(time.perf_counter() - started, 3)
    for name, fn in originals.items():
        setattr(gaming, name, fn)
    posts = indicators.quarter_posts(con, lake, quarter, True)
    stats = lake.table(con, "account_stat", quarter.months)
    stats = stats.filter(stats["sample"], stats.day >= quarter.first_day,
                         stats.day <= quarter.last_day)
    inter = lake.table(con, "interaction", [*quarter.months, quarter.next().months[0]])
    inter = inter.filter(inter["sample"])
    for name, expr in (
        ("activity", indicators._activity(posts, quarter)),
        ("engagement", indicators._engagement(posts, stats, 3.0)),
        ("growth", indicators._growth(stats)),
        ("followers", indicators._followers(stats)),
        ("responsiveness", indicators._responsiveness(inter, quarter)),
        ("content", indicators._content(posts)),
    ):
        timed(name, expr.to_pyarrow)
    out["excluded_posts"] = len(excluded)
    con.disconnect()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
