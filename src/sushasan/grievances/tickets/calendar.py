"""The working-day calendar that grievance deadlines run on: weekly offs, Saturdays, holidays, IST.

Government deadlines in Uttarakhand (CM Helpline, CPGRAMS, service-guarantee rules) are counted
in working days of the state government, and a day is an Indian Standard Time day whatever the
server's clock says. One rule, used everywhere in the desk, so that a deadline shown to an
officer, the escalation job and the quarterly review always agree:

* **Counting.** The day of receipt is never counted. Day 1 is the first *working* day after the
  IST date of receipt; a ticket received on a Sunday or holiday therefore starts counting on the
  next working day (which is day 1). A deadline of *n* working days ends at the last instant of
  day *n*, IST (23:59:59.999999 +05:30). So a ticket received at 23:50 IST on a Monday and one
  received at 00:10 IST on the Tuesday (still Monday in UTC) differ by one working day.
* **Pauses** (waiting for the citizen) are spans ``(start, end)``; ``end`` is ``None`` while the
  pause is open. A pause removes the working days after the IST date it began, up to and
  including the IST date it ended: the day the citizen answers is treated like a fresh day of
  receipt and not counted. A pause that starts and ends on one day removes nothing.
* **Weekly offs.** Sunday; the second Saturday of the month; any other Saturdays the state
  declares (``other_saturdays_off={4}`` for the fourth). Holidays come from yearly files, see
  :func:`load_calendar`.

A year with no holiday file is not an error — deadlines are still computed, with weekly offs
only — but :meth:`WorkingCalendar.missing_years` tells the desk to warn the review cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sushasan.errors import HolidayFileError
from sushasan.quarters import IST

__all__ = [
    "IST",
    "Holiday",
    "HolidayFileError",
    "Pause",
    "WorkingCalendar",
    "holiday_files",
    "load_calendar",
    "read_holiday_file",
]


Pause = tuple[datetime, datetime | None]
"""A span when the clock is stopped (waiting for the citizen); ``None`` as end while open."""

_FILE_NAME = re.compile(r"^.+-(\d{4})\.ya?ml$")
_SATURDAY, _SUNDAY = 5, 6


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so 2025-02-30 is reported on its line, not a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Holiday:
    """One public holiday, named in both languages so the desk can say why a day was skipped."""

    day: date
    name_en: str
    name_hi: str


@dataclass(frozen=True)
class WorkingCalendar:
    """Which IST days are working days, and arithmetic on them (see the module docstring)."""

    holidays: frozenset[date] = frozenset()
    weekly_off_sunday: bool = True
    second_saturday_off: bool = True
    other_saturdays_off: frozenset[int] = frozenset()
    timezone: tzinfo = IST
    # Years whose holiday list was loaded, and the names; neither changes which days work.
    covered_years: frozenset[int] = field(default=frozenset(), compare=False)
    named: tuple[Holiday, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        bad = sorted(n for n in self.other_saturdays_off if not 1 <= n <= 5)
        if bad:
            raise ValueError(f"other_saturdays_off must hold Saturday numbers 1-5, got {bad}")

    # -- days ---------------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """False on weekly offs and holidays; a datetime is judged by its IST date."""
        d = self.day_of(d)
        if d in self.holidays:
            return False
        weekday = d.weekday()
        if weekday == _SUNDAY:
            return not self.weekly_off_sunday
        if weekday == _SATURDAY:
            nth = (d.day - 1) // 7 + 1
            if nth == 2 and self.second_saturday_off:
                return False
            return nth not in self.other_saturdays_off
        return True

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d`` (a datetime counts by its IST date)."""
        d = self.day_of(d) + timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def holiday(self, d: date) -> Holiday | None:
        """The named holiday on ``d``, if the loaded files have one."""
        d = self.day_of(d)
        return next((h for h in self.named if h.day == d), None)

    def missing_years(self, years: Iterable[int]) -> list[int]:
        """Those of ``years`` with no holiday file loaded: the desk warns, deadlines still run."""
        return sorted(set(years) - self.covered_years)

    # -- counting -----------------------------------------------------------------------------

    def counted_days(self, start: datetime, pauses: Sequence[Pause] = ()) -> Iterator[date]:
        """The days that count after ``start``, in order: working, not paused.

        Endless unless a pause is still open, in which case it stops at the day that pause
        began, since no later day counts until the citizen answers.
        """
        first = self.day_of(start)
        spans = self._pause_spans(pauses)
        open_from = min((lo for lo, hi in spans if hi is None), default=None)
        d = first
        while True:
            d += timedelta(days=1)
            if open_from is not None and d > open_from:
                return
            if not self.is_working_day(d):
                continue
            if any(lo < d and (hi is None or d <= hi) for lo, hi in spans):
                continue
            yield d

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """End (IST) of the ``n``-th working day after the day of ``start``; ``n=0`` is that day.

        Deadlines are inclusive: a ticket with 7 working days is on time until 23:59:59 IST on
        day 7, so ``now > deadline`` is the whole test for lateness.
        """
        if n < 0:
            raise ValueError(f"n must be 0 or more, got {n}")
        day = self.day_of(start)
        if n:
            for i, d in enumerate(self.counted_days(start), start=1):
                if i == n:
                    day = d
                    break
        return self.end_of_day(day)

    def working_days_between(self, a: datetime, b: datetime, pauses: Sequence[Pause] = ()) -> int:
        """Working days counted from ``a`` to ``b``: after ``a``'s IST date, up to ``b``'s.

        Paused days are left out (an open pause is open until ``b``). 0 when ``b`` is not on a
        later IST day than ``a``.
        """
        last = self.day_of(b)
        count = 0
        for d in self.counted_days(a, pauses):
            if d > last:
                break
            count += 1
        return count

    def end_of_day(self, d: date) -> datetime:
        """The last instant of IST day ``d``: a deadline on ``d`` is met until then."""
        return datetime.combine(d, time.max, tzinfo=self.timezone)

    # -- helpers ------------------------------------------------------------------------------

    def day_of(self, value: date) -> date:
        """The calendar day of ``value``: a date as is, an aware datetime converted to IST."""
        if isinstance(value, datetime):
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(
                    f"{value.isoformat()} has no time zone; store and pass aware datetimes "
                    "(UTC or IST) so that the IST day is certain"
                )
            return value.astimezone(self.timezone).date()
        return value

    def _pause_spans(self, pauses: Sequence[Pause]) -> list[tuple[date, date | None]]:
        spans: list[tuple[date, date | None]] = []
        for begin, end in pauses:
            if end is not None and end < begin:
                raise ValueError(f"pause ends ({end.isoformat()}) before it begins "
                                 f"({begin.isoformat()})")
            spans.append((self.day_of(begin), None if end is None else self.day_of(end)))
        return spans


# -- holiday files --------------------------------------------------------------------------


def _shipped_dir() -> Path:
    return Path(str(resources.files("sushasan.grievances.tickets").joinpath("data", "holidays")))


def holiday_files(folder: Path) -> dict[int, list[Path]]:
    """Holiday files in ``folder`` by year, from names like ``uttarakhand-2025.yaml``."""
    found: dict[int, list[Path]] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        m = _FILE_NAME.match(path.name)
        if m and path.is_file():
            found.setdefault(int(m[1]), []).append(path)
    return found


def read_holiday_file(path: Path) -> list[Holiday]:
    """The holidays in one yearly file; every mistake is reported with the file and line."""
    m = _FILE_NAME.match(path.name)
    year = int(m[1]) if m else None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HolidayFileError(f"{path}: cannot read the holiday file ({exc})") from exc
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # safe: _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise HolidayFileError(f"{path}{where}: not valid YAML ({problem})") from exc
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise HolidayFileError(
            f"{path}: expected a list of entries such as "
            "'- {date: 2025-01-26, name_en: Republic Day, name_hi: "
            "\u0917\u0923\u0924\u0928\u094d\u0924\u094d\u0930 \u0926\u093f\u0935\u0938}'"
        )
    problems: list[str] = []
    holidays: list[Holiday] = []
    seen: dict[date, int] = {}
    for item_node, item in zip(node.value, data, strict=True):
        line = item_node.start_mark.line + 1
        holiday, problem = _entry(item, year)
        if problem:
            problems.append(f"{path}, line {line}: {problem}")
            continue
        assert holiday is not None
        if holiday.day in seen:
            problems.append(f"{path}, line {line}: {holiday.day} is already listed on line "
                            f"{seen[holiday.day]}; put both names in one entry")
            continue
        seen[holiday.day] = line
        holidays.append(holiday)
    if problems:
        raise HolidayFileError("holiday file refused:\n" + "\n".join(f"  {p}" for p in problems))
    return holidays


def _entry(item: Any, year: int | None) -> tuple[Holiday | None, str | None]:
    if not isinstance(item, dict):
        return None, "each entry needs date, name_en and name_hi"
    unknown = sorted(set(item) - {"date", "name_en", "name_hi"})
    if unknown:
        keys = "key" if len(unknown) == 1 else "keys"
        return None, f"unknown {keys} {', '.join(map(str, unknown))}; use date, name_en, name_hi"
    raw = item.get("date")
    try:
        day = date.fromisoformat(str(raw).strip())
    except ValueError:
        return None, f"date '{raw}' is not a day written as YYYY-MM-DD"
    if year is not None and day.year != year:
        return None, f"{day} is not in {year}, the year in the file's name"
    names = {}
    for key in ("name_en", "name_hi"):
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            return None, f"{day}: {key} is missing"
        names[key] = value.strip()
    return Holiday(day, names["name_en"], names["name_hi"]), None


def load_calendar(
    years: Iterable[int] | None = None,
    extra_files: Sequence[Path] = (),
    *,
    holidays_dir: Path | None = None,
    shipped: bool = True,
    weekly_off_sunday: bool = True,
    second_saturday_off: bool = True,
    other_saturdays_off: Iterable[int] = (),
) -> WorkingCalendar:
    """The calendar from the shipped holiday files, the data folder's own, and ``extra_files``.

    ``holidays_dir`` is the data folder's holiday folder: a file there for a year *replaces* the
    shipped file for that year, so the review cell can correct a list without touching the
    package. ``extra_files`` add to whatever is loaded (for example a late order declaring one
    more day). ``years`` limits loading to those years; ``None`` loads every year found.
    """
    wanted = None if years is None else set(years)
    by_year: dict[int, list[Path]] = holiday_files(_shipped_dir()) if shipped else {}
    if holidays_dir is not None:
        by_year.update(holiday_files(holidays_dir))
    named: dict[date, Holiday] = {}
    covered: set[int] = set()
    for year, paths in sorted(by_year.items()):
        if wanted is not None and year not in wanted:
            continue
        covered.add(year)
        for path in paths:
            for h in read_holiday_file(path):
                named[h.day] = h
    for path in extra_files:
        if not path.is_file():
            raise HolidayFileError(f"{path}: no such holiday file")
        m = _FILE_NAME.match(path.name)
        if m:  # a yearly list given by hand covers its year like a file in holidays_dir
            covered.add(int(m[1]))
        for h in read_holiday_file(path):
            named[h.day] = h
    return WorkingCalendar(
        holidays=frozenset(named),
        weekly_off_sunday=weekly_off_sunday,
        second_saturday_off=second_saturday_off,
        other_saturdays_off=frozenset(other_saturdays_off),
        covered_years=frozenset(covered),
        named=tuple(sorted(named.values(), key=lambda h: h.day)),
    )
