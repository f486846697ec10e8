"""A saved website audit becomes the review's website pillar; an unmeasured site stays missing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sushasan.analytics.method import METHODS_DIR
from sushasan.audit import AUDIT_METHOD_VERSION, SiteReport, save_run
from tests.conftest import Cli
from tests.test_review_by_hand import build_world


def _report(dep: str, score: float | None, at: str = "2024-09-15T06:00:00+00:00") -> SiteReport:
    return SiteReport(f"https://{dep}.example.gov.in/", dep, [], score, AUDIT_METHOD_VERSION, at)


def test_saved_audit_scores_fill_the_website_pillar(sushasan: Cli, tmp_path: Path) -> None:
    build_world(sushasan, tmp_path)
    save_run(sushasan.data_dir, [_report("alpha", 82.5), _report("beta", None)],
             now=datetime(2024, 9, 15, 6, tzinfo=UTC))
    # an audit after the quarter must not change a past quarter's review
    later = _report("alpha", 10.0, "2024-11-01T00:00:00+00:00")
    save_run(sushasan.data_dir, [later], now=datetime(2024, 11, 1, tzinfo=UTC))
    out = tmp_path / "out"
    sushasan("review", "--quarter", "2024Q3", "--out", str(out), "--format", "json",
             "--method", str(METHODS_DIR / "sushasan-2024.2.yaml"))
    review = json.loads((out / "review-2024Q3.json").read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in review["departments"]}
    assert by_id["alpha"]["indicators"]["website_score"]["value"] == 82.5
    assert by_id["beta"]["indicators"]["website_score"]["value"] is None  # not measured ≠ 0
    assert by_id["gamma"]["indicators"]["website_score"]["value"] is None  # never audited
    if by_id["alpha"]["status"] == "ranked":
        assert by_id["alpha"]["pillars"]["website"] is not None
    assert "website" not in review.get("unavailable_pillars", [])
