"""Publishing: a published review is frozen, reproducible, and corrected only as a new version."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.test_review_by_hand import build_world


@pytest.fixture
def world(sushasan: Cli, tmp_path: Path) -> Cli:
    return build_world(sushasan, tmp_path)


def _review(cli: Cli, out: Path, *extra: str) -> tuple[dict, str]:
    result = cli("review", "--quarter", "2024Q3", "--out", str(out), "--format", "json", *extra)
    return json.loads((out / "review-2024Q3.json").read_text(encoding="utf-8")), result.output


def _strip(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "publication"}


def test_publish_freezes_and_a_recomputation_reproduces_it(world: Cli, tmp_path: Path) -> None:
    published, out = _review(world, tmp_path / "v1", "--publish")
    assert "published version 1" in out
    assert published["publication"]["version"] == 1
    # Unchanged inputs: the draft recomputation is the published result, byte for byte.
    draft, out = _review(world, tmp_path / "draft", "--draft")
    assert draft["publication"] is None and "draft, not published" in out
    assert json.dumps(_strip(draft)) == json.dumps(_strip(published))
    # Publishing the same thing again stores nothing new.
    _, out = _review(world, tmp_path / "again", "--publish")
    assert "unchanged since version 1" in out
    assert world("snapshots").output.count(" v") == 1


def test_a_data_correction_never_silently_changes_a_published_review(
    world: Cli, tmp_path: Path
) -> None:
    v1, _ = _review(world, tmp_path / "v1", "--publish")
    late = [
        {"record": "post", "platform": "x", "account_id": "alpha_x", "post_id": f"late{i}",
         "created_at": f"2024-09-{10 + i:02d}T05:00:00Z", "likes": 50, "comments": 5,
         "shares": 5}
        for i in range(5)
    ]
    world.import_records(late, "late.jsonl")
    frozen, out = _review(world, tmp_path / "frozen")
    assert _strip(frozen) == _strip(v1)  # still version 1
    assert "changed since version 1 was published" in out
    v2, out = _review(world, tmp_path / "v2", "--publish")
    assert v2["publication"]["version"] == 2
    alpha = next(d for d in v2["departments"] if d["id"] == "alpha")
    assert alpha["indicators"]["posts"]["value"] == 9
    assert "published version 2" in out and re.search(r"\d+ departments? changed", out)
    reissued, _ = _review(world, tmp_path / "re1", "--version", "1")
    assert _strip(reissued) == _strip(v1)
    listing = world("snapshots").output
    assert "2024Q3 real   v1" in listing and "2024Q3 real   v2" in listing


def test_publish_flags_are_exclusive(world: Cli, tmp_path: Path) -> None:
    result = world("review", "--quarter", "2024Q3", "--publish", "--draft", ok=False)
    assert result.exit_code == 2 and "only one of" in result.output
    result = world("review", "--quarter", "2024Q3", "--version", "4", ok=False)
    assert "has no published version 4" in result.output


def test_a_quarter_without_data_cannot_be_published(initialised: Cli) -> None:
    refused = initialised("review", "--quarter", "2031Q1", "--publish", "--format", "json",
                          ok=False)
    # No records at all: the review itself is refused (exit 2), so nothing can be published.
    assert refused.exit_code == 2 and "no departmental records for 2031Q1" in refused.output
    assert "nothing was written" in refused.output
    assert "2031Q1" not in initialised("snapshots").output
