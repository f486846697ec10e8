"""Replies per department in the registry: whether replies wait for approval, and the name of
the environment variable holding each account's own posting token (never the token); and a
reply's channel (public, or a private reply to the citizen's comment).

Revision ID: 0011
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("departments", sa.Column("reply_approval", sa.Boolean))
    op.add_column("accounts", sa.Column("token_env", sa.String(64)))
    op.add_column("replies", sa.Column("channel", sa.String(8), nullable=False,
                                       server_default="public"))


def downgrade() -> None:
    with op.batch_alter_table("replies") as batch:
        batch.drop_column("channel")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("token_env")
    with op.batch_alter_table("departments") as batch:
        batch.drop_column("reply_approval")
