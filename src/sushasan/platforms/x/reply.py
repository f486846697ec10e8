"""Replies on X: API v2 ``POST /2/tweets`` with ``reply.in_reply_to_tweet_id``.

Posting needs a user-context token (OAuth 2.0 with ``tweet.write``); an app-only bearer token
is refused. X answers ``201 {"data": {"id", "text"}}``; a parent that was deleted or hidden, or
whose author limits replies, is a 403 problem body with X's own words, which the officer sees.
X offers no cheap way to look for a reply we may have posted, so a lost answer is left for a
person to check (``find`` returns None).

Length is X's weighted count (twitter-text): code points in Latin, Devanagari and the other
scripts below U+1100 count 1, others (CJK, emoji) 2; every URL counts 23; 280 in all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx2

from sushasan.platforms._api import ApiError, as_dict
from sushasan.platforms._reply import PostRequest
from sushasan.platforms.x.map import x_api_error

__all__ = ["LIMIT", "URL_LENGTH", "XReplies", "make_replies", "x_length"]

LIMIT = 280
URL_LENGTH = 23
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_URL = re.compile(r"https?://\S+|(?<![\w@.])(?:[a-z0-9-]+\.)+(?:com|in|org|net|gov|nic|ly|co)"
                  r"(?:/\S*)?", re.I)


def x_length(text: str) -> int:
    """The length X counts for ``text``."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    for part in _URL.split(text):
        total += sum(1 if any(a <= ord(c) <= b for a, b in _LIGHT) else 2 for c in part)
    return total + URL_LENGTH * len(_URL.findall(text))


def make_replies(config: Any) -> XReplies:
    token = config.x_user_token
    return XReplies(config.x_api_url, token.reveal() if token else "")


@dataclass(frozen=True)
class XReplies:
    base_url: str
    token: str
    handle: str | None = None
    name: str = "x"
    limit: int = LIMIT

    def length(self, text: str) -> int:
        return x_length(text)

    def request(self, in_reply_to: str, text: str) -> PostRequest:
        return PostRequest(f"{self.base_url.rstrip('/')}/tweets",
                           json={"text": text, "reply": {"in_reply_to_tweet_id": in_reply_to}},
                           headers={"Authorization": f"Bearer {self.token}"})

    def read_error(self, status: int, headers: Mapping[str, Any], body_text: str, *,
                   now: datetime | None = None) -> ApiError | None:
        return x_api_error(status, headers, body_text, now=now)

    def posted(self, body: Any, in_reply_to: str) -> tuple[str, str | None] | None:
        tweet_id = as_dict(as_dict(body).get("data")).get("id")
        if not tweet_id:
            return None
        return str(tweet_id), f"https://x.com/{self.handle or 'i/web'}/status/{tweet_id}"

    def find(self, client: httpx2.Client, in_reply_to: str,
             text: str) -> tuple[str, str | None] | None:
        return None
