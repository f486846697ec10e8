"""The top-3 honesty note: the podium is awarded by point score, and the review says so in
plain words whenever the uncertainty analysis disagrees with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sushasan.analytics.method import load_method
from sushasan.analytics.top3 import Top3Rule, top3_note
from sushasan.errors import ConfigError


def _deps(*shares: float) -> list[dict[str, Any]]:
    return [
        {"id": f"d{i}", "name_en": f"Dept {i}", "name_hi": f"विभाग {i}", "rank": i,
         "top3_share": s}
        for i, s in enumerate(shares, start=1)
    ]


def test_no_note_when_the_podium_and_the_reruns_agree() -> None:
    assert top3_note(_deps(0.99, 0.9, 0.8, 0.2, 0.1), Top3Rule(), 1000) is None


def test_a_top3_department_most_reruns_leave_out_gets_a_note_in_both_languages() -> None:
    # The sample's 2024Q2: #1 has a 45% chance, #2 95%.
    note = top3_note(_deps(0.446, 0.948, 0.786, 0.148), Top3Rule(), 1000)
    assert note is not None and set(note) == {"en", "hi"}
    assert "Dept 1 (rank 1) was in the top 3 in only 45% of 1,000 re-runs." in note["en"]
    assert "awarded by point score" in note["en"]
    assert "विभाग 1 (रैंक 1) 1,000 पुनर्गणनाओं में से केवल 45% में शीर्ष 3 में रहा।" in note["hi"]
    assert "Dept 2" not in note["en"]


def test_a_department_outside_the_top3_placed_there_more_often_than_one_inside() -> None:
    note = top3_note(_deps(0.99, 0.95, 0.55, 0.6, 0.1), Top3Rule(), 1000)
    assert note is not None
    assert "Dept 4 (rank 4, outside the top 3) was in the top 3 more often (60%) than Dept 3 " \
           "(rank 3, 55%)." in note["en"]
    assert "विभाग 4 (रैंक 4, शीर्ष 3 से बाहर)" in note["hi"]
    assert "Dept 5" not in note["en"]
    off = Top3Rule(note_outside_above_inside=False)
    assert top3_note(_deps(0.99, 0.95, 0.55, 0.6, 0.1), off, 1000) is None


def test_the_threshold_is_the_method_files() -> None:
    deps = _deps(0.62, 0.9, 0.8, 0.1)
    assert top3_note(deps, Top3Rule(note_below_share=0.5), 1000) is None
    assert top3_note(deps, Top3Rule(note_below_share=0.7), 1000) is not None


def test_without_uncertainty_there_is_no_note() -> None:
    deps = [{**d, "top3_share": None} for d in _deps(0.1, 0.1, 0.1, 0.9)]
    assert top3_note(deps, Top3Rule(), None) is None


def test_the_method_file_names_the_award_rule_and_the_threshold(tmp_path: Path) -> None:
    m = load_method()
    block = m.as_json()["top3_rule"]
    assert block["awarded_by"] == "point_score"
    assert "highest point scores" in block["award_en"] and "अंक सबसे अधिक" in block["award_hi"]
    assert block["note_below_share"] == 0.5
    old = load_method(Path(m.source).with_name("sushasan-2024.1.yaml"))
    assert old.top3 == Top3Rule()  # older files get the same rule
    bad = tmp_path / "m.yaml"
    text = Path(m.source).read_text(encoding="utf-8")
    bad.write_text(text.replace("note_below_share: 0.5", "note_below_share: 5"), encoding="utf-8")
    with pytest.raises(ConfigError, match="note_below_share"):
        load_method(bad)


def test_a_crowd_outside_the_top3_is_named_three_deep_then_counted() -> None:
    # Shares that print alike (55% vs 55%) are not "more often"; the strongest are named first.
    note = top3_note(_deps(0.99, 0.95, 0.551, 0.554, 0.7, 0.8, 0.65, 0.6, 0.9), Top3Rule(), 1000)
    assert note is not None
    named = [f"Dept {i} (rank {i}, outside" for i in range(4, 10)]
    assert [n in note["en"] for n in named] == [False, True, True, False, False, True]
    assert "Dept 9 (rank 9, outside the top 3) was in the top 3 more often (90%)" in note["en"]
    assert "So were 2 other departments outside the top 3." in note["en"]
    assert "2 अन्य विभाग" in note["hi"]
