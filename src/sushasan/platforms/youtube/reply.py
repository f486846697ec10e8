"""Replies on YouTube: ``comments.insert`` (``POST /comments?part=snippet`` with
``snippet.parentId`` and ``snippet.textOriginal``) under OAuth 2.0; an API key cannot post.

The answer is the new comment resource (``{"kind": "youtube#comment", "id", "snippet"}``). A
parent that is gone is 404 ``commentNotFound``/``parentCommentNotFound``; comments switched off
are 403 ``commentsDisabled``; an exhausted quota is 403 ``quotaExceeded`` (it resets at Pacific
midnight, so the reply waits). After a lost answer ``comments.list?parentId=`` shows the
parent's replies, so ours is recognised by its text instead of being posted again. A comment
holds up to 10000 characters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx2

from sushasan.platforms._api import ApiError, as_dict, as_list, parse_json
from sushasan.platforms._reply import PostRequest
from sushasan.platforms.youtube.map import youtube_api_error

__all__ = ["LIMIT", "YouTubeReplies", "make_replies"]

LIMIT = 10000


def make_replies(config: Any) -> YouTubeReplies:
    token = config.youtube_oauth_token
    return YouTubeReplies(config.youtube_api_url, token.reveal() if token else "")


@dataclass(frozen=True)
class YouTubeReplies:
    base_url: str
    token: str
    name: str = "youtube"
    limit: int = LIMIT

    def length(self, text: str) -> int:
        return len(text)

    def request(self, in_reply_to: str, text: str) -> PostRequest:
        return PostRequest(
            f"{self.base_url.rstrip('/')}/comments?part=snippet",
            json={"snippet": {"parentId": in_reply_to, "textOriginal": text}},
            headers={"Authorization": f"Bearer {self.token}"})

    def read_error(self, status: int, headers: Mapping[str, Any], body_text: str, *,
                   now: datetime | None = None) -> ApiError | None:
        return youtube_api_error(status, headers, body_text, now=now)

    def posted(self, body: Any, in_reply_to: str) -> tuple[str, str | None] | None:
        got = as_dict(body)
        if not got.get("id"):
            return None
        return str(got["id"]), self._link(got)

    @staticmethod
    def _link(comment: Mapping[str, Any]) -> str | None:
        video = as_dict(comment.get("snippet")).get("videoId")
        return f"https://www.youtube.com/watch?v={video}&lc={comment['id']}" if video else None

    def find(self, client: httpx2.Client, in_reply_to: str,
             text: str) -> tuple[str, str | None] | None:
        resp = client.get(f"{self.base_url.rstrip('/')}/comments",
                          params={"part": "snippet", "parentId": in_reply_to,
                                  "maxResults": "100", "textFormat": "plainText"},
                          headers={"Authorization": f"Bearer {self.token}"})
        if resp.status_code != 200:
            return None
        for item in as_list(as_dict(parse_json(resp.text)).get("items")):
            snippet = as_dict(as_dict(item).get("snippet"))
            said = str(snippet.get("textOriginal") or snippet.get("textDisplay") or "")
            if said.strip() == text.strip() and item.get("id"):
                return str(item["id"]), self._link(item)
        return None
