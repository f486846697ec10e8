"""The desk store: one object per database URL, every query scoped and explicit.

SQLite (the embedded default) gets WAL and foreign keys switched on at every connection, because
SQLite leaves foreign keys off unless asked. The same code runs on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, select
from sqlalchemy.engine import make_url

from sushasan.desk.tables import (
    accounts,
    coverage,
    departments,
    imports,
    meta,
    quarantine,
    reviews,
    snapshots,
    source_cursors,
)
from sushasan.registry.model import Account, Department

if TYPE_CHECKING:
    from sushasan.desk.trail import Trail

__all__ = ["CoverageSpan", "Desk", "ImportRecord", "QuarantinedRow", "Snapshot"]

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@dataclass(frozen=True)
class CoverageSpan:
    platform: str
    account_id: int
    department_id: str
    source: str
    first_day: date
    last_day: date
    sample: bool = False


@dataclass(frozen=True)
class QuarantinedRow:
    file: str
    row: int
    platform: str | None
    account: str | None
    reason: str
    raw: str


@dataclass(frozen=True)
class Snapshot:
    quarter: str
    data: str
    version: int
    method_version: str
    published_at: datetime
    published_by: str
    inputs_sha256: str
    result_sha256: str
    result: str
    diff: str | None


@dataclass(frozen=True)
class ImportRecord:
    id: int
    sha256: str
    path: str
    format: str
    imported_at: datetime
    rows_stored: int
    rows_quarantined: int
    rows_rejected: int


class _Snapshots:
    """Published reviews: append-only, one increasing version per quarter and kind of data."""

    engine: Engine

    def latest_snapshot(self, quarter: str, data: str) -> Snapshot | None:
        query = (
            select(snapshots)
            .where(snapshots.c.quarter == quarter, snapshots.c.data == data)
            .order_by(snapshots.c.version.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            r = conn.execute(query).first()
        return None if r is None else _snapshot(r)

    def snapshot(self, quarter: str, data: str, version: int) -> Snapshot | None:
        query = select(snapshots).where(
            snapshots.c.quarter == quarter,
            snapshots.c.data == data,
            snapshots.c.version == version,
        )
        with self.engine.connect() as conn:
            r = conn.execute(query).first()
        return None if r is None else _snapshot(r)

    def snapshots(self) -> list[Snapshot]:
        query = select(snapshots).order_by(
            snapshots.c.quarter, snapshots.c.data, snapshots.c.version
        )
        with self.engine.connect() as conn:
            return [_snapshot(r) for r in conn.execute(query)]

    def add_snapshot(self, snap: Snapshot, trail: Trail) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(snapshots), [snap.__dict__])
            trail.record(conn, "review.publish", "review", f"{snap.quarter}/{snap.data}", None, {
                "version": snap.version, "method_version": snap.method_version,
                "result_sha256": snap.result_sha256, "inputs_sha256": snap.inputs_sha256,
            })


class Desk(_Snapshots):
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)

    @classmethod
    def sqlite_file(cls, path: Path) -> Desk:
        return cls(f"sqlite:///{path}")

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def describe(self) -> str:
        """The URL without its password, fit for printing."""
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    # -- schema -----------------------------------------------------------------------------
    def is_current(self) -> bool:
        """Whether the schema is at the newest migration (a cheap check before upgrading)."""
        return self.revision() == _head()

    def upgrade(self) -> None:
        from alembic import command  # only when migrating: alembic is slow to import
        from alembic.config import Config as AlembicConfig

        with self.engine.begin() as conn:
            cfg = AlembicConfig()
            cfg.set_main_option("script_location", str(MIGRATIONS))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def get_meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()

    def set_meta(self, key: str, value: str, trail: Trail) -> None:
        with self.engine.begin() as conn:
            old = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()
            conn.execute(delete(meta).where(meta.c.key == key))
            conn.execute(insert(meta), {"key": key, "value": value})
            if old != value:
                trail.record(conn, "setting.set", "setting", key,
                             None if old is None else {"value": old}, {"value": value})

    # -- registry ---------------------------------------------------------------------------
    def upsert_departments(self, items: Iterable[Department], trail: Trail) -> tuple[int, int]:
        """Insert or update departments and replace their real accounts; sample ones stay.
        Each department that changed gets an audit row with its before and after."""
        added = updated = 0
        with self.engine.begin() as conn:
            before = {d.id: d for d in self._departments(conn)}
            position = conn.execute(select(func.count()).select_from(departments)).scalar_one()
            for d in items:
                values = {
                    "name_en": d.name_en,
                    "name_hi": d.name_hi,
                    "kind": d.kind,
                    "parent_id": d.parent,
                    "keywords": json.dumps(list(d.keywords), ensure_ascii=False),
                    "website": d.website,
                    "reply_approval": d.reply_approval,
                }
                exists = conn.execute(
                    select(departments.c.id).where(departments.c.id == d.id)
                ).first()
                if exists:
                    conn.execute(departments.update().where(departments.c.id == d.id), values)
                    conn.execute(
                        delete(accounts).where(
                            accounts.c.department_id == d.id, accounts.c.sample.is_(False)
                        )
                    )
                    updated += 1
                else:
                    conn.execute(insert(departments), {"id": d.id, "position": position, **values})
                    position += 1
                    added += 1
                self._add_accounts(conn, d.id, d.accounts)
            after = {d.id: d for d in self._departments(conn)}
            for dep_id, now in after.items():
                old = before.get(dep_id)
                if old is None or _registry_view(old) != _registry_view(now):
                    trail.record(conn, "department.create" if old is None else "department.update",
                                 "department", dep_id,
                                 None if old is None else _registry_view(old), _registry_view(now))
        return added, updated

    def add_accounts(self, department_id: str, items: Iterable[Account]) -> None:
        with self.engine.begin() as conn:
            self._add_accounts(conn, department_id, items)

    @staticmethod
    def _add_accounts(conn: Connection, department_id: str, items: Iterable[Account]) -> None:
        rows = [
            {
                "department_id": department_id,
                "platform": a.platform,
                "handle": a.handle,
                "handle_key": a.handle.lower(),
                "platform_id": a.platform_id,
                "sample": a.sample,
                "token_env": a.token_env,
            }
            for a in items
        ]
        if rows:
            conn.execute(insert(accounts), rows)

    def departments(self) -> list[Department]:
        with self.engine.connect() as conn:
            return self._departments(conn)

    @staticmethod
    def _departments(conn: Connection) -> list[Department]:
        accs: dict[str, list[Account]] = {}
        for r in conn.execute(select(accounts).order_by(accounts.c.id)):
            accs.setdefault(r.department_id, []).append(
                Account(r.platform, r.handle, r.platform_id, bool(r.sample), r.token_env)
            )
        rows = conn.execute(select(departments).order_by(departments.c.position))
        return [
            Department(
                id=r.id,
                name_en=r.name_en,
                name_hi=r.name_hi,
                kind=r.kind,
                parent=r.parent_id,
                keywords=tuple(json.loads(r.keywords)),
                website=r.website,
                accounts=tuple(accs.get(r.id, ())),
                reply_approval=r.reply_approval,
            )
            for r in rows
        ]

    def department_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(departments.c.id)).scalars())

    def account_index(self) -> dict[tuple[str, str], tuple[int, str, bool]]:
        """(platform, lower-cased handle or "id:<platform id>") → (row id, department, sample)."""
        index: dict[tuple[str, str], tuple[int, str, bool]] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(select(accounts)):
                hit = (r.id, r.department_id, bool(r.sample))
                index[(r.platform, r.handle_key)] = hit
                if r.platform_id:
                    index[(r.platform, f"id:{r.platform_id}")] = hit
        return index

    # -- imports, coverage, quarantine ----------------------------------------------------------
    def find_import(self, sha256: str) -> ImportRecord | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(imports).where(imports.c.sha256 == sha256)).first()
        if r is None:
            return None
        return ImportRecord(
            r.id, r.sha256, r.path, r.format, r.imported_at, r.rows_stored, r.rows_quarantined,
            r.rows_rejected,
        )

    def record_import(
        self,
        *,
        sha256: str,
        path: str,
        fmt: str,
        sample: bool,
        counts: dict[str, int],
        spans: Iterable[CoverageSpan],
        quarantined: Iterable[QuarantinedRow],
        replaces: int | None = None,
        now: datetime | None = None,
    ) -> int:
        """Write the import, its coverage and its quarantine in one transaction: all or nothing.

        ``replaces`` is an earlier import of the same file whose quarantined rows are being tried
        again; it goes (with its ledger rows) in the same transaction.
        """
        with self.engine.begin() as conn:
            if replaces is not None:
                conn.execute(delete(coverage).where(coverage.c.import_id == replaces))
                conn.execute(delete(quarantine).where(quarantine.c.import_id == replaces))
                conn.execute(delete(imports).where(imports.c.id == replaces))
            import_id = conn.execute(
                insert(imports).returning(imports.c.id),
                {
                    "sha256": sha256,
                    "path": path,
                    "format": fmt,
                    "sample": sample,
                    "imported_at": now or datetime.now(UTC),
                    "rows_read": counts.get("read", 0),
                    "rows_stored": counts.get("stored", 0),
                    "rows_quarantined": counts.get("quarantined", 0),
                    "rows_rejected": counts.get("rejected", 0),
                },
            ).scalar_one()
            span_rows = [{"import_id": import_id, **s.__dict__} for s in spans]
            if span_rows:
                conn.execute(insert(coverage), span_rows)
            q_rows = [{"import_id": import_id, **q.__dict__} for q in quarantined]
            if q_rows:
                conn.execute(insert(quarantine), q_rows)
        return import_id

    def coverage_spans(self, first: date, last: date, sample: bool) -> list[CoverageSpan]:
        query = select(coverage).where(
            coverage.c.first_day <= last,
            coverage.c.last_day >= first,
            coverage.c.sample.is_(sample),
        )
        with self.engine.connect() as conn:
            return [
                CoverageSpan(
                    r.platform, r.account_id, r.department_id, r.source,
                    r.first_day, r.last_day, bool(r.sample),
                )
                for r in conn.execute(query)
            ]

    def quarantine_summary(self) -> list[tuple[str, int]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(quarantine.c.reason, func.count())
                .group_by(quarantine.c.reason)
                .order_by(func.count().desc())
            )
            return [(r[0], r[1]) for r in rows]

    def has_real_imports(self) -> bool:
        """Whether any departmental (non-sample) file was ever imported here."""
        query = select(func.count()).select_from(imports).where(imports.c.sample.is_(False))
        with self.engine.connect() as conn:
            return bool(conn.execute(query).scalar_one())

    def department_visible(self, department_id: str, only: str | None) -> bool:
        """Whether the department exists and, with ``only``, is that one (officers' scope is
        in the WHERE clause, so a wrong scope reads nothing)."""
        query = select(departments.c.id).where(departments.c.id == department_id)
        if only is not None:
            query = query.where(departments.c.id == only)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar() is not None

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (departments, accounts, imports, coverage, quarantine, reviews)
            }

    # -- live-source cursors -------------------------------------------------------------------
    def get_cursor(self, platform: str, account: str, endpoint: str) -> dict[str, Any]:
        query = select(source_cursors.c.state).where(
            source_cursors.c.platform == platform,
            source_cursors.c.account == account.lower(),
            source_cursors.c.endpoint == endpoint,
        )
        with self.engine.connect() as conn:
            raw = conn.execute(query).scalar()
        return json.loads(raw) if raw else {}

    def set_cursor(
        self, platform: str, account: str, endpoint: str, state: dict[str, Any]
    ) -> None:
        """Replace the cursor. Callers save it only after the records it covers are stored."""
        key = (
            (source_cursors.c.platform == platform)
            & (source_cursors.c.account == account.lower())
            & (source_cursors.c.endpoint == endpoint)
        )
        with self.engine.begin() as conn:
            conn.execute(delete(source_cursors).where(key))
            conn.execute(
                insert(source_cursors),
                {
                    "platform": platform,
                    "account": account.lower(),
                    "endpoint": endpoint,
                    "state": json.dumps(state, sort_keys=True),
                    "updated_at": datetime.now(UTC),
                },
            )

    def set_platform_id(self, platform: str, handle: str, platform_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                accounts.update()
                .where(accounts.c.platform == platform, accounts.c.handle_key == handle.lower())
                .values(platform_id=platform_id)
            )

    # -- reviews ----------------------------------------------------------------------------
    def record_review(
        self, quarter: str, data: str, method_version: str, sha256: str, top3: list[str]
    ) -> int:
        with self.engine.begin() as conn:
            return conn.execute(
                insert(reviews).returning(reviews.c.id),
                {
                    "quarter": quarter,
                    "data": data,
                    "method_version": method_version,
                    "created_at": datetime.now(UTC),
                    "result_sha256": sha256,
                    "top3": json.dumps(top3),
                },
            ).scalar_one()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _snapshot(r: Any) -> Snapshot:
    return Snapshot(
        r.quarter, r.data, r.version, r.method_version, r.published_at, r.published_by,
        r.inputs_sha256, r.result_sha256, r.result, r.diff,
    )


@cache
def _registry_view(d: Department) -> dict[str, Any]:
    """A department as the audit trail shows it: the registry's fields and its real accounts."""
    return {
        "name_en": d.name_en, "name_hi": d.name_hi, "kind": d.kind, "parent": d.parent,
        "keywords": list(d.keywords), "website": d.website,
        "accounts": [f"{a.platform}:{a.handle}" + (f" (token in {a.token_env})"
                                                    if a.token_env else "")
                     for a in d.accounts if not a.sample],
        **({} if d.reply_approval is None else {"reply_approval": d.reply_approval}),
    }


def _head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()
