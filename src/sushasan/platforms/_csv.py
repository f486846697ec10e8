"""Tolerant reading of hand-downloaded CSV exports, shared by the export importers.

People download these files from X, YouTube Studio and Meta by hand, open them in a spreadsheet,
rename columns by accident and sometimes copy them before the browser has finished writing. So:

* headers are matched loosely (case, spaces, underscores, BOM, known aliases), and a missing
  required column names the file, the columns and — when the header looks like another export we
  know — the ``--format`` that would read it;
* a file that is cut off (the last record opens a quoted field that never closes, or ends without
  a newline and with fewer cells than the header) or that contains NUL bytes (a half-written,
  zero-filled tail) is refused whole, with the line. Storing the rows before the cut would record a
  partial download as if it were complete, and its covered period would then claim days whose
  posts we never saw;
* every record keeps the line it starts on in the file (header and preamble lines counted), so
  rejection reasons point at the line a person sees in an editor;
* headers in another UI language (Hindi Studio, Hindi Business Suite) are matched through each
  platform's ``headers.toml`` (data, not code), and a channel or page "Total" row is skipped;
* the delimiter is a comma unless the file says ``sep=`` on its first line or its header is
  tab-separated (Excel's "Unicode text", which Meta page files sometimes arrive as).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from pathlib import Path

from sushasan.errors import ImportFileError
from sushasan.ingest.coerce import RowError
from sushasan.quarters import IST

__all__ = [
    "IST",
    "CsvTable",
    "Record",
    "cell",
    "check_width",
    "count",
    "end_of_ist_day",
    "file_period",
    "format_hint",
    "guess_format",
    "is_totals",
    "ist_noon",
    "localized",
    "norm",
    "parse_day",
    "plausible",
    "read_csv",
    "require_account",
    "span",
]

# A long post text is not an error; a runaway quote is caught by the cut-off check instead.
csv.field_size_limit(16 * 1024 * 1024)


def norm(name: str) -> str:
    """``" Post_Link "`` → ``"post link"``: the form every header and alias is compared in."""
    text = unicodedata.normalize("NFC", name.replace("\ufeff", "").replace("_", " "))
    return " ".join(text.strip().strip('"').lower().split())


@functools.cache
def _headers(package: str) -> dict[str, dict[str, list[str]]]:
    try:
        data = resources.files(package).joinpath("headers.toml").read_bytes()
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    return tomllib.loads(data.decode("utf-8"))


def localized(
    aliases: Mapping[str, Iterable[str]], package: str, section: str
) -> dict[str, tuple[str, ...]]:
    """``aliases`` with the spellings the platform's ``headers.toml`` adds under ``section``."""
    extra = _headers(package).get(section, {})
    out = {key: (*names, *extra.get(key, ())) for key, names in aliases.items()}
    for key, names in extra.items():
        out.setdefault(key, tuple(names))
    return out


_TOTAL_WORDS = ("total", "totals", "grand total", "summary")


def is_totals(value: str | None, package: str) -> bool:
    """A first cell that names a totals row (``Total``; Hindi ``headers.toml`` words too)."""
    words = (*_TOTAL_WORDS, *_headers(package).get("words", {}).get("total", ()))
    return norm(value or "") in {norm(w) for w in words}


@dataclass(frozen=True)
class Record:
    line: int  # the line in the file where this record starts
    cells: list[str]
    raw: str


@dataclass
class CsvTable:
    path: Path
    header: list[str]  # normalised names
    header_line: int
    records: list[Record] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)  # raw lines before the header

    def columns(
        self,
        aliases: Mapping[str, Iterable[str]],
        required: Iterable[str],
        what: str,
        fmt: str,
    ) -> dict[str, int]:
        """Map our field names to column positions; refuse the file if a required one is absent.

        ``aliases`` maps a field to the header spellings seen in the wild, first match wins. A
        header that is plainly another export we know (``fmt`` is the importer's own format) is
        refused too: exports share column names (``Date``, ``Impressions``, ``New follows``), and
        reading one as another would record a wrong covered period without any error.
        """
        found = self.find(aliases)
        missing = [next(iter(aliases[k])) for k in required if k not in found]
        if missing:
            raise ImportFileError(
                f"{self.path}, line {self.header_line}: not {what} (missing column(s) "
                f"{', '.join(repr(m) for m in missing)}); {format_hint(self, fmt)}. "
                "Nothing was imported."
            )
        self.refuse_other(fmt, what)
        return found

    def find(self, aliases: Mapping[str, Iterable[str]]) -> dict[str, int]:
        """Our field names → column positions, for the fields whose column is present."""
        position = {h: i for i, h in reversed(list(enumerate(self.header)))}
        found: dict[str, int] = {}
        for key, names in aliases.items():
            for n in names:
                if norm(n) in position:
                    found[key] = position[norm(n)]
                    break
        return found

    def refuse_other(self, fmt: str, what: str) -> None:
        guess = guess_format(self.header, self.preamble)
        if guess and guess != fmt:
            raise ImportFileError(
                f"{self.path}, line {self.header_line}: not {what}; {format_hint(self, fmt)}. "
                "Nothing was imported."
            )


def format_hint(table: CsvTable, fmt: str) -> str:
    guess = guess_format(table.header, table.preamble)
    if guess == fmt:
        return "columns were renamed or removed; download the export again"
    if guess:
        return f"it looks like a '{guess}' file: use --format {guess}"
    return "check --format (`sushasan formats` lists them)"


def guess_format(header: list[str], preamble: list[str] | None = None) -> str | None:
    """Name the export a header plainly belongs to (both for hints and to refuse a mix-up)."""
    h = set(header)
    if preamble and preamble[0].strip().lower().startswith("sep="):
        return "meta-page-csv"
    rules = (
        ({"tweet id", "time"}, "x-analytics-csv"),
        ({"date", "tweets published"}, "x-analytics-daily-csv"),
        ({"post id", "post text"}, "x-content-csv"),
        ({"date", "new follows", "unfollows"}, "x-account-overview-csv"),
        ({"post id", "publish time"}, "meta-posts-csv"),
        ({"content", "video title"}, "youtube-studio-csv"),
        ({"date", "average view duration"}, "youtube-studio-csv"),
        ({"date", "primary"}, "meta-page-csv"),
    )
    return next((fmt for need, fmt in rules if need <= h), None)


def read_csv(path: Path, text: str, *, header_line: int = 1) -> CsvTable:
    """Parse ``text`` whose header is on ``header_line``; refuse damaged or cut-off files."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFileError(
            f"{path}, line {line}: contains NUL bytes; the file is damaged or was not fully "
            "written. Nothing was imported. Download it again."
        )
    lines = text.split("\n")
    if len(lines) < header_line or not any(c.strip() for c in lines[header_line - 1]):
        raise ImportFileError(f"{path}: the file is empty or has no header on line {header_line}")
    body = "\n".join(lines[header_line - 1 :])
    reader = csv.reader(io.StringIO(body), delimiter=_delimiter(lines, header_line))
    offset = header_line - 1
    records: list[Record] = []
    try:
        header = next(reader)
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if any(c.strip() for c in cells):
                raw = "\n".join(lines[offset + start - 1 : offset + reader.line_num])
                records.append(Record(offset + start, cells, raw))
    except csv.Error as exc:
        raise ImportFileError(
            f"{path}, line {offset + reader.line_num}: not valid CSV ({exc}). Nothing was imported."
        ) from None
    table = CsvTable(path, [norm(h) for h in header], header_line, records, lines[:offset])
    _refuse_cut_off(table, ends_with_newline=text.rstrip(" \t").endswith("\n"))
    return table


def _delimiter(lines: list[str], header_line: int) -> str:
    first = lines[0].strip().strip('"').lower()
    if first.startswith("sep=") and len(first) == 5:
        return first[4]
    header = lines[header_line - 1]
    return "\t" if "\t" in header and "," not in header else ","


def _refuse_cut_off(table: CsvTable, ends_with_newline: bool) -> None:
    if not table.records:
        return
    last = table.records[-1]
    opened = _unclosed_quote(last.raw)
    if opened is not None:
        raise ImportFileError(
            f"{table.path}, line {last.line + opened}: a quoted field starts here and never ends; "
            "the file looks cut off (an unfinished download or copy). Nothing was imported. "
            "Download or copy the file again."
        )
    if not ends_with_newline and len(last.cells) < len(table.header):
        raise ImportFileError(
            f"{table.path}, line {last.line}: the last row has {len(last.cells)} of "
            f"{len(table.header)} cells and the file ends without a newline; it looks cut off "
            "(an unfinished download or copy). Nothing was imported. Download or copy it again."
        )


def _unclosed_quote(raw: str) -> int | None:
    """Line offset (0-based) of a quoted field in ``raw`` that is never closed, else None.

    Follows the csv module's lenient rules: a quote opens a field only at the start of a cell;
    after a closing quote, further characters (quotes included) belong to the same cell.
    """
    i, n, field_start = 0, len(raw), True
    while i < n:
        ch = raw[i]
        if ch in ",\n":
            field_start = True
            i += 1
        elif ch == '"' and field_start:
            end = raw.find('"', i + 1)
            while end != -1 and raw.startswith('""', end):
                end = raw.find('"', end + 2)
            if end == -1:
                return raw.count("\n", 0, i)
            i, field_start = end + 1, False
        else:
            j = min((p for p in (raw.find(",", i), raw.find("\n", i)) if p != -1), default=n)
            i, field_start = j, False
    return None


def check_width(record: Record, table: CsvTable) -> None:
    """A row with more or fewer cells than the header is misaligned: no cell can be trusted."""
    if len(record.cells) != len(table.header):
        raise RowError(f"{len(record.cells)} cells where the header has {len(table.header)}")


def cell(record: Record, col: Mapping[str, int], key: str) -> str | None:
    i = col.get(key)
    if i is None or i >= len(record.cells):
        return None
    return record.cells[i]


_MAX_COUNT = 2**53  # well inside int64; larger "counts" are damage, not reach
#: Exports before social media or after this century are damage too, and would overflow time maths.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def plausible(day: date, field_name: str) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise RowError(f"{field_name} {day} is not a plausible date ({FIRST_YEAR}–{LAST_YEAR})")
    return day


def count(value: str | None, field_name: str) -> int | None:
    """A post count: empty is None, a negative or fractional number rejects the row."""
    text = (value or "").strip().replace(",", "")
    if text in ("", "-"):
        return None
    try:
        number = float(text)
    except ValueError:
        raise RowError(f"{field_name} '{value}' is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise RowError(f"{field_name} '{value}' is not a number")
    if number < 0:
        raise RowError(f"{field_name} '{value}' is negative; a post's count cannot be")
    if number != int(number):
        raise RowError(f"{field_name} '{value}' is not a whole number")
    if number > _MAX_COUNT:
        raise RowError(f"{field_name} '{value}' is too large to be a count")
    return int(number)


def ist_noon(day: date) -> datetime:
    """Noon IST as UTC: for exports that give a post's day but not its time.

    Noon keeps the post on the right IST day whichever way the time is later rounded, and never
    suggests a precise hour: 06:30 UTC is a flag for "day only" to anyone reading the lake.
    """
    return datetime.combine(day, time(12), IST).astimezone(UTC)


def end_of_ist_day(day: date) -> datetime:
    """When a day ends in IST, as UTC: when the counts of a file ending that day were read."""
    return datetime.combine(day + timedelta(days=1), time(0), IST).astimezone(UTC)


_ISO_PAIR = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})_(\d{4})-?(\d{2})-?(\d{2})")
_MONTH_PAIR = re.compile(r"([A-Za-z]{3})-(\d{1,2})-(\d{4})_([A-Za-z]{3})-(\d{1,2})-(\d{4})")


def file_period(name: str) -> tuple[date, date] | None:
    """``..._2024-12-22_2025-03-22.csv``, ``..._20200101_20200201_...`` or Meta's
    ``Mar-21-2025_Jun-18-2025_...``: the two dates as written (callers decide inclusivity)."""
    try:
        if m := _ISO_PAIR.search(name):
            g = [int(x) for x in m.groups()]
            first, last = date(g[0], g[1], g[2]), date(g[3], g[4], g[5])
        elif m := _MONTH_PAIR.search(name):
            first = datetime.strptime(" ".join(m.groups()[:3]), "%b %d %Y").date()
            last = datetime.strptime(" ".join(m.groups()[3:]), "%b %d %Y").date()
        else:
            return None
    except ValueError:
        return None
    ok = first <= last and first.year >= FIRST_YEAR and last.year <= LAST_YEAR
    return (first, last) if ok else None


def parse_day(value: str | None, formats: Iterable[str], field_name: str) -> date:
    text = " ".join((value or "").split())
    if not text:
        raise RowError(f"{field_name} is empty")
    for fmt in formats:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return plausible(day, field_name)
    raise RowError(f"{field_name} '{text}' is not a date this export writes")


def require_account(path: Path, account: str | None, what: str) -> str:
    if not account:
        raise ImportFileError(
            f"{path}: {what} does not name its account; use --account HANDLE (or "
            "--account id:<platform id>). Nothing was imported."
        )
    return account


def span(days: Iterable[date]) -> tuple[date, date] | None:
    seen = list(days)
    return (min(seen), max(seen)) if seen else None
