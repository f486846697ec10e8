"""`sushasan import`: export bytes in, normal records out, bad input named and contained.

The project's behaviour is tested on its own legacy X per-tweet export (tests/fixtures/exports,
made-up posts in the real 40-column format); one test also imports the real rOpenSci file from
the shared real data, to keep the importer honest about the format as X wrote it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REALDATA, X_ANALYTICS, Cli

REG = (
    "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
    "it_dept,Department of IT,सूचना प्रौद्योगिकी विभाग,department,it,UKDITOfficial,,,,\n"
)
ROPENSCI = (REALDATA / "exports" / "x_analytics" / "ropensci_sample"
            / "tweet_activity_metrics_rOpenSci_20200101_20200201_en.csv")


@pytest.fixture
def cell(initialised: Cli, tmp_path: Path) -> Cli:
    reg = tmp_path / "reg.csv"
    reg.write_text(REG, encoding="utf-8")
    initialised("registry", "import", str(reg))
    return initialised


def _snapshot(data_dir: Path) -> dict[str, str]:
    """Content hashes of the lake files and a dump of the desk tables."""
    files = {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((data_dir / "lake").rglob("*.parquet"))
    }
    with sqlite3.connect(f"file:{data_dir / 'desk.sqlite'}?mode=ro", uri=True) as con:
        for table in ("departments", "accounts", "imports", "coverage", "quarantine"):
            files[table] = repr(con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall())
    return files


def _posts(data_dir: Path) -> list[tuple]:
    if not list((data_dir / "lake").rglob("*.parquet")):
        return []
    con = duckdb.connect()
    return con.execute(
        f"SELECT post_id, account_id, department_id, likes, comments, shares, impressions, "
        f"month FROM read_parquet('{data_dir}/lake/post/*/*/*.parquet', hive_partitioning=true) "
        "ORDER BY post_id"
    ).fetchall()


def test_x_analytics_export_imports_and_reimport_changes_nothing(cell: Cli) -> None:
    out = cell("import", "--format", "x-analytics-csv", str(X_ANALYTICS)).output
    assert "read 9 rows; 9 new, 0 updated" in out
    assert "coverage: it_dept x 2024-07-01 – 2024-07-31" in out
    posts = _posts(cell.data_dir)
    assert len(posts) == 9
    # "1818660120345678336" in the file: likes 3.0, replies 1.0, retweets 0.0, 1234.0 imps.
    assert ("1818660120345678336", "ukditofficial", "it_dept", 3, 1, 0, 1234, "2024-07") in posts
    before = _snapshot(cell.data_dir)
    again = cell("import", "--format", "x-analytics-csv", str(X_ANALYTICS)).output
    assert "already imported" in again and "nothing changed" in again
    # The same bytes under another name are the same file.
    copy = cell.data_dir.parent / "copy.csv"
    shutil.copy(X_ANALYTICS, copy)
    assert "already imported" in cell("import", "--format", "x-analytics-csv", str(copy)).output
    assert _snapshot(cell.data_dir) == before


@pytest.mark.realdata
def test_real_x_analytics_export_of_ropensci(initialised: Cli, tmp_path: Path) -> None:
    """The real export as X wrote it (quoted floats, "-" promoted cells, multi-line texts)."""
    reg = tmp_path / "reg.csv"
    reg.write_text("id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
                   "open_science,Open Science Cell,मुक्त विज्ञान प्रकोष्ठ,department,science,"
                   "rOpenSci,,,,\n", encoding="utf-8")
    initialised("registry", "import", str(reg))
    out = initialised("import", "--format", "x-analytics-csv", str(ROPENSCI)).output
    assert "read 9 rows; 9 new, 0 updated" in out and "0 rejected" in out
    assert "coverage: open_science x 2020-01-01 – 2020-01-31" in out
    posts = _posts(initialised.data_dir)
    assert len(posts) == 9
    # "1223289693820710912" in the real file: likes 3.0, replies 1.0, retweets 0.0, 1010.0 imps.
    assert ("1223289693820710912", "ropensci", "open_science", 3, 1, 0, 1010, "2020-01") in posts


def test_unknown_account_goes_to_quarantine_not_nowhere(initialised: Cli) -> None:
    out = initialised("import", "--format", "x-analytics-csv", str(X_ANALYTICS))
    assert "9 quarantined" in out.output
    assert "unknown x account 'UKDITOfficial': add it to a department" in out.output
    assert _posts(initialised.data_dir) == []
    snap = _snapshot(initialised.data_dir)
    assert snap["quarantine"].count("unknown x account") == 9
    # Once the account is registered, importing the same file again takes the rows in.
    reg = initialised.data_dir.parent / "reg.csv"
    reg.write_text(REG, encoding="utf-8")
    initialised("registry", "import", str(reg))
    out = initialised("import", "--format", "x-analytics-csv", str(X_ANALYTICS)).output
    assert "trying them again" in out and "9 new" in out
    assert len(_posts(initialised.data_dir)) == 9
    assert "unknown x account" not in _snapshot(initialised.data_dir)["quarantine"]


def test_malformed_rows_are_named_and_only_valid_rows_are_stored(cell: Cli, tmp_path: Path) -> None:
    lines = X_ANALYTICS.read_text(encoding="utf-8").splitlines(keepends=True)
    header, first = lines[0], lines[1]
    broken = tmp_path / X_ANALYTICS.name
    bad_time = first.replace("2024-07-31 16:59 +0000", "31/07/2024 16:59").replace(
        "1818660120345678336", "1818660120345678999"
    )
    short = '"1818660120345678998","https://twitter.com/UKDITOfficial/status/1","cut off"\n'
    bad_count = first.replace('"1234.0"', '"lots"').replace(
        "1818660120345678336", "1818660120345678997"
    )
    broken.write_text(header + first + bad_time + short + bad_count, encoding="utf-8")
    result = cell("import", "--format", "x-analytics-csv", str(broken))
    assert "read 4 rows; 2 new" in result.output
    assert "2 rejected; 1 note" in result.output
    assert f"{broken}, row 3: time '31/07/2024 16:59' is not like 2020-01-31 16:59 +0000" in (
        result.output
    )
    assert f"{broken}, row 4: 3 cells where the header has 40" in result.output
    # An unreadable count is stored as missing and its row kept (issue 20), with a note.
    assert f"{broken}, row 5: note: impressions 'lots' is not a number; stored as missing" in (
        result.output
    )
    assert [p[0] for p in _posts(cell.data_dir)] == ["1818660120345678336",
                                                     "1818660120345678997"]


def test_wrong_encoding_is_refused_whole_with_file_and_line(cell: Cli, tmp_path: Path) -> None:
    text = X_ANALYTICS.read_text(encoding="utf-8")
    latin = tmp_path / X_ANALYTICS.name
    latin.write_bytes(text.encode("latin-1", errors="replace"))  # "4°C" → 0xB0
    before = _snapshot(cell.data_dir)
    result = cell("import", "--format", "x-analytics-csv", str(latin), ok=False)
    assert result.exit_code == 1
    assert f"{latin}, line 3: not valid UTF-8" in result.output
    assert "Nothing was imported" in result.output
    assert _snapshot(cell.data_dir) == before


def test_wrong_format_and_missing_file_are_clear(cell: Cli, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("Date,Impressions\n2024-01-01,5\n", encoding="utf-8")
    out = cell("import", "--format", "x-analytics-csv", str(other), ok=False).output
    assert f"{other}, row 1: not an X analytics per-tweet export" in out
    out = cell("import", "--format", "nope", str(other), ok=False).output
    assert "unknown format 'nope'; known formats: " in out
    assert "sushasan-jsonl" in out and "x-analytics-csv" in out
    out = cell("import", "--format", "sushasan-jsonl", str(tmp_path / "missing.jsonl"), ok=False)
    assert "no such file" in out.output


def test_jsonl_records_with_bad_lines(cell: Cli, tmp_path: Path) -> None:
    f = tmp_path / "records.jsonl"
    good = {"record": "post", "platform": "x", "account_id": "ukditofficial", "post_id": "1",
            "created_at": "2024-03-31T19:00:00Z", "text": "बिजली आपूर्ति सूचना", "likes": 4}
    lines = [
        json.dumps(good, ensure_ascii=False),
        '{"record": "post", "platform": "x"',
        json.dumps({**good, "post_id": "2", "created_at": "2024-04-01 10:00"}),
        json.dumps({**good, "post_id": "3", "platform": "myspace"}),
        json.dumps({**good, "post_id": "4", "likes": -3}),
        json.dumps({"record": "coverage", "platform": "x", "account_id": "ukditofficial",
                    "first_day": "2024-04-01", "last_day": "2024-06-30"}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = cell("import", "--format", "sushasan-jsonl", str(f)).output
    assert "1 new" in out and "4 rejected" in out
    assert f"{f}, row 2: not valid JSON" in out
    assert f"{f}, row 3: created_at '2024-04-01 10:00' has no time zone" in out
    assert f"{f}, row 4: unknown platform 'myspace'" in out
    assert f"{f}, row 5: likes '-3' is not a whole number of zero or more" in out
    assert "coverage: it_dept x 2024-04-01 – 2024-06-30" in out
    # 19:00 UTC on 31 March is 00:30 on 1 April in IST: the April partition.
    assert _posts(cell.data_dir)[0][-1] == "2024-04"


def test_sample_and_real_records_never_mix(cell: Cli, tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    base = {"record": "post", "platform": "x", "account_id": "ukditofficial",
            "created_at": "2024-05-01T10:00:00Z"}
    f.write_text(
        json.dumps({**base, "post_id": "1"}) + "\n"
        + json.dumps({**base, "post_id": "2", "sample": True}) + "\n",
        encoding="utf-8",
    )
    out = cell("import", "--format", "sushasan-jsonl", str(f), ok=False).output
    assert "mixes sample and real records" in out
    f.write_text(json.dumps({**base, "post_id": "2", "sample": True}) + "\n", encoding="utf-8")
    out = cell("import", "--format", "sushasan-jsonl", str(f)).output
    assert "real account but the record is sample data" in out
    assert _posts(cell.data_dir) == []


def test_a_month_of_exports_missing_shows_as_a_gap_not_a_quiet_month(
    cell: Cli, tmp_path: Path
) -> None:
    """Two monthly per-tweet exports of a quarter are imported, the middle one is not."""
    text = X_ANALYTICS.read_text(encoding="utf-8")
    header, first_row = text.splitlines(keepends=True)[:2]
    for start, end, stamp in (("20240701", "20240801", "2024-07-15 10:00 +0000"),
                              ("20240901", "20241001", "2024-09-15 10:00 +0000")):
        f = tmp_path / f"tweet_activity_metrics_UKDITOfficial_{start}_{end}_en.csv"
        row = first_row.replace("2024-07-31 16:59 +0000", stamp).replace(
            "1818660120345678336", f"1{start}")
        f.write_text(header + row, encoding="utf-8")
        cell("import", "--format", "x-analytics-csv", str(f))
    out = tmp_path / "out"
    cell("review", "--quarter", "2024Q3", "--out", str(out), "--format", "json")
    review = json.loads((out / "review-2024Q3.json").read_text(encoding="utf-8"))
    dep = next(d for d in review["departments"] if d["id"] == "it_dept")
    assert dep["coverage"]["x"] == pytest.approx(61 / 92, abs=1e-6)  # July + September
    assert dep["coverage"]["gaps"] == {"x": [["2024-08-01", "2024-08-31"]]}
    # 66% of the days is below the method's coverage floor (0.75 since method 2024.3): the gap
    # is not read as a quiet month, and the counts are not scaled up to the quarter either.
    assert dep["status"] == "insufficient_data"
    posts = dep["indicators"]["posts"]
    assert (posts["raw"], posts["counted"], posts["score"]) == (2, 2, None)
    assert [a["reason"] for a in posts["adjustments"]] == ["not_imputed_below_floor"]
    assert dep["counts"]["posts_by_platform"] == {"x": 2}
