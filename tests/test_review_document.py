"""The review document's contract: its JSON Schema, and a trend read from what was published."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest

from sushasan.review.model import Review, json_schema
from tests.conftest import Cli

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "review.schema.json"


def test_the_committed_schema_is_the_models_schema() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), (
        "docs/review.schema.json is stale: regenerate it with\n  python -c 'from pathlib import "
        "Path; from sushasan.review.model import write_schema; "
        "write_schema(Path(\"docs/review.schema.json\"))'"
    )


@pytest.fixture(scope="module")
def two_quarters(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    s = Cli(tmp_path_factory.mktemp("two") / "data", env={"SUSHASAN_DATABASE_URL": ""})
    s("init")
    s("sample", "--quarter", "2024Q2", "--seed", "5")
    s("sample", "--quarter", "2024Q3", "--seed", "5")
    return s


def _read(folder: Path, quarter: str = "2024Q3") -> dict:
    return json.loads((folder / f"review-{quarter}.json").read_text(encoding="utf-8"))


def test_every_document_matches_the_schema_and_the_model(two_quarters: Cli, tmp_path: Path
                                                         ) -> None:
    two_quarters("review", "--quarter", "2024Q3", "--out", str(tmp_path), "--format", "json")
    doc = _read(tmp_path)
    validator = jsonschema_rs.validator_for(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    errors = [e.message for e in validator.iter_errors(doc)]
    assert not errors, errors[:5]
    assert Review.model_validate(doc).document() == doc  # nothing lost or reordered
    broken = {**doc, "departments": [{**doc["departments"][0], "rnak": 1}]}
    assert not validator.is_valid(broken)


def test_the_trend_compares_with_the_published_previous_quarter(
    two_quarters: Cli, tmp_path: Path
) -> None:
    s = two_quarters
    before = s("review", "--quarter", "2024Q3", "--out", str(tmp_path / "a"), "--format", "json")
    draft = _read(tmp_path / "a")
    assert draft["previous_quarter"] is None
    assert all(d["trend"] is None for d in draft["departments"])
    assert "2024Q2 has records but no published review" in before.output
    s("review", "--quarter", "2024Q2", "--publish", "--out", str(tmp_path / "q2"),
      "--format", "json")
    published = {d["id"]: d for d in _read(tmp_path / "q2", "2024Q2")["departments"]}
    after = s("review", "--quarter", "2024Q3", "--out", str(tmp_path / "b"), "--format", "json")
    assert "no published review" not in after.output
    review = _read(tmp_path / "b")
    assert review["previous_quarter"] == "2024Q2"
    for d in review["departments"]:
        was = published[d["id"]]
        assert d["trend"]["previous_rank"] == was["rank"]
        assert d["trend"]["previous_score"] == was["score"]
        if d["rank"] and was["rank"]:
            assert d["trend"]["rank_change"] == was["rank"] - d["rank"]
