"""What a data folder holds: sample records or real ones, never both.

Sample data is generated for demonstrations and training; real records are the departments'.
A folder is one or the other for its whole life, marked by a file written the first time
records come in (:data:`MARKER`: ``sample`` or ``real``). ``sushasan sample`` writes only into a
sample folder, and imports of real records and live ingestion refuse one, so the two cannot
mix in one desk and lake, whatever a store does with its rows. A folder made before the marker
existed is read from its desk (a real import makes it real, sample coverage sample).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sushasan.errors import DataFolderError
from sushasan.words import say

if TYPE_CHECKING:  # pragma: no cover - typing only
    from sushasan.desk.store import Desk

__all__ = ["MARKER", "Kind", "claim", "kind"]

Kind = Literal["sample", "real"]
MARKER = "DATA-KIND"
"""The marker file in the data folder; its first line is the kind."""

def kind(data_dir: Path, desk: Desk | None = None) -> Kind | None:
    """The folder's kind: its marker, else (a folder from before the marker) what its desk
    holds, else ``None`` (nothing has come in yet)."""
    marker = data_dir / MARKER
    if marker.is_file():
        found = marker.read_text(encoding="utf-8").split("\n", 1)[0].strip()
        if found in ("sample", "real"):
            return found  # type: ignore[return-value]
        raise DataFolderError(
            f"{marker}: unreadable data-folder marker {found!r} (expected 'sample' or 'real')")
    if desk is None:
        return None
    if desk.has_real_imports():
        return "real"
    if desk.coverage_spans(date(1, 1, 1), date(9999, 12, 31), sample=True):
        return "sample"
    return None


def claim(data_dir: Path, desk: Desk, wanted: Kind) -> None:
    """Allow records of the ``wanted`` kind into the folder, marking it on first use; refuse
    the other kind with a message in both languages that names the folder and what to do."""
    found = kind(data_dir, desk)
    if found is None or not (data_dir / MARKER).is_file():
        if found not in (None, wanted):
            _refuse(data_dir, wanted)
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / MARKER).write_text(
            f"{wanted}\n# A Sushasan data folder of {wanted} records only (datafolder.py)\n",
            encoding="utf-8")
        return
    if found != wanted:
        _refuse(data_dir, wanted)


def _refuse(data_dir: Path, wanted: Kind) -> None:
    raise DataFolderError("\n".join(
        (_sample_into_real if wanted == "sample" else _real_into_sample)(lang).format(
            folder=data_dir)
        for lang in ("en", "hi")))


def _sample_into_real(lang: str) -> str:
    return say(
        "{folder} holds real records: sample data is never written into a real data folder, so "
        "nothing was written.\n"
        "  Make a separate folder for the sample: `sushasan --data-dir SAMPLE-FOLDER init`, then "
        "`sushasan --data-dir SAMPLE-FOLDER sample --quarter QUARTER`.", lang)


def _real_into_sample(lang: str) -> str:
    return say(
        "{folder} is a SAMPLE data folder (made by `sushasan sample`): real records are never "
        "brought into it, so nothing was imported or fetched.\n"
        "  Bring them into a real data folder: `sushasan --data-dir REAL-FOLDER init`, then "
        "import or ingest there. The sample folder can be deleted when it is no longer needed.",
        lang)
