"""X API v2 answers → normal records, and how X says an answer failed or where its next page is.

A timeline or search page mixes three things we must keep apart, because the ranking treats them
differently: the department's own tweets (``post``: they carry reach and engagement), citizens
writing to or about the department (``interaction``, not from the department: the demand), and the
department answering a citizen (``interaction`` from the department: the response that the
responsiveness indicator times against the citizen's message).

Retweets are left out (``Mapped.ignored``): their ``public_metrics`` are the original tweet's, so
a department retweeting a viral tweet would otherwise look viral itself. The X analytics export
leaves them out for the same reason.

``public_metrics`` exists only when ``tweet.fields=public_metrics`` was asked for; without it the
counts are None (unknown), never 0. ``shares`` is the retweet count alone, as in the
``x-analytics-csv`` import, so the two sources agree; quotes are not added.

Errors: X sends a plain-text or JSON 429, JSON problems for 400/401, an **HTML** page for an
unknown path and **HTTP 200 with** ``errors[]`` for a suspended user (a ``partial`` error: the
good part of the page still counts).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sushasan.ingest.records import ImportContext
from sushasan.platforms._api import (
    ApiError,
    JsonObj,
    Mapped,
    Record,
    RowError,
    Skip,
    as_dict,
    as_list,
    count,
    header,
    ids_of,
    items_of,
    parse_json,
    plain_message,
    stat,
    status_kind,
    text,
    when,
)
from sushasan.platforms._pages import ApiPageImporter, Response, fetched_day

__all__ = [
    "IMPORTER", "read_x_page", "x_api_error", "x_errors", "x_next_page", "x_tweets", "x_user",
]

_USER_URI = re.compile(r"/2/users/(\d+)/(?:tweets|mentions)")


def x_errors(body: Any) -> list[str]:
    """The ``errors[]`` of a 200 answer (suspended user, deleted tweet), one line each."""
    out = []
    for err in as_list(as_dict(body).get("errors")):
        e = as_dict(err)
        what = e.get("detail") or e.get("message") or e.get("title") or "unknown error"
        title = e.get("title")
        out.append(f"{title}: {what}" if title and title != what else str(what))
    return out


def x_tweets(
    body: Any,
    *,
    account: str,
    department_handle_ids: Iterable[str] = (),
    fetched_at: datetime | None = None,
) -> Mapped:
    """Map ``data[]`` tweets of one page (timeline, mentions, search or lookup).

    ``account`` is the department account the page is about (``handle`` or ``id:<id>``) and
    ``department_handle_ids`` any further handles or ids that are the department's own on X.
    A tweet is the department's when its ``author_id`` is one of those ids, or the author's
    ``username`` in ``includes.users`` is one of those handles.
    """
    out = Mapped(errors=x_errors(body))
    mine = ids_of(account, department_handle_ids)
    includes = as_dict(as_dict(body).get("includes"))
    users = {
        str(u.get("id")): str(u.get("username") or "")
        for u in as_list(includes.get("users"))
        if isinstance(u, dict)
    }
    media = {
        str(m.get("media_key")): str(m.get("type") or "")
        for m in as_list(includes.get("media"))
        if isinstance(m, dict)
    }

    def is_mine(user_id: Any) -> bool:
        if user_id is None:
            return False
        uid = str(user_id)
        return uid in mine or users.get(uid, "").lower() in mine

    for tweet in items_of(body):
        try:
            rec = _tweet(tweet, account, users, media, is_mine, fetched_at)
        except RowError as exc:
            out.skipped.append(Skip(f"tweet {tweet.get('id', '?')}: {exc}", tweet))
            continue
        if rec is None:
            out.ignored += 1
        else:
            out.records.append(rec)
    return out


def _tweet(
    tweet: JsonObj,
    account: str,
    users: dict[str, str],
    media: dict[str, str],
    is_mine: Callable[[Any], bool],
    fetched_at: datetime | None,
) -> Record | None:
    tweet_id = text(tweet.get("id"))
    if not tweet_id:
        raise RowError("no id")
    refs = {
        str(r.get("type")): str(r.get("id"))
        for r in as_list(tweet.get("referenced_tweets"))
        if isinstance(r, dict)
    }
    if "retweeted" in refs:
        return None
    author = tweet.get("author_id")
    if author is None:
        raise RowError("no author_id; ask for tweet.fields=author_id")
    created = when(tweet.get("created_at"), "created_at")
    replied_to = refs.get("replied_to")
    to_user = tweet.get("in_reply_to_user_id")
    handle = users.get(str(author))
    if is_mine(author) and not (replied_to and to_user is not None and not is_mine(to_user)):
        metrics = as_dict(tweet.get("public_metrics"))
        fields = {
            "post_id": tweet_id,
            "created_at": created,
            "text": text(tweet.get("text")),
            "language": None,  # the project's own script detection, the same for every source
            "kind": _kind(tweet, media),
            "url": f"https://x.com/{handle or 'i/web'}/status/{tweet_id}",
            "likes": count(metrics.get("like_count"), "like_count"),
            "comments": count(metrics.get("reply_count"), "reply_count"),
            "shares": count(metrics.get("retweet_count"), "retweet_count"),
            "views": None,
            "reach": None,
            "impressions": count(metrics.get("impression_count"), "impression_count"),
            "metrics_at": fetched_at,
            "sample": False,
        }
        return Record("post", "x", account, fields)
    from_department = is_mine(author)
    to_department = to_user is not None and is_mine(to_user)
    fields = {
        "interaction_id": tweet_id,
        "created_at": created,
        "author_id": str(author),
        "author_handle": handle or None,
        "text": text(tweet.get("text")),
        "language": None,
        "parent_post_id": text(tweet.get("conversation_id")),
        "in_reply_to_id": replied_to,
        "kind": "reply" if replied_to and (from_department or to_department) else "mention",
        "from_department": from_department,
        "sample": False,
    }
    return Record("interaction", "x", account, fields)


def _kind(tweet: JsonObj, media: dict[str, str]) -> str:
    keys = as_list(as_dict(tweet.get("attachments")).get("media_keys"))
    types = {media.get(str(k), "") for k in keys}
    if types & {"video", "animated_gif"}:
        return "video"
    if "photo" in types or keys:
        return "photo"
    for url in as_list(as_dict(tweet.get("entities")).get("urls")):
        target = str(as_dict(url).get("expanded_url") or "")
        if target and "twitter.com/" not in target and "x.com/" not in target:
            return "link"
    return "text"


def x_user(body: Any, *, day: date) -> Mapped:
    """User lookup (``data`` one user or a list) → one ``account_stat`` per user on ``day``.

    Followers come from ``public_metrics.followers_count``; without ``user.fields=public_metrics``
    there is nothing to record, and the user is skipped with that reason.
    """
    out = Mapped(errors=x_errors(body))
    for user in items_of(body):
        name = text(user.get("username"))
        metrics = user.get("public_metrics")
        if not name:
            out.skipped.append(Skip(f"user {user.get('id', '?')}: no username", user))
        elif not isinstance(metrics, dict):
            out.skipped.append(
                Skip(f"user {name}: no public_metrics; ask for user.fields=public_metrics", user)
            )
        else:
            try:
                out.records.append(
                    stat("x", name, day, metrics.get("followers_count"),
                         metrics.get("following_count"), metrics.get("tweet_count"))
                )
            except RowError as exc:
                out.skipped.append(Skip(f"user {name}: {exc}", user))
    return out


def x_api_error(
    status: int, headers: Mapping[str, Any] | None, body_text: str, *, now: datetime | None = None
) -> ApiError | None:
    """The error in one X answer, or None for a good page; ``now`` (default: the current time)
    turns the ``x-rate-limit-reset`` epoch into a wait in seconds."""
    now = now or datetime.now(UTC)
    obj = as_dict(parse_json(body_text))
    if status < 400:
        errors = x_errors(obj)
        if not errors:
            return None
        return ApiError("x", status, "partial", None, "; ".join(errors))
    kind = status_kind(status)
    if obj:
        title, detail = obj.get("title"), obj.get("detail")
        details = [str(as_dict(e).get("message") or "") for e in as_list(obj.get("errors"))]
        parts = (str(title or ""), str(detail or ""), *details)
        message = "; ".join(dict.fromkeys(t for t in parts if t))  # "Unauthorized" once
        message = message or plain_message(body_text)
    else:
        message = plain_message(body_text) or f"HTTP {status}"
    retry = None
    reset = header(headers, "x-rate-limit-reset")
    if kind == "rate_limited" and reset and reset.strip().isdigit():
        retry = max(0.0, float(reset) - now.timestamp())
    return ApiError("x", status, kind, retry, message)


def x_next_page(body: Any) -> str | None:
    """``meta.next_token``, or None on the last page."""
    token = as_dict(as_dict(body).get("meta")).get("next_token")
    return str(token) if token else None


def read_x_page(resp: Response, body: Any, ctx: ImportContext) -> Mapped:
    """One saved X answer: a user lookup, or a timeline, mentions or search page."""
    data = items_of(body)
    if not data:
        return Mapped(errors=x_errors(body))  # result_count 0, or errors only
    if "username" in data[0] and "text" not in data[0]:
        return x_user(body, day=fetched_day(resp))
    if "text" not in data[0]:
        raise RowError("not an X tweets or users page (no text or username in data)")
    extra: list[str] = []
    account = ctx.account
    if hit := _USER_URI.search(resp.uri):
        extra.append(hit[1])
        users = {u.get("id"): u.get("username")
                 for u in as_list(as_dict(body.get("includes")).get("users"))
                 if isinstance(u, dict)}
        account = account or users.get(hit[1]) or f"id:{hit[1]}"
    if not account:
        raise RowError("no account: name it with --account (or keep the request URL)")
    return x_tweets(body, account=account.lstrip("@"), department_handle_ids=extra,
                    fetched_at=resp.fetched_at)


IMPORTER = ApiPageImporter("x", "x-api-json", "X API v2", read_x_page, x_api_error)
