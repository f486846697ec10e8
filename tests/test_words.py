"""Words the reports and the dashboard use: the right Hindi term, whole plural forms, and no
doubled brackets made by gluing a bracketed label into brackets."""

from __future__ import annotations

from typing import Any

from babel.messages.pofile import read_po

from sushasan.analytics.method import load_method
from sushasan.analytics.top3 import top3_note
from sushasan.reports.html import render_html
from sushasan.words import counted, named, po_path
from tests.test_top3 import _deps

LABELS = named()


def _hindi_catalogue() -> list[tuple[str, str]]:
    with po_path("hi").open("rb") as fh:
        catalog = read_po(fh, locale="hi")
    out = []
    for m in catalog:
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        out += [(i, s) for i in ids if i for s in strings]
    return out


def test_median_is_madhyika_and_mean_stays_madhya() -> None:
    pairs = list(LABELS.values()) + _hindi_catalogue()
    for en, hi in pairs:
        if "median" in en.lower():
            assert "माध्यिका" in hi, (en, hi)
        if "mean" in en.lower().split():
            assert "माध्यिका" not in hi, (en, hi)
    assert "माध्यिका" in LABELS["median_response_hours"][1]


def test_no_one_form_for_all_counts() -> None:
    for en, _hi in list(LABELS.values()) + _hindi_catalogue():
        assert "(s)" not in en, en
    assert counted(1, "group", "groups") == "1 group"
    assert counted(0, "group", "groups") == "0 groups"
    assert counted(1_234, "group", "groups") == "1,234 groups"
    assert counted(0, "समूह", "समूहों", "hi") == "0 समूह"
    assert counted(3, "समूह", "समूहों", "hi") == "3 समूहों"


def test_the_html_report_has_no_doubled_brackets_or_s_plurals() -> None:
    html = render_html(_small_review(_deps(0.4, 0.9, 0.8, 0.6)))
    for bad in ("((", "))", "(s)"):
        assert bad not in html, bad
    assert "only 40%" in html and "केवल 40%" in html  # the top3_note, in both languages


def _small_review(deps: list[dict[str, Any]]) -> dict[str, Any]:
    """A review document by hand: four ranked departments whose podium the re-runs doubt."""
    method = load_method()
    pillars = list(method.as_json()["weights"]["pillars"])
    departments = []
    for d in deps:
        departments.append({
            **d, "status": "ranked", "score": 70.0 - d["rank"], "median_rank": d["rank"],
            "rank_interval": [1, 5], "tier": 1, "size_group": "A", "group_rank": d["rank"],
            "pillars": dict.fromkeys(pillars, 50.0), "coverage": {"overall": 1.0},
            "trend": None, "flags": [{
                "kind": "engagement_anomaly", "posts": 1, "detail_en": "1 post drew engagement",
                "detail_hi": "1 पोस्ट", "example_en": "", "example_hi": "",
            }],
            "explanation": {"helped": [], "hurt": [], "to_top3": []},
        })
    return {
        "quarter": "2024Q3", "fiscal_quarter": "FY2024-25Q2", "state": "Uttarakhand",
        "period": {"first_day": "2024-07-01", "last_day": "2024-09-30"}, "data": "sample",
        "method": method.as_json(), "publication": None, "uncertainty": {"runs": 1000, "seed": 1},
        "unavailable_pillars": [], "top3": [d["id"] for d in deps[:3]],
        "top3_note": top3_note(departments, method.top3, 1000), "departments": departments,
    }


def test_a_change_that_rounds_to_zero_has_no_sign() -> None:
    from sushasan.web.render import _signed

    assert [_signed(v, "en") for v in (-0.04, 0.04, -1.26, 2.0, None)] == [
        "0.0", "0.0", "−1.3", "+2.0", "—"]
