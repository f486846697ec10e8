"""Who receives a department's digest: ``contacts.csv`` in the data folder.

One row per address (``department_id,email``); a department may have several. The file is the
review cell's, so a mistake in it names its row and how to fix it rather than sending mail to
nobody.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from pathlib import Path

from sushasan.errors import ImportFileError
from sushasan.textio import read_text

__all__ = ["read_contacts"]


def read_contacts(path: Path, known: Collection[str]) -> dict[str, list[str]]:
    """department_id → e-mail addresses; no file, no contacts. ``known``: the registry's
    department ids (an unknown one is an error, not a silent drop)."""
    if not path.is_file():
        return {}
    out: dict[str, list[str]] = {}
    reader = csv.DictReader(read_text(path).splitlines())
    if not {"department_id", "email"} <= set(reader.fieldnames or []):
        raise ImportFileError(f"{path}: needs the columns department_id,email")
    for n, row in enumerate(reader, start=2):
        dep, mail = (row.get("department_id") or "").strip(), (row.get("email") or "").strip()
        if dep not in known:
            raise ImportFileError(f"{path}, row {n}: unknown department {dep!r}; see "
                                  "`sushasan registry list`")
        if "@" not in mail:
            raise ImportFileError(f"{path}, row {n}: {mail!r} is not an e-mail address")
        out.setdefault(dep, []).append(mail)
    return out
