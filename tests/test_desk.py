"""The desk on both backends it supports: SQLite file (default) and a real PostgreSQL server."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from sushasan.desk import Desk
from sushasan.desk.store import CoverageSpan, QuarantinedRow
from sushasan.desk.tables import metadata
from sushasan.desk.trail import Trail
from sushasan.registry import Account, Department

TRAIL = Trail("test")


def _dep(dep_id: str, *accounts: Account) -> Department:
    return Department(dep_id, f"{dep_id} dept", "परीक्षण विभाग", accounts=accounts)


def _head() -> str:
    from alembic.script import ScriptDirectory

    from sushasan.desk.store import MIGRATIONS

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()  # type: ignore[return-value]


def test_migrations_create_the_tables_the_code_uses(desk: Desk) -> None:
    assert desk.revision() == _head()
    inspector = sa.inspect(desk.engine)
    for table in metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
    desk.upgrade()  # running it again is harmless
    assert desk.revision() == _head()


def test_registry_round_trip_keeps_hindi_and_order(desk: Desk) -> None:
    added, updated = desk.upsert_departments(
        [_dep("b", Account("x", "DeptB")), _dep("a", Account("facebook", "depta", "123"))], TRAIL
    )
    assert (added, updated) == (2, 0)
    got = desk.departments()
    assert [d.id for d in got] == ["b", "a"]
    assert got[0].name_hi == "परीक्षण विभाग"
    assert desk.account_index()[("facebook", "id:123")][1] == "a"
    added, updated = desk.upsert_departments([_dep("a", Account("x", "new_a"))], TRAIL)
    assert (added, updated) == (0, 1)
    assert [a.handle for a in desk.departments()[1].accounts] == ["new_a"]


def test_a_handle_belongs_to_one_department(desk: Desk) -> None:
    desk.upsert_departments([_dep("a", Account("x", "Same"))], TRAIL)
    with pytest.raises(sa.exc.IntegrityError):
        desk.upsert_departments([_dep("b", Account("x", "same"))], TRAIL)
    assert [d.id for d in desk.departments()] == ["a"]  # the failed transaction left nothing


def test_import_ledger_is_written_whole_and_replaced_whole(desk: Desk) -> None:
    desk.upsert_departments([_dep("a", Account("x", "a_x"))], TRAIL)
    account_id = desk.account_index()[("x", "a_x")][0]
    span = CoverageSpan("x", account_id, "a", "test", date(2024, 7, 1), date(2024, 9, 30))
    bad = QuarantinedRow("f.csv", 3, "x", "nobody", "unknown account", "{}")
    first = desk.record_import(
        sha256="0" * 64, path="f.csv", fmt="test", sample=False,
        counts={"read": 2, "stored": 1, "quarantined": 1}, spans=[span], quarantined=[bad],
    )
    assert desk.find_import("0" * 64).rows_quarantined == 1  # type: ignore[union-attr]
    assert desk.coverage_spans(date(2024, 8, 1), date(2024, 8, 31), sample=False) == [span]
    assert desk.coverage_spans(date(2024, 8, 1), date(2024, 8, 31), sample=True) == []
    assert desk.quarantine_summary() == [("unknown account", 1)]
    desk.record_import(
        sha256="0" * 64, path="f.csv", fmt="test", sample=False,
        counts={"read": 2, "stored": 2}, spans=[span], quarantined=[], replaces=first,
    )
    assert desk.counts()["imports"] == 1
    assert desk.counts()["coverage"] == 1
    assert desk.quarantine_summary() == []


def test_review_runs_are_recorded(desk: Desk) -> None:
    rid = desk.record_review("2024Q3", "sample", "2024.1", "f" * 64, ["a", "b", "c"])
    with desk.begin() as conn:
        row = conn.execute(sa.text("SELECT quarter, top3 FROM reviews WHERE id = :i"), {"i": rid})
        quarter, top3 = row.one()
    assert quarter == "2024Q3"
    assert json.loads(top3) == ["a", "b", "c"]
