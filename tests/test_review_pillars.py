"""The parts that vary are plugins: a review pillar from outside the lake is one plugin (the
built-in ones use the same hook), and so is a platform's live source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sushasan.analytics.method import DEFAULT_METHOD
from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.hookspecs import hookimpl
from sushasan.quarters import Quarter
from tests.conftest import Cli

QUARTER = Quarter.parse("2024Q3")


class RtiPillar:
    """What a state's own plugin would be: RTI replies on time, measured by another system."""

    def __init__(self, department: str) -> None:
        self.department = department
        self.asked: list[tuple[str, str]] = []

    @hookimpl
    def sushasan_review_indicators(self, app: Any, quarter: Quarter, data: str
                                   ) -> dict[str, dict[str, Any]]:
        self.asked.append((str(quarter), data))
        return {self.department: {"rti_reply_share": 0.9}}

    @hookimpl
    def sushasan_review_indicator_names(self) -> list[str]:
        return ["rti_reply_share"]


def test_a_plugin_pillar_is_scored_and_shown(tmp_path: Path) -> None:
    s = Cli(tmp_path / "data", env={"SUSHASAN_DATABASE_URL": ""})
    s("init")
    s("sample", "--quarter", str(QUARTER), "--seed", "3")
    method = tmp_path / "method.yaml"
    method.write_text(
        DEFAULT_METHOD.read_text(encoding="utf-8").replace("version: 2024.2", "version: 2024.2-rti")
        + "  rti:\n    weight: 0.05\n    indicators:\n"
          "      rti_reply_share: {weight: 1.0, direction: 1, goalposts: [0, 1]}\n",
        encoding="utf-8",
    )
    app = Sushasan(Config.load(env={}, data_dir=str(tmp_path / "data")))
    try:
        ranked = next(d for d in app.compute_review(QUARTER, uncertainty=False)["departments"]
                      if d["status"] == "ranked")
        plugin = RtiPillar(ranked["id"])
        app.plugins.register(plugin, name="rti")
        review = app.compute_review(QUARTER, method=method, uncertainty=False)
    finally:
        app.close()
    assert plugin.asked == [(str(QUARTER), "sample")]
    by_id = {d["id"]: d for d in review["departments"]}
    mine = by_id[ranked["id"]]
    assert mine["indicators"]["rti_reply_share"] == {"value": 0.9, "score": 90.0, "raw": 0.9,
                                                     "counted": 0.9}
    assert mine["pillars"]["rti"] == 90.0
    others = [d for d in review["departments"] if d["status"] == "ranked" and d is not mine]
    assert others and all(d["pillars"]["rti"] is None for d in others)  # missing, not zero


def test_live_sources_are_plugins_too() -> None:
    from sushasan.plugins import live_sources, make_plugin_manager

    found = live_sources(make_plugin_manager(load_entry_points=False))
    assert list(found) == ["facebook", "instagram", "x", "youtube"]
    assert all(s.platform == name for name, s in found.items())
