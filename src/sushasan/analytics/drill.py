"""Drill-down: the posts or citizen messages behind one department's indicator in one quarter.

Reads the lake through the core's Ibis helpers (the same filters the review used), with the
department in the query, a page at a time, so an officer's page never loads another department's
records and a large quarter never loads whole.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import ibis

from sushasan.analytics.indicators import citizen_messages, quarter_posts
from sushasan.lake import Lake
from sushasan.language.pii import redact
from sushasan.quarters import Quarter

__all__ = ["INTERACTION_INDICATORS", "POST_INDICATORS", "SUBSETS", "Page", "records"]

POST_INDICATORS = frozenset({
    "posts", "active_days", "consistency", "engagement_per_post_per_1k", "informative_share",
    "hindi_share", "english_share", "bilingual_share", "media_share",
})
INTERACTION_INDICATORS = frozenset({"answered_share", "median_response_hours"})
#: The posts behind one adjustment of an indicator (the review's ``adjustments``): those left
#: out as near-duplicates (named by the review), and those with a missing or unreadable count.
SUBSETS = ("excluded", "missing_counts")


@dataclass(frozen=True)
class Page:
    kind: str  # "post" or "interaction"
    rows: list[dict[str, Any]]
    total: int
    offset: int
    limit: int

    @property
    def next_offset(self) -> int | None:
        end = self.offset + len(self.rows)
        return end if end < self.total else None


def records(
    lake: Lake, department_id: str, quarter: Quarter, indicator: str, sample: bool,
    offset: int = 0, limit: int = 50, owner: bool = False,
    subset: str | None = None, post_ids: Collection[str] = (),
) -> Page | None:
    """One page of records behind ``indicator``; None when no records stand behind it
    (grievance and website indicators come from other stores, follower growth from daily
    account statistics). Citizens' messages are redacted unless ``owner`` (an officer of the
    department itself) asks: phone numbers, e-mails and Aadhaar numbers stay in the
    department. ``subset`` narrows a post indicator to the posts of one adjustment:
    ``excluded`` (the ``post_ids`` the review names) or ``missing_counts``."""
    with lake.connect() as con:
        if indicator in POST_INDICATORS:
            posts = quarter_posts(con, lake, quarter, sample)
            t = posts.filter(posts.department_id == department_id)
            if subset == "excluded":
                t = t.filter(t.post_id.isin(sorted(post_ids)))
            elif subset == "missing_counts":
                t = t.filter(t.likes.isnull() | t.comments.isnull() | t.shares.isnull())
            cols = ["platform", "post_id", "created_at", "kind", "language", "text", "url",
                    "likes", "comments", "shares", "views"]
            return _page(t, cols, "post", offset, limit)
        if indicator in INTERACTION_INDICATORS:
            inter = lake.table(con, "interaction", [*quarter.months, quarter.next().months[0]])
            inter = inter.filter(inter["sample"] == sample, inter.department_id == department_id)
            joined = citizen_messages(inter, quarter)
            cols = ["platform", "interaction_id", "created_at", "kind", "language", "text",
                    "replied_at"]
            page = _page(joined, cols, "interaction", offset, limit)
            if not owner:
                for row in page.rows:
                    row["text"] = redact(row["text"] or "")
            return page
        return None


def _page(t: ibis.Table, cols: list[str], kind: str, offset: int, limit: int) -> Page:
    total = int(t.count().to_pyarrow().as_py())  # not .execute(): pandas warns
    rows = (
        t.select(*cols).order_by([ibis.desc("created_at"), cols[1]])
        .limit(limit, offset=offset).to_pyarrow().to_pylist()
    )
    return Page(kind, rows, total, offset, limit)
