"""Replies from the desk: posted against a local server that answers the way each platform does
(X's 201 and problem bodies, Graph's ``{"id"}`` and error bodies, YouTube's comment resource and
reasons), with the clock frozen and every sleep recorded instead of slept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2
import pytest

from sushasan.config import Config
from sushasan.desk.trail import events
from sushasan.grievances.tickets.lifecycle import Action
from sushasan.grievances.tickets.replies import draft_text, reply_problem
from sushasan.grievances.wiring import Grievances
from sushasan.platforms._reply import Deferred, Posted, Refused, Unknown, post_reply
from sushasan.platforms.facebook.reply import facebook_replies
from sushasan.platforms.x.reply import XReplies, x_length
from sushasan.platforms.youtube.reply import YouTubeReplies
from tests.conftest import Cli
from tests.parts import realdata_dir
from tests.replyserver import Platform, serve_platform

NOW = datetime(2024, 8, 5, 6, 0, tzinfo=UTC)

X_CREATED = {"data": {"id": "1820390000000000001", "edit_history_tweet_ids":
                      ["1820390000000000001"], "text": "reply"}}
X_DELETED = {"detail": "You attempted to reply to a Tweet that is deleted or not visible to you.",
             "type": "about:blank", "title": "Forbidden", "status": 403}
GRAPH_TRANSIENT = {"error": {"message": "An unexpected error has occurred. Please retry your "
                             "request later.", "type": "OAuthException", "is_transient": True,
                             "code": 2, "fbtrace_id": "AbCdEf"}}
GRAPH_GONE = {"error": {"message": "Unsupported post request. Object with ID '123_456' does not "
                        "exist, cannot be loaded due to missing permissions, or does not "
                        "support this operation.", "type": "GraphMethodException", "code": 100,
                        "error_subcode": 33, "fbtrace_id": "AbCdEf"}}
YT_GONE = {"error": {"code": 404, "message": "The comment identified by the request's parentId "
                     "parameter could not be found.", "errors": [
                         {"message": "The comment could not be found.", "domain": "youtube.comment",
                          "reason": "commentNotFound"}]}}


@pytest.fixture
def platform() -> Iterator[Platform]:
    with serve_platform() as state:
        yield state


def _post(poster: Any, timeout: float = 5.0) -> tuple[Any, list[float]]:
    slept: list[float] = []
    with httpx2.Client(timeout=timeout) as client:
        out = post_reply(poster, client, "1820000000000000042", "Docket SUS-2024-000001",
                         sleep=slept.append, now=lambda: NOW)
    return out, slept


def test_x_reply_goes_to_the_citizens_tweet_with_the_user_token(platform: Platform) -> None:
    platform.answer(201, X_CREATED)
    out, _ = _post(XReplies(platform.url + "/2", "user-token"))
    assert isinstance(out, Posted) and out.platform_id == "1820390000000000001"
    assert out.url == "https://x.com/i/web/status/1820390000000000001"
    (req,) = platform.posts
    assert req["path"] == "/2/tweets"
    assert req["headers"]["Authorization"] == "Bearer user-token"
    assert json.loads(req["body"]) == {"text": "Docket SUS-2024-000001",
                                       "reply": {"in_reply_to_tweet_id": "1820000000000000042"}}


def test_x_429_waits_until_the_reset_then_posts(platform: Platform) -> None:
    reset = str(int(NOW.timestamp()) + 7)
    platform.answer(429, "Rate limit exceeded\n", {"x-rate-limit-limit": "200",
                                                   "x-rate-limit-remaining": "0",
                                                   "x-rate-limit-reset": reset})
    platform.answer(201, X_CREATED)
    out, slept = _post(XReplies(platform.url, "t"))
    assert isinstance(out, Posted) and out.attempts == 2
    assert slept == [7.0]
    assert len(platform.posts) == 2


def test_a_reset_far_away_defers_the_reply_instead_of_blocking(platform: Platform) -> None:
    platform.answer(429, {"title": "Too Many Requests", "detail": "Too Many Requests",
                          "type": "about:blank", "status": 429},
                    {"x-rate-limit-reset": str(int(NOW.timestamp()) + 900)})
    out, slept = _post(XReplies(platform.url, "t"))
    assert isinstance(out, Deferred) and out.wait_s == 900.0 and slept == []


def test_graph_5xx_then_success(platform: Platform) -> None:
    platform.answer(500, GRAPH_TRANSIENT)
    platform.answer(200, {"id": "123_789"})
    out, slept = _post(facebook_replies(platform.url + "/v21.0", "page-token"))
    assert isinstance(out, Posted) and out.platform_id == "123_789" and out.attempts == 2
    assert len(slept) == 1
    first = platform.posts[0]
    assert first["path"] == "/v21.0/1820000000000000042/comments"
    assert "message=Docket" in first["body"] and "access_token=page-token" in first["body"]


def test_x_timeout_after_the_platform_accepted_never_posts_twice(platform: Platform) -> None:
    platform.answer(201, X_CREATED, delay=1.0)
    platform.answer(201, X_CREATED)  # would be a second reply, if we asked
    out, _ = _post(XReplies(platform.url, "t"), timeout=0.3)
    assert isinstance(out, Unknown) and "ReadTimeout" in out.message
    assert len(platform.posts) == 1


def test_youtube_looks_for_its_reply_after_a_lost_answer(platform: Platform) -> None:
    platform.answer(200, {"kind": "youtube#comment", "id": "Ugx1"}, delay=1.0)
    platform.gets.append((200, {"kind": "youtube#commentListResponse", "items": [
        {"kind": "youtube#comment", "id": "Ugx1.reply9",
         "snippet": {"textOriginal": "Docket SUS-2024-000001", "videoId": "vid42"}}]}))
    out, _ = _post(YouTubeReplies(platform.url, "oauth"), timeout=0.3)
    assert isinstance(out, Posted) and out.found_by_check
    assert out.url == "https://www.youtube.com/watch?v=vid42&lc=Ugx1.reply9"
    assert len(platform.posts) == 1
    assert json.loads(platform.posts[0]["body"]) == {
        "snippet": {"parentId": "1820000000000000042", "textOriginal": "Docket SUS-2024-000001"}}


@pytest.mark.parametrize(("make", "status", "body", "says"), [
    (lambda url: XReplies(url, "t"), 403, X_DELETED, "deleted or not visible"),
    (lambda url: facebook_replies(url, "p"), 400, GRAPH_GONE, "does not exist"),
    (lambda url: YouTubeReplies(url, "o"), 404, YT_GONE, "could not be found"),
])
def test_a_deleted_parent_is_a_permanent_error_with_the_platforms_words(
        platform: Platform, make: Any, status: int, body: Any, says: str) -> None:
    platform.answer(status, body)
    out, slept = _post(make(platform.url))
    assert isinstance(out, Refused) and out.permanent and says in out.message
    assert slept == [] and len(platform.posts) == 1


def test_x_counts_urls_as_23_and_devanagari_per_code_point() -> None:
    assert x_length("see https://example.com/a/very/long/path/indeed") == 4 + 23
    assert x_length("पानी") == 4
    assert x_length("😀") == 2
    on_x = {"x": XReplies("u", "")}
    assert reply_problem("x", "क" * 280, on_x) is None
    assert "limit is 280" in (reply_problem("x", "क" * 281, on_x) or "")
    assert "phone" in (reply_problem("facebook", "call 98765 43210") or "")


REGISTRY = ("id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
            "jal_sansthan,Uttarakhand Jal Sansthan,उत्तराखण्ड जल संस्थान,undertaking,"
            "paani;पानी;water supply,jal_x,,,,\n")


def _triaged(sushasan: Cli) -> None:
    sushasan.registered(REGISTRY)
    sushasan.import_records([
        {"record": "coverage", "platform": "x", "account_id": "jal_x",
         "first_day": "2024-07-01", "last_day": "2024-09-30"},
        {"record": "interaction", "platform": "x", "account_id": "jal_x",
         "interaction_id": "1820000000000000042", "created_at": "2024-08-05T04:30:00Z",
         "kind": "mention", "text": "No water supply in Rajpur Road since Monday, please send a "
         "tanker @jal_x", "author_handle": "citizen_a"},
    ])
    sushasan("grievances", "triage")


def test_an_acknowledgement_from_a_triaged_mention_reaches_x_with_the_docket(
        sushasan: Cli, platform: Platform) -> None:
    _triaged(sushasan)
    config = Config.load(env={}, data_dir=sushasan.data_dir, x_api_url=platform.url + "/2",
                         x_user_token="user-ctx")
    from sushasan.app import Sushasan

    app = Sushasan(config)
    g = Grievances(config, app.desk, app.lake, clock=lambda: NOW)
    (ticket,) = g.tickets.list(_admin())
    g.tickets.act(ticket.docket, Action("acknowledge"), _admin())
    (queued,) = g.replies()
    assert queued.state == "queued" and ticket.docket in queued.text
    assert draft_text("acknowledge", ticket).splitlines()[1] in queued.text  # English line
    platform.answer(201, X_CREATED)
    report = g.send_replies("officer1", sleep=lambda s: None)
    assert report.sent == 1
    (req,) = platform.posts
    sent = json.loads(req["body"])
    assert sent["reply"] == {"in_reply_to_tweet_id": "1820000000000000042"}
    assert ticket.docket in sent["text"] and req["headers"]["Authorization"] == "Bearer user-ctx"
    (done,) = g.replies()
    assert (done.state, done.platform_id) == ("sent", "1820390000000000001")
    # the department's reply is in the lake, answering the citizen's tweet
    import pyarrow.parquet as pq

    lake = [r for f in app.lake.files("interaction") for r in pq.read_table(f).to_pylist()]
    mine = [r for r in lake if r["from_department"]]
    assert mine and mine[0]["in_reply_to_id"] == "1820000000000000042"
    assert mine[0]["interaction_id"] == "1820390000000000001"
    actions = [e.action for e in events(app.desk, "reply")]
    assert actions[:3] == ["reply.sent", "reply.sending", "reply.queued"]
    # sending again posts nothing more
    assert g.send_replies("officer1").sent == 0 and len(platform.posts) == 1
    listing = sushasan("replies", "list").output
    assert "sent" in listing and ticket.docket in listing


def test_a_disposal_that_echoes_a_phone_number_stays_a_draft(sushasan: Cli) -> None:
    _triaged(sushasan)
    config = Config.load(env={}, data_dir=sushasan.data_dir)
    from sushasan.app import Sushasan

    app = Sushasan(config)
    g = Grievances(config, app.desk, app.lake, clock=lambda: NOW)
    (ticket,) = g.tickets.list(_admin())
    g.tickets.act(ticket.docket, Action("dispose", resolution="resolved",
                                        reply="Tanker sent; call 98765 43210"), _admin())
    (r,) = g.replies()
    assert r.state == "draft" and "personal data (phone)" in (r.error or "")
    assert g.move_reply(r.id, "queued", "officer1", "Tanker sent to Rajpur Road.")
    assert g.replies()[0].state == "queued"


def _admin() -> Any:
    from sushasan.grievances.tickets.desk import Actor

    return Actor("officer1", "admin")


@pytest.mark.realdata
def test_the_recorded_x_429_served_again_is_waited_out(platform: Platform) -> None:
    recorded = json.loads((realdata_dir() / "api" / "x_twitter" /
                           "academictwitteR_rate_limit_429" / "rate_limit_429.json")
                          .read_text(encoding="utf-8"))["response"]
    headers = {k: v for k, v in recorded["headers"].items()
               if k.startswith("x-rate-limit")}
    platform.answer(recorded["status"], recorded["body"], headers)
    platform.answer(201, X_CREATED)
    reset = datetime.fromtimestamp(int(headers["x-rate-limit-reset"]), UTC)
    slept: list[float] = []
    with httpx2.Client(timeout=5.0) as client:
        out = post_reply(XReplies(platform.url, "t"), client, "1", "hello",
                         sleep=slept.append, now=lambda: reset - timedelta(seconds=30))
    assert isinstance(out, Posted) and slept == [30.0]
