"""Real exports' quirks are read, not rejected (issue 20): negative likes, blank and dashed cells,
thousands separators (Indian grouping too), Hindi UI headers, BOMs and UTF-16, tab-separated and
XLSX files, totals rows; a cell that truly cannot be read is missing with a note for its row.

Every file here is written by the test, small, in the layouts of tests/fixtures/exports.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sushasan.ingest.records import ImportContext, Parsed
from sushasan.platforms._cells import read_number
from sushasan.platforms.facebook.exports import MetaPageCsv, MetaPostsCsv, page_metric
from sushasan.platforms.x.exports import XAccountOverviewCsv
from sushasan.platforms.youtube.exports import YouTubeStudioCsv
from sushasan.textio import decode_text
from tests.test_exports import _rows, dept  # noqa: F401  (the registry fixture)

STUDIO = "Content,Video title,Video publish time,Views,Likes,Comments added,Impressions\n"
# Studio's Hindi UI headers, and Business Suite's: written with escapes (no Hindi in code).
HI_STUDIO = ("\u0938\u093e\u092e\u0917\u094d\u0930\u0940,"  # Content
             "\u0935\u0940\u0921\u093f\u092f\u094b \u0915\u093e \u091f\u093e\u0907\u091f\u0932,"
             "\u0935\u0940\u0921\u093f\u092f\u094b \u092a\u092c\u094d\u0932\u093f\u0936 \u0939"
             "\u094b\u0928\u0947 \u0915\u093e \u0938\u092e\u092f,"  # Video publish time
             "\u0935\u094d\u092f\u0942,\u092a\u0938\u0902\u0926\n")  # Views, Likes
HI_TOTAL = "\u0915\u0941\u0932"  # "Total"


def _parse(importer: object, path: Path, data: bytes, account: str | None = "acct") -> Parsed:
    ctx = ImportContext(account)
    fast = getattr(importer, "parse_bytes", None)
    parsed = fast(path, data, ctx) if fast else None
    return parsed or importer.parse(path, decode_text(data, str(path)), ctx)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("cell", "value"),
    [("1,23,456", 123456), ("12,400", 12400), ("-3", -3), ("\u22123", -3), ("", None),
     ("-", None), ("\u2014", None), ("\u2013", None), (" 7 ", 7), ("1938.0", 1938),
     ("12\u00a0345", 12345), ("(4)", -4), ("\u0967\u0968\u0969", 123), ("1,234.0", 1234)],
)
def test_numbers_as_exports_write_them(cell: str, value: int | None) -> None:
    assert read_number(cell) == value


@pytest.mark.parametrize("cell", ["abc", "1.5", "1e30", "nan", "inf", "1,2", "12,34,5"])
def test_numbers_that_cannot_be_read(cell: str) -> None:
    with pytest.raises(ValueError):
        read_number(cell)


def _indian(n: int) -> str:
    s = str(abs(n))
    head, tail = s[:-3], s[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    text = ",".join([g for g in [head, *groups] if g] + [tail]) if head or groups else tail
    return ("-" if n < 0 else "") + text


@settings(max_examples=300, deadline=None, database=None)
@given(n=st.integers(-10**12, 10**12), style=st.sampled_from(["plain", "western", "indian"]))
def test_number_formats_round_trip(n: int, style: str) -> None:
    text = {"plain": str(n), "western": f"{n:,}", "indian": _indian(n)}[style]
    assert read_number(text) == n


def test_negative_likes_kept_and_unreadable_cell_noted() -> None:
    data = (STUDIO + "Total,,,100,5,1,900\n"
            'abcdefghijk,One,"Feb 19, 2026",40,-2,,\n'
            'bcdefghijkl,Two,"Feb 20, 2026","1,23,456",\u2014,abc,-\n').encode()
    parsed = _parse(YouTubeStudioCsv(), Path("Table data.csv"), data)
    assert parsed.read == 2 and not parsed.rejected
    one, two = (r.record for r in parsed.rows)
    assert one["likes"] == -2 and one["comments"] is None
    assert two["views"] == 123456 and two["likes"] is None and two["comments"] is None
    assert [(n.row, n.text) for n in parsed.notes] == [
        (4, "Comments 'abc' is not a number; stored as missing")
    ]


def test_hindi_studio_headers_and_total_row() -> None:
    data = (HI_STUDIO + f"{HI_TOTAL},,,10,1\n" + 'abcdefghijk,x,"Feb 19, 2026",10,1\n').encode()
    parsed = _parse(YouTubeStudioCsv(), Path("Table data.csv"), data)
    assert parsed.read == 1 and [r.record["views"] for r in parsed.rows] == [10]


def test_studio_totals_become_daily_metrics() -> None:
    data = b"Date,Views,Subscribers,Average view duration\n2026-02-19,40,-1,0:01:00\n"
    parsed = _parse(YouTubeStudioCsv(), Path("Totals.csv"), data)
    got = {(r.record["metric"], r.record["value"]) for r in parsed.rows}
    assert got == {("views", 40), ("net_follows", -1)}
    assert all(r.kind == "account_day" for r in parsed.rows) and parsed.periods[0].summary


def test_x_overview_daily_metrics_with_a_bad_cell() -> None:
    data = ("\ufeffDate,Impressions,Likes,Engagements,New follows,Unfollows,Profile visits\n"
            '"Fri, Mar 21, 2025","1,070",3,oops,1,0,\n').encode()
    parsed = _parse(XAccountOverviewCsv(), Path("account_overview_analytics.csv"), data)
    got = {r.record["metric"]: r.record["value"] for r in parsed.rows}
    assert got == {"impressions": 1070, "likes": 3, "new_follows": 1, "unfollows": 0}
    assert [n.row for n in parsed.notes] == [2] and "Engagements" in parsed.notes[0].text.title()


META_HEAD = "Post ID,Page ID,Page name,Description,Publish time,Permalink,Post type,Date,Views,Reach,Reactions,Comments,Shares\n"  # noqa: E501
META_ROW = ('1234567890_111,1234567890,Dept,Hello,03/21/2025 10:15,'
            'https://www.facebook.com/1234567890/posts/111,Photos,Lifetime,"1,200",900,-2,7,\u2014\n')


def test_meta_posts_utf8_bom_negative_and_dash() -> None:
    parsed = _parse(MetaPostsCsv(), Path("posts.csv"), ("\ufeff" + META_HEAD + META_ROW).encode())
    rec = parsed.rows[0].record
    assert (rec["views"], rec["reach"], rec["likes"], rec["comments"], rec["shares"]) == (
        1200, 900, -2, 7, None)


def test_meta_posts_hindi_headers_utf16_tabs() -> None:
    hindi = ("\u092a\u094b\u0938\u094d\u091f ID\t\u092a\u0947\u091c ID\t"  # Post ID, Page ID
             "\u092a\u094d\u0930\u0915\u093e\u0936\u093f\u0924 \u0915\u0930\u0928\u0947 "
             "\u0915\u093e \u0938\u092e\u092f\t"  # Publish time
             "\u092a\u0939\u0941\u0901\u091a\t\u0936\u0947\u092f\u0930\n")  # Reach, Shares
    body = "1234567890_111\t1234567890\t03/21/2025 10:15\t\"1,23,456\"\t4\n"
    parsed = _parse(MetaPostsCsv(), Path("posts.csv"), (hindi + body).encode("utf-16"))
    rec = parsed.rows[0].record
    assert not parsed.rejected and (rec["reach"], rec["shares"]) == (123456, 4)


def test_meta_posts_xlsx(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for line in (META_HEAD + META_ROW).splitlines():
        sheet.append(next(csv.reader([line])))
    sheet.append(["Total", "", "", "", "", "", "", "", "1200", "900", "-2", "7", ""])
    path = tmp_path / "posts.xlsx"
    book.save(path)
    parsed = _parse(MetaPostsCsv(), path, path.read_bytes())
    assert parsed.read == 1 and parsed.rows[0].record["views"] == 1200


def test_meta_page_files_daily_metric_and_hindi_metric_name() -> None:
    text = ('sep=,\n"Visits"\n"Date","Primary"\n"2025-04-01T00:00:00","1,234"\n'
            '"2025-04-02T00:00:00",""\n')
    parsed = _parse(MetaPageCsv(), Path("Visits.csv"), text.encode("utf-16"))
    assert [(r.kind, r.record["metric"], r.record["value"]) for r in parsed.rows] == [
        ("account_day", "profile_visits", 1234)]
    assert parsed.read == 2 and not parsed.rejected and not parsed.notes
    assert page_metric("\u092b\u093c\u0949\u0932\u094b\u0905\u0930\u094d\u0938") == "followers"
    assert page_metric("Follows") == "new_follows" and page_metric("Something else") is None


def test_import_summary_lists_every_note_by_row(dept: object, tmp_path: Path) -> None:  # noqa: F811
    f = tmp_path / "Table data.csv"
    f.write_text(STUDIO + 'abcdefghijk,One,"Feb 19, 2026",x1,-2,,\n'
                 'bcdefghijkl,Two,"Feb 20, 2026",5,1,??,\n', encoding="utf-8")
    out = dept("import", "--format", "youtube-studio-csv", "--account",  # type: ignore[operator]
               "prakashpathak111", str(f)).output
    assert "read 2 rows; 2 new" in out and "0 rejected; 2 notes" in out
    assert f"{f}, row 2: note: Views 'x1' is not a number; stored as missing" in out
    assert f"{f}, row 3: note: Comments '??' is not a number; stored as missing" in out
    likes = _rows(dept.data_dir, "post", "post_id, likes, views")  # type: ignore[attr-defined]
    assert likes == [("abcdefghijk", -2, None), ("bcdefghijkl", 1, 5)]


def test_readme_says_how_each_export_layout_was_checked() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("#### Export layouts", 1)[1].split("\n\n", 2)[1]
    from sushasan.platforms.facebook.exports import IMPORTERS as META
    from sushasan.platforms.x.exports import IMPORTERS as X
    from sushasan.platforms.youtube.exports import IMPORTERS as YOUTUBE

    for importer in (*X, *YOUTUBE, *META):
        assert f"`{importer.name}`" in table, importer.name
    for row in table.splitlines()[2:]:
        assert "verified on a real file" in row or "from documentation" in row, row
