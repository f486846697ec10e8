"""YouTube Data API v3 answers → normal records, and how YouTube says an answer failed.

YouTube sends every statistic as a **string** (``"viewCount": "123"``) and leaves ``likeCount`` or
``commentCount`` out when the owner hides likes or turns comments off: absent means unknown (None),
never 0. A channel with ``hiddenSubscriberCount`` true reports no usable follower number, so its
``followers`` is None (the importer refuses such a stat rather than record a false 0).

Accounts are channel ids (``id:UC...``): every video and comment thread names its channel, so a
saved page can name its own account. A reply in a comment thread written by the channel itself is
the department answering (``from_department``), timed against the comment it answers.

Errors name their reason inside ``error.errors[]`` (``quotaExceeded``, ``commentsDisabled``…);
the daily quota resets at midnight Pacific time, which is how long ``quota_exceeded`` waits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sushasan.ingest.records import ImportContext
from sushasan.platforms._api import (
    ApiError,
    Mapped,
    Record,
    RowError,
    Skip,
    as_dict,
    as_list,
    count,
    ids_of,
    items_of,
    parse_json,
    stat,
    status_error,
    status_kind,
    text,
    when,
)
from sushasan.platforms._pages import ApiPageImporter, Response, fetched_day

__all__ = [
    "IMPORTER", "read_youtube_page", "youtube_account", "youtube_api_error", "youtube_channels",
    "youtube_comments", "youtube_next_page", "youtube_playlist_items", "youtube_videos",
]

_REASONS = {
    "quotaExceeded": "quota_exceeded",
    "dailyLimitExceeded": "quota_exceeded",
    "rateLimitExceeded": "rate_limited",
    "userRateLimitExceeded": "rate_limited",
    "keyInvalid": "auth",
    "keyExpired": "auth",
    "authError": "auth",
    "forbidden": "auth",
    "insufficientPermissions": "auth",
    "videoNotFound": "not_found",
    "channelNotFound": "not_found",
    "commentNotFound": "not_found",
    "commentThreadNotFound": "not_found",
    "playlistNotFound": "not_found",
}
_PACIFIC = ZoneInfo("America/Los_Angeles")


def youtube_account(body: Any) -> str | None:
    """The one channel a page is about (``id:<channelId>``), or None when it names several."""
    seen: set[str] = set()
    for item in items_of(body, "items"):
        snippet = as_dict(item.get("snippet"))
        if item.get("kind") == "youtube#channel" and item.get("id"):
            seen.add(str(item["id"]))
        elif snippet.get("channelId"):
            seen.add(str(snippet["channelId"]))
    return f"id:{seen.pop()}" if len(seen) == 1 else None


def youtube_videos(
    body: Any, *, account: str | None = None, fetched_at: datetime | None = None
) -> Mapped:
    """``videos.list`` items → posts (text is the title, then the description)."""
    out = Mapped()
    for video in items_of(body, "items"):
        snippet = as_dict(video.get("snippet"))
        stats = as_dict(video.get("statistics"))
        video_id = text(video.get("id"))
        owner = account or (f"id:{snippet['channelId']}" if snippet.get("channelId") else None)
        try:
            if not video_id:
                raise RowError("no id")
            if not owner:
                raise RowError("no snippet.channelId; name the channel with --account")
            title, desc = text(snippet.get("title")), text(snippet.get("description"))
            live = snippet.get("liveBroadcastContent") in ("live", "upcoming") or (
                "liveStreamingDetails" in video
            )
            out.records.append(Record("post", "youtube", owner, {
                "post_id": video_id,
                "created_at": when(snippet.get("publishedAt"), "publishedAt"),
                "text": "\n\n".join(t for t in (title, desc) if t) or None,
                "language": None,
                "kind": "live" if live else "video",
                "url": f"https://www.youtube.com/watch?v={video_id}",
                "likes": count(stats.get("likeCount"), "likeCount"),
                "comments": count(stats.get("commentCount"), "commentCount"),
                "shares": None,
                "views": count(stats.get("viewCount"), "viewCount"),
                "reach": None,
                "impressions": None,
                "metrics_at": fetched_at,
                "sample": False,
            }))
        except RowError as exc:
            out.skipped.append(Skip(f"video {video.get('id', '?')}: {exc}", video))
    return out


def youtube_playlist_items(body: Any, *, account: str | None = None) -> Mapped:
    """``playlistItems.list`` (a channel's uploads) → posts without metrics.

    A saved uploads page proves the video was published, and when; its views and likes come
    from a ``videos.list`` page, whose record wins over this one when both are stored (the lake
    keeps the version with the newest metrics).
    """
    out = Mapped()
    for item in items_of(body, "items"):
        snippet = as_dict(item.get("snippet"))
        details = as_dict(item.get("contentDetails"))
        video_id = text(details.get("videoId") or as_dict(snippet.get("resourceId")).get("videoId"))
        owner = account or (f"id:{snippet['channelId']}" if snippet.get("channelId") else None)
        try:
            if not video_id:
                raise RowError("no contentDetails.videoId or snippet.resourceId.videoId")
            if not owner:
                raise RowError("no snippet.channelId; name the channel with --account")
            published = details.get("videoPublishedAt") or snippet.get("publishedAt")
            title, desc = text(snippet.get("title")), text(snippet.get("description"))
            out.records.append(Record("post", "youtube", owner, {
                "post_id": video_id,
                "created_at": when(published, "videoPublishedAt"),
                "text": "\n\n".join(t for t in (title, desc) if t) or None,
                "language": None,
                "kind": "video",
                "url": f"https://www.youtube.com/watch?v={video_id}",
                "likes": None, "comments": None, "shares": None, "views": None,
                "reach": None, "impressions": None, "metrics_at": None,
                "sample": False,
            }))
        except RowError as exc:
            out.skipped.append(Skip(f"playlist item {item.get('id', '?')}: {exc}", item))
    return out


def youtube_comments(
    body: Any, *, account: str | None = None, channel_ids: Iterable[str] = ()
) -> Mapped:
    """``commentThreads.list`` (top-level comments and their ``replies``) or ``comments.list``.

    A top-level comment answers the video (``in_reply_to_id`` = video id); a reply answers its
    ``parentId``. The department's channel is ``account``, ``channel_ids`` and the item's own
    ``snippet.channelId`` (the channel the video belongs to, so a page saved for a channel
    recognises the channel's replies even when ``account`` is its handle).
    """
    out = Mapped()
    for item in items_of(body, "items"):
        snippet = as_dict(item.get("snippet"))
        channel = text(snippet.get("channelId"))
        owner = account or (f"id:{channel}" if channel else None)
        mine = [*channel_ids, *([channel] if channel else [])]
        if item.get("kind") == "youtube#comment" or "topLevelComment" not in snippet:
            out.extend(_comments([item], owner, mine, None))
            continue
        video = text(snippet.get("videoId"))
        out.extend(_comments([as_dict(snippet.get("topLevelComment"))], owner, mine, video))
        replies = as_list(as_dict(item.get("replies")).get("comments"))
        out.extend(_comments(replies, owner, mine, video))
    return out


def _comments(
    items: list[Any], owner: str | None, channel_ids: Iterable[str], video: str | None
) -> Mapped:
    out = Mapped()
    mine = ids_of(owner, channel_ids)
    for c in items:
        if not isinstance(c, dict):
            continue
        s = as_dict(c.get("snippet"))
        comment_id = text(c.get("id"))
        author = text(as_dict(s.get("authorChannelId")).get("value"))
        parent = text(s.get("parentId"))
        post = text(s.get("videoId")) or video
        try:
            if not comment_id:
                raise RowError("no id")
            if not owner:
                raise RowError("no channel named; give it with --account id:<channel id>")
            out.records.append(Record("interaction", "youtube", owner, {
                "interaction_id": comment_id,
                "created_at": when(s.get("publishedAt"), "publishedAt"),
                "author_id": author,
                "author_handle": text(s.get("authorDisplayName")),
                "text": text(s.get("textOriginal") or s.get("textDisplay")),
                "language": None,
                "parent_post_id": post,
                "in_reply_to_id": parent or post,
                "kind": "reply" if parent else "comment",
                "from_department": author is not None and author.lower() in mine,
                "sample": False,
            }))
        except RowError as exc:
            out.skipped.append(Skip(f"comment {c.get('id', '?')}: {exc}", c))
    return out


def youtube_channels(body: Any, *, day: date, account: str | None = None) -> Mapped:
    """``channels.list`` items → ``account_stat`` (subscribers, videos) on ``day``."""
    out = Mapped()
    for channel in items_of(body, "items"):
        stats = channel.get("statistics")
        name = account or (f"id:{channel['id']}" if channel.get("id") else None)
        if not name or not isinstance(stats, dict):
            out.skipped.append(
                Skip(f"channel {channel.get('id', '?')}: no statistics; ask for "
                     "part=statistics", channel)
            )
            continue
        hidden = stats.get("hiddenSubscriberCount") is True
        try:
            out.records.append(stat("youtube", name, day,
                                    None if hidden else stats.get("subscriberCount"),
                                    None, stats.get("videoCount")))
        except RowError as exc:
            out.skipped.append(Skip(f"channel {name}: {exc}", channel))
    return out



def read_youtube_page(resp: Response, body: Any, ctx: ImportContext) -> Mapped:
    """One saved YouTube answer: its items read by their ``kind`` (a page may mix them)."""
    out = Mapped()
    account = ctx.account or youtube_account(body)
    groups: dict[str, list[Any]] = {}
    for item in items_of(body, "items"):
        groups.setdefault(str(item.get("kind")), []).append(item)
    for kind, items in groups.items():
        page = {"items": items}
        if kind == "youtube#video":
            out.extend(youtube_videos(page, account=account, fetched_at=resp.fetched_at))
        elif kind in ("youtube#commentThread", "youtube#comment"):
            out.extend(youtube_comments(page, account=account))
        elif kind == "youtube#channel":
            out.extend(youtube_channels(page, day=fetched_day(resp), account=ctx.account))
        elif kind == "youtube#playlistItem":
            out.extend(youtube_playlist_items(page, account=account))
        else:
            raise RowError(f"no records in a page of '{kind}' items (videos, "
                           "commentThreads, comments, channels or playlistItems are read)")
    return out


def youtube_api_error(
    status: int, headers: Mapping[str, Any] | None, body_text: str, *, now: datetime | None = None
) -> ApiError | None:
    """The error in one YouTube answer, or None for a good page; ``now`` (default: the current
    time) turns the quota's Pacific-midnight reset into a wait in seconds."""
    now = now or datetime.now(UTC)
    raw = as_dict(parse_json(body_text)).get("error")
    if raw is None:
        return status_error("youtube", status, body_text)
    err = as_dict(raw)
    code = int(err.get("code") or status)
    first = as_dict(next(iter(as_list(err.get("errors"))), None))
    reason = str(first.get("reason") or "") or None
    message = str(err.get("message") or first.get("message") or raw)
    if reason == "commentsDisabled":
        kind, message = "other", f"comments are disabled on this video ({message})"
    elif reason in _REASONS:
        kind = _REASONS[reason]
    elif err.get("status") in ("PERMISSION_DENIED", "UNAUTHENTICATED"):
        kind = "auth"
    else:
        kind = status_kind(code)
    retry = None
    if kind == "quota_exceeded":  # the daily quota resets at midnight Pacific time
        local = now.astimezone(_PACIFIC)
        midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(),
                                    _PACIFIC)
        retry = (midnight - local).total_seconds()
    return ApiError("youtube", code, kind, retry, message, reason)


def youtube_next_page(body: Any) -> str | None:
    """``nextPageToken``, or None on the last page."""
    token = as_dict(body).get("nextPageToken")
    return str(token) if token else None


IMPORTER = ApiPageImporter("youtube", "youtube-api-json", "YouTube Data API v3",
                           read_youtube_page, youtube_api_error)
