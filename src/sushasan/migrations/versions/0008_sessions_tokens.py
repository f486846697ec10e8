"""Dashboard sessions kept on the server (so they can be ended), API token scopes and expiry.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id_sha256", sa.String(64), primary_key=True),
        sa.Column(
            "username", sa.String(64),
            sa.ForeignKey("users.username", ondelete="CASCADE"), nullable=False,
        ),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("last_seen_at", _TS, nullable=False),
        sa.Column("address", sa.String(64)),
    )
    op.create_index("ix_web_sessions_username", "web_sessions", ["username"])
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(
            sa.Column("scope", sa.String(8), nullable=False, server_default="write")
        )
        batch.add_column(sa.Column("expires_at", _TS))


def downgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
        batch.drop_column("scope")
    op.drop_index("ix_web_sessions_username", "web_sessions")
    op.drop_table("web_sessions")
