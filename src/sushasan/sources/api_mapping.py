"""The one place that reads platform API answers: records, errors and paging.

Pure functions, shared by the saved-page importers (``api_pages``) and the live connectors, so a
page read today from a file and the same page fetched tomorrow become the same records. Record
mappers live per platform (``api_x``, ``api_meta``, ``api_youtube``) and are re-exported here;
this module adds what every caller needs around them:

* ``api_error`` tells an error answer from a good one, and what kind of error it is. Platforms
  disagree on the shape: X sends a plain-text or JSON 429, JSON problems for 400/401, an **HTML**
  page for an unknown path and **HTTP 200 with** ``errors[]`` for a suspended user; Graph sends
  throttling as an error **body** with codes 4/17/32/613/800xx (not a 429); YouTube names the
  reason (``quotaExceeded``) inside ``error.errors[]``.
* ``next_page`` finds the continuation or says this was the last page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sushasan.sources.api_common import Mapped, Record, Skip, as_dict, as_list, header
from sushasan.sources.api_meta import (
    facebook_comments,
    facebook_page,
    facebook_posts,
    instagram_comments,
    instagram_media,
    instagram_user,
)
from sushasan.sources.api_x import x_errors, x_tweets, x_user
from sushasan.sources.api_youtube import (
    youtube_account,
    youtube_channels,
    youtube_comments,
    youtube_playlist_items,
    youtube_videos,
)

__all__ = [
    "ERROR_KINDS",
    "ApiError",
    "Mapped",
    "Record",
    "Skip",
    "api_error",
    "facebook_comments",
    "facebook_page",
    "facebook_posts",
    "instagram_comments",
    "instagram_media",
    "instagram_user",
    "next_page",
    "x_errors",
    "x_tweets",
    "x_user",
    "youtube_account",
    "youtube_channels",
    "youtube_comments",
    "youtube_playlist_items",
    "youtube_videos",
]

ERROR_KINDS = (
    "rate_limited", "quota_exceeded", "auth", "not_found", "bad_request", "partial", "server",
    "other",
)
#: Graph throttling codes: app (4), user (17), page (32), custom (613), business use case (800xx).
_GRAPH_THROTTLE = {4, 17, 32, 613, *range(80000, 80015)}
_GRAPH_AUTH = {10, 102, 190, *range(200, 300)}
_YT_REASONS = {
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
_TITLE = re.compile(r"<title>(.*?)</title>", re.I | re.S)


@dataclass(frozen=True)
class ApiError:
    """An answer that is (wholly or partly) an error, in terms a connector can act on.

    ``kind`` is one of ``ERROR_KINDS``; ``retry_after_s`` is how long to wait before the same
    call can succeed, when the platform says so (None: unknown, or waiting will not help);
    ``code`` is the platform's own code or reason (``88``, ``quotaExceeded``) for the log.
    """

    platform: str
    status: int
    kind: str
    retry_after_s: float | None
    message: str
    code: str | None = None


def _by_status(status: int) -> str:
    if status == 429:
        return "rate_limited"
    if status in (401, 403):
        return "auth"
    if status == 404:
        return "not_found"
    if status >= 500:
        return "server"
    if status >= 400:
        return "bad_request"
    return "other"


def _json(body_text: str) -> Any:
    try:
        return json.loads(body_text)
    except (TypeError, ValueError):
        return None


def api_error(
    platform: str,
    status: int,
    headers: Mapping[str, Any] | None,
    body_text: str,
    *,
    now: datetime | None = None,
) -> ApiError | None:
    """The error in one answer, or None when the answer is a good page.

    ``platform`` is ``x``, ``facebook``, ``instagram`` or ``youtube``; ``now`` (default: the
    current time) turns X's ``x-rate-limit-reset`` epoch and YouTube's Pacific-midnight quota
    reset into a wait in seconds.
    """
    now = now or datetime.now(UTC)
    body = _json(body_text)
    if platform == "x":
        return _x_error(status, headers, body_text, body, now)
    if platform in ("facebook", "instagram"):
        return _graph_error(platform, status, headers, body_text, body)
    if platform == "youtube":
        return _youtube_error(status, body_text, body, now)
    raise ValueError(f"unknown platform '{platform}'")


def _plain(body_text: str) -> str:
    if m := _TITLE.search(body_text):
        return f"HTML page '{m[1].strip()}' instead of JSON (wrong endpoint?)"
    first = body_text.strip().splitlines()
    return first[0][:200] if first else ""


def _x_error(
    status: int, headers: Mapping[str, Any] | None, body_text: str, body: Any, now: datetime
) -> ApiError | None:
    obj = as_dict(body)
    if status < 400:
        errors = x_errors(obj)
        if not errors:
            return None
        return ApiError("x", status, "partial", None, "; ".join(errors))
    kind = _by_status(status)
    if obj:
        title, detail = obj.get("title"), obj.get("detail")
        details = [str(as_dict(e).get("message") or "") for e in as_list(obj.get("errors"))]
        parts = (str(title or ""), str(detail or ""), *details)
        message = "; ".join(dict.fromkeys(t for t in parts if t))  # "Unauthorized" once
        message = message or _plain(body_text)
    else:
        message = _plain(body_text) or f"HTTP {status}"
    retry = None
    reset = header(headers, "x-rate-limit-reset")
    if kind == "rate_limited" and reset and reset.strip().isdigit():
        retry = max(0.0, float(reset) - now.timestamp())
    return ApiError("x", status, kind, retry, message)


def _graph_error(
    platform: str, status: int, headers: Mapping[str, Any] | None, body_text: str, body: Any
) -> ApiError | None:
    err = as_dict(as_dict(body).get("error"))
    if not err:
        if status < 400:
            return None
        return ApiError(platform, status, _by_status(status), None,
                        _plain(body_text) or f"HTTP {status}")
    code = err.get("code")
    message = str(err.get("message") or err.get("error_user_msg") or "Graph API error")
    if code in _GRAPH_THROTTLE:
        kind = "rate_limited"
    elif code in _GRAPH_AUTH:
        kind = "auth"
    elif code == 100 and "does not exist" in message:
        kind = "not_found"
    elif code == 100:
        kind = "bad_request"
    elif code in (1, 2) or status >= 500:
        kind = "server"
    else:
        kind = _by_status(status) if status >= 400 else "other"
    retry = _graph_wait(headers) if kind == "rate_limited" else None
    return ApiError(platform, status, kind, retry, message, None if code is None else str(code))


def _graph_wait(headers: Mapping[str, Any] | None) -> float | None:
    """Longest ``estimated_time_to_regain_access`` (minutes) in the usage headers, in seconds."""
    minutes: list[float] = []
    for name in ("x-business-use-case-usage", "x-app-usage", "x-page-usage", "x-ad-account-usage"):
        usage = _json(header(headers, name) or "")
        entries: list[Any] = [usage]
        if isinstance(usage, dict):
            entries += [e for v in usage.values() for e in as_list(v)]
        for entry in entries:
            value = as_dict(entry).get("estimated_time_to_regain_access")
            if isinstance(value, int | float) and not isinstance(value, bool):
                minutes.append(float(value))
    best = max(minutes, default=0.0)
    return best * 60.0 if best > 0 else None


def _youtube_error(status: int, body_text: str, body: Any, now: datetime) -> ApiError | None:
    raw = as_dict(body).get("error")
    if raw is None:
        if status < 400:
            return None
        return ApiError("youtube", status, _by_status(status), None,
                        _plain(body_text) or f"HTTP {status}")
    err = as_dict(raw)
    code = int(err.get("code") or status)
    first = as_dict(next(iter(as_list(err.get("errors"))), None))
    reason = str(first.get("reason") or "") or None
    message = str(err.get("message") or first.get("message") or raw)
    if reason == "commentsDisabled":
        kind, message = "other", f"comments are disabled on this video ({message})"
    elif reason in _YT_REASONS:
        kind = _YT_REASONS[reason]
    elif err.get("status") in ("PERMISSION_DENIED", "UNAUTHENTICATED"):
        kind = "auth"
    else:
        kind = _by_status(code)
    retry = None
    if kind == "quota_exceeded":  # the daily quota resets at midnight Pacific time
        local = now.astimezone(_PACIFIC)
        midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(),
                                    _PACIFIC)
        retry = (midnight - local).total_seconds()
    return ApiError("youtube", code, kind, retry, message, reason)


def next_page(platform: str, body: Any) -> str | None:
    """What to send for the next page, or None on the last page.

    X: ``meta.next_token``. YouTube: ``nextPageToken``. Graph: the ``paging.next`` URL (the last
    page has none, and Instagram's last comments page has no ``paging`` at all); for Instagram
    ``business_discovery`` the ``media`` cursor ``after`` (to send as ``media.after(...)``),
    which the real last page leaves out.
    """
    b = as_dict(body)
    if platform == "x":
        token = as_dict(b.get("meta")).get("next_token")
    elif platform == "youtube":
        token = b.get("nextPageToken")
    elif platform in ("facebook", "instagram"):
        if "business_discovery" in b:
            media = as_dict(as_dict(b["business_discovery"]).get("media"))
            token = as_dict(as_dict(media.get("paging")).get("cursors")).get("after")
        else:
            token = as_dict(b.get("paging")).get("next")
    else:
        raise ValueError(f"unknown platform '{platform}'")
    return str(token) if token else None
