"""Indexes for the grievance queue: open tickets oldest first, and the whole desk by age.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tickets_state_received", "tickets", ["state", "received_at"])
    op.create_index("ix_tickets_received_docket", "tickets", ["received_at", "docket"])


def downgrade() -> None:
    op.drop_index("ix_tickets_received_docket", "tickets")
    op.drop_index("ix_tickets_state_received", "tickets")
