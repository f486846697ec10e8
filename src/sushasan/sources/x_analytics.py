"""``x-analytics-csv``: the legacy X (Twitter) analytics per-tweet export.

Files are named ``tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_en.csv`` and carry 40 quoted
columns; counts are floats written as ``"1938.0"`` and promoted columns hold ``"-"`` when no ads ran
(see shared/realdata/FORMAT_NOTES.md). The handle comes from each row's permalink, falling back to
the file name; the covered period comes from the file name.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sushasan.errors import ImportFileError
from sushasan.hookspecs import hookimpl
from sushasan.ingest.coerce import RowError, to_count, to_text
from sushasan.ingest.records import ImportContext, Importer, Parsed, ParsedRow, Period, Rejected

__all__ = ["XAnalyticsCsv"]

_NAME = re.compile(
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
        if m := _NAME.search(path.name):
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
                out.rows.append(self._row(row, cells, col, file_handle, metrics_at, raw))
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
        record = {
            "post_id": tweet_id,
            "created_at": created,
            "text": to_text(cell("tweet text")),
            "language": None,
            "kind": "text",
            "url": permalink,
            "likes": to_count(cell("likes"), "likes"),
            "comments": to_count(cell("replies"), "replies"),
            "shares": to_count(cell("retweets"), "retweets"),
            "views": to_count(cell("media views"), "media views"),
            "reach": None,
            "impressions": to_count(cell("impressions"), "impressions"),
            "metrics_at": metrics_at,
            "sample": False,
        }
        return ParsedRow(row, "post", "x", handle, record, raw)


@hookimpl
def sushasan_importers() -> list[Importer]:
    return [XAnalyticsCsv()]
