"""Saved audit runs and the scores the review reads from them; the audit's settings from config."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sushasan.audit import (
    AUDIT_METHOD_VERSION,
    USER_AGENT,
    AuditSettings,
    Finding,
    SiteReport,
    latest_scores,
    load_runs,
    save_run,
)


def _report(dep: str | None, score: float | None, when: datetime,
            method: str = AUDIT_METHOD_VERSION) -> SiteReport:
    f = Finding("title", "serious", score is not None, "<title>T</title>", "Fix.", "सुधारें।")
    return SiteReport(url=f"https://{dep or 'adhoc'}.uk.gov.in/", department_id=dep,
                      findings=[f], score=score, method_version=method,
                      audited_at=when.isoformat(), details={"tls": {"verified": True}})


def _at(month: int, day: int, hour: int = 2) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def test_save_run_writes_one_readable_file_per_run(tmp_path: Path) -> None:
    when = _at(11, 26)
    path = save_run(tmp_path, [_report("health", 81.5, when), _report("rto", None, when)], when)
    assert path == tmp_path / "audits" / "2026-11-26-020000.json"
    again = save_run(tmp_path, [_report("health", 80.0, when)], when)
    assert again.name == "2026-11-26-020000-2.json"  # same second: a new file, nothing lost
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["method_version"] == AUDIT_METHOD_VERSION
    row = data["sites"][0]
    assert list(row)[:6] == ["department_id", "url", "audited_at", "method_version", "score",
                             "findings"]
    assert row["findings"][0]["fix_hi"] == "सुधारें।"  # Hindi kept as text, not \\u escapes
    assert "सुधारें" in path.read_text(encoding="utf-8")
    assert data["sites"][1]["score"] is None
    assert not list((tmp_path / "audits").glob(".*"))  # no temporary file left behind


def test_load_runs_round_trips_reports(tmp_path: Path) -> None:
    save_run(tmp_path, [_report("health", 70.0, _at(9, 1))], _at(9, 1))
    save_run(tmp_path, [_report("health", 75.0, _at(10, 1))], _at(10, 1))
    (tmp_path / "audits" / "2026-10-15-000000.json").write_text("{broken", encoding="utf-8")
    runs = load_runs(tmp_path)
    assert [r.saved_at for r in runs] == [_at(9, 1), _at(10, 1)]  # the broken file skipped
    r = runs[1].reports[0]
    assert isinstance(r, SiteReport) and r.score == 75.0 and r.findings[0].severity == "serious"
    assert r.details == {"tls": {"verified": True}}
    assert [x.saved_at for x in load_runs(tmp_path, since=date(2026, 9, 2))] == [_at(10, 1)]
    assert [x.saved_at for x in load_runs(tmp_path, until=date(2026, 9, 30))] == [_at(9, 1)]
    assert load_runs(tmp_path / "nowhere") == []


def test_latest_scores_window_and_missing(tmp_path: Path) -> None:
    save_run(tmp_path, [_report("old", 90.0, _at(1, 5)), _report("health", 60.0, _at(8, 1)),
                        _report("rto", 55.0, _at(8, 1)), _report(None, 99.0, _at(8, 1))],
             _at(8, 1))
    save_run(tmp_path, [_report("health", 72.0, _at(9, 1)), _report("rto", None, _at(9, 1)),
                        _report("forest", None, _at(9, 1))], _at(9, 1))
    save_run(tmp_path, [_report("health", 10.0, _at(12, 20))], _at(12, 20))
    got = latest_scores(tmp_path, as_of=date(2026, 9, 30), max_age_days=120)
    assert got == {
        "health": 72.0,  # latest in the window; the December run is after as_of
        "rto": 55.0,  # a later "not measured" does not erase a measurement
        "forest": None,  # audited, never measured: the review must treat it as MISSING
    }  # "old" is outside the window; the ad-hoc URL audit belongs to no department
    assert latest_scores(tmp_path, as_of=date(2026, 9, 30), max_age_days=40) == {
        "health": 72.0, "rto": None, "forest": None}
    assert latest_scores(tmp_path, as_of=date(2026, 12, 31))["health"] == 10.0
    assert latest_scores(tmp_path, as_of=date(2026, 9, 30),
                         method_version="2025.9") == {}
    assert latest_scores(tmp_path / "nowhere") == {}


def test_settings_from_config_keep_defaults_for_rows_it_lacks() -> None:
    @dataclass
    class Cfg:
        audit_concurrency: int | None = 8
        audit_max_pages: int | None = 3
        audit_min_interval: float | None = 2.5
        audit_timeout: float | None = 6.0
        audit_site_deadline: float | None = None
        audit_user_agent: str | None = None
        audit_chromium: str | None = "/opt/chromium"

    s = AuditSettings.from_config(Cfg())
    assert (s.concurrency, s.max_pages, s.min_interval, s.read_timeout) == (8, 3, 2.5, 6.0)
    assert s.connect_timeout == 6.0 and s.site_deadline == AuditSettings.site_deadline
    assert s.user_agent == USER_AGENT and s.chromium_path == "/opt/chromium"
    assert s.accessibility is True
    assert AuditSettings.from_config(object()) == AuditSettings()  # before the rows exist
    assert AuditSettings.from_config(object(), max_links=5).max_links == 5


def test_chromium_and_http_runs_are_never_mixed(tmp_path: Path) -> None:
    def run(dep: str, score: float, mode: str, day: int) -> SiteReport:
        r = _report(dep, score, _at(9, day))
        r.mode = mode
        return r

    save_run(tmp_path, [run("health", 80.0, "chromium", 1), run("rto", 70.0, "chromium", 1)],
             _at(9, 1))
    # one night without Chromium: higher scores (fewer checks), not comparable
    save_run(tmp_path, [run("health", 95.0, "http", 5)], _at(9, 5))
    got = latest_scores(tmp_path, as_of=date(2026, 9, 30))
    assert got == {"health": 80.0, "rto": 70.0}  # the quarter's mode is Chromium's
    assert latest_scores(tmp_path, as_of=date(2026, 9, 30), mode="http") == {"health": 95.0}
    data = json.loads(sorted((tmp_path / "audits").glob("*.json"))[-1].read_text("utf-8"))
    assert data["modes"] == ["http"] and data["sites"][0]["mode"] == "http"
    # runs saved before the mode existed: read from whether axe measured
    old = SiteReport.from_dict({"url": "u", "department_id": "d", "findings": [],
                                "score": 50.0, "method_version": "2026.2", "audited_at": "",
                                "details": {"accessibility": {"measured": True}}})
    assert old.mode == "chromium"


def test_newer_budget_rows_and_unset_old_rows() -> None:
    @dataclass
    class Cfg:
        audit_max_pages: int = 10
        audit_min_interval: float = 1.0
        audit_page_budget: int = 40
        audit_host_rate: float = 4.0
        sources: dict[str, str] | None = None

    unset = Cfg(sources={"audit_max_pages": "default", "audit_min_interval": "default"})
    s = AuditSettings.from_config(unset)
    assert (s.max_pages, s.min_interval) == (40, 0.25)
    chosen = AuditSettings.from_config(Cfg(sources={"audit_max_pages": "env",
                                                    "audit_min_interval": "file"}))
    assert chosen.min_interval == 1.0  # a value someone set still counts
