"""Replies on Instagram: ``POST /{ig-comment-id}/replies`` with the business account's token
(``instagram_manage_comments``; see ``_graph_reply``). A comment holds up to 2200 characters."""

from __future__ import annotations

from typing import Any

from sushasan.platforms._graph_reply import GraphReplies

__all__ = ["LIMIT", "instagram_replies", "make_replies"]

LIMIT = 2200


def make_replies(config: Any) -> GraphReplies:
    token = (config.instagram_access_token or config.facebook_page_token
             or config.facebook_access_token)
    return instagram_replies(config.graph_api_url, token.reveal() if token else "")


def instagram_replies(base_url: str, token: str) -> GraphReplies:
    return GraphReplies("instagram", base_url, token, "replies", LIMIT)
