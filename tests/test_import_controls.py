"""Import hygiene: NUL and other C0 controls never reach the lake or the desk (a note says how
many rows had them), and the same rows from another copy of a file count as unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from tests.conftest import Cli

REG = ("id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
       "roads,Roads Department,सड़क विभाग,department,road,UKRoads,,,,\n")


def _records(text: str) -> list[dict[str, object]]:
    post = {"record": "post", "platform": "x", "account_id": "UKRoads", "post_id": "p1",
            "created_at": "2024-07-02T04:00:00Z", "text": "Road work\x00 update",
            "likes": 3}
    reply = {"record": "interaction", "platform": "x", "account_id": "UKRoads",
             "interaction_id": "i1", "created_at": "2024-07-02T05:00:00Z",
             "author_id": "c1", "author_handle": "citizen\x1b1", "text": text,
             "parent_post_id": "p1", "kind": "reply"}
    return [post, reply]


def _lake_strings(data_dir: Path) -> list[str]:
    """Every string in every Parquet file of the lake, read column by column."""
    found = []
    for path in sorted((data_dir / "lake").rglob("*.parquet")):
        table = pq.read_table(path)
        for column in table.columns:
            found += [v for v in column.to_pylist() if isinstance(v, str)]
    return found


def test_nul_and_control_characters_are_stripped_at_import_with_a_note(
    sushasan: Cli, tmp_path: Path
) -> None:
    s = sushasan.registered(REG)
    text = "सड़क\x00 टूटी है\x07, please fix\tsoon\r\nthanks\x0c"
    out = s.import_records(_records(text)).output
    assert "removed NUL and other control characters from 2 rows" in out
    strings = _lake_strings(s.data_dir)
    assert "सड़क टूटी है, please fix\tsoon\r\nthanks" in strings  # tab and line breaks kept
    assert "Road work update" in strings and "citizen1" in strings
    controls = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}
    assert not [v for v in strings if controls & set(v)]


def test_reimporting_the_same_rows_counts_them_unchanged(sushasan: Cli, tmp_path: Path) -> None:
    s = sushasan.registered(REG)
    first = s.import_records(_records("pothole near the bus stand"), "a.jsonl").output
    assert "2 new, 0 updated, 0 unchanged" in first
    # Another copy of the same rows (a re-export: other bytes, other raw file).
    rows = _records("pothole near the bus stand")
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False, indent=None) for r in rows)
                    + "\n\n", encoding="utf-8")
    again = s("import", "--format", "sushasan-jsonl", str(path)).output
    assert "0 new, 0 updated, 2 unchanged" in again
    rows[1]["text"] = "pothole near the bus stand, still there"
    third = s.import_records(rows, "c.jsonl").output
    assert "0 new, 1 updated, 1 unchanged" in third
