"""Deadline rules, table-driven, with every expected date counted by hand on a printed calendar.

The calendar is built from two holiday files written here (2025 and 2026), not the shipped ones,
so the review cell can correct the shipped lists without breaking these tests. Weekdays below
were checked with Python's ``calendar.TextCalendar``, not with the code under test.

Rules (see sushasan.grievances.tickets.calendar): the start day is not counted; Sundays and second
Saturdays are off, other Saturdays work; a deadline ends at 23:59:59.999999 IST; a pause removes
the working days after the day it began up to and including the day it ended.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from sushasan.errors import ConfigError
from sushasan.grievances.tickets.calendar import IST, WorkingCalendar, load_calendar
from sushasan.grievances.tickets.deadlines import (
    Clock,
    DeadlinePolicy,
    appeal_due,
    days_overdue,
    disposal_due,
    escalation_target,
    interim_due,
    is_overdue,
    level_due,
)

HOLIDAYS_2025 = """\
- {date: 2025-01-26, name_en: Republic Day, name_hi: गणतन्त्र दिवस}   # a Sunday
- {date: 2025-02-26, name_en: Maha Shivratri, name_hi: महाशिवरात्रि}  # Wed
- {date: 2025-03-13, name_en: Holika Dahan, name_hi: होलिका दहन}      # Thu
- {date: 2025-03-14, name_en: Holi, name_hi: होली}                    # Fri
- {date: 2025-07-06, name_en: Muharram, name_hi: मुहर्रम}              # a Sunday
- {date: 2025-07-16, name_en: Harela, name_hi: हरेला}                  # Wed
- {date: 2025-10-20, name_en: Deepawali, name_hi: दीपावली}             # Mon
- {date: 2025-10-22, name_en: Govardhan Puja, name_hi: गोवर्धन पूजा}   # Wed
- {date: 2025-11-01, name_en: Igas-Bagwal, name_hi: इगास-बग्वाल}       # 1st Saturday
- {date: 2025-12-25, name_en: Christmas, name_hi: क्रिसमस}             # Thu
- {date: 2025-12-27, name_en: Guru Gobind Singh Jayanti, name_hi: गुरु गोविन्द सिंह जयन्ती}  # 4th Sat
"""
HOLIDAYS_2026 = """\
- {date: 2026-01-26, name_en: Republic Day, name_hi: गणतन्त्र दिवस}   # Mon
"""


def ist(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=IST)


def utc(y: int, m: int, d: int, hh: int, mm: int) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


def end(y: int, m: int, d: int) -> datetime:
    """A deadline on that day: its last instant in IST."""
    return datetime.combine(date(y, m, d), time.max, tzinfo=IST)


@pytest.fixture(scope="module")
def calendars(tmp_path_factory: pytest.TempPathFactory) -> dict[str, WorkingCalendar]:
    folder: Path = tmp_path_factory.mktemp("holidays")
    (folder / "test-2025.yaml").write_text(HOLIDAYS_2025, encoding="utf-8")
    (folder / "test-2026.yaml").write_text(HOLIDAYS_2026, encoding="utf-8")
    ua = load_calendar(holidays_dir=folder, shipped=False)
    assert ua.covered_years == {2025, 2026}
    return {"ua": ua, "ua_4th_sat_off": replace(ua, other_saturdays_off=frozenset({4}))}


P = DeadlinePolicy()

# Each case: (name, function, arguments, policy, calendar, expected). Counting worked by hand in
# the comment: "Tue4(1)" means Tuesday the 4th is working day 1.
CASES: list[tuple[str, str, dict[str, Any], DeadlinePolicy, str, Any]] = [
    ("weekday receipt, second Saturday skipped", "interim",
     # Mon 3 Feb 2025. Tue4(1) Wed5(2) Thu6(3) Fri7(4) Sat8=2nd Sat Sun9 Mon10(5) Tue11(6) Wed12(7)
     {"start": ist(2025, 2, 3)}, P, "ua", end(2025, 2, 12)),
    ("Friday receipt, first Saturday works", "level",
     # Fri 28 Feb. Sat1=1st Sat(1) Sun2 Mon3(2)..Fri7(6) Sat8=2nd Sat Sun9 Mon10(7)
     {"start": ist(2025, 2, 28, 15)}, P, "ua", end(2025, 3, 10)),
    ("received on a Sunday: the next working day is day 1", "disposal",
     # Sun 9 Feb -> Mon10(1)
     {"start": ist(2025, 2, 9, 11)}, DeadlinePolicy(disposal_days=1), "ua", end(2025, 2, 10)),
    ("received on a second Saturday: the Monday is day 1", "disposal",
     # Sat 8 Feb (2nd) -> Sun9 off, Mon10(1)
     {"start": ist(2025, 2, 8, 11)}, DeadlinePolicy(disposal_days=1), "ua", end(2025, 2, 10)),
    ("Holika Dahan and Holi, then third and fourth Saturdays work", "interim",
     # Wed 12 Mar. Thu13 Fri14 holidays, Sat15=3rd(1) Sun16 Mon17(2)..Fri21(6) Sat22=4th(7)
     {"start": ist(2025, 3, 12, 9)}, P, "ua", end(2025, 3, 22)),
    ("holiday on a Sunday (Republic Day 2025) changes nothing", "disposal",
     # Fri 24 Jan. Sat25=4th(1) Sun26 (holiday too) Mon27(2) Tue28(3)
     {"start": ist(2025, 1, 24)}, DeadlinePolicy(disposal_days=3), "ua", end(2025, 1, 28)),
    ("holiday on a Sunday (Muharram 2025)", "disposal",
     # Fri 4 Jul. Sat5=1st(1) Sun6 (holiday too) Mon7(2)
     {"start": ist(2025, 7, 4)}, DeadlinePolicy(disposal_days=2), "ua", end(2025, 7, 7)),
    ("fourth Saturday off when the state says so", "disposal",
     # Fri 24 Jan. Sat25=4th off, Sun26, Mon27(1) Tue28(2) Wed29(3)
     {"start": ist(2025, 1, 24)}, DeadlinePolicy(disposal_days=3), "ua_4th_sat_off",
     end(2025, 1, 29)),
    ("23:50 IST on Monday is Monday", "disposal",
     # Mon 14 Jul 23:50 IST. Tue15(1) Wed16 Harela, Thu17(2)
     {"start": ist(2025, 7, 14, 23, 50)}, DeadlinePolicy(disposal_days=2), "ua",
     end(2025, 7, 17)),
    ("00:10 IST on Tuesday (18:40 UTC Monday) is Tuesday", "disposal",
     # Tue 15 Jul 00:10 IST. Wed16 Harela, Thu17(1) Fri18(2)
     {"start": utc(2025, 7, 14, 18, 40)}, DeadlinePolicy(disposal_days=2), "ua",
     end(2025, 7, 18)),
    ("one pause pushes by the paused working days", "interim",
     # Mon 3 Feb; paused Wed5 11:00 -> Fri7 16:00 removes Thu6, Fri7.
     # Tue4(1) Wed5(2) Sat8 off Sun9 Mon10(3) Tue11(4) Wed12(5) Thu13(6) Fri14(7)
     {"start": ist(2025, 2, 3), "pauses": [(ist(2025, 2, 5, 11), ist(2025, 2, 7, 16))]},
     P, "ua", end(2025, 2, 14)),
    ("a pause within one day removes nothing", "interim",
     {"start": ist(2025, 2, 3), "pauses": [(ist(2025, 2, 5, 10), ist(2025, 2, 5, 17))]},
     P, "ua", end(2025, 2, 12)),
    ("two pauses", "interim",
     # Mon 3 Feb; pause Tue4->Wed5 removes Wed5; pause Mon10->Wed12 removes Tue11, Wed12.
     # Tue4(1) Thu6(2) Fri7(3) Mon10(4) Thu13(5) Fri14(6) Sat15=3rd(7)
     {"start": ist(2025, 2, 3), "pauses": [(ist(2025, 2, 4, 9), ist(2025, 2, 5, 9)),
                                           (ist(2025, 2, 10, 12), ist(2025, 2, 12, 12))]},
     P, "ua", end(2025, 2, 15)),
    ("open pause before the deadline: clock stopped", "interim",
     # Tue4(1) Wed5(2), then paused with no end: no day 7 yet
     {"start": ist(2025, 2, 3), "pauses": [(ist(2025, 2, 5, 10), None)]}, P, "ua", None),
    ("open pause after the deadline does not undo it", "disposal",
     # Mon 3 Feb, 3 days: Tue4(1) Wed5(2) Thu6(3); pause opens Mon 10 Feb
     {"start": ist(2025, 2, 3), "pauses": [(ist(2025, 2, 10, 10), None)]},
     DeadlinePolicy(disposal_days=3), "ua", end(2025, 2, 6)),
    ("appeal: 21 days from the reopening, across Deepawali, Govardhan and Igas", "appeal",
     # Thu 16 Oct. Fri17(1) Sat18=3rd(2) Mon20 Deepawali Tue21(3) Wed22 Govardhan Thu23(4)
     # Fri24(5) Sat25=4th(6) Mon27(7)..Fri31(11) Sat1 Nov Igas Mon3(12)..Fri7(16)
     # Sat8=2nd Mon10(17) Tue11(18) Wed12(19) Thu13(20) Fri14(21)
     {"start": ist(2025, 10, 16, 14)}, P, "ua", end(2025, 11, 14)),
    ("appeal with pauses: one before the reopening is ignored", "appeal",
     # Reopened Thu 16 Oct; pause Fri17 -> Tue21 removes Sat18 and Tue21 (Mon20 is a holiday).
     # Fri17(1) Thu23(2) Fri24(3)
     {"start": ist(2025, 10, 16, 14),
      "pauses": [(ist(2025, 10, 6), ist(2025, 10, 10)), (ist(2025, 10, 17), ist(2025, 10, 21))]},
     DeadlinePolicy(appeal_days=3), "ua", end(2025, 10, 24)),
    ("Christmas and a Saturday holiday in the 2025 file", "disposal",
     # Wed 24 Dec. Thu25 Christmas, Fri26(1), Sat27 holiday (4th Sat), Sun28, Mon29(2) Tue30(3)
     {"start": ist(2025, 12, 24)}, DeadlinePolicy(disposal_days=3), "ua", end(2025, 12, 30)),
    ("year boundary: Republic Day from the 2026 file", "disposal",
     # Wed 31 Dec 2025. Thu1(1) Fri2(2) Sat3=1st(3) Mon5(4)..Fri9(8) Sat10=2nd Mon12(9)..
     # Sat17=3rd(14) Mon19(15)..Fri23(19) Sat24=4th(20) Sun25 Mon26 Republic Day Tue27(21)
     {"start": ist(2025, 12, 31)}, P, "ua", end(2026, 1, 27)),
]

# (name, level_index, level_started_at, now, pauses, expected level). level_days = 7.
ESCALATIONS: list[tuple[str, int, datetime, datetime, list[Any], int]] = [
    # Started Mon 3 Feb: the level's 7th day is Wed 12 Feb (first case above).
    ("last minute of the level's last day: stays", 0, ist(2025, 2, 3), ist(2025, 2, 12, 23, 59),
     [], 0),
    ("five minutes after it: one up", 0, ist(2025, 2, 3), ist(2025, 2, 13, 0, 5), [], 1),
    # Second timer: Thu13(8) Fri14(9) Sat15(10) Mon17(11)..Thu20(14); expired from Fri 21.
    ("two timers expired: two up", 0, ist(2025, 2, 3), ist(2025, 2, 21, 9), [], 2),
    ("second timer not yet expired", 0, ist(2025, 2, 3), ist(2025, 2, 20, 18), [], 1),
    ("capped at the chief secretary", 2, ist(2025, 2, 3), ist(2025, 6, 30), [], 3),
    ("already at the top: stays", 3, ist(2025, 2, 3), ist(2025, 12, 31), [], 3),
    # Paused Thu6, Fri7: the level's 7th day moves to Fri 14.
    ("a pause holds the level timer", 0, ist(2025, 2, 3), ist(2025, 2, 13, 10),
     [(ist(2025, 2, 5, 11), ist(2025, 2, 7, 16))], 0),
    # Started Wed 19 Feb: Thu20(1) Fri21(2) Sat22=4th(3) Mon24(4) Tue25(5) Wed26 Shivratri
    # Thu27(6) Fri28(7). Sunday 2 Mar is past it.
    ("expired over a weekend", 0, ist(2025, 2, 19), ist(2025, 3, 2), [], 1),
]

# (name, due, now, pauses, overdue?, working days overdue)
OVERDUE: list[tuple[str, datetime, datetime, list[Any], bool, int]] = [
    ("on the due day itself: not overdue", end(2025, 3, 7), ist(2025, 3, 7, 23, 59), [],
     False, 0),
    # Due Fri 7 Mar; Sat8 is the 2nd Saturday, Sun9.
    ("overdue on the weekend, 0 working days", end(2025, 3, 7), ist(2025, 3, 9, 12), [],
     True, 0),
    ("Monday after: 1 working day", end(2025, 3, 7), ist(2025, 3, 10, 9), [], True, 1),
    # Due Thu 6 Feb; Fri7(1) Mon10(2); paused from Mon 10 so Tue11, Wed12 are excused.
    ("paused after the deadline: paused days excused", end(2025, 2, 6), ist(2025, 2, 12, 12),
     [(ist(2025, 2, 10, 10), None)], True, 2),
    ("clock stopped: never overdue", None, ist(2025, 12, 31), [], False, 0),
]

FUNCTIONS = {"disposal": disposal_due, "interim": interim_due, "appeal": appeal_due,
             "level": level_due}


@pytest.mark.parametrize(("name", "kind", "args", "policy", "cal", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_deadline(calendars: dict[str, WorkingCalendar], name: str, kind: str,
                  args: dict[str, Any], policy: DeadlinePolicy, cal: str,
                  expected: datetime | None) -> None:
    due = FUNCTIONS[kind](args["start"], args.get("pauses", []), calendars[cal], policy)
    assert due == expected
    if due is not None:
        assert due.utcoffset() == timedelta(hours=5, minutes=30)


@pytest.mark.parametrize(("name", "level", "started", "now", "pauses", "expected"), ESCALATIONS,
                         ids=[c[0] for c in ESCALATIONS])
def test_escalation(calendars: dict[str, WorkingCalendar], name: str, level: int,
                    started: datetime, now: datetime, pauses: list[Any], expected: int) -> None:
    cal = calendars["ua"]
    target = escalation_target(level, started, now, pauses, cal, P)
    assert target == expected
    # Idempotent: the same question at the same moment gets the same answer, and once the desk
    # stores the new level with the escalation time, asking again escalates no further.
    assert escalation_target(level, started, now, pauses, cal, P) == target
    assert escalation_target(target, now, now, pauses, cal, P) == target


@pytest.mark.parametrize(("name", "due", "now", "pauses", "overdue", "days"), OVERDUE,
                         ids=[c[0] for c in OVERDUE])
def test_overdue(calendars: dict[str, WorkingCalendar], name: str, due: datetime | None,
                 now: datetime, pauses: list[Any], overdue: bool, days: int) -> None:
    assert is_overdue(due, now) is overdue
    assert days_overdue(due, now, calendars["ua"], pauses) == days


def test_clock_status_before_and_after_reopening(calendars: dict[str, WorkingCalendar]) -> None:
    cal = calendars["ua"]
    clock = Clock(received_at=ist(2025, 2, 3))
    status = clock.status(ist(2025, 2, 13, 9), cal, P)
    # 21 days from Mon 3 Feb: Tue4(1)..Fri7(4) Mon10(5)..Sat15=3rd(10) Mon17(11)..Sat22=4th(16)
    # Mon24(17) Tue25(18) Wed26 Shivratri Thu27(19) Fri28(20) Sat1 Mar=1st(21)
    assert status.due_at == end(2025, 3, 1)
    assert status.interim_due_at == end(2025, 2, 12)
    assert status.level_due_at == end(2025, 2, 12)
    assert status.target_level == 1
    assert (status.overdue, status.days_overdue) == (False, 0)

    reopened = replace(clock, reopened_at=ist(2025, 10, 16, 14), level_index=0,
                       level_started_at=ist(2025, 10, 16, 14))
    status = reopened.status(ist(2025, 11, 17, 10), cal, P)
    assert status.due_at == end(2025, 11, 14)  # the appeal case above
    assert status.interim_due_at is None
    assert status.overdue
    assert status.days_overdue == 2  # after Fri 14 Nov: Sat15=3rd works (1), Sun16, Mon17 (2)


def test_policy_is_checked() -> None:
    with pytest.raises(ConfigError, match="disposal_days"):
        DeadlinePolicy(disposal_days=0)
    with pytest.raises(ConfigError, match="chain"):
        DeadlinePolicy(chain=())
    with pytest.raises(ConfigError, match="chain"):
        DeadlinePolicy(chain=("officer", "officer"))


def test_level_outside_chain_is_refused(calendars: dict[str, WorkingCalendar]) -> None:
    with pytest.raises(ValueError, match="outside the chain"):
        escalation_target(4, ist(2025, 2, 3), ist(2025, 2, 4), [], calendars["ua"], P)


def test_case_count() -> None:
    """The brief asks for at least 12 hand-counted deadline cases; keep it that way."""
    assert len(CASES) + len(ESCALATIONS) + len(OVERDUE) >= 20
    assert len(CASES) >= 12
