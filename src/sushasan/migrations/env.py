"""Alembic environment: the desk passes its own connection, so no URL lives in a config file."""

from __future__ import annotations

from alembic import context

from sushasan.desk.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
