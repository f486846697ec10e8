"""Alembic migrations of the desk database; run by `Desk.upgrade()`, never by hand in tests."""
