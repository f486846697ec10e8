"""Instagram Graph API answers → normal records.

Instagram speaks Graph (``platforms._graph``: lists, paging, errors, throttling) with its own
vocabulary, mapped here:

* media carry ``like_count`` and ``comments_count`` but no share count: ``shares`` stays None;
* a comment (or reply) written by the account itself is the department answering:
  ``from_department`` True, ``in_reply_to_id`` the comment answered;
* ``business_discovery`` answers (another account's profile and media, asked by username) are
  unwrapped to the user and its media.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import partial
from typing import Any

from sushasan.ingest.records import ImportContext
from sushasan.platforms._api import (
    JsonObj,
    Mapped,
    Record,
    RowError,
    Skip,
    as_dict,
    count,
    ids_of,
    items_of,
    stat,
    text,
    when,
)
from sushasan.platforms._graph import GRAPH_EDGE, graph_api_error, graph_objects
from sushasan.platforms._pages import ApiPageImporter, Response, fetched_day

__all__ = [
    "IMPORTER", "instagram_comments", "instagram_media", "instagram_user", "read_instagram_page",
]


def instagram_media(
    body: Any,
    *,
    account: str,
    ig_ids: Iterable[str] = (),
    fetched_at: datetime | None = None,
) -> Mapped:
    """Media list (``/{ig-user}/media`` or ``business_discovery.media``) → posts + comments."""
    out = Mapped()
    for media in graph_objects(_unwrap_discovery(body, media=True)):
        media_id = text(media.get("id"))
        try:
            if not media_id:
                raise RowError("no id")
            out.records.append(Record("post", "instagram", account, {
                "post_id": media_id,
                "created_at": when(media.get("timestamp"), "timestamp"),
                "text": text(media.get("caption")),
                "language": None,
                "kind": _ig_kind(media),
                "url": text(media.get("permalink")),
                "likes": count(media.get("like_count"), "like_count"),
                "comments": count(media.get("comments_count"), "comments_count"),
                "shares": None,
                "views": None,
                "reach": None,
                "impressions": None,
                "metrics_at": fetched_at,
                "sample": False,
            }))
        except RowError as exc:
            out.skipped.append(Skip(f"media {media.get('id', '?')}: {exc}", media))
            continue
        nested = as_dict(media.get("comments"))
        if nested.get("data"):
            out.extend(instagram_comments(nested, account=account, ig_ids=ig_ids,
                                          media_id=media_id))
    return out


def _ig_kind(media: JsonObj) -> str:
    product = str(media.get("media_product_type") or "").upper()
    media_type = str(media.get("media_type") or "").upper()
    if "REELS" in (product, media_type):
        return "reel"
    return "video" if media_type == "VIDEO" else "photo"


def instagram_comments(
    body: Any,
    *,
    account: str,
    ig_ids: Iterable[str] = (),
    media_id: str | None = None,
    parent_id: str | None = None,
) -> Mapped:
    """Comments (``/{media}/comments``) or replies (``/{comment}/replies``, ``parent_id`` set).

    The account's own comments are recognised by ``user.id`` (Graph returns ``user`` only for
    the account itself) or by ``username``.
    """
    out = Mapped()
    mine = ids_of(account, ig_ids)
    for c in graph_objects(body):
        comment_id = text(c.get("id"))
        user = as_dict(c.get("user"))
        username = text(c.get("username") or as_dict(c.get("from")).get("username"))
        author_id = text(user.get("id") or as_dict(c.get("from")).get("id"))
        post = text(as_dict(c.get("media")).get("id")) or media_id
        try:
            if not comment_id:
                raise RowError("no id")
            out.records.append(Record("interaction", "instagram", account, {
                "interaction_id": comment_id,
                "created_at": when(c.get("timestamp"), "timestamp"),
                "author_id": author_id,
                "author_handle": username,
                "text": text(c.get("text")),
                "language": None,
                "parent_post_id": post,
                "in_reply_to_id": parent_id or post,
                "kind": "reply" if parent_id else "comment",
                "from_department": bool(
                    (author_id and author_id.lower() in mine)
                    or (username and username.lower() in mine)
                ),
                "sample": False,
            }))
        except RowError as exc:
            out.skipped.append(Skip(f"comment {c.get('id', '?')}: {exc}", c))
            continue
        replies = as_dict(c.get("replies"))
        if replies.get("data"):
            out.extend(instagram_comments(replies, account=account, ig_ids=mine,
                                          media_id=post, parent_id=comment_id))
    return out


def instagram_user(body: Any, *, day: date, account: str | None = None) -> Mapped:
    """IG user fields (or ``business_discovery``) → ``account_stat`` from ``followers_count``."""
    out = Mapped()
    user = _unwrap_discovery(body, media=False)
    name = account or text(user.get("username")) or (f"id:{user['id']}" if user.get("id") else "")
    if not name or user.get("followers_count") is None:
        out.skipped.append(Skip("user info without username/id or followers_count", user))
        return out
    try:
        out.records.append(stat("instagram", name, day, user.get("followers_count"),
                                user.get("follows_count"), user.get("media_count")))
    except RowError as exc:
        out.skipped.append(Skip(f"user {name}: {exc}", user))
    return out


def _unwrap_discovery(body: Any, *, media: bool) -> JsonObj:
    b = as_dict(body)
    found = as_dict(b.get("business_discovery")) or b
    return as_dict(found.get("media")) if media and "business_discovery" in b else found


def read_instagram_page(resp: Response, body: Any, ctx: ImportContext) -> Mapped:
    """One saved Instagram answer: user fields (or ``business_discovery``), media, comments."""
    discovery = as_dict(body.get("business_discovery"))
    out = Mapped()
    if "data" not in body and (discovery or "followers_count" in body):
        user = discovery or body
        out.extend(instagram_user(body, day=fetched_day(resp), account=ctx.account))
        if not discovery.get("media"):
            return out
        name = ctx.account or user.get("username")
    else:
        items = items_of(body) if "data" in body else [body]
        owners = {i.get("username") for i in items if i.get("media_type")}
        name = ctx.account or (owners.pop() if len(owners) == 1 else None)
        if items and "text" in items[0] and "media_type" not in items[0]:
            if not name:
                raise RowError("no account: name the Instagram account with --account")
            edge = GRAPH_EDGE.search(resp.uri)
            media_id = edge[1] if edge and edge[2] == "comments" else None
            parent = edge[1] if edge and edge[2] == "replies" else None
            return instagram_comments(body, account=name, media_id=media_id, parent_id=parent)
    if not name:
        raise RowError("no account: name the Instagram account with --account")
    out.extend(instagram_media(body, account=str(name), fetched_at=resp.fetched_at))
    return out


IMPORTER = ApiPageImporter("instagram", "instagram-api-json", "Instagram Graph API",
                           read_instagram_page, partial(graph_api_error, "instagram"))
