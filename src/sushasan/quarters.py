"""Review quarters, reckoned in India Standard Time.

Departments post in IST, and the review cell thinks in both calendar quarters (``2024Q3``) and the
Indian financial year (``FY2024-25Q2``, April–March). A post at 2024-03-31T19:00Z is already
1 April in Dehradun, so every boundary is computed in IST and converted to UTC once, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from sushasan.errors import QuarterError, QuarterRangeError

__all__ = [
    "FIRST_YEAR", "IST", "IST_MICROS", "IST_OFFSET", "LAST_YEAR", "Quarter", "ist_day",
    "ist_month",
]

#: India Standard Time, UTC+05:30 all year (no daylight saving since 1945): the one definition.
IST_OFFSET = timedelta(hours=5, minutes=30)
IST = timezone(IST_OFFSET, "IST")
#: The offset in microseconds, for arithmetic on Arrow timestamps.
IST_MICROS = int(IST_OFFSET.total_seconds()) * 1_000_000

#: The years a review can be of: social media of departments begins after 2000, and a bound
#: far short of 9999 keeps every date computed from a quarter (its next one too) valid.
FIRST_YEAR, LAST_YEAR = 2000, 2100

_CAL = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_FY = re.compile(r"^FY(\d{4})-(\d{2}|\d{4})-?Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    q: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """A calendar (2024Q3) or financial-year (FY2024-25Q2) quarter between FIRST_YEAR and
        LAST_YEAR; QuarterError when unreadable, QuarterRangeError when out of range."""
        q = cls._read(text)
        if not FIRST_YEAR <= q.year <= LAST_YEAR:
            raise QuarterRangeError(
                f"'{text}': reviews cover the years {FIRST_YEAR} to {LAST_YEAR}; "
                "check the year of the quarter"
            )
        return q

    @classmethod
    def _read(cls, text: str) -> Quarter:
        s = text.strip().replace(" ", "")
        if m := _CAL.match(s):
            return cls(int(m[1]), int(m[2]))
        if m := _FY.match(s):
            start = int(m[1])
            end = int(m[2])
            end_full = end if end >= 1000 else (start // 100) * 100 + end
            if end < 100 and end_full <= start:  # FY2099-00 runs into the next century
                end_full += 100
            if end_full != start + 1:
                raise QuarterError(
                    f"'{text}': a financial year runs from one year to the next, e.g. FY2024-25Q2"
                )
            fq = int(m[3])  # FY Q1 = Apr–Jun, Q4 = Jan–Mar of the next calendar year
            return cls(start, fq + 1) if fq < 4 else cls(start + 1, 1)
        raise QuarterError(
            f"'{text}' is not a quarter: write 2024Q3 (calendar) or FY2024-25Q2 (financial year)"
        )

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"

    @property
    def fiscal(self) -> str:
        fy_start = self.year if self.q >= 2 else self.year - 1
        fq = self.q - 1 if self.q >= 2 else 4
        return f"FY{fy_start}-{(fy_start + 1) % 100:02d}Q{fq}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.q - 2, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def months(self) -> list[str]:
        return [f"{self.year}-{m:02d}" for m in range(3 * self.q - 2, 3 * self.q + 1)]

    @property
    def start_utc(self) -> datetime:
        """First instant of the quarter in Dehradun, as UTC."""
        return datetime.combine(self.first_day, datetime.min.time(), IST).astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        """First instant after the quarter, as UTC (half-open interval)."""
        return self.next().start_utc

    def next(self) -> Quarter:
        return Quarter(self.year + (self.q == 4), self.q % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.q == 1), (self.q - 2) % 4 + 1)

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def ist_day(ts: datetime) -> date:
    """The IST calendar day of an aware timestamp."""
    return ts.astimezone(IST).date()


def ist_month(ts: datetime) -> str:
    return ts.astimezone(IST).strftime("%Y-%m")
