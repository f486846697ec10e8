"""Live X ingestion replayed from recorded and hand-made API responses through a local transport.

Covers paging, the cursor (never ahead of stored data), crash and resume between pages, records
sharing a timestamp at a page boundary, rate limits in both of X's forms, a read budget, and one
failing account not stopping the others. Nothing here touches the network. The tests marked
``realdata`` replay X's own recorded answers from shared/realdata/api (skipped without that
folder, mandatory in CI).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from sushasan.app import Sushasan
from sushasan.config import Config
from tests.conftest import REALDATA, Cli
from tests.replay import Replay

X = REALDATA / "api" / "x_twitter"
REG = (
    "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
    "alpha,Alpha Department,अल्फा विभाग,department,,alpha_dept,,,,\n"
    "beta,Beta Department,बीटा विभाग,department,,beta_dept,,,,\n"
)


@pytest.fixture
def data_dir(sushasan: Cli) -> Path:
    sushasan.registered(REG)
    return sushasan.data_dir


def _app(data_dir: Path, replay: Replay, budget: int = 10_000) -> Sushasan:
    env = {"SUSHASAN_X_BEARER_TOKEN": "test-token", "SUSHASAN_X_READ_BUDGET": str(budget)}
    return Sushasan(Config.load(env=env, data_dir=str(data_dir)), transport=replay.transport())


def _user(uid: str, name: str, followers: int = 1000) -> dict[str, Any]:
    return {"data": {"id": uid, "username": name, "name": name,
                     "public_metrics": {"followers_count": followers, "following_count": 5,
                                        "tweet_count": 10, "listed_count": 0}}}


def _tweet(tid: int, author: str, at: str, likes: int = 1) -> dict[str, Any]:
    return {"id": str(tid), "text": f"सूचना {tid}", "author_id": author, "created_at": at,
            "conversation_id": str(tid),
            "public_metrics": {"like_count": likes, "reply_count": 0, "retweet_count": 0,
                               "quote_count": 0}}


def _page(tweets: list[dict[str, Any]], next_token: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"result_count": len(tweets)}
    if tweets:
        meta |= {"newest_id": tweets[0]["id"], "oldest_id": tweets[-1]["id"]}
    if next_token:
        meta["next_token"] = next_token
    return {"data": tweets, "meta": meta} if tweets else {"meta": meta}


def _posts(data_dir: Path) -> list[str]:
    files = list((data_dir / "lake" / "post").rglob("*.parquet"))
    if not files:
        return []
    con = duckdb.connect()
    return [r[0] for r in con.execute(
        f"SELECT post_id FROM read_parquet({[str(f) for f in files]!r}) ORDER BY post_id"
    ).fetchall()]


EMPTY = {"meta": {"result_count": 0}}


@pytest.mark.realdata
def test_real_timeline_pages_are_fetched_stored_and_cursored(data_dir: Path) -> None:
    r = Replay()
    r.add_json("/2/users/by/username/alpha_dept", _user("460255655", "alpha_dept", 5300))
    r.add_file("/2/users/460255655/tweets", X / "academictwitteR_httptest"
               / "2_users_460255655_tweets-d24b15.json")
    r.add_json("/2/users/460255655/tweets", _page([], None))
    r.add_json("/2/users/460255655/mentions", EMPTY)
    r.add_json("/2/users/by/username/beta_dept", _user("2", "beta_dept"))
    r.add_json("/2/users/2/tweets", EMPTY)
    r.add_json("/2/users/2/mentions", EMPTY)
    app = _app(data_dir, r)
    report = app.ingest(["x"])
    assert not report.failures and not report.stopped
    assert len(report.accounts_done) == 2
    timeline = [q for q in r.requests if q.url.path == "/2/users/460255655/tweets"]
    assert "pagination_token" not in timeline[0].url.params
    token = "7140dibdnow9c7btw3w4sp4d62kxfjas0dxxpk3q5wmr9"  # meta.next_token of the real page
    assert timeline[1].url.params["pagination_token"] == token
    assert timeline[0].headers["authorization"] == "Bearer test-token"
    cursor = app.desk.get_cursor("x", "alpha_dept", "timeline")
    assert cursor == {"since_id": "1400188008909922306"}  # the first page's newest_id
    stored = _posts(data_dir)
    assert stored, "the department's own tweets on the real page are stored as posts"
    pages = sorted((data_dir / "raw" / "api" / "x" / "alpha_dept" / "timeline").glob("*.json"))
    assert len(pages) == 2
    landed = json.loads(pages[0].read_text(encoding="utf-8"))
    assert landed["status"] == 200 and "test-token" not in pages[0].read_text(encoding="utf-8")
    # The next run asks only for newer tweets.
    again = _app(data_dir, Replay()
                 .add_json("/2/users/by/username/alpha_dept", _user("460255655", "alpha_dept"))
                 .add_json("/2/users/460255655/tweets", EMPTY)
                 .add_json("/2/users/460255655/mentions", EMPTY)
                 .add_json("/2/users/by/username/beta_dept", _user("2", "beta_dept"))
                 .add_json("/2/users/2/tweets", EMPTY).add_json("/2/users/2/mentions", EMPTY))
    again.ingest(["x"])
    assert _posts(data_dir) == stored


def _three_pages(r: Replay) -> list[str]:
    """Newest first; tweets 105/104 and 103/102 share a second across page boundaries."""
    same_a, same_b = "2024-08-01T10:00:00.000Z", "2024-07-20T09:00:00.000Z"
    p1 = [_tweet(106, "11", "2024-08-02T10:00:00.000Z"), _tweet(105, "11", same_a)]
    p2 = [_tweet(104, "11", same_a), _tweet(103, "11", same_b)]
    p3 = [_tweet(102, "11", same_b), _tweet(101, "11", "2024-07-01T10:00:00.000Z")]
    r.add_json("/2/users/by/username/alpha_dept", _user("11", "alpha_dept"))
    r.add_json("/2/users/11/tweets", _page(p1, "t2"))
    r.add_json("/2/users/11/tweets", _page(p2, "t3"))
    r.add_json("/2/users/11/tweets", _page(p3, None))
    r.add_json("/2/users/11/mentions", EMPTY)
    r.add_json("/2/users/by/username/beta_dept", _user("12", "beta_dept"))
    r.add_json("/2/users/12/tweets", EMPTY)
    r.add_json("/2/users/12/mentions", EMPTY)
    return [str(i) for i in range(101, 107)]


def test_crash_between_pages_then_resume_loses_and_doubles_nothing(data_dir: Path) -> None:
    crashing = Replay()
    _three_pages(crashing)

    def kill_on_page_two(request: Any, n: int) -> None:
        if request.url.params.get("pagination_token") == "t2":
            raise RuntimeError("process killed")

    crashing.fail_on = kill_on_page_two
    app = _app(data_dir, crashing)
    with pytest.raises(RuntimeError, match="killed"):
        app.ingest(["x"])
    # Page one is stored, and the cursor says exactly that: resume at t2, no since_id yet.
    assert _posts(data_dir) == ["105", "106"]
    assert app.desk.get_cursor("x", "alpha_dept", "timeline") == {
        "since_id": None, "pending": {"next_token": "t2", "newest_id": "106"}
    }
    resumed = Replay()
    expected = _three_pages(resumed)
    resumed.routes["/2/users/11/tweets"].pop(0)  # the server continues from t2
    app2 = _app(data_dir, resumed)
    report = app2.ingest(["x"])
    assert not report.failures
    first = next(q for q in resumed.requests if q.url.path == "/2/users/11/tweets")
    assert first.url.params["pagination_token"] == "t2"
    assert _posts(data_dir) == expected  # 104 and 102, which share a second, are both there
    assert app2.desk.get_cursor("x", "alpha_dept", "timeline") == {"since_id": "106"}


@pytest.mark.realdata
def test_rate_limit_stops_the_platform_cleanly(data_dir: Path) -> None:
    r = Replay().add_file("/2/users/by/username/alpha_dept",
                          X / "academictwitteR_rate_limit_429" / "rate_limit_429.json")
    report = _app(data_dir, r).ingest(["x"], max_wait=5)
    assert report.stopped and "Rate limit exceeded" in report.stopped[0]
    assert not report.failures
    # The recorded reset lies in the past, so each try waits 0 s; after three tries X is left
    # for this run, and no other account is asked.
    assert {q.url.path for q in r.requests} == {"/2/users/by/username/alpha_dept"}


def test_json_429_with_a_short_reset_is_waited_out(data_dir: Path) -> None:
    r = Replay()
    r.add_json("/2/users/by/username/alpha_dept",
               {"title": "Too Many Requests", "detail": "Too Many Requests",
                "type": "about:blank", "status": 429}, status=429,
               headers={"x-rate-limit-reset": "0", "x-rate-limit-remaining": "0"})
    r.add_json("/2/users/by/username/alpha_dept", _user("11", "alpha_dept"))
    r.add_json("/2/users/11/tweets", EMPTY).add_json("/2/users/11/mentions", EMPTY)
    r.add_json("/2/users/by/username/beta_dept", _user("12", "beta_dept"))
    r.add_json("/2/users/12/tweets", EMPTY).add_json("/2/users/12/mentions", EMPTY)
    waits: list[float] = []
    report = _app(data_dir, r).ingest(["x"], max_wait=60, sleep=waits.append)
    assert not report.stopped and not report.failures
    assert len(report.accounts_done) == 2 and waits


@pytest.mark.realdata
def test_a_failing_account_does_not_stop_the_others(data_dir: Path) -> None:
    r = Replay()
    r.add_file("/2/users/by/username/alpha_dept",
               X / "academictwitteR_httptest" / "2_tweets_search_all-90b063.json")  # real 401
    r.add_json("/2/users/by/username/beta_dept", _user("12", "beta_dept"))
    r.add_json("/2/users/12/tweets", _page([_tweet(7, "12", "2024-08-01T00:00:00.000Z")], None))
    r.add_json("/2/users/12/mentions", EMPTY)
    report = _app(data_dir, r).ingest(["x"])
    assert len(report.failures) == 1 and "alpha_dept" in report.failures[0]
    assert "Unauthorized" in report.failures[0]
    assert report.accounts_done == ["x:@beta_dept (beta)"]
    assert _posts(data_dir) == ["7"]


def test_read_budget_stops_cleanly_with_what_to_do(data_dir: Path) -> None:
    r = Replay()
    _three_pages(r)
    report = _app(data_dir, r, budget=3).ingest(["x"])
    assert report.stopped and "read budget of 3" in report.stopped[0]
    assert "SUSHASAN_X_READ_BUDGET" in report.stopped[0]
    # What was read before the budget ran out is stored, and the cursor says where to go on.
    assert _posts(data_dir) == ["103", "104", "105", "106"]


def test_transient_server_errors_are_retried(data_dir: Path) -> None:
    r = Replay()
    r.add_json("/2/users/by/username/alpha_dept", {"title": "Service Unavailable"}, status=503)
    r.add_json("/2/users/by/username/alpha_dept", _user("11", "alpha_dept"))
    r.add_json("/2/users/11/tweets", EMPTY).add_json("/2/users/11/mentions", EMPTY)
    r.add_json("/2/users/by/username/beta_dept", _user("12", "beta_dept"))
    r.add_json("/2/users/12/tweets", EMPTY).add_json("/2/users/12/mentions", EMPTY)
    report = _app(data_dir, r).ingest(["x"], sleep=lambda s: None)
    assert not report.failures and len(report.accounts_done) == 2


def test_ingest_without_a_token_says_what_to_set(sushasan: Cli, data_dir: Path) -> None:
    out = sushasan("ingest", ok=False).output
    assert "SUSHASAN_X_BEARER_TOKEN" in out
    out = sushasan("ingest", "--platform", "youtube", ok=False).output
    assert "SUSHASAN_YOUTUBE_API_KEY" in out
    out = sushasan("ingest", "--platform", "instagram", ok=False).output
    assert "SUSHASAN_INSTAGRAM_ACCESS_TOKEN" in out


def test_a_complete_window_counts_as_covered_even_without_posts(data_dir: Path) -> None:
    from datetime import UTC, date, datetime

    r = Replay()
    r.add_json("/2/users/by/username/alpha_dept", _user("11", "alpha_dept"))
    r.add_json("/2/users/11/tweets", EMPTY).add_json("/2/users/11/mentions", EMPTY)
    r.add_json("/2/users/by/username/beta_dept", _user("12", "beta_dept"))
    r.add_json("/2/users/12/tweets", EMPTY).add_json("/2/users/12/mentions", EMPTY)
    app = _app(data_dir, r)
    app.ingest(["x"], since=datetime(2024, 7, 1, tzinfo=UTC))
    spans = app.desk.coverage_spans(date(2024, 7, 1), date(2024, 9, 30), sample=False)
    assert {s.department_id for s in spans} == {"alpha", "beta"}
    assert all(s.first_day == date(2024, 7, 1) for s in spans)
    first = next(q for q in r.requests if q.url.path == "/2/users/11/tweets")
    assert first.url.params["start_time"] == "2024-07-01T00:00:00Z"
