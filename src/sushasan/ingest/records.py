"""What an importer hands to the pipeline: parsed rows, refused rows and the period covered.

Importers only parse. Resolving accounts to departments, quarantining the unknown, writing the lake
and the coverage ledger happen once, in the pipeline, for every format alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "Batch", "ImportContext", "Importer", "Note", "Parsed", "ParsedRow", "Period", "Rejected"
]


@dataclass(frozen=True)
class ParsedRow:
    """One normal record (without department) plus where it came from."""

    row: int
    kind: str  # post, interaction, account_stat, account_day
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


@dataclass(frozen=True)
class Note:
    """A cell of a kept row that could not be read and was stored as missing (row = file line)."""

    row: int
    text: str


@dataclass(frozen=True)
class Batch:
    """Many rows of one kind, parsed column by column (the fast path of a format).

    The table holds, per row, ``_row`` (the line number), ``platform``, ``_account`` (as
    ``ParsedRow.account``) and the record's fields, already coerced exactly as the row path
    would have done (see ``ingest.columnar.BATCH_SCHEMAS``).
    """

    kind: str
    table: pa.Table


@dataclass
class Parsed:
    rows: list[ParsedRow] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    read: int = 0
    #: Cells stored as missing because they could not be read; their rows are kept.
    notes: list[Note] = field(default_factory=list)
    #: Rows parsed column-wise; an importer that fills these lists ``rows`` in line order too.
    batches: list[Batch] = field(default_factory=list)
    #: The raw text of a batch row's line, asked for only when that row is quarantined.
    raw: Callable[[int], str] | None = None


@dataclass(frozen=True)
class ImportContext:
    """What the user told the import beyond the file itself.

    ``account`` names the account for files that do not name it (a YouTube Studio or Meta page
    export is one channel's or page's numbers): a handle, or ``id:<platform id>``.
    """

    account: str | None = None
    #: Called with whether the file's records are sample ones, before anything is written: the
    #: data folder refuses the kind it does not hold (:func:`sushasan.datafolder.claim`).
    claim: Callable[[bool], None] | None = None


class Importer(Protocol):
    """Parses one file. An importer may also offer ``parse_bytes(path, data, ctx)``: a faster
    path over the file's bytes that returns ``Parsed`` (possibly with batches) or ``None`` when
    it cannot take the file, in which case the pipeline decodes the text and calls ``parse``."""

    name: str
    help: str

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed: ...


def lines(text: str) -> Iterator[tuple[int, str]]:
    yield from enumerate(text.splitlines(), start=1)
