"""`sushasan grievances classify`: detect and route every row of a CSV or JSONL file.

For a cell that wants the desk's judgement on texts from elsewhere (a helpline's export, a
survey) without opening tickets. The output columns are a contract for scripts
(:data:`CLASSIFY_COLUMNS`, in this order).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sushasan.errors import ImportFileError
from sushasan.registry.model import Department
from sushasan.textio import read_text

if TYPE_CHECKING:  # the model loads only when there is a file to classify
    from sushasan.grievances.classify.detect import Detector
    from sushasan.grievances.classify.route_model import LearnedRouter
    from sushasan.grievances.classify.routing import Router

__all__ = ["CLASSIFY_COLUMNS", "read_rows", "write_classified"]

#: The columns `sushasan grievances classify` writes, in this order (a contract for scripts).
CLASSIFY_COLUMNS = (
    "id", "language", "is_grievance", "grievance_score", "department_id", "department_score",
)


def write_classified(
    rows: Sequence[dict[str, str]], dst: Path, detector: Detector, router: Router,
    route_model: LearnedRouter | None, departments: Sequence[Department],
) -> int:
    """Classify and route ``rows`` (from :func:`read_rows`) into ``dst`` (.csv, else JSONL)."""
    texts = [r["text"] for r in rows]
    # A department's own post or reply is never a grievance: flagged by the file
    # (`from_department`) or written from a registry account (`author_handle`).
    handles = {a.handle.lstrip("@").lower() for d in departments for a in d.accounts}
    handles.discard("")
    own = [r.get("from_department", "").strip().lower() in ("1", "true", "yes")
           or r.get("author_handle", "").strip().lstrip("@").lower() in handles
           for r in rows]
    found = detector.classify(texts, from_department=own)
    routes = router.route_many(texts)
    if route_model is not None:
        routes = route_model.refine(routes, texts)
    dst.parent.mkdir(parents=True, exist_ok=True)
    out = [
        {"id": r["id"], "language": d.language, "is_grievance": d.is_grievance,
         "grievance_score": round(float(d.score), 6), "department_id": route.department_id,
         "department_score": round(float(route.score), 6)}
        for r, d, route in zip(rows, found, routes, strict=True)
    ]
    if dst.suffix.lower() == ".csv":
        with dst.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(CLASSIFY_COLUMNS))
            w.writeheader()
            for row in out:
                w.writerow({**row, "is_grievance": str(row["is_grievance"]).lower(),
                            "department_id": row["department_id"] or ""})
    else:
        with dst.open("w", encoding="utf-8") as fh:
            for row in out:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(out)


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows with `text` and `id` (the row number when the file has none)."""
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    text = read_text(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ImportFileError(f"{path}, line {n}: not JSON ({exc.msg}); fix the line "
                                      "and run again") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ImportFileError(f"{path}, line {n}: needs a string field `text`")
            yield {"id": str(obj.get("id", n)), "text": obj["text"],
                   "author_handle": str(obj.get("author_handle") or ""),
                   "from_department": str(obj.get("from_department") or "")}
    elif suffix in (".csv", ".tsv"):
        reader = csv.DictReader(text.splitlines(), delimiter="\t" if suffix == ".tsv" else ",")
        if "text" not in (reader.fieldnames or []):
            raise ImportFileError(f"{path}: needs a `text` column; found "
                                  f"{', '.join(reader.fieldnames or []) or 'no header'}")
        for n, row in enumerate(reader, start=2):
            yield {"id": str(row.get("id") or n - 1), "text": row.get("text") or "",
                   "author_handle": row.get("author_handle") or "",
                   "from_department": row.get("from_department") or ""}
    else:
        raise ImportFileError(f"{path}: use a .csv or .jsonl file")
