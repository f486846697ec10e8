"""What every platform's API mapping hands back, and the small readers the mappings share.

Each platform's ``map`` module is pure: JSON in, normal records out, plus how that platform says
something went wrong (``<platform>_api_error``) and where its next page is
(``<platform>_next_page``). The same functions serve the saved-page importers (``_pages``) and the
live sources, so the two can never disagree about what a like, a reply or a rate limit is. A
mapper never raises on one odd item: an item it cannot read goes to ``Mapped.skipped`` with a
reason, and the rest of the page still counts.

Platforms disagree on how an error looks (X sends a plain-text or JSON 429 and **HTTP 200 with**
``errors[]`` for a suspended user; Graph sends throttling as an error **body**; YouTube names the
reason inside ``error.errors[]``), so each reads its own into one ``ApiError`` of a kind from
``ERROR_KINDS`` that a live source can act on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from sushasan.ingest.coerce import RowError, to_count, to_text, to_utc

__all__ = [
    "ERROR_KINDS",
    "ApiError",
    "ErrorReader",
    "JsonObj",
    "Mapped",
    "Record",
    "RowError",
    "Skip",
    "as_dict",
    "as_list",
    "count",
    "epoch",
    "header",
    "ids_of",
    "items_of",
    "parse_json",
    "plain_message",
    "stat",
    "status_error",
    "status_kind",
    "text",
    "when",
]

JsonObj = dict[str, Any]
ERROR_KINDS = (
    "rate_limited", "quota_exceeded", "auth", "not_found", "bad_request", "partial", "server",
    "other",
)
_TITLE = re.compile(r"<title>(.*?)</title>", re.I | re.S)


@dataclass(frozen=True)
class Record:
    """One normal record (``fields`` is exactly what ``ParsedRow.record`` carries).

    ``account`` is the department account the record belongs to (a handle without ``@`` or
    ``id:<platform id>``): for an interaction that is the account spoken to, not the author.
    """

    kind: str  # post, interaction, account_stat
    platform: str
    account: str
    fields: JsonObj


@dataclass(frozen=True)
class Skip:
    """An item the mapper could not turn into a record, kept with its raw JSON for quarantine."""

    reason: str
    item: Any


@dataclass
class Mapped:
    """The records of one response, plus what the API said went wrong and what was left out.

    ``errors`` are the API's own partial errors (an X page answered 200 with ``errors[]``);
    ``skipped`` are items we could not read; ``ignored`` counts items deliberately not recorded
    (retweets: their counts belong to someone else's tweet).
    """

    records: list[Record] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    ignored: int = 0

    def extend(self, other: Mapped) -> None:
        self.records += other.records
        self.errors += other.errors
        self.skipped += other.skipped
        self.ignored += other.ignored

    def of(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]


def as_dict(value: Any) -> JsonObj:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def items_of(body: Any, key: str = "data") -> list[JsonObj]:
    """``body[key]`` as a list of objects; a single object answer (one post) is a list of one."""
    value = as_dict(body).get(key)
    if isinstance(value, dict):
        return [value]
    return [v for v in as_list(value) if isinstance(v, dict)]


def when(value: Any, name: str) -> datetime:
    """UTC time from any of the APIs' spellings: ``...Z``, ``.000Z`` and Graph's ``+0000``."""
    return to_utc(value, name)


def count(value: Any, name: str) -> int | None:
    """A count that may be absent (not requested, hidden) → None; YouTube sends strings."""
    return to_count(value, name)


def text(value: Any) -> str | None:
    return to_text(value)


def ids_of(account: str | None, extra: Iterable[str] = ()) -> frozenset[str]:
    """The lower-cased handles and platform ids that mean "the department" on one platform.

    ``account`` may be ``handle``, ``@handle`` or ``id:<id>``; both forms are accepted in
    ``extra`` too, so callers can pass whatever the registry holds.
    """
    out: set[str] = set()
    for value in (account, *extra):
        if not value:
            continue
        v = str(value).strip().lstrip("@").lower()
        out.add(v[3:] if v.startswith("id:") else v)
    return frozenset(out)


def stat(
    platform: str, account: str, day: date, followers: Any, following: Any, posts: Any
) -> Record:
    return Record(
        "account_stat",
        platform,
        account,
        {
            "day": day,
            "followers": count(followers, "followers"),
            "following": count(following, "following"),
            "posts_count": count(posts, "posts_count"),
            "sample": False,
        },
    )


def header(headers: Mapping[str, Any] | None, name: str) -> str | None:
    """Case-insensitive header lookup (recordings keep ``Date``, live clients ``date``)."""
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) and value else value)
    return None



def epoch(value: Any) -> int | None:
    """Whole seconds since 1970 of a Graph or YouTube time; None when absent or unreadable."""
    try:
        return int(when(value, "time").timestamp()) if value else None
    except (RowError, TypeError, ValueError):
        return None


# -- errors -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ApiError:
    """An answer that is (wholly or partly) an error, in terms a live source can act on.

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


class ErrorReader(Protocol):
    """A platform's ``<platform>_api_error``: the error in one answer, or None for a good page.

    ``now`` (default: the current time) turns a reset time the platform names into a wait.
    """

    def __call__(
        self, status: int, headers: Mapping[str, Any] | None, body_text: str, *,
        now: datetime | None = None,
    ) -> ApiError | None: ...


def status_kind(status: int) -> str:
    """The error kind an HTTP status alone says."""
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


def status_error(platform: str, status: int, body_text: str) -> ApiError | None:
    """An answer without the platform's own error body: only its HTTP status says what failed."""
    if status < 400:
        return None
    return ApiError(platform, status, status_kind(status), None,
                    plain_message(body_text) or f"HTTP {status}")


def parse_json(body_text: str) -> Any:
    try:
        return json.loads(body_text)
    except (TypeError, ValueError):
        return None


def plain_message(body_text: str) -> str:
    """The first line of a body that is not JSON, or what an HTML page says it is."""
    if m := _TITLE.search(body_text):
        return f"HTML page '{m[1].strip()}' instead of JSON (wrong endpoint?)"
    first = body_text.strip().splitlines()
    return first[0][:200] if first else ""
