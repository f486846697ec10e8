"""Instagram Graph API (through graph.facebook.com): follower count, media, comments on new media.

The Instagram user media edge has no ``since`` filter, so the listing (newest first) stops after
the first page holding media older than the cursor's ``since``: the epoch of the newest
``timestamp`` stored, compared inclusively so media sharing that second are read again, not
lost. Instagram's last page leaves ``paging`` out altogether; ``graph_next_page`` reads that as the
end.

The Graph API addresses accounts by Instagram user id, not by username: the registry's
``instagram_id`` column (or an ``id:<ig-user-id>`` handle) names it. Paging, the crash-safe cursor
and the bounded queue of media whose comments are read are shared with Facebook
(``platforms._graph.GraphSource``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2

from sushasan.config import Config
from sushasan.ingest.live import Source, need_secret, platform_ids
from sushasan.platforms._api import JsonObj
from sushasan.platforms._graph import GraphSource
from sushasan.platforms._http import ApiClient, Fetched, ReadBudget, SourceError
from sushasan.registry.model import Department

__all__ = ["InstagramSource"]


class InstagramSource(GraphSource):
    platform = "instagram"
    endpoints = ("media",)
    importer = "instagram-api-json"
    edge = "media"
    time_field = "timestamp"
    send_since = False
    lookup_fields = "id,username,followers_count,media_count"
    list_fields = "id,caption,media_type,timestamp,permalink,like_count,comments_count"
    comment_fields = "id,text,timestamp,username,like_count,replies{id,text,timestamp,username}"

    def lookup(self, handle: str) -> Fetched:
        node = self.node(handle)
        if not node.isdigit():
            raise SourceError(
                self.platform,
                f"@{handle}: Instagram accounts are read by their Instagram user id; put it in "
                "the registry's instagram_id column (or use the handle id:<ig-user-id>)",
            )
        return super().lookup(handle)

    def has_comments(self, item: JsonObj) -> bool:
        """Skip media Instagram says have no comments (unknown counts are fetched)."""
        total: Any = item.get("comments_count")
        return not (isinstance(total, int) and total == 0)


def make_source(cfg: Config, client: httpx2.Client, deps: list[Department], max_wait: float,
          sleep: Callable[[float], None]) -> Source:
    """The Instagram source (its own Graph token, else Facebook's) from the settings."""
    token = need_secret(cfg.instagram_access_token or cfg.facebook_access_token,
                        "instagram needs a Graph API access token: set "
                        "SUSHASAN_INSTAGRAM_ACCESS_TOKEN in the environment")
    api = ApiClient("instagram", client, auth_params={"access_token": token},
                    max_wait=max_wait, sleep=sleep)
    return InstagramSource(api, ReadBudget("instagram", cfg.instagram_read_budget),
                           platform_ids(deps, "instagram"),
                           max_comment_posts=cfg.graph_comment_posts)
