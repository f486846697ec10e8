"""Indicators per department for one quarter, written as Ibis expressions.

Written once against Ibis so the same expressions run on DuckDB (embedded default) and, later, on
Spark. Times are compared in UTC against the quarter's IST bounds; day and week buckets are IST.
Definitions (also in the README's method section):

- ``posts``: posts published in the quarter (near-duplicates left out when the method says so).
- ``active_days``: distinct IST days with at least one post.
- ``consistency``: share of the quarter's 13 weeks (7-day blocks from the first day; the days
  after the twelfth block, 6 to 8 of them, form week 13) with at least one post.
- ``engagement_per_post_per_1k``: mean over posts of (likes + comments + shares) per 1,000
  followers of the posting account at the end of the quarter; with a viral cap, no post counts
  for more than ``cap`` times the department's median post.
- ``follower_growth``: followers gained over the quarter as a percentage of followers at its
  first reading, summed over the department's accounts that have both readings.
- ``answered_share``: share of citizens' interactions in the quarter that received a reply from
  the department's account (``citizen_messages`` and ``answered`` are the counts behind it).
- ``median_response_hours``: median clock hours from a citizen's interaction to the department's
  first reply (working hours come with the grievance calendar).
- ``informative_share``: share of posts carrying service information (scheme, eligibility,
  deadline, helpline, link, advisory; see ``analytics.content``).
- ``hindi_share`` / ``english_share`` / ``bilingual_share``: share of posts with Hindi, with
  English, with both (language ``mixed``).
- ``media_share``: share of posts with a photo, video, reel or live stream.
- ``followers``: followers of all the department's accounts at the end of the quarter (for size
  groups, not scored).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from sushasan.analytics.content import MEDIA_KINDS, informative_expr
from sushasan.lake import Lake
from sushasan.lake.store import OFFLINE
from sushasan.quarters import IST_OFFSET, Quarter

__all__ = [
    "AUXILIARY", "INDICATORS", "citizen_messages", "compute_indicators", "connect", "quarter_posts",
]

INDICATORS = (
    "posts",
    "active_days",
    "consistency",
    "engagement_per_post_per_1k",
    "follower_growth",
    "answered_share",
    "median_response_hours",
    "informative_share",
    "hindi_share",
    "english_share",
    "bilingual_share",
    "media_share",
    # filled by later capabilities (grievance desk, website audit); missing until then
    "disposed_in_time_share",
    "median_disposal_days",
    "reopen_rate",
    "website_score",
)
#: Counts computed alongside the indicators: they explain them and drive volume rules.
AUXILIARY = ("citizen_messages", "answered", "followers", "posts_by_platform")
_IST = ibis.interval(minutes=int(IST_OFFSET.total_seconds()) // 60)


def connect() -> ibis.BaseBackend:
    con = ibis.duckdb.connect(**OFFLINE)
    con.raw_sql("SET TimeZone = 'UTC'")
    return con


def quarter_posts(con: ibis.BaseBackend, lake: Lake, quarter: Quarter, sample: bool) -> ir.Table:
    posts = lake.table(con, "post", quarter.months)
    return posts.filter(
        posts["sample"] == sample,
        posts.created_at >= quarter.start_utc,
        posts.created_at < quarter.end_utc,
    )


def compute_indicators(
    con: ibis.BaseBackend,
    lake: Lake,
    quarter: Quarter,
    sample: bool,
    exclude_posts: Collection[str] = (),
    viral_cap: float | None = None,
) -> dict[str, dict[str, Any]]:
    """department_id → indicator or auxiliary count → value (None where it cannot be computed)."""
    posts = quarter_posts(con, lake, quarter, sample)
    if exclude_posts:
        # An Arrow table, not a dict: a dict goes through pandas, which warns under pandas 3.
        dropped = ibis.memtable(pa.table({"post_id": pa.array(sorted(exclude_posts), pa.string())}))
        posts = posts.anti_join(dropped, "post_id")
    stats = lake.table(con, "account_stat", quarter.months)
    stats = stats.filter(
        stats["sample"] == sample, stats.day >= quarter.first_day, stats.day <= quarter.last_day
    )
    inter = lake.table(con, "interaction", [*quarter.months, quarter.next().months[0]])
    inter = inter.filter(inter["sample"] == sample)

    out: dict[str, dict[str, Any]] = {}
    per_platform = (
        posts.group_by(["department_id", "platform"]).aggregate(n=posts.count())
        .order_by(["department_id", "platform"])
    )
    for row in per_platform.to_pyarrow().to_pylist():
        out.setdefault(row["department_id"], {}).setdefault("posts_by_platform", {})[
            row["platform"]
        ] = row["n"]
    # Per-record work the lake did at import (``lake.derived``): content classes and integer
    # join keys; files written before them (an older version) are computed from the text.
    stale_posts = lake.stale("post", quarter.months)
    stale_inter = lake.stale("interaction", [*quarter.months, quarter.next().months[0]])
    for table in (
        _activity(posts, quarter),
        _engagement(posts, stats, viral_cap),
        _growth(stats),
        _followers(stats),
        _responsiveness(inter, quarter, keyed="keys" not in stale_inter),
        _content(posts, stored="content" not in stale_posts),
    ):
        for row in table.to_pyarrow().to_pylist():
            dep = row.pop("department_id")
            out.setdefault(dep, {}).update(row)
    return out


def _activity(posts: ir.Table, quarter: Quarter) -> ir.Table:
    ist_day = (posts.created_at + _IST).date()
    weeks = round(quarter.days / 7)  # 13 for every quarter (90–92 days)
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
        "platform", "account_id", "department_id", "followers"
    )


def _followers(stats: ir.Table) -> ir.Table:
    latest = _latest_followers(stats)
    return latest.group_by("department_id").aggregate(followers=latest.followers.sum())


def _engagement(posts: ir.Table, stats: ir.Table, cap: float | None) -> ir.Table:
    followers = _latest_followers(stats).select("platform", "account_id", "followers")
    followers = followers.filter(followers.followers > 0)
    eng = (
        posts.likes.fill_null(0) + posts.comments.fill_null(0) + posts.shares.fill_null(0)
    ).cast("float64")
    p = posts.mutate(eng=eng).join(followers, ["platform", "account_id"])
    p = p.mutate(per_1k=p.eng / (p.followers.cast("float64") / 1000.0))
    if cap is not None:
        med = p.group_by("department_id").aggregate(med=p.per_1k.median())
        p = p.join(med, "department_id")
        p = p.mutate(per_1k=ibis.least(p.per_1k, p.med * cap))
    return p.group_by("department_id").aggregate(
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


def citizen_messages(inter: ir.Table, quarter: Quarter, keyed: bool = False) -> ir.Table:
    """The quarter's citizens' messages, each with ``replied_at``: the department's first reply
    (null if none). Replies may come after the quarter, so ``inter`` should reach into the next
    month. The review's responsiveness and the dashboard's drill-down both read this; ``keyed``
    joins on the integer keys the lake derived from the ids (``lake.derived``)."""
    citizens = inter.filter(
        ~inter.from_department,
        inter.created_at >= quarter.start_utc,
        inter.created_at < quarter.end_utc,
    )
    own, theirs = ("interaction_key", "reply_to_key") if keyed else (
        "interaction_id", "in_reply_to_id")
    replies = inter.filter(inter.from_department, inter[theirs].notnull())
    first_reply = replies.group_by(["platform", theirs]).aggregate(
        replied_at=replies.created_at.min()
    )
    return citizens.left_join(
        first_reply,
        [citizens.platform == first_reply.platform, citizens[own] == first_reply[theirs]],
    )


def _whole_seconds(ts: ir.TimestampValue) -> ir.IntegerValue:
    """Seconds since 1970 of a time, its fraction dropped (on DuckDB ``truncate("s")`` of a
    time with zone goes through the calendar and costs more than the rest of the query)."""
    return ts.epoch_seconds().floor().cast("int64")


def _responsiveness(inter: ir.Table, quarter: Quarter, keyed: bool = False) -> ir.Table:
    joined = citizen_messages(inter, quarter, keyed)
    # Whole seconds first: DuckDB's epoch_seconds is fractional, Spark's is not.
    hours = (
        _whole_seconds(joined.replied_at) - _whole_seconds(joined.created_at)
    ).cast("float64") / 3600.0
    j = joined.mutate(hours=hours, answered=joined.replied_at.notnull().cast("int64"))
    return j.group_by("department_id").aggregate(
        citizen_messages=j.count(),
        answered=j.answered.sum(),
        answered_share=j.answered.cast("float64").mean(),
        median_response_hours=j.hours.median(),
    )


def _content(posts: ir.Table, stored: bool = False) -> ir.Table:
    if stored:  # the classes the lake derived at import (``lake.derived``)
        informative = posts.service_classes.fill_null(0) != 0
    else:
        informative = informative_expr(posts.text)
    lang = posts.language.fill_null("")
    p = posts.mutate(
        informative=informative.cast("float64"),
        hindi=lang.isin(["hi", "mixed"]).cast("float64"),
        english=lang.isin(["en", "mixed"]).cast("float64"),
        both=(lang == "mixed").cast("float64"),
        media=posts.kind.isin(list(MEDIA_KINDS)).cast("float64"),
    )
    return p.group_by("department_id").aggregate(
        informative_share=p.informative.mean(),
        hindi_share=p.hindi.mean(),
        english_share=p.english.mean(),
        bilingual_share=p.both.mean(),
        media_share=p.media.mean(),
    )
