"""Grievance desk: triage ledger, tickets, their audit trail, clock pauses and officers' labels.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)
_REFUSE = "ticket_events is append-only: record a new action instead"


def upgrade() -> None:
    op.create_table(
        "triaged",
        sa.Column("platform", sa.String(16), primary_key=True),
        sa.Column("interaction_id", sa.String(128), primary_key=True),
        sa.Column("triaged_at", _TS, nullable=False),
        sa.Column("is_grievance", sa.Boolean, nullable=False),
        sa.Column("grievance_score", sa.Float, nullable=False),
        sa.Column("docket", sa.String(32)),
        sa.Column("sample", sa.Boolean, nullable=False),
    )
    op.create_table(
        "docket_counters",
        sa.Column("prefix", sa.String(16), primary_key=True),
        sa.Column("last", sa.Integer, nullable=False),
    )
    op.create_table(
        "tickets",
        sa.Column("docket", sa.String(32), primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("interaction_id", sa.String(128), nullable=False),
        sa.Column("department_id", sa.String(64)),
        sa.Column("addressed_department_id", sa.String(64)),
        sa.Column("needs_triage", sa.Boolean, nullable=False),
        sa.Column("routing_score", sa.Float, nullable=False),
        sa.Column("routing_reasons", sa.Text, nullable=False),
        sa.Column("grievance_score", sa.Float, nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author_handle", sa.String(255)),
        sa.Column("place", sa.String(64)),
        sa.Column("district", sa.String(64)),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("level_started_at", _TS, nullable=False),
        sa.Column("received_at", _TS, nullable=False),
        sa.Column("due_at", _TS, nullable=False),
        sa.Column("appeal_due_at", _TS),
        sa.Column("reopened_at", _TS),
        sa.Column("acknowledged_at", _TS),
        sa.Column("interim_reply_at", _TS),
        sa.Column("disposed_at", _TS),
        sa.Column("closed_at", _TS),
        sa.Column("resolution", sa.String(32)),
        sa.Column("reply", sa.Text),
        sa.Column("rating", sa.Integer),
        sa.Column("reopen_count", sa.Integer, nullable=False),
        sa.Column("transfer_count", sa.Integer, nullable=False),
        sa.Column("assigned_to", sa.String(255)),
        sa.Column("merged_into", sa.String(32)),
        sa.Column("sample", sa.Boolean, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.UniqueConstraint("platform", "interaction_id", name="uq_tickets_interaction"),
    )
    op.create_index("ix_tickets_department_state", "tickets", ["department_id", "state"])
    op.create_table(
        "ticket_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("docket", sa.String(32), sa.ForeignKey("tickets.docket"), nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("from_state", sa.String(24)),
        sa.Column("to_state", sa.String(24)),
        sa.Column("from_department", sa.String(64)),
        sa.Column("to_department", sa.String(64)),
        sa.Column("reason", sa.Text),
        sa.Column("details", sa.Text, nullable=False),
    )
    op.create_index("ix_ticket_events_docket", "ticket_events", ["docket"])
    op.create_table(
        "ticket_pauses",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("docket", sa.String(32), sa.ForeignKey("tickets.docket"), nullable=False),
        sa.Column("started_at", _TS, nullable=False),
        sa.Column("ended_at", _TS),
    )
    op.create_index("ix_ticket_pauses_docket", "ticket_pauses", ["docket"])
    op.create_table(
        "grievance_labels",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("docket", sa.String(32)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("is_grievance", sa.Boolean, nullable=False),
        sa.Column("department_id", sa.String(64)),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.Column("sample", sa.Boolean, nullable=False),
    )
    _append_only("ticket_events")


def _append_only(table: str) -> None:
    """The audit trail must survive a careless script too, so the database itself refuses edits."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION sushasan_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{_REFUSE}'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION sushasan_append_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS ticket_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS ticket_events_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ticket_events_append_only ON ticket_events")
        op.execute("DROP FUNCTION IF EXISTS sushasan_append_only()")
    for name in ("grievance_labels", "ticket_pauses", "ticket_events", "tickets",
                 "docket_counters", "triaged"):
        op.drop_table(name)
