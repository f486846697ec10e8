"""The desk: the operational SQL database (SQLite file by default, PostgreSQL at scale)."""

from sushasan.desk.store import Desk

__all__ = ["Desk"]
