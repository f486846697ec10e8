"""Live ingestion: the contract a platform's live source meets, and ``sushasan ingest``.

A platform offers live ingestion through the ``sushasan_live_sources`` hook: one ``LiveSource``
with a factory that reads its own secret and budget from the settings, so the core has no list of
platforms. ``ingest`` then fetches every registered account's new records, one platform at a time.

Each page is landed verbatim under ``raw/api/<platform>/<handle>/<endpoint>/`` and imported with
the saved-page importer (``x-api-json`` and friends), so live and hand-saved data map identically;
then the cursor is saved: the cursor is never ahead of stored data. A failing account is reported
and skipped; a rate limit or an exhausted read budget stops that platform cleanly and the others
go on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import httpx2

from sushasan.config import Config, Secret
from sushasan.desk.store import CoverageSpan, Desk
from sushasan.errors import BudgetExhausted, RateLimited, SourceError, SushasanError
from sushasan.ingest.pipeline import import_file
from sushasan.ingest.records import ImportContext, Importer
from sushasan.lake import Lake
from sushasan.quarters import ist_day
from sushasan.registry.model import Department

if TYPE_CHECKING:
    from sushasan.platforms._http import Fetched

__all__ = [
    "IngestReport", "LiveSource", "Source", "SourceFactory", "ingest", "need_secret",
    "platform_ids",
]


class Source(Protocol):
    platform: str
    endpoints: tuple[str, ...]
    importer: str

    def lookup(self, handle: str) -> Fetched: ...

    @staticmethod
    def user_id(page: Fetched) -> str | None: ...

    def pages(
        self, user_id: str, endpoint: str, state: dict[str, Any], since: datetime | None
    ) -> Iterable[tuple[Fetched, dict[str, Any]]]: ...


#: (settings, HTTP client, departments, longest wait for a rate limit, sleep) → a source.
SourceFactory = Callable[
    [Config, httpx2.Client, list[Department], float, Callable[[float], None]], Source
]


@dataclass(frozen=True)
class LiveSource:
    platform: str
    make: SourceFactory


def need_secret(value: Secret | None, message: str) -> str:
    """The secret's value, or a clear error saying which variable to set."""
    if value is None:
        raise SushasanError(message)
    return value.reveal()


def platform_ids(departments: Iterable[Department], platform: str) -> dict[str, str]:
    """Registry handle → platform id: the runner looks accounts up by handle only, and Instagram
    (and a renamed page or channel) can only be found by id."""
    return {a.handle.lower(): a.platform_id for d in departments for a in d.real_accounts()
            if a.platform == platform and a.platform_id}


@dataclass
class IngestReport:
    pages: int = 0
    records: int = 0
    accounts_done: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)


def ingest(
    desk: Desk,
    lake: Lake,
    raw_dir: Path,
    importers: dict[str, Importer],
    sources: Iterable[Source],
    departments: list[Department],
    since: datetime | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> IngestReport:
    report = IngestReport()
    for source in sources:
        accounts = [
            (d.id, a) for d in departments for a in d.real_accounts()
            if a.platform == source.platform
        ]
        for dep_id, account in accounts:
            label = f"{source.platform}:@{account.handle} ({dep_id})"
            try:
                user_id = account.platform_id
                first = source.lookup(account.handle)
                _store(desk, lake, raw_dir, importers[source.importer], source, account.handle,
                       "lookup", first, now(), report)
                user_id = user_id or source.user_id(first)
                if user_id is None:
                    raise SourceError(source.platform, f"@{account.handle} was not found")
                if not account.platform_id:
                    desk.set_platform_id(source.platform, account.handle, user_id)
                for endpoint in source.endpoints:
                    state = desk.get_cursor(source.platform, account.handle, endpoint)
                    for page, state_after in source.pages(user_id, endpoint, state, since):
                        _store(desk, lake, raw_dir, importers[source.importer], source,
                               account.handle, endpoint, page, now(), report)
                        desk.set_cursor(source.platform, account.handle, endpoint, state_after)
                if since is not None:
                    _window(desk, source.platform, account.handle, dep_id, since, now())
                report.accounts_done.append(label)
            except (RateLimited, BudgetExhausted) as exc:
                report.stopped.append(f"{label}: {exc}")
                break  # the platform is done for this run; other platforms go on
            except SourceError as exc:
                report.failures.append(f"{label}: {exc}")
    return report


def _window(
    desk: Desk, platform: str, handle: str, department_id: str, since: datetime, until: datetime
) -> None:
    """A complete fetch from ``since`` to now covers every day in between, posts or not: a
    silent account is then a real zero, not missing data. Without ``since`` the window's start is
    unknown (the API returns a limited history), so only the days of the records count."""
    first, last = ist_day(since), ist_day(until)
    key = hashlib.sha256(f"{platform}:{handle.lower()}:{first}:{last}".encode()).hexdigest()
    hit = desk.account_index().get((platform, handle.lower()))
    if hit is None or desk.find_import(key) is not None:
        return
    desk.record_import(
        sha256=key, path=f"api:{platform}:@{handle}:{first}..{last}", fmt=f"{platform}-api-window",
        sample=False, counts={},
        spans=[CoverageSpan(platform, hit[0], department_id, f"{platform}-api", first, last)],
        quarantined=[],
    )


def _store(
    desk: Desk,
    lake: Lake,
    raw_dir: Path,
    importer: Importer,
    source: Source,
    handle: str,
    endpoint: str,
    page: Fetched,
    fetched_at: datetime,
    report: IngestReport,
) -> None:
    """Land the page verbatim, then import it like a saved page."""
    folder = raw_dir / "api" / source.platform / handle.lower() / endpoint
    folder.mkdir(parents=True, exist_ok=True)
    report.pages += 1
    path = folder / f"{fetched_at:%Y%m%dT%H%M%S%fZ}-{report.pages:05d}.json"
    envelope = {"fetched_at": fetched_at.isoformat(), **page.envelope()}
    path.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    result = import_file(desk, lake, raw_dir, importer, path, ImportContext(account=handle))
    report.records += result.written.added + result.written.updated
