"""Saved raw API answers as import files: one ``<platform>-api-json`` importer per platform.

A file holds one answer body (``{"data": [...]}``), a JSON list of answers, or JSON lines (one
answer per line), and each answer may be bare or wrapped the way recorders keep it:
``{status, headers, body|content}`` or ``{request, response: {status, headers, body}}`` (httptest,
vcrpy). Wrapping is worth keeping: ``status`` tells an error page from a good one, the ``date``
header (or our own ``fetched_at``) dates follower counts and ``metrics_at``, and the request URL
names the account or post a page belongs to.

An error answer inside the file is rejected with the platform's own message; the good pages in the
same file still import. Each platform's ``map`` module says how to read one of its answers
(``read_<platform>_page``) and its errors, and builds its importer from ``ApiPageImporter``; the
live sources use the same mappers, so a saved page and a fetched one become the same records.

Coverage: a saved timeline covers the days between its oldest and newest item **by the
department** (its posts and its replies). Citizens' messages say nothing about whether the
department posted on a day, so they never widen the period.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from sushasan.ingest.coerce import RowError, to_utc
from sushasan.ingest.records import ImportContext, Parsed, ParsedRow, Period, Rejected
from sushasan.lake.schema import SCHEMAS
from sushasan.platforms._api import ErrorReader, Mapped, as_dict, header
from sushasan.quarters import ist_day

__all__ = ["ApiPageImporter", "PageReader", "Response", "fetched_day", "responses"]


@dataclass
class Response:
    """One recorded answer, unwrapped."""

    row: int
    status: int
    headers: dict[str, Any]
    body: Any  # parsed JSON, or None when the body is not JSON (a 429 text, a 404 HTML page)
    body_text: str
    uri: str = ""
    fetched_at: datetime | None = None
    raw: str = ""
    problems: list[str] = field(default_factory=list)


def responses(text: str) -> Iterator[Response | Rejected]:
    """Every answer in a saved file: one JSON document (object or list) or JSON lines."""
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if whole is not None:
        items = whole if isinstance(whole, list) else [whole]
        for i, item in enumerate(items, start=1):
            yield _safe_unwrap(i, item, json.dumps(item, ensure_ascii=False)[:2000])
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            yield Rejected(number, f"not valid JSON ({exc})", line)
            continue
        yield _safe_unwrap(number, item, line)


def _safe_unwrap(row: int, item: Any, raw: str) -> Response | Rejected:
    """An envelope of an unexpected shape is one refused answer, not a failed file."""
    try:
        return _unwrap(row, item, raw)
    except (AttributeError, KeyError, OverflowError, TypeError, ValueError) as exc:
        return Rejected(row, f"not a saved API answer of a known shape ({exc!r})", raw)


def _unwrap(row: int, item: Any, raw: str) -> Response:
    obj = as_dict(item)
    if isinstance(obj.get("response"), dict):
        request, r = as_dict(obj.get("request")), obj["response"]
    elif ("body" in obj or "content" in obj) and ({"status", "status_code", "headers"} & set(obj)):
        request, r = as_dict(obj.get("request")) or obj, obj
    else:
        return Response(row, 200, {}, item, raw, raw=raw)
    status_value = r.get("status", r.get("status_code", 200))
    status = int(as_dict(status_value).get("code", 200) if isinstance(status_value, dict)
                 else status_value or 200)
    headers = as_dict(r.get("headers"))
    body = r.get("body", r.get("content"))
    if isinstance(body, str):
        body_text = body
        try:
            body = json.loads(body)
        except ValueError:
            body = None
    else:
        body_text = json.dumps(body, ensure_ascii=False)
    uri = str(request.get("uri") or request.get("url") or request.get("request_url") or "")
    resp = Response(row, status, headers, body, body_text, uri, raw=raw)
    stamp = obj.get("fetched_at") or r.get("fetched_at")
    try:
        if stamp:
            resp.fetched_at = to_utc(stamp, "fetched_at")
        elif sent := header(headers, "date"):
            resp.fetched_at = parsedate_to_datetime(sent).astimezone(UTC)
    except (RowError, TypeError, ValueError) as exc:
        resp.problems.append(f"unreadable fetch time ({exc})")
    return resp


#: How one platform reads one of its saved answers (its JSON body already parsed) into records.
PageReader = Callable[["Response", Any, ImportContext], Mapped]


class ApiPageImporter:
    """The importer of one platform's saved answers: its ``read`` maps a page, ``read_error``
    tells an error answer from a good one."""

    def __init__(
        self, platform: str, name: str, what: str, read: PageReader, read_error: ErrorReader
    ) -> None:
        self.platform = platform
        self.name = name
        self.help = (
            f"Saved {what} answers (JSON, JSON list or JSON lines; bare bodies or "
            "{status, headers, body} recordings)"
        )
        self.read = read
        self.read_error = read_error

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        out = Parsed()
        for resp in responses(text):
            if isinstance(resp, Rejected):
                out.read += 1
                out.rejected.append(resp)
                continue
            rows, rejected, read = len(out.rows), len(out.rejected), out.read
            try:
                self._one(resp, ctx, out)
            except (AttributeError, KeyError, OverflowError, TypeError, ValueError) as exc:
                # A saved page edited by hand or cut off can have any shape; the mappers expect
                # the platform's. Refuse that one answer with the reason, keep the others.
                del out.rows[rows:], out.rejected[rejected:]
                out.read = read + 1
                out.rejected.append(Rejected(
                    resp.row, f"not a {self.platform} API answer of a known shape ({exc!r})",
                    resp.raw,
                ))
        _periods(out)
        return out

    def _one(self, resp: Response, ctx: ImportContext, out: Parsed) -> None:
        err = self.read_error(resp.status, resp.headers, resp.body_text, now=resp.fetched_at)
        if err is not None:
            out.read += 1
            out.rejected.append(Rejected(
                resp.row, f"{self.platform} API error (HTTP {err.status}, {err.kind}): "
                f"{err.message}", resp.raw))
            if err.kind != "partial":
                return
        try:
            mapped = self._map(resp, ctx)
        except RowError as exc:
            out.read += 1
            out.rejected.append(Rejected(resp.row, str(exc), resp.raw))
            return
        out.read += len(mapped.records) + len(mapped.skipped) + mapped.ignored
        for skip in mapped.skipped:
            out.rejected.append(Rejected(resp.row, skip.reason, json.dumps(skip.item)[:2000]))
        for rec in mapped.records:
            if rec.kind == "account_stat" and rec.fields["followers"] is None:
                out.rejected.append(Rejected(
                    resp.row, f"{rec.account}: follower count hidden or absent", resp.raw[:500]))
                continue
            if problem := _storable(rec):
                out.rejected.append(Rejected(resp.row, problem, resp.raw[:500]))
                continue
            key = rec.fields.get("post_id") or rec.fields.get("interaction_id") or "stat"
            raw = json.dumps({"response": resp.row, "kind": rec.kind, "id": key})
            out.rows.append(ParsedRow(resp.row, rec.kind, rec.platform, rec.account,
                                      rec.fields, raw))

    def _map(self, resp: Response, ctx: ImportContext) -> Mapped:
        body = resp.body
        if body is None:
            raise RowError(f"HTTP {resp.status} answer is not JSON")
        return self.read(resp, body, ctx)


def fetched_day(resp: Response) -> date:
    """The IST day an answer was read: the day of the follower counts it carries."""
    if resp.fetched_at is None:
        raise RowError("a follower count needs the day it was read: save the answer with its "
                       "Date header or a fetched_at field")
    return ist_day(resp.fetched_at)


def _periods(out: Parsed) -> None:
    """Per account, the IST days from the department's oldest to newest item in the file."""
    days: dict[tuple[str, str], list[Any]] = {}
    for r in out.rows:
        own = r.kind == "post" or (r.kind == "interaction" and r.record.get("from_department"))
        if own:
            days.setdefault((r.platform, r.account), []).append(ist_day(r.record["created_at"]))
    for (platform, account), seen in sorted(days.items()):
        out.periods.append(Period(platform, account, min(seen), max(seen)))


def _storable(rec: Any) -> str | None:
    """Why a mapped record could not be stored as the lake's schema says, if it could not.

    Mappers read what the platform documents; a hand-edited or damaged page can still put a
    list where a count belongs. Checking one row against the schema here keeps such a record
    out with a reason instead of failing the whole file at the lake.
    """
    normal = {**rec.fields, "platform": rec.platform, "account_id": str(rec.account).lower(),
              "department_id": "check", "source": "check", "raw_ref": "check"}
    try:
        pa.Table.from_pylist([normal], schema=SCHEMAS[rec.kind])
    except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
        return f"{rec.kind} has a field of the wrong type ({exc})"
    return None
