"""Replies through the Graph API, shared by Facebook (``POST /{comment-id}/comments``) and
Instagram (``POST /{ig-comment-id}/replies``): form field ``message``, the page token as
``access_token``, answer ``{"id": ...}``.

A comment can also be answered privately (Graph's private replies: ``POST /{page-id}/messages``
for Facebook, ``POST /{ig-user-id}/messages`` for Instagram, ``recipient.comment_id``): the way
a reply carrying the citizen's own details reaches them without being public. It needs the
account's id (the registry's ``facebook_id`` / ``instagram_id``) and answers ``{"recipient_id",
"message_id"}``; Messenger holds 2000 characters, Instagram 1000.

After a lost answer Graph lets us look: the parent's ``comments`` / ``replies`` edge lists what
was posted under it, so a reply with our exact text is recognised instead of posted again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx2

from sushasan.platforms._api import ApiError, as_dict, items_of, parse_json
from sushasan.platforms._graph import graph_api_error
from sushasan.platforms._reply import PostRequest

__all__ = ["GraphReplies"]


@dataclass(frozen=True)
class GraphReplies:
    name: str  # facebook or instagram
    base_url: str
    token: str
    edge: str  # comments (Facebook) or replies (Instagram)
    limit: int
    private_limit: int = 1000
    account_id: str | None = None  # the page or business account: for private replies

    def length(self, text: str) -> int:
        return len(text)

    def request(self, in_reply_to: str, text: str) -> PostRequest:
        return PostRequest(f"{self.base_url.rstrip('/')}/{in_reply_to}/{self.edge}",
                           data={"message": text, "access_token": self.token})

    def private_request(self, in_reply_to: str, text: str) -> PostRequest | None:
        if not self.account_id:
            return None
        return PostRequest(f"{self.base_url.rstrip('/')}/{self.account_id}/messages",
                           json={"recipient": {"comment_id": in_reply_to},
                                 "message": {"text": text}},
                           headers={"Authorization": f"Bearer {self.token}"})

    def read_error(self, status: int, headers: Mapping[str, Any], body_text: str, *,
                   now: datetime | None = None) -> ApiError | None:
        return graph_api_error(self.name, status, headers, body_text, now=now)

    def posted(self, body: Any, in_reply_to: str) -> tuple[str, str | None] | None:
        answer = as_dict(body)
        if answer.get("message_id"):  # a private reply: no public address
            return str(answer["message_id"]), None
        got = answer.get("id")
        return None if not got else (str(got), self.link(str(got)))

    def link(self, reply_id: str) -> str | None:
        if self.name == "facebook":
            return f"https://www.facebook.com/{reply_id}"
        return None  # Instagram gives comments no public address of their own

    def find(self, client: httpx2.Client, in_reply_to: str,
             text: str) -> tuple[str, str | None] | None:
        field = "message" if self.name == "facebook" else "text"
        resp = client.get(f"{self.base_url.rstrip('/')}/{in_reply_to}/{self.edge}",
                          params={"fields": f"id,{field}", "limit": "100",
                                  "access_token": self.token})
        if resp.status_code != 200:
            return None
        for item in items_of(parse_json(resp.text)):
            if str(item.get(field) or "").strip() == text.strip() and item.get("id"):
                return str(item["id"]), self.link(str(item["id"]))
        return None
