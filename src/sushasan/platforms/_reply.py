"""Posting one reply, exactly once, in spite of faults: what every platform's ``reply`` shares.

A platform's ``reply`` module says how to ask (:class:`PostRequest`), how to read the answer (its
``<platform>_api_error`` and the id in a good body) and how long a reply may be. This module
sends it and decides what a failure means:

- the platform said "slow down" (429, Graph throttling codes, YouTube quota): wait as long as it
  asks (``x-rate-limit-reset``, ``Retry-After``, usage headers) and try again, or, past
  ``max_wait``, hand the reply back as :class:`Deferred` with the time to try again;
- a 500/502/503 or a connection that never reached the platform: back off and try again;
- an answer lost *after* the request left (read timeout, a dropped connection mid-answer, a 504
  from a gateway that gave up waiting): the platform may have posted it. Trying again could post
  twice, so it is :class:`Unknown` unless the platform lets us look (``find``) and the reply is
  found there;
- anything else (deleted or hidden parent, blocked, too long, bad token): :class:`Refused`, with
  the platform's own message, for the officer to see on the ticket.
"""

from __future__ import annotations

import dataclasses
import email.utils
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx2

from sushasan.platforms._api import ApiError, header, parse_json

__all__ = [
    "Deferred",
    "Outcome",
    "PostRequest",
    "Posted",
    "Refused",
    "ReplyPlatform",
    "Unknown",
    "post_reply",
    "private_request",
    "retry_after",
    "with_credentials",
]


@dataclass(frozen=True)
class PostRequest:
    url: str
    json: Mapping[str, Any] | None = None
    data: Mapping[str, str] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Posted:
    platform_id: str
    url: str | None
    attempts: int
    found_by_check: bool = False


@dataclass(frozen=True)
class Refused:
    message: str
    attempts: int
    permanent: bool = True  # False: gave up retrying a transient failure


@dataclass(frozen=True)
class Deferred:
    message: str
    wait_s: float | None
    attempts: int


@dataclass(frozen=True)
class Unknown:
    message: str
    attempts: int


Outcome = Posted | Refused | Deferred | Unknown


class ReplyPlatform(Protocol):
    """What a platform's ``reply`` module provides."""

    name: str
    limit: int

    def length(self, text: str) -> int: ...

    def request(self, in_reply_to: str, text: str) -> PostRequest: ...

    # A platform that can answer a comment privately (Graph's private replies) also has
    # ``private_request(in_reply_to, text) -> PostRequest | None`` (None: not for this account,
    # e.g. no page id) and ``private_limit``; see :func:`private_request`.

    def read_error(self, status: int, headers: Mapping[str, Any], body_text: str, *,
                   now: datetime | None = None) -> ApiError | None: ...

    def posted(self, body: Any, in_reply_to: str) -> tuple[str, str | None] | None: ...

    def find(self, client: httpx2.Client, in_reply_to: str,
             text: str) -> tuple[str, str | None] | None: ...


def with_credentials(platform: ReplyPlatform, token: str | None = None,
                     handle: str | None = None,
                     account_id: str | None = None) -> ReplyPlatform:
    """The platform posting as one department's account: its own token (a Facebook page's)
    and handle (for links), where the platform's reply module has those fields."""
    if not dataclasses.is_dataclass(platform):
        return platform
    names = {f.name for f in dataclasses.fields(platform)}
    changes: dict[str, Any] = {}
    if token is not None and "token" in names:
        changes["token"] = token
    if handle and "handle" in names:
        changes["handle"] = handle
    if account_id and "account_id" in names:
        changes["account_id"] = account_id
    return dataclasses.replace(platform, **changes) if changes else platform  # type: ignore[type-var]


def private_request(platform: Any, in_reply_to: str, text: str) -> PostRequest | None:
    """The request answering ``in_reply_to`` privately, or None where the platform (or this
    account) cannot."""
    make = getattr(platform, "private_request", None)
    return make(in_reply_to, text) if make is not None else None


def retry_after(headers: Mapping[str, Any], now: datetime) -> float | None:
    """Seconds the ``Retry-After`` header asks for (a number or an HTTP date), or None."""
    raw = header(headers, "retry-after")
    if not raw:
        return None
    raw = raw.strip()
    if raw.isdigit():
        return float(raw)
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - now).total_seconds())


#: Statuses after which the request may well have been carried out.
_LOST = {504}
#: Errors that mean the request never reached the platform, so it is safe to send again.
_NOT_SENT = (httpx2.ConnectError, httpx2.ConnectTimeout, httpx2.PoolTimeout)


def post_reply(
    platform: ReplyPlatform, client: httpx2.Client, in_reply_to: str, text: str, *,
    attempts: int = 4, max_wait: float = 60.0, sleep: Callable[[float], None] = time.sleep,
    now: Callable[[], datetime] = lambda: datetime.now(UTC), private: bool = False,
) -> Outcome:
    """Post ``text`` in reply to ``in_reply_to`` at most once (``private``: as a private
    reply to the citizen's comment, which cannot be looked for after a lost answer)."""
    req = private_request(platform, in_reply_to, text) if private else \
        platform.request(in_reply_to, text)
    if req is None:
        return Refused(f"{platform.name} cannot send a private reply from this account", 0)
    last = ""
    for attempt in range(1, attempts + 1):
        try:
            resp = client.post(req.url, json=req.json, data=req.data, headers=dict(req.headers))
        except _NOT_SENT as exc:
            last = f"network error before the platform answered: {exc}"
            sleep(_backoff(attempt))
            continue
        except httpx2.TransportError as exc:
            message = f"no answer after the request was sent ({type(exc).__name__}: {exc})"
            if private:
                return Unknown(message, attempt)
            return _lost(platform, client, in_reply_to, text, attempt, message)
        headers = {k.lower(): v for k, v in resp.headers.items()}
        at = now()
        err = platform.read_error(resp.status_code, headers, resp.text, now=at)
        if err is None or err.kind == "partial":
            got = platform.posted(parse_json(resp.text), in_reply_to)
            if got is None:  # accepted, but we cannot tell what it made: never post again
                return Unknown(f"HTTP {resp.status_code} without an id: {resp.text[:200]}",
                               attempt)
            return Posted(got[0], got[1], attempt)
        message = f"HTTP {err.status}: {err.message}"
        if resp.status_code in _LOST:
            if private:
                return Unknown(message, attempt)
            return _lost(platform, client, in_reply_to, text, attempt, message)
        if err.kind in ("rate_limited", "quota_exceeded"):
            wait = err.retry_after_s
            if wait is None:
                wait = retry_after(headers, at)
            if wait is not None and wait > max_wait:
                return Deferred(message, wait, attempt)
            last = message
            if attempt < attempts:
                sleep(max(wait if wait is not None else _backoff(attempt), 0.0))
            continue
        if err.kind == "server":
            last = message
            if attempt < attempts:
                sleep(_backoff(attempt))
            continue
        return Refused(message, attempt)
    return Refused(f"{last} (gave up after {attempts} attempts)", attempts, permanent=False)


def _lost(platform: ReplyPlatform, client: httpx2.Client, in_reply_to: str, text: str,
          attempt: int, message: str) -> Outcome:
    """The answer was lost after the request left: look, where the platform lets us, else say
    so and never post again."""
    try:
        found = platform.find(client, in_reply_to, text)
    except httpx2.HTTPError as exc:
        return Unknown(f"{message}; looking for it failed too ({exc})", attempt)
    if found is not None:
        return Posted(found[0], found[1], attempt, found_by_check=True)
    return Unknown(message, attempt)


def _backoff(attempt: int) -> float:
    return min(0.5 * 2 ** (attempt - 1), 8.0)
