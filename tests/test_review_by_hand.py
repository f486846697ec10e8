"""Two departments' indicators worked out by hand from a small fixture, against the review.

The fixture is written in the project's own sushasan-jsonl format. Each expected number has its
arithmetic beside it, so a reader can check the review without trusting the code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sushasan.analytics.method import METHODS_DIR
from tests.conftest import Cli

REGISTRY = (
    "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
    "alpha,Alpha Department,अल्फा विभाग,department,,alpha_x,,,,\n"
    "beta,Beta Corporation,बीटा निगम,corporation,,beta_x,beta_fb,,,\n"
    "gamma,Gamma Authority,गामा प्राधिकरण,authority,,gamma_x,,,,\n"
)


def _post(pid: str, acc: str, at: str, likes: int, comments: int, shares: int,
          platform: str = "x") -> dict:
    return {"record": "post", "platform": platform, "account_id": acc, "post_id": pid,
            "created_at": at, "likes": likes, "comments": comments, "shares": shares}


def _msg(iid: str, acc: str, at: str, reply_to: str | None = None, platform: str = "x") -> dict:
    return {"record": "interaction", "platform": platform, "account_id": acc,
            "interaction_id": iid, "created_at": at, "in_reply_to_id": reply_to,
            "from_department": reply_to is not None, "kind": "reply" if reply_to else "mention"}


def _stat(acc: str, day: str, followers: int, platform: str = "x") -> dict:
    return {"record": "account_stat", "platform": platform, "account_id": acc, "day": day,
            "followers": followers}


def _cov(acc: str, platform: str = "x") -> dict:
    return {"record": "coverage", "platform": platform, "account_id": acc,
            "first_day": "2024-07-01", "last_day": "2024-09-30"}


RECORDS = [
    _cov("alpha_x"),
    _post("a1", "alpha_x", "2024-07-01T04:00:00Z", 10, 2, 3),  # IST 1 Jul 09:30, eng 15
    _post("a2", "alpha_x", "2024-07-01T20:00:00Z", 5, 0, 0),  # IST 2 Jul 01:30, eng 5
    _post("a3", "alpha_x", "2024-08-15T06:00:00Z", 20, 5, 5),  # IST 15 Aug, eng 30
    _post("a4", "alpha_x", "2024-06-30T19:00:00Z", 0, 0, 0),  # IST 1 Jul 00:30: in Q3
    _post("a5", "alpha_x", "2024-09-30T19:00:00Z", 99, 9, 9),  # IST 1 Oct 00:30: not in Q3
    _stat("alpha_x", "2024-07-01", 2000),
    _stat("alpha_x", "2024-09-30", 2500),
    _stat("alpha_x", "2024-10-01", 9999),  # next quarter: ignored
    _msg("c1", "alpha_x", "2024-07-10T10:00:00Z"),
    _msg("r1", "alpha_x", "2024-07-10T13:00:00Z", "c1"),  # 3 h
    _msg("r1b", "alpha_x", "2024-07-10T20:00:00Z", "c1"),  # a second reply: not the first
    _msg("c2", "alpha_x", "2024-08-01T00:00:00Z"),
    _msg("r2", "alpha_x", "2024-08-02T00:00:00Z", "c2"),  # 24 h
    _msg("c3", "alpha_x", "2024-09-01T00:00:00Z"),  # never answered
    _msg("c4", "alpha_x", "2024-09-30T18:00:00Z"),  # IST 30 Sep 23:30: in Q3
    _msg("r4", "alpha_x", "2024-10-01T00:00:00Z", "c4"),  # 6 h, answered next quarter
    _cov("beta_x"),
    _cov("beta_fb", "facebook"),
    _post("b1", "beta_x", "2024-07-05T05:00:00Z", 1, 1, 0),  # eng 2
    _post("b2", "beta_fb", "2024-09-29T05:00:00Z", 100, 10, 10, "facebook"),  # eng 120
    _stat("beta_x", "2024-07-01", 1000),
    _stat("beta_x", "2024-09-30", 1000),
    _stat("beta_fb", "2024-07-01", 4000, "facebook"),
    _stat("beta_fb", "2024-09-30", 6000, "facebook"),
    _msg("f1", "beta_fb", "2024-07-20T00:00:00Z", platform="facebook"),
    _msg("f1r", "beta_fb", "2024-07-20T02:00:00Z", "f1", platform="facebook"),  # 2 h
]


def build_world(sushasan: Cli, tmp_path: Path) -> Cli:
    """A data folder with the three departments above and the fixture's records imported."""
    sushasan.registered(REGISTRY)
    sushasan.import_records(RECORDS, "q3.jsonl")
    return sushasan


@pytest.fixture
def review(sushasan: Cli, tmp_path: Path) -> dict:
    build_world(sushasan, tmp_path)
    out = tmp_path / "out"
    # The walking-skeleton method (min-max, no volume rules) keeps the arithmetic hand-sized;
    # versioned method files stay loadable for exactly this kind of reproduction.
    sushasan(
        "review", "--quarter", "FY2024-25Q2", "--out", str(out), "--format", "json",
        "--method", str(METHODS_DIR / "sushasan-2024.1.yaml"),
    )
    return json.loads((out / "review-2024Q3.json").read_text(encoding="utf-8"))


def _values(review: dict, dep: str) -> dict:
    d = next(d for d in review["departments"] if d["id"] == dep)
    return {k: v["value"] for k, v in d["indicators"].items() if k in SKELETON}


SKELETON = (
    "posts", "active_days", "consistency", "engagement_per_post_per_1k", "follower_growth",
    "answered_share", "median_response_hours",
)


def test_alpha_indicators_by_hand(review: dict) -> None:
    assert _values(review, "alpha") == {
        "posts": 4,  # a1..a4; a5 is 1 Oct in IST
        "active_days": 3,  # IST 1 Jul (a1, a4), 2 Jul (a2), 15 Aug (a3)
        "consistency": round(2 / 13, 6),  # week 0 (1–7 Jul) and week 6 (12–18 Aug)
        "engagement_per_post_per_1k": 5.0,  # (15 + 5 + 30 + 0) / 2.5 / 4 posts
        "follower_growth": 25.0,  # (2500 − 2000) / 2000 × 100
        "answered_share": 0.75,  # c1, c2, c4 answered of c1..c4
        "median_response_hours": 6.0,  # median of 3, 24, 6
    }


def test_beta_indicators_by_hand(review: dict) -> None:
    assert _values(review, "beta") == {
        "posts": 2,
        "active_days": 2,
        "consistency": round(2 / 13, 6),  # week 0 and week 12 (29 Sep is day 90 → 90 // 7)
        "engagement_per_post_per_1k": 11.0,  # (2 / 1.0 + 120 / 6.0) / 2
        "follower_growth": 40.0,  # (1000 + 6000 − 1000 − 4000) / 5000 × 100
        "answered_share": 1.0,
        "median_response_hours": 2.0,
    }


def test_scores_and_ranks_by_hand(review: dict) -> None:
    deps = {d["id"]: d for d in review["departments"]}
    alpha, beta, gamma = deps["alpha"], deps["beta"], deps["gamma"]
    # Min–max between the two: alpha leads posts and active days and trails everything else.
    # Both have consistency 2/13: min–max of a constant is undefined (COINr gives NaN), so it
    # drops out and activity = (.4·posts + .3·days) / .7 → alpha 100, beta 0.
    assert alpha["indicators"]["consistency"]["score"] is None
    assert alpha["pillars"] == {"activity": 100.0, "engagement": 0.0, "responsiveness": 0.0}
    assert beta["pillars"] == {"activity": 0.0, "engagement": 100.0, "responsiveness": 100.0}
    assert alpha["score"] == pytest.approx(0.35 * 100)
    assert beta["score"] == pytest.approx(0.30 * 100 + 0.35 * 100)
    assert alpha["indicators"]["median_response_hours"]["score"] == 0.0  # slower is worse
    assert (beta["rank"], alpha["rank"]) == (1, 2)
    assert review["top3"] == ["beta", "alpha"]
    assert gamma["status"] == "insufficient_data"
    assert gamma["rank"] is None and gamma["score"] is None
    assert gamma["coverage"]["overall"] == 0.0
    assert beta["coverage"] == {
        "overall": 1.0, "x": 1.0, "facebook": 1.0, "instagram": 0.0, "youtube": 0.0,
        "days_covered_any": 1.0, "gaps": {},
    }
    assert gamma["coverage"]["gaps"] == {"x": [["2024-07-01", "2024-09-30"]]}
    assert review["quarter"] == "2024Q3" and review["fiscal_quarter"] == "FY2024-25Q2"
    assert review["data"] == "real"
    assert review["method"]["version"] == "2024.1"
    assert review["method"]["weights"]["pillars"] == {
        "activity": 0.35, "engagement": 0.30, "responsiveness": 0.35
    }


def test_full_method_on_the_same_fixture(sushasan: Cli, tmp_path: Path) -> None:
    """Method 2024.2: goalposts, volume rules and re-weighting, checked by hand."""
    build_world(sushasan, tmp_path)
    out = tmp_path / "out"
    sushasan("review", "--quarter", "2024Q3", "--out", str(out), "--format", "json")
    review = json.loads((out / "review-2024Q3.json").read_text(encoding="utf-8"))
    alpha = next(d for d in review["departments"] if d["id"] == "alpha")
    ind = alpha["indicators"]
    # Goalposts: posts 4 on [0, 270] → 4/270·100; active days 3 on [0, 90] → 3.33…
    assert ind["posts"]["score"] == pytest.approx(400 / 270, abs=1e-6)
    assert ind["active_days"]["score"] == pytest.approx(300 / 90, abs=1e-6)
    # Engagement per 1k 5.0 on [0, 20] → 25; follower growth 25% on [0, 15] → capped at 100.
    assert ind["engagement_per_post_per_1k"]["score"] == pytest.approx(25.0)
    assert ind["follower_growth"]["score"] == pytest.approx(100.0)
    # Four citizen messages are below the minimum of 10: no answered share, no response time
    # (3 answered < 5), so responsiveness is missing and its weight moves to the others.
    assert ind["answered_share"]["value"] is None
    assert ind["median_response_hours"]["value"] is None
    assert alpha["pillars"]["responsiveness"] is None
    assert alpha["counts"] == {
        "citizen_messages": 4, "answered": 3, "followers": 2500, "posts_by_platform": {"x": 4}
    }
    assert set(review["unavailable_pillars"]) >= {"grievance", "website", "responsiveness"}
    # Score = weighted mean of the pillars present (activity .25, engagement .20,
    # informativeness .20), each pillar the weighted mean of its indicators.
    p = alpha["pillars"]
    expected = (0.25 * p["activity"] + 0.20 * p["engagement"] + 0.20 * p["informativeness"]) / 0.65
    assert alpha["score"] == pytest.approx(expected, abs=1e-5)
    assert alpha["rank_interval"] is not None and alpha["tier"] >= 1
    assert review["uncertainty"]["runs"] == 1000
