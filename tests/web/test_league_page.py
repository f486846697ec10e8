"""The league table as a Chief Minister reads it: change since last quarter, the website
column's dash explained, the top-3 note when the podium is uncertain, in Hindi and English."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from sushasan.web.render import environment
from tests.web.conftest import QUARTER

NOTE = {"en": "The top 3 are awarded by point score, but …", "hi": "शीर्ष 3 का सम्मान अंकों …"}


def test_the_league_shows_change_and_explains_the_website_dash(
    clients: dict[str, TestClient],
) -> None:
    html = clients["reviewer"].get(f"/league/{QUARTER}").text
    lang = re.search(r'<html lang="(\w+)">', html)[1]  # the user's stored choice
    assert ("Change since 2024Q2" if lang == "en" else "2024Q2 से परिवर्तन") in html
    assert re.search(r'<td class="num change">(<span aria-hidden="true" class="(up|down)">'
                     r'|<span aria-hidden="true">=</span>)', html)
    assert 'id="website-note"' in html and 'href="#website-note"' in html
    assert ("not audited" if lang == "en" else "ऑडिट नहीं हुआ") in html


def test_change_cell_says_up_down_same_and_new() -> None:
    env = environment("en")
    cell = env.from_string(
        '{% from "_league_cells.html" import change with context %}{{ change(d) }}'
    )

    def trend(rank: int | None, change: int | None, score: float | None) -> dict[str, Any]:
        return {"rank": 4, "trend": {"previous_quarter": "2024Q2", "previous_rank": rank,
                                     "rank_change": change, "score_change": score}}
    up = cell.render(d=trend(6, 2, 1.5))
    assert "▲2" in up and "up 2 places" in up and "(+1.5)" in up
    down = cell.render(d=trend(3, -1, -0.5))
    assert "▼1" in down and "down 1 place" in down and "(−0.5)" in down
    assert "same place" in cell.render(d=trend(4, 0, 0.0))
    assert "new" in cell.render(d=trend(None, None, None))
    assert cell.render(d={"rank": 4, "trend": None}) == "—"
    hi = environment("hi").from_string(
        '{% from "_league_cells.html" import change with context %}{{ change(d) }}'
    ).render(d=trend(6, 2, 1.0))
    assert "2 स्थान ऊपर" in hi


def test_the_top3_note_shows_in_the_page_language_and_old_reviews_still_render() -> None:
    for lang in ("en", "hi"):
        tpl = environment(lang).get_template("_top3_note.html")
        assert NOTE[lang] in tpl.render(review={"top3_note": NOTE})
        assert tpl.render(review={"top3_note": None}).strip() == ""
        assert tpl.render(review={}).strip() == ""  # published before the note existed
        notes = environment(lang).get_template("_league_notes.html")
        old = {"method": {"weights": {}}}
        assert "website-note" in notes.render(review=old, pillars=["website"])
