"""Erasure: tickets remember when their citizen's data was erased, and a ticket event's free text
(reason, details) may be replaced by a tombstone, while who did what, when, stays immutable.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_REFUSE = "ticket_events is append-only: record a new action instead"
#: Columns no one may change, erasure included: the event's who, what and when.
_FIXED = ("id", "docket", "at", "actor", "action", "from_state", "to_state", "from_department",
          "to_department")


def upgrade() -> None:
    op.add_column("tickets", sa.Column("erased_at", sa.DateTime(timezone=True)))
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _FIXED)
        op.execute("DROP TRIGGER IF EXISTS ticket_events_no_update")
        op.execute(
            "CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events "
            f"WHEN {changed} BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END"
        )
    elif dialect == "postgresql":
        new = ", ".join(f"NEW.{c}" for c in _FIXED)
        old = ", ".join(f"OLD.{c}" for c in _FIXED)
        op.execute("DROP TRIGGER IF EXISTS ticket_events_append_only ON ticket_events")
        op.execute(
            "CREATE OR REPLACE FUNCTION sushasan_redact_only() RETURNS trigger AS $$ "
            f"BEGIN IF ROW({new}) IS DISTINCT FROM ROW({old}) THEN RAISE EXCEPTION "
            f"'{_REFUSE}'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events "
            "FOR EACH ROW EXECUTE FUNCTION sushasan_append_only()"
        )
        op.execute(
            "CREATE TRIGGER ticket_events_redact_only BEFORE UPDATE ON ticket_events "
            "FOR EACH ROW EXECUTE FUNCTION sushasan_redact_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS ticket_events_no_update")
        op.execute(
            "CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events "
            f"BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END"
        )
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ticket_events_redact_only ON ticket_events")
        op.execute("DROP TRIGGER IF EXISTS ticket_events_no_delete ON ticket_events")
        op.execute("DROP FUNCTION IF EXISTS sushasan_redact_only()")
        op.execute(
            "CREATE TRIGGER ticket_events_append_only BEFORE UPDATE OR DELETE ON ticket_events "
            "FOR EACH ROW EXECUTE FUNCTION sushasan_append_only()"
        )
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("erased_at")
