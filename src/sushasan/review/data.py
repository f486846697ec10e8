"""Which records a review reads (departmental or sample), and refusing a quarter with none.

Sample and real records never meet in one review: ``auto`` takes the quarter's real records when
there are any, else its sample, and a quarter with neither is an error that says what to do.
"""

from __future__ import annotations

from datetime import date

from sushasan.desk.store import Desk
from sushasan.errors import NoDataError
from sushasan.quarters import Quarter
from sushasan.words import N_, say

__all__ = ["choose_data", "ensure_data", "quarters_with_data"]


def choose_data(desk: Desk, quarter: Quarter, data: str) -> str:
    """``auto`` reviews real records when the quarter has any, else the sample if it has one."""
    if data != "auto":
        return data
    if desk.coverage_spans(quarter.first_day, quarter.last_day, sample=False):
        return "real"
    if desk.coverage_spans(quarter.first_day, quarter.last_day, sample=True):
        return "sample"
    return "real"


def quarters_with_data(desk: Desk, sample: bool) -> list[Quarter]:
    """Every quarter some source covered at least one day of (sample or real records)."""
    found: set[Quarter] = set()
    for s in desk.coverage_spans(date(1, 1, 1), date(9999, 12, 31), sample=sample):
        q, last = Quarter(s.first_day.year, (s.first_day.month - 1) // 3 + 1), s.last_day
        while q.first_day <= last:
            found.add(q)
            q = q.next()
    return sorted(found)


_NO_DATA = N_(
    "no {kind} records for {quarter} ({fiscal}): there is nothing to review, and nothing was "
    "written.\n"
    "  Found: {found}.\n"
    "  To review {quarter}, bring its records in first: `sushasan import --format FORMAT FILE…` "
    "(the platforms' export files; `sushasan formats` lists them) or `sushasan ingest` (the "
    "platforms' APIs); for a demonstration, `sushasan sample --quarter {quarter}`."
)


def ensure_data(desk: Desk, quarter: Quarter, data: str) -> None:
    """Refuse to review a quarter without records, saying what there is and what to do.

    A review of nothing would be a report of 0 ranked with an empty top 3 (and a league table
    in which every department is "insufficient data"): an error is the honest answer.
    """
    sample = data == "sample"
    if desk.coverage_spans(quarter.first_day, quarter.last_day, sample=sample):
        return
    kind = N_("sample") if sample else N_("departmental")
    real = ", ".join(map(str, quarters_with_data(desk, sample=False)))
    fake = ", ".join(map(str, quarters_with_data(desk, sample=True)))

    def found(lang: str) -> str:
        return "; ".join(say(text, lang).format(quarters=quarters) for text, quarters in (
            (N_("departmental data for {quarters}"), real),
            (N_("sample data for {quarters}"), fake),
        ) if quarters) or say("no quarter has any records yet", lang)

    raise NoDataError("\n".join(
        say(_NO_DATA, lang).format(kind=say(kind, lang), quarter=quarter, fiscal=quarter.fiscal,
                                   found=found(lang))
        for lang in ("en", "hi")
    ))


