"""X (Twitter) analytics exports other than the legacy per-tweet file (see ``x_analytics``).

Three formats (shared/realdata/FORMAT_NOTES.md, "Hand-downloaded exports"):

``x-analytics-daily-csv``
    The legacy ``daily_tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_en.csv``: one row per
    day (``Date`` plus the per-tweet metrics summed). Its totals only repeat what the per-tweet
    file stores post by post, and the lake has no daily-totals record (``account_stat`` needs a
    follower level, which this file lacks), so it yields a **summary period only**: the days of
    the file, reported but kept out of the coverage ledger (totals cannot show a quiet day).
    As in ``x-analytics-csv`` the name's end date is taken as exclusive (X names a month
    ``20210801_20210901`` and lists 1–31 August), unless the ``Date`` column itself lists that day.

``x-account-overview-csv``
    The 2024+ ``account_overview_analytics.csv``: one row per day, newest first, dates like
    ``"Fri, Mar 21, 2025"``. It names no account, so ``--account`` is required. ``New follows``
    and ``Unfollows`` are flows, not a follower level, so again a **summary period only**
    (first..last date listed).

``x-content-csv``
    The 2024+ ``account_analytics_content_<from>_<to>.csv``: one row per post → ``post`` records.
    Decisions: the file gives the day but not the time, so ``created_at`` is noon IST of that day
    (keeps the IST day, which is what every indicator uses); ``comments`` = Replies; ``shares`` =
    Reposts only — the separate ``Share`` column counts share-menu sends, which the legacy file
    never reported, and adding it would make 2024+ posts look more shared than older ones;
    ``views`` = None (X gives no per-post video views here); ``metrics_at`` = the end (IST) of the
    file's last day. The handle comes from the ``Link`` URL, else ``--account``. The period comes
    from the file name (both dates inclusive: the X date picker's range), else the dates listed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from sushasan.hookspecs import hookimpl
from sushasan.ingest.coerce import RowError, to_text
from sushasan.ingest.records import ImportContext, Importer, Parsed, ParsedRow, Period, Rejected
from sushasan.sources.csvtools import (
    Record,
    cell,
    check_width,
    count,
    end_of_ist_day,
    file_period,
    ist_noon,
    parse_day,
    read_csv,
    require_account,
    span,
)

__all__ = ["XAccountOverviewCsv", "XAnalyticsDailyCsv", "XContentCsv"]

_DAILY_NAME = re.compile(r"daily_tweet_activity_metrics_(?P<handle>\w+?)_\d{8}_\d{8}", re.I)
_LINK = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<handle>\w{1,50})/status/", re.I
)
_OVERVIEW_DAYS = ("%a, %b %d, %Y", "%b %d, %Y", "%a %b %d %Y", "%Y-%m-%d")
_CONTENT_DAYS = ("%a %b %d %Y", "%a, %b %d, %Y", "%b %d, %Y", "%Y-%m-%d")


def _iso_day(value: str | None) -> date:
    """Legacy daily ``Date``: ``2021-08-01`` (sometimes with a time after it)."""
    return parse_day((value or "").strip()[:10], ("%Y-%m-%d",), "Date")


class XAnalyticsDailyCsv:
    name = "x-analytics-daily-csv"
    help = "X analytics legacy daily totals (daily_tweet_activity_metrics_*.csv); a summary"

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        table = read_csv(path, text)
        col = table.columns(
            {"date": ("Date",), "tweets": ("Tweets published",), "impressions": ("impressions",)},
            ("date", "impressions"),
            "an X analytics daily export",
            self.name,
        )
        m = _DAILY_NAME.search(path.name)
        handle = m["handle"] if m else ctx.account
        handle = require_account(path, handle, "a daily X analytics file not named "
                                 "daily_tweet_activity_metrics_<handle>_...")
        named = file_period(path.name)
        out = Parsed()
        days: list[date] = []
        for rec in table.records:
            out.read += 1
            try:
                check_width(rec, table)
                day = _iso_day(cell(rec, col, "date"))
                if named and not named[0] <= day <= named[1]:
                    raise RowError(
                        f"Date {day} is outside {named[0]} – {named[1]} in the file name"
                    )
            except RowError as exc:
                out.rejected.append(Rejected(rec.line, str(exc), rec.raw))
                continue
            days.append(day)
        if named:
            first, end = named
            last = end if end in days or end == first else end - timedelta(days=1)
            out.periods.append(Period("x", handle, first, last, summary=True))
        elif got := span(days):
            out.periods.append(Period("x", handle, *got, summary=True))
        return out


class XAccountOverviewCsv:
    name = "x-account-overview-csv"
    help = "X analytics 2024+ account_overview_analytics.csv (needs --account); a summary"

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        table = read_csv(path, text)
        col = table.columns(
            {"date": ("Date",), "impressions": ("Impressions",), "new follows": ("New follows",)},
            ("date", "impressions", "new follows"),
            "an X account overview export",
            self.name,
        )
        handle = require_account(path, ctx.account, "an X account overview export")
        out = Parsed()
        days: list[date] = []
        for rec in table.records:
            out.read += 1
            try:
                check_width(rec, table)
                days.append(parse_day(cell(rec, col, "date"), _OVERVIEW_DAYS, "Date"))
            except RowError as exc:
                out.rejected.append(Rejected(rec.line, str(exc), rec.raw))
        named = file_period(path.name)
        got = named or span(days)
        if got:
            out.periods.append(Period("x", handle, *got, summary=True))
        return out


_CONTENT_COLUMNS = {
    "post id": ("Post id", "Tweet id", "id"),
    "date": ("Date", "Time", "Created at"),
    "text": ("Post text", "Tweet text", "Text"),
    "link": ("Link", "Post Link", "Permalink", "Post permalink"),
    "impressions": ("Impressions",),
    "likes": ("Likes",),
    "replies": ("Replies",),
    "reposts": ("Reposts", "Retweets"),
}


class XContentCsv:
    name = "x-content-csv"
    help = "X analytics 2024+ per-post account_analytics_content_<from>_<to>.csv"

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        table = read_csv(path, text)
        col = table.columns(
            _CONTENT_COLUMNS,
            ("post id", "date", "impressions"),
            "an X per-post content export",
            self.name,
        )
        named = file_period(path.name)
        out = Parsed()
        found: list[tuple[int, str, date, dict[str, object], str]] = []
        for rec in table.records:
            out.read += 1
            try:
                check_width(rec, table)
                found.append(self._row(rec, col, ctx))
            except RowError as exc:
                out.rejected.append(Rejected(rec.line, str(exc), rec.raw))
        accounts = {handle for _, handle, _, _, _ in found}
        if named:
            first, last = named
        elif got := span(day for *_, day, _, _ in found):
            first, last = got
        else:
            return out
        if ctx.account and not accounts:
            accounts = {ctx.account}
        out.periods.extend(Period("x", a, first, last) for a in sorted(accounts))
        metrics_at = end_of_ist_day(last)
        for line, handle, _, record, raw in found:
            out.rows.append(
                ParsedRow(line, "post", "x", handle, {**record, "metrics_at": metrics_at}, raw)
            )
        return out

    def _row(
        self, rec: Record, col: dict[str, int], ctx: ImportContext
    ) -> tuple[int, str, date, dict[str, object], str]:
        post_id = (cell(rec, col, "post id") or "").strip()
        if not post_id.isdigit() or not post_id.isascii():
            raise RowError(f"Post id '{post_id}' is not a number")
        link = to_text(cell(rec, col, "link"))
        handle = ctx.account
        if link and (m := _LINK.match(link.strip())):
            handle = m["handle"]
        if not handle:
            raise RowError("no account: the Link names none; use --account HANDLE")
        day = parse_day(cell(rec, col, "date"), _CONTENT_DAYS, "Date")

        def n(key: str, label: str) -> int | None:
            return count(cell(rec, col, key), label)

        record: dict[str, object] = {
            "post_id": post_id,
            "created_at": ist_noon(day),
            "text": to_text(cell(rec, col, "text")),
            "language": None,
            "kind": "text",
            "url": link.strip() if link else None,
            "likes": n("likes", "Likes"),
            "comments": n("replies", "Replies"),
            "shares": n("reposts", "Reposts"),
            "views": None,
            "reach": None,
            "impressions": n("impressions", "Impressions"),
            "sample": False,
        }
        return rec.line, handle, day, record, rec.raw


@hookimpl
def sushasan_importers() -> list[Importer]:
    return [XAnalyticsDailyCsv(), XAccountOverviewCsv(), XContentCsv()]
