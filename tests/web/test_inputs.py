"""The last input gaps, closed: far-away quarters are a clear 422 (never a 500), and the CLI says
why without a traceback; spreadsheet cells that only start with a formula after white space
or control characters are neutralised too."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sushasan.errors import QuarterError, QuarterRangeError
from sushasan.quarters import Quarter
from sushasan.reports.xlsx import formula_safe
from tests.conftest import Cli
from tests.web.conftest import OWN, csrf_of

FAR = ("9999Q4", "1999Q4", "FY2150-51Q1", "2101Q1", "FY1998-99Q2")
PAGES = ("/league/{q}", f"/departments/{OWN}/{{q}}", f"/departments/{OWN}/{{q}}/indicators/x",
         "/exports/{q}.csv", "/exports/{q}.xlsx", "/public/{q}", "/api/reviews/{q}",
         "/api/reviews/{q}?draft=true")


@pytest.mark.parametrize("quarter", FAR)
def test_quarters_out_of_range_are_a_clear_422_everywhere(
    clients: dict[str, TestClient], quarter: str
) -> None:
    admin = clients["admin"]
    for path in PAGES:
        r = admin.get(path.format(q=quarter))
        assert r.status_code == 422, (path, r.status_code, r.text[:200])
        if path.startswith("/api/") and quarter[0].isdigit():
            assert "reviews cover the years 2000 to 2100" in r.json()["detail"]
    # Publishing from the admin page.
    token = csrf_of(admin.get("/admin/reviews").text)
    r = admin.post("/admin/reviews", data={"quarter": quarter, "csrf_token": token})
    assert r.status_code == 422


def test_a_server_error_is_never_the_answer_to_a_quarter(web: FastAPI) -> None:
    client = TestClient(web, raise_server_exceptions=False)
    for quarter in ("9999Q4", "10000Q1", "0000Q1", "2024Q9", "FY9999-00Q4",
                    "99999999999999999999Q1"):
        assert client.get(f"/public/{quarter}").status_code in (404, 422)


def test_quarter_parse_bounds() -> None:
    assert Quarter.parse("2100Q4").next() == Quarter(2101, 1)  # the last one still has a next
    assert str(Quarter.parse("FY2099-00Q4")) == "2100Q1"
    for text in FAR:
        with pytest.raises(QuarterRangeError):
            Quarter.parse(text)
    with pytest.raises(QuarterError) as exc:
        Quarter.parse("2024Q5")
    assert not isinstance(exc.value, QuarterRangeError)


@pytest.mark.parametrize("args", [("review", "--quarter", "9999Q4"),
                                  ("sample", "--quarter", "9999Q4"),
                                  ("review", "--quarter", "1999Q1", "--publish")])
def test_cli_refuses_far_quarters_without_a_traceback(initialised: Cli, args: tuple[str, ...]
                                                      ) -> None:
    result = initialised(*args, ok=False)
    assert result.exit_code == 2
    assert "reviews cover the years 2000 to 2100" in result.output
    assert "Traceback" not in result.output


HOSTILE = ["=1+1", "\t=1+1", "\r=HYPERLINK(\"x\")", " +1", "\n-1", "\x00@SUM(A1)",
           "\x0b=cmd|' /C calc'!A0", "  \t @x"]


@pytest.mark.parametrize("cell", HOSTILE)
def test_formula_guard_covers_leading_whitespace_and_controls(cell: str) -> None:
    safe = formula_safe(cell)
    assert safe == "'" + cell
    # The same through a CSV round trip: the cell no longer starts with what Excel runs.
    buf = io.StringIO()
    csv.writer(buf).writerow([safe])
    assert next(csv.reader(io.StringIO(buf.getvalue())))[0].startswith("'")


def test_formula_guard_leaves_ordinary_text_alone() -> None:
    for text in ("विभाग", "Health Department", "a=b", "  plain", "\tindented", "2024-25", 3):
        assert formula_safe(text) == text
    assert formula_safe("-5") == "'-5"  # as before: a leading minus is a formula's start

