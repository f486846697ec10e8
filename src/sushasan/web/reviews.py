"""Reviews as the dashboard shows them: which one a user may read, and the rows a page needs.

Published reviews are frozen snapshots (publish.py), so their parsed JSON is cached by hash,
and which version is current comes from one small query over the snapshots' heads (never their
documents), which also gives the pages their ETag and Last-Modified; drafts are recomputed by
the core and kept for a couple of minutes, because the review cell clicks between the league
table and scorecards while deciding whether to publish.
"""

from __future__ import annotations

import csv
import io
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cachetools import LRUCache, TTLCache
from fastapi import HTTPException

from sushasan.app import Sushasan
from sushasan.errors import QuarterRangeError, SushasanError
from sushasan.quarters import Quarter
from sushasan.reports.pdf import write_pdf
from sushasan.reports.xlsx import formula_safe, write_xlsx
from sushasan.review.publish import published_document
from sushasan.web.deps import Scope
from sushasan.web.i18n import fmt_number, label
from sushasan.words import say

__all__ = [
    "Head",
    "ReviewCache",
    "chart_spec",
    "league_csv",
    "league_rows",
    "parse_quarter",
    "pillars",
    "public_rows",
    "scorecard",
]

DRAFT_SECONDS = 120.0
_LRU = 16


def parse_quarter(text: str) -> Quarter:
    """The quarter in a path or form: 404 for what is no quarter at all (no such page), 422
    for a quarter outside the years reviews cover (9999Q4), never a server error."""
    try:
        return Quarter.parse(text)
    except QuarterRangeError as exc:
        raise HTTPException(422, str(exc)) from None
    except SushasanError:
        raise HTTPException(404, "not found") from None


@dataclass(frozen=True)
class Head:
    """Which published version of a quarter is current, without its document."""

    quarter: str
    data: str
    version: int
    sha: str
    published_at: datetime


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


class ReviewCache:
    """Reads reviews for the web: published snapshots by hash, drafts for a short while."""

    def __init__(self, app: Sushasan, clock: Any = time.monotonic) -> None:
        self.app = app
        self.clock = clock
        self._published: LRUCache[str, dict[str, Any]] = LRUCache(maxsize=_LRU)
        self._drafts: TTLCache[str, dict[str, Any]] = TTLCache(
            maxsize=_LRU, ttl=DRAFT_SECONDS, timer=clock
        )
        self._files: LRUCache[tuple[str, str], bytes] = LRUCache(maxsize=4)
        self._lock = threading.Lock()

    def heads(self) -> dict[str, Head]:
        """The current published version of each quarter: departmental data's before the
        sample's (a deployment that has both shows the real one), as publish.latest_published
        picks it. One query of a few short columns per call, so a publication from the CLI
        shows on the next page view."""
        best: dict[str, Head] = {}
        for quarter, data, version, sha, at in self.app.desk.snapshot_heads():
            rank = (data == "real", version)
            old = best.get(quarter)
            if old is None or rank > (old.data == "real", old.version):
                best[quarter] = Head(quarter, data, version, sha, _aware(at))
        return best

    def published_quarters(self, heads: dict[str, Head] | None = None) -> list[str]:
        """Quarters with a published review, newest first."""
        return sorted(self.heads() if heads is None else heads, reverse=True)

    def published(self, quarter: Quarter, head: Head | None = None) -> dict[str, Any] | None:
        """The latest published version (departmental data preferred over sample data)."""
        head = head or self.heads().get(str(quarter))
        if head is None:
            return None
        with self._lock:
            hit = self._published.get(head.sha)
        if hit is not None:
            return hit
        snap = self.app.desk.snapshot(head.quarter, head.data, head.version)
        if snap is None:  # gone between the two queries: as if never published
            return None
        review = published_document(snap)
        with self._lock:
            self._published[head.sha] = review
        return review

    def draft(self, quarter: Quarter) -> dict[str, Any]:
        key = str(quarter)
        with self._lock:
            hit = self._drafts.get(key)
        if hit is not None:
            return hit
        try:
            review = {**self.app.compute_review(quarter), "publication": None}
        except SushasanError:
            raise HTTPException(404, "not found") from None
        with self._lock:
            self._drafts[key] = review
        return review

    def forget_drafts(self) -> None:
        with self._lock:
            self._drafts.clear()

    def get(self, scope: Scope, quarter: str, draft: bool) -> dict[str, Any]:
        """The review this user asked for: 403 for a draft they may not see, 404 when none."""
        q = parse_quarter(quarter)
        if draft:
            if not scope.sees_drafts:
                raise HTTPException(403, "forbidden")
            return self.draft(q)
        review = self.published(q)
        if review is None:
            raise HTTPException(404, "not found")
        return review

    def report_file(self, review: dict[str, Any], fmt: str) -> bytes:
        """The core's XLSX or PDF writer's output, cached per published version."""
        sha = (review.get("publication") or {}).get("result_sha256")
        key = (sha or "", fmt)
        if sha:
            with self._lock:
                if (cached := self._files.get(key)) is not None:
                    return cached
        writer = {"xlsx": write_xlsx, "pdf": write_pdf}[fmt]
        with tempfile.TemporaryDirectory() as tmp:
            data = writer(review, Path(tmp) / f"review.{fmt}").read_bytes()
        if sha:
            with self._lock:
                self._files[key] = data
        return data


def pillars(review: dict[str, Any]) -> list[str]:
    return list(review["method"]["weights"]["pillars"])


def league_rows(review: dict[str, Any]) -> list[dict[str, Any]]:
    """Ranked departments by rank, then the insufficient-data ones (never ranked last)."""
    deps = review["departments"]
    ranked = sorted((d for d in deps if d.get("rank") is not None), key=lambda d: d["rank"])
    return ranked + [d for d in deps if d.get("rank") is None]


def public_rows(review: dict[str, Any]) -> list[dict[str, Any]]:
    """What the transparency page and its API may show: the ranking, no posts or flags."""
    keep = ("id", "name_en", "name_hi", "status", "rank", "score", "median_rank",
            "rank_interval", "tier", "pillars")
    return [{k: d.get(k) for k in keep} for d in league_rows(review)]


def scorecard(review: dict[str, Any], department_id: str) -> dict[str, Any]:
    for d in review["departments"]:
        if d["id"] == department_id:
            return d
    raise HTTPException(404, "not found")


def ranked_median(review: dict[str, Any], pillar: str) -> float | None:
    values = sorted(
        d["pillars"][pillar] for d in review["departments"]
        if d.get("rank") is not None and d["pillars"].get(pillar) is not None
    )
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def chart_spec(review: dict[str, Any], d: dict[str, Any], lang: str) -> dict[str, Any]:
    """A Vega-Lite bar chart: the department's pillar scores against the ranked median."""
    own = say("This department", lang)
    median = label("ranked_median", lang)
    values = []
    for p in pillars(review):
        if d["pillars"].get(p) is None:
            continue
        values.append({"pillar": label(p, lang), "series": own,
                       "score": round(d["pillars"][p], 1)})
        m = ranked_median(review, p)
        if m is not None:
            values.append({"pillar": label(p, lang), "series": median, "score": round(m, 1)})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": label("pillar_scores", lang),
        "data": {"values": values},
        "width": "container",
        "height": 220,
        # Axis labels and legend inside the container's width, so a phone never scrolls sideways.
        "autosize": {"type": "fit-x", "contains": "padding"},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "pillar", "type": "nominal", "title": None, "sort": None},
            "yOffset": {"field": "series", "sort": [own, median]},
            "x": {"field": "score", "type": "quantitative", "title": label("pillar_scores", lang),
                  "scale": {"domain": [0, 100]}},
            "color": {"field": "series", "type": "nominal", "title": None,
                      "sort": [own, median],
                      "scale": {"range": ["#1b5e20", "#9e9e9e"]},
                      # Stacked, and short enough for a phone (the tooltip has the full name).
                      "legend": {"orient": "bottom", "direction": "vertical",
                                 "labelLimit": 170}},
        },
        "config": {
            "font": "Noto Sans, Noto Sans Devanagari, sans-serif",
            "axis": {"labelFontSize": 13, "titleFontSize": 13},
            "legend": {"labelFontSize": 13},
        },
    }


def league_csv(review: dict[str, Any]) -> str:
    """The league table as UTF-8 CSV (with BOM, so Excel shows Devanagari), formula-safe."""
    cols = pillars(review)
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out)
    w.writerow(["rank", "id", "name_en", "name_hi", "score", "median_rank", "rank_low",
                "rank_high", "tier", "status", *cols])
    for d in league_rows(review):
        interval = d.get("rank_interval") or [None, None]
        w.writerow([formula_safe(v) for v in [
            d.get("rank"), d["id"], d["name_en"], d["name_hi"],
            None if d.get("score") is None else round(d["score"], 2),
            d.get("median_rank"), interval[0], interval[1], d.get("tier"), d["status"],
            *[None if d["pillars"].get(p) is None else round(d["pillars"][p], 2) for p in cols],
        ]])
    return out.getvalue()


def number(value: Any, lang: str, digits: int = 0) -> str:
    return fmt_number(value, lang, digits)
