"""What Facebook and Instagram share: Graph's URLs, errors, paging, and a live source's cursor.

Graph sends throttling as an error **body** with codes 4/17/32/613/800xx (not a 429), and says in
its usage headers how long until access comes back; the last page of a listing has no
``paging.next`` (Instagram's last comments page has no ``paging`` at all).

Posts (or media) come newest first. A finished run stores ``since``: the epoch of the newest
time stored; the next run sends it back as Graph's ``since`` **inclusive** (not +1 s), so items
sharing that second are fetched again rather than lost, and the lake drops the duplicates.

Comments would cost one call per post (and more per page of comments), so only posts seen in a
run with a non-zero comment count join a queue kept in the cursor, and at most
``max_comment_posts`` of them are read per run; the rest wait for the next run. Posts and comments
share one endpoint because the queue must be saved in the same cursor as the posts it came from:
a separate ``comments`` cursor could not learn of posts stored just before a crash.

Every state handed back is what is already stored once its page is stored: a listing in progress
keeps Graph's ``paging.next`` URL (the access token removed) and the run's newest time under
``pending``; comments in progress keep the post and its next page. ``since`` moves only when the
listing is complete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, ClassVar

import httpx2

from sushasan.errors import BudgetExhausted, RateLimited, SourceError
from sushasan.platforms._api import (
    ApiError,
    JsonObj,
    as_dict,
    as_list,
    epoch,
    header,
    items_of,
    parse_json,
    status_error,
    status_kind,
)
from sushasan.platforms._http import ApiClient, Fetched, ReadBudget

__all__ = [
    "GRAPH", "GRAPH_EDGE", "VERSION", "GraphSource", "graph_api_error", "graph_next_page",
    "graph_objects", "graph_url", "strip_token",
]

GRAPH = "https://graph.facebook.com"
VERSION = "v21.0"
#: The object a saved comments (or replies) page belongs to, read off its request URL.
GRAPH_EDGE = re.compile(r"/(?:v[\d.]+/)?([\w]+)/(comments|replies)\b")
#: Graph throttling codes: app (4), user (17), page (32), custom (613), business use case (800xx).
_THROTTLE = {4, 17, 32, 613, *range(80000, 80015)}
_AUTH = {10, 102, 190, *range(200, 300)}


def graph_url(*parts: str) -> str:
    return "/".join((GRAPH, VERSION, *parts))


def graph_api_error(
    platform: str, status: int, headers: Mapping[str, Any] | None, body_text: str, *,
    now: datetime | None = None,
) -> ApiError | None:
    """The error in one Graph answer (``platform``: facebook or instagram), or None."""
    err = as_dict(as_dict(parse_json(body_text)).get("error"))
    if not err:
        return status_error(platform, status, body_text)
    code = err.get("code")
    message = str(err.get("message") or err.get("error_user_msg") or "Graph API error")
    if code in _THROTTLE:
        kind = "rate_limited"
    elif code in _AUTH:
        kind = "auth"
    elif code == 100 and "does not exist" in message:
        kind = "not_found"
    elif code == 100:
        kind = "bad_request"
    elif code in (1, 2) or status >= 500:
        kind = "server"
    else:
        kind = status_kind(status) if status >= 400 else "other"
    retry = _wait(headers) if kind == "rate_limited" else None
    return ApiError(platform, status, kind, retry, message, None if code is None else str(code))


def _wait(headers: Mapping[str, Any] | None) -> float | None:
    """Longest ``estimated_time_to_regain_access`` (minutes) in the usage headers, in seconds."""
    minutes: list[float] = []
    for name in ("x-business-use-case-usage", "x-app-usage", "x-page-usage", "x-ad-account-usage"):
        usage = parse_json(header(headers, name) or "")
        entries: list[Any] = [usage]
        if isinstance(usage, dict):
            entries += [e for v in usage.values() for e in as_list(v)]
        for entry in entries:
            value = as_dict(entry).get("estimated_time_to_regain_access")
            if isinstance(value, int | float) and not isinstance(value, bool):
                minutes.append(float(value))
    best = max(minutes, default=0.0)
    return best * 60.0 if best > 0 else None


def graph_next_page(body: Any) -> str | None:
    """The ``paging.next`` URL, or None on the last page; for Instagram ``business_discovery``
    the ``media`` cursor ``after`` (to send as ``media.after(...)``), which the real last page
    leaves out."""
    b = as_dict(body)
    if "business_discovery" in b:
        media = as_dict(as_dict(b["business_discovery"]).get("media"))
        token = as_dict(as_dict(media.get("paging")).get("cursors")).get("after")
    else:
        token = as_dict(b.get("paging")).get("next")
    return str(token) if token else None


def graph_objects(body: Any) -> list[JsonObj]:
    """``data[]`` of a list answer, or the answer itself when it is one object with an id."""
    b = as_dict(body)
    if "data" in b:
        return items_of(b)
    return [b] if b.get("id") else []


def strip_token(url: str | None) -> str | None:
    """Graph's ``paging.next`` carries the access token: never keep it in a cursor."""
    return str(httpx2.URL(url).copy_remove_param("access_token")) if url else None


@dataclass
class _Run:
    """The cursor as it stands after the last page handed back."""

    since: int | None
    queue: list[str]
    pending: dict[str, Any] = field(default_factory=dict)

    def state(self) -> dict[str, Any]:
        out: dict[str, Any] = {"since": self.since, "queue": list(self.queue)}
        if self.pending:
            out["pending"] = dict(self.pending)
        return out


class GraphSource:
    """What Facebook pages and Instagram accounts share: Graph paging and the comment queue.

    The read budget counts items (posts, media, comments), as X's does.
    """

    platform: ClassVar[str]
    endpoints: ClassVar[tuple[str, ...]]
    importer: ClassVar[str]
    edge: ClassVar[str]  # the listing under the account: posts, media
    time_field: ClassVar[str]  # created_time, timestamp
    lookup_fields: ClassVar[str]
    list_fields: ClassVar[str]
    comment_fields: ClassVar[str]
    send_since: ClassVar[bool] = False  # Graph filters by ``since`` server-side

    def __init__(
        self,
        api: ApiClient,
        budget: ReadBudget,
        ids: Mapping[str, str] | None = None,
        page_size: int = 100,
        max_comment_posts: int = 25,
        queue_limit: int = 200,
    ) -> None:
        self.api = api.reading(partial(graph_api_error, self.platform))
        self.budget = budget
        #: registry handle (lower case) → platform id, for accounts whose handle is not an id
        self.ids = {k.lower().lstrip("@"): v for k, v in (ids or {}).items()}
        self.page_size = page_size
        self.max_comment_posts = max_comment_posts
        self.queue_limit = queue_limit

    def node(self, handle: str) -> str:
        """The Graph node to ask about: the registry's id, an ``id:`` handle, or the handle."""
        bare = handle.lstrip("@")
        if known := self.ids.get(bare.lower()):
            return known
        return bare[3:] if bare.lower().startswith("id:") else bare

    def lookup(self, handle: str) -> Fetched:
        return self._get(graph_url(self.node(handle)), {"fields": self.lookup_fields})

    @staticmethod
    def user_id(page: Fetched) -> str | None:
        body = as_dict(page.body)
        return str(body["id"]) if body.get("id") and "error" not in body else None

    def has_comments(self, item: JsonObj) -> bool:  # pragma: no cover - overridden
        return True

    def pages(
        self, user_id: str, endpoint: str, state: dict[str, Any], since: datetime | None
    ) -> Iterator[tuple[Fetched, dict[str, Any]]]:
        """Yield (page, cursor state to save once the page is stored)."""
        run = _Run(state.get("since"), [str(q) for q in state.get("queue") or []],
                   dict(state.get("pending") or {}))
        boundary = run.since
        if boundary is None and since is not None:
            boundary = int(since.timestamp())
        if "post" not in run.pending:
            yield from self._listing(user_id, run, boundary)
        yield from self._comments(run)

    def _listing(
        self, user_id: str, run: _Run, boundary: int | None
    ) -> Iterator[tuple[Fetched, dict[str, Any]]]:
        nxt: str | None = run.pending.get("next")
        newest: int | None = run.pending.get("newest")
        params: dict[str, Any] = {"fields": self.list_fields, "limit": self.page_size}
        if self.send_since and boundary is not None:
            params["since"] = boundary
        while True:
            page = self._follow(nxt) if nxt else self._get(graph_url(user_id, self.edge), params)
            items = items_of(page.body)
            self.budget.spend(len(items))
            times = [t for t in (epoch(i.get(self.time_field)) for i in items) if t is not None]
            newest = max([*times, *([newest] if newest is not None else [])], default=None)
            for item in items:
                item_id = str(item.get("id") or "")
                if item_id and item_id not in run.queue and self.has_comments(item):
                    run.queue.append(item_id)
            del run.queue[self.queue_limit:]
            nxt = strip_token(graph_next_page(page.body))
            if not items or (boundary is not None and any(t < boundary for t in times)):
                nxt = None  # the rest is older than what is stored already
            if nxt:
                run.pending = {"next": nxt, "newest": newest}
            else:
                run.pending = {}
                run.since = newest if newest is not None else run.since
            yield page, run.state()
            if not nxt:
                return

    def _comments(self, run: _Run) -> Iterator[tuple[Fetched, dict[str, Any]]]:
        params = {"fields": self.comment_fields, "limit": self.page_size, **self.comment_extra()}
        for _ in range(self.max_comment_posts):
            if not run.queue:
                return
            post = run.queue[0]
            nxt = run.pending.get("next") if run.pending.get("post") == post else None
            try:
                while True:
                    page = (self._follow(nxt) if nxt
                            else self._get(graph_url(post, "comments"), params))
                    items = items_of(page.body)
                    self.budget.spend(len(items))
                    nxt = strip_token(graph_next_page(page.body)) if items else None
                    if nxt:
                        run.pending = {"post": post, "next": nxt}
                    else:
                        run.pending = {}
                        run.queue.pop(0)
                    yield page, run.state()
                    if not nxt:
                        break
            except (RateLimited, BudgetExhausted):
                raise
            except SourceError:
                # A deleted post or comments turned off: skip it rather than retry it forever.
                # The next page handed back saves the shorter queue.
                if run.queue and run.queue[0] == post:
                    run.queue.pop(0)
                run.pending = {}

    def comment_extra(self) -> dict[str, str]:
        return {}

    def _get(self, url: str, params: Mapping[str, Any]) -> Fetched:
        self.budget.check()
        return self.api.get(url, params)

    def _follow(self, url: str) -> Fetched:
        """A saved ``paging.next`` URL; its query goes as params (they would replace it)."""
        parsed = httpx2.URL(url)
        return self._get(str(parsed.copy_with(query=None)), dict(parsed.params))
