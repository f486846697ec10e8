"""Replies on Facebook: ``POST /{comment-id}/comments`` with a Page token (see ``_graph_reply``).
A comment holds up to 8000 characters."""

from __future__ import annotations

from typing import Any

from sushasan.platforms._graph_reply import GraphReplies

__all__ = ["LIMIT", "facebook_replies", "make_replies"]

LIMIT = 8000


def make_replies(config: Any) -> GraphReplies:
    token = config.facebook_page_token or config.facebook_access_token
    return facebook_replies(config.graph_api_url, token.reveal() if token else "")


def facebook_replies(base_url: str, token: str) -> GraphReplies:
    return GraphReplies("facebook", base_url, token, "comments", LIMIT, private_limit=2000)
