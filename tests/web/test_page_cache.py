"""Pages that cost little: ETag and Last-Modified on the published pages, 304 when the browser
has them, and cache headers on static files."""

from __future__ import annotations

from email.utils import format_datetime, parsedate_to_datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import OWN, QUARTER, csrf_of, login

PAGES = (f"/league/{QUARTER}", f"/departments/{OWN}/{QUARTER}", "/public", f"/public/{QUARTER}")


@pytest.fixture(scope="module")
def reviewer(web: FastAPI) -> TestClient:
    return login(TestClient(web), "reviewer")


@pytest.mark.parametrize("path", PAGES)
def test_a_published_page_answers_304_to_its_own_etag(reviewer: TestClient, path: str) -> None:
    first = reviewer.get(path)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    assert first.headers["cache-control"] == "private, no-cache"
    assert "Cookie" in first.headers["vary"]
    again = reviewer.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    # A stale or foreign tag gets the page again, the same page.
    other = reviewer.get(path, headers={"If-None-Match": 'W/"0000"'})
    assert other.status_code == 200
    assert other.headers["etag"] == etag
    assert other.text == first.text


def test_if_modified_since_counts_only_without_an_etag(reviewer: TestClient) -> None:
    path = f"/league/{QUARTER}"
    first = reviewer.get(path)
    stamp = first.headers["last-modified"]
    assert reviewer.get(path, headers={"If-Modified-Since": stamp}).status_code == 304
    earlier = format_datetime(parsedate_to_datetime(stamp).replace(year=2000), usegmt=True)
    assert reviewer.get(path, headers={"If-Modified-Since": earlier}).status_code == 200
    assert reviewer.get(path, headers={"If-Modified-Since": "not a date"}).status_code == 200
    # With an ETag that does not match, the date is ignored (RFC 9110 13.1.3).
    r = reviewer.get(path, headers={"If-None-Match": 'W/"x"', "If-Modified-Since": stamp})
    assert r.status_code == 200


def test_the_etag_changes_with_the_viewer_and_the_language(web: FastAPI,
                                                            reviewer: TestClient) -> None:
    path = f"/league/{QUARTER}"
    mine = reviewer.get(path).headers["etag"]
    officer = login(TestClient(web), "officer")
    theirs = officer.get(path)
    assert theirs.headers["etag"] != mine
    assert reviewer.get(path, headers={"If-None-Match": theirs.headers["etag"]}
                        ).status_code == 200
    token = csrf_of(officer.get("/public").text)
    before = officer.get(path)
    officer.post("/language", data={"csrf_token": token,
                                    "lang": "en" if 'lang="hi"' in before.text[:200] else "hi",
                                    "next": "/public"})
    after = officer.get(path, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]


def test_drafts_are_never_cached(web: FastAPI) -> None:
    admin = login(TestClient(web), "admin")
    r = admin.get(f"/league/{QUARTER}?draft=true")
    assert r.status_code == 200
    assert "etag" not in r.headers


def test_static_files_carry_cache_control_and_revalidate(reviewer: TestClient) -> None:
    css = reviewer.get("/static/app.css")
    assert css.status_code == 200
    assert css.headers["cache-control"] == "public, max-age=3600"
    assert css.headers["etag"]
    assert css.headers["last-modified"]
    again = reviewer.get("/static/app.css", headers={"If-None-Match": css.headers["etag"]})
    assert again.status_code == 304
    vendor = reviewer.get("/static/vendor/htmx.min.js")
    assert vendor.headers["cache-control"] == "public, max-age=86400"
