"""Indicators per department for one quarter, written as Ibis expressions.

Written once against Ibis so the same expressions run on DuckDB (embedded default) and, later, on
Spark. Times are compared in UTC against the quarter's IST bounds; day and week buckets are IST.
Definitions (also in the README's method section):

- ``posts``: posts published in the quarter.
- ``active_days``: distinct IST days with at least one post.
- ``consistency``: share of the quarter's 13 weeks (7-day blocks from the first day; the last
  one or two days join week 13) with at least one post.
- ``engagement_per_post_per_1k``: mean over posts of (likes + comments + shares) per 1,000
  followers of the posting account at the end of the quarter.
- ``follower_growth``: followers gained over the quarter as a percentage of followers at its
  first reading, summed over the department's accounts that have both readings.
- ``answered_share``: share of citizens' interactions in the quarter that received a reply from
  the department's account.
- ``median_response_hours``: median clock hours from a citizen's interaction to the department's
  first reply (working hours come with the grievance calendar).
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from sushasan.lake import Lake
from sushasan.lake.store import OFFLINE
from sushasan.quarters import Quarter

__all__ = ["INDICATORS", "compute_indicators", "connect"]

INDICATORS = (
    "posts",
    "active_days",
    "consistency",
    "engagement_per_post_per_1k",
    "follower_growth",
    "answered_share",
    "median_response_hours",
)
_IST = ibis.interval(minutes=330)


def connect() -> ibis.BaseBackend:
    con = ibis.duckdb.connect(**OFFLINE)
    con.raw_sql("SET TimeZone = 'UTC'")
    return con


def compute_indicators(
    con: ibis.BaseBackend, lake: Lake, quarter: Quarter, sample: bool
) -> dict[str, dict[str, Any]]:
    """department_id → indicator → value (None where it cannot be computed)."""
    months = quarter.months
    start, end = quarter.start_utc, quarter.end_utc
    posts = lake.table(con, "post", months)
    posts = posts.filter(
        posts["sample"] == sample, posts.created_at >= start, posts.created_at < end
    )
    stats = lake.table(con, "account_stat", months)
    stats = stats.filter(
        stats["sample"] == sample, stats.day >= quarter.first_day, stats.day <= quarter.last_day
    )
    inter = lake.table(con, "interaction", [*months, quarter.next().months[0]])
    inter = inter.filter(inter["sample"] == sample)

    out: dict[str, dict[str, Any]] = {}
    for table in (
        _activity(posts, quarter),
        _engagement(posts, stats),
        _growth(stats),
        _responsiveness(inter, start, end),
    ):
        for row in table.to_pyarrow().to_pylist():
            dep = row.pop("department_id")
            out.setdefault(dep, {}).update(row)
    return out


def _activity(posts: ir.Table, quarter: Quarter) -> ir.Table:
    ist_day = (posts.created_at + _IST).date()
    weeks = quarter.days // 7
    week = ibis.least(ist_day.delta(ibis.date(quarter.first_day), unit="day") // 7, weeks - 1)
    p = posts.mutate(ist_day=ist_day, week=week)
    return p.group_by("department_id").aggregate(
        posts=p.count(),
        active_days=p.ist_day.nunique(),
        consistency=p.week.nunique().cast("float64") / weeks,
    )


def _latest_followers(stats: ir.Table) -> ir.Table:
    last = stats.group_by(["platform", "account_id"]).aggregate(day=stats.day.max())
    return stats.join(last, ["platform", "account_id", "day"]).select(
        "platform", "account_id", "followers"
    )


def _engagement(posts: ir.Table, stats: ir.Table) -> ir.Table:
    followers = _latest_followers(stats).filter(lambda t: t.followers > 0)
    eng = (
        posts.likes.fill_null(0) + posts.comments.fill_null(0) + posts.shares.fill_null(0)
    ).cast("float64")
    p = posts.mutate(eng=eng).join(followers, ["platform", "account_id"])
    per_1k = p.eng / (p.followers.cast("float64") / 1000.0)
    return p.mutate(per_1k=per_1k).group_by("department_id").aggregate(
        engagement_per_post_per_1k=lambda t: t.per_1k.mean()
    )


def _growth(stats: ir.Table) -> ir.Table:
    bounds = stats.group_by(["platform", "account_id", "department_id"]).aggregate(
        first=stats.day.min(), last=stats.day.max()
    )
    bounds = bounds.filter(bounds["last"] > bounds["first"])
    s = stats.select("platform", "account_id", "day", "followers")
    first = bounds.join(
        s, [bounds.platform == s.platform, bounds.account_id == s.account_id,
            bounds["first"] == s.day]
    ).select("department_id", "platform", "account_id", f0="followers")
    last = bounds.join(
        s, [bounds.platform == s.platform, bounds.account_id == s.account_id,
            bounds["last"] == s.day]
    ).select("platform", "account_id", f1="followers")
    both = first.join(last, ["platform", "account_id"])
    agg = both.group_by("department_id").aggregate(
        f0=both.f0.sum().cast("float64"), f1=both.f1.sum().cast("float64")
    )
    return agg.filter(agg.f0 > 0).select(
        "department_id", follower_growth=(agg.f1 - agg.f0) / agg.f0 * 100.0
    )


def _responsiveness(inter: ir.Table, start: Any, end: Any) -> ir.Table:
    citizens = inter.filter(
        ~inter.from_department, inter.created_at >= start, inter.created_at < end
    ).select("platform", "department_id", "interaction_id", "created_at")
    replies = inter.filter(inter.from_department, inter.in_reply_to_id.notnull())
    first_reply = replies.group_by(["platform", "in_reply_to_id"]).aggregate(
        replied_at=replies.created_at.min()
    )
    joined = citizens.left_join(
        first_reply,
        [citizens.platform == first_reply.platform,
         citizens.interaction_id == first_reply.in_reply_to_id],
    )
    # Truncate to whole seconds first: DuckDB's epoch_seconds is fractional, Spark's is not.
    hours = (
        joined.replied_at.truncate("s").epoch_seconds()
        - joined.created_at.truncate("s").epoch_seconds()
    ).cast("float64") / 3600.0
    j = joined.mutate(hours=hours)
    return j.group_by("department_id").aggregate(
        answered_share=j.replied_at.notnull().cast("float64").mean(),
        median_response_hours=j.hours.median(),
    )
