"""Desk tables as SQLAlchemy Core metadata; Alembic migrations create them, tests compare both."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "accounts", "coverage", "departments", "imports", "meta", "metadata", "quarantine", "reviews",
    "snapshots", "source_cursors",
]

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

departments = Table(
    "departments",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name_en", Text, nullable=False),
    Column("name_hi", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("parent_id", String(64)),
    Column("keywords", Text, nullable=False, default="[]"),  # JSON list
    Column("website", Text),
    Column("position", Integer, nullable=False, default=0),  # order as in the registry file
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "department_id",
        String(64),
        ForeignKey("departments.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("platform", String(16), nullable=False),
    Column("handle", String(255), nullable=False),
    Column("handle_key", String(255), nullable=False),  # lower-cased, for matching
    Column("platform_id", String(64)),
    Column("sample", Boolean, nullable=False, default=False),
    UniqueConstraint("platform", "handle_key", name="uq_accounts_platform_handle"),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("path", Text, nullable=False),
    Column("format", String(32), nullable=False),
    Column("sample", Boolean, nullable=False, default=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("rows_stored", Integer, nullable=False, default=0),
    Column("rows_quarantined", Integer, nullable=False, default=0),
    Column("rows_rejected", Integer, nullable=False, default=0),
)

coverage = Table(
    "coverage",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("imports.id", ondelete="CASCADE"), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("department_id", String(64), nullable=False),
    Column("source", String(32), nullable=False),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
    Column("sample", Boolean, nullable=False, default=False),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("imports.id", ondelete="CASCADE"), nullable=False),
    Column("file", Text, nullable=False),
    Column("row", Integer, nullable=False),
    Column("platform", String(16)),
    Column("account", String(255)),
    Column("reason", Text, nullable=False),
    Column("raw", Text, nullable=False),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("quarter", String(8), nullable=False),
    Column("data", String(8), nullable=False),  # "real" or "sample"
    Column("method_version", String(32), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("result_sha256", String(64), nullable=False),
    Column("top3", Text, nullable=False),  # JSON list of department ids
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("quarter", String(8), nullable=False),
    Column("data", String(8), nullable=False),  # "real" or "sample"
    Column("version", Integer, nullable=False),
    Column("method_version", String(32), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("published_by", String(255), nullable=False),
    Column("inputs_sha256", String(64), nullable=False),
    Column("result_sha256", String(64), nullable=False),
    Column("result", Text, nullable=False),  # the review JSON, exactly as published
    Column("diff", Text),  # JSON: what changed against the previous version
    UniqueConstraint("quarter", "data", "version", name="uq_snapshots_version"),
)

source_cursors = Table(
    "source_cursors",
    metadata,
    Column("platform", String(16), primary_key=True),
    Column("account", String(255), primary_key=True),  # lower-cased handle
    Column("endpoint", String(32), primary_key=True),
    Column("state", Text, nullable=False),  # JSON, e.g. {"since_id": ..., "pending": {...}}
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
