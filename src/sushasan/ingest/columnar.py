"""Column-wise versions of the row coercions, for importers with a fast path.

Every function here answers two things per row: the value the row path (``ingest.coerce``) would
have produced, and whether it is sure of it. A row it is not sure of (an odd timestamp form, a
negative count, an empty required field) goes back to the row path, which gives the same value or
rejects the row with its usual reason, so the fast path never invents a message of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sushasan.lake.schema import SCHEMAS

__all__ = [
    "BATCH_SCHEMAS",
    "by_distinct",
    "count_column",
    "flat",
    "line_bounds",
    "required_text",
    "text_column",
    "utc_column",
]

#: What the pipeline adds to a record (or takes from ``ParsedRow``): not part of a batch.
_ADDED = {"platform", "account_id", "department_id", "source", "raw_ref"}
#: Per kind: the batch columns (see ``records.Batch``) ahead of the record's own fields.
BATCH_SCHEMAS: dict[str, pa.Schema] = {
    kind: pa.schema(
        [("_row", pa.int64()), ("platform", pa.string()), ("_account", pa.string()),
         ("_raw", pa.string())]
        + [f for f in schema if f.name not in _ADDED]
    )
    for kind, schema in SCHEMAS.items()
}

#: Python's str.isspace() characters (what str.strip() removes); tests check the list is whole.
SPACE_CHARS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_NOT_SPACE = "[^" + "".join(f"\\x{{{ord(c):x}}}" for c in SPACE_CHARS) + "]"
# The ISO forms both datetime.fromisoformat and Arrow's cast read the same way; anything else
# (no zone, a comma, seven decimals, a year outside 1000–2999) is left to the row path.
_ISO_UTC = (
    r"^[12]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d"
    r"(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)
_UTC = pa.timestamp("us", tz="UTC")
#: Characters str.splitlines() breaks at besides \n (and \r before \n), as byte values.
_ODD_BREAKS_1 = np.array([0x0B, 0x0C, 0x1C, 0x1D, 0x1E], np.uint8)
#: The multi-byte ones (U+0085, U+2028, U+2029) by lead byte.
_ODD_BREAKS_N = {b"\xc2": (b"\x85",), b"\xe2": (b"\x80\xa8", b"\x80\xa9")}
_FIND_LIMIT = 8192
_SCAN = 1 << 20
#: Bytes that can begin a whitespace character in UTF-8.
_SPACE_LEAD = np.zeros(256, bool)
_SPACE_LEAD[[c.encode()[0] for c in SPACE_CHARS]] = True


def line_bounds(data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    """Start and end offsets of the lines ``data.decode().splitlines()`` would give.

    None when the bytes are not valid UTF-8 or break lines at anything but \\n and \\r\\n (the
    row path then decodes the text itself, with its own error for bad bytes).
    """
    if len(data) >= 2**31 - 1:
        return None
    offsets = pa.py_buffer(np.array([0, len(data)], np.int32).tobytes())
    try:  # Arrow checks UTF-8 far faster than decoding the whole text to a str
        pa.Array.from_buffers(pa.binary(), 1, [None, offsets, pa.py_buffer(data)]).cast(
            pa.string()
        )
    except pa.ArrowInvalid:
        return None
    raw = np.frombuffer(data, np.uint8)
    # Every single-byte break is a control byte: one pass finds them all (\n, \r and the odd
    # ones), where a pass per byte would read the whole file seven times.
    control = _control_bytes(raw)
    kinds = raw[control]
    if np.isin(kinds, _ODD_BREAKS_1).any():
        return None
    returns = control[kinds == 13]
    crlf = len(returns) > 0
    if crlf and (returns[-1] + 1 >= len(raw) or (raw[returns + 1] != 10).any()):
        return None
    if any(_has_sequence(data, lead, tails) for lead, tails in _ODD_BREAKS_N.items()):
        return None
    newlines = control[kinds == 10]
    starts = np.empty(len(newlines) + 1, np.int64)
    starts[0] = 0
    starts[1:] = newlines + 1
    ends = np.append(newlines, len(raw))
    if starts[-1] == len(raw):  # a final newline ends the last line; it does not start one
        starts, ends = starts[:-1], ends[:-1]
    if crlf:
        ends = ends - ((ends > starts) & (raw[np.maximum(ends - 1, 0)] == 13))
    return starts, ends


def _control_bytes(raw: np.ndarray) -> np.ndarray:
    """Offsets of the bytes below 0x20, found a slice at a time: the slice's mask stays in the
    cache, where one mask of the whole file would be as large as the file."""
    found = [np.flatnonzero(raw[at : at + _SCAN] < 0x20) + at for at in range(0, len(raw), _SCAN)]
    return np.concatenate(found) if found else np.zeros(0, np.int64)


def _has_sequence(data: bytes, lead: bytes, tails: tuple[bytes, ...]) -> bool:
    """Whether ``lead`` followed by one of ``tails`` occurs in ``data``.

    A multi-byte ``bytes.find`` is slow on Hindi text (its continuation bytes defeat the skip
    table); the lead byte alone is found at memchr speed and is rare, so the few hits are checked
    one by one, with one NumPy pass when a file has many.
    """
    width = len(tails[0])
    at = data.find(lead)
    for _ in range(_FIND_LIMIT):
        if at < 0:
            return False
        if data[at + 1 : at + 1 + width] in tails:
            return True
        at = data.find(lead, at + 1)
    raw = np.frombuffer(data, np.uint8)
    hits = np.flatnonzero(raw[: max(len(raw) - width, 0)] == lead[0])
    for tail in tails:
        found = hits
        for k, byte in enumerate(tail, start=1):
            found = found[raw[found + k] == byte]
        if len(found):
            return True
    return False


def _blank(values: pa.Array) -> np.ndarray:
    """Per row: a value that is empty or whitespace only (nulls are not blank).

    A value whose first byte cannot start a whitespace character is not blank, which settles
    almost every row from the offsets alone; the regular expression runs on the rest.
    """
    n = len(values)
    valid = np.ones(n, bool) if not values.null_count else (
        values.is_valid().to_numpy(zero_copy_only=False)
    )
    if values.type == pa.string():
        offsets = np.frombuffer(values.buffers()[1], np.int32, n + 1, values.offset * 4)
        data = values.buffers()[2]
        text = np.frombuffer(data, np.uint8) if data is not None and data.size else np.zeros(
            1, np.uint8
        )
        starts = offsets[:-1]
        first = text[np.minimum(starts, len(text) - 1)]
        maybe = valid & ((offsets[1:] == starts) | _SPACE_LEAD[first])
    else:
        maybe = valid
    blank = np.zeros(n, bool)
    rows = np.flatnonzero(maybe)
    if len(rows):
        seen = pc.match_substring_regex(values.take(rows), _NOT_SPACE)
        blank[rows] = ~seen.to_numpy(zero_copy_only=False)
    return blank


def flat(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One array for a column (without copying when it is a single chunk already)."""
    if isinstance(values, pa.ChunkedArray):
        if values.num_chunks == 1:
            return values.chunk(0)
        return values.combine_chunks()
    return values


def by_distinct(values: pa.Array, fn: Callable[[Any], Any]) -> tuple[list[Any], np.ndarray]:
    """Apply a Python function once per distinct value: (results, index into them per row).

    Nulls get index -1. Used where the distinct values are few (accounts, days) and the exact
    Python rule is cheaper to reuse than to re-state.
    """
    encoded = flat(values).dictionary_encode()
    results = [fn(v) for v in encoded.dictionary.to_pylist()]
    return results, encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)


def text_column(values: pa.Array) -> pa.Array:
    """``coerce.to_text`` for a string column: blank or whitespace-only becomes null."""
    values = flat(values)
    blank = _blank(values)
    if not blank.any():
        return values
    keep = ~blank & values.is_valid().to_numpy(zero_copy_only=False)
    if not keep.any():
        return pa.nulls(len(values), values.type)
    if values.offset:
        return pc.if_else(pa.array(keep), values, pa.scalar(None, values.type))
    # Same text buffers, new validity bitmap: blanking values without copying the text.
    bits = np.packbits(keep, bitorder="little")
    buffers = values.buffers()
    return pa.Array.from_buffers(values.type, len(values), [pa.py_buffer(bits), *buffers[1:]])


def required_text(values: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """A required identifier: the value as given, sure only when it is not blank."""
    values = flat(values)
    ok = ~_blank(values)
    if values.null_count:
        ok &= values.is_valid().to_numpy(zero_copy_only=False)
    return values, ok


def count_column(values: pa.Array, required: bool = False) -> tuple[pa.Array, np.ndarray]:
    """``coerce.to_count`` for an int64 column: a negative count (or required null) is unsure."""
    ok = pc.greater_equal(values, 0)
    ok = ok.fill_null(not required)
    return values, ok.to_numpy(zero_copy_only=False)


def utc_column(values: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """``coerce.to_utc`` for a string column in the common ISO 8601 forms with a zone."""
    ok = pc.match_substring_regex(values, _ISO_UTC).fill_null(False).to_numpy(
        zero_copy_only=False
    )
    if ok.any():
        # The pattern checks each field's range; whether the day exists in its month is asked
        # of Python once per distinct date.
        days, index = by_distinct(pc.utf8_slice_codeunits(values, 0, 10), _is_date)
        real = np.array([*days, False], dtype=bool)
        ok &= real[index]
    safe = pc.if_else(pa.array(ok), values, pa.scalar("2000-01-01T00:00:00Z"))
    stamps = safe.cast(_UTC)
    return pc.if_else(pa.array(ok), stamps, pa.scalar(None, _UTC)), ok


def _is_date(text: str | None) -> bool:
    try:
        date.fromisoformat(text or "")
    except ValueError:
        return False
    return True
