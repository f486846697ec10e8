"""YouTube Data API v3: channel statistics, the channel's uploads, and comments on its videos.

Videos: ``playlistItems`` of the channel's uploads playlist (newest first) gives the video ids, and
one ``videos`` call per page gives their snippet and statistics. Only the ``videos`` page is
handed back to be landed and imported: the ``youtube-api-json`` importer has no record for a
``youtube#playlistItem`` and would quarantine every playlist page, and everything a playlist page
says (id, publish time) is in the videos page too. A playlist page without videos (an empty
channel) is handed back as it is, so its cursor can still be saved.

Comments: ``commentThreads`` for everything related to the channel, ``order=time`` (newest
first). A reply added later to an old thread is not seen again; the thread's own time decides.

Incremental: ``since`` is the epoch of the newest ``publishedAt`` stored; paging stops after the
first page holding something older, compared inclusively so items sharing that second are read
again rather than lost (the lake drops duplicates). A page in progress is kept as ``pending``
(``token``, the run's ``newest``), so a crash resumes at the next page and ``since`` only moves
once the window is complete.

Quota: every list call costs 1 unit of the project's daily quota (10,000 by default), whatever
it returns. The read budget here counts **units**, not items. ``quotaExceeded`` (HTTP 403) is
classified by ``youtube_api_error`` and stops the platform for the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

import httpx2

from sushasan.config import Config
from sushasan.ingest.live import Source, need_secret, platform_ids
from sushasan.platforms._api import JsonObj, as_dict, epoch, items_of
from sushasan.platforms._http import (
    ApiClient,
    BudgetExhausted,
    Fetched,
    RateLimited,
    ReadBudget,
    SourceError,
)
from sushasan.platforms.youtube.map import youtube_api_error, youtube_next_page
from sushasan.registry.model import Department

__all__ = ["BASE", "QuotaBudget", "YouTubeSource"]

BASE = "https://www.googleapis.com/youtube/v3"
_CHANNEL_ID = re.compile(r"^UC[\w-]{22}$")


class QuotaBudget(ReadBudget):
    """The read budget in YouTube quota units (1 per list call), said so when it runs out."""

    def check(self) -> None:
        if self.limit is not None and self.used >= self.limit:
            raise BudgetExhausted(
                self.platform,
                f"quota budget of {self.limit} units reached ({self.used} used); the remaining "
                "accounts will be fetched on the next run (raise the budget with "
                "SUSHASAN_YOUTUBE_QUOTA_BUDGET)",
            )


class YouTubeSource:
    platform = "youtube"
    endpoints = ("videos", "comments")
    importer = "youtube-api-json"

    def __init__(
        self, api: ApiClient, budget: ReadBudget, ids: Mapping[str, str] | None = None
    ) -> None:
        self.api = api.reading(youtube_api_error)
        self.budget = budget
        #: registry handle (lower case) → channel id, for accounts registered by handle
        self.ids = {k.lower().lstrip("@"): v for k, v in (ids or {}).items()}
        self._uploads: dict[str, str] = {}  # channel id → uploads playlist, learnt at lookup

    def lookup(self, handle: str) -> Fetched:
        bare = handle.lstrip("@")
        channel = self.ids.get(bare.lower())
        if channel is None and bare.lower().startswith("id:"):
            channel = bare[3:]
        if channel is None and _CHANNEL_ID.match(bare):
            channel = bare
        params = {"part": "statistics,contentDetails,snippet"}
        params |= {"id": channel} if channel else {"forHandle": f"@{bare}"}
        page = self._get(f"{BASE}/channels", params)
        for item in items_of(page.body, "items"):
            related = as_dict(as_dict(item.get("contentDetails")).get("relatedPlaylists"))
            if item.get("id") and related.get("uploads"):
                self._uploads[str(item["id"])] = str(related["uploads"])
        return page

    @staticmethod
    def user_id(page: Fetched) -> str | None:
        found = items_of(page.body, "items")
        return str(found[0]["id"]) if found and found[0].get("id") else None

    def pages(
        self, user_id: str, endpoint: str, state: dict[str, Any], since: datetime | None
    ) -> Iterator[tuple[Fetched, dict[str, Any]]]:
        """Yield (page, cursor state to save once the page is stored)."""
        stored = state.get("since")
        boundary = stored if stored is not None or since is None else int(since.timestamp())
        pending = as_dict(state.get("pending"))
        token: str | None = pending.get("token")
        newest: int | None = pending.get("newest")
        while True:
            try:
                page, times, token = (self._videos(user_id, token) if endpoint == "videos"
                                      else self._threads(user_id, token))
            except (RateLimited, BudgetExhausted):
                raise
            except SourceError as exc:
                if _nothing_to_read(exc):  # no uploads playlist, or comments turned off
                    return
                raise
            newest = max([*times, *([newest] if newest is not None else [])], default=None)
            if boundary is not None and any(t < boundary for t in times):
                token = None  # the rest is older than what is stored already
            if token:
                state_after: dict[str, Any] = {
                    "since": stored, "pending": {"token": token, "newest": newest}
                }
            else:
                state_after = {"since": newest if newest is not None else stored}
            yield page, state_after
            if not token:
                return

    def _videos(self, channel: str, token: str | None) -> tuple[Fetched, list[int], str | None]:
        """One page of uploads, and the ``videos`` page for its ids (what is landed); paging
        goes on from the playlist's token."""
        uploads = self._uploads.get(channel) or f"UU{channel[2:]}"
        params: dict[str, Any] = {"part": "contentDetails", "playlistId": uploads,
                                  "maxResults": 50}
        if token:
            params["pageToken"] = token
        listing = self._get(f"{BASE}/playlistItems", params)
        items = items_of(listing.body, "items")
        times = [t for t in (epoch(_published(i)) for i in items) if t is not None]
        ids = list(dict.fromkeys(v for v in (_video_id(i) for i in items) if v))
        following = youtube_next_page(listing.body)
        if not ids:
            return listing, times, following
        videos = self._get(f"{BASE}/videos", {"part": "snippet,statistics",
                                              "id": ",".join(ids), "maxResults": 50})
        return videos, times, following

    def _threads(self, channel: str, token: str | None) -> tuple[Fetched, list[int], str | None]:
        params: dict[str, Any] = {"part": "snippet,replies", "allThreadsRelatedToChannelId":
                                  channel, "order": "time", "maxResults": 100,
                                  "textFormat": "plainText"}
        if token:
            params["pageToken"] = token
        page = self._get(f"{BASE}/commentThreads", params)
        times = [
            t for t in (
                epoch(as_dict(as_dict(as_dict(i.get("snippet")).get("topLevelComment"))
                              .get("snippet")).get("publishedAt"))
                for i in items_of(page.body, "items")
            ) if t is not None
        ]
        return page, times, youtube_next_page(page.body)

    def _get(self, url: str, params: Mapping[str, Any]) -> Fetched:
        self.budget.check()
        page = self.api.get(url, params)
        self.budget.spend(1)  # list calls cost 1 unit each, whatever they return
        return page


def _video_id(item: JsonObj) -> str | None:
    details = as_dict(item.get("contentDetails"))
    resource = as_dict(as_dict(item.get("snippet")).get("resourceId"))
    value = details.get("videoId") or resource.get("videoId")
    return str(value) if value else None


def _published(item: JsonObj) -> Any:
    """When the video was published (``contentDetails``), else when it joined the playlist."""
    return (as_dict(item.get("contentDetails")).get("videoPublishedAt")
            or as_dict(item.get("snippet")).get("publishedAt"))


def _nothing_to_read(exc: SourceError) -> bool:
    text = str(exc)
    return exc.status == 404 or "comments are disabled" in text


def make_source(cfg: Config, client: httpx2.Client, deps: list[Department], max_wait: float,
          sleep: Callable[[float], None]) -> Source:
    """The YouTube source with the API key and quota budget from the settings."""
    key = need_secret(cfg.youtube_api_key,
                      "YouTube needs an API key: set SUSHASAN_YOUTUBE_API_KEY in the environment")
    api = ApiClient("youtube", client, auth_params={"key": key}, max_wait=max_wait, sleep=sleep)
    return YouTubeSource(api, QuotaBudget("youtube", cfg.youtube_quota_budget),
                         platform_ids(deps, "youtube"))
