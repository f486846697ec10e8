"""The anti-gaming checks of a review: near-duplicate posts, quarter-end bursts, bought engagement.

The checks themselves live in ``analytics.gaming``; this module feeds them the quarter's posts
and turns their findings into the review's per-department summaries (a sentence in each
language and a worked example), which the league table and the PDF show as they are.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import ibis
import numpy as np
import pyarrow as pa

from sushasan.analytics import gaming
from sushasan.analytics.indicators import quarter_posts
from sushasan.analytics.method import Method
from sushasan.lake import Lake
from sushasan.quarters import Quarter
from sushasan.words import N_, counted, plural

__all__ = ["flag_summary", "gaming_flags"]

# The summaries' sentences, in the form their count takes (their Hindi is in the catalogue).
_REPEATS = (
    N_("{posts} in {groups} repeat an earlier post almost word for word; {repeats} repeat is left "
       "out of the activity counts."),
    N_("{posts} in {groups} repeat an earlier post almost word for word; {repeats} repeats are "
       "left out of the activity counts."),
)
_BOUGHT = (
    N_("{n} post drew engagement far above this department's usual level, which can mean bought "
       "likes or shares; the review cell should look at it."),
    N_("{n} posts drew engagement far above this department's usual level, which can mean "
       "bought likes or shares; the review cell should look at them."),
)


def gaming_flags(
    con: Any, lake: Lake, quarter: Quarter, sample: bool, method: Method
) -> tuple[dict[str, list[gaming.Flag]], set[str]]:
    """Anti-gaming checks on the quarter's posts; returns flags per department and exclusions."""
    posts = quarter_posts(con, lake, quarter, sample)
    stats = lake.table(con, "account_stat", quarter.months)
    stats = stats.filter(stats["sample"] == sample, stats.day <= quarter.last_day)
    last = stats.group_by(["platform", "account_id"]).aggregate(day=stats.day.max())
    followers = stats.join(last, ["platform", "account_id", "day"]).select(
        "platform", "account_id", "followers"
    )
    # The near-duplicate check reads the signatures the lake stored at import, not the text;
    # files written before them (an older version) are read with their text instead.
    stored = "text" not in lake.stale("post", quarter.months)
    text_cols = gaming.SIGNATURE_COLUMNS if stored else ("text",)
    rows = (
        posts.left_join(followers, ["platform", "account_id"])
        .select("department_id", "post_id", "created_at", *text_cols, "platform", "likes",
                "comments", "shares", "followers")
        .order_by(["department_id", "created_at", "post_id"])
        .to_pyarrow()
    )  # columns, not a Python object per post: the checks work on the Arrow table

    def texts(at: np.ndarray) -> pa.Array:
        """The raw text of these rows (the few posts the exact step reads)."""
        wanted = rows.select(["department_id", "platform", "post_id", "created_at"]).take(
            pa.array(at)).append_column("_at", pa.array(np.arange(len(at), dtype=np.int64)))
        found = posts.select("department_id", "platform", "post_id", "created_at", "text").join(
            ibis.memtable(wanted), ["department_id", "platform", "post_id", "created_at"]
        ).select("_at", "text").to_pyarrow()
        place = np.full(len(at), -1, dtype=np.int64)
        place[found.column("_at").to_numpy()] = np.arange(found.num_rows)
        return found.column("text").take(pa.array(place, mask=place < 0)).combine_chunks()

    threshold = float(method.gaming.get("near_duplicate_threshold", 0.9))
    dupes = gaming.near_duplicate_posts(rows, threshold=threshold, texts=texts)
    flags = dupes + gaming.quarter_end_burst(rows, quarter.first_day, quarter.last_day)
    flags += gaming.engagement_anomalies(rows)
    by_dep: dict[str, list[gaming.Flag]] = defaultdict(list)
    for f in flags:
        by_dep[f.department_id].append(f)
    excluded = (
        gaming.excluded_post_ids(dupes) if method.gaming.get("exclude_near_duplicates") else set()
    )
    return by_dep, excluded


def flag_summary(found: list[gaming.Flag], excluded: set[str]) -> list[dict[str, Any]]:
    """One entry per kind of finding, with a sentence in each language and a worked example."""
    out = []
    for kind in gaming.FLAG_KINDS:
        fs = [f for f in found if f.kind == kind]
        if not fs:
            continue
        posts = sorted({p for f in fs for p in f.post_ids})
        entry: dict[str, Any] = {"kind": kind, "posts": len(posts), "instances": len(fs)}
        if kind == "near_duplicate_posts":
            repeats = len([p for p in posts if p in excluded])
            entry["excluded"] = repeats
            for lang, values in (
                ("en", {"posts": counted(len(posts), "post", "posts"), "repeats": f"{repeats:,}"}),
                ("hi", {"posts": len(posts), "repeats": repeats}),
            ):
                entry[f"detail_{lang}"] = plural(*_REPEATS, repeats, lang).format(
                    groups=counted(len(fs), "group", "groups", lang), **values)
        elif kind == "engagement_anomaly":
            for lang, n in (("en", f"{len(posts):,}"), ("hi", str(len(posts)))):
                entry[f"detail_{lang}"] = plural(*_BOUGHT, len(posts), lang).format(n=n)
        else:
            entry["detail_en"], entry["detail_hi"] = fs[0].detail_en, fs[0].detail_hi
        entry["example_en"], entry["example_hi"] = fs[0].detail_en, fs[0].detail_hi
        entry["post_ids"] = posts[:20]
        out.append(entry)
    return out


