"""Live Facebook, Instagram and YouTube ingestion, replayed from recorded and hand-made answers.

The sources are driven through ``ingest.live.ingest`` with the desk, lake and importers of
a real data folder, so every page is landed and imported the way ``sushasan ingest`` does it.
Covered per platform: paging over real recorded pages, records in the lake, the cursor, a
second run asking only for newer items, a crash between pages then a resume that loses and
doubles nothing, and the platform's rate-limit or quota answer stopping it cleanly. Nothing here
touches the network. Tests marked ``realdata`` replay the recorded pages in shared/realdata/api
(skipped without that folder, mandatory in CI); the throttling and quota tests use our own
bodies in the platforms' shapes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import httpx2
import pytest

from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.ingest.live import IngestReport, Source, ingest, platform_ids
from sushasan.platforms._graph import epoch
from sushasan.platforms._http import ApiClient, ReadBudget, SourceError
from sushasan.platforms.facebook.fetch import FacebookSource
from sushasan.platforms.instagram.fetch import InstagramSource
from sushasan.platforms.youtube.fetch import QuotaBudget, YouTubeSource
from sushasan.registry.model import Department
from tests.conftest import REALDATA, Cli
from tests.replay import Replay

FB = REALDATA / "api" / "facebook_graph" / "sns-sdks_python-facebook" / "facebook"
IG = REALDATA / "api" / "instagram_graph" / "sns-sdks_python-facebook" / "instagram"
YT = REALDATA / "api" / "youtube_data_v3" / "sns-sdks_python-youtube" / "apidata"
PAGE_ID, IG_ID, CHANNEL = "20531316728", "17841406338772941", "UC_x5XG1OV2P6uZZ5FSM9Ttw"
REG = (
    "id,name_en,name_hi,kind,keywords,x,facebook,instagram,instagram_id,youtube,website\n"
    f"alpha,Alpha Department,अल्फा विभाग,department,,,facebook,ikroskun,{IG_ID},"
    "GoogleDevelopers,\n"
    "beta,Beta Department,बीटा विभाग,department,,,beta_page,beta_ig,42,beta_channel,\n"
)
END = {"data": []}
Make = Callable[[httpx2.Client, list[Department]], Source]


@pytest.fixture
def data_dir(sushasan: Cli) -> Path:
    sushasan.registered(REG)
    return sushasan.data_dir


class Recorded(Replay):
    """Serves the bare bodies the sns-sdks recordings keep (no status or headers) as 200s."""

    def add_file(self, path: str, file: Path) -> Recorded:
        self.add_json(path, json.loads(file.read_text(encoding="utf-8")))
        return self


def _run(data_dir: Path, replay: Replay, make: Make, deps: tuple[str, ...] = ("alpha",),
         since: datetime | None = None) -> tuple[Sushasan, IngestReport]:
    app = Sushasan(Config.load(env={}, data_dir=str(data_dir)))
    with httpx2.Client(transport=replay.transport()) as client:
        departments = [d for d in app.desk.departments() if d.id in deps]
        report = ingest(app.desk, app.lake, app.raw_dir, app.importers, [make(client, departments)],
                        departments, since)
    return app, report


def _graph(cls: type[FacebookSource] | type[InstagramSource], platform: str,
           budget: int = 10_000, **kw: Any) -> Make:
    def make(client: httpx2.Client, departments: list[Department]) -> Source:
        api = ApiClient(platform, client, auth_params={"access_token": "test-token"},
                        sleep=lambda s: None)
        return cls(api, ReadBudget(platform, budget), platform_ids(departments, platform), **kw)
    return make


def _youtube(budget: QuotaBudget | None = None) -> Make:
    def make(client: httpx2.Client, departments: list[Department]) -> Source:
        api = ApiClient("youtube", client, auth_params={"key": "test-key"}, sleep=lambda s: None)
        return YouTubeSource(api, budget or QuotaBudget("youtube", 10_000),
                             platform_ids(departments, "youtube"))
    return make


def _ids(data_dir: Path, kind: str, column: str) -> list[str]:
    """Every stored id of a kind, doubles included (so a double shows)."""
    files = list((data_dir / "lake" / kind).rglob("*.parquet"))
    if not files:
        return []
    con = duckdb.connect()
    return [r[0] for r in con.execute(
        f"SELECT {column} FROM read_parquet({[str(f) for f in files]!r}) ORDER BY 1"
    ).fetchall()]


def _landed(data_dir: Path, platform: str) -> str:
    return "".join(p.read_text(encoding="utf-8")
                   for p in (data_dir / "raw" / "api" / platform).rglob("*.json"))


def _paths(r: Replay) -> list[str]:
    return [q.url.path for q in r.requests]


# The project's own answers in the platforms' shapes, for tests of what Sushasan does when a
# platform says "stop" (only the first call's body matters there, not the real page's content).
OWN_PAGE = {"id": PAGE_ID, "name": "Alpha Department", "username": "facebook",
            "fan_count": 5300, "followers_count": 5400}
OWN_CHANNEL = {"kind": "youtube#channelListResponse",
               "pageInfo": {"totalResults": 1, "resultsPerPage": 1},
               "items": [{"kind": "youtube#channel", "id": CHANNEL,
                          "snippet": {"title": "Alpha Department",
                                      "customUrl": "@googledevelopers"},
                          "contentDetails": {"relatedPlaylists": {"uploads": "UU" + CHANNEL[2:]}},
                          "statistics": {"viewCount": "1200", "subscriberCount": "340",
                                         "videoCount": "12"}}]}


def _graph_throttle(code: int) -> dict[str, Any]:
    return {"error": {"message": f"(#{code}) Application request limit reached",
                      "type": "OAuthException", "is_transient": True, "code": code,
                      "fbtrace_id": "AbCdEf"}}


# -------------------------------------------------------------------------------- Facebook
def _fb_first_run(r: Replay) -> None:
    r.add_file("/v21.0/facebook", FB / "page_info.json")
    r.add_file(f"/v21.0/{PAGE_ID}", FB / "page_info.json")  # once the registry has the id
    r.add_file(f"/v21.0/{PAGE_ID}/posts", FB / "posts_data.json")
    r.add_file(f"/v4.0/{PAGE_ID}/posts", FB / "posts_data_next.json")  # paging.next, v4.0
    r.add_json(f"/v4.0/{PAGE_ID}/posts", END)
    first_post = f"{PAGE_ID}_10158658756111729"
    r.add_file(f"/v21.0/{first_post}/comments", FB / "comments.json")
    r.add_file(f"/v4.0/{first_post}/comments", FB / "comments_next.json")
    r.add_json(f"/v4.0/{first_post}/comments", END)


FB_POSTS = [
    "20531316728_10158033357426729", "20531316728_10158137001326729",
    "20531316728_10158137001476729", "20531316728_10158524577396729",
    "20531316728_10158658756111729", "20531316728_2391762954376664",
    "20531316728_314949872489189", "20531316728_381805782375907", "20531316728_405261626724817",
]


@pytest.mark.realdata
def test_facebook_posts_and_comments_are_paged_stored_and_cursored(data_dir: Path) -> None:
    r = Recorded()
    _fb_first_run(r)
    app, report = _run(data_dir, r, _graph(FacebookSource, "facebook", max_comment_posts=1))
    assert not report.failures and not report.stopped
    posts = [q for q in r.requests if q.url.path.endswith("/posts")]
    assert posts[0].url.params["access_token"] == "test-token"
    assert "reactions.summary(total_count)" in posts[0].url.params["fields"]
    assert "since" not in posts[0].url.params  # first run, no --since: whatever Graph keeps
    assert posts[1].url.path == f"/v4.0/{PAGE_ID}/posts" and posts[1].url.params["after"] == "after"
    assert posts[1].url.params["access_token"] == "test-token"  # ours, not the recorded one
    assert _ids(data_dir, "post", "post_id") == FB_POSTS
    assert len(_ids(data_dir, "interaction", "interaction_id")) == 10  # two real comment pages
    comments = [q for q in r.requests if q.url.path.endswith("/comments")]
    assert comments[0].url.params["filter"] == "stream" and len(comments) == 3
    assert _ids(data_dir, "account_stat", "followers") == [214429223]  # fan_count
    cursor = app.desk.get_cursor("facebook", "facebook", "posts")
    assert cursor["since"] == epoch("2019-08-09T14:01:24+0000")
    assert "pending" not in cursor
    # Every post with comments is queued; one per run was read, the other eight wait.
    assert len(cursor["queue"]) == 8 and f"{PAGE_ID}_10158658756111729" not in cursor["queue"]
    assert "test-token" not in _landed(data_dir, "facebook")
    assert app.desk.quarantine_summary() == []  # every landed page is read by the importer


@pytest.mark.realdata
def test_facebook_second_run_asks_since_the_newest_stored_second(data_dir: Path) -> None:
    first = Recorded()
    _fb_first_run(first)
    _run(data_dir, first, _graph(FacebookSource, "facebook", max_comment_posts=0))
    newest = epoch("2019-08-09T14:01:24+0000")
    r = Recorded().add_file(f"/v21.0/{PAGE_ID}", FB / "page_info.json")  # the id learnt
    r.add_json(f"/v21.0/{PAGE_ID}/posts", {"data": [
        {"id": f"{PAGE_ID}_1", "created_time": "2019-08-10T08:00:00+0000", "message": "नई सूचना",
         "comments": {"data": [], "summary": {"total_count": 0}},
         "reactions": {"data": [], "summary": {"total_count": 3}}},
        {"id": f"{PAGE_ID}_10158658756111729", "created_time": "2019-08-09T14:01:24+0000",
         "comments": {"data": [], "summary": {"total_count": 957}}},
    ]})
    app, report = _run(data_dir, r, _graph(FacebookSource, "facebook", max_comment_posts=0))
    assert not report.failures
    posts = next(q for q in r.requests if q.url.path.endswith("/posts"))
    assert posts.url.params["since"] == str(newest)  # inclusive: the same second again
    assert _ids(data_dir, "post", "post_id") == sorted([*FB_POSTS, f"{PAGE_ID}_1"])
    cursor = app.desk.get_cursor("facebook", "facebook", "posts")
    assert cursor["since"] == epoch("2019-08-10T08:00:00+0000")
    assert f"{PAGE_ID}_1" not in cursor["queue"]  # no comments: no call spent on it


@pytest.mark.realdata
def test_facebook_crash_between_pages_then_resume(data_dir: Path) -> None:
    crashing = Recorded()
    _fb_first_run(crashing)

    def kill(request: httpx2.Request, n: int) -> None:
        if request.url.path == f"/v4.0/{PAGE_ID}/posts":
            raise RuntimeError("process killed")

    crashing.fail_on = kill
    with pytest.raises(RuntimeError, match="killed"):
        _run(data_dir, crashing, _graph(FacebookSource, "facebook"))
    app = Sushasan(Config.load(env={}, data_dir=str(data_dir)))
    cursor = app.desk.get_cursor("facebook", "facebook", "posts")
    assert cursor["since"] is None and len(cursor["queue"]) == 5
    assert cursor["pending"]["newest"] == epoch("2019-08-09T14:01:24+0000")
    assert "/v4.0/" in cursor["pending"]["next"] and "access_token" not in cursor["pending"]["next"]
    assert len(_ids(data_dir, "post", "post_id")) == 5
    resumed = Recorded()
    _fb_first_run(resumed)
    app, report = _run(data_dir, resumed, _graph(FacebookSource, "facebook", max_comment_posts=1))
    assert not report.failures
    assert f"/v21.0/{PAGE_ID}/posts" not in _paths(resumed)  # went on from the saved page
    assert _ids(data_dir, "post", "post_id") == FB_POSTS  # nothing lost, nothing doubled
    cursor = app.desk.get_cursor("facebook", "facebook", "posts")
    assert cursor["since"] == epoch("2019-08-09T14:01:24+0000") and len(cursor["queue"]) == 8


@pytest.mark.parametrize("code", [4, 17, 32, 613])
def test_graph_throttling_body_stops_facebook_cleanly(data_dir: Path, code: int) -> None:
    r = Recorded().add_json("/v21.0/facebook", OWN_PAGE)
    r.add_json(f"/v21.0/{PAGE_ID}/posts", _graph_throttle(code), status=400)
    _, report = _run(data_dir, r, _graph(FacebookSource, "facebook"), deps=("alpha", "beta"))
    assert not report.failures
    assert len(report.stopped) == 1 and "Application request limit" in report.stopped[0]
    assert "/v21.0/beta_page" not in _paths(r)  # Facebook is done for this run


# ------------------------------------------------------------------------------- Instagram
def _ig_first_run(r: Replay) -> None:
    r.add_file(f"/v21.0/{IG_ID}", IG / "owner_user_info.json")
    r.add_file(f"/v21.0/{IG_ID}/media", IG / "apidata" / "users" / "medias_p1.json")
    r.add_file(f"/v6.0/{IG_ID}/media", IG / "apidata" / "users" / "medias_p2.json")  # no next
    r.add_file("/v21.0/17896622936197745/comments", IG / "apidata" / "medias" / "comments_p1.json")
    r.add_file("/v11.0/17846368219941692/comments",  # the real next page, without paging
               IG / "apidata" / "medias" / "comments_p2.json")


IG_MEDIA = ["17893085207160254", "17895731045244887", "17896129349106152", "17896622936197745"]


@pytest.mark.realdata
def test_instagram_media_and_comments_are_paged_stored_and_cursored(data_dir: Path) -> None:
    r = Recorded()
    _ig_first_run(r)
    app, report = _run(data_dir, r, _graph(InstagramSource, "instagram"))
    assert not report.failures and not report.stopped
    assert _paths(r) == [f"/v21.0/{IG_ID}", f"/v21.0/{IG_ID}/media", f"/v6.0/{IG_ID}/media",
                         "/v21.0/17896622936197745/comments",
                         "/v11.0/17846368219941692/comments"]  # only media with comments
    assert _ids(data_dir, "post", "post_id") == IG_MEDIA
    assert len(_ids(data_dir, "interaction", "interaction_id")) == 4
    assert _ids(data_dir, "account_stat", "followers") == [15]
    assert app.desk.get_cursor("instagram", "ikroskun", "media") == {
        "since": epoch("2021-08-13T08:25:28+0000"), "queue": []}
    assert app.desk.quarantine_summary() == []


@pytest.mark.realdata
def test_instagram_second_run_stops_at_the_stored_newest(data_dir: Path) -> None:
    _run(data_dir, _ig_first_run_replay(), _graph(InstagramSource, "instagram"))
    r = Recorded().add_file(f"/v21.0/{IG_ID}", IG / "owner_user_info.json")
    r.add_json(f"/v21.0/{IG_ID}/media", {"data": [
        {"id": "900", "timestamp": "2021-09-01T10:00:00+0000", "media_type": "IMAGE",
         "caption": "नई", "like_count": 2, "comments_count": 0},
        {"id": "17895731045244887", "timestamp": "2021-08-13T08:25:28+0000",
         "media_type": "IMAGE", "like_count": 9, "comments_count": 0},
        {"id": "17896622936197745", "timestamp": "2021-08-13T08:02:40+0000",
         "media_type": "IMAGE", "like_count": 1, "comments_count": 0},
    ], "paging": {"cursors": {"after": "zzz"},
                  "next": f"https://graph.facebook.com/v21.0/{IG_ID}/media?after=zzz"}})
    app, report = _run(data_dir, r, _graph(InstagramSource, "instagram"))
    assert not report.failures
    assert [q for q in r.requests if q.url.params.get("after") == "zzz"] == []
    assert _ids(data_dir, "post", "post_id") == sorted(["900", *IG_MEDIA])
    assert app.desk.get_cursor("instagram", "ikroskun", "media")["since"] == epoch(
        "2021-09-01T10:00:00+0000")


def _ig_first_run_replay() -> Replay:
    r = Recorded()
    _ig_first_run(r)
    return r


@pytest.mark.realdata
def test_instagram_crash_between_comment_pages_then_resume(data_dir: Path) -> None:
    crashing = _ig_first_run_replay()

    def kill(request: httpx2.Request, n: int) -> None:
        if request.url.path == "/v11.0/17846368219941692/comments":
            raise RuntimeError("process killed")

    crashing.fail_on = kill
    with pytest.raises(RuntimeError, match="killed"):
        _run(data_dir, crashing, _graph(InstagramSource, "instagram"))
    app = Sushasan(Config.load(env={}, data_dir=str(data_dir)))
    cursor = app.desk.get_cursor("instagram", "ikroskun", "media")
    assert cursor["queue"] == ["17896622936197745"]
    assert cursor["pending"]["post"] == "17896622936197745"
    assert len(_ids(data_dir, "interaction", "interaction_id")) == 2
    resumed = _ig_first_run_replay()
    app, report = _run(data_dir, resumed, _graph(InstagramSource, "instagram"))
    assert not report.failures
    assert _paths(resumed) == [f"/v21.0/{IG_ID}", "/v11.0/17846368219941692/comments"]
    assert len(_ids(data_dir, "interaction", "interaction_id")) == 4
    assert _ids(data_dir, "post", "post_id") == IG_MEDIA
    assert app.desk.get_cursor("instagram", "ikroskun", "media")["queue"] == []


@pytest.mark.realdata
def test_instagram_throttling_with_usage_headers_stops_cleanly(data_dir: Path) -> None:
    real = json.loads((IG / "headers.json").read_text(encoding="utf-8"))
    usage = {"x-business-use-case-usage": real["x-business-use-case-usage"]}  # 20 min to wait
    r = Recorded().add_json(f"/v21.0/{IG_ID}", _graph_throttle(32), status=403, headers=usage)
    _, report = _run(data_dir, r, _graph(InstagramSource, "instagram"), deps=("alpha", "beta"))
    assert not report.failures and len(report.stopped) == 1
    assert _paths(r) == [f"/v21.0/{IG_ID}"]  # no retry loop, beta's account not asked


def test_instagram_without_a_user_id_says_what_to_set() -> None:
    with httpx2.Client(transport=Recorded().transport()) as client:
        source = _graph(InstagramSource, "instagram")(client, [])
        with pytest.raises(SourceError, match="instagram_id"):
            source.lookup("ikroskun")


# --------------------------------------------------------------------------------- YouTube
def _yt_first_run(r: Replay) -> None:
    r.add_file("/youtube/v3/channels", YT / "channel_info_single.json")
    r.add_file("/youtube/v3/playlistItems", YT / "playlist_items" / "playlist_items_paged_1.json")
    r.add_file("/youtube/v3/playlistItems", YT / "playlist_items" / "playlist_items_paged_2.json")
    r.add_file("/youtube/v3/videos", YT / "videos" / "videos_info_multi.json")
    r.add_file("/youtube/v3/commentThreads",
               YT / "comment_threads" / "comment_threads_by_video_paged_1.json")
    r.add_file("/youtube/v3/commentThreads",
               YT / "comment_threads" / "comment_threads_by_video_paged_2.json")


@pytest.mark.realdata
def test_youtube_videos_and_comments_are_paged_stored_and_cursored(data_dir: Path) -> None:
    r = Recorded()
    _yt_first_run(r)
    budget = QuotaBudget("youtube", 10_000)
    app, report = _run(data_dir, r, _youtube(budget))
    assert not report.failures and not report.stopped
    lookup = r.requests[0]
    assert lookup.url.params["forHandle"] == "@GoogleDevelopers"
    assert lookup.url.params["key"] == "test-key"
    playlist = [q for q in r.requests if q.url.path.endswith("/playlistItems")]
    assert playlist[0].url.params["playlistId"] == "UU" + CHANNEL[2:]
    assert "pageToken" not in playlist[0].url.params
    assert playlist[1].url.params["pageToken"] == "CAoQAA"
    videos = [q for q in r.requests if q.url.path.endswith("/videos")]
    assert len(videos) == 2 and videos[0].url.params["id"].split(",")[:2] == [
        "CvTApw9X8aA", "Yh4EKaUY3gg"]  # the ids of the real playlist page
    threads = [q for q in r.requests if q.url.path.endswith("/commentThreads")]
    assert threads[0].url.params["allThreadsRelatedToChannelId"] == CHANNEL
    assert threads[1].url.params["pageToken"].startswith("QURTSl9p")
    assert budget.used == 7  # quota units: lookup + 2 playlist + 2 videos + 2 thread pages
    assert _ids(data_dir, "post", "post_id") == ["D-lhorsDlUQ", "ovdbrdCIP7U"]
    assert len(_ids(data_dir, "interaction", "interaction_id")) == len(
        set(_ids(data_dir, "interaction", "interaction_id"))) > 0
    assert _ids(data_dir, "account_stat", "followers") == [1927873]
    assert app.desk.get_cursor("youtube", "GoogleDevelopers", "videos") == {
        "since": epoch("2019-11-23T00:49:59.000Z")}
    assert app.desk.get_cursor("youtube", "GoogleDevelopers", "comments") == {
        "since": epoch("2019-11-26T15:51:44.000Z")}
    landed = _landed(data_dir, "youtube")
    assert "test-key" not in landed and "youtube#playlistItem\"" not in landed
    assert app.desk.quarantine_summary() == []


def _item(video: str, at: str) -> dict[str, Any]:
    return {"kind": "youtube#playlistItem", "id": f"pl-{video}",
            "contentDetails": {"videoId": video, "videoPublishedAt": at}}


def _video(video: str, at: str) -> dict[str, Any]:
    return {"kind": "youtube#video", "id": video,
            "snippet": {"publishedAt": at, "channelId": CHANNEL, "title": f"वीडियो {video}"},
            "statistics": {"viewCount": "10", "likeCount": "1", "commentCount": "0"}}


@pytest.mark.realdata
def test_youtube_second_run_stops_at_the_stored_newest(data_dir: Path) -> None:
    _run(data_dir, _yt_replay(), _youtube())
    same = "2019-11-23T00:49:59.000Z"  # the newest stored second
    r = Recorded().add_file("/youtube/v3/channels", YT / "channel_info_single.json")
    r.add_json("/youtube/v3/playlistItems", {"items": [_item("new1", "2020-01-02T00:00:00Z"),
                                                       _item("same1", same)],
                                             "nextPageToken": "p2"})
    r.add_json("/youtube/v3/playlistItems", {"items": [_item("old1", "2019-01-01T00:00:00Z")],
                                             "nextPageToken": "p3"})
    r.add_json("/youtube/v3/videos", {"items": [_video("new1", "2020-01-02T00:00:00Z"),
                                                _video("same1", same)]})
    r.add_json("/youtube/v3/videos", {"items": [_video("old1", "2019-01-01T00:00:00Z")]})
    r.add_json("/youtube/v3/commentThreads", {"items": []})
    app, report = _run(data_dir, r, _youtube())
    assert not report.failures
    tokens = [q.url.params.get("pageToken") for q in r.requests
              if q.url.path.endswith("/playlistItems")]
    assert tokens == [None, "p2"]  # p2 holds an older video: no p3
    assert {"new1", "same1", "old1"} <= set(_ids(data_dir, "post", "post_id"))
    assert app.desk.get_cursor("youtube", "GoogleDevelopers", "videos") == {
        "since": epoch("2020-01-02T00:00:00Z")}


def _yt_replay() -> Replay:
    r = Recorded()
    _yt_first_run(r)
    return r


@pytest.mark.realdata
def test_youtube_crash_between_pages_then_resume(data_dir: Path) -> None:
    crashing = _yt_replay()

    def kill(request: httpx2.Request, n: int) -> None:
        if request.url.params.get("pageToken") == "CAoQAA":
            raise RuntimeError("process killed")

    crashing.fail_on = kill
    with pytest.raises(RuntimeError, match="killed"):
        _run(data_dir, crashing, _youtube())
    app = Sushasan(Config.load(env={}, data_dir=str(data_dir)))
    assert app.desk.get_cursor("youtube", "GoogleDevelopers", "videos") == {
        "since": None, "pending": {"token": "CAoQAA",
                                   "newest": epoch("2019-11-23T00:42:56.000Z")}}
    resumed = _yt_replay()
    resumed.routes["/youtube/v3/playlistItems"].pop(0)  # the server goes on from CAoQAA
    app, report = _run(data_dir, resumed, _youtube())
    assert not report.failures
    first = next(q for q in resumed.requests if q.url.path.endswith("/playlistItems"))
    assert first.url.params["pageToken"] == "CAoQAA"
    assert _ids(data_dir, "post", "post_id") == ["D-lhorsDlUQ", "ovdbrdCIP7U"]
    assert app.desk.get_cursor("youtube", "GoogleDevelopers", "videos") == {
        "since": epoch("2019-11-23T00:49:59.000Z")}


QUOTA = {"error": {"code": 403, "message": "The request cannot be completed because you have "
                   "exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.",
                   "errors": [{"message": "The request cannot be completed because you have "
                               "exceeded your quota.", "domain": "youtube.quota",
                               "reason": "quotaExceeded"}]}}


def test_youtube_quota_exceeded_stops_the_platform_cleanly(data_dir: Path) -> None:
    r = Recorded().add_json("/youtube/v3/channels", OWN_CHANNEL)
    r.add_json("/youtube/v3/playlistItems", QUOTA, status=403)
    _, report = _run(data_dir, r, _youtube(), deps=("alpha", "beta"))
    assert not report.failures and len(report.stopped) == 1
    assert "quota" in report.stopped[0]
    assert _paths(r) == ["/youtube/v3/channels", "/youtube/v3/playlistItems"]  # beta not asked


@pytest.mark.realdata
def test_youtube_quota_budget_counts_units(data_dir: Path) -> None:
    _, report = _run(data_dir, _yt_replay(), _youtube(QuotaBudget("youtube", 3)),
                     since=datetime(2019, 1, 1, tzinfo=UTC))
    assert report.stopped and "quota budget of 3 units" in report.stopped[0]
    assert "SUSHASAN_YOUTUBE_QUOTA_BUDGET" in report.stopped[0]
    assert _ids(data_dir, "post", "post_id") == ["D-lhorsDlUQ", "ovdbrdCIP7U"]
