"""``sushasan worker``: the scheduled jobs, on Huey with an SQLite queue in the data folder.

The office machine runs no servers, so the queue is a file (``<data_dir>/queue.sqlite``): jobs
waiting when the worker stops are still there when it starts, and so is the time each job last
started, so a restart neither repeats a fresh ingest nor forgets a due one. Every job is a method
of :class:`~sushasan.app.Sushasan`; this module only decides when it runs, keeps two copies from
running at once and logs what happened. Adding a job (grievance triage, website audit) is one
:class:`Job` line in ``JOBS`` plus its ``<job>_every`` setting.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huey import SqliteHuey
from huey.consumer import Consumer, ConsumerStopped, Scheduler

from sushasan.errors import ConfigError, SushasanError
from sushasan.words import counted

if sys.platform == "win32":  # pragma: no cover
    import msvcrt
else:
    import fcntl

__all__ = ["JOBS", "Job", "Outcome", "Worker", "WorkerSettings", "make_worker", "parse_every"]

log = logging.getLogger("sushasan.worker")

#: A job gets a fresh app and returns (one-line summary, problems worth a non-zero exit).
JobFn = Callable[[Any], tuple[str, list[str]]]


@dataclass(frozen=True)
class Job:
    name: str
    setting: str  # the setting holding its period, e.g. "ingest_every"
    default_every: str  # used while the settings table has no such setting yet
    run: JobFn
    help: str


def _ingest(app: Any) -> tuple[str, list[str]]:
    report = app.ingest()
    summary = (f"{counted(report.pages, 'page', 'pages')}, "
               f"{counted(report.records, 'new or updated record', 'new or updated records')}, "
               f"{counted(len(report.accounts_done), 'account', 'accounts')} up to date")
    summary += "".join(f"; stopped: {s}" for s in report.stopped)
    return summary, list(report.failures)


def _triage(app: Any) -> tuple[str, list[str]]:
    """New grievances become tickets, then overdue levels escalate: one lock, one order."""
    g = app.grievances
    found = g.triage()
    moved = g.escalate()
    return (f"{counted(found.examined, 'message', 'messages')} examined, "
            f"{counted(found.opened, 'ticket', 'tickets')} opened "
            f"({found.queued} to triage), {moved} escalated"), []


def _audit(app: Any) -> tuple[str, list[str]]:
    reports = app.audit_sites()
    path = app.save_audit(reports)
    unmeasured = sum(r.score is None for r in reports)
    audited = counted(len(reports), "website", "websites")
    return (f"{audited} audited, {unmeasured} not measured; saved {path.name}",
            [])


def _replies(app: Any) -> tuple[str, list[str]]:
    """Post the queued replies: within the daily budget, waiting out rate limits, each at most
    once (a run killed mid-post leaves its reply for the next run to check, never to repost)."""
    report = app.grievances.send_replies("worker")
    summary = (f"{report.sent} sent, {report.failed} failed, {report.deferred} waiting for a "
               f"rate limit, {report.unknown} to check by hand")
    if report.recovered:
        summary += f", {report.recovered} found posted after a stopped run"
    for platform, why in sorted(report.skipped.items()):
        summary += f"; {platform} waits: {why}"
    return summary, [f"{platform}: not sent: {why}"
                     for platform, why in sorted(report.unconfigured.items())]


JOBS: dict[str, Job] = {j.name: j for j in (
    Job("ingest", "ingest_every", "6h", _ingest, "Fetch new records from the platforms' APIs."),
    Job("triage", "triage_every", "15m", _triage,
        "Open tickets for new grievances and escalate overdue ones."),
    Job("audit", "audit_every", "off", _audit,
        "Audit the departments' websites (GIGW, TLS, accessibility)."),
    Job("replies", "replies_every", "5m", _replies,
        "Post the desk's queued replies on the citizens' platforms."),
)}

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PART = re.compile(r"(\d+(?:\.\d+)?)([smhd])")


def parse_every(text: str | None) -> float | None:
    """Seconds in a period such as ``30s``, ``15m``, ``6h``, ``1d`` or ``1h30m``; ``None`` for
    ``off``. Seconds are allowed so tests (and impatient pilots) need not wait an hour."""
    t = (text or "").strip().lower().replace(" ", "")
    if t in ("", "0", "off", "never"):
        return None
    parts = _PART.findall(t)
    if not parts or "".join(n + u for n, u in parts) != t:
        raise ConfigError(f"'{text}' is not a period such as 30s, 15m, 6h, 1d or 1h30m (or off)")
    return sum(float(n) * _UNITS[u] for n, u in parts)


@dataclass(frozen=True)
class WorkerSettings:
    data_dir: Path
    queue_file: Path
    every: Mapping[str, float | None]  # seconds between runs per job; None: not scheduled

    @classmethod
    def from_config(cls, config: Any) -> WorkerSettings:
        """Read ``worker_db`` and each job's ``<job>_every`` from a :class:`Config`."""
        data_dir = Path(config.data_dir)
        queue = getattr(config, "worker_db", None)
        every = {j.name: parse_every(getattr(config, j.setting, j.default_every))
                 for j in JOBS.values()}
        return cls(data_dir, Path(queue) if queue else data_dir / "queue.sqlite", every)


@dataclass(frozen=True)
class Outcome:
    job: str
    status: str  # ok | problems | failed | skipped
    detail: str


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":  # pragma: no cover - the office machine may run Windows
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def _exclusive(path: Path) -> Iterator[str | None]:
    """Hold an OS file lock; yield ``None`` when we got it, else who holds it.

    An OS lock rather than Huey's lock key: the kernel drops it when the process dies, so a
    worker killed mid-ingest leaves no stale lock to flush, and it also covers `--once` from cron
    racing the running worker, two workers on one data folder, or any process on the machine.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(fd):
            try:
                holder = os.read(fd, 32).decode(errors="replace").strip()
            except OSError:  # Windows: the holder's locked byte cannot be read
                holder = ""
            yield f"pid {holder}" if holder else "another process"
            return
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, str(os.getpid()).encode())
            yield None
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


class _Scheduler(Scheduler):
    # Huey looks at periodic tasks once a minute; ours are "every N since the last start"
    # checks (a key read), cheap enough every second and needed for second-long test periods.
    periodic_task_seconds = 1


class _Consumer(Consumer):
    scheduler_class = _Scheduler

    def _set_signal_handlers(self) -> None:
        """SIGINT and SIGTERM both finish the running job, then stop (a second one stops now);
        no SIGHUP re-exec. Signals can only be set from the main thread (not in tests)."""
        if threading.current_thread() is not threading.main_thread():
            return
        self._signal_actions = {signal.SIGINT: (False, True), signal.SIGTERM: (False, True)}
        self._previous = {s: signal.getsignal(s) for s in self._signal_actions}
        super()._set_signal_handlers()

    def restore_signals(self) -> None:
        for signum, handler in getattr(self, "_previous", {}).items():
            signal.signal(signum, handler)


class _Huey(SqliteHuey):
    def create_consumer(self, **options: Any) -> _Consumer:
        return _Consumer(self, **options)


class Worker:
    """The queue, its periodic schedule and the one place where jobs run."""

    def __init__(self, app_factory: Callable[[], Any], settings: WorkerSettings) -> None:
        self.app_factory = app_factory
        self.settings = settings
        self.locks = settings.data_dir / "locks"
        settings.queue_file.parent.mkdir(parents=True, exist_ok=True)
        # results=False: nobody reads return values, so the file holds only queue and schedule.
        self.huey = _Huey("sushasan", filename=str(settings.queue_file), results=False)
        self._running: set[str] = set()
        self._one_off = self.huey.task(name="run_job")(lambda name: self.run_job(name))
        for job in JOBS:  # all, so a run queued before a job was switched off still loads
            self._schedule(job, settings.every.get(job))

    def _schedule(self, name: str, period: float | None) -> None:
        def due(_timestamp: Any) -> bool:
            if period is None or name in self._running:
                return False
            queued = any(type(t).__name__ == f"every_{name}" for t in self.huey.pending())
            return not queued and self._elapsed(name, period)

        def periodic() -> None:
            # A second copy enqueued in the instant between dequeue and start finds the
            # period not yet elapsed and steps aside.
            if period is not None and self._elapsed(name, period):
                self.run_job(name)

        self.huey.periodic_task(due, name=f"every_{name}")(periodic)

    def _elapsed(self, name: str, period: float) -> bool:
        last = self.last_started(name)
        now = time.time()
        return last is None or not 0 <= now - last < period  # a clock set back counts as due

    def last_started(self, name: str) -> float | None:
        """When the job last started (epoch seconds), kept in the queue file across restarts."""
        value = self.huey.get(f"last_started:{name}", peek=True)
        return float(value) if value is not None else None

    def close(self) -> None:
        self.huey.storage.close()

    def enqueue(self, name: str) -> None:
        """Queue a one-off run for the worker (it runs when the worker is next up)."""
        _job(name)
        self._one_off(name)

    def run_job(self, name: str) -> Outcome:
        """Run a job now, in this thread: log its result; never raise for a failing job."""
        job = _job(name)
        with _exclusive(self.locks / f"{name}.lock") as holder:
            if holder is not None:
                log.warning("%s skipped: already running (%s)", name, holder)
                return Outcome(name, "skipped", f"already running ({holder})")
            self._running.add(name)
            self.huey.put(f"last_started:{name}", time.time())
            start = time.monotonic()
            try:
                app = self.app_factory()
                try:
                    summary, problems = job.run(app)
                finally:
                    getattr(app, "close", lambda: None)()
            except SushasanError as exc:  # expected: message meant for the user
                log.error("%s failed: %s", name, exc)
                return Outcome(name, "failed", str(exc))
            except Exception as exc:  # a bug or outage: keep the traceback, keep the worker
                log.exception("%s failed: %s: %s", name, type(exc).__name__, exc)
                return Outcome(name, "failed", f"{type(exc).__name__}: {exc}")
            finally:
                self._running.discard(name)
        for problem in problems:
            log.warning("%s: %s", name, problem)
        log.info("%s done in %.1f s: %s", name, time.monotonic() - start, summary)
        return Outcome(name, "problems" if problems else "ok", summary)

    def serve(self, max_seconds: float | None = None) -> None:
        """Run the consumer in this process until SIGINT/SIGTERM (or ``max_seconds``, for
        tests): one worker thread, so jobs here run one at a time."""
        with _exclusive(self.locks / "worker.lock") as holder:
            if holder is not None:
                raise SushasanError(f"a worker already runs on {self.settings.data_dir} "
                                    f"({holder}); stop it first")
            consumer = self.huey.create_consumer(workers=1, periodic=True, max_delay=1.0)
            consumer.start()
            deadline = None if max_seconds is None else time.monotonic() + max_seconds
            health = time.monotonic()
            try:
                while deadline is None or time.monotonic() < deadline:
                    try:
                        health = consumer.loop(health)
                    except ConsumerStopped:
                        break
                else:
                    consumer.stop(graceful=True)
                self.huey.notify_interrupted_tasks()
            finally:
                consumer.restore_signals()
                log.info("worker stopped")


def _job(name: str) -> Job:
    if name not in JOBS:
        raise SushasanError(f"unknown job '{name}'; jobs: {', '.join(JOBS)}")
    return JOBS[name]


def make_worker(app_factory: Callable[[], Any], settings: WorkerSettings | Any) -> Worker:
    """A worker for ``settings`` (a :class:`WorkerSettings` or a :class:`Config`). The app is
    made afresh for each run, so a long-lived worker never holds a stale desk connection."""
    if not isinstance(settings, WorkerSettings):
        settings = WorkerSettings.from_config(settings)
    return Worker(app_factory, settings)
