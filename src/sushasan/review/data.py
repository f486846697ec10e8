"""Which records a review reads (departmental or sample), and refusing a quarter with none.

Sample and real records never meet in one review: ``auto`` takes the quarter's real records when
there are any, else its sample, and a quarter with neither is an error that says what to do.
"""

from __future__ import annotations

from datetime import date

from sushasan.desk.store import Desk
from sushasan.errors import NoDataError
from sushasan.quarters import Quarter

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


def ensure_data(desk: Desk, quarter: Quarter, data: str) -> None:
    """Refuse to review a quarter without records, saying what there is and what to do.

    A review of nothing would be a report of 0 ranked with an empty top 3 (and a league table
    in which every department is "insufficient data"): an error is the honest answer.
    """
    sample = data == "sample"
    if desk.coverage_spans(quarter.first_day, quarter.last_day, sample=sample):
        return
    kind_en = "sample" if sample else "departmental"
    kind_hi = "नमूना" if sample else "विभागीय"
    real = ", ".join(map(str, quarters_with_data(desk, sample=False)))
    fake = ", ".join(map(str, quarters_with_data(desk, sample=True)))
    found_en = "; ".join(x for x in (
        real and f"departmental data for {real}", fake and f"sample data for {fake}",
    ) if x) or "no quarter has any records yet"
    found_hi = "; ".join(x for x in (
        real and f"{real} का विभागीय डेटा", fake and f"{fake} का नमूना डेटा",
    ) if x) or "अभी किसी भी तिमाही के रिकॉर्ड नहीं हैं"
    raise NoDataError(
        f"no {kind_en} records for {quarter} ({quarter.fiscal}): there is nothing to review, "
        f"and nothing was written.\n"
        f"  Found: {found_en}.\n"
        f"  To review {quarter}, bring its records in first: `sushasan import --format FORMAT "
        f"FILE…` (the platforms' export files; `sushasan formats` lists them) or "
        f"`sushasan ingest` (the platforms' APIs); for a demonstration, "
        f"`sushasan sample --quarter {quarter}`.\n"
        f"त्रुटि: {quarter} ({quarter.fiscal}) के लिए कोई {kind_hi} रिकॉर्ड नहीं है: समीक्षा के लिए "
        f"कुछ नहीं है, और कोई फ़ाइल नहीं लिखी गई।\n"
        f"  उपलब्ध: {found_hi}।\n"
        f"  {quarter} की समीक्षा के लिए पहले उसके रिकॉर्ड लाएँ: `sushasan import --format FORMAT "
        f"FILE…` (प्लेटफ़ॉर्म की निर्यात फ़ाइलें; सूची `sushasan formats` में) या `sushasan ingest` "
        f"(प्लेटफ़ॉर्म के API); प्रदर्शन के लिए `sushasan sample --quarter {quarter}`।"
    )


