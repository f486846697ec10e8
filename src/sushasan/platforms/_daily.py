"""Account-level daily metrics from the export files that give totals per day.

X's daily and account-overview files, YouTube Studio's Totals and Meta's page files give one
account's totals per day. They become ``account_day`` records, one per (day, metric), in one
vocabulary across platforms, so the review can say which basis a reach or engagement figure uses
(per-post lifetime, or per day) and compare the two when both exist.

The days of such a file stay a *summary* period: totals cannot show a quiet day, so they do not
enter the coverage ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date

from sushasan.ingest.coerce import RowError
from sushasan.ingest.records import Note, Parsed, ParsedRow, Rejected
from sushasan.platforms._cells import Cells
from sushasan.platforms._csv import CsvTable, Record, check_width, is_totals

__all__ = ["METRICS", "daily_rows", "dated_records"]

#: The metrics an ``account_day`` record can hold, with what each one means.
METRICS: dict[str, str] = {
    "impressions": "times the account's posts were on screen that day",
    "views": "views (Meta's and YouTube's 'Views'; X media views)",
    "video_views": "video views",
    "reach": "distinct accounts reached that day",
    "engagements": "interactions with the account's posts that day, as the platform counts them",
    "likes": "likes (reactions) added that day; YouTube reports removals, so it can be negative",
    "comments": "comments and replies",
    "shares": "shares (X: share-menu sends)",
    "reposts": "reposts (retweets)",
    "bookmarks": "bookmarks",
    "link_clicks": "clicks on links",
    "profile_visits": "visits to the profile or page",
    "new_follows": "accounts that started following",
    "unfollows": "accounts that stopped following",
    "net_follows": "follows gained minus lost (YouTube Subscribers); can be negative",
    "posts": "posts published that day",
}


def dated_records(
    table: CsvTable,
    out: Parsed,
    day_of: Callable[[Record], date],
    totals: str | None = None,
) -> Iterator[tuple[Record, date]]:
    """Each record of a file of per-day rows with its day, the way every daily reader walks one.

    A record is counted as read; one of the wrong width, or whose day ``day_of`` refuses with a
    ``RowError``, is rejected with the reason and not yielded. With ``totals`` (the package whose
    words name a totals row), a totals row is skipped without being counted.
    """
    for rec in table.records:
        if totals and is_totals(rec.cells[0] if rec.cells else None, totals):
            continue
        out.read += 1
        try:
            check_width(rec, table)
            day = day_of(rec)
        except RowError as exc:
            out.rejected.append(Rejected(rec.line, str(exc), rec.raw))
            continue
        yield rec, day


def daily_rows(
    rec: Record,
    col: Mapping[str, int],
    metrics: Mapping[str, str],
    day: date,
    platform: str,
    account: str,
    notes: list[Note],
) -> list[ParsedRow]:
    """One ``account_day`` row per metric column the file has and the cell holds a value.

    ``metrics`` maps the column key in ``col`` to a name of ``METRICS``. An unreadable cell is
    a note (the other metrics of the day are kept); an empty one is simply not stored.
    """
    cells = Cells(rec.cells, col, rec.line, notes)
    out = []
    for key, metric in metrics.items():
        if key not in col:
            continue
        value = cells.number(key, key)
        if value is None:
            continue
        record = {"day": day, "metric": metric, "value": value, "sample": False}
        out.append(ParsedRow(rec.line, "account_day", platform, account, record, rec.raw))
    return out
