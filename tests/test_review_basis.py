"""What the records hold against what the review counted (raw, counted, why), the imputation
policy's coverage floor, and the daily account file against the per-post export.

Small worlds in the project's own formats: sushasan-jsonl records written here, and the made-up
UKDITOfficial X exports in tests/fixtures/exports (a per-tweet and a daily file of July 2024).
The expected numbers are worked out from those inputs beside each assertion, not read back from
the review. The real X files in ../shared/realdata are read the same way (skipped without them).
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from sushasan.analytics.method import DEFAULT_METHOD, METHODS_DIR, load_method
from sushasan.errors import ConfigError
from tests.conftest import REALDATA, Cli

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
PER_TWEET = FIXTURES / "tweet_activity_metrics_UKDITOfficial_20240701_20240801_en.csv"
DAILY = FIXTURES / "daily_tweet_activity_metrics_UKDITOfficial_20240701_20240801_en.csv"
KAIA = REALDATA / "exports" / "x_analytics" / "kaia_devdash_2025"

REGISTRY = (
    "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
    "alpha,Alpha Department,अल्फा विभाग,department,,alpha_x,,,,\n"
    "beta,Beta Corporation,बीटा निगम,corporation,,beta_x,,,,\n"
    "gamma,Gamma Authority,गामा प्राधिकरण,authority,,gamma_x,,,,\n"
    "delta,Delta Board,डेल्टा बोर्ड,undertaking,,delta_x,,,,\n"
)
REPEAT = ("The Jan Seva Kendra helpline 1905 is open on all days from 9 am to 6 pm for "
          "income, caste and domicile certificates, pensions and ration cards.")
TOPICS = ("road repair on the Dehradun bypass", "scholarship forms for class 11",
          "a vaccination camp in Haldwani", "the new bus timetable for Rishikesh",
          "flood warnings for the Alaknanda valley", "a job fair at the ITI in Roorkee",
          "free eye check-ups in Almora", "the date sheet of the board exams",
          "solar pump subsidies for farmers", "a blood donation drive in Nainital")


def _post(pid: str, acc: str, day: str, text: str, likes: int = 10) -> dict:
    return {"record": "post", "platform": "x", "account_id": acc, "post_id": pid,
            "created_at": f"{day}T06:00:00Z", "text": text, "likes": likes, "comments": 1,
            "shares": 2}


def _world(sushasan: Cli) -> Cli:
    """alpha repeats one announcement three times (two repeats left out); beta posts ten
    different things; gamma's sources miss 20 days (72 of 92 covered, above the floor);
    delta's miss September (62 of 92, below it)."""
    records: list[dict] = []
    for acc, last in (("alpha_x", "2024-09-30"), ("beta_x", "2024-09-30"),
                      ("gamma_x", "2024-09-10"), ("delta_x", "2024-08-31")):
        records.append({"record": "coverage", "platform": "x", "account_id": acc,
                        "first_day": "2024-07-01", "last_day": last})
        records += [{"record": "account_stat", "platform": "x", "account_id": acc,
                     "day": day, "followers": 1000} for day in ("2024-07-01", last)]
    records += [_post(f"a{i}", "alpha_x", f"2024-07-{10 + 7 * i:02d}", REPEAT) for i in range(3)]
    records += [_post(f"a{i}", "alpha_x", f"2024-08-{i:02d}", f"Today: {TOPICS[i]}.")
                for i in range(3, 5)]
    for acc in ("beta", "gamma", "delta"):
        records += [_post(f"{acc[0]}{i}", f"{acc}_x", f"2024-07-{i + 1:02d}",
                          f"{acc.title()} update: {t}.") for i, t in enumerate(TOPICS)]
    sushasan.registered(REGISTRY)
    sushasan.import_records(records, "q3.jsonl")
    return sushasan


def _review(cli: Cli, tmp_path: Path, quarter: str = "2024Q3", method: Path | None = None,
            name: str = "out") -> dict:
    out = tmp_path / name
    cli("review", "--quarter", quarter, "--out", str(out), "--format", "json,xlsx,html",
        *(("--method", str(method)) if method else ()))
    return json.loads((out / f"review-{quarter}.json").read_text(encoding="utf-8"))


def _dep(review: dict, dep: str) -> dict:
    return next(d for d in review["departments"] if d["id"] == dep)


@pytest.fixture
def world(sushasan: Cli, tmp_path: Path) -> tuple[Cli, dict]:
    cli = _world(sushasan)
    return cli, _review(cli, tmp_path)


def test_near_duplicates_keep_their_raw_figure(world: tuple[Cli, dict]) -> None:
    _, review = world
    posts = _dep(review, "alpha")["indicators"]["posts"]
    # five posts in the files; the second and third copy of the announcement are left out
    assert (posts["raw"], posts["counted"], posts["value"]) == (5, 3, 3)
    (step,) = posts["adjustments"]
    assert step["reason"] == "near_duplicates_removed"
    assert (step["from"], step["to"], step["records"]) == (5, 3, 2)
    assert step["post_ids"] == ["a1", "a2"]
    assert posts["basis"] == ["per_post_export"]
    # beta has nothing to adjust: raw and counted agree and no step is listed
    beta = _dep(review, "beta")["indicators"]["posts"]
    assert (beta["raw"], beta["counted"]) == (10, 10) and "adjustments" not in beta
    assert review["summary"]["excluded_near_duplicate_posts"] == 2


def test_above_the_floor_counts_are_imputed_and_say_so(world: tuple[Cli, dict]) -> None:
    _, review = world
    gamma = _dep(review, "gamma")
    share = 72 / 92  # 1 Jul – 10 Sep of a 92-day quarter
    assert gamma["status"] == "ranked"
    assert gamma["platforms"]["x"]["status"] == "imputed"
    assert gamma["platforms"]["x"]["imputed_share"] == round(1 - share, 6)
    posts = gamma["indicators"]["posts"]
    assert posts["raw"] == 10 and posts["counted"] == round(10 / share, 6)
    (step,) = posts["adjustments"]
    assert step["reason"] == "imputed_for_missing_days"
    assert step["share"] == round(1 - share, 6)  # 2.78 of the 12.78 posts counted are imputed
    active = gamma["indicators"]["active_days"]
    assert (active["raw"], active["counted"]) == (10, round(10 / share, 6))
    assert review["summary"]["imputed"] == 1
    assert review["method"]["version"] == "2024.3"
    assert review["method"]["imputation"] == {"coverage_floor": 0.75, "method": "covered_pace"}


def test_below_the_floor_a_missing_month_is_not_scaled_up(world: tuple[Cli, dict]) -> None:
    _, review = world
    delta = _dep(review, "delta")
    share = 62 / 92  # September missing: 0.67, the ranked-and-scaled case
    assert delta["status"] == "insufficient_data" and delta["rank"] is None
    assert delta["platforms"]["x"] == {"coverage": round(share, 6),
                                       "status": "insufficient_data", "imputed_share": None,
                                       "posts_raw": 10, "posts_counted": 10}
    posts = delta["indicators"]["posts"]
    assert posts["raw"] == posts["counted"] == 10
    (step,) = posts["adjustments"]
    assert step["reason"] == "not_imputed_below_floor" and step["share"] == round(share, 6)


def test_method_2024_2_still_ranks_and_scales_the_missing_month(
    world: tuple[Cli, dict], tmp_path: Path
) -> None:
    """Older method files stay loadable and give the result they gave (floor 0.6, no floor)."""
    cli, _ = world
    review = _review(cli, tmp_path, method=METHODS_DIR / "sushasan-2024.2.yaml", name="old")
    delta = _dep(review, "delta")
    assert delta["status"] == "ranked"
    assert delta["indicators"]["posts"]["counted"] == round(10 / (62 / 92), 6)
    assert "imputation" not in review["method"]


def _sum(path: Path, column: str, day_col: str | None = None,
         first: date | None = None, last: date | None = None,
         parse=lambda s: datetime.strptime(s[:10], "%Y-%m-%d").date()) -> int:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return sum(
        int(float(r[column])) for r in rows
        if r[column] not in ("", "-") and (
            day_col is None or first <= parse(r[day_col]) <= last)  # type: ignore[operator]
    )


def test_daily_file_and_per_tweet_file_disagree_and_both_numbers_are_shown(
    sushasan: Cli, tmp_path: Path
) -> None:
    sushasan.registered(
        "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
        "it_dept,Department of IT,सूचना प्रौद्योगिकी विभाग,department,,UKDITOfficial,,,,\n")
    sushasan("import", "--format", "x-analytics-csv", str(PER_TWEET))
    sushasan("import", "--format", "x-analytics-daily-csv", str(DAILY))
    review = _review(sushasan, tmp_path)
    d = _dep(review, "it_dept")
    per_post = _sum(PER_TWEET, "impressions")
    daily = _sum(DAILY, "impressions", "Date", date(2024, 7, 1), date(2024, 9, 30))
    assert per_post != daily  # lifetime-to-export per tweet against per day: they differ
    line = next(r for r in d["reconciliation"] if r["metric"] == "impressions")
    assert (line["platform"], line["per_post"], line["daily"]) == ("x", per_post, daily)
    assert line["difference"] == daily - per_post
    assert line["difference_share"] == round(abs(daily - per_post) / daily, 6)
    assert line["flagged"] is (abs(daily - per_post) / daily > 0.005)
    fig = d["figures"]["x"]["impressions"]
    # an account-level figure comes from the daily account file when there is one
    assert fig == {"value": daily, "basis": "daily_account_file", "per_post": per_post,
                   "daily": daily, "daily_days": 31}
    assert d["indicators"]["posts"]["basis"] == ["per_post_export"]
    # July only: a third of the quarter, below the floor, so nothing is imputed
    assert d["platforms"]["x"]["status"] == "insufficient_data"
    if line["flagged"]:
        assert review["summary"]["reconciliation_flagged"] == 1


@pytest.mark.realdata
def test_real_x_daily_and_per_post_files_reconcile_line(sushasan: Cli, tmp_path: Path) -> None:
    """The real account overview (daily) and content (per post) files of one account: in
    2025Q1 both exist, and their impressions differ (per-post counts run to the export day)."""
    sushasan.registered(
        "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
        "kaia,Kaia Dev,काइआ विभाग,department,,kaiadevintern,,,,\n")
    content = KAIA / "kaiadevintern_account_analytics_content_2024-12-22_2025-03-22.csv"
    overview = KAIA / "kaiadevintern_account_overview_analytics.csv"
    sushasan("import", "--format", "x-content-csv", str(content))
    sushasan("import", "--format", "x-account-overview-csv", "--account", "kaiadevintern",
             str(overview))
    review = _review(sushasan, tmp_path, "2025Q1")
    d = _dep(review, "kaia")
    q1 = (date(2025, 1, 1), date(2025, 3, 31))
    daily = _sum(overview, "Impressions", "Date", *q1,
                 parse=lambda s: datetime.strptime(s, "%a, %b %d, %Y").date())
    per_post = _sum(content, "Impressions", "Date", *q1,
                    parse=lambda s: datetime.strptime(s, "%a %b %d %Y").date())
    line = next(r for r in d["reconciliation"] if r["metric"] == "impressions")
    assert (line["per_post"], line["daily"]) == (per_post, daily)
    assert line["flagged"] is (abs(daily - per_post) / daily > 0.005)
    # covered 1 Jan – 22 Mar: 81 of 90 days, above the floor, so posts are imputed
    assert d["platforms"]["x"]["status"] == "imputed"
    assert d["platforms"]["x"]["coverage"] == round(81 / 90, 6)


def test_method_file_imputation_policy(tmp_path: Path) -> None:
    m = load_method()
    assert m.coverage_floor == 0.75 and m.coverage_threshold == 0.75
    assert load_method(METHODS_DIR / "sushasan-2024.2.yaml").coverage_floor == 0.0
    bad = tmp_path / "m.yaml"
    text = DEFAULT_METHOD.read_text(encoding="utf-8")
    bad.write_text(text.replace("coverage_floor: 0.75", "coverage_floor: 1.5"), encoding="utf-8")
    with pytest.raises(ConfigError, match="coverage_floor must be between 0 and 1"):
        load_method(bad)
    bad.write_text(text.replace("method: covered_pace", "method: guess"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"imputation\.method must be one of covered_pace"):
        load_method(bad)
