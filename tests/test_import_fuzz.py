"""Damaged input never crashes the remaining importers (sushasan-jsonl, x-analytics-csv and the
saved API pages): they refuse the file (ImportFileError) or return rows the lake can store."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sushasan.errors import ImportFileError
from sushasan.ingest import jsonl
from sushasan.ingest.columnar import BATCH_SCHEMAS
from sushasan.ingest.jsonl import JsonlImporter
from sushasan.ingest.records import ImportContext, Importer, Parsed
from sushasan.lake import SCHEMAS
from sushasan.platforms.facebook.map import IMPORTER as FACEBOOK_PAGES
from sushasan.platforms.instagram.map import IMPORTER as INSTAGRAM_PAGES
from sushasan.platforms.x.exports import XAnalyticsCsv
from sushasan.platforms.x.map import IMPORTER as X_PAGES
from sushasan.platforms.youtube.map import IMPORTER as YOUTUBE_PAGES
from sushasan.registry.model import PLATFORMS
from sushasan.textio import decode_text
from tests.conftest import X_ANALYTICS
from tests.test_review_by_hand import RECORDS

FUZZ = settings(
    max_examples=150, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
API = Path(__file__).parent / "fixtures" / "api"
IMPORTERS = (X_PAGES, FACEBOOK_PAGES, INSTAGRAM_PAGES, YOUTUBE_PAGES)
JSONL = ("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n").encode()
SEEDS: list[tuple[Importer, Path, bytes]] = [
    (JsonlImporter(), Path("records.jsonl"), JSONL),
    (XAnalyticsCsv(), X_ANALYTICS, X_ANALYTICS.read_bytes()),
    *[(imp, f, f.read_bytes()) for imp in IMPORTERS
      for f in sorted(API.glob(f"{imp.name.split('-')[0]}_*"))],
]
IDS = [f"{imp.name}:{path.name}" for imp, path, _ in SEEDS]
COUNTS = {"post": ("likes", "comments", "shares", "views", "reach", "impressions"),
          "account_stat": ("followers", "following", "posts_count"), "interaction": ()}


def _check(parsed: Parsed) -> None:
    assert parsed.read >= 0
    for r in parsed.rows:
        assert r.kind in SCHEMAS and r.platform in PLATFORMS
        assert isinstance(r.account, str) and r.account.strip()
        rec = r.record
        if r.kind in ("post", "interaction"):
            created = rec["created_at"]
            assert isinstance(created, datetime) and created.utcoffset() == timedelta(0)
        else:
            assert type(rec["day"]) is date
        for key in COUNTS[r.kind]:
            n = rec.get(key)
            assert n is None or (type(n) is int and n >= 0), (key, n)
        normal = {**rec, "platform": r.platform, "account_id": r.account.lower(),
                  "department_id": "d", "source": "fuzz", "raw_ref": "x:1"}
        pa.Table.from_pylist([normal], schema=SCHEMAS[r.kind])
    for p in parsed.periods:
        assert p.platform in PLATFORMS and p.first_day <= p.last_day
    for j in parsed.rejected:
        assert j.reason


def _run(importer: Importer, path: Path, data: bytes) -> None:
    try:
        parsed = importer.parse(path, decode_text(data, str(path)), ImportContext("someone"))
    except ImportFileError as exc:
        assert str(exc).strip()
        return
    _check(parsed)


def test_seeds_parse_cleanly() -> None:
    assert len(SEEDS) >= 6
    for importer, path, data in SEEDS:
        parsed = importer.parse(path, decode_text(data, str(path)), ImportContext("someone"))
        _check(parsed)
        assert parsed.rows, path


_EDIT = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 100_000), st.integers(1, 40)),
    st.tuples(st.just("insert"), st.integers(0, 100_000), st.binary(min_size=1, max_size=6)),
    st.tuples(st.just("insert"), st.integers(0, 100_000), st.sampled_from(
        [b'"', b",", b"\n", b"{", b"}", b"[", b"null", b"-5", b"1e400", b'"2024-13-45T99:00Z"',
         b"\x00", b"\xef\xbb\xbf", b'"sample":true'])),
    st.tuples(st.just("truncate"), st.integers(0, 100_000), st.just(b"")),
)


def mutated(seed: bytes, edits: list[tuple[str, int, object]]) -> bytes:
    """``seed`` with the edits applied in turn: (delete, at, length), (insert, at, bytes) or
    (truncate, at, _); positions wrap around the current length."""
    data = bytearray(seed)
    for op, pos, arg in edits:
        at = pos % (len(data) + 1)
        if op == "delete":
            del data[at : at + int(arg)]  # type: ignore[call-overload]
        elif op == "insert":
            data[at:at] = arg  # type: ignore[assignment]
        else:
            del data[at:]
    return bytes(data)


@pytest.mark.parametrize(("importer", "path", "seed"), SEEDS, ids=IDS)
@FUZZ
@given(edits=st.lists(_EDIT, min_size=1, max_size=5))
def test_byte_mutations(
    importer: Importer, path: Path, seed: bytes, edits: list[tuple[str, int, object]]
) -> None:
    _run(importer, path, mutated(seed, edits))


_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(),
              st.text(max_size=12)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)


@pytest.mark.parametrize(("importer", "path", "seed"), SEEDS[:1] + SEEDS[2:], ids=IDS[:1] + IDS[2:])
@FUZZ
@given(data=st.data())
def test_json_values_replaced(
    importer: Importer, path: Path, seed: bytes, data: st.DataObject
) -> None:
    """Any JSON value anywhere: swap a random field of a random record for random JSON."""
    text = seed.decode()
    try:
        whole = json.loads(text)
        objs = whole if isinstance(whole, list) else [whole]
    except ValueError:  # JSON lines (a fixture may hold a deliberately broken line: skip it)
        objs = []
        for line in text.splitlines():
            try:
                objs.append(json.loads(line))
            except ValueError:
                continue
    def mutate(node: object) -> object:
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node)))
            if data.draw(st.booleans()):
                node[key] = data.draw(_VALUES)
            else:
                node[key] = mutate(node[key])
        elif isinstance(node, list) and node:
            i = data.draw(st.integers(0, len(node) - 1))
            node[i] = mutate(node[i])
        return node
    for _ in range(data.draw(st.integers(1, 3))):
        k = data.draw(st.integers(0, len(objs) - 1))
        objs[k] = mutate(objs[k])
    text = "\n".join(json.dumps(o, ensure_ascii=False) for o in objs) + "\n"
    _run(importer, path, text.encode())


def _settled_rows(parsed: Parsed) -> list[tuple[object, ...]]:
    """Every stored row, from batches and the row path alike, as (line, kind, ..., record)."""
    fields = {k: [f.name for f in s if not f.name.startswith("_") and f.name != "platform"]
              for k, s in BATCH_SCHEMAS.items()}
    out: list[tuple[object, ...]] = []
    for b in parsed.batches:
        for r in b.table.to_pylist():
            raw = parsed.raw(r["_row"]) if parsed.raw else None
            rec = {k: r[k] for k in fields[b.kind]}
            out.append((r["_row"], b.kind, r["platform"], r["_account"], raw, rec))
    for p in parsed.rows:
        rec = {k: p.record.get(k) for k in fields[p.kind]}
        out.append((p.row, p.kind, p.platform, p.account, p.raw, rec))
    return sorted(out, key=lambda t: t[0])  # type: ignore[arg-type, return-value]


def _same_parse(data: bytes) -> None:
    fast = JsonlImporter().parse_bytes(Path("f.jsonl"), data, ImportContext())
    if fast is None:
        return
    row = JsonlImporter().parse(Path("f.jsonl"), decode_text(data, "f.jsonl"), ImportContext())
    assert (fast.read, fast.rejected, fast.periods) == (row.read, row.rejected, row.periods)
    assert _settled_rows(fast) == _settled_rows(row)


@FUZZ
@given(edits=st.lists(_EDIT, min_size=1, max_size=5), chunk=st.sampled_from([1, 3, 4096]))
def test_fast_path_parses_as_the_row_path(edits: list[tuple[str, int, object]], chunk: int) -> None:
    """The columnar fast path of sushasan-jsonl, on damaged bytes, against its row path."""
    data = mutated(JSONL, edits)
    original = jsonl._CHUNK, jsonl._PART_MIN
    jsonl._CHUNK = chunk
    jsonl._PART_MIN = 256 if chunk == 3 else original[1]  # the first read cut in parts
    try:
        _same_parse(data)
    finally:
        jsonl._CHUNK, jsonl._PART_MIN = original


@FUZZ
@given(data=st.data())
def test_fast_path_reads_any_values_as_the_row_path(data: st.DataObject) -> None:
    """Random JSON values (and odd but valid timestamps) in random fields of the seed records."""
    objs = [dict(o) for o in RECORDS]
    odd = st.sampled_from(["2024-07-01T10:00:00+05:30", "2024-07-01 10:00Z", "2024-02-29T00:00:00Z",
                           "2023-02-29T00:00:00Z", "2024-07-01T10:00:00.5-00:00", "", " ", "@x",
                           "X", "YouTube", "2024-07-01", "20240701", "-1", "\u3000"])
    for _ in range(data.draw(st.integers(1, 6))):
        obj = objs[data.draw(st.integers(0, len(objs) - 1))]
        key = data.draw(st.sampled_from(sorted(obj)))
        obj[key] = data.draw(st.one_of(_VALUES, odd))
    text = "\n".join(json.dumps(o, ensure_ascii=False) for o in objs) + "\n"
    _same_parse(text.encode())


def test_an_infinite_status_is_a_rejected_row_not_a_crash(tmp_path: Path) -> None:
    """Found by the fuzzer: ``"status": Infinity`` in a saved answer (Python's JSON allows it)."""
    from sushasan.plugins import importers, make_plugin_manager

    importer = importers(make_plugin_manager(load_entry_points=False))["instagram-api-json"]
    path = tmp_path / "pages.jsonl"
    text = '{"response": {"status": Infinity, "body": {}}}\n'
    parsed = importer.parse(path, text, ImportContext("someone"))
    assert [j.row for j in parsed.rejected] == [1]
    assert "OverflowError" in parsed.rejected[0].reason
