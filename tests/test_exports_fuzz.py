"""Damaged exports never crash an importer: they are refused (ImportFileError) or parsed into
well-typed rows, and anything else would reach the lake as a bad record or a traceback.

Seeds are the project's own fixtures in each export format (tests/fixtures/exports), so the fuzz
runs on a fresh clone without the shared real data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sushasan.errors import ImportFileError
from sushasan.ingest.records import ImportContext, Importer, Parsed
from sushasan.lake import SCHEMAS
from sushasan.platforms._daily import METRICS
from sushasan.platforms.facebook.exports import MetaPageCsv, MetaPostsCsv
from sushasan.platforms.x.exports import XAccountOverviewCsv, XAnalyticsDailyCsv, XContentCsv
from sushasan.platforms.youtube.exports import YouTubeStudioCsv
from sushasan.registry.model import PLATFORMS
from sushasan.textio import decode_text
from tests.test_exports import DAILY, FIXTURES, META_FB, META_IG, OWN_CONTENT, OWN_OVERVIEW, OWN_YT
from tests.test_import_fuzz import mutated

FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
COUNTS = ("likes", "comments", "shares", "views", "reach", "impressions")
QUIRKS_STUDIO = (
    "Content,Video title,Video publish time,Views,Likes,Comments added,Subscribers\n"
    "\u0915\u0941\u0932,,,100,5,1,-3\n"
    'abcdefghijk,One,"Feb 19, 2026","1,23,456",-2,\u2014,-1\n'
    ' -bcdefghijk,Two,"Feb 20, 2026",40,,-,0\n'
).encode()
QUIRKS_META = (
    "Post ID\tPage ID\tPublish time\tViews\tReach\tReactions\tShares\n"
    '1234567890_111\t1234567890\t03/21/2025 10:15\t"12,400"\t900\t-2\t\u2014\n'
    "Total\t\t\t12400\t900\t-2\t\n"
).encode("utf-16")


@dataclass(frozen=True)
class Seed:
    importer: Importer
    path: Path
    data: bytes
    account: str | None = "someone"

    def __repr__(self) -> str:  # readable test ids
        return f"{self.importer.name}:{self.path.name}"


def _head(path: Path, lines: int) -> bytes:
    return b"".join(path.read_bytes().splitlines(keepends=True)[:lines])


SEEDS = [
    Seed(XContentCsv(), OWN_CONTENT, _head(OWN_CONTENT, 12)),
    Seed(XContentCsv(), Path("content.csv"), _head(OWN_CONTENT, 12), None),
    Seed(XAccountOverviewCsv(), OWN_OVERVIEW, _head(OWN_OVERVIEW, 12)),
    Seed(XAccountOverviewCsv(), OWN_OVERVIEW, _head(OWN_OVERVIEW, 12), None),
    Seed(XAnalyticsDailyCsv(), DAILY, _head(DAILY, 12)),
    Seed(XAnalyticsDailyCsv(), Path("daily.csv"), _head(DAILY, 12), None),
    Seed(YouTubeStudioCsv(), OWN_YT / "Table data.csv", _head(OWN_YT / "Table data.csv", 14)),
    Seed(YouTubeStudioCsv(), OWN_YT / "Chart data.csv", _head(OWN_YT / "Chart data.csv", 10)),
    Seed(YouTubeStudioCsv(), OWN_YT / "Totals.csv", _head(OWN_YT / "Totals.csv", 10)),
    Seed(MetaPostsCsv(), META_FB, META_FB.read_bytes()),
    Seed(MetaPostsCsv(), Path("posts.csv"), META_FB.read_bytes(), None),
    Seed(MetaPostsCsv(), META_IG, META_IG.read_bytes()),
    Seed(MetaPageCsv(), FIXTURES / "Followers.csv", (FIXTURES / "Followers.csv").read_bytes()),
    Seed(MetaPageCsv(), FIXTURES / "Views.csv", (FIXTURES / "Views.csv").read_bytes()),
    # Real quirks: negative likes, Indian grouping, dashes, a Hindi total row; UTF-16 with tabs.
    Seed(YouTubeStudioCsv(), Path("Table data.csv"), QUIRKS_STUDIO),
    Seed(MetaPostsCsv(), Path("posts.csv"), QUIRKS_META),
]
IDS = [repr(s) for s in SEEDS]


def _check(parsed: Parsed) -> None:
    """Every row must be one the pipeline can store as it is."""
    assert isinstance(parsed, Parsed)
    assert parsed.read >= len({r.row for r in parsed.rows})  # a daily line gives many rows
    for r in parsed.rows:
        assert r.kind in ("post", "account_stat", "account_day")
        assert r.platform in PLATFORMS
        assert isinstance(r.account, str) and r.account.strip()
        assert isinstance(r.row, int) and r.row >= 2
        rec = r.record
        if r.kind == "post":
            assert isinstance(rec["post_id"], str) and rec["post_id"].strip()
            created = rec["created_at"]
            assert isinstance(created, datetime) and created.utcoffset() == timedelta(0)
            assert rec["metrics_at"] is None or rec["metrics_at"].utcoffset() == timedelta(0)
            for key in COUNTS:  # negative: a loss in the period (YouTube likes), kept as data
                n = rec[key]
                assert n is None or (type(n) is int and abs(n) <= 2**53), (key, n)
            assert rec["text"] is None or isinstance(rec["text"], str)
        elif r.kind == "account_day":
            assert type(rec["day"]) is date and rec["metric"] in METRICS
            assert type(rec["value"]) is int and abs(rec["value"]) <= 2**53
        else:
            assert type(rec["day"]) is date
            assert type(rec["followers"]) is int and rec["followers"] >= 0
        assert rec["sample"] is False
        normal = {**rec, "platform": r.platform, "account_id": r.account.lower(),
                  "department_id": "d", "source": "fuzz", "raw_ref": "x:1"}
        pa.Table.from_pylist([normal], schema=SCHEMAS[r.kind])
    for p in parsed.periods:
        assert p.platform in PLATFORMS and p.account.strip()
        assert type(p.first_day) is date and p.first_day <= p.last_day
    for j in parsed.rejected:
        assert isinstance(j.row, int) and j.row >= 1 and j.reason
    rejected = {j.row for j in parsed.rejected}
    for n in parsed.notes:  # a note belongs to a row that was read, never to a rejected one
        assert n.row not in rejected and n.text.endswith("stored as missing"), n


def _run(seed: Seed, data: bytes) -> None:
    try:
        text = decode_text(data, str(seed.path))
        parsed = seed.importer.parse(seed.path, text, ImportContext(account=seed.account))
    except ImportFileError as exc:
        assert str(exc).strip()
        return
    _check(parsed)


def test_seeds_parse_cleanly() -> None:
    for seed in SEEDS:
        if seed.account is None and seed.importer.name != "meta-posts-csv":
            continue
        parsed = seed.importer.parse(
            seed.path, decode_text(seed.data, str(seed.path)), ImportContext(seed.account)
        )
        _check(parsed)
        assert parsed.rows or parsed.periods, seed


_EDIT = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.integers(1, 40)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.binary(min_size=1, max_size=6)),
    st.tuples(
        st.just("insert"), st.integers(0, 10_000),
        st.sampled_from([b'"', b",", b"\n", b"\r\n", b"-", b"-7", b"1e30", b"\x00", b'""',
                         b"9999", b"Total", b" ", b"\xef\xbb\xbf"]),
    ),
    st.tuples(st.just("truncate"), st.integers(0, 10_000), st.just(b"")),
)


@pytest.mark.parametrize("seed", SEEDS, ids=IDS)
@FUZZ
@given(edits=st.lists(_EDIT, min_size=1, max_size=6))
def test_byte_mutations(seed: Seed, edits: list[tuple[str, int, object]]) -> None:
    _run(seed, mutated(seed.data, edits))


@pytest.mark.parametrize("seed", SEEDS, ids=IDS)
@FUZZ
@given(data=st.data())
def test_line_mutations(seed: Seed, data: st.DataObject) -> None:
    text = decode_text(seed.data, str(seed.path))
    lines = text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4))):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["drop", "dup", "swap", "cells", "cut"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cells":
            cells = lines[i].rstrip("\r\n").split(",")
            k = data.draw(st.integers(0, len(cells) - 1))
            cells[k] = data.draw(st.sampled_from(
                ["", "-1", "1.5", "abc", '"', "12,345", "2025-02-30", "Feb 30, 2025", "Total",
                 "1" * 25, "nan", "inf", "१२३", " 03/21/2025 10:15 "]
            ))
            lines[i] = ",".join(cells) + "\n"
        else:
            lines = lines[: i + 1]
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
    encoding = "utf-16" if seed.data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    _run(seed, "".join(lines).encode(encoding))


_CSVISH = st.lists(
    st.lists(st.text(alphabet='ab1-9 ,"\n\r:/.Date', max_size=8), min_size=1, max_size=6),
    max_size=8,
)


@pytest.mark.parametrize("seed", SEEDS[::2] + SEEDS[9:10], ids=IDS[::2] + IDS[9:10])
@FUZZ
@given(rows=_CSVISH, keep_header=st.booleans())
def test_random_csvish_text(seed: Seed, rows: list[list[str]], keep_header: bool) -> None:
    header = decode_text(seed.data, str(seed.path)).splitlines(keepends=True)
    head = "".join(header[: 3 if seed.importer.name == "meta-page-csv" else 1])
    body = "\n".join(",".join(r) for r in rows)
    _run(seed, ((head if keep_header else "") + body).encode("utf-8"))


def test_noon_ist_and_utc_are_consistent() -> None:
    parsed = XContentCsv().parse(
        OWN_CONTENT, decode_text(_head(OWN_CONTENT, 3), str(OWN_CONTENT)), ImportContext()
    )
    # "Wed Jul 31 2024" has no time of day: noon IST, which is 06:30 UTC.
    assert parsed.rows[0].record["created_at"] == datetime(2024, 7, 31, 6, 30, tzinfo=UTC)
