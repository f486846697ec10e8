"""What the API mappers hand back, and the small readers they share.

The mappers (``api_x``, ``api_meta``, ``api_youtube``) are pure: JSON in, normal records out. The
same functions serve the saved-page importers (``api_pages``) and the live connectors, so the two
can never disagree about what a like or a reply is. A mapper never raises on one odd item: an item
it cannot read goes to ``Mapped.skipped`` with a reason, and the rest of the page still counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sushasan.ingest.coerce import RowError, to_count, to_text, to_utc

__all__ = [
    "JsonObj",
    "Mapped",
    "Record",
    "RowError",
    "Skip",
    "as_dict",
    "as_list",
    "count",
    "header",
    "ids_of",
    "items_of",
    "stat",
    "text",
    "when",
]

JsonObj = dict[str, Any]


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

