"""``sushasan-jsonl``: the project's own normal records, one JSON object per line.

Each line names its record type in ``record`` (post, interaction, account_stat, coverage) and then
carries the normal fields of DESIGN.md; ``account_id`` is the account's handle (or ``id:<id>``).
This is also what ``sushasan sample --out`` writes, so the sample goes through the same door as
real data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sushasan.hookspecs import hookimpl
from sushasan.ingest.coerce import RowError, to_count, to_date, to_text, to_utc
from sushasan.ingest.records import (
    ImportContext,
    Importer,
    Parsed,
    ParsedRow,
    Period,
    Rejected,
    lines,
)
from sushasan.registry.model import PLATFORMS

__all__ = ["JsonlImporter"]

_COUNTS = {
    "post": ("likes", "comments", "shares", "views", "reach", "impressions"),
    "account_stat": ("followers", "following", "posts_count"),
}


class JsonlImporter:
    name = "sushasan-jsonl"
    help = "Sushasan normal records, one JSON object per line (record: post|interaction|...)"

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        out = Parsed()
        for number, line in lines(text):
            if not line.strip():
                continue
            out.read += 1
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise RowError("expected a JSON object")
                self._one(number, obj, line, out)
            except json.JSONDecodeError as exc:
                out.rejected.append(Rejected(number, f"not valid JSON ({exc.msg})", line))
            except RowError as exc:
                out.rejected.append(Rejected(number, str(exc), line))
        return out

    def _one(self, number: int, obj: dict[str, Any], line: str, out: Parsed) -> None:
        kind = obj.get("record")
        platform = str(obj.get("platform") or "").lower()
        if platform not in PLATFORMS:
            raise RowError(f"unknown platform '{platform}' (use one of: {', '.join(PLATFORMS)})")
        account = str(obj.get("account_id") or "").strip().lstrip("@")
        if not account:
            raise RowError("account_id is empty")
        if kind == "coverage":
            first = to_date(obj.get("first_day"), "first_day")
            last = to_date(obj.get("last_day"), "last_day")
            if last < first:
                raise RowError("last_day is before first_day")
            out.periods.append(Period(platform, account, first, last, number))
            return
        if kind == "post":
            rec = {
                "post_id": _required(obj, "post_id"),
                "created_at": to_utc(obj.get("created_at"), "created_at"),
                "text": to_text(obj.get("text")),
                "language": to_text(obj.get("language")),
                "kind": to_text(obj.get("kind")) or "text",
                "url": to_text(obj.get("url")),
                "metrics_at": to_utc(obj["metrics_at"], "metrics_at")
                if obj.get("metrics_at") else None,
            }
            rec |= {c: to_count(obj.get(c), c) for c in _COUNTS["post"]}
        elif kind == "interaction":
            rec = {
                "interaction_id": _required(obj, "interaction_id"),
                "created_at": to_utc(obj.get("created_at"), "created_at"),
                "author_id": to_text(obj.get("author_id")),
                "author_handle": to_text(obj.get("author_handle")),
                "text": to_text(obj.get("text")),
                "language": to_text(obj.get("language")),
                "parent_post_id": to_text(obj.get("parent_post_id")),
                "in_reply_to_id": to_text(obj.get("in_reply_to_id")),
                "kind": to_text(obj.get("kind")) or "mention",
                "from_department": bool(obj.get("from_department", False)),
            }
        elif kind == "account_stat":
            rec = {"day": to_date(obj.get("day"), "day")}
            rec |= {c: to_count(obj.get(c), c) for c in _COUNTS["account_stat"]}
            if rec["followers"] is None:
                raise RowError("followers is empty")
        else:
            raise RowError(
                f"unknown record type '{kind}' (post, interaction, account_stat, coverage)"
            )
        rec["sample"] = bool(obj.get("sample", False))
        out.rows.append(ParsedRow(number, kind, platform, account, rec, line))


def _required(obj: dict[str, Any], field: str) -> str:
    value = obj.get(field)
    if value is None or not str(value).strip():
        raise RowError(f"{field} is empty")
    return str(value)


@hookimpl
def sushasan_importers() -> list[Importer]:
    return [JsonlImporter()]
