"""The worker: periodic jobs on an SQLite queue in the data folder, one run at a time, failures
logged without stopping it, graceful stop on SIGTERM. A fake app stands in for ``Sushasan`` so
nothing touches the network; the consumer runs for real, briefly, with periods of seconds."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from sushasan.cli import cli
from sushasan.config import Config
from sushasan.errors import ConfigError, SushasanError
from sushasan.ingest.live import IngestReport
from sushasan.worker import (
    Worker,
    WorkerSettings,
    _exclusive,
    make_worker,
    parse_every,
)
from tests.conftest import Cli


class FakeApp:
    """Records each ``ingest`` call; the first ``fail`` calls raise ``error``."""

    def __init__(self, fail: int = 0, error: Exception | None = None, pause: float = 0.0) -> None:
        self.calls: list[float] = []
        self.closed = 0
        self.fail = fail
        self.error = error or RuntimeError("boom")
        self.pause = pause

    def ingest(self) -> IngestReport:
        self.calls.append(time.time())
        time.sleep(self.pause)
        if len(self.calls) <= self.fail:
            raise self.error
        return IngestReport(pages=1, records=3, accounts_done=["x:a"])

    def close(self) -> None:
        self.closed += 1


def _worker(tmp_path: Path, app: FakeApp, every: float | None = None) -> Worker:
    data = tmp_path / "data"
    return make_worker(lambda: app, WorkerSettings(data, data / "queue.sqlite", {"ingest": every}))


def test_periods_parse_down_to_seconds() -> None:
    assert parse_every("2s") == 2
    assert parse_every("6h") == 6 * 3600
    assert parse_every("1h30m") == 5400
    assert parse_every("1d") == 86400
    assert parse_every("off") is None
    for bad in ("6 hours", "h", "-1h", "6x"):
        with pytest.raises(ConfigError):
            parse_every(bad)


def test_settings_come_from_config_and_the_queue_lives_in_the_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = WorkerSettings.from_config(Config.load(env={}, data_dir=str(data)))
    assert settings.queue_file == data / "queue.sqlite"
    assert settings.every["ingest"] == 6 * 3600
    custom = SimpleNamespace(data_dir=data, ingest_every="2s", worker_db=str(tmp_path / "q.db"))
    assert WorkerSettings.from_config(custom).every["ingest"] == 2
    assert WorkerSettings.from_config(custom).queue_file == tmp_path / "q.db"

    worker = make_worker(FakeApp, Config.load(env={}, data_dir=str(data)))
    worker.enqueue("ingest")
    assert (data / "queue.sqlite").is_file()
    assert worker.huey.pending_count() == 1
    worker.close()


def test_once_runs_now_in_process_and_remembers_when(tmp_path: Path) -> None:
    app = FakeApp()
    worker = _worker(tmp_path, app)
    outcome = worker.run_job("ingest")
    assert (outcome.status, outcome.detail) == (
        "ok", "1 page, 3 new or updated records, 1 account up to date"
    )
    assert len(app.calls) == 1 and app.closed == 1
    assert worker.last_started("ingest") == pytest.approx(app.calls[0], abs=1)
    with pytest.raises(SushasanError, match="unknown job 'nonesuch'"):
        worker.run_job("nonesuch")
    worker.close()


def test_a_failing_job_is_logged_and_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = FakeApp(fail=1, error=SushasanError("X needs a bearer token"))
    worker = _worker(tmp_path, app)
    with caplog.at_level(logging.INFO, "sushasan.worker"):
        failed = worker.run_job("ingest")
        ok = worker.run_job("ingest")
    assert (failed.status, failed.detail) == ("failed", "X needs a bearer token")
    assert ok.status == "ok" and app.closed == 2
    assert "ingest failed: X needs a bearer token" in caplog.text
    worker.close()


def test_a_job_already_running_elsewhere_is_skipped(tmp_path: Path) -> None:
    app = FakeApp()
    worker = _worker(tmp_path, app)
    with _exclusive(worker.locks / "ingest.lock") as holder:  # as another process would
        assert holder is None
        outcome = worker.run_job("ingest")
    assert outcome.status == "skipped" and f"pid {os.getpid()}" in outcome.detail
    assert app.calls == []
    with _exclusive(worker.locks / "worker.lock"), pytest.raises(SushasanError, match="already"):
        worker.serve(max_seconds=1)
    worker.close()


def test_enqueue_in_immediate_mode_runs_the_job(tmp_path: Path) -> None:
    app = FakeApp()
    worker = _worker(tmp_path, app, every=2)
    worker.huey.immediate = True
    worker.enqueue("ingest")
    assert len(app.calls) == 1
    worker.close()


def test_periodic_job_fires_on_schedule_and_survives_a_failure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = FakeApp(fail=1)
    worker = _worker(tmp_path, app, every=2)
    with caplog.at_level(logging.INFO, "sushasan.worker"):
        thread = threading.Thread(target=worker.serve, kwargs={"max_seconds": 4.6})
        thread.start()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert 2 <= len(app.calls) <= 3, app.calls
    assert all(b - a >= 1.9 for a, b in zip(app.calls, app.calls[1:], strict=False)), app.calls
    assert "ingest failed: RuntimeError: boom" in caplog.text
    assert "ingest done" in caplog.text  # the run after the failure
    worker.close()


def test_the_queue_and_last_run_survive_a_restart(tmp_path: Path) -> None:
    app = FakeApp()
    before = _worker(tmp_path, app)
    before.enqueue("ingest")  # queued while no worker runs
    before.close()

    after = _worker(tmp_path, app, every=3600)
    after.serve(max_seconds=1.5)
    # The queued run ran; the periodic one (due: never run before) found it had just started
    # and did not repeat it.
    assert len(app.calls) == 1
    after.close()
    again = _worker(tmp_path, app, every=3600)
    assert again.last_started("ingest") == pytest.approx(app.calls[0], abs=1)
    again.close()


_SCRIPT = """
import logging, sys, time
from pathlib import Path
from sushasan.worker import WorkerSettings, make_worker

class App:
    def ingest(self):
        print("ingest started", flush=True)
        time.sleep(1)
        raise RuntimeError("not a real ingest")

logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(name)s %(message)s")
data = Path(sys.argv[1])
make_worker(App, WorkerSettings(data, data / "queue.sqlite", {"ingest": 3600})).serve()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_lets_the_running_job_finish_then_stops(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_SCRIPT), str(tmp_path / "data")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "ingest started" in line:
                break
        proc.send_signal(signal.SIGTERM)
        out = proc.stdout.read()
        assert proc.wait(timeout=10) == 0, out
    assert "ingest failed: RuntimeError: not a real ingest" in out
    assert out.index("ingest failed") < out.index("worker stopped")


def test_a_periodic_run_queued_before_the_job_was_switched_off_is_dropped(tmp_path: Path) -> None:
    app = FakeApp()
    on = _worker(tmp_path, app, every=3600)
    on.huey.enqueue(on.huey.read_periodic(None)[0])  # what the scheduler does when it is due
    on.close()
    off = _worker(tmp_path, app, every=None)
    assert off.huey.read_periodic(None) == []
    off.serve(max_seconds=1.2)
    assert app.calls == [] and off.huey.pending_count() == 0
    off.close()


@pytest.mark.skipif("worker" not in cli.commands, reason="`sushasan worker` not wired into cli.py")
def test_cli_once_enqueue_and_serve(initialised: Cli) -> None:
    result = initialised("worker", "--once", "ingest", ok=False)  # no token: fails, no request
    assert result.exit_code == 1
    assert "ingest: failed: X needs a bearer token" in result.output
    initialised("worker", "--enqueue", "ingest")
    assert (initialised.data_dir / "queue.sqlite").is_file()
    initialised.env["SUSHASAN_INGEST_EVERY"] = "off"
    initialised.env["SUSHASAN_TRIAGE_EVERY"] = "off"
    initialised.env["SUSHASAN_REPLIES_EVERY"] = "off"
    assert "scheduled: none" in initialised("worker", "--max-seconds", "0.5").output
