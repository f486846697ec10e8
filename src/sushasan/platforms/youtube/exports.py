"""``youtube-studio-csv``: the YouTube Studio "Advanced mode → Export" trio, one file at a time.

One download is ``Table data.csv``, ``Chart data.csv`` and ``Totals.csv``; each is imported as its
own path and recognised by its header (the names are easy to lose when files are renamed):

* **Table data** (``Content`` + ``Video title``, no ``Date``): one row per video → ``post``
  records. Row 2 is the channel ``Total`` and is skipped (not counted as read). ``Content`` is the
  video id, sometimes with a leading space, which is stripped. ``Video publish time`` is a day
  (``"Feb 19, 2026"``), so ``created_at`` is noon IST of that day. Counts kept: Views → views,
  Likes, Comments (``Comments added``), Shares, Impressions — whichever columns the user picked.
  YouTube reports losses as negative numbers; a negative value in a column we store rejects the
  row (a post's count cannot be negative), while negative columns we do not store (Subscribers)
  are ignored. The file does not say which period its totals cover, so ``metrics_at`` is None and
  coverage is left to the pipeline (first..last publish day); import Chart data or Totals from
  the same download for the exact period.
* **Chart data** (``Date`` + ``Content``: per day × video) and **Totals** (``Date``, per day):
  a summary period only (first..last day listed, kept out of the coverage ledger). Their per-day
  numbers are views over time, not posts.

No file names its channel, so ``--account`` (handle or ``id:<channel id>``) is required.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sushasan.errors import ImportFileError
from sushasan.ingest.coerce import RowError, to_text
from sushasan.ingest.records import ImportContext, Importer, Parsed, ParsedRow, Period, Rejected
from sushasan.platforms._csv import (
    CsvTable,
    Record,
    cell,
    check_width,
    count,
    format_hint,
    ist_noon,
    parse_day,
    read_csv,
    require_account,
    span,
)

__all__ = ["YouTubeStudioCsv"]

_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_PUBLISHED = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%Y-%m-%d")
_TABLE_COLUMNS = {
    "content": ("Content", "Video", "Video ID"),
    "title": ("Video title", "Title"),
    "published": ("Video publish time", "Publish time", "Published"),
    "views": ("Views",),
    "likes": ("Likes",),
    "comments": ("Comments added", "Comments"),
    "shares": ("Shares",),
    "impressions": ("Impressions",),
}


class YouTubeStudioCsv:
    name = "youtube-studio-csv"
    help = "YouTube Studio export: Table data.csv (videos), Chart data/Totals.csv (summaries)"

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        table = read_csv(path, text)
        table.refuse_other(self.name, "a YouTube Studio Table data, Chart data or Totals file")
        header = set(table.header)
        if "date" in header:
            return self._days(table, ctx, "Chart data" if "content" in header else "Totals")
        if "content" in header and "video title" in header:
            return self._videos(table, ctx)
        raise ImportFileError(
            f"{path}, line 1: not a YouTube Studio Table data, Chart data or Totals file (no "
            f"'Content'/'Video title' or 'Date' column); {format_hint(table, self.name)}. "
            "Nothing was imported."
        )

    def _days(self, table: CsvTable, ctx: ImportContext, kind: str) -> Parsed:
        account = require_account(table.path, ctx.account, f"a YouTube Studio {kind} file")
        col = {"date": table.header.index("date")}
        out = Parsed()
        days: list[date] = []
        for rec in table.records:
            out.read += 1
            try:
                check_width(rec, table)
                days.append(parse_day(cell(rec, col, "date"), ("%Y-%m-%d", "%b %d, %Y"), "Date"))
            except RowError as exc:
                out.rejected.append(Rejected(rec.line, str(exc), rec.raw))
        if got := span(days):
            out.periods.append(Period("youtube", account, *got, summary=True))
        return out

    def _videos(self, table: CsvTable, ctx: ImportContext) -> Parsed:
        col = table.columns(
            _TABLE_COLUMNS,
            ("content", "title", "published"),
            "a YouTube Studio Table data file",
            self.name,
        )
        account = require_account(table.path, ctx.account, "a YouTube Studio Table data file")
        out = Parsed()
        for rec in table.records:
            if (cell(rec, col, "content") or "").strip().lower() == "total":
                continue
            out.read += 1
            try:
                check_width(rec, table)
                out.rows.append(self._video(rec, col, account))
            except RowError as exc:
                out.rejected.append(Rejected(rec.line, str(exc), rec.raw))
        return out

    def _video(self, rec: Record, col: dict[str, int], account: str) -> ParsedRow:
        video_id = (cell(rec, col, "content") or "").strip()
        if not _VIDEO_ID.match(video_id):
            raise RowError(f"Content '{video_id}' is not a YouTube video id")
        day = parse_day(cell(rec, col, "published"), _PUBLISHED, "Video publish time")
        record = {
            "post_id": video_id,
            "created_at": ist_noon(day),
            "text": to_text(cell(rec, col, "title")),
            "language": None,
            "kind": "video",
            "url": f"https://www.youtube.com/watch?v={video_id}",
            "likes": count(cell(rec, col, "likes"), "Likes"),
            "comments": count(cell(rec, col, "comments"), "Comments"),
            "shares": count(cell(rec, col, "shares"), "Shares"),
            "views": count(cell(rec, col, "views"), "Views"),
            "reach": None,
            "impressions": count(cell(rec, col, "impressions"), "Impressions"),
            "metrics_at": None,
            "sample": False,
        }
        return ParsedRow(rec.line, "post", "youtube", account, record, rec.raw)


#: The importers of this platform's exports.
IMPORTERS: tuple[Importer, ...] = (YouTubeStudioCsv(),)
