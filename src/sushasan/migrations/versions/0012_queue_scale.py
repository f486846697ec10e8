"""The queue at state scale: indexes for its filters and a maintained count of tickets.

``ticket_counts`` holds, per (department, state, triage flag), how many tickets there are; the
ticket desk updates it in the same transaction as every change of state, department or triage
flag, so the queue's state tabs read a few dozen rows instead of counting 200,000 tickets on
every page view. The indexes serve the queue's keyset pages (oldest first, then docket) under
the department and triage filters, and the age buckets' range counts.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ticket_counts",
        sa.Column("department_id", sa.String(64), primary_key=True),  # "" for the triage queue
        sa.Column("state", sa.String(24), primary_key=True),
        sa.Column("needs_triage", sa.Boolean, primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO ticket_counts (department_id, state, needs_triage, n) "
        "SELECT coalesce(department_id, ''), state, needs_triage, count(*) FROM tickets "
        "GROUP BY coalesce(department_id, ''), state, needs_triage"
    )
    op.create_index("ix_tickets_department_received", "tickets",
                    ["department_id", "state", "received_at", "docket"])
    op.create_index("ix_tickets_triage_received", "tickets",
                    ["needs_triage", "state", "received_at", "docket"])
    op.create_index("ix_ticket_events_action", "ticket_events", ["action", "docket"])


def downgrade() -> None:
    op.drop_index("ix_ticket_events_action", "ticket_events")
    op.drop_index("ix_tickets_triage_received", "tickets")
    op.drop_index("ix_tickets_department_received", "tickets")
    op.drop_table("ticket_counts")
