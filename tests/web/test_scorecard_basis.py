"""The scorecard shows raw and counted with the reason, the platform coverage and the account
figures with their basis, and drills down to the posts an adjustment concerns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.web import create_app
from sushasan.web.security import LoginThrottle
from tests.conftest import Cli
from tests.test_review_basis import DAILY, PER_TWEET, _world
from tests.web.conftest import PASSWORDS, SECRET, csrf_of, login, run

QUARTER = "2024Q3"


@pytest.fixture
def client(sushasan: Cli, tmp_path: Path) -> Iterator[TestClient]:
    cli = _world(sushasan)
    # alpha's X account also gets the made-up UKDITOfficial files' days: a daily file and a
    # per-tweet file of the same month, which disagree
    for path, fmt in ((PER_TWEET, "x-analytics-csv"), (DAILY, "x-analytics-daily-csv")):
        text = path.read_text(encoding="utf-8-sig").replace("UKDITOfficial", "alpha_x")
        renamed = tmp_path / path.name.replace("UKDITOfficial", "alpha_x")
        renamed.write_text(text, encoding="utf-8")
        cli("import", "--format", fmt, str(renamed))
    cli("review", "--quarter", QUARTER, "--publish", "--format", "json")
    run(cli.data_dir, "users", "add", "reviewer", "--role", "reviewer",
        stdin=PASSWORDS["reviewer"] + "\n")
    core = Sushasan(Config.load(env=SECRET, data_dir=str(cli.data_dir)))
    app = create_app(core, throttle=LoginThrottle(limit=1000), env=SECRET)
    c = login(TestClient(app), "reviewer")
    c.post("/language", data={"lang": "en", "csrf_token": csrf_of(c.get("/public").text)})
    yield c
    core.close()


def test_scorecard_raw_counted_and_drill_to_the_posts_left_out(client: TestClient) -> None:
    html = client.get(f"/departments/alpha/{QUARTER}").text
    for text in ("Found in the records", "Counted", "Why they differ",
                 "Near-duplicate posts left out", "per-post export",
                 "Coverage and imputation by platform", "Account-level figures and their basis",
                 "daily account file", "Per-post counts run to the day the file was exported"):
        assert text in html, text
    link = re.search(r'href="(/departments/alpha/2024Q3/indicators/posts\?subset=excluded)"', html)
    assert link, "no drill-down to the posts left out"
    page = client.get(link.group(1)).text
    assert "Posts left out as near-duplicates" in page
    assert "2 records in the quarter" in page  # a1 and a2, the repeats of a0
    assert page.count("Jan Seva Kendra helpline 1905") == 2
    everything = client.get(f"/departments/alpha/{QUARTER}/indicators/posts").text
    assert "records in the quarter" in everything and "2 records" not in everything
    assert client.get(f"/departments/alpha/{QUARTER}/indicators/posts?subset=bogus"
                      ).status_code == 422
