"""Progress of long work: a live bar on a person's terminal, silence in logs, cron and CI.

The core never prints. Long steps (import, triage, simulation, review, Monte Carlo, audit, PDF)
announce themselves through :func:`task` or :func:`track`, which report to the reporter of the
current context: by default one that shows nothing, so library users, the web app and tests see
no output. The CLI installs a terminal reporter with :func:`showing` when standard error is a
terminal; a context variable (not a global) keeps concurrent requests and threads apart.

Descriptions are bilingual ("Triage / छँटाई"), like every user-facing word.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import IO, Any, Protocol, TypeVar

from sushasan.config import env_value

__all__ = ["QUIET", "Reporter", "Task", "showing", "task", "terminal_reporter", "track"]

T = TypeVar("T")


class Task(Protocol):
    def advance(self, n: int = 1) -> None: ...

    def total(self, total: int | None) -> None: ...


class Reporter(Protocol):
    @contextmanager
    def task(self, description: str, total: int | None) -> Iterator[Task]: ...


class _Quiet:
    """Shows nothing: the default outside a terminal."""

    def advance(self, n: int = 1) -> None:
        return None

    def total(self, total: int | None) -> None:
        return None

    @contextmanager
    def task(self, description: str, total: int | None) -> Iterator[Task]:
        yield self


QUIET = _Quiet()
_current: ContextVar[Reporter] = ContextVar("sushasan_progress", default=QUIET)


@contextmanager
def task(description: str, total: int | None = None) -> Iterator[Task]:
    """One step of long work; call ``advance`` as it goes (``total=None``: a spinner)."""
    with _current.get().task(description, total) as t:
        yield t


def track(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Iterate with a bar; the total is taken from ``len(items)`` when it has one."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with task(description, total) as t:
        for item in items:
            yield item
            t.advance()


@contextmanager
def showing(reporter: Reporter) -> Iterator[None]:
    """Report the progress of everything done inside the block to `reporter`."""
    token = _current.set(reporter)
    try:
        yield
    finally:
        _current.reset(token)


class _RichTask:
    def __init__(self, progress: Any, task_id: Any) -> None:
        self._p, self._id = progress, task_id

    def advance(self, n: int = 1) -> None:
        self._p.advance(self._id, n)

    def total(self, total: int | None) -> None:
        self._p.update(self._id, total=total)


class _RichReporter:
    """One live display per command; finished steps stay on screen with their time."""

    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            SpinnerColumn(finished_text="✓"),
            TextColumn("{task.description}"),
            BarColumn(bar_width=28),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream),
            transient=False,
        )
        self._depth = 0

    @contextmanager
    def task(self, description: str, total: int | None) -> Iterator[Task]:
        if self._depth == 0:
            self._progress.start()
        self._depth += 1
        task_id = self._progress.add_task(description, total=total)
        try:
            yield _RichTask(self._progress, task_id)
        finally:
            state = next(t for t in self._progress.tasks if t.id == task_id)
            if state.total is None:  # a spinner step that ended shows as done
                done = max(1, int(state.completed))
                self._progress.update(task_id, total=done, completed=done)
            self._depth -= 1
            if self._depth == 0:
                self._progress.stop()


def terminal_reporter(stream: IO[str] | None = None) -> Reporter:
    """A live bar when `stream` (standard error) is a terminal, else quiet.

    ``SUSHASAN_PROGRESS=0`` silences it on a terminal, ``=1`` forces it elsewhere; ``CI`` set
    counts as "not a person watching".
    """
    stream = stream or sys.stderr
    wanted = env_value("progress") or ""
    if wanted == "0":
        return QUIET
    if wanted != "1" and (os.environ.get("CI") or not stream.isatty()):
        return QUIET
    return _RichReporter(stream)
