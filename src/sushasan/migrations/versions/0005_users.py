"""Dashboard accounts and the API tokens scripts use.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column(
            "department_id", sa.String(64),
            sa.ForeignKey("departments.id", ondelete="RESTRICT"),
        ),
        sa.Column("language", sa.String(8)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column(
            "username", sa.String(64),
            sa.ForeignKey("users.username", ondelete="CASCADE"), nullable=False,
        ),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("last_used_at", _TS),
    )


def downgrade() -> None:
    op.drop_table("api_tokens")
    op.drop_table("users")
