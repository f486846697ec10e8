"""The columnar fast path of ``sushasan-jsonl`` stores and refuses exactly what the row path does.

The same file is imported twice into fresh data folders, once through the fast path and once
through the row path alone, and everything the import leaves behind is compared: the report, every
lake file's rows, the quarantine and coverage ledgers, the raw copy.
"""

from __future__ import annotations

import codecs
import json
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.errors import ImportFileError
from sushasan.ingest import columnar, jsonl
from sushasan.ingest.coerce import to_text
from sushasan.ingest.columnar import SPACE_CHARS
from sushasan.ingest.jsonl import JsonlImporter
from sushasan.ingest.pipeline import ImportReport, import_file
from sushasan.ingest.records import ImportContext, Parsed

REG = (
    "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
    "health,Health Department,स्वास्थ्य विभाग,department,health,Health_Dept,healthfb,,,\n"
)


class RowOnly:
    """The same importer without its fast path."""

    name = JsonlImporter.name
    help = JsonlImporter.help

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        return JsonlImporter().parse(path, text, ctx)


def _post(pid: str, **kw: Any) -> dict[str, Any]:
    return {"record": "post", "platform": "x", "account_id": "health_dept", "post_id": pid,
            "created_at": "2024-07-01T10:00:00Z", "text": "Clinic open", **kw}


def _reply(iid: str, **kw: Any) -> dict[str, Any]:
    return {"record": "interaction", "platform": "x", "account_id": "health_dept",
            "interaction_id": iid, "created_at": "2024-07-05T10:00:00Z", "text": "ok", **kw}


def _stat(day: str, **kw: Any) -> dict[str, Any]:
    return {"record": "account_stat", "platform": "facebook", "account_id": "healthfb",
            "day": day, "followers": 10, **kw}


CLEAN = [
    _post("1", text="नमस्ते, शिविर आज", likes=3, metrics_at="2024-07-02T00:00:00Z"),
    _post("2", created_at="2024-07-01T10:00:00+05:30", text="  ", language=""),
    _post("3", created_at="2024-07-01 23:59:59.5-04:00", text="Mixed हिंदी and English"),
    _post("4", created_at="2024-03-31T19:00:00Z"),  # 1 April in IST
    _post("5", created_at="2024-07-01T10:00:00"),  # no zone
    _post("6", created_at="2024-02-30T10:00:00Z"),  # no such day
    _post("7", likes=-1),
    _post("8", post_id="   "),
    {k: v for k, v in _post("9").items() if k != "created_at"},
    _post("10", platform="X", account_id="@Health_Dept"),
    _post("11", account_id="stranger"),  # unknown: quarantined
    _post("1", text="newer reading", likes=5, metrics_at="2024-07-03T00:00:00Z"),
    _post("12", text="first of two", metrics_at="2024-07-02T00:00:00Z"),
    _post("12", text="second of two", metrics_at="2024-07-02T00:00:00Z"),
    _post("13", created_at="2024-07-01T10:00:00.1234567Z"),
    _post("14", metrics_at=""),
    _post("15", metrics_at=" "),
    _post("16", kind="  ", url="https://example.invalid/16", text="\u3000"),
    _post("17", created_at=" 2024-07-01T10:00:00Z "),
    _post("18", platform="myspace"),
    _reply("i1", from_department=True, created_at="2024-07-09T20:00:00-01:00"),
    _reply("i2", author_handle="citizen", from_department=None, text="कब तक?"),
    _reply("i3", created_at="2024-09-30T20:00:00Z", from_department=True),  # October in IST
    _reply("i4", account_id="id:12345"),  # unknown id: quarantined
    {k: v for k, v in _reply("i5").items() if k != "interaction_id"},
    _stat("2024-07-01", following=4),
    _stat("2024-07-32"),
    {k: v for k, v in _stat("2024-07-03").items() if k != "followers"},
    _stat("20240704"),
    _stat("2024-07-05", account_id="HealthFB"),
    _stat("2024-07-06", posts_count=-2),
    {"record": "coverage", "platform": "x", "account_id": "health_dept",
     "first_day": "2024-07-01", "last_day": "2024-09-30"},
    {"record": "poll", "platform": "x", "account_id": "health_dept"},
    {"platform": "x", "account_id": "health_dept"},
]
#: Lines Arrow cannot read at all: each sends its block of lines to the row path.
BROKEN = [
    '{"record": "post", "platform": "x"',
    "[1, 2]",
    json.dumps(_post("20", post_id=20)),
    json.dumps(_post("21", likes="12")),
    json.dumps(_post("22", likes=12.0)),
    json.dumps(_reply("i9", from_department="yes")),
    '{"record": "post"} {"record": "post"}',
    json.dumps(_post("23", sample=0)),
    json.dumps(_post("24", likes=float("inf"), shares=float("nan"))),  # Python reads these
    "   ",
    "",
]


def _lines(records: list[dict[str, Any]], broken: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    for i, b in enumerate(broken):
        lines.insert(3 + 4 * i, b)
    return lines


def _app(root: Path) -> Sushasan:
    app = Sushasan(Config.load(env={}, data_dir=str(root)))
    app.init(empty=True)
    reg = root.parent / f"{root.name}-reg.csv"
    reg.write_text(REG, encoding="utf-8")
    app.registry_import(reg)
    return app


def _import(root: Path, importer: Any, path: Path) -> tuple[ImportReport, dict[str, Any]]:
    app = _app(root)
    try:
        report = import_file(app.desk, app.lake, app.raw_dir, importer, path)
    finally:
        app.close()
    lake = {
        str(f.relative_to(root)): pq.read_table(f).to_pylist()
        for f in sorted((root / "lake").rglob("*.parquet"))
    }
    with sqlite3.connect(f"file:{root / 'desk.sqlite'}?mode=ro", uri=True) as con:
        ledgers = {
            table: con.execute(f"SELECT {cols} FROM {table} ORDER BY id").fetchall()
            for table, cols in (
                ("quarantine", "file, row, platform, account, reason, raw"),
                ("coverage", "platform, account_id, department_id, source, first_day, last_day"),
                ("imports", "sha256, path, format, sample, rows_read, rows_stored, "
                            "rows_quarantined, rows_rejected"),
            )
        }
    raws = {p.name: p.read_bytes() for p in (root / "raw").rglob("*") if p.is_file()}
    return report, {"lake": lake, **ledgers, "raw": raws}


def _same_import(tmp_path: Path, data: bytes, name: str = "records.jsonl") -> ImportReport:
    path = tmp_path / name
    path.write_bytes(data)
    fast, fast_state = _import(tmp_path / "fast", JsonlImporter(), path)
    row, row_state = _import(tmp_path / "row", RowOnly(), path)
    for field in ("status", "read", "written", "quarantined", "rejected", "coverage", "sample",
                  "summaries"):
        assert getattr(fast, field) == getattr(row, field), field
    assert fast_state == row_state
    assert fast_state["raw"] == {next(iter(row_state["raw"])): data}  # kept verbatim
    return fast


def _settled(data: bytes) -> int:
    parsed = JsonlImporter().parse_bytes(Path("f.jsonl"), data, ImportContext())
    assert parsed is not None
    return sum(b.table.num_rows for b in parsed.batches)


@pytest.mark.parametrize("part", [1 << 20, 64])
def test_clean_lines_take_the_fast_path_and_store_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: int
) -> None:
    monkeypatch.setattr(jsonl, "_PART_MIN", part)
    data = ("\n".join(_lines(CLEAN)) + "\n").encode()
    assert _settled(data) >= 15
    report = _same_import(tmp_path, data)
    assert report.read == len(CLEAN)
    assert {r for r, _ in report.quarantined} == {11, 24}
    assert [r for r, _ in report.rejected] == [5, 6, 7, 8, 9, 17, 20, 25, 27, 28, 31, 33, 34]
    assert (6, "created_at '2024-02-30T10:00:00Z' is not an ISO 8601 timestamp") in report.rejected


@pytest.mark.parametrize(("chunk", "part"), [(2, 1 << 20), (5, 1 << 20), (4096, 1 << 20),
                                            (4096, 64), (5, 300)])
def test_lines_arrow_cannot_read_go_through_the_row_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, part: int
) -> None:
    monkeypatch.setattr(jsonl, "_CHUNK", chunk)
    monkeypatch.setattr(jsonl, "_PART_MIN", part)  # small: the first read is cut in parts
    data = ("\n".join(_lines(CLEAN, BROKEN)) + "\n").encode()
    if chunk < 10:
        assert _settled(data) >= 3  # the blocks without a broken line still go fast
    report = _same_import(tmp_path, data)
    assert any(reason.startswith("not valid JSON") for _, reason in report.rejected)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("crlf", ("\r\n".join(_lines(CLEAN)) + "\r\n").encode()),
        ("bom", codecs.BOM_UTF8 + "\n".join(_lines(CLEAN)).encode()),
        ("no-final-newline", "\n".join(_lines(CLEAN)).encode()),
        ("line-separator", "\n".join(_lines([*CLEAN, _post("30", text="a\u2028b")])).encode()),
        ("form-feed", ("\n".join(_lines(CLEAN)) + "\n\x0c\n").encode()),
        ("lone-cr", ("\n".join(_lines(CLEAN)) + "\n{\"record\":\r\"post\"}\n").encode()),
        ("bad-utf8", ("\n".join(_lines(CLEAN)) + "\n").encode() + b'{"text": "\xff"}\n'),
        # More dashes (lead byte \xe2, as U+2028) than are looked at one by one, then U+2028.
        ("many-dashes-then-separator", "\n".join(_lines(
            [*CLEAN, _post("31", text="\u2014" * (columnar._FIND_LIMIT + 5) + "\u2028")]
        )).encode()),
        ("next-line", "\n".join(_lines([*CLEAN, _post("32", text="a\x85b")])).encode()),
    ],
)
def test_line_endings_and_encodings(tmp_path: Path, name: str, data: bytes) -> None:
    if name == "bad-utf8":
        with pytest.raises(Exception, match="line 35: not valid UTF-8"):
            _same_import(tmp_path, data)
        return
    _same_import(tmp_path, data)


def test_sample_records_for_real_accounts_are_held_alike(tmp_path: Path) -> None:
    records = [{**r, "sample": True} for r in CLEAN[:12]]
    data = ("\n".join(_lines(records)) + "\n").encode()
    report = _same_import(tmp_path, data)
    assert report.sample is True
    assert any("real account but the record is sample data" in q for _, q in report.quarantined)


def test_duplicates_keep_newest_metrics_then_the_first_line(tmp_path: Path) -> None:
    data = ("\n".join(_lines(CLEAN)) + "\n").encode()
    _same_import(tmp_path, data)
    posts = {
        r["post_id"]: r
        for f in (tmp_path / "fast" / "lake" / "post").rglob("*.parquet")
        for r in pq.read_table(f).to_pylist()
    }
    assert posts["1"]["likes"] == 5 and posts["1"]["text"] == "newer reading"
    assert posts["12"]["text"] == "first of two"


def test_space_characters_are_those_of_python() -> None:
    assert set(SPACE_CHARS) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


@pytest.mark.parametrize("many", [0, columnar._FIND_LIMIT + 5])
def test_odd_line_breaks_are_found_however_many_lead_bytes(many: int) -> None:
    clean = ("\u2014" * many + "\n".join(_lines(CLEAN))).encode()
    assert columnar.line_bounds(clean) is not None
    for odd in ("\u2028", "\u2029", "\x85"):
        data = clean + odd.encode() + b"\n"
        assert columnar.line_bounds(data) is None, repr(odd)


def test_blank_text_is_found_as_to_text_finds_it() -> None:
    values = ["", " ", "\u3000", "\u3000x", "x ", None, "\x1c", "\u2028a", "\xa0\u2003", "नमस्ते",
              "\t\n", "\u200b", *SPACE_CHARS]
    for array in (pa.array(values, pa.string()), pa.array(values, pa.string()).slice(3)):
        expected = [to_text(v) for v in array.to_pylist()]
        assert columnar.text_column(array).to_pylist() == expected
        _, ok = columnar.required_text(array)
        assert ok.tolist() == [e is not None for e in expected]


class Refuses:
    """An importer that can no longer read the file (a format changed between releases)."""

    name = JsonlImporter.name
    help = JsonlImporter.help

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        raise ImportFileError(f"{path}: cannot read this any more")


def test_a_duplicate_is_refused_before_anything_is_kept(tmp_path: Path) -> None:
    data = ("\n".join(_lines(CLEAN[:3])) + "\n").encode()
    first, again = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_bytes(data)
    again.write_bytes(data)
    app = _app(tmp_path / "data")
    try:
        assert import_file(app.desk, app.lake, app.raw_dir, JsonlImporter(), first).status == (
            "imported"
        )
        kept = sorted(p.relative_to(app.raw_dir) for p in app.raw_dir.rglob("*"))
        # Hashed and parsed side by side; a duplicate is named even if it no longer parses.
        for importer in (JsonlImporter(), Refuses()):
            report = import_file(app.desk, app.lake, app.raw_dir, importer, again)
            assert report.status == "duplicate"
            assert sorted(p.relative_to(app.raw_dir) for p in app.raw_dir.rglob("*")) == kept
        with pytest.raises(ImportFileError, match="cannot read this any more"):
            import_file(app.desk, app.lake, app.raw_dir, Refuses(), tmp_path / "data-reg.csv")
        assert sorted(p.relative_to(app.raw_dir) for p in app.raw_dir.rglob("*")) == kept
    finally:
        app.close()


def test_the_first_read_is_cut_at_line_starts_into_one_part_per_core(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jsonl, "_PART_MIN", 16)
    monkeypatch.setattr(jsonl.os, "cpu_count", lambda: 4)
    data = ("\n".join(_lines(CLEAN)) + "\n").encode()
    starts, _ = columnar.line_bounds(data)  # type: ignore[misc]
    parts = jsonl._parts(memoryview(data), starts)
    assert len(parts) == 4
    assert b"".join(bytes(p) for p in parts) == data
    assert all(bytes(p).startswith(b"{") and bytes(p).endswith(b"\n") for p in parts)
    # One long line: nowhere to cut, so it stays whole.
    one = b"{" + b" " * 200 + b"}"
    assert len(jsonl._parts(memoryview(one), np.array([0]))) == 1


@pytest.mark.parametrize("part", [1 << 20, 64])
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_bare_null_line_is_refused_without_crashing_arrow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: int, where: str
) -> None:
    """Arrow segfaults on bytes whose first value is a bare null (apache/arrow#47409)."""
    monkeypatch.setattr(jsonl, "_PART_MIN", part)
    lines = _lines(CLEAN)
    at = {"first": 0, "middle": len(lines) // 2, "last": len(lines)}[where]
    lines.insert(at, "null")
    lines.insert(at, "  null  ")
    report = _same_import(tmp_path, ("\n".join(lines) + "\n").encode())
    assert (at + 1, "expected a JSON object") in report.rejected
    assert jsonl._read_block(memoryview(b" \n null\n"), None) is None


def test_a_multi_line_object_sends_the_file_block_by_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jsonl, "_PART_MIN", 64)
    broken = ("\n".join(_lines(CLEAN[:8])) + '\n{"record":\n"post"}\n').encode()
    parsed = JsonlImporter().parse_bytes(Path("f.jsonl"), broken, ImportContext())
    assert parsed is not None and parsed.read == 10
    assert sum(b.table.num_rows for b in parsed.batches) >= 3  # the clean lines go fast
