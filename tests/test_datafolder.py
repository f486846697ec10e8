"""Sample data lives in its own data folder: `sushasan sample` refuses a real folder, and real
imports and live ingestion refuse a sample one, each with a message in both languages that
names the folder and says what to do, and nothing written (issue 17, item 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sushasan import datafolder
from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.errors import DataFolderError
from tests.conftest import Cli

REG = (
    "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
    "it_dept,Department of IT,सूचना प्रौद्योगिकी विभाग,department,it,UKDITOfficial,,,,\n"
)
REAL_POST = {"record": "post", "platform": "x", "account_id": "ukditofficial", "post_id": "1",
             "created_at": "2024-08-01T10:00:00Z", "text": "Camp at Dehradun, 10 AM to 4 PM"}


def _parquet(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "lake").rglob("*.parquet"))


def _accounts(cli: Cli) -> list[dict[str, object]]:
    listed = json.loads(cli("registry", "list", "--json").output)
    return [a for d in listed for a in d["accounts"]]


def test_a_sample_folder_is_marked_and_refuses_real_records(tmp_path: Path) -> None:
    s = Cli(tmp_path / "data", env={"SUSHASAN_DATABASE_URL": ""}).registered(REG)
    assert datafolder.kind(s.data_dir) is None  # nothing has come in yet
    s("sample", "--quarter", "2024Q3", "--seed", "3")
    assert (s.data_dir / datafolder.MARKER).read_text(encoding="utf-8").startswith("sample\n")
    before = _parquet(s.data_dir)

    path = tmp_path / "real.jsonl"
    path.write_text(json.dumps(REAL_POST) + "\n", encoding="utf-8")
    result = s("import", "--format", "sushasan-jsonl", str(path), ok=False)
    assert result.exit_code != 0, result.output
    assert f"{s.data_dir} is a SAMPLE data folder" in result.output
    assert "`sushasan --data-dir REAL-FOLDER init`" in result.output
    assert f"{s.data_dir} एक नमूना (SAMPLE) डेटा फ़ोल्डर है" in result.output
    assert _parquet(s.data_dir) == before  # nothing was written

    # The sample itself can come again (its records are sample ones).
    assert "already imported" in s("sample", "--quarter", "2024Q3", "--seed", "3").output

    app = Sushasan(Config.load(env={"SUSHASAN_DATABASE_URL": ""}, data_dir=s.data_dir))
    try:
        with pytest.raises(DataFolderError, match="is a SAMPLE data folder"):
            app.ingest(["x"])  # refused before any request is made
    finally:
        app.close()


def test_a_real_folder_refuses_the_sample(tmp_path: Path) -> None:
    s = Cli(tmp_path / "data", env={"SUSHASAN_DATABASE_URL": ""}).registered(REG)
    s.import_records([REAL_POST])
    assert datafolder.kind(s.data_dir) == "real"
    before = _parquet(s.data_dir)
    result = s("sample", "--quarter", "2024Q3", "--seed", "3", ok=False)
    assert result.exit_code == 2, result.output
    assert f"{s.data_dir} holds real records" in result.output
    assert "`sushasan --data-dir SAMPLE-FOLDER sample --quarter QUARTER`" in result.output
    assert f"{s.data_dir} में वास्तविक रिकॉर्ड हैं" in result.output
    assert _parquet(s.data_dir) == before
    assert not [a for a in _accounts(s) if a.get("sample")]  # no sample account was added


def test_a_folder_from_before_the_marker_is_read_from_its_desk(tmp_path: Path) -> None:
    s = Cli(tmp_path / "data", env={"SUSHASAN_DATABASE_URL": ""}).registered(REG)
    s.import_records([REAL_POST])
    (s.data_dir / datafolder.MARKER).unlink()
    app = Sushasan(Config.load(env={"SUSHASAN_DATABASE_URL": ""}, data_dir=s.data_dir))
    try:
        assert datafolder.kind(s.data_dir, app.desk) == "real"
    finally:
        app.close()
    result = s("sample", "--quarter", "2024Q3", "--seed", "3", ok=False)
    assert "holds real records" in result.output
    (s.data_dir / datafolder.MARKER).write_text("maybe\n", encoding="utf-8")
    path = tmp_path / "more.jsonl"
    path.write_text(json.dumps({**REAL_POST, "post_id": "2"}) + "\n", encoding="utf-8")
    result = s("import", "--format", "sushasan-jsonl", str(path), ok=False)
    assert "unreadable data-folder marker 'maybe'" in result.output
