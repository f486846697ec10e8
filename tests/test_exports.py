"""Hand-downloaded exports (X 2024+, X daily, YouTube Studio, Meta) through `sushasan import`.

The importers' behaviour (truncation, wrong format, re-import) is tested on the project's own
fixtures (tests/fixtures/exports: made-up posts of a department in each real format, written from
FORMAT_NOTES.md; the real exports carry no licence, so none of their bytes are copied). The tests
marked ``realdata`` also import the real X and YouTube files in shared/realdata/exports as their
owners downloaded them; they skip without that folder (CI requires it).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from sushasan import plugins
from tests.conftest import REALDATA, Cli
from tests.test_import import _snapshot

EXPORTS = REALDATA / "exports"
KAIA = EXPORTS / "x_analytics" / "kaia_devdash_2025"
CONTENT = KAIA / "kaiadevintern_account_analytics_content_2024-12-22_2025-03-22.csv"
OVERVIEW = KAIA / "kaiadevintern_account_overview_analytics.csv"
YT = EXPORTS / "youtube_studio" / "prakashpathak111_yt_insights_pro"
FIXTURES = Path(__file__).parent / "fixtures" / "exports"
OWN_CONTENT = FIXTURES / "ukditofficial_account_analytics_content_2024-07-01_2024-07-31.csv"
OWN_OVERVIEW = FIXTURES / "ukditofficial_account_overview_analytics.csv"
OWN_YT = FIXTURES / "youtube_studio"
DAILY = FIXTURES / "daily_tweet_activity_metrics_UKDITOfficial_20240701_20240801_en.csv"
META_FB = FIXTURES / "Mar-21-2025_Apr-19-2025_1234567890.csv"
META_IG = FIXTURES / "Apr-01-2025_Apr-30-2025_17841400000000000.csv"
MODULES = (
    "sushasan.platforms.x",
    "sushasan.platforms.youtube",
    "sushasan.platforms.facebook",
)
REG = (
    "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website,facebook_id,"
    "instagram_id\n"
    "it_dept,Department of IT,सूचना प्रौद्योगिकी विभाग,department,it,kaiadevintern;UKDITOfficial,"
    "uttarakhanddit,uttarakhand_dit,prakashpathak111;uttarakhand_it,,1234567890,17841400000000000\n"
)


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Until plugins.BUILTINS lists these modules, add them for the tests (a no-op afterwards)."""
    extra = tuple(m for m in MODULES if m not in plugins.BUILTINS)
    monkeypatch.setattr(plugins, "BUILTINS", plugins.BUILTINS + extra)
    yield


@pytest.fixture
def dept(initialised: Cli, tmp_path: Path) -> Cli:
    reg = tmp_path / "reg.csv"
    reg.write_text(REG, encoding="utf-8")
    initialised("registry", "import", str(reg))
    return initialised


def _rows(data_dir: Path, kind: str, columns: str) -> list[tuple]:
    if not list((data_dir / "lake" / kind).rglob("*.parquet")):
        return []
    con = duckdb.connect()
    return con.execute(
        f"SELECT {columns} FROM read_parquet('{data_dir}/lake/{kind}/*/*/*.parquet', "
        "hive_partitioning=true) ORDER BY 1"
    ).fetchall()


POST = "post_id, platform, account_id, likes, comments, shares, views, reach, impressions, month"


@pytest.mark.realdata
def test_x_content_real_file(dept: Cli) -> None:
    out = dept("import", "--format", "x-content-csv", str(CONTENT)).output
    assert "read 173 rows; 173 new, 0 updated" in out
    assert "0 quarantined; 0 rejected" in out
    assert "coverage: it_dept x 2024-12-22 – 2025-03-22" in out
    posts = _rows(dept.data_dir, "post", POST)
    assert len(posts) == 173
    # "GM CT stocking up on $KAIA ...": Impressions 1295, Likes 12, Replies 3, Reposts 0.
    assert ("1902620165822672967", "x", "kaiadevintern", 12, 3, 0, None, None, 1295,
            "2025-03") in posts
    con = duckdb.connect()
    created, metrics_at, url = con.execute(
        "SELECT epoch(created_at), epoch(metrics_at), url FROM read_parquet("
        f"'{dept.data_dir}/lake/post/*/*/*.parquet') WHERE post_id = '1902620165822672967'"
    ).fetchone()
    # "Thu Mar 20 2025" has no time: noon IST, 06:30 UTC. Counts as read at the end of 22 March IST.
    assert created == datetime(2025, 3, 20, 6, 30, tzinfo=UTC).timestamp()
    assert metrics_at == datetime(2025, 3, 22, 18, 30, tzinfo=UTC).timestamp()
    assert url.endswith("/status/1902620165822672967")
    before = _snapshot(dept.data_dir)
    again = dept("import", "--format", "x-content-csv", str(CONTENT)).output
    assert "already imported" in again and "nothing changed" in again
    assert _snapshot(dept.data_dir) == before


@pytest.mark.realdata
def test_x_overview_real_file_needs_account_and_is_a_summary_only(dept: Cli) -> None:
    out = dept("import", "--format", "x-account-overview-csv", str(OVERVIEW), ok=False)
    assert out.exit_code == 1
    assert f"{OVERVIEW}: an X account overview export does not name its account; use " \
           "--account HANDLE" in out.output
    out = dept("import", "--format", "x-account-overview-csv", "--account", "@KaiaDevIntern",
               str(OVERVIEW)).output
    # 271 days, each with the 13 daily metrics whose cell holds a value.
    assert "read 271 rows; 3523 new" in out and "0 rejected" in out
    assert "x 2024-06-24 – 2025-03-21 (totals without posts" in out and "coverage:" not in out
    assert _rows(dept.data_dir, "post", POST) == []
    days = _rows(dept.data_dir, "account_day", "day, metric, value, account_id")
    assert len(days) == 3523
    assert (datetime(2025, 3, 21).date(), "impressions", 1070, "kaiadevintern") in days
    again = dept("import", "--format", "x-account-overview-csv", "--account", "kaiadevintern",
                 str(OVERVIEW)).output
    assert "already imported" in again


@pytest.mark.realdata
def test_youtube_studio_real_trio(dept: Cli) -> None:
    table = YT / "Table data.csv"
    out = dept("import", "--format", "youtube-studio-csv", "--account", "prakashpathak111",
               str(table)).output
    # 500 lines: header, the channel Total (skipped, not read) and 498 videos.
    assert "read 498 rows; 498 new, 0 updated" in out and "0 rejected" in out
    posts = _rows(dept.data_dir, "post", POST)
    assert len(posts) == 498
    # " -pvZz7Zj4QM" (leading space in the file): Views 23, Impressions 38, published Oct 1, 2025.
    assert ("-pvZz7Zj4QM", "youtube", "prakashpathak111", None, None, None, 23, None, 38,
            "2025-10") in posts
    for name in ("Chart data.csv", "Totals.csv"):
        out = dept("import", "--format", "youtube-studio-csv", "--account", "prakashpathak111",
                   str(YT / name)).output
        assert "0 new" in out and "coverage:" not in out
        assert "summary only: @prakashpathak111 youtube 2023-06-24 – 2026-06-24" in out
    assert len(_rows(dept.data_dir, "post", POST)) == 498
    again = dept("import", "--format", "youtube-studio-csv", "--account", "prakashpathak111",
                 str(table)).output
    assert "already imported" in again


def test_own_x_and_youtube_fixtures_import_like_the_real_files(dept: Cli) -> None:
    """The project's own fixtures are read the way the real exports are (so the tests that use
    them, and the fuzz seeds, start from files the importers accept whole)."""
    out = dept("import", "--format", "x-content-csv", str(OWN_CONTENT)).output
    assert "read 20 rows; 20 new, 0 updated" in out and "0 rejected" in out
    assert "coverage: it_dept x 2024-07-01 – 2024-07-31" in out
    posts = _rows(dept.data_dir, "post", POST)
    assert ("1818660120345678336", "x", "ukditofficial", 11, 5, 9, None, None, 1945,
            "2024-07") in posts
    out = dept("import", "--format", "x-account-overview-csv", "--account", "UKDITOfficial",
               str(OWN_OVERVIEW)).output
    assert "read 12 rows; 156 new" in out and "x 2024-07-20 – 2024-07-31 (totals" in out
    out = dept("import", "--format", "youtube-studio-csv", "--account", "uttarakhand_it",
               str(OWN_YT / "Table data.csv")).output
    assert "read 5 rows; 5 new, 0 updated" in out and "0 rejected" in out
    # " -pQ7tR2wZ5a" has the leading space Studio writes before an id starting with "-".
    assert any(p[0] == "-pQ7tR2wZ5a" and p[2] == "uttarakhand_it"
               for p in _rows(dept.data_dir, "post", POST))
    for name, days in (("Chart data.csv", "2024-07-24 – 2024-07-31"),
                       ("Totals.csv", "2024-07-22 – 2024-07-31")):
        out = dept("import", "--format", "youtube-studio-csv", "--account", "uttarakhand_it",
                   str(OWN_YT / name)).output
        assert f"summary only: @uttarakhand_it youtube {days}" in out, out


def test_youtube_negative_likes_are_kept_as_data(dept: Cli, tmp_path: Path) -> None:
    """Studio writes negative likes when more were removed than added in the period (a Hindi
    news channel lost 32% of its videos to this): they are stored as written."""
    f = tmp_path / "Table data.csv"
    f.write_text(
        "Content,Video title,Video publish time,Views,Likes,Subscribers\n"
        "Total,,,100,5,-3\n"
        "abcdefghijk,Lost a subscriber,\"Feb 19, 2026\",40,2,-1\n"
        " -bcdefghijk,Negative likes,\"Feb 20, 2026\",60,-2,0\n"
        "bad id,Not a video,\"Feb 21, 2026\",1,,\n",
        encoding="utf-8",
    )
    out = dept("import", "--format", "youtube-studio-csv", "--account", "prakashpathak111",
               str(f)).output
    assert "read 3 rows; 2 new" in out and "1 rejected" in out
    assert f"{f}, row 5: Content 'bad id' is not a YouTube video id" in out
    posts = {p[0]: p for p in _rows(dept.data_dir, "post", POST)}
    assert posts["-bcdefghijk"][3] == -2 and posts["abcdefghijk"][3] == 2


def test_x_daily_fixture_reports_its_days_as_summary_only(dept: Cli) -> None:
    out = dept("import", "--format", "x-analytics-daily-csv", str(DAILY)).output
    assert "read 31 rows; 310 new" in out and "0 rejected" in out
    by_metric = dict(duckdb.connect().execute(
        f"SELECT metric, count(*) FROM read_parquet('{dept.data_dir}/lake/account_day/*/*/*"
        ".parquet') GROUP BY metric").fetchall())
    assert set(by_metric) == {
        "posts", "impressions", "engagements", "likes", "comments", "reposts", "profile_visits",
        "link_clicks", "new_follows", "video_views"} and set(by_metric.values()) == {31}
    # 20240701_20240801 lists 1–31 July: the name's end day is exclusive.
    assert "x 2024-07-01 – 2024-07-31 (totals without posts" in out and "coverage:" not in out


def test_meta_posts_fixture(dept: Cli) -> None:
    out = dept("import", "--format", "meta-posts-csv", str(META_FB)).output
    assert "read 5 rows; 4 new" in out and "1 rejected" in out
    # Row 3 of the sheet spans lines 3–4 (a line break in the Description), so the bad date is 5.
    assert f"{META_FB}, row 5: Publish time '2025-13-01 10:00' is not like 03/21/2025 10:15" in out
    assert ("1234567890_114", -2) in _rows(dept.data_dir, "post", "post_id, likes")
    assert "coverage: it_dept facebook 2025-03-21 – 2025-04-19" in out
    posts = _rows(dept.data_dir, "post", POST)
    assert ("1234567890_111", "facebook", "id:1234567890", 45, 7, 5, 1200, 900, None,
            "2025-03") in posts
    assert ("1234567890_115", "facebook", "id:1234567890", 9, 0, 1, None, None, None,
            "2025-04") in posts
    kinds = _rows(dept.data_dir, "post", "post_id, kind, language")
    assert [k[1] for k in kinds] == ["photo", "video", "link", "text"]
    assert kinds[0][2] == "hi"
    out = dept("import", "--format", "meta-posts-csv", str(META_IG)).output
    assert "read 2 rows; 2 new" in out
    assert "coverage: it_dept instagram 2025-04-01 – 2025-04-30" in out
    ig = [p for p in _rows(dept.data_dir, "post", POST) if p[1] == "instagram"]
    assert ig[0][:7] == ("18000000000000001", "instagram", "id:17841400000000000", 210, 9, 12,
                         2300)


def test_meta_page_files_followers_and_coverage(dept: Cli) -> None:
    followers = FIXTURES / "Followers.csv"
    out = dept("import", "--format", "meta-page-csv", "--account", "uttarakhanddit",
               str(followers)).output
    assert "read 7 rows; 7 new" in out
    assert "facebook 2025-04-01 – 2025-04-07 (totals without posts" in out
    stats = _rows(dept.data_dir, "account_stat", "day, account_id, followers")
    assert (str(stats[0][0]), *stats[0][1:]) == ("2025-04-01", "uttarakhanddit", 15230)
    out = dept("import", "--format", "meta-page-csv", "--account", "uttarakhanddit",
               str(FIXTURES / "Views.csv")).output
    assert "read 10 rows; 10 new" in out
    assert "facebook 2025-04-01 – 2025-04-10 (totals without posts" in out
    views = _rows(dept.data_dir, "account_day", "day, metric, value")
    assert len(views) == 10 and {v[1] for v in views} == {"views"}
    assert len(_rows(dept.data_dir, "account_stat", "day")) == 7


def _cut_in_quote(text: str) -> str:
    """Lines 1–10, then line 11 up to a few characters into its quoted post text."""
    lines = text.splitlines(keepends=True)
    return "".join(lines[:10]) + lines[10][: lines[10].index('"') + 8]


def _cut_short(text: str) -> str:
    """Lines 1–15, then line 16 up to its post text: 3 of 17 cells and no newline."""
    lines = text.splitlines(keepends=True)
    return "".join(lines[:15]) + lines[15][: lines[15].index('"')]


@pytest.mark.parametrize(
    ("cut", "why"),
    [
        (_cut_in_quote, "line 11: a quoted field starts here and never ends"),
        (_cut_short, "line 16: the last row has 3 of 17 cells and the file ends without a newline"),
    ],
)
def test_truncated_file_is_refused_whole(
    dept: Cli, tmp_path: Path, cut: Callable[[str], str], why: str
) -> None:
    broken = tmp_path / OWN_CONTENT.name
    broken.write_bytes(cut(OWN_CONTENT.read_bytes().decode("utf-8")).encode("utf-8"))
    before = _snapshot(dept.data_dir)
    out = dept("import", "--format", "x-content-csv", str(broken), ok=False)
    assert out.exit_code == 1
    assert f"{broken}, {why}" in out.output
    assert "Nothing was imported" in out.output
    assert _snapshot(dept.data_dir) == before
    # Nothing was recorded, so the good file afterwards is a first import, not a repeat.
    good = dept("import", "--format", "x-content-csv", str(OWN_CONTENT)).output
    assert "already imported" not in good and "20 new" in good


def test_wrong_format_names_the_right_one(dept: Cli, tmp_path: Path) -> None:
    table = tmp_path / "Table data.csv"
    shutil.copy(OWN_YT / "Table data.csv", table)
    out = dept("import", "--format", "x-content-csv", str(table), ok=False).output
    assert f"{table}, line 1: not an X per-post content export (missing column(s) 'Post id', " \
           "'Date')" in out
    assert "use --format youtube-studio-csv" in out and "Nothing was imported" in out
    out = dept("import", "--format", "youtube-studio-csv", "--account", "x", str(OWN_CONTENT),
               ok=False).output
    assert "not a YouTube Studio" in out and "use --format x-content-csv" in out
    out = dept("import", "--format", "meta-posts-csv", str(OWN_OVERVIEW), ok=False).output
    assert "use --format x-account-overview-csv" in out
    assert _rows(dept.data_dir, "post", POST) == []


def test_formats_lists_the_new_importers(dept: Cli) -> None:
    out = dept("formats").output
    for name in ("x-analytics-daily-csv", "x-account-overview-csv", "x-content-csv",
                 "youtube-studio-csv", "meta-posts-csv", "meta-page-csv"):
        assert name in out


def test_x_content_tolerates_other_spellings_and_dates_from_content(
    dept: Cli, tmp_path: Path
) -> None:
    f = tmp_path / "posts.csv"
    f.write_text(
        "post_id, DATE ,Post Text,Post Link,impressions,likes,Shares,replies,REPOSTS\n"
        "101,Mon Mar 3 2025,hello,https://x.com/UKDITOfficial/status/101,50,4,9,1,2\n"
        "102,Wed Mar 5 2025,again,https://twitter.com/UKDITOfficial/status/102,7,,0,0,0\n"
        "abc,Wed Mar 5 2025,bad id,https://x.com/UKDITOfficial/status/1,1,1,1,1,1\n",
        encoding="utf-8",
    )
    out = dept("import", "--format", "x-content-csv", str(f)).output
    assert "read 3 rows; 2 new" in out and "1 rejected" in out
    assert f"{f}, row 4: Post id 'abc' is not a number" in out
    assert "coverage: it_dept x 2025-03-03 – 2025-03-05" in out
    posts = _rows(dept.data_dir, "post", POST)
    # Shares (share-menu sends, 9) is not stored: shares = Reposts.
    assert posts[0] == ("101", "x", "ukditofficial", 4, 1, 2, None, None, 50, "2025-03")
    assert posts[1][3] is None
