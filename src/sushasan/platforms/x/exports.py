"""X (Twitter) analytics exports, the legacy files and the 2024+ ones.

Four formats (shared/realdata/FORMAT_NOTES.md, "Hand-downloaded exports"):

``x-analytics-csv``
    The legacy per-tweet export ``tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_en.csv``,
    40 quoted columns; counts are floats written as ``"1938.0"`` and promoted columns hold ``"-"``
    when no ads ran. The handle comes from each row's permalink, falling back to the file name;
    the covered period comes from the file name (its end date taken as exclusive).

``x-analytics-daily-csv``
    The legacy ``daily_tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_en.csv``: one row per
    day (``Date`` plus the metrics of that day). Each day becomes ``account_day`` records
    (impressions, engagements, likes, replies → comments, retweets → reposts, user profile
    clicks → profile_visits, url clicks → link_clicks, follows → new_follows, media views →
    video_views, Tweets published → posts), and the file's days a **summary period**: reported
    but kept out of the coverage ledger (totals cannot show a quiet day). Its totals are per
    day and can differ from the per-tweet file's lifetime counts of the same month.
    As in ``x-analytics-csv`` the name's end date is taken as exclusive (X names a month
    ``20210801_20210901`` and lists 1–31 August), unless the ``Date`` column itself lists that day.

``x-account-overview-csv``
    The 2024+ ``account_overview_analytics.csv``: one row per day, newest first, dates like
    ``"Fri, Mar 21, 2025"``. It names no account, so ``--account`` is required. Each day becomes
    ``account_day`` records (Impressions, Likes, Engagements, Bookmarks, Shares, New follows,
    Unfollows, Replies → comments, Reposts, Profile visits, Create Post → posts, Video views,
    Media views → views); ``New follows`` and ``Unfollows`` are flows, not a follower level. The
    days are again a **summary period** (first..last date listed).

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

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sushasan.errors import ImportFileError
from sushasan.ingest.coerce import RowError, to_text
from sushasan.ingest.records import (
    ImportContext,
    Importer,
    Note,
    Parsed,
    ParsedRow,
    Period,
    Rejected,
)
from sushasan.platforms._cells import Cells
from sushasan.platforms._csv import (
    Record,
    cell,
    check_width,
    end_of_ist_day,
    file_period,
    ist_noon,
    parse_day,
    read_csv,
    require_account,
    span,
)
from sushasan.platforms._daily import daily_rows, dated_records

__all__ = ["XAccountOverviewCsv", "XAnalyticsCsv", "XAnalyticsDailyCsv", "XContentCsv"]

_DAILY_NAME = re.compile(r"daily_tweet_activity_metrics_(?P<handle>\w+?)_\d{8}_\d{8}", re.I)
_LINK = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<handle>\w{1,50})/status/", re.I
)
_OVERVIEW_DAYS = ("%a, %b %d, %Y", "%b %d, %Y", "%a %b %d %Y", "%Y-%m-%d")
_CONTENT_DAYS = ("%a %b %d %Y", "%a, %b %d, %Y", "%b %d, %Y", "%Y-%m-%d")


def _iso_day(value: str | None) -> date:
    """Legacy daily ``Date``: ``2021-08-01`` (sometimes with a time after it)."""
    return parse_day((value or "").strip()[:10], ("%Y-%m-%d",), "Date")


#: Legacy daily file: column key → header spellings, and the daily metric each column is.
_LEGACY_DAILY = {
    "date": ("Date",), "tweets published": ("Tweets published",),
    "impressions": ("impressions",), "engagements": ("engagements",),
    "likes": ("likes",), "replies": ("replies",), "retweets": ("retweets",),
    "user profile clicks": ("user profile clicks",), "url clicks": ("url clicks",),
    "follows": ("follows",), "media views": ("media views",),
}
_LEGACY_METRICS = {
    "tweets published": "posts", "impressions": "impressions", "engagements": "engagements",
    "likes": "likes", "replies": "comments", "retweets": "reposts",
    "user profile clicks": "profile_visits", "url clicks": "link_clicks",
    "follows": "new_follows", "media views": "video_views",
}
_OVERVIEW = {
    "date": ("Date",), "impressions": ("Impressions",), "likes": ("Likes",),
    "engagements": ("Engagements",), "bookmarks": ("Bookmarks",), "shares": ("Shares", "Share"),
    "new follows": ("New follows",), "unfollows": ("Unfollows",), "replies": ("Replies",),
    "reposts": ("Reposts",), "profile visits": ("Profile visits",),
    "create post": ("Create Post", "Posts"), "video views": ("Video views",),
    "media views": ("Media views",),
}
_OVERVIEW_METRICS = {
    "impressions": "impressions", "likes": "likes", "engagements": "engagements",
    "bookmarks": "bookmarks", "shares": "shares", "new follows": "new_follows",
    "unfollows": "unfollows", "replies": "comments", "reposts": "reposts",
    "profile visits": "profile_visits", "create post": "posts", "video views": "video_views",
    "media views": "views",
}


class XAnalyticsDailyCsv:
    name = "x-analytics-daily-csv"
    help = "X analytics legacy daily totals (daily_tweet_activity_metrics_*.csv); a summary"

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        table = read_csv(path, text)
        col = table.columns(
            _LEGACY_DAILY, ("date", "impressions"), "an X analytics daily export", self.name
        )
        m = _DAILY_NAME.search(path.name)
        handle = m["handle"] if m else ctx.account
        handle = require_account(path, handle, "a daily X analytics file not named "
                                 "daily_tweet_activity_metrics_<handle>_...")
        named = file_period(path.name)
        out = Parsed()
        days: list[date] = []

        def day_of(rec: Record) -> date:
            day = _iso_day(cell(rec, col, "date"))
            if named and not named[0] <= day <= named[1]:
                raise RowError(f"Date {day} is outside {named[0]} – {named[1]} in the file name")
            return day

        for rec, day in dated_records(table, out, day_of):
            days.append(day)
            out.rows.extend(daily_rows(rec, col, _LEGACY_METRICS, day, "x", handle, out.notes))
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
            _OVERVIEW, ("date", "impressions", "new follows"), "an X account overview export",
            self.name,
        )
        handle = require_account(path, ctx.account, "an X account overview export")
        out = Parsed()
        days: list[date] = []
        dated = dated_records(
            table, out, lambda rec: parse_day(cell(rec, col, "date"), _OVERVIEW_DAYS, "Date")
        )
        for rec, day in dated:
            days.append(day)
            out.rows.extend(daily_rows(rec, col, _OVERVIEW_METRICS, day, "x", handle, out.notes))
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
                found.append(self._row(rec, col, ctx, out))
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
        self, rec: Record, col: dict[str, int], ctx: ImportContext, out: Parsed
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
        n = Cells(rec.cells, col, rec.line, out.notes).number

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


# -- the legacy per-tweet export -------------------------------------------------------------
_PER_TWEET_NAME = re.compile(
    r"tweet_activity_metrics_(?P<handle>\w+?)_(?P<start>\d{8})_(?P<end>\d{8})", re.IGNORECASE
)
_PERMALINK = re.compile(r"https?://(?:www\.)?(?:twitter|x)\.com/(?P<handle>\w+)/status/", re.I)
_REQUIRED = ("tweet id", "time")


def _norm(header: str) -> str:
    return " ".join(header.strip().lower().replace("_", " ").split())


class XAnalyticsCsv:
    name = "x-analytics-csv"
    help = "X analytics legacy per-tweet CSV (tweet_activity_metrics_<handle>_<from>_<to>_en.csv)"

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        out = Parsed()
        reader = csv.reader(io.StringIO(text))
        try:
            header = [_norm(h) for h in next(reader)]
        except (StopIteration, csv.Error):
            raise ImportFileError(f"{path}: the file is empty or not CSV") from None
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise ImportFileError(
                f"{path}, row 1: not an X analytics per-tweet export (missing column(s) "
                f"{', '.join(repr(m) for m in missing)}); check --format"
            )
        col = {h: i for i, h in enumerate(header)}
        file_handle = ctx.account
        metrics_at = None
        if m := _PER_TWEET_NAME.search(path.name):
            file_handle = m["handle"]
            start = datetime.strptime(m["start"], "%Y%m%d").date()
            end = datetime.strptime(m["end"], "%Y%m%d").date()
            # The export's end date is treated as exclusive: claiming a day we may not have is
            # worse than missing one, because a covered day with no posts counts as inactive.
            last = end - timedelta(days=1) if end > start else end
            out.periods.append(Period("x", file_handle, start, last))
            metrics_at = datetime.combine(end, datetime.min.time(), UTC)
        while True:
            row = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                out.rejected.append(Rejected(row, f"not valid CSV ({exc})", ""))
                break
            if not any(c.strip() for c in cells):
                continue
            out.read += 1
            raw = ",".join(cells)
            if len(cells) != len(header):
                out.rejected.append(
                    Rejected(row, f"{len(cells)} cells where the header has {len(header)}", raw)
                )
                continue
            try:
                out.rows.append(
                    self._row(row, cells, col, file_handle, metrics_at, raw, out.notes)
                )
            except RowError as exc:
                out.rejected.append(Rejected(row, str(exc), raw))
        return out

    def _row(
        self,
        row: int,
        cells: list[str],
        col: dict[str, int],
        file_handle: str | None,
        metrics_at: datetime | None,
        raw: str,
        notes: list[Note],
    ) -> ParsedRow:
        def cell(name: str) -> str | None:
            i = col.get(name)
            return cells[i] if i is not None else None

        tweet_id = (cell("tweet id") or "").strip()
        if not tweet_id.isdigit():
            raise RowError(f"Tweet id '{tweet_id}' is not a number")
        permalink = to_text(cell("tweet permalink"))
        handle = file_handle
        if permalink and (m := _PERMALINK.match(permalink)):
            handle = m["handle"]
        if not handle:
            raise RowError("no account: neither the permalink nor the file name names one")
        when = (cell("time") or "").strip()
        try:
            created = datetime.strptime(when, "%Y-%m-%d %H:%M %z").astimezone(UTC)
        except ValueError:
            raise RowError(f"time '{when}' is not like 2020-01-31 16:59 +0000") from None
        n = Cells(cells, col, row, notes).number
        record = {
            "post_id": tweet_id,
            "created_at": created,
            "text": to_text(cell("tweet text")),
            "language": None,
            "kind": "text",
            "url": permalink,
            "likes": n("likes", "likes"),
            "comments": n("replies", "replies"),
            "shares": n("retweets", "retweets"),
            "views": n("media views", "media views"),
            "reach": None,
            "impressions": n("impressions", "impressions"),
            "metrics_at": metrics_at,
            "sample": False,
        }
        return ParsedRow(row, "post", "x", handle, record, raw)


#: The importers of this platform's exports.
IMPORTERS: tuple[Importer, ...] = (
    XAnalyticsCsv(), XAnalyticsDailyCsv(), XAccountOverviewCsv(), XContentCsv()
)
