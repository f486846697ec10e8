"""The outbox: replies from the desk to the citizen's post, with an idempotency key and a state.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "replies",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("idempotency_key", sa.String(96), nullable=False, unique=True),
        sa.Column("docket", sa.String(32), sa.ForeignKey("tickets.docket"), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("in_reply_to", sa.String(128), nullable=False),
        sa.Column("department_id", sa.String(64)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("platform_id", sa.String(128)),
        sa.Column("url", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("next_attempt_at", _TS),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.Column("sent_at", _TS),
        sa.Column("sample", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_replies_docket", "replies", ["docket"])
    op.create_index("ix_replies_state_platform", "replies", ["state", "platform"])


def downgrade() -> None:
    op.drop_index("ix_replies_state_platform", "replies")
    op.drop_index("ix_replies_docket", "replies")
    op.drop_table("replies")
