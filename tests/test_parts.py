"""The switches for the optional parts (tests/parts.py): skip on a bare machine, fail in CI, and
say at the end what was skipped and what to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.parts import (
    PART_BROWSER,
    PART_POSTGRES,
    PART_REALDATA,
    PART_SPARK,
    Part,
    summary_lines,
)

ROOT = Path(__file__).resolve().parents[1]


def _part(why: str | None) -> Part:
    return Part("gizmo", "gizmo tests", "SUSHASAN_REQUIRE_GIZMO", lambda: why)


def test_a_present_part_neither_skips_nor_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUSHASAN_REQUIRE_GIZMO", "1")
    _part(None).need()  # returns: nothing to skip


def test_a_missing_part_skips_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUSHASAN_REQUIRE_GIZMO", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"\[needs gizmo\] no gizmo \(apt-get"):
        _part("no gizmo (apt-get install gizmo)").need()
    monkeypatch.setenv("SUSHASAN_REQUIRE_GIZMO", "0")  # "0" is off, like unset
    with pytest.raises(pytest.skip.Exception):
        _part("no gizmo").need()


def test_a_missing_required_part_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUSHASAN_REQUIRE_GIZMO", "1")
    with pytest.raises(pytest.fail.Exception, match="SUSHASAN_REQUIRE_GIZMO is set but no gizmo"):
        _part("no gizmo").need()


def test_the_parts_have_their_switches() -> None:
    assert [p.switch for p in (PART_REALDATA, PART_BROWSER, PART_POSTGRES, PART_SPARK)] == [
        "SUSHASAN_REQUIRE_REALDATA", "SUSHASAN_REQUIRE_BROWSER", "SUSHASAN_REQUIRE_POSTGRES",
        "SUSHASAN_REQUIRE_SPARK"]


def test_realdata_location_can_be_pointed_elsewhere(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    monkeypatch.setenv("SUSHASAN_REALDATA_DIR", str(tmp_path / "absent"))
    assert f"real data not found at {tmp_path / 'absent'}" in (PART_REALDATA.missing() or "")
    (tmp_path / "README.md").write_text("# Real data\n", encoding="utf-8")
    monkeypatch.setenv("SUSHASAN_REALDATA_DIR", str(tmp_path))
    assert PART_REALDATA.missing() is None


def test_summary_counts_per_part_and_ignores_other_skips() -> None:
    reasons = [
        "Skipped: [needs browser] Chromium not found at /usr/bin/chromium "
        "(Debian: apt-get install chromium)",
        "Skipped: [needs browser] Chromium not found at /usr/bin/chromium "
        "(Debian: apt-get install chromium)",
        "Skipped: [needs postgres] PostgreSQL binaries (initdb, pg_ctl) not found "
        "(Debian: apt-get install postgresql)",
        "Skipped: no java on this machine",
    ]
    assert summary_lines(reasons) == [
        "skipped 2 browser tests: Chromium not found at /usr/bin/chromium "
        "(Debian: apt-get install chromium)",
        "skipped 1 PostgreSQL test: PostgreSQL binaries (initdb, pg_ctl) not found "
        "(Debian: apt-get install postgresql)",
    ]
    assert summary_lines(["Skipped: no java on this machine"]) == []


def _pytest(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """A separate pytest run of this suite, the way `make test` starts one."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("SUSHASAN_REQUIRE_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         *args], cwd=ROOT, env=full | env, capture_output=True, text=True, timeout=300,
    )


def test_a_run_without_real_data_skips_and_says_so_and_ci_fails_it(tmp_path: Path) -> None:
    """End to end: the real-data tests of one file, with the folder pointed at nothing."""
    absent = str(tmp_path / "no-realdata")
    target = "tests/test_import.py::test_real_x_analytics_export_of_ropensci"
    run = _pytest({"SUSHASAN_REALDATA_DIR": absent}, target)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (f"skipped 1 real-data test: real data not found at {absent}" in run.stdout), run.stdout
    run = _pytest({"SUSHASAN_REALDATA_DIR": absent, "SUSHASAN_REQUIRE_REALDATA": "1"}, target)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "SUSHASAN_REQUIRE_REALDATA is set but real data not found" in run.stdout
    assert "skipped 1 real-data test" not in run.stdout
