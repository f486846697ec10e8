"""Facebook Graph API answers → normal records.

Graph (shared with Instagram, ``platforms._graph``) sends ``data[]`` lists with ``paging``, one
object when asked for one, ``+0000`` timestamps, and its errors and throttling as an error body.
Facebook's own vocabulary is mapped here:

* Facebook likes are **reactions** (``reactions.summary.total_count``). Pages that alias one
  reaction type per field (``reactions.type(LIKE)...as(like)``) carry no total, so the aliases
  present are summed instead (they partition the reactions).
* Facebook leaves ``shares`` out when a post was never shared. A post that carries engagement
  summaries (so engagement was asked for) and no ``shares`` therefore has 0 shares; a post with
  no engagement fields at all has unknown (None) counts, because then nobody asked.
* A comment (or reply) written by the page itself is the department answering:
  ``from_department`` True, ``in_reply_to_id`` the comment answered.
"""

from __future__ import annotations

import re
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

__all__ = ["IMPORTER", "facebook_comments", "facebook_page", "facebook_posts", "read_facebook_page"]

_REACTION_ALIASES = ("like", "love", "wow", "haha", "sad", "angry", "thankful", "care", "pride")
_FB_KINDS = {
    "added_photos": "photo",
    "added_video": "video",
    "shared_story": "link",
    "mobile_status_update": "text",
    "wall_post": "text",
}
_FB_POST_URL = re.compile(r"facebook\.com/(?P<page>\d+)/posts/(?P<post>\d+)")
_POST_MARKS = {"status_type", "reactions", "shares", "full_picture", "attachments",
               "updated_time", "like", "love", "wow", "haha", "sad", "angry"}
_COMMENT_MARKS = {"from", "parent", "like_count", "comment_count", "can_like", "can_comment"}


def _summary(value: Any) -> int | None:
    summary = as_dict(value).get("summary")
    return count(as_dict(summary).get("total_count"), "total_count") if summary else None


def facebook_posts(
    body: Any,
    *,
    account: str,
    page_ids: Iterable[str] = (),
    fetched_at: datetime | None = None,
) -> Mapped:
    """Page posts or feed (``data[]``, or one post object) → posts, plus any nested comments."""
    out = Mapped()
    for post in graph_objects(body):
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
    for c in graph_objects(body):
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


def read_facebook_page(resp: Response, body: Any, ctx: ImportContext) -> Mapped:
    """One saved Facebook answer: page fields, a posts or feed listing, or a comments page."""
    if "data" not in body and ("fan_count" in body or "followers_count" in body):
        return facebook_page(body, day=fetched_day(resp), account=ctx.account)
    items = items_of(body) if "data" in body else [body]
    edge = GRAPH_EDGE.search(resp.uri)
    keys = {k for i in items for k in i}
    prefixes = {str(i.get("id", "")).split("_")[0] for i in items if "_" in str(i.get("id"))}
    if edge:
        prefixes = {edge[1].split("_")[0]} if "_" in edge[1] else set()
    account = ctx.account or (f"id:{prefixes.pop()}" if len(prefixes) == 1 else None)
    if not account:
        raise RowError("no account: name the page with --account")
    if edge or (keys & _COMMENT_MARKS and not keys & _POST_MARKS):
        post = edge[1] if edge and "_" in edge[1] else None
        return facebook_comments(body, account=account, post_id=post)
    return facebook_posts(body, account=account, fetched_at=resp.fetched_at)


IMPORTER = ApiPageImporter("facebook", "facebook-api-json", "Facebook Graph API",
                           read_facebook_page, partial(graph_api_error, "facebook"))
