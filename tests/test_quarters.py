from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sushasan.errors import QuarterError
from sushasan.quarters import Quarter, ist_day, ist_month


@pytest.mark.parametrize("text", ["2024Q3", "2024q3", "2024-Q3", "FY2024-25Q2", "fy2024-2025q2"])
def test_both_spellings_name_july_to_september_2024(text: str) -> None:
    q = Quarter.parse(text)
    assert str(q) == "2024Q3"
    assert q.fiscal == "FY2024-25Q2"
    assert (q.first_day, q.last_day, q.days) == (date(2024, 7, 1), date(2024, 9, 30), 92)


def test_financial_year_fourth_quarter_is_next_january() -> None:
    assert str(Quarter.parse("FY2024-25Q4")) == "2025Q1"
    assert Quarter.parse("2025Q1").fiscal == "FY2024-25Q4"


def test_bounds_are_ist_midnights() -> None:
    q = Quarter.parse("2024Q2")
    assert q.start_utc == datetime(2024, 3, 31, 18, 30, tzinfo=UTC)
    assert q.end_utc == datetime(2024, 6, 30, 18, 30, tzinfo=UTC)


def test_a_post_late_on_31_march_utc_is_april_in_dehradun() -> None:
    ts = datetime(2024, 3, 31, 19, 0, tzinfo=UTC)
    assert ist_day(ts) == date(2024, 4, 1)
    assert ist_month(ts) == "2024-04"
    assert Quarter.parse("2024Q2").start_utc <= ts < Quarter.parse("2024Q2").end_utc


@pytest.mark.parametrize("text", ["2024", "2024Q5", "FY2024-26Q1", "Q3 2024", ""])
def test_unreadable_quarters_say_how_to_write_one(text: str) -> None:
    with pytest.raises(QuarterError, match=r"2024Q3|FY2024-25Q2"):
        Quarter.parse(text)


def test_neighbours() -> None:
    assert str(Quarter.parse("2024Q4").next()) == "2025Q1"
    assert str(Quarter.parse("2024Q1").previous()) == "2023Q4"
