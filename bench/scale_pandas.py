"""The pandas reference: the review's lake indicators written the way an analyst would in pandas.

Reads the quarter's Parquet files into DataFrames and computes, per department, every indicator
``analytics.indicators.compute_indicators`` computes (same definitions, same filters), so that
``bench_scale.py`` can both time it against the review and check that the numbers agree.
The near-duplicate exclusions of the anti-gaming checks are not part of it (pandas has no set
join for them); the check compares with ``compute_indicators`` without exclusions.
Prints one JSON line: seconds and the indicators.

    python bench/scale_pandas.py DATA_DIR QUARTER
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from sushasan.analytics.content import MEDIA_KINDS, SERVICE_CATEGORIES
from sushasan.lake import Lake
from sushasan.quarters import Quarter

VIRAL_CAP = 3.0  # the built-in method's


def _read(lake: Lake, kind: str, months: list[str], columns: list[str]) -> pd.DataFrame:
    frames = []
    for f in lake.files(kind, months):
        df = pq.read_table(f, columns=[c for c in columns if c != "platform"]).to_pandas()
        df["platform"] = f.parent.parent.name.split("=", 1)[1]
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def indicators(lake: Lake, quarter: Quarter) -> dict[str, dict[str, Any]]:
    start, end = pd.Timestamp(quarter.start_utc), pd.Timestamp(quarter.end_utc)
    posts = _read(lake, "post", quarter.months, [
        "post_id", "account_id", "department_id", "created_at", "text", "language", "kind",
        "likes", "comments", "shares", "sample"])
    posts = posts[posts["sample"] & (posts.created_at >= start) & (posts.created_at < end)]
    stats = _read(lake, "account_stat", quarter.months,
                  ["account_id", "department_id", "day", "followers", "sample"])
    stats["day"] = pd.to_datetime(stats["day"])
    stats = stats[stats["sample"] & (stats.day >= pd.Timestamp(quarter.first_day))
                  & (stats.day <= pd.Timestamp(quarter.last_day))]
    inter = _read(lake, "interaction", [*quarter.months, quarter.next().months[0]], [
        "interaction_id", "department_id", "created_at", "in_reply_to_id", "from_department",
        "sample"])
    inter = inter[inter["sample"]]
    out: dict[str, dict[str, Any]] = {}

    def put(frame: pd.DataFrame | pd.Series) -> None:
        frame = frame.to_frame() if isinstance(frame, pd.Series) else frame
        for dep, row in frame.iterrows():
            out.setdefault(str(dep), {}).update(row.to_dict())

    by_platform = posts.groupby(["department_id", "platform"]).size()
    for (dep, platform), n in by_platform.items():
        out.setdefault(dep, {}).setdefault("posts_by_platform", {})[platform] = int(n)
    # activity
    ist_day = (posts.created_at + pd.Timedelta(minutes=330)).dt.tz_localize(None).dt.normalize()
    week = ((ist_day - pd.Timestamp(quarter.first_day)).dt.days // 7).clip(upper=12)
    act = pd.DataFrame({"department_id": posts.department_id, "d": ist_day, "w": week})
    g = act.groupby("department_id")
    put(pd.DataFrame({"posts": g.size(), "active_days": g.d.nunique(),
                      "consistency": g.w.nunique() / 13.0}))
    # followers: the latest reading per account
    last_day = stats.groupby(["platform", "account_id"]).day.transform("max")
    latest = stats[stats.day == last_day]
    put(latest.groupby("department_id").followers.sum().rename("followers"))
    # engagement per post per 1,000 followers, with the viral cap
    f = latest[latest.followers > 0][["platform", "account_id", "followers"]]
    p = posts.merge(f, on=["platform", "account_id"])
    eng = p.likes.fillna(0) + p.comments.fillna(0) + p.shares.fillna(0)
    p = p.assign(per_1k=eng.astype(float) / (p.followers.astype(float) / 1000.0))
    med = p.groupby("department_id").per_1k.transform("median")
    p["per_1k"] = p.per_1k.where(p.per_1k <= med * VIRAL_CAP, med * VIRAL_CAP)
    put(p.groupby("department_id").per_1k.mean().rename("engagement_per_post_per_1k"))
    # follower growth
    b = stats.groupby(["platform", "account_id", "department_id"]).day.agg(["min", "max"])
    b = b[b["max"] > b["min"]].reset_index()
    s = stats[["platform", "account_id", "day", "followers"]]
    f0 = b.merge(s, left_on=["platform", "account_id", "min"],
                 right_on=["platform", "account_id", "day"])
    f1 = b.merge(s, left_on=["platform", "account_id", "max"],
                 right_on=["platform", "account_id", "day"])
    both = f0[["department_id", "platform", "account_id", "followers"]].merge(
        f1[["platform", "account_id", "followers"]], on=["platform", "account_id"],
        suffixes=("0", "1"))
    agg = both.groupby("department_id")[["followers0", "followers1"]].sum().astype(float)
    agg = agg[agg.followers0 > 0]
    put(((agg.followers1 - agg.followers0) / agg.followers0 * 100.0).rename("follower_growth"))
    # responsiveness
    citizens = inter[~inter.from_department & (inter.created_at >= start)
                     & (inter.created_at < end)]
    replies = inter[inter.from_department & inter.in_reply_to_id.notna()]
    first = replies.groupby(["platform", "in_reply_to_id"]).created_at.min().rename("replied_at")
    j = citizens.merge(first.reset_index(), how="left",
                       left_on=["platform", "interaction_id"],
                       right_on=["platform", "in_reply_to_id"])
    hours = (j.replied_at.dt.floor("s") - j.created_at.dt.floor("s")).dt.total_seconds() / 3600
    j = j.assign(hours=hours, answered=j.replied_at.notna().astype("int64"))
    g = j.groupby("department_id")
    put(pd.DataFrame({"citizen_messages": g.size(), "answered": g.answered.sum(),
                      "answered_share": g.answered.mean(),
                      "median_response_hours": g.hours.median()}))
    # content
    text = posts.text.fillna("")
    informative = pd.Series(False, index=posts.index)
    for pattern in SERVICE_CATEGORIES.values():
        informative |= text.str.contains(pattern, regex=True)
    lang = posts.language.fillna("")
    c = pd.DataFrame({
        "department_id": posts.department_id,
        "informative_share": informative.astype(float),
        "hindi_share": lang.isin(["hi", "mixed"]).astype(float),
        "english_share": lang.isin(["en", "mixed"]).astype(float),
        "bilingual_share": (lang == "mixed").astype(float),
        "media_share": posts.kind.isin(list(MEDIA_KINDS)).astype(float),
    })
    put(c.groupby("department_id").mean())
    for v in out.values():
        for k, x in list(v.items()):
            if isinstance(x, float) and math.isnan(x):
                v[k] = None
            elif hasattr(x, "item"):
                v[k] = x.item()
    return out


def main() -> None:
    data_dir, quarter = Path(sys.argv[1]), Quarter.parse(sys.argv[2])
    started = time.perf_counter()
    out = indicators(Lake(data_dir / "lake"), quarter)
    print(json.dumps({"seconds": time.perf_counter() - started, "departments": out}))


if __name__ == "__main__":
    main()
