"""Turning loosely typed cells into normal-record values, with reasons a person can act on."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any

__all__ = ["RowError", "to_count", "to_date", "to_text", "to_utc"]


class RowError(ValueError):
    """A single field that cannot be read; the pipeline rejects the row with this reason."""


def to_utc(value: Any, field: str) -> datetime:
    if isinstance(value, datetime):
        ts = value
    else:
        text = str(value or "").strip()
        if not text:
            raise RowError(f"{field} is empty")
        try:
            ts = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise RowError(f"{field} '{text}' is not an ISO 8601 timestamp") from None
    if ts.tzinfo is None:
        raise RowError(f"{field} '{value}' has no time zone; write e.g. 2024-07-01T10:00:00+05:30")
    return ts.astimezone(UTC)


def to_date(value: Any, field: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    text = str(value or "").strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RowError(f"{field} '{text}' is not a date (YYYY-MM-DD)") from None


def to_count(value: Any, field: str, required: bool = False) -> int | None:
    """Counts arrive as 12, "12", "12.0" or "-" (X analytics for 'not applicable')."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "-")):
        if required:
            raise RowError(f"{field} is empty")
        return None
    if isinstance(value, bool):
        raise RowError(f"{field} {value!r} is not a count")
    try:
        number = float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise RowError(f"{field} '{value}' is not a number") from None
    if not math.isfinite(number) or number < 0 or number != int(number):
        raise RowError(f"{field} '{value}' is not a whole number of zero or more")
    return int(number)


def to_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None
