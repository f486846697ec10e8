"""Errors Sushasan raises on purpose, as one tree so shells can catch the whole family.

    SushasanError                 anything the user can act on; the CLI prints it, no traceback
    ├── ConfigError               a setting is missing or malformed
    ├── QuarterError              a quarter name that cannot be read
    ├── RegistryError             registry rows refused (every problem: file, row, reason)
    ├── ImportFileError           a file that cannot be read at all (encoding, format, missing)
    ├── NotInitialisedError       the data folder has not been set up with `sushasan init`
    ├── TicketError               a desk action the ticket's state or the rules do not allow
    ├── NotFoundError             no such ticket/department — or not one this user may see
    └── NoDataError               a review asked of a quarter with no records (CLI exit code 2)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConfigError",
    "ImportFileError",
    "NoDataError",
    "NotFoundError",
    "NotInitialisedError",
    "Problem",
    "QuarterError",
    "RegistryError",
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
