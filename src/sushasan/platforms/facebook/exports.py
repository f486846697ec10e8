"""Meta Business Suite exports: the post table and the per-metric page files, CSV or XLSX.

No real Meta export was found in a public repository (shared/realdata/FORMAT_NOTES.md; the
README's table of export layouts says which layouts are verified on a real file); these
importers follow the third-party descriptions there and other people's parsers' test strings
(thousands separators in quoted cells, ``Date`` = ``Lifetime``), and our fixtures are built from
them. Both are tolerant of column spelling so that a real file that differs a little still
reads; the Hindi UI's headers and metric names are in ``headers.toml``. An XLSX download is
read as the CSV of its first sheet. A number cell that cannot be read is stored as missing with
a note for its row; a ``Total`` row is skipped.

``meta-posts-csv`` — one row per post, ~32–34 columns, UTF-8 with BOM (the pipeline strips it):
    ``Post ID, Page ID, Page name, Title, Description, Duration (sec), Publish time, …, Permalink,
    …, Post type, …, Views, Reach, Reactions, Comments and Shares, Reactions, Comments, Shares, …``
    → ``post`` records. Decisions:
    * account = ``id:<Page ID>`` (the registry's ``facebook_id`` / ``instagram_id`` column matches
      it), else ``--account``; a page id never changes, a page name does;
    * ``Publish time`` (``03/21/2025 10:15``) is in the page's time zone, which the file does not
      state; every page we rank is in Uttarakhand, so it is read as IST;
    * platform is ``instagram`` when the row says so (``Post type`` ``IG …``, an instagram.com
      permalink, or an Instagram export's ``Account ID`` column instead of ``Page ID``), else
      ``facebook``;
    * likes = Reactions (Instagram: Likes), comments = Comments, shares = Shares, views = Views,
      reach = Reach, impressions = Impressions when present; the combined ``Reactions, Comments
      and Shares`` column is not used (it is the sum of the three);
    * text = Description, else Title; kind from ``Post type`` (photo, video, reel, link, live,
      text; unknown types are left empty rather than guessed);
    * period from a Meta file name (``Mar-21-2025_Jun-18-2025_…``, both days inclusive, and
      ``metrics_at`` = the end of the last day IST), else the first..last publish day.

``meta-page-csv`` — one metric per file (Views.csv, Follows.csv, …), UTF-16: line 1 ``sep=,``,
    line 2 the metric name, line 3 ``"Date","Primary"``, then one row per day. ``--account`` is
    required. A daily metric (Views, Reach, Follows, Unfollows, Visits, Interactions, Link
    clicks; the names in ``headers.toml``) becomes ``account_day`` records; a file of another
    metric gives its summary period only. A follower **level** becomes ``account_stat`` records
    (``followers``): metric
    names with "followers" in them, such as "Facebook followers", "Followers", "Total followers",
    "Lifetime total followers", "Instagram followers" — but not "new", "net", "gained", "lost" or
    "unfollows" variants. "Follows" (new follows per day, Meta's current metric) is a flow, not a
    level. Every page file's days are a summary period (first..last day), kept out of the
    coverage ledger.
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, date, datetime
from pathlib import Path

from sushasan.ingest.coerce import RowError, to_text
from sushasan.ingest.records import ImportContext, Importer, Parsed, ParsedRow, Period, Rejected
from sushasan.platforms._cells import Cells
from sushasan.platforms._csv import (
    IST,
    CsvTable,
    Record,
    cell,
    check_width,
    end_of_ist_day,
    file_period,
    is_totals,
    localized,
    norm,
    parse_day,
    plausible,
    read_csv,
    require_account,
)
from sushasan.platforms._daily import dated_records
from sushasan.platforms._xlsx import is_xlsx, xlsx_text
from sushasan.quarters import ist_day

__all__ = ["FOLLOWER_TOTAL", "MetaPageCsv", "MetaPostsCsv", "page_metric"]

_POST_ID = re.compile(r"^\d+(?:_\d+)?$")
_PAGE_ID = re.compile(r"^\d+$")
_PUBLISHED = ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S",
              "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")
_KINDS = {
    "photo": "photo", "photos": "photo", "image": "photo", "ig image": "photo",
    "ig carousel": "photo", "carousel": "photo", "album": "photo",
    "video": "video", "videos": "video", "ig video": "video",
    "reel": "reel", "reels": "reel", "ig reel": "reel",
    "link": "link", "links": "link", "live": "live", "live video": "live",
    "status": "text", "text": "text",
}
_PACKAGE = "sushasan.platforms.facebook"
_POST_COLUMNS = localized({
    "post id": ("Post ID",),
    "page id": ("Page ID", "Account ID"),
    "published": ("Publish time", "Published", "Publish date"),
    "title": ("Title",),
    "description": ("Description", "Message"),
    "permalink": ("Permalink", "Post link", "Link"),
    "type": ("Post type", "Type"),
    "views": ("Views",),
    "reach": ("Reach",),
    "likes": ("Reactions", "Likes"),
    "comments": ("Comments",),
    "shares": ("Shares",),
    "impressions": ("Impressions",),
}, _PACKAGE, "posts")
_PAGE_COLUMNS = localized({"date": ("Date",), "value": ("Primary", "Value")}, _PACKAGE, "page")
#: Metric-name words that make a page file a follower level (see the module docstring).
FOLLOWER_TOTAL = "followers"
_NOT_A_LEVEL = ("new", "net", "gained", "lost", "unfollow", "daily", "change", "removed")


def _published(value: str | None) -> datetime:
    text = " ".join((value or "").split())
    if not text:
        raise RowError("Publish time is empty")
    for fmt in _PUBLISHED:
        try:
            local = datetime.strptime(text, fmt)
        except ValueError:
            continue
        plausible(local.date(), "Publish time")
        return local.replace(tzinfo=IST).astimezone(UTC)
    raise RowError(f"Publish time '{text}' is not like 03/21/2025 10:15")


class MetaPostsCsv:
    name = "meta-posts-csv"
    help = "Meta Business Suite post export (Facebook/Instagram), one row per post"

    def parse_bytes(self, path: Path, data: bytes, ctx: ImportContext) -> Parsed | None:
        return self.parse(path, xlsx_text(path, data), ctx) if is_xlsx(data) else None

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        table = read_csv(path, text)
        col = table.columns(
            _POST_COLUMNS, ("post id", "published"), "a Meta post export", self.name
        )
        instagram_file = "page id" in col and "account" in table.header[col["page id"]]
        if "page id" not in col:
            require_account(path, ctx.account, "a Meta post export without a 'Page ID' column")
        named = file_period(path.name)
        metrics_at = end_of_ist_day(named[1]) if named else None
        out = Parsed()
        days: dict[tuple[str, str], list[date]] = {}
        for rec in table.records:
            if is_totals(cell(rec, col, "post id"), _PACKAGE):
                continue
            out.read += 1
            try:
                check_width(rec, table)
                row = self._row(rec, col, ctx, instagram_file, metrics_at, out)
            except RowError as exc:
                out.rejected.append(Rejected(rec.line, str(exc), rec.raw))
                continue
            out.rows.append(row)
            days.setdefault((row.platform, row.account), []).append(
                ist_day(row.record["created_at"])
            )
        for (platform, account), seen in sorted(days.items()):
            first, last = named or (min(seen), max(seen))
            out.periods.append(Period(platform, account, first, last))
        return out

    def _row(
        self,
        rec: Record,
        col: dict[str, int],
        ctx: ImportContext,
        instagram_file: bool,
        metrics_at: datetime | None,
        out: Parsed,
    ) -> ParsedRow:
        post_id = (cell(rec, col, "post id") or "").strip()
        if not _POST_ID.match(post_id):
            raise RowError(f"Post ID '{post_id}' is not a Meta post id")
        page_id = (cell(rec, col, "page id") or "").strip()
        if page_id and not _PAGE_ID.match(page_id):
            raise RowError(f"Page ID '{page_id}' is not a number")
        account = f"id:{page_id}" if page_id else ctx.account
        if not account:
            raise RowError("Page ID is empty; use --account HANDLE")
        created = _published(cell(rec, col, "published"))
        permalink = to_text(cell(rec, col, "permalink"))
        post_type = norm(cell(rec, col, "type") or "")
        instagram = (
            instagram_file
            or post_type.startswith("ig ")
            or bool(permalink and "instagram.com/" in permalink.lower())
        )
        text = to_text(cell(rec, col, "description")) or to_text(cell(rec, col, "title"))
        n = Cells(rec.cells, col, rec.line, out.notes).number
        record = {
            "post_id": post_id,
            "created_at": created,
            "text": text,
            "language": None,
            "kind": _KINDS.get(post_type),
            "url": permalink.strip() if permalink else None,
            "likes": n("likes", "Reactions"),
            "comments": n("comments", "Comments"),
            "shares": n("shares", "Shares"),
            "views": n("views", "Views"),
            "reach": n("reach", "Reach"),
            "impressions": n("impressions", "Impressions"),
            "metrics_at": metrics_at,
            "sample": False,
        }
        platform = "instagram" if instagram else "facebook"
        return ParsedRow(rec.line, "post", platform, account, record, rec.raw)


def is_follower_total(metric: str) -> bool:
    words = norm(metric).split()
    return FOLLOWER_TOTAL in words and not any(w.startswith(_NOT_A_LEVEL) for w in words)


def page_metric(metric: str) -> str | None:
    """The daily metric a page file's metric name is (``followers`` for a level), else None."""
    if is_follower_total(metric):
        return "followers"
    name = norm(metric)
    for daily, names in _headers_page_metrics().items():
        if name in {norm(n) for n in names}:
            return daily
    return None


def _headers_page_metrics() -> dict[str, tuple[str, ...]]:
    return localized({}, _PACKAGE, "page_metrics")


def _page_day(value: str | None) -> date:
    text = (value or "").strip()
    return parse_day(text[:10], ("%Y-%m-%d", "%m/%d/%Y"), "Date")


class MetaPageCsv:
    name = "meta-page-csv"
    help = "Meta page metric file (Views.csv, Follows.csv…; needs --account): followers or summary"

    def parse_bytes(self, path: Path, data: bytes, ctx: ImportContext) -> Parsed | None:
        return self.parse(path, xlsx_text(path, data), ctx) if is_xlsx(data) else None

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        table = read_csv(path, text, header_line=self._header_line(text))
        col = table.columns(_PAGE_COLUMNS, ("date",), "a Meta page metric file", self.name)
        if "value" not in col and len(table.header) >= 2:
            col["value"] = 1
        account = require_account(path, ctx.account, "a Meta page metric file")
        metric = self._metric(table) or path.stem
        platform = "instagram" if "instagram" in norm(metric) else "facebook"
        daily = page_metric(metric)
        followers = daily == "followers"
        out = Parsed()
        days: list[date] = []
        dated = dated_records(
            table, out, lambda rec: _page_day(cell(rec, col, "date")), totals=_PACKAGE
        )
        for rec, day in dated:
            days.append(day)
            if daily is None:
                continue
            value = Cells(rec.cells, col, rec.line, out.notes).number(
                "value", metric, level=followers
            )
            if value is None:
                continue
            if followers:
                record = {"day": day, "followers": value, "following": None,
                          "posts_count": None, "sample": False}
                out.rows.append(
                    ParsedRow(rec.line, "account_stat", platform, account, record, rec.raw)
                )
            else:
                record = {"day": day, "metric": daily, "value": value, "sample": False}
                out.rows.append(
                    ParsedRow(rec.line, "account_day", platform, account, record, rec.raw)
                )
        named = file_period(path.name)
        if named or days:
            first, last = named or (min(days), max(days))
            out.periods.append(Period(platform, account, first, last, summary=True))
        return out

    @staticmethod
    def _header_line(text: str) -> int:
        """The first of the first five lines that has a ``Date`` cell (line 3 in real files)."""
        head = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")[:5]
        for i, line in enumerate(head, start=1):
            try:
                cells = next(csv.reader([line]), [])
            except csv.Error:
                continue
            if "date" in (norm(c) for c in cells):
                return i
        return 1

    @staticmethod
    def _metric(table: CsvTable) -> str | None:
        names = [
            ", ".join(c.strip() for c in next(csv.reader([line]), []) if c.strip())
            for line in table.preamble
            if line.strip() and not line.strip().lower().startswith("sep=")
        ]
        return next((n for n in names if n), None)


#: The importers of this platform's exports.
IMPORTERS: tuple[Importer, ...] = (MetaPostsCsv(), MetaPageCsv())
