"""The working-day calendar: weekly offs, IST days, and the yearly holiday files.

Weekdays of the dates used here were checked with Python's ``calendar`` module by hand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from sushasan.errors import SushasanError
from sushasan.grievances.tickets.calendar import (
    IST,
    HolidayFileError,
    WorkingCalendar,
    load_calendar,
    read_holiday_file,
)

SHIPPED = Path(__file__).resolve().parents[1] / "src/sushasan/grievances/tickets/data/holidays"


def ist(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=IST)


def test_weekly_offs() -> None:
    cal = WorkingCalendar(holidays=frozenset())
    assert not cal.is_working_day(date(2025, 2, 9))  # Sunday
    assert not cal.is_working_day(date(2025, 2, 8))  # second Saturday
    assert cal.is_working_day(date(2025, 2, 1))  # first Saturday
    assert cal.is_working_day(date(2025, 2, 22))  # fourth Saturday
    assert cal.is_working_day(date(2025, 3, 29))  # fifth Saturday
    fourth_off = WorkingCalendar(holidays=frozenset(), other_saturdays_off=frozenset({4}))
    assert not fourth_off.is_working_day(date(2025, 2, 22))
    six_day = WorkingCalendar(holidays=frozenset(), second_saturday_off=False)
    assert six_day.is_working_day(date(2025, 2, 8))
    with pytest.raises(ValueError, match="1-5"):
        WorkingCalendar(other_saturdays_off=frozenset({6}))


def test_holiday_and_next_working_day() -> None:
    cal = WorkingCalendar(holidays=frozenset({date(2025, 7, 16)}))  # Harela, a Wednesday
    assert not cal.is_working_day(date(2025, 7, 16))
    assert cal.next_working_day(date(2025, 7, 15)) == date(2025, 7, 17)
    # Fri 7 Feb 2025 -> Sat 8 (2nd) and Sun 9 off -> Mon 10
    assert cal.next_working_day(date(2025, 2, 7)) == date(2025, 2, 10)


def test_days_are_ist_days() -> None:
    cal = WorkingCalendar()
    # 19:00 UTC on Saturday 8 Feb is 00:30 IST on Sunday 9 Feb.
    assert cal.day_of(datetime(2025, 2, 8, 19, 0, tzinfo=UTC)) == date(2025, 2, 9)
    assert not cal.is_working_day(datetime(2025, 2, 7, 19, 0, tzinfo=UTC))  # Sat 00:30
    with pytest.raises(ValueError, match="time zone"):
        cal.add_working_days(datetime(2025, 2, 3, 10), 1)


def test_add_working_days() -> None:
    cal = WorkingCalendar()
    assert cal.add_working_days(ist(2025, 2, 3), 0) == datetime.combine(
        date(2025, 2, 3), time.max, tzinfo=IST)
    # Mon 3 Feb + 5: Tue4 Wed5 Thu6 Fri7 (Sat8 2nd, Sun9) Mon10
    assert cal.add_working_days(ist(2025, 2, 3), 5).date() == date(2025, 2, 10)
    with pytest.raises(ValueError):
        cal.add_working_days(ist(2025, 2, 3), -1)


def test_working_days_between_with_pauses() -> None:
    cal = WorkingCalendar()
    a, b = ist(2025, 2, 3), ist(2025, 2, 14, 17)
    # Tue4..Fri7 (4), Mon10..Fri14 (5)
    assert cal.working_days_between(a, b) == 9
    pause = (ist(2025, 2, 5, 11), ist(2025, 2, 7, 16))  # removes Thu6, Fri7
    assert cal.working_days_between(a, b, [pause]) == 7
    open_pause = (ist(2025, 2, 12, 9), None)  # removes Thu13, Fri14 (open until b)
    assert cal.working_days_between(a, b, [pause, open_pause]) == 5
    assert cal.working_days_between(b, a) == 0
    with pytest.raises(ValueError, match="before it begins"):
        cal.working_days_between(a, b, [(ist(2025, 2, 7), ist(2025, 2, 5))])


# -- the shipped holiday files ---------------------------------------------------------------


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_shipped_file_has_the_state_holidays(year: int) -> None:
    holidays = read_holiday_file(SHIPPED / f"uttarakhand-{year}.yaml")
    by_day = {h.day: h for h in holidays}
    assert all(h.day.year == year for h in holidays)
    for fixed, word in [((1, 26), "Republic"), ((8, 15), "Independence"), ((10, 2), "Gandhi"),
                        ((12, 25), "Christmas")]:
        assert word in by_day[date(year, *fixed)].name_en
    harela = [h for h in holidays if h.name_en == "Harela"]
    assert [h.day for h in harela] in ([date(year, 7, 16)], [date(year, 7, 17)])
    assert any("Igas" in h.name_en for h in holidays)
    assert any("Deepawali" in h.name_en for h in holidays)
    assert any(h.name_en.startswith("Holi") for h in holidays)
    assert any(h.name_en.startswith("Id-ul-Fitr") for h in holidays)
    assert all(any("\u0900" <= c <= "\u097f" for c in h.name_hi) for h in holidays)


def test_shipped_calendar_and_missing_years() -> None:
    cal = load_calendar()
    assert {2024, 2025, 2026} <= cal.covered_years
    assert not cal.is_working_day(date(2025, 7, 16))  # Harela
    assert not cal.is_working_day(date(2025, 11, 1))  # Igas-Bagwal, a 1st Saturday
    igas = cal.holiday(date(2025, 11, 1))
    assert igas is not None and "इगास" in igas.name_hi
    assert cal.missing_years([2025, 2026, 2031]) == [2031]
    only_2025 = load_calendar(years=[2025])
    assert only_2025.covered_years == {2025}
    # Without the 2026 file, Republic Day 2026 (a Monday) looks like a working day: hence the
    # warning the desk shows for missing years.
    assert only_2025.is_working_day(date(2026, 1, 26))
    assert not only_2025.is_working_day(date(2025, 1, 26))
    assert only_2025.missing_years([2025, 2026]) == [2026]


def test_data_folder_file_replaces_the_shipped_year(tmp_path: Path) -> None:
    (tmp_path / "corrected-2025.yaml").write_text(
        "- {date: 2025-06-02, name_en: State order, name_hi: शासनादेश}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    cal = load_calendar(holidays_dir=tmp_path)
    assert not cal.is_working_day(date(2025, 6, 2))
    assert cal.is_working_day(date(2025, 7, 16))  # the shipped 2025 list no longer applies
    assert not cal.is_working_day(date(2026, 7, 16))  # other years still shipped


def test_extra_files_add_days(tmp_path: Path) -> None:
    extra = tmp_path / "late-order-2027.yaml"
    extra.write_text("- {date: 2027-03-03, name_en: Late order, name_hi: बाद का आदेश}\n",
                     encoding="utf-8")
    cal = load_calendar(extra_files=[extra])
    assert not cal.is_working_day(date(2027, 3, 3))
    assert 2027 in cal.covered_years
    with pytest.raises(HolidayFileError, match="no such holiday file"):
        load_calendar(extra_files=[tmp_path / "absent-2027.yaml"])


# -- malformed files: the error names the file and the line ----------------------------------

GOOD = "- {date: 2025-01-26, name_en: Republic Day, name_hi: गणतन्त्र दिवस}\n"


@pytest.mark.parametrize(("text", "line", "words"), [
    (GOOD + "- {date: 2025-02-30, name_en: X, name_hi: क}\n", 2, "not a day"),
    (GOOD + "- {date: 2024-08-15, name_en: X, name_hi: क}\n", 2, "is not in 2025"),
    (GOOD + "- {date: 2025-08-15, name_en: Independence Day}\n", 2, "name_hi is missing"),
    (GOOD + "- {date: 2025-08-15, name_en: X, name_hi: क, remark: y}\n", 2, "unknown key"),
    (GOOD + "# comment\n" + GOOD, 3, "already listed on line 1"),
    (GOOD + "- 2025-08-15\n", 2, "each entry needs"),
    (GOOD + "- {date: 2025-08-15, name_en: X, name_hi: [unclosed\n", 3, "not valid YAML"),
])
def test_malformed_file_names_file_and_line(tmp_path: Path, text: str, line: int,
                                            words: str) -> None:
    path = tmp_path / "uttarakhand-2025.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HolidayFileError) as info:
        load_calendar(holidays_dir=tmp_path, shipped=False)
    message = str(info.value)
    assert f"{path}, line {line}" in message
    assert words in message
    assert isinstance(info.value, SushasanError)


def test_not_a_list(tmp_path: Path) -> None:
    path = tmp_path / "x-2025.yaml"
    path.write_text("holidays: none\n", encoding="utf-8")
    with pytest.raises(HolidayFileError, match="expected a list"):
        read_holiday_file(path)
    path.write_text("", encoding="utf-8")
    assert read_holiday_file(path) == []
