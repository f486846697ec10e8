"""Errors Sushasan raises on purpose, as one tree so shells can catch the whole family.

    SushasanError                 anything the user can act on; the CLI prints it, no traceback
    ├── ConfigError               a setting is missing or malformed
    ├── QuarterError              a quarter name that cannot be read
    │   └── QuarterRangeError     a readable quarter outside the years reviews can cover
    ├── RegistryError             registry rows refused (every problem: file, row, reason)
    ├── ImportFileError           a file that cannot be read at all (encoding, format, missing)
    ├── NotInitialisedError       the data folder has not been set up with `sushasan init`
    ├── TicketError               a desk action the ticket's state or the rules do not allow
    ├── NotFoundError             no such ticket/department — or not one this user may see
    ├── NoDataError               a review asked of a quarter with no records (CLI exit code 2)
    ├── DataFolderError           sample records for a real data folder, or the other way round
    ├── IndexSpecError            an index's data, metadata or method the user must fix
    ├── HolidayFileError          a holiday file that cannot be used (file and line named)
    ├── DigestSendError           some e-mail digests were not sent (which, and why)
    └── SourceError               a platform refused or failed a request; retrying won't help
        ├── RateLimited           the platform asked us to slow down (retry_after_s)
        └── BudgetExhausted       the run's read budget or quota is spent
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "BudgetExhausted",
    "ConfigError",
    "DataFolderError",
    "DigestSendError",
    "HolidayFileError",
    "ImportFileError",
    "IndexSpecError",
    "NoDataError",
    "NotFoundError",
    "NotInitialisedError",
    "Problem",
    "QuarterError",
    "QuarterRangeError",
    "RateLimited",
    "RegistryError",
    "SourceError",
    "SushasanError",
    "TicketError",
]


class SushasanError(Exception):
    """Base of every error whose message is meant for the user."""

    #: The CLI's exit code for this error (2 where the command was asked of the wrong thing).
    exit_code: int = 1


class ConfigError(SushasanError):
    pass


class QuarterError(SushasanError):
    pass


class QuarterRangeError(QuarterError):
    """A quarter such as 9999Q4: well formed, but no review can be of it (the web says 422)."""


class NotInitialisedError(SushasanError):
    pass


class TicketError(SushasanError):
    """A desk action refused by the rules; the message says what to do instead."""


class NotFoundError(SushasanError):
    """Missing and out-of-scope look the same, so an officer cannot probe other departments."""


class NoDataError(SushasanError):
    """A review of a quarter with no records: an error, never a report of 0 ranked with an
    empty top 3 that someone might circulate. The message is in both languages and says which
    quarters do have data and how to bring the missing one in."""

    exit_code = 2


class DataFolderError(SushasanError):
    """Sample records asked into a real data folder, or real ones into a sample folder
    (:mod:`sushasan.datafolder`); the message, in both languages, names the folder and what to
    do. Nothing was written."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One refused row: where it is and why, so a spreadsheet user can find and fix it."""

    file: str
    row: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}: {self.reason}"


class RegistryError(SushasanError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(
            f"registry refused, nothing was changed ({len(problems)} "
            f"{'problem' if len(problems) == 1 else 'problems'}):\n{lines}"
        )


class ImportFileError(SushasanError):
    pass


class IndexSpecError(SushasanError):
    """A problem with an index's data, metadata or method that the user must fix."""


class HolidayFileError(SushasanError):
    """A holiday file that cannot be used; the message names the file and the line to fix."""


class DigestSendError(SushasanError):
    """Some digests were not sent; ``sent`` counts those that were, ``failures`` lists the rest
    (each printable as "to <recipients>: <reason>")."""

    def __init__(self, host: str, sent: int, failures: Sequence[object]) -> None:
        self.host = host
        self.sent = sent
        self.failures = list(failures)
        lines = "\n".join(f"  {f}" for f in failures)
        failed = f"{len(failures):,} {'digest' if len(failures) == 1 else 'digests'}"
        super().__init__(f"mail server {host}: {failed} not sent, {sent} sent:\n{lines}")


class SourceError(SushasanError):
    """A platform refused or failed a request in a way retrying will not fix."""

    def __init__(self, platform: str, message: str, status: int | None = None) -> None:
        self.platform = platform
        self.status = status
        super().__init__(f"{platform}: {message}")


class RateLimited(SourceError):
    def __init__(self, platform: str, message: str, retry_after_s: float | None) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(platform, message, 429)


class BudgetExhausted(SourceError):
    pass
