"""Columns the lake derives from each record when it stores it: per-record work done once, at
import, instead of in every review.

- ``post``: ``service_classes`` (a bit per ``analytics.content.SERVICE_CATEGORIES`` pattern that
  matches, in their order; 0 = not informative), ``text_hash`` (of the normalised text, null when
  that is empty), and the near-duplicate signature (``text_grams``, ``text_sig_level``,
  ``text_sigs``; see ``analytics.signatures``).
- ``interaction``: ``interaction_key`` and ``reply_to_key``, 63-bit integers for the string ids
  (the lower half of their MD5), so the responsiveness join compares integers. Two different ids
  share a key with probability 2⁻⁶³ a pair: for a state's 10 million messages, about one chance
  in 100,000 of a single message miscounted in a quarter.

Each *group* of columns has a version (a fingerprint of its definition: the patterns, the
normalisation, the signature scheme) written into each Parquet file's metadata. A file written
before a group existed, or under another definition, is *stale* for it: readers compute the
group on the fly with the same functions (``derive``), a later write of the partition stores
it, and ``Lake.refresh`` rewrites stale files. Old lakes keep working, only slower.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from functools import cache

import duckdb
import pyarrow as pa

from sushasan.analytics import signatures as sig
from sushasan.analytics import textnorm
from sushasan.analytics.content import FOLD_FROM, FOLD_TO, SERVICE_CATEGORIES

__all__ = [
    "DERIVED", "GROUPS", "META_KEY", "derive", "file_versions", "missing_groups", "versions",
]

META_KEY = b"sushasan.derived"
_OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": True}

GROUPS: dict[str, dict[str, tuple[tuple[str, pa.DataType], ...]]] = {
    "post": {
        "content": (("service_classes", pa.int16()),),
        "text": (("text_hash", pa.int64()), ("text_grams", pa.int32()),
                 ("text_sig_level", pa.int8()), ("text_sigs", pa.list_(pa.uint32()))),
    },
    "interaction": {
        "keys": (("interaction_key", pa.int64()), ("reply_to_key", pa.int64())),
    },
    "account_stat": {},
    "account_day": {},
}
DERIVED: dict[str, pa.Schema] = {
    kind: pa.schema([f for cols in groups.values() for f in cols])
    for kind, groups in GROUPS.items()
}


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:16]


@cache
def versions(kind: str) -> dict[str, str]:
    """group → the fingerprint of its current definition."""
    out = {}
    for group in GROUPS[kind]:
        if group == "content":
            out[group] = _fingerprint(
                "content2", FOLD_FROM, FOLD_TO, list(SERVICE_CATEGORIES.items())
            )
        elif group == "text":
            out[group] = _fingerprint(
                "text1", textnorm._NOISE.pattern, textnorm._NOISE_RE2, textnorm._INVISIBLE,
                unicodedata.unidata_version, sig.VERSION,
            )
        else:
            out[group] = _fingerprint("keys1-md5-lower63")
    return out


def file_versions(metadata: dict[bytes, bytes] | None) -> dict[str, str]:
    """The group versions a Parquet file's key-value metadata records (none: {})."""
    raw = (metadata or {}).get(META_KEY)
    return json.loads(raw) if raw else {}


def _sql(table: pa.Table, select: str) -> pa.Table:
    con = duckdb.connect(config=_OFFLINE)
    try:
        con.register("records", table)
        return con.execute(f"SELECT {select} FROM records").to_arrow_table()
    finally:
        con.close()


def _content(table: pa.Table) -> dict[str, pa.Array]:
    # DuckDB's regexp_matches is what the review's Ibis expression (re_search) compiles to,
    # so a stored class is the class a review computed from the text before.
    bits = " + ".join(
        f"(CASE WHEN regexp_matches(folded, ${i + 3}) THEN {1 << i} ELSE 0 END)"
        for i in range(len(SERVICE_CATEGORIES))
    )
    con = duckdb.connect(config=_OFFLINE)
    try:
        con.register("records", table.select(["text"]))
        # folded as informative_expr folds: the engines case-fold four letters differently
        out = con.execute(
            f"SELECT ({bits})::SMALLINT AS c FROM "
            "(SELECT translate(coalesce(text, ''), $1, $2) AS folded FROM records)",
            [FOLD_FROM, FOLD_TO, *SERVICE_CATEGORIES.values()],
        ).to_arrow_table()
    finally:
        con.close()
    return {"service_classes": out.column("c").combine_chunks()}


def _keys(table: pa.Table) -> dict[str, pa.Array]:
    out = _sql(table.select(["interaction_id", "in_reply_to_id"]),
               "(md5_number_lower(interaction_id) & 9223372036854775807)::BIGINT AS a, "
               "(md5_number_lower(in_reply_to_id) & 9223372036854775807)::BIGINT AS b")
    return {"interaction_key": out.column("a").combine_chunks(),
            "reply_to_key": out.column("b").combine_chunks()}


def derive(kind: str, table: pa.Table, groups: Iterable[str] | None = None) -> pa.Table:
    """``table`` with the derived columns of ``groups`` (all by default) computed afresh
    (replacing any it had), in ``DERIVED`` order after the record's own columns."""
    wanted = list(GROUPS[kind]) if groups is None else list(groups)
    cols: dict[str, pa.Array] = {}
    if table.num_rows:
        for group in wanted:
            if group == "content":
                cols.update(_content(table))
            elif group == "text":
                cols.update(sig.text_columns(table.column("text")))
            elif group == "keys":
                cols.update(_keys(table))
    for group in wanted:
        for name, typ in GROUPS[kind][group]:
            cols.setdefault(name, pa.nulls(table.num_rows, typ))
    for name in DERIVED[kind].names:
        if name in table.column_names:
            if name in cols:
                table = table.drop_columns([name])
            else:
                continue
        if name in cols:
            table = table.append_column(pa.field(name, DERIVED[kind].field(name).type),
                                        cols[name].cast(DERIVED[kind].field(name).type))
    rest = [c for c in table.column_names if c not in DERIVED[kind].names]
    return table.select(rest + [c for c in DERIVED[kind].names if c in table.column_names])


def missing_groups(kind: str, have: dict[str, str], columns: Iterable[str]) -> list[str]:
    """The groups a file (its recorded versions, its columns) lacks or holds out of date."""
    present = set(columns)
    now = versions(kind)
    return [g for g, cols in GROUPS[kind].items()
            if have.get(g) != now[g] or any(c not in present for c, _ in cols)]

