"""Facebook Graph API: a page's follower count, its posts, and the comments on its new posts.

Paging, the crash-safe cursor and the queue of posts whose comments are read are Graph's and
shared with Instagram (``platforms._graph.GraphSource``).
"""

from __future__ import annotations

from collections.abc import Callable

import httpx2

from sushasan.config import Config
from sushasan.ingest.live import Source, need_secret, platform_ids
from sushasan.platforms._api import JsonObj, as_dict
from sushasan.platforms._graph import GraphSource
from sushasan.platforms._http import ApiClient, ReadBudget
from sushasan.registry.model import Department

__all__ = ["FacebookSource"]

POST_FIELDS = (
    "id,message,created_time,permalink_url,shares,"
    "reactions.summary(total_count).limit(0),comments.summary(true).limit(0)"
)


class FacebookSource(GraphSource):
    platform = "facebook"
    endpoints = ("posts",)
    importer = "facebook-api-json"
    edge = "posts"
    time_field = "created_time"
    send_since = True
    lookup_fields = "id,name,username,fan_count,followers_count"
    list_fields = POST_FIELDS
    comment_fields = "id,message,created_time,from,parent"

    def has_comments(self, item: JsonObj) -> bool:
        """Skip posts Graph says have no comments (unknown counts are fetched)."""
        total = as_dict(as_dict(item.get("comments")).get("summary")).get("total_count")
        return not (isinstance(total, int) and total == 0)

    def comment_extra(self) -> dict[str, str]:
        return {"filter": "stream"}  # replies too, each with its ``parent``


def make_source(cfg: Config, client: httpx2.Client, deps: list[Department], max_wait: float,
          sleep: Callable[[float], None]) -> Source:
    """The Facebook source with its Graph token and read budget from the settings."""
    token = need_secret(cfg.facebook_access_token,
                        "facebook needs a Graph API access token: set "
                        "SUSHASAN_FACEBOOK_ACCESS_TOKEN in the environment")
    api = ApiClient("facebook", client, auth_params={"access_token": token}, max_wait=max_wait,
                    sleep=sleep)
    return FacebookSource(api, ReadBudget("facebook", cfg.facebook_read_budget),
                          platform_ids(deps, "facebook"), max_comment_posts=cfg.graph_comment_posts)
