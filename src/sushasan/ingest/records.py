"""What an importer hands to the pipeline: parsed rows, refused rows and the period covered.

Importers only parse. Resolving accounts to departments, quarantining the unknown, writing the lake
and the coverage ledger happen once, in the pipeline, for every format alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

__all__ = ["ImportContext", "Importer", "Parsed", "ParsedRow", "Period", "Rejected"]


@dataclass(frozen=True)
class ParsedRow:
    """One normal record (without department) plus where it came from."""

    row: int
    kind: str  # post, interaction, account_stat
    platform: str
    account: str  # handle (without @) or "id:<platform id>"
    record: dict[str, Any]
    raw: str = ""


@dataclass(frozen=True)
class Period:
    """Days a source says it covered for one account, whether or not anything was posted."""

    platform: str
    account: str
    first_day: date
    last_day: date
    row: int = 0
    #: True for files of totals without posts (daily summaries, follower files): they show the
    #: account was tracked, but a day without posts there is not evidence of a day without posts,
    #: so these periods are reported and kept out of the coverage ledger.
    summary: bool = False


@dataclass(frozen=True)
class Rejected:
    row: int
    reason: str
    raw: str


@dataclass
class Parsed:
    rows: list[ParsedRow] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    read: int = 0


@dataclass(frozen=True)
class ImportContext:
    """What the user told the import beyond the file itself.

    ``account`` names the account for files that do not name it (a YouTube Studio or Meta page
    export is one channel's or page's numbers): a handle, or ``id:<platform id>``.
    """

    account: str | None = None


class Importer(Protocol):
    name: str
    help: str

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed: ...


def lines(text: str) -> Iterator[tuple[int, str]]:
    yield from enumerate(text.splitlines(), start=1)
