"""Progress of long steps: shown to a person at a terminal, silent in logs, tests and CI."""

from __future__ import annotations

import io

import pytest

from sushasan import progress
from tests.conftest import Cli


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_core_is_silent_unless_a_reporter_is_installed(capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    assert list(progress.track([1, 2, 3], "Counting / गिनती")) == [1, 2, 3]
    with progress.task("Nothing shown / कुछ नहीं") as step:
        step.advance(5)
    assert capsys.readouterr() == ("", "")


def test_a_terminal_sees_each_step_with_its_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("SUSHASAN_PROGRESS", raising=False)
    screen = _Tty()
    with progress.showing(progress.terminal_reporter(screen)):
        assert sum(progress.track(range(40), "Triage / छँटाई")) == sum(range(40))
        with progress.task("Spinner step / चरण") as step:
            step.advance(7)
    shown = screen.getvalue()
    assert "Triage / छँटाई" in shown and "40/40" in shown
    assert "Spinner step" in shown and "7/7" in shown


@pytest.mark.parametrize(("env", "tty"), [
    ({"CI": "true"}, True), ({"SUSHASAN_PROGRESS": "0"}, True), ({}, False),
])
def test_logs_ci_and_opt_out_stay_quiet(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                        tty: bool) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("SUSHASAN_PROGRESS", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    stream = _Tty() if tty else io.StringIO()
    assert progress.terminal_reporter(stream) is progress.QUIET


def test_the_cli_shows_progress_of_a_sample_import_when_asked(sushasan: Cli) -> None:
    sushasan("init")
    sushasan.env["SUSHASAN_PROGRESS"] = "1"
    result = sushasan("sample", "--quarter", "2024Q3", "--seed", "7")
    assert "Sample 2024Q3: writing records" in result.output
    assert "Importing files" in result.output
