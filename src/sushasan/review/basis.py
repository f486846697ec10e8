"""What the records hold against what the review counted, and on which basis.

The review adjusts some figures before it scores them: near-duplicate posts are left out, a
viral post is capped, counts are imputed for days no source covered, rates from too few cases are
dropped or shrunk. A department that contests its score needs both numbers and the reason, so
this module reads the lake once more for the figures *before* those steps (``lake_figures``) and
turns them into each indicator's ``raw``, ``counted`` and ``adjustments`` (``indicator_steps``).

It also gives the account-level figures (impressions, likes, posts, followers) per platform with
the basis each was taken from: the per-post export (lifetime counts of the quarter's posts), the
daily account file (``account_day``: the account's totals per day) or the live API; and where
both a per-post and a daily figure exist it compares them (``reconciliation``): the two differ
by design (lifetime-to-export against per-day, deleted posts), and a difference over the
tolerance is shown with both numbers rather than silently picking one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from typing import Any

import ibis
import pyarrow as pa

from sushasan.analytics.indicators import (
    _activity,
    _content,
    _engagement,
    _latest_followers,
    quarter_posts,
)
from sushasan.analytics.method import Method
from sushasan.lake import Lake
from sushasan.quarters import Quarter
from sushasan.registry.model import PLATFORMS

__all__ = [
    "TOLERANCE", "basis_of", "department_basis", "excluded_by_department", "figures",
    "indicator_steps", "lake_figures", "platforms",
]

#: Daily and per-post sums that differ by more than this share (of the daily figure) are flagged.
TOLERANCE = 0.005
#: Per-post sums compared with the daily metric of the same meaning.
_PAIRS = {"posts": "posts", "impressions": "impressions", "likes": "likes",
          "comments": "comments", "views": "views"}
#: Account-level figures shown per platform (their daily metric; followers from account_stat).
_FIGURES = ("impressions", "engagements", "likes", "comments", "views", "posts",
            "profile_visits")
_POST_INDICATORS = ("posts", "active_days", "consistency", "engagement_per_post_per_1k",
                    "informative_share", "hindi_share", "english_share", "bilingual_share",
                    "media_share")
_IMPUTED = ("posts", "active_days", "consistency")
_MAX_IDS = 20


def basis_of(source: str | None, account_level: bool = False) -> str:
    """The basis a stored record's ``source`` (the importer that wrote it) stands for; a
    follower reading (``account_level``) from a file is a daily account figure."""
    s = source or ""
    if s.endswith("-api-json"):
        return "live_api"
    if account_level or s in ("x-analytics-daily-csv", "x-account-overview-csv",
                              "meta-page-csv"):
        return "daily_account_file"
    return "per_post_export"


def lake_figures(
    con: ibis.BaseBackend, lake: Lake, quarter: Quarter, sample: bool,
    excluded: Collection[str], viral_cap: float | None,
) -> dict[str, dict[str, Any]]:
    """department → what the stored records give before the review's adjustments.

    Keys: ``raw`` (indicator → value over every stored post, uncapped; only the indicators an
    adjustment can change), ``uncapped`` (engagement over the counted posts without the viral
    cap), ``with_followers`` (counted posts whose account has a follower reading), ``per_post``
    (platform → sums and null counts), ``daily`` (platform → metric → [sum, days]),
    ``post_sources`` and ``follower_sources`` (platform → sorted bases).
    """
    posts = quarter_posts(con, lake, quarter, sample)
    stats = lake.table(con, "account_stat", quarter.months)
    stats = stats.filter(
        stats["sample"] == sample, stats.day >= quarter.first_day, stats.day <= quarter.last_day
    )
    out: dict[str, dict[str, Any]] = defaultdict(dict)

    def put(table: ibis.Table, key: str) -> None:
        for row in table.to_pyarrow().to_pylist():
            out[row.pop("department_id")].setdefault(key, {}).update(row)

    counted = posts
    if excluded:
        dropped = ibis.memtable(pa.table({"post_id": pa.array(sorted(excluded), pa.string())}))
        counted = posts.anti_join(dropped, "post_id")
        stored = "content" not in lake.stale("post", quarter.months)
        put(_activity(posts, quarter), "raw")
        put(_content(posts, stored=stored), "raw")
    if excluded or viral_cap is not None:
        put(_engagement(posts, stats, None), "raw")
    if viral_cap is not None:
        put(_engagement(counted, stats, None), "uncapped")
    followers = _latest_followers(stats)
    readings = followers.filter(followers.followers > 0).select("platform", "account_id")
    joined = counted.join(readings, ["platform", "account_id"])
    put(joined.group_by("department_id").aggregate(n=joined.count()), "with_followers")

    def n_of(col: str) -> Any:
        return posts[col].notnull().cast("int64").sum()

    missing = (posts.likes.isnull() | posts.comments.isnull() | posts.shares.isnull())
    sums = posts.group_by(["department_id", "platform", "source"]).aggregate(
        posts=posts.count(), missing_counts=missing.cast("int64").sum(),
        impressions=posts.impressions.sum(), impressions_n=n_of("impressions"),
        likes=posts.likes.sum(), likes_n=n_of("likes"),
        comments=posts.comments.sum(), comments_n=n_of("comments"),
        shares=posts.shares.sum(), shares_n=n_of("shares"),
        views=posts.views.sum(), views_n=n_of("views"),
    )
    for row in sums.to_pyarrow().to_pylist():
        dep, platform, source = row.pop("department_id"), row.pop("platform"), row.pop("source")
        have = out[dep].setdefault("per_post", {}).setdefault(platform, {})
        for k, v in row.items():
            have[k] = have.get(k, 0) + (v or 0)
        out[dep].setdefault("post_sources", {}).setdefault(platform, set()).add(basis_of(source))

    days = lake.table(con, "account_day", quarter.months)
    days = days.filter(
        days["sample"] == sample, days.day >= quarter.first_day, days.day <= quarter.last_day
    )
    daily = days.group_by(["department_id", "platform", "metric"]).aggregate(
        total=days.value.sum(), days=days.day.nunique()
    )
    for row in daily.to_pyarrow().to_pylist():
        out[row["department_id"]].setdefault("daily", {}).setdefault(row["platform"], {})[
            row["metric"]] = [int(row["total"] or 0), int(row["days"])]
    latest = stats.join(
        stats.group_by(["platform", "account_id"]).aggregate(day=stats.day.max()),
        ["platform", "account_id", "day"],
    )
    sources = latest.group_by(["department_id", "platform", "source"]).aggregate(
        followers=latest.followers.sum())
    for row in sources.to_pyarrow().to_pylist():
        got = out[row["department_id"]].setdefault("follower_sources", {})
        got.setdefault(row["platform"], {})[basis_of(row["source"], True)] = row["followers"]
    for found in out.values():
        if "post_sources" in found:
            found["post_sources"] = {p: sorted(v) for p, v in found["post_sources"].items()}
    return dict(out)


def excluded_by_department(flags: Mapping[str, list[Any]], excluded: Collection[str]
                           ) -> dict[str, list[str]]:
    """department → the near-duplicate posts the review left out, sorted."""
    out = {}
    for dep, found in flags.items():
        ids = sorted({p for f in found if f.kind == "near_duplicate_posts"
                      for p in f.post_ids if p in excluded})
        if ids:
            out[dep] = ids
    return out


def platforms(
    registered: Collection[str], cov: Mapping[str, Any], before: Mapping[str, Any],
    ranked: bool, method: Method,
) -> dict[str, dict[str, Any]]:
    """Per registered platform: coverage, whether its counts were imputed, posts found/counted."""
    by_platform = before.get("posts_by_platform") or {}
    out = {}
    for p in sorted(registered):
        share = float(cov.get(p, 0.0))
        found = int(by_platform.get(p, 0))
        if share <= 0:
            status = "not_covered"
        elif share < method.coverage_floor or share < method.coverage_threshold:
            status = "insufficient_data"
        elif share >= 1:
            status = "complete"
        elif ranked and method.coverage_scaling:
            status = "imputed"
        else:  # enough days, but nothing imputed (the department is not ranked, or no scaling)
            status = "partial"
        counted: float = found / share if status == "imputed" else found
        out[p] = {
            "coverage": _r(share),
            "status": status,
            "imputed_share": _r(1 - share) if status == "imputed" and found else None,
            "posts_raw": found,
            "posts_counted": _r(counted) if status == "imputed" else found,
        }
    return out


def indicator_steps(
    ind: str, found: Mapping[str, Any], before: Mapping[str, Any], after: Mapping[str, Any],
    counted: Any, ranked: bool, cov: Mapping[str, Any], method: Method,
    removed: list[str], platform_rows: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """``raw``, ``counted``, ``basis`` and ``adjustments`` of one indicator of one department.

    ``found`` is ``lake_figures`` for the department, ``before`` its values as computed (after
    near-duplicates and the viral cap, before imputation), ``after`` after imputation, and
    ``counted`` what the index used (after volume rules).
    """
    raw_all = found.get("raw") or {}
    measured = before.get(ind)
    raw = raw_all.get(ind, measured)
    if ind == "posts" and removed and "posts" not in raw_all:
        raw = (measured or 0) + len(removed)
    if ind == "engagement_per_post_per_1k" and "engagement_per_post_per_1k" not in raw_all:
        raw = measured
    steps: list[dict[str, Any]] = []
    if removed and ind in _POST_INDICATORS and raw is not None:
        mid = (found.get("uncapped") or {}).get(ind, measured) \
            if ind == "engagement_per_post_per_1k" else measured
        if mid != raw or ind == "posts":
            steps.append({"reason": "near_duplicates_removed", "from": _r(raw), "to": _r(mid),
                          "records": len(removed), "post_ids": removed[:_MAX_IDS]})
    if ind == "engagement_per_post_per_1k":
        uncapped = (found.get("uncapped") or {}).get(ind)
        if uncapped is not None and measured is not None and _r(uncapped) != _r(measured):
            steps.append({"reason": "viral_cap", "from": _r(uncapped), "to": _r(measured)})
        per_post = found.get("per_post") or {}
        missing = sum(int(v.get("missing_counts", 0)) for v in per_post.values())
        if missing:
            steps.append({"reason": "missing_counts_as_zero", "from": _r(measured),
                          "to": _r(measured), "records": missing})
        posts = before.get("posts") or 0
        without = posts - int((found.get("with_followers") or {}).get("n", 0))
        if posts and without > 0:
            steps.append({"reason": "no_follower_reading", "from": _r(measured),
                          "to": _r(measured), "records": without})
    if ind in _IMPUTED:
        scaled = after.get(ind)
        if ranked and scaled is not None and measured is not None and _r(scaled) != _r(measured):
            steps.append({"reason": "imputed_for_missing_days", "from": _r(measured),
                          "to": _r(scaled),
                          "share": _r(1 - measured / scaled) if scaled else None})
        low = [float(r["coverage"]) for r in platform_rows.values()
               if r["status"] == "insufficient_data" and r["posts_raw"]]
        if low and ind == "posts":
            steps.append({"reason": "not_imputed_below_floor", "from": _r(measured),
                          "to": _r(measured), "share": _r(min(low))})
    if ind in method.rates and ranked:
        value = after.get(ind)
        n = int(after.get(_VOLUME.get(ind, "citizen_messages")) or 0)
        if value is not None and counted is None:
            steps.append({"reason": "too_few_cases", "from": _r(value), "to": None,
                          "records": n})
        elif value is not None and _r(value) != _r(counted):
            steps.append({"reason": "shrunk_to_mean", "from": _r(value), "to": _r(counted),
                          "records": n})
    out: dict[str, Any] = {}
    if raw is not None or counted is not None:
        out["raw"], out["counted"] = _r(raw), _r(counted)
    bases = _bases(ind, found)
    if bases:
        out["basis"] = bases
    if steps:
        out["adjustments"] = steps
    return out


#: The count behind a rate's volume rule (``analytics.rates``).
_VOLUME = {"answered_share": "citizen_messages", "median_response_hours": "answered"}


def _bases(ind: str, found: Mapping[str, Any]) -> list[str] | None:
    if ind in _POST_INDICATORS:
        return sorted({b for v in (found.get("post_sources") or {}).values() for b in v}) or None
    if ind == "follower_growth":
        return sorted({b for v in (found.get("follower_sources") or {}).values()
                       for b in v}) or None
    return None


def figures(found: Mapping[str, Any]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Per platform, account-level figures with their basis; and the reconciliation lines."""
    per_post = found.get("per_post") or {}
    daily = found.get("daily") or {}
    follower = found.get("follower_sources") or {}
    post_bases = found.get("post_sources") or {}
    out: dict[str, dict[str, Any]] = {}
    lines: list[dict[str, Any]] = []
    for p in sorted(set(per_post) | set(daily) | set(follower)):
        pp, dd = per_post.get(p) or {}, daily.get(p) or {}
        post_basis = "live_api" if post_bases.get(p) == ["live_api"] else "per_post_export"
        row: dict[str, Any] = {}
        for metric in _FIGURES:
            mine = _post_sum(pp, metric)
            total, ndays = dd.get(metric, [None, 0])
            if mine is None and not ndays:
                continue
            row[metric] = {
                "value": total if ndays else mine,
                "basis": "daily_account_file" if ndays else post_basis,
                "per_post": mine, "daily": total if ndays else None, "daily_days": ndays,
            }
            if metric in _PAIRS and mine is not None and ndays:
                diff = total - mine
                share = abs(diff) / abs(total) if total else (None if not diff else 1.0)
                lines.append({
                    "platform": p, "metric": metric, "per_post": mine, "daily": total,
                    "difference": diff, "difference_share": _r(share),
                    "flagged": share is not None and share > TOLERANCE,
                })
        if follower.get(p):
            bases = follower[p]
            basis = "live_api" if "live_api" in bases else min(bases)
            row["followers"] = {"value": sum(bases.values()), "basis": basis, "per_post": None,
                                "daily": None, "daily_days": 0}
        if row:
            out[p] = row
    return out, lines


def _post_sum(pp: Mapping[str, Any], metric: str) -> int | None:
    if metric == "posts":
        return int(pp["posts"]) if pp.get("posts") else None
    if metric == "engagements":
        parts = [m for m in ("likes", "comments", "shares") if pp.get(f"{m}_n")]
        return sum(int(pp[m]) for m in parts) if parts else None
    if not pp.get(f"{metric}_n"):
        return None
    return int(pp[metric])


def department_basis(
    found: Mapping[str, Any], before: Mapping[str, Any], after: Mapping[str, Any],
    counted: Mapping[str, Any], ranked: bool, cov: Mapping[str, Any], method: Method,
    removed: list[str], shown: Collection[str],
) -> dict[str, Any]:
    """Everything this module adds to one department's entry of the review.

    ``indicators`` (indicator → raw/counted/basis/adjustments), ``platforms``, ``figures`` and
    ``reconciliation``. The platforms are those the coverage names (registered or covered).
    """
    registered = {p for p in PLATFORMS if p in cov} | set(cov.get("gaps") or {})
    rows = platforms(registered, cov, before, ranked, method)
    figs, lines = figures(found)
    return {
        "indicators": {
            ind: indicator_steps(ind, found, before, after, counted.get(ind), ranked, cov,
                                 method, removed, rows)
            for ind in shown
        },
        "platforms": rows or None,
        "figures": figs or None,
        "reconciliation": lines or None,
    }


def _r(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float):
        return None if v != v else round(v, 6)
    return v
