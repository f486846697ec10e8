"""X API v2: account lookup, the account's timeline and its mentions, newest first.

Incremental by tweet id: a finished run stores ``since_id`` (the newest id it saw) and the next
run asks only for newer tweets. A run in progress stores the page token it has not fetched yet
and the newest id of the run, so a crash resumes at the next page and the ``since_id`` only moves
once every page of the window is stored. Ids, not timestamps, mark the boundary, so tweets
sharing a second at a page boundary are never skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import httpx2

from sushasan.config import Config
from sushasan.ingest.live import Source, need_secret
from sushasan.platforms._http import ApiClient, Fetched, ReadBudget
from sushasan.platforms.x.map import x_api_error
from sushasan.registry.model import Department

__all__ = ["BASE", "XSource"]

BASE = "https://api.twitter.com/2"
TWEET_FIELDS = (
    "created_at,public_metrics,conversation_id,in_reply_to_user_id,referenced_tweets,"
    "author_id,lang"
)
ENDPOINTS = {"timeline": "tweets", "mentions": "mentions"}


class XSource:
    platform = "x"
    endpoints = tuple(ENDPOINTS)
    importer = "x-api-json"

    def __init__(self, api: ApiClient, budget: ReadBudget, page_size: int = 100) -> None:
        self.api = api.reading(x_api_error)
        self.budget = budget
        self.page_size = page_size

    def lookup(self, handle: str) -> Fetched:
        return self.api.get(
            f"{BASE}/users/by/username/{handle}", {"user.fields": "public_metrics,created_at"}
        )

    @staticmethod
    def user_id(page: Fetched) -> str | None:
        data = (page.body or {}).get("data") if isinstance(page.body, dict) else None
        return str(data["id"]) if isinstance(data, dict) and data.get("id") else None

    def pages(
        self, user_id: str, endpoint: str, state: dict[str, Any], since: datetime | None
    ) -> Iterator[tuple[Fetched, dict[str, Any]]]:
        """Yield (page, cursor state to save once the page is stored)."""
        since_id = state.get("since_id")
        pending = state.get("pending") or {}
        token = pending.get("next_token")
        newest = pending.get("newest_id")
        base: dict[str, Any] = {
            "max_results": self.page_size,
            "tweet.fields": TWEET_FIELDS,
            "expansions": "author_id,referenced_tweets.id.author_id",
            "user.fields": "username,public_metrics",
        }
        if since_id:
            base["since_id"] = since_id
        elif since is not None:
            base["start_time"] = since.strftime("%Y-%m-%dT%H:%M:%SZ")
        url = f"{BASE}/users/{user_id}/{ENDPOINTS[endpoint]}"
        while True:
            self.budget.check()
            params = dict(base)
            if token:
                params["pagination_token"] = token
            page = self.api.get(url, params)
            meta = (page.body or {}).get("meta", {}) if isinstance(page.body, dict) else {}
            self.budget.spend(int(meta.get("result_count") or 0))
            newest = newest or meta.get("newest_id")
            token = meta.get("next_token")
            if token:
                state_after: dict[str, Any] = {
                    "since_id": since_id, "pending": {"next_token": token, "newest_id": newest}
                }
            else:
                state_after = {"since_id": newest or since_id}
            yield page, state_after
            if not token:
                return


def make_source(cfg: Config, client: httpx2.Client, deps: list[Department], max_wait: float,
          sleep: Callable[[float], None]) -> Source:
    """The X source with the bearer token and read budget from the settings."""
    token = need_secret(cfg.x_bearer_token,
                        "X needs a bearer token: set SUSHASAN_X_BEARER_TOKEN in the environment")
    api = ApiClient("x", client, {"Authorization": f"Bearer {token}"}, max_wait=max_wait,
                    sleep=sleep)
    return XSource(api, ReadBudget("x", cfg.x_read_budget))
