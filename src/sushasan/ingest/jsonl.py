"""``sushasan-jsonl``: the project's own normal records, one JSON object per line.

Each line names its record type in ``record`` (post, interaction, account_stat, coverage) and then
carries the normal fields of DESIGN.md; ``account_id`` is the account's handle (or ``id:<id>``).
This is also what ``sushasan sample --out`` writes, so the sample goes through the same door as
real data.

Large files take a fast path (``parse_bytes``): Arrow parses every line at once and checks the
fields column by column. Any line it is not sure of (bad JSON, a coverage record, an odd timestamp,
a negative count, numbers where text is expected) goes through the row path below, line by line,
so every refusal keeps its line number and its reason, word for word.
"""

from __future__ import annotations

import codecs
import itertools
import json
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json

from sushasan.hookspecs import hookimpl
from sushasan.ingest.coerce import RowError, to_count, to_date, to_text, to_utc
from sushasan.ingest.columnar import (
    BATCH_SCHEMAS,
    by_distinct,
    count_column,
    flat,
    line_bounds,
    required_text,
    text_column,
    utc_column,
)
from sushasan.ingest.records import (
    Batch,
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
            self._line(number, line, out)
        return out

    def parse_bytes(self, path: Path, data: bytes, ctx: ImportContext) -> Parsed | None:
        """The fast path; None when the file is better read as text (see the module doc)."""
        body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
        if body is data and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return None
        bounds = line_bounds(body)
        if bounds is None:
            return None
        starts, ends = bounds
        raw = np.frombuffer(body, np.uint8)
        full = np.flatnonzero(ends > starts)
        # Lines that open with { and close with } can hold only one object each once Arrow has
        # read exactly as many objects as there are such lines: a JSON value cannot continue
        # past a } with a {.
        whole = full[(raw[starts[full]] == 0x7B) & (raw[ends[full] - 1] == 0x7D)]
        if len(whole) < max(1, len(full) // 2):
            return None
        others = np.setdiff1d(full, whole, assume_unique=True)
        buf = body
        if len(others):
            blanked = bytearray(body)
            for i in others.tolist():
                blanked[starts[i] : ends[i]] = b" " * int(ends[i] - starts[i])
            buf = bytes(blanked)
            first = _read_block(memoryview(buf), None)
        else:
            first = _read_parts(memoryview(body), starts[whole])
        table, parsed = _read(buf, starts, ends, whole, first)
        out = Parsed(raw=lambda row: body[starts[row - 1] : ends[row - 1]].decode("utf-8"))
        settled = np.zeros(0, np.int64)
        if table is not None:
            out.batches, settled = _batches(table, parsed)
        out.read = len(settled)
        for i in np.setdiff1d(full, settled, assume_unique=True).tolist():
            self._line(i + 1, body[starts[i] : ends[i]].decode("utf-8"), out)
        return out

    def _line(self, number: int, line: str, out: Parsed) -> None:
        if not line.strip():
            return
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


# -- the fast path ------------------------------------------------------------------------------
#: The fields the row path reads, typed as a clean file has them. A line with another type in
#: one of these (a number as post_id, "12" as likes) makes Arrow refuse its block, and the block's
#: lines go through the row path. Fields not named here are ignored, as the row path ignores them.
_WIRE = pa.schema(
    [(n, pa.string()) for n in (
        "record", "platform", "account_id", "post_id", "interaction_id", "created_at",
        "metrics_at", "text", "language", "kind", "url", "author_id", "author_handle",
        "parent_post_id", "in_reply_to_id", "day")]
    + [(n, pa.int64()) for n in _COUNTS["post"] + _COUNTS["account_stat"]]
    + [(n, pa.bool_()) for n in ("sample", "from_department")]
)
#: The fields each kind of record reads.
_READS = {
    "post": ["post_id", "created_at", "text", "language", "url", "kind", "metrics_at",
             *_COUNTS["post"], "sample"],
    "interaction": ["interaction_id", "created_at", "author_id", "author_handle", "text",
                    "language", "parent_post_id", "in_reply_to_id", "kind", "from_department",
                    "sample"],
    "account_stat": ["day", *_COUNTS["account_stat"], "sample"],
}
_PARSE = pa_json.ParseOptions(explicit_schema=_WIRE, unexpected_field_behavior="ignore")
_CHUNK = 4096  # lines per retry block when a file does not parse whole
_THREADED = pa_json.ReadOptions(use_threads=True)
_ONE_THREAD = pa_json.ReadOptions(use_threads=False)
_PART_MIN = 1 << 20  # files under 2 MB are read in one part


def _read(
    buf: bytes,
    starts: np.ndarray,
    ends: np.ndarray,
    whole: np.ndarray,
    first: pa.Table | None,
) -> tuple[pa.Table | None, np.ndarray]:
    """Arrow's parse of the whole-object lines: (table, the line index of each row).

    ``first`` is Arrow's read of all of ``buf`` (None if it refused); when it does not hold
    one row per whole line, the lines are read again block by block.
    """
    if first is not None and first.num_rows == len(whole):
        return first, whole
    tables, parsed = [], []
    view = memoryview(buf)
    for block in np.array_split(whole, -(-len(whole) // _CHUNK)):
        got = _read_block(view[starts[block[0]] : ends[block[-1]]], len(block))
        if got is not None:
            tables.append(got)
            parsed.append(block)
    if not tables:
        return None, np.zeros(0, np.int64)
    return pa.concat_tables(tables), np.concatenate(parsed)


def _read_block(
    view: memoryview, expected: int | None, threads: bool = True
) -> pa.Table | None:
    """Arrow's read of the bytes; None when it refuses them or (if given) the row count differs.

    Arrow crashes the process (a segmentation fault, apache/arrow#47409) on bytes whose first
    value is a bare ``null``; every caller hands it bytes that begin at a line opening with ``{``
    (or blanked lines before one), and bytes that do not are refused here without asking Arrow.
    """
    if not _opens_an_object(view):
        return None
    options = _THREADED if threads else _ONE_THREAD
    try:
        table = pa_json.read_json(
            pa.BufferReader(pa.py_buffer(view)), read_options=options, parse_options=_PARSE
        )
    except pa.ArrowInvalid:
        return None
    return table if expected is None or table.num_rows == expected else None


def _read_parts(view: memoryview, line_starts: np.ndarray) -> pa.Table | None:
    """Arrow's read of the whole file, in one part per core, each cut at the start of a line.

    Each part is read by one thread with Arrow's own threading off: its threaded reader spends
    ~15% more CPU (and more time) on the same bytes than plain parts do. None when any part is
    refused.
    """
    parts = _parts(view, line_starts)
    if len(parts) == 1:
        return _read_block(parts[0], None, threads=False)
    with ThreadPoolExecutor(max_workers=len(parts)) as pool:
        tables = list(pool.map(lambda part: _read_block(part, None, threads=False), parts))
    if any(t is None for t in tables):
        return None
    return pa.concat_tables([t for t in tables if t is not None])


def _parts(view: memoryview, line_starts: np.ndarray) -> list[memoryview]:
    """The bytes cut into one part per core at the line starts nearest to equal sizes."""
    count = min(os.cpu_count() or 1, 8)
    if count == 1 or len(view) < _PART_MIN * 2 or not len(line_starts):
        return [view]
    wanted = np.arange(1, count) * (len(view) // count)
    at = line_starts[np.minimum(np.searchsorted(line_starts, wanted), len(line_starts) - 1)]
    cuts = [0, *sorted({int(a) for a in at.tolist() if 0 < a < len(view)}), len(view)]
    return [view[a:b] for a, b in itertools.pairwise(cuts)]


def _opens_an_object(view: memoryview) -> bool:
    """Whether the first byte that is not JSON whitespace is ``{``."""
    at = 0
    while at < len(view):
        head = bytes(view[at : at + 4096]).lstrip(b" \t\r\n")
        if head:
            return head[:1] == b"{"
        at += 4096
    return False


def _platform(value: str | None) -> str | None:
    platform = str(value or "").lower()
    return platform if platform in PLATFORMS else None


def _account(value: str | None) -> str | None:
    return str(value or "").strip().lstrip("@") or None


def _day(value: str | None) -> date | None:
    try:
        return to_date(value, "day")
    except RowError:
        return None


def _batches(table: pa.Table, lines_of: np.ndarray) -> tuple[list[Batch], np.ndarray]:
    """Batches of the rows the columns settle, and the line indices of those rows.

    The kinds are checked in parallel threads: the checks are Arrow and NumPy calls, which
    release the GIL.
    """
    platforms, p_at = by_distinct(table.column("platform"), _platform)
    accounts, a_at = by_distinct(table.column("account_id"), _account)
    known = np.array([p is not None for p in platforms] + [False])[p_at]
    known &= np.array([a is not None for a in accounts] + [False])[a_at]
    record = flat(table.column("record"))
    platform_names = pa.array([*platforms, None], pa.string())
    account_names = pa.array([*accounts, None], pa.string())

    def one(kind: str) -> tuple[Batch, np.ndarray] | None:
        is_kind = pc.equal(record, kind).fill_null(False).to_numpy(zero_copy_only=False)
        rows = np.flatnonzero(known & is_kind)
        if not len(rows):
            return None
        needed = table.select(_READS[kind])
        sub = needed if len(rows) == table.num_rows else needed.take(rows)
        fields, ok = _fields(kind, sub)
        keep = rows[ok]
        fields |= {
            "_row": pa.array(lines_of[keep] + 1, pa.int64()),
            "platform": platform_names.take(p_at[keep]),
            "_account": account_names.take(a_at[keep]),
        }
        schema = BATCH_SCHEMAS[kind]
        mask = None if ok.all() else pa.array(ok)
        columns = [
            fields[f.name] if f.name in ("_row", "platform", "_account") or (
                mask is None and f.name in fields)
            else fields[f.name].filter(mask) if f.name in fields
            else pa.nulls(len(keep), f.type)
            for f in schema
        ]
        return Batch(kind, pa.Table.from_arrays(columns, schema=schema)), lines_of[keep]

    with ThreadPoolExecutor(max_workers=len(_READS)) as pool:
        found = [r for r in pool.map(one, ("post", "interaction", "account_stat")) if r]
    batches = [batch for batch, _ in found]
    done = np.sort(np.concatenate([lines for _, lines in found])) if found else np.zeros(
        0, np.int64
    )
    return batches, done


def _fields(kind: str, sub: pa.Table) -> tuple[dict[str, pa.Array], np.ndarray]:
    """The record's fields as the row path makes them, and which rows are settled."""
    def col(name: str) -> pa.Array:
        return flat(sub.column(name))

    ok = np.ones(sub.num_rows, bool)
    out: dict[str, pa.Array] = {}

    def sure(pair: tuple[pa.Array, np.ndarray]) -> pa.Array:
        nonlocal ok
        ok &= pair[1]
        return pair[0]

    if kind == "account_stat":
        days, at = by_distinct(col("day"), _day)
        ok &= np.array([d is not None for d in days] + [False])[at]
        out["day"] = pa.array([*days, None], pa.date32()).take(np.where(at < 0, len(days), at))
        for c in _COUNTS[kind]:
            out[c] = sure(count_column(col(c), required=c == "followers"))
    else:
        key = "post_id" if kind == "post" else "interaction_id"
        out[key] = sure(required_text(col(key)))
        out["created_at"] = sure(utc_column(col("created_at")))
        texts = ("text", "language", "url") if kind == "post" else (
            "author_id", "author_handle", "text", "language", "parent_post_id", "in_reply_to_id")
        for c in texts:
            out[c] = text_column(col(c))
        default = "text" if kind == "post" else "mention"
        out["kind"] = pc.coalesce(text_column(col("kind")), pa.scalar(default))
    if kind == "post":
        given = col("metrics_at")
        absent = pc.or_kleene(pc.is_null(given), pc.equal(given, "")).fill_null(True)
        stamps, sure_at = utc_column(given)
        ok &= sure_at | absent.to_numpy(zero_copy_only=False)
        out["metrics_at"] = pc.if_else(absent, pa.scalar(None, stamps.type), stamps)
        for c in _COUNTS[kind]:
            out[c] = sure(count_column(col(c)))
    if kind == "interaction":
        out["from_department"] = col("from_department").fill_null(False)
    out["sample"] = col("sample").fill_null(False)
    return {k: flat(v) for k, v in out.items()}, ok


@hookimpl
def sushasan_importers() -> list[Importer]:
    return [JsonlImporter()]
