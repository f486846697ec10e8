"""Replies on Facebook: ``POST /{comment-id}/comments`` with a Page token (see ``_graph_reply``).
A comment holds up to 8000 characters."""

from __future__ import annotations

from sushasan.platforms._graph_reply import GraphReplies

__all__ = ["LIMIT", "facebook_replies"]

LIMIT = 8000


def facebook_replies(base_url: str, token: str) -> GraphReplies:
    return GraphReplies("facebook", base_url, token, "comments", LIMIT)
