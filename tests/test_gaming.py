"""Anti-gaming flags on hand-made posts: what must be flagged, and what must not.

Each check gets a positive case and the look-alike that must pass: a repeated message against the
same message cross-posted to three platforms, a quarter-end burst against a steady poster, bought
likes against an organic hit. Times are built in IST, as departments post, and stored as UTC, as
the lake holds them.
"""

from __future__ import annotations

import itertools
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from sushasan.analytics.gaming import (
    Flag,
    _similar_groups,
    engagement_anomalies,
    excluded_post_ids,
    near_duplicate_posts,
    normalise_text,
    quarter_end_burst,
    shingles,
)
from sushasan.quarters import IST
from sushasan.sample.texts import LANGUAGES, department_post

Q3_FIRST, Q3_LAST = date(2024, 7, 1), date(2024, 9, 30)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """An IST wall-clock time, stored as UTC like the lake does."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=IST).astimezone(UTC)


def post(dep: str, pid: str, when: datetime, text: str = "", platform: str = "x",
         **metrics: Any) -> dict[str, Any]:
    return {"department_id": dep, "post_id": pid, "created_at": when, "text": text,
            "platform": platform, **metrics}


# ------------------------------------------------------------------------------ near-duplicates
POWER_CUT = ("ऊर्जा निगम सूचना: रखरखाव कार्य के चलते {d} सितंबर को सुबह {h} से दोपहर 2 बजे तक राजपुर "
             "रोड क्षेत्र के {n} मोहल्लों में विद्युत आपूर्ति बाधित रहेगी। असुविधा के लिए खेद है।")
OTHER_POSTS = [
    "मुख्यमंत्री हेल्पलाइन 1905 पर अपनी शिकायत दर्ज कराएं।",
    "Heartiest greetings on Igas Bagwal to all residents of Uttarakhand!",
    "Scholarship ke liye aavedan ki antim tithi 30 September hai.",
    "Traffic diversion for Kanwar Yatra from 22 July to 2 August via Roorkee.",
]


def test_hindi_repeats_with_changed_date_and_number_are_one_flag() -> None:
    days = [date(2024, 9, 2), date(2024, 9, 9), date(2024, 9, 16)]
    posts = [
        post("upcl", f"p{i}", at(d), POWER_CUT.format(d=d.day + 1, h=9 + i, n=12 + 5 * i))
        for i, d in enumerate(days)
    ]
    posts += [post("upcl", f"o{i}", at(date(2024, 8, 1 + i)), t) for i, t in enumerate(OTHER_POSTS)]
    flags = near_duplicate_posts(posts)
    assert len(flags) == 1
    f = flags[0]
    assert (f.kind, f.department_id, f.post_ids, f.keep_post_ids) == (
        "near_duplicate_posts", "upcl", ("p0", "p1", "p2"), ("p0",)
    )
    assert "3 times" in f.detail_en and "2 Sep 2024" in f.detail_en and "16 Sep 2024" in f.detail_en
    assert "3 बार" in f.detail_hi and "2 सितंबर 2024" in f.detail_hi
    assert excluded_post_ids(flags) == {"p1", "p2"}


def test_cross_posting_one_announcement_is_not_flagged() -> None:
    text = ("Char Dham Yatra Advisory: pilgrims are advised not to travel on 5 and 6 July. "
            "#ChardhamYatra")
    posts = [
        post("tourism", "x1", at(date(2024, 7, 4), 9), text, "x"),
        post("tourism", "fb1", at(date(2024, 7, 4), 9, 5), text + " https://t.co/AbC", "facebook"),
        post("tourism", "ig1", at(date(2024, 7, 4), 18), text, "instagram"),
        post("tourism", "yt1", at(date(2024, 7, 5), 8), text, "youtube"),
    ]
    assert near_duplicate_posts(posts) == []


def test_repeats_across_platforms_count_postings_not_posts() -> None:
    text = ("Last date to apply for the Post-Matric Scholarship is {d} November. Apply on the "
            "portal.")
    posts = [
        post("edu", "x1", at(date(2024, 9, 1)), text.format(d=15), "x"),
        post("edu", "fb1", at(date(2024, 9, 1), 11), text.format(d=15), "facebook"),
        post("edu", "x2", at(date(2024, 9, 5)), text.format(d=15), "x"),
        post("edu", "x3", at(date(2024, 9, 9)), text.format(d=30), "x"),
        post("edu", "fb3", at(date(2024, 9, 9), 12), text.format(d=30), "facebook"),
    ]
    [f] = near_duplicate_posts(posts)
    assert f.post_ids == ("fb1", "fb3", "x1", "x2", "x3")
    assert f.keep_post_ids == ("fb1", "x1")
    assert excluded_post_ids([f]) == {"x2", "x3", "fb3"}
    assert "3 times" in f.detail_en and "5 posts" in f.detail_en and "3 of them" in f.detail_en


def test_the_same_platform_twice_in_a_day_is_a_repeat_not_a_cross_post() -> None:
    text = "Happy Independence Day from the entire department family! Jai Hind."
    posts = [post("d", f"x{i}", at(date(2024, 8, 15), 8 + i), text, "x") for i in range(3)]
    [f] = near_duplicate_posts(posts)
    assert f.keep_post_ids == ("x0",)


def test_two_repeats_and_other_departments_are_not_flagged() -> None:
    text = "Power supply in Haldwani will remain shut on Sunday for maintenance work."
    posts = [
        post("upcl", "a", at(date(2024, 7, 7)), text),
        post("upcl", "b", at(date(2024, 7, 14)), text),
        post("ujvnl", "c", at(date(2024, 7, 21)), text),  # a third copy, but by someone else
    ]
    assert near_duplicate_posts(posts) == []


def test_links_tags_mentions_digits_and_emoji_do_not_make_a_post_new() -> None:
    base = "Ayushman card camp at CHC Doiwala, bring your Aadhaar and ration card"
    posts = [
        post("health", "a", at(date(2024, 7, 1)), f"{base} on 3 July 🙏 #AyushmanBharat"),
        post("health", "b", at(date(2024, 7, 8)), f"{base.upper()} on 10 July!! https://t.co/xyz"),
        post("health", "c", at(date(2024, 7, 15)), f"@UKHealthDept {base} on 17 July।"),
    ]
    assert len({normalise_text(p["text"]) for p in posts}) == 1
    assert len(near_duplicate_posts(posts)) == 1


def test_threshold_decides_how_near_is_near() -> None:
    a = ("Officers and staff of the department took part in the cleanliness drive at the "
         "district office premises in Pauri today and pledged to keep the campus clean.")
    b = a.replace("Pauri", "Almora")
    c = a.replace("Pauri", "Tehri")
    sa, sb = shingles(normalise_text(a)), shingles(normalise_text(b))
    jac = len(sa & sb) / len(sa | sb)
    assert 0.8 < jac < 0.95
    posts = [post("d", k, at(date(2024, 7, 1 + i)), t) for i, (k, t) in enumerate(
        [("a", a), ("b", b), ("c", c)])]
    assert len(near_duplicate_posts(posts, threshold=0.8)) == 1
    assert near_duplicate_posts(posts, threshold=0.95) == []
    with pytest.raises(ValueError):
        near_duplicate_posts(posts, threshold=0)


def test_captionless_posts_are_not_duplicates_of_each_other() -> None:
    posts = [post("d", f"p{i}", at(date(2024, 7, 1 + i)), t)
             for i, t in enumerate(["", None, "🙏🙏", "https://t.co/abc #Uttarakhand"])]
    assert near_duplicate_posts(posts) == []


def test_naive_times_are_refused() -> None:
    posts = [post("d", f"p{i}", datetime(2024, 7, 1 + i, 10), "same text") for i in range(3)]
    with pytest.raises(ValueError, match="timezone-aware"):
        near_duplicate_posts(posts)


def test_excluded_post_ids_uses_only_near_duplicate_flags() -> None:
    burst = Flag("quarter_end_burst", "d", ("a", "b"), "en", "hi")
    assert excluded_post_ids([burst]) == set()
    with pytest.raises(ValueError):
        excluded_post_ids([Flag("near_duplicate_posts", "d", ("a", "b", "c"), "en", "hi")])


def test_rows_may_be_objects_as_well_as_mappings() -> None:
    @dataclass
    class Row:
        department_id: str
        post_id: str
        created_at: datetime
        text: str
        platform: str

    rows = [Row("d", f"p{i}", at(date(2024, 7, 1 + 7 * i)), "Save these numbers: Emergency 112",
                "x") for i in range(3)]
    assert [f.post_ids for f in near_duplicate_posts(rows)] == [("p0", "p1", "p2")]


def test_the_prefix_filtered_join_finds_exactly_the_brute_force_pairs() -> None:
    """The similarity join must be exact: same components as comparing every pair."""
    rng = random.Random(11)
    words = ["yatra", "advisory", "helpline", "portal", "scheme", "camp", "road", "closed",
             "rain", "alert", "power", "water", "district", "office", "citizens", "apply", "date",
             "form", "bijli", "paani", "sadak", "yojana"]
    bases = [" ".join(rng.choice(words) for _ in range(rng.randint(4, 14))) for _ in range(25)]
    texts = []
    for _ in range(300):
        t = list(rng.choice(bases))
        for _ in range(rng.randint(0, 3)):  # a few character edits
            t[rng.randrange(len(t))] = rng.choice("abcdefghijklmnop ")
        texts.append("".join(t))
    norms = sorted({normalise_text(t) for t in texts} | {"a", "abcd", "abcde", "bcdef"})
    sets = [shingles(t) for t in norms]
    for threshold in (0.5, 0.8, 0.9):
        fast = _similar_groups(norms, threshold)
        assert _partition(fast) == _partition(_brute_force(sets, threshold)), threshold


def _brute_force(sets: list[frozenset[str]], threshold: float) -> list[int]:
    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(sets)), 2):
        if len(sets[i] & sets[j]) >= threshold * len(sets[i] | sets[j]) - 1e-9:
            parent[max(find(i), find(j))] = min(find(i), find(j))
    return [find(i) for i in range(len(sets))]


def _partition(roots: list[int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for i, r in enumerate(roots):
        groups.setdefault(r, set()).add(i)
    return {frozenset(g) for g in groups.values()}


# ---------------------------------------------------------------------------- quarter-end burst
def _quarter_days() -> list[date]:
    return [Q3_FIRST + timedelta(days=i) for i in range((Q3_LAST - Q3_FIRST).days + 1)]


def test_a_steady_poster_is_not_a_burst() -> None:
    posts = [post("police", f"p{d}-{k}", at(d, 9 + 4 * k)) for d in _quarter_days()
             for k in range(2)]
    assert quarter_end_burst(posts, Q3_FIRST, Q3_LAST) == []


def test_a_last_week_rush_is_flagged_with_its_numbers() -> None:
    days = _quarter_days()
    posts = [post("tourism", f"r{i}", at(d)) for i, d in enumerate(days[:-7:3])]  # every 3rd day
    posts += [post("tourism", f"w{d.day}-{k}", at(d, 8 + k)) for d in days[-7:] for k in range(5)]
    [f] = quarter_end_burst(posts, Q3_FIRST, Q3_LAST)
    assert f.kind == "quarter_end_burst" and f.department_id == "tourism"
    assert len(f.post_ids) == 35 and all(p.startswith("w") for p in f.post_ids)
    assert list(f.post_ids) == sorted(f.post_ids)
    assert "35 posts in the last 7 days" in f.detail_en and "5.0 a day" in f.detail_en
    assert "35 पोस्ट" in f.detail_hi and "5.0 प्रतिदिन" in f.detail_hi
    # the same rush from a department that posts four a day all quarter is its normal rate
    steady = [post("police", f"s{d}-{k}", at(d, 8 + k)) for d in days for k in range(4)]
    assert [g.department_id for g in quarter_end_burst(posts + steady, Q3_FIRST, Q3_LAST)] == [
        "tourism"
    ]


def test_a_burst_needs_min_posts_and_the_window_is_in_ist() -> None:
    few = [post("d", f"w{k}", at(Q3_LAST, 8 + k)) for k in range(9)]
    assert quarter_end_burst(few, Q3_FIRST, Q3_LAST) == []
    # 30 Sep 20:00 UTC is already 1 Oct in Dehradun: not in this quarter's last week
    late = [post("d", f"n{k}", datetime(2024, 9, 30, 20, k, tzinfo=UTC)) for k in range(10)]
    assert quarter_end_burst(late, Q3_FIRST, Q3_LAST) == []
    # 24 Sep 19:00 UTC is 25 Sep 00:30 IST: inside the last 7 days (24-30 Sep IST)
    edge = [post("d", f"e{k}", datetime(2024, 9, 23, 19, k, tzinfo=UTC)) for k in range(10)]
    [f] = quarter_end_burst(edge, Q3_FIRST, Q3_LAST)
    assert "none in the rest of the quarter" in f.detail_en
    with pytest.raises(ValueError):
        quarter_end_burst(few, Q3_FIRST, Q3_LAST, days=92)


# ------------------------------------------------------------------------- engagement anomalies
def _engaged(dep: str, n: int, followers: int = 20_000) -> list[dict[str, Any]]:
    """Organic engagement: 40-120 interactions per post on a 20,000-follower account."""
    rng = random.Random(dep)
    return [
        post(dep, f"{dep}{i}", at(date(2024, 7, 1) + timedelta(days=i)), "text", "facebook",
             likes=rng.randint(30, 100), comments=rng.randint(2, 12), shares=rng.randint(1, 8),
             followers=followers)
        for i in range(n)
    ]


def test_bought_engagement_is_flagged() -> None:
    posts = _engaged("health", 20)
    posts[7].update(likes=60_000, comments=300, shares=900)  # ~900× the usual
    [f] = engagement_anomalies(posts)
    assert (f.kind, f.department_id, f.post_ids) == ("engagement_anomaly", "health", ("health7",))
    assert "Facebook post of 8 Jul 2024" in f.detail_en and "threshold 6" in f.detail_en
    assert "फ़ेसबुक" in f.detail_hi and "8 जुलाई 2024" in f.detail_hi


def test_a_viral_but_organic_post_is_not_flagged() -> None:
    posts = _engaged("tourism", 20)
    posts[3].update(likes=800, comments=60, shares=140)  # ~15× the usual: a good reel
    assert engagement_anomalies(posts) == []


def test_small_departments_and_unknown_counts_are_skipped() -> None:
    posts = _engaged("small", 7)
    posts[0].update(likes=90_000)
    assert engagement_anomalies(posts) == []  # fewer than min_posts
    posts = _engaged("d", 12)
    for p in posts[:5]:
        p.update(followers=None)  # no follower count: no rate
    posts[6].update(likes=None, comments=None, shares=None)
    posts[8].update(likes=90_000)
    assert engagement_anomalies(posts) == []  # only 6 usable posts left
    assert [f.post_ids for f in engagement_anomalies(posts, min_posts=6)] == [("d8",)]


def test_a_silent_account_needs_a_real_spike_not_one_like() -> None:
    posts = [post("quiet", f"q{i}", at(date(2024, 7, 1 + i)), "t", "x", likes=0, comments=0,
                  shares=0, followers=5_000) for i in range(15)]
    posts[4].update(likes=2)  # MAD is 0; two likes are not fraud
    assert engagement_anomalies(posts) == []
    posts[9].update(likes=4_000)  # 800 per 1,000 followers on an account that gets none
    assert [f.post_ids for f in engagement_anomalies(posts)] == [("q9",)]


# ------------------------------------------------------------------------ determinism and speed
def _synthetic(n: int, departments: int = 80, seed: int = 3) -> list[dict[str, Any]]:
    """n posts over a quarter with the demo's post texts (Hindi, English, mixed; templated, as
    departments write), cross-posted now and then, with ~3 % verbatim repeats and organic counts.
    """
    rng = random.Random(seed)
    gen = np.random.default_rng(seed)
    kinds = [("Uttarakhand Power Corporation Ltd", "उत्तराखंड पावर कॉर्पोरेशन लिमिटेड", ["power"]),
             ("Uttarakhand Police", "उत्तराखंड पुलिस", ["police"]),
             ("Health Department", "स्वास्थ्य विभाग", ["health"]),
             ("Tourism Department", "पर्यटन विभाग", ["tourism"])]
    rows: list[dict[str, Any]] = []
    for i in range(n):
        dep = f"dep{i % departments:02d}"
        name_en, name_hi, keywords = kinds[i % departments % len(kinds)]
        if rows and rng.random() < 0.03:
            text = rng.choice(rows[-200:])["text"]
        else:
            text = department_post(gen, name_en, name_hi, keywords, rng.choice(LANGUAGES),
                                   rng.random() < 0.5)
        when = at(Q3_FIRST + timedelta(days=rng.randrange(92)), rng.randrange(24))
        rows.append(post(dep, f"p{i}", when, text, rng.choice(("x", "facebook", "instagram")),
                         likes=rng.randint(0, 300), comments=rng.randint(0, 30),
                         shares=rng.randint(0, 40), followers=rng.choice((5_000, 50_000, 400_000))))
    return rows


def _run_all(rows: list[dict[str, Any]]) -> list[Flag]:
    return (near_duplicate_posts(rows) + quarter_end_burst(rows, Q3_FIRST, Q3_LAST)
            + engagement_anomalies(rows))


def test_flags_are_deterministic_whatever_the_input_order() -> None:
    rows = _synthetic(3_000)
    first = _run_all(rows)
    assert first == _run_all(rows)
    shuffled = rows[:]
    random.Random(5).shuffle(shuffled)
    assert first == _run_all(shuffled)
    assert any(f.kind == "near_duplicate_posts" for f in first)


def test_speed_on_twenty_thousand_posts() -> None:
    """Printed, not asserted: machines differ. The review runs these once per quarter."""
    for label, rows in (("80 departments", _synthetic(20_000)),
                        ("all in one department", _synthetic(20_000, departments=1))):
        timings = []
        for name, fn in (
            ("near_duplicate_posts", lambda r: near_duplicate_posts(r)),
            ("quarter_end_burst", lambda r: quarter_end_burst(r, Q3_FIRST, Q3_LAST)),
            ("engagement_anomalies", lambda r: engagement_anomalies(r)),
        ):
            t0 = time.perf_counter()
            flags = fn(rows)
            timings.append(f"{name} {time.perf_counter() - t0:.3f}s ({len(flags)} flags)")
        print(f"\n20,000 posts, {label}: " + "; ".join(timings))
