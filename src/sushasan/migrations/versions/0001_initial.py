"""Initial desk: registry, imports, coverage ledger, quarantine, review runs.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "departments",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name_en", sa.Text, nullable=False),
        sa.Column("name_hi", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("parent_id", sa.String(64)),
        sa.Column("keywords", sa.Text, nullable=False),
        sa.Column("website", sa.Text),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "department_id",
            sa.String(64),
            sa.ForeignKey("departments.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("handle", sa.String(255), nullable=False),
        sa.Column("handle_key", sa.String(255), nullable=False),
        sa.Column("platform_id", sa.String(64)),
        sa.Column("sample", sa.Boolean, nullable=False),
        sa.UniqueConstraint("platform", "handle_key", name="uq_accounts_platform_handle"),
    )
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("sample", sa.Boolean, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("rows_stored", sa.Integer, nullable=False),
        sa.Column("rows_quarantined", sa.Integer, nullable=False),
        sa.Column("rows_rejected", sa.Integer, nullable=False),
    )
    op.create_table(
        "coverage",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "import_id", sa.Integer, sa.ForeignKey("imports.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column(
            "account_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("department_id", sa.String(64), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("first_day", sa.Date, nullable=False),
        sa.Column("last_day", sa.Date, nullable=False),
        sa.Column("sample", sa.Boolean, nullable=False),
    )
    op.create_index("ix_coverage_department", "coverage", ["department_id", "first_day"])
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "import_id", sa.Integer, sa.ForeignKey("imports.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("platform", sa.String(16)),
        sa.Column("account", sa.String(255)),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("raw", sa.Text, nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("quarter", sa.String(8), nullable=False),
        sa.Column("data", sa.String(8), nullable=False),
        sa.Column("method_version", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("result_sha256", sa.String(64), nullable=False),
        sa.Column("top3", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "reviews", "quarantine", "coverage", "imports", "accounts", "departments", "meta"
    ):
        op.drop_table(table)
