"""Facebook and Instagram Graph API responses → normal records.

Both speak Graph: ``data[]`` lists with ``paging``, one object when asked for one, ``+0000``
timestamps. What differs is the vocabulary, mapped here:

* Facebook likes are **reactions** (``reactions.summary.total_count``). Pages that alias one
  reaction type per field (``reactions.type(LIKE)...as(like)``) carry no total, so the aliases
  present are summed instead (they partition the reactions).
* Facebook leaves ``shares`` out when a post was never shared. A post that carries engagement
  summaries (so engagement was asked for) and no ``shares`` therefore has 0 shares; a post with
  no engagement fields at all has unknown (None) counts, because then nobody asked.
* Instagram gives no share count on media: ``shares`` stays None.
* A comment (or reply) written by the page or Instagram account itself is the department
  answering: ``from_department`` True, ``in_reply_to_id`` the comment answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sushasan.sources.api_common import (
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

__all__ = [
    "facebook_comments",
    "facebook_page",
    "facebook_posts",
    "instagram_comments",
    "instagram_media",
    "instagram_user",
]

_REACTION_ALIASES = ("like", "love", "wow", "haha", "sad", "angry", "thankful", "care", "pride")
_FB_KINDS = {
    "added_photos": "photo",
    "added_video": "video",
    "shared_story": "link",
    "mobile_status_update": "text",
    "wall_post": "text",
}
_FB_POST_URL = re.compile(r"facebook\.com/(?P<page>\d+)/posts/(?P<post>\d+)")


def _summary(value: Any) -> int | None:
    summary = as_dict(value).get("summary")
    return count(as_dict(summary).get("total_count"), "total_count") if summary else None


# ------------------------------------------------------------------------------------ Facebook
def facebook_posts(
    body: Any,
    *,
    account: str,
    page_ids: Iterable[str] = (),
    fetched_at: datetime | None = None,
) -> Mapped:
    """Page posts or feed (``data[]``, or one post object) → posts, plus any nested comments."""
    out = Mapped()
    for post in _objects(body):
        try:
            out.records.append(_fb_post(post, account, fetched_at))
        except RowError as exc:
            out.skipped.append(Skip(f"post {post.get('id', '?')}: {exc}", post))
            continue
        nested = as_dict(post.get("comments"))
        if nested.get("data"):
            out.extend(
                facebook_comments(nested, account=account, page_ids=page_ids, post_id=post["id"])
            )
    return out


def _fb_post(post: JsonObj, account: str, fetched_at: datetime | None) -> Record:
    post_id = text(post.get("id"))
    if not post_id:
        raise RowError("no id")
    aliases = [_summary(post[a]) for a in _REACTION_ALIASES if isinstance(post.get(a), dict)]
    likes = _summary(post.get("reactions"))
    if likes is None and aliases:
        likes = sum(a or 0 for a in aliases)
    comments = _summary(post.get("comments"))
    asked = likes is not None or comments is not None
    if "shares" in post:
        shares = count(as_dict(post.get("shares")).get("count"), "shares.count") or 0
    else:
        shares = 0 if asked else None
    fields = {
        "post_id": post_id,
        "created_at": when(post.get("created_time"), "created_time"),
        "text": text(post.get("message")),
        "language": None,
        "kind": _fb_kind(post),
        "url": text(post.get("permalink_url")),
        "likes": likes,
        "comments": comments,
        "shares": shares,
        "views": None,
        "reach": None,
        "impressions": None,
        "metrics_at": fetched_at,
        "sample": False,
    }
    return Record("post", "facebook", account, fields)


def _fb_kind(post: JsonObj) -> str:
    if kind := _FB_KINDS.get(str(post.get("status_type") or "")):
        return kind
    if "/videos/" in str(post.get("permalink_url") or ""):
        return "video"
    for att in items_of(post.get("attachments")):
        media_type = str(att.get("media_type") or "")
        if media_type in ("photo", "album"):
            return "photo"
        if media_type in ("video", "link"):
            return media_type
    return "text"


def facebook_comments(
    body: Any,
    *,
    account: str,
    page_ids: Iterable[str] = (),
    post_id: str | None = None,
    parent_id: str | None = None,
) -> Mapped:
    """Comments of one post (``/{post}/comments``) with their nested or ``parent`` replies.

    ``post_id`` (from the request) becomes ``parent_post_id``; without it the post is read off a
    ``/<page>/posts/<post>`` permalink when there is one. ``parent_id`` marks the whole page as
    replies to that comment (``/{comment}/comments``).
    """
    out = Mapped()
    mine = ids_of(account, page_ids)
    if post_id and "_" in post_id:
        # A page post's id is "<page id>_<post id>": the page's own replies are recognised even
        # when the account was named by its handle.
        mine = mine | {post_id.split("_")[0]}
    for c in _objects(body):
        try:
            out.records.append(_fb_comment(c, account, mine, post_id, parent_id))
        except RowError as exc:
            out.skipped.append(Skip(f"comment {c.get('id', '?')}: {exc}", c))
            continue
        replies = as_dict(c.get("comments"))
        if replies.get("data"):
            out.extend(facebook_comments(replies, account=account, page_ids=mine,
                                         post_id=out.records[-1].fields["parent_post_id"],
                                         parent_id=c["id"]))
    return out


def _fb_comment(
    c: JsonObj, account: str, mine: frozenset[str], post_id: str | None, parent_id: str | None
) -> Record:
    comment_id = text(c.get("id"))
    if not comment_id:
        raise RowError("no id; ask for fields=id,from,message,created_time,parent")
    author = as_dict(c.get("from"))
    parent = text(as_dict(c.get("parent")).get("id")) or parent_id
    if post_id is None and (m := _FB_POST_URL.search(str(c.get("permalink_url") or ""))):
        post_id = f"{m['page']}_{m['post']}"
    author_id = text(author.get("id"))
    fields = {
        "interaction_id": comment_id,
        "created_at": when(c.get("created_time"), "created_time"),
        "author_id": author_id,
        "author_handle": text(author.get("name")),
        "text": text(c.get("message")),
        "language": None,
        "parent_post_id": post_id,
        "in_reply_to_id": parent or post_id,
        "kind": "reply" if parent else "comment",
        "from_department": author_id is not None and author_id.lower() in mine,
        "sample": False,
    }
    return Record("interaction", "facebook", account, fields)


def facebook_page(body: Any, *, day: date, account: str | None = None) -> Mapped:
    """Page fields → ``account_stat``: ``followers_count``, else the older ``fan_count``."""
    out = Mapped()
    page = as_dict(body)
    name = account or text(page.get("username")) or (f"id:{page['id']}" if page.get("id") else "")
    followers = page.get("followers_count", page.get("fan_count"))
    if not name or followers is None:
        out.skipped.append(Skip("page info without id or followers_count/fan_count", page))
        return out
    try:
        out.records.append(stat("facebook", name, day, followers, None, None))
    except RowError as exc:
        out.skipped.append(Skip(f"page {name}: {exc}", page))
    return out


# ----------------------------------------------------------------------------------- Instagram
def instagram_media(
    body: Any,
    *,
    account: str,
    ig_ids: Iterable[str] = (),
    fetched_at: datetime | None = None,
) -> Mapped:
    """Media list (``/{ig-user}/media`` or ``business_discovery.media``) → posts + comments."""
    out = Mapped()
    for media in _objects(_unwrap_discovery(body, media=True)):
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
    for c in _objects(body):
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


# ------------------------------------------------------------------------------------- helpers
def _objects(body: Any) -> list[JsonObj]:
    """``data[]`` of a list answer, or the answer itself when it is one object with an id."""
    b = as_dict(body)
    if "data" in b:
        return items_of(b)
    return [b] if b.get("id") else []


def _unwrap_discovery(body: Any, *, media: bool) -> JsonObj:
    b = as_dict(body)
    found = as_dict(b.get("business_discovery")) or b
    return as_dict(found.get("media")) if media and "business_discovery" in b else found
