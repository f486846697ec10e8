"""API answers → normal records, errors and paging, on real recorded answers and our own pages.

Tests marked ``realdata`` read the recorded answers in shared/realdata/api: they skip on a
machine without that folder and fail in CI (SUSHASAN_REQUIRE_REALDATA=1) if it is missing.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from sushasan import plugins
from sushasan.platforms._api import ApiError, Mapped, Record
from sushasan.platforms._graph import graph_api_error, graph_next_page
from sushasan.platforms._pages import Response, responses
from sushasan.platforms.facebook.map import facebook_comments, facebook_page, facebook_posts
from sushasan.platforms.instagram.map import instagram_comments, instagram_media, instagram_user
from sushasan.platforms.x.map import x_api_error, x_next_page, x_tweets, x_user
from sushasan.platforms.youtube.map import (
    youtube_api_error,
    youtube_channels,
    youtube_comments,
    youtube_next_page,
    youtube_playlist_items,
    youtube_videos,
)
from tests.conftest import REALDATA, Cli

API = REALDATA / "api"
XT = API / "x_twitter" / "academictwitteR_httptest"
FB = API / "facebook_graph" / "sns-sdks_python-facebook"
IG = API / "instagram_graph" / "sns-sdks_python-facebook" / "instagram"
YT = API / "youtube_data_v3" / "sns-sdks_python-youtube"
OWN = Path(__file__).parent / "fixtures" / "api"
NOW = datetime(2021, 6, 25, 11, 40, 23, tzinfo=UTC)


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _recorded(path: Path) -> tuple[int, dict[str, str], str, Any]:
    """(status, headers, body text, body) of an httptest/vcrpy recording."""
    r = _load(path)["response"]
    body = r["body"]
    text = body if isinstance(body, str) else json.dumps(body)
    return r["status"], r["headers"], text, body


def _by_id(mapped: Mapped) -> dict[str, Record]:
    return {
        str(r.fields.get("post_id") or r.fields.get("interaction_id")): r for r in mapped.records
    }


# ------------------------------------------------------------------------------------------ X
@pytest.mark.realdata
def test_x_timeline_posts_replies_and_retweets() -> None:
    *_, body = _recorded(XT / "2_users_460255655_tweets-d24b15.json")
    got = x_tweets(body, account="wunpini_fm", fetched_at=NOW)
    rec = _by_id(got)
    post = rec["1400149452426559488"]  # a quote tweet: public_metrics 31 likes, 14 retweets
    assert post.kind == "post" and post.account == "wunpini_fm"
    assert post.fields["likes"] == 31 and post.fields["shares"] == 14
    assert post.fields["comments"] == 0 and post.fields["metrics_at"] == NOW
    assert post.fields["created_at"] == datetime(2021, 6, 2, 17, 56, 57, tzinfo=UTC)
    assert post.fields["url"] == "https://x.com/wunpini_fm/status/1400149452426559488"
    reply = rec["1400124565624442882"]  # the station answering user 197794984
    assert reply.kind == "interaction" and reply.fields["from_department"] is True
    assert reply.fields["kind"] == "reply"
    assert reply.fields["in_reply_to_id"] == "1400122908333203462"
    assert got.ignored > 0 and got.ignored + len(got.records) == 97  # retweets left out
    assert not got.skipped
    # The real page also carries errors[] about expansions it may not show: data still counts.
    assert got.errors and all("not authorized" in e for e in got.errors)
    assert x_next_page(body) == "7140dibdnow9c7btw3w4sp4d62kxfjas0dxxpk3q5wmr9"


@pytest.mark.realdata
def test_x_mentions_and_account_by_username_or_id() -> None:
    *_, body = _recorded(XT / "2_users_1145936974064177152_mentions-d24b15.json")
    got = x_tweets(body, account="adil_iis")
    assert {r.kind for r in got.records} == {"interaction"}
    first = _by_id(got)["1400118288307277824"].fields
    assert first["author_handle"] == "FOBLeh" and first["kind"] == "mention"
    assert first["from_department"] is False and first["parent_post_id"] == "1400118288307277824"
    # The same page seen as FOBLeh's (matched by id): its own tweet is a post with its metrics.
    own = _by_id(x_tweets(body, account="id:1249336678398877696"))["1400118288307277824"]
    assert own.kind == "post" and (own.fields["likes"], own.fields["shares"]) == (1, 1)
    assert x_next_page(body) is None


@pytest.mark.realdata
def test_x_citizen_reply_to_the_account() -> None:
    *_, body = _recorded(XT / "2_tweets_search_all-942491.json")
    got = _by_id(x_tweets(body, account="KFC"))
    reply = got["1400887989446840324"].fields
    assert reply["kind"] == "reply" and reply["from_department"] is False
    assert reply["in_reply_to_id"] == "1371430980523802624"
    assert reply["parent_post_id"] == "1371430980523802624"
    assert got["1400937466555682816"].fields["kind"] == "mention"  # starts with @KFC, no reply


@pytest.mark.realdata
def test_x_empty_default_fields_and_partial_errors() -> None:
    *_, empty = _recorded(XT / "2_users_17880989_mentions-d24b15.json")
    assert x_tweets(empty, account="x").records == []
    assert x_api_error(200, {}, json.dumps(empty)) is None
    # Default payload (no tweet.fields): no author, no time → skipped with the reason, not guessed.
    tweepy = _load(API / "x_twitter" / "tweepy_cassettes" / "test_client_get_users_tweets.json")
    bare = x_tweets(tweepy[0]["response"]["body"], account="twitter")
    assert bare.records == [] and "ask for tweet.fields=author_id" in bare.skipped[0].reason
    status, headers, text, body = _recorded(XT / "2_users_45648666_mentions-d24b15.json")
    assert x_tweets(body, account="x").errors == [
        "Forbidden: User has been suspended: [45648666]."
    ]
    err = x_api_error(status, headers, text)
    assert err is not None and err.kind == "partial" and "suspended" in err.message
    # Data and errors together: the good tweet is kept.
    postman = _load(API / "x_twitter" / "twitterdev_postman_examples.json")
    mixed = next(e for e in postman if e["example"] == "200 Success - 1 Deleted, 1 Valid Tweet")
    assert [t["id"] for t in mixed["body"]["data"]] == ["20"]
    assert "Could not find tweet" in x_tweets(mixed["body"], account="jack").errors[0]


def test_x_counts_absent_are_none() -> None:
    body = {"data": [{"id": "5", "author_id": "1", "created_at": "2024-07-01T00:00:00.000Z",
                      "text": "hi"}]}
    post = x_tweets(body, account="id:1").records[0]
    assert post.kind == "post" and post.fields["likes"] is None and post.fields["shares"] is None


@pytest.mark.realdata
def test_x_user_followers() -> None:
    *_, body = _recorded(XT / "2_users-25f017.json")
    got = x_user(body, day=date(2021, 6, 17))
    stat = next(r for r in got.records if r.account == "adrishaw")
    assert stat.kind == "account_stat"
    assert (stat.fields["followers"], stat.fields["following"], stat.fields["posts_count"]) == (
        3433, 824, 17969
    )


@pytest.mark.realdata
def test_x_error_bodies() -> None:
    status, headers, text, _ = _recorded(API / "x_twitter" / "academictwitteR_rate_limit_429"
                                         / "rate_limit_429.json")
    err = x_api_error(status, headers, text, now=NOW)
    assert err == ApiError("x", 429, "rate_limited", 1624621837 - NOW.timestamp(),
                           "Rate limit exceeded")
    assert err.retry_after_s == 614.0  # reset 11:50:37 UTC, asked 11:40:23
    problem = json.dumps({"title": "Too Many Requests", "detail": "Too Many Requests",
                          "type": "about:blank", "status": 429})
    err = x_api_error(429, {"X-Rate-Limit-Reset": str(int(NOW.timestamp()) + 60)}, problem,
                      now=NOW)
    assert err is not None and err.kind == "rate_limited" and err.retry_after_s == 60.0
    assert err.message == "Too Many Requests"
    status, headers, text, _ = _recorded(XT / "2_tweets_search_all-90b063.json")
    err = x_api_error(status, headers, text)
    assert err is not None and (err.kind, err.message) == ("auth", "Unauthorized")
    status, headers, text, _ = _recorded(XT / "2_users-208538.json")
    err = x_api_error(status, headers, text)
    assert err is not None and err.kind == "bad_request" and "does not match" in err.message
    status, headers, text, _ = _recorded(XT / "2_tweets_count_all-ef70a4.json")
    err = x_api_error(status, headers, text)
    assert err is not None and err.kind == "not_found" and "HTML page" in err.message


# ----------------------------------------------------------------------------------- Facebook
@pytest.mark.realdata
def test_facebook_posts_engagement_totals() -> None:
    body = _load(FB / "facebook" / "posts_feeds_data.json")
    got = _by_id(facebook_posts(body, account="id:20531316728"))
    post = got["20531316728_10158658756111729"].fields
    assert (post["likes"], post["comments"], post["shares"]) == (8225, 957, 562)
    assert post["kind"] == "photo"
    assert post["created_at"] == datetime(2019, 8, 9, 14, 1, 24, tzinfo=UTC)
    assert got["20531316728_2391762954376664"].fields["kind"] == "video"
    assert graph_next_page(body) is not None
    last = _load(FB / "facebook" / "apidata" / "comments" / "comments_p2.json")
    assert graph_next_page(last) is None  # cursors and previous, but no next


def test_facebook_shares_absent_and_like_alias() -> None:
    alias = {"id": "1_2", "created_time": "2019-05-27T08:00:00+0000",
             "like": {"data": [], "summary": {"total_count": 7}},
             "love": {"data": [], "summary": {"total_count": 2}}}
    post = facebook_posts(alias, account="id:1").records[0].fields
    assert (post["likes"], post["shares"], post["comments"]) == (9, 0, None)
    plain = {"id": "1_3", "created_time": "2019-05-27T08:00:00+0000", "message": "hi"}
    post = facebook_posts(plain, account="id:1").records[0].fields
    assert (post["likes"], post["shares"]) == (None, None)  # engagement never asked for


@pytest.mark.realdata
def test_facebook_comments_and_page() -> None:
    body = _load(FB / "facebook" / "apidata" / "comments" / "comment_by_parent_p1.json")
    got = facebook_comments(body, account="id:2121008874780932",
                            post_id="2121008874780932_2498598377021978")
    first = got.records[0].fields
    assert first["author_id"] == "2711636948859886" and first["kind"] == "comment"
    assert first["in_reply_to_id"] == "2121008874780932_2498598377021978"
    nameless = facebook_comments(_load(FB / "facebook" / "apidata" / "comments"
                                       / "comments_p1.json"), account="id:1")
    assert nameless.records == [] and "no id" in nameless.skipped[0].reason
    page = facebook_page(_load(FB / "facebook" / "page_info.json"), day=date(2019, 8, 13))
    assert page.records[0].account == "facebook"
    assert page.records[0].fields["followers"] == 214429223  # fan_count, the older field


@pytest.mark.realdata
def test_graph_errors() -> None:
    err = graph_api_error("facebook", 400, {}, (FB / "error.json").read_text())
    assert err is not None and (err.kind, err.code) == ("bad_request", "100")
    err = graph_api_error("facebook", 400, {}, (FB / "base" / "error_data.json").read_text())
    assert err is not None and err.kind == "not_found"
    headers = _load(IG / "headers.json")  # estimated_time_to_regain_access: 20 (minutes)
    for code in (4, 17, 32, 613, 80001):
        body = json.dumps({"error": {"message": f"(#{code}) limit reached", "code": code,
                                     "type": "OAuthException"}})
        err = graph_api_error("instagram", 403, headers, body)
        assert err is not None and err.kind == "rate_limited" and err.retry_after_s == 1200.0
    token = json.dumps({"error": {"message": "Session has expired", "code": 190}})
    err = graph_api_error("facebook", 400, {}, token)
    assert err is not None and err.kind == "auth" and err.retry_after_s is None


# ---------------------------------------------------------------------------------- Instagram
@pytest.mark.realdata
def test_instagram_media_comments_user_and_paging() -> None:
    p1 = _load(IG / "apidata" / "users" / "medias_p1.json")
    post = _by_id(instagram_media(p1, account="ikroskun"))["17896622936197745"].fields
    assert (post["likes"], post["comments"], post["shares"]) == (2, 6, None)
    assert post["kind"] == "photo" and post["url"] == "https://www.instagram.com/p/CSgdWACBeKr/"
    assert graph_next_page(p1) is not None
    assert graph_next_page(_load(IG / "apidata" / "users" / "medias_p2.json")) is None
    comments = _load(IG / "owner_media_comments.json")
    got = _by_id(instagram_comments(comments, account="ikroskun"))
    assert got["17984127178281340"].fields["from_department"] is False
    answer = got["18107567341036926"].fields  # the owner's reply nested under the comment
    assert answer["from_department"] is True and answer["kind"] == "reply"
    assert answer["in_reply_to_id"] == "17984127178281340"
    assert answer["parent_post_id"] == "17955956875141196"
    assert graph_next_page(_load(IG / "apidata" / "medias" / "comments_p1.json"))
    assert graph_next_page(_load(IG / "apidata" / "medias" / "comments_p2.json")) is None
    user = instagram_user(_load(IG / "business_user.json"), day=date(2019, 10, 16))
    assert user.records[0].account == "facebook"
    assert user.records[0].fields["followers"] == 3425960
    media = instagram_media(_load(IG / "business_user.json"), account="facebook")
    assert _by_id(media)["18034953040210006"].fields["likes"] == 2010
    assert graph_next_page(_load(IG / "business_user.json")) == "access_token"
    last = _load(IG / "apidata" / "discovery" / "media_default_p2.json")
    assert graph_next_page(last) is None


# ------------------------------------------------------------------------------------ YouTube
@pytest.mark.realdata
def test_youtube_channels_videos_threads_and_paging() -> None:
    channels = _load(YT / "apidata" / "channels" / "info_multiple.json")
    got = youtube_channels(channels, day=date(2024, 1, 1))
    google = next(r for r in got.records if r.account == "id:UCK8sQmJBp8GCxrOtXWBpyEA")
    assert google.fields["followers"] == 10700000 and google.fields["posts_count"] == 2678
    hidden = {"items": [{"kind": "youtube#channel", "id": "UCx", "statistics": {
        "viewCount": "10", "subscriberCount": "0", "hiddenSubscriberCount": True}}]}
    assert youtube_channels(hidden, day=date(2024, 1, 1)).records[0].fields["followers"] is None
    videos = _load(YT / "apidata" / "videos" / "videos_info_multi.json")
    video = _by_id(youtube_videos(videos))["D-lhorsDlUQ"]
    assert video.account == "id:UC_x5XG1OV2P6uZZ5FSM9Ttw"
    assert (video.fields["views"], video.fields["likes"]) == (None, None)  # no statistics part
    stats = {"items": [{"kind": "youtube#video", "id": "v1", "snippet": {
        "publishedAt": "2024-07-01T11:00:00Z", "channelId": "UC1", "title": "t"},
        "statistics": {"viewCount": "1520", "commentCount": "4"}}]}
    fields = youtube_videos(stats).records[0].fields
    assert (fields["views"], fields["likes"], fields["comments"]) == (1520, None, 4)
    p1 = _load(YT / "apidata" / "comment_threads" / "comment_threads_by_video_paged_1.json")
    thread = _by_id(youtube_comments(p1, account="id:UC_x5XG1OV2P6uZZ5FSM9Ttw"))
    first = thread["UgyZ1jqkHKYvi1-ruOZ4AaABAg"].fields
    assert first["author_id"] == "UCzj-CjKYmGlZ7vTL-vOe57A" and first["kind"] == "comment"
    assert first["in_reply_to_id"] == first["parent_post_id"] == "F1UP7wRCPH8"
    assert youtube_next_page(p1) == p1["nextPageToken"]
    assert p1["nextPageToken"].startswith("QURTSl9pMzdZOUVz")
    p2 = _load(YT / "apidata" / "comment_threads" / "comment_threads_by_video_paged_2.json")
    assert youtube_next_page(p2) is None
    replies = _load(YT / "apidata" / "comments" / "comments_by_parent_paged_1.json")
    reply = youtube_comments(replies, account="id:UCa-vrCLQHviTOVnEKDOdetQ").records[0].fields
    assert reply["kind"] == "reply" and reply["in_reply_to_id"] == "Ugw5zYU6n9pmIgAZWvN4AaABAg"


@pytest.mark.realdata
def test_youtube_errors() -> None:
    err = youtube_api_error(400, {}, (YT / "error_response.json").read_text())
    assert err is not None and (err.kind, err.code) == ("auth", "keyInvalid")
    err = youtube_api_error(403, {}, (YT / "apidata" / "error_permission_resp.json")
                            .read_text())
    assert err is not None and err.kind == "auth"
    err = youtube_api_error(500, {}, (YT / "error_response_simple.json").read_text())
    assert err is not None and (err.kind, err.message) == ("server", "error message")
    quota = next(r for r in responses((OWN / "youtube_pages.json").read_text())
                 if isinstance(r, Response) and r.status == 403)
    # 22:00 UTC on 1 July = 15:00 in California: the quota comes back 9 hours later.
    now = datetime(2024, 7, 1, 22, 0, tzinfo=UTC)
    err = youtube_api_error(quota.status, quota.headers, quota.body_text, now=now)
    assert err is not None and err.kind == "quota_exceeded" and err.retry_after_s == 9 * 3600
    disabled = json.dumps({"error": {"code": 403, "message": "disabled", "errors": [
        {"message": "disabled", "domain": "youtube.commentThread", "reason": "commentsDisabled"}]}})
    err = youtube_api_error(403, {}, disabled)
    assert err is not None and err.kind == "other" and "comments are disabled" in err.message
    assert youtube_api_error(200, {}, json.dumps({"items": []})) is None


# ------------------------------------------------------------------------- saved-page imports
REG = (
    "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website,"
    "x_id,facebook_id,instagram_id,youtube_id\n"
    "police,Uttarakhand Police (test),उत्तराखंड पुलिस,department,police,uk_police_test,"
    "ukpolice,ukpolice_ig,ukpolicetube,,1000000000000000001,111222333,17841400000000001,"
    "UCtestUttarakhandPolice01\n"
)


@pytest.fixture
def police(initialised: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    if "sushasan.platforms.x" not in plugins.BUILTINS:
        monkeypatch.setattr(plugins, "BUILTINS", (*plugins.BUILTINS, "sushasan.platforms.x"))
    reg = tmp_path / "reg.csv"
    reg.write_text(REG, encoding="utf-8")
    initialised("registry", "import", str(reg))
    return initialised


def _lake(data_dir: Path, kind: str, cols: str) -> list[tuple[Any, ...]]:
    return duckdb.connect().execute(
        f"SELECT {cols} FROM read_parquet('{data_dir}/lake/{kind}/*/*/*.parquet', "
        "hive_partitioning=true) ORDER BY 1"
    ).fetchall()


def test_import_saved_x_pages(police: Cli) -> None:
    f = OWN / "x_pages.jsonl"
    out = police("import", "--format", "x-api-json", str(f)).output
    assert "read 7 rows; 4 new" in out and "2 rejected" in out
    assert f"{f}, row 3: x API error (HTTP 429, rate_limited): Rate limit exceeded" in out
    assert "row 4: x API error (HTTP 200, partial): Forbidden: User has been suspended" in out
    assert "coverage: police x 2024-07-01 – 2024-07-01" in out
    posts = _lake(police.data_dir, "post", "post_id, likes, comments, shares, impressions")
    assert posts == [("1807600000000000001", 12, 3, 4, 950)]
    talk = _lake(police.data_dir, "interaction",
                 "interaction_id, kind, from_department, in_reply_to_id")
    assert talk == [
        ("1807400000000000005", "mention", False, None),
        ("1807600000000000002", "reply", False, "1807600000000000001"),
        ("1807600000000000003", "reply", True, "1807600000000000002"),
    ]


def test_import_saved_facebook_pages(police: Cli) -> None:
    f = OWN / "facebook_pages.json"
    out = police("import", "--format", "facebook-api-json", str(f)).output
    assert "read 6 rows; 5 new" in out
    assert "row 3: facebook API error (HTTP 403, rate_limited): (#4) Application request" in out
    assert "coverage: police facebook 2024-07-01 – 2024-07-02" in out
    posts = _lake(police.data_dir, "post", "post_id, likes, comments, shares, kind")
    assert posts == [("111222333_900000", 5, 0, 0, "text"), ("111222333_900001", 40, 5, 7, "photo")]
    talk = _lake(police.data_dir, "interaction", "interaction_id, from_department, in_reply_to_id")
    assert talk == [("900001_700001", False, "111222333_900001"),
                    ("900001_700002", True, "900001_700001")]
    assert _lake(police.data_dir, "account_stat", "day, followers") == [(date(2024, 7, 3), 52000)]


def test_import_saved_instagram_pages(police: Cli) -> None:
    f = OWN / "instagram_pages.jsonl"
    out = police("import", "--format", "instagram-api-json", str(f)).output
    assert "read 6 rows; 5 new" in out and f"{f}, row 3: not valid JSON" in out
    assert "coverage: police instagram 2024-06-30 – 2024-07-02" in out
    posts = _lake(police.data_dir, "post", "post_id, kind, likes, comments")
    assert posts == [("18000000000000001", "photo", 64, 0), ("18000000000000002", "reel", 120, 2)]
    talk = _lake(police.data_dir, "interaction", "interaction_id, kind, from_department")
    assert talk == [("17900000000000001", "comment", False), ("17900000000000002", "reply", True)]
    assert _lake(police.data_dir, "account_stat", "followers, posts_count") == [(8100, 340)]


def test_import_saved_youtube_pages(police: Cli) -> None:
    f = OWN / "youtube_pages.json"
    out = police("import", "--format", "youtube-api-json", "--account", "ukpolicetube",
                 str(f)).output
    assert "read 6 rows; 5 new" in out
    assert "row 4: youtube API error (HTTP 403, quota_exceeded): The request cannot" in out
    assert "coverage: police youtube 2024-07-01 – 2024-07-02" in out
    posts = _lake(police.data_dir, "post", "post_id, kind, views, likes, comments")
    assert posts == [("vid00000001", "video", 1520, 85, 4),
                     ("vid00000002", "live", 310, None, None)]
    talk = _lake(police.data_dir, "interaction", "interaction_id, from_department, in_reply_to_id")
    assert talk == [("UgxThread0001", False, "vid00000001"),
                    ("UgxThread0001.A1reply", True, "UgxThread0001")]
    assert _lake(police.data_dir, "account_stat", "followers") == [(23400,)]


def test_saved_page_without_an_account_is_refused(police: Cli, tmp_path: Path) -> None:
    page = {"data": [{"id": "1", "author_id": "2", "text": "hi",
                      "created_at": "2024-07-01T00:00:00.000Z"}]}
    f = tmp_path / "mentions.json"
    f.write_text(json.dumps(page), encoding="utf-8")
    out = police("import", "--format", "x-api-json", str(f)).output
    assert f"{f}, row 1: no account: name it with --account" in out
    # A refused file is recorded as imported; a fresh save of the page goes in with --account.
    again = tmp_path / "mentions-again.json"
    again.write_text(json.dumps(page, indent=1), encoding="utf-8")
    out = police("import", "--format", "x-api-json", "--account", "uk_police_test",
                 str(again)).output
    assert "1 new" in out
    talk = _lake(police.data_dir, "interaction", "interaction_id, kind, from_department")
    assert talk == [("1", "mention", False)]


@pytest.mark.realdata
def test_youtube_uploads_playlist_pages_become_posts_without_metrics() -> None:
    p1 = _load(YT / "apidata" / "playlist_items" / "playlist_items_paged_1.json")
    got = youtube_playlist_items(p1)
    assert not got.skipped and len(got.records) == len(p1["items"])
    first = got.records[0]
    item = p1["items"][0]
    video_id = (item.get("contentDetails") or {}).get("videoId") \
        or item["snippet"]["resourceId"]["videoId"]
    assert first.kind == "post" and first.fields["post_id"] == video_id
    assert first.account == f"id:{item['snippet']['channelId']}"
    assert first.fields["views"] is None and first.fields["metrics_at"] is None
    assert youtube_next_page(p1) == p1["nextPageToken"]
    broken = {"items": [{"kind": "youtube#playlistItem", "id": "x", "snippet": {}}]}
    assert "no contentDetails.videoId" in youtube_playlist_items(broken).skipped[0].reason


@pytest.mark.realdata
def test_an_uploads_page_then_a_videos_page_keep_the_metrics(police: Cli, tmp_path: Path) -> None:
    uploads = YT / "apidata" / "playlist_items" / "playlist_items_paged_1.json"
    out = police("import", "--format", "youtube-api-json", "--account", "ukpolicetube",
                 str(uploads)).output
    assert "10 new" in out, out
    video_id = _load(uploads)["items"][0]["snippet"]["resourceId"]["videoId"]
    videos = tmp_path / "videos.json"
    videos.write_text(json.dumps({"items": [{
        "kind": "youtube#video", "id": video_id,
        "snippet": {"publishedAt": "2019-11-21T22:17:43Z", "channelId": "UC_x5XG1OV2P6uZZ5FSM9Ttw",
                    "title": "Welcome"},
        "statistics": {"viewCount": "77", "likeCount": "5", "commentCount": "1"}}]}),
        encoding="utf-8")
    police("import", "--format", "youtube-api-json", "--account", "ukpolicetube", str(videos))
    views = dict(_lake(police.data_dir, "post", "post_id, views"))
    assert views[video_id] == 77 and len(views) == 10
    # and an uploads page saved again later does not wipe the metrics
    again = tmp_path / "uploads-again.json"
    again.write_text(json.dumps(_load(uploads), indent=1), encoding="utf-8")
    police("import", "--format", "youtube-api-json", "--account", "ukpolicetube", str(again))
    assert dict(_lake(police.data_dir, "post", "post_id, views"))[video_id] == 77


def test_facebook_page_replies_are_the_department_s_even_when_named_by_handle() -> None:
    page_id, post = "2121008874780932", "2121008874780932_2498598377021978"
    body = {"data": [
        {"id": f"{post}_1", "created_time": "2024-07-01T10:00:00+0000",
         "message": "paani nahi aa raha", "from": {"id": "555", "name": "A citizen"}},
        {"id": f"{post}_2", "created_time": "2024-07-01T11:00:00+0000",
         "message": "Team bhej di gayi hai", "from": {"id": page_id, "name": "UK Jal Sansthan"}},
    ]}
    got = facebook_comments(body, account="ukjalsansthan", post_id=post)
    assert [r.fields["from_department"] for r in got.records] == [False, True]
