"""``youtube-studio-csv``: the YouTube Studio "Advanced mode → Export" trio, one file at a time.

One download is ``Table data.csv``, ``Chart data.csv`` and ``Totals.csv``; each is imported as its
own path and recognised by its header (the names are easy to lose when files are renamed):

* **Table data** (``Content`` + ``Video title``, no ``Date``): one row per video → ``post``
  records. Row 2 is the channel ``Total`` and is skipped (not counted as read). ``Content`` is the
  video id, sometimes with a leading space, which is stripped. ``Video publish time`` is a day
  (``"Feb 19, 2026"``), so ``created_at`` is noon IST of that day. Counts kept: Views → views,
  Likes, Comments (``Comments added``), Shares, Impressions — whichever columns the user picked.
  YouTube reports losses in the period as negative numbers (more likes removed than added):
  they are data and are stored as written. A cell that cannot be read is stored as missing
  with a note for its row (``platforms._cells``); the row is kept. The file does not say
  which period its totals cover, so ``metrics_at`` is None and
  coverage is left to the pipeline (first..last publish day); import Chart data or Totals from
  the same download for the exact period.
* **Totals** (``Date``, per day): the channel's daily totals → ``account_day`` records (Views →
  views, Likes, Comments added → comments, Shares, Impressions, Subscribers → net_follows:
  whichever were picked), and a summary period (first..last day, kept out of the coverage
  ledger: totals cannot show a day without uploads).
* **Chart data** (``Date`` + ``Content``: per day × video): a summary period only. Its numbers
  are per video per day, which the Totals file of the same download already sums.

Headers in Studio's Hindi UI are read through ``headers.toml`` (as is the Hindi "Total" row).

No file names its channel, so ``--account`` (handle or ``id:<channel id>``) is required.
"""

from __future__ import annotations

import re
from datetime import date
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
    CsvTable,
    Record,
    cell,
    check_width,
    format_hint,
    is_totals,
    ist_noon,
    localized,
    parse_day,
    read_csv,
    require_account,
    span,
)
from sushasan.platforms._daily import daily_rows, dated_records

__all__ = ["YouTubeStudioCsv"]

_PACKAGE = "sushasan.platforms.youtube"
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_PUBLISHED = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%Y-%m-%d")
_TABLE_COLUMNS = localized({
    "content": ("Content", "Video", "Video ID"),
    "title": ("Video title", "Title"),
    "published": ("Video publish time", "Publish time", "Published"),
    "views": ("Views",),
    "likes": ("Likes",),
    "comments": ("Comments added", "Comments"),
    "shares": ("Shares",),
    "impressions": ("Impressions",),
    "subscribers": ("Subscribers",),
    "date": ("Date",),
}, "sushasan.platforms.youtube", "table")
#: Totals.csv columns stored per day, and the daily metric each one is.
_DAILY = {"views": "views", "likes": "likes", "comments": "comments", "shares": "shares",
          "impressions": "impressions", "subscribers": "net_follows"}


class YouTubeStudioCsv:
    name = "youtube-studio-csv"
    help = "YouTube Studio export: Table data.csv (videos), Chart data/Totals.csv (summaries)"

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        table = read_csv(path, text)
        table.refuse_other(self.name, "a YouTube Studio Table data, Chart data or Totals file")
        found = table.find(_TABLE_COLUMNS)
        if "date" in found:
            return self._days(table, ctx, found)
        if "content" in found and "title" in found:
            return self._videos(table, ctx)
        raise ImportFileError(
            f"{path}, line 1: not a YouTube Studio Table data, Chart data or Totals file (no "
            f"'Content'/'Video title' or 'Date' column); {format_hint(table, self.name)}. "
            "Nothing was imported."
        )

    def _days(self, table: CsvTable, ctx: ImportContext, col: dict[str, int]) -> Parsed:
        kind = "Chart data" if "content" in col else "Totals"
        account = require_account(table.path, ctx.account, f"a YouTube Studio {kind} file")
        out = Parsed()
        days: list[date] = []
        dated = dated_records(
            table, out,
            lambda rec: parse_day(cell(rec, col, "date"), ("%Y-%m-%d", "%b %d, %Y"), "Date"),
            totals=_PACKAGE,
        )
        for rec, day in dated:
            days.append(day)
            if kind == "Totals":
                out.rows.extend(daily_rows(rec, col, _DAILY, day, "youtube", account, out.notes))
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
            if is_totals(cell(rec, col, "content"), _PACKAGE):
                continue
            out.read += 1
            try:
                check_width(rec, table)
                out.rows.append(self._video(rec, col, account, out))
            except RowError as exc:
                out.rejected.append(Rejected(rec.line, str(exc), rec.raw))
        return out

    def _video(self, rec: Record, col: dict[str, int], account: str, out: Parsed) -> ParsedRow:
        video_id = (cell(rec, col, "content") or "").strip()
        if not _VIDEO_ID.match(video_id):
            raise RowError(f"Content '{video_id}' is not a YouTube video id")
        day = parse_day(cell(rec, col, "published"), _PUBLISHED, "Video publish time")
        notes: list[Note] = []
        n = Cells(rec.cells, col, rec.line, notes)
        record = {
            "post_id": video_id,
            "created_at": ist_noon(day),
            "text": to_text(cell(rec, col, "title")),
            "language": None,
            "kind": "video",
            "url": f"https://www.youtube.com/watch?v={video_id}",
            "likes": n.number("likes", "Likes"),
            "comments": n.number("comments", "Comments"),
            "shares": n.number("shares", "Shares"),
            "views": n.number("views", "Views"),
            "reach": None,
            "impressions": n.number("impressions", "Impressions"),
            "metrics_at": None,
            "sample": False,
        }
        out.notes.extend(notes)  # only once the row is kept
        return ParsedRow(rec.line, "post", "youtube", account, record, rec.raw)


#: The importers of this platform's exports.
IMPORTERS: tuple[Importer, ...] = (YouTubeStudioCsv(),)
