"""The composite-indicator engine's conventions, each checked on numbers small enough to do by hand.

The full spreadsheet-computed example lives in test_index_spreadsheet.py; these pin the COINr
conventions one at a time (sources: COINr R/treat.R, R/normalise.R, R/aggregate.R).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sushasan.index import (
    Goalposts,
    IndexMethod,
    IndexSpecError,
    Meta,
    MonteCarlo,
    Node,
    Treatment,
    monte_carlo,
    rank_desc,
    run,
    tiers,
)
from sushasan.index.aggregate import aggregate
from sushasan.index.normalise import goalposts, minmax, normalise_column, zscore
from sushasan.index.stats import kurt, skew
from sushasan.index.treat import log_ct, treat_column, winsorise

NAN = float("nan")


def test_skew_and_kurtosis_are_excels_skew_and_kurt() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0, 10.0, NAN])
    # By hand: mean 4, deviations −3 −2 −1 0 6; Σd² = 50, Σd³ = 180, Σd⁴ = 1394, n = 5.
    g1 = math.sqrt(5) * 180 / 50**1.5 * math.sqrt(5 * 4) / 3
    r = 5 * 1394 / 50**2
    g2 = ((5 + 1) * (r - 3) + 6) * (5 - 1) / ((5 - 2) * (5 - 3))
    assert skew(x) == pytest.approx(g1, abs=1e-12)
    assert kurt(x) == pytest.approx(g2, abs=1e-12)
    assert math.isnan(skew(np.array([1.0, 2.0])))
    assert math.isnan(kurt(np.array([3.0, 3.0, 3.0, 3.0])))


def _tail(n: int = 19, top: float = 100.0) -> np.ndarray:
    return np.array([*range(1, n + 1), top], dtype=float)


def test_one_outlier_is_winsorised_to_the_next_value() -> None:
    r = treat_column(_tail(), Treatment())
    assert r.status == "winsorised" and r.winsorised == 1
    assert r.values[-1] == 19.0 and list(r.flags).count("winhi") == 1
    assert r.flags[-1] == "winhi"


def test_ties_at_the_extreme_are_replaced_together_and_all_count() -> None:
    x = np.array([*range(1, 19), 200.0, 200.0])
    y, flags, nwin = winsorise(x, Treatment())
    assert nwin == 2 and list(y[-2:]) == [18.0, 18.0]
    assert list(flags[-2:]) == ["winhi", "winhi"]


def test_log_replaces_winsorisation_that_does_not_fix_the_column() -> None:
    x = np.array([*range(1, 18), 400.0, 700.0, 1000.0])
    r = treat_column(x, Treatment(winmax=1))  # 1000 → 700 leaves it skewed: give up, log
    assert r.status == "log"
    np.testing.assert_allclose(r.values, np.log(x - 1.0 + 0.01 * 999.0), rtol=0, atol=1e-12)
    assert r.flags[-1] == "winhi+log_CT" and r.flags[0] == "log_CT"
    skipped = treat_column(x, Treatment(winmax=1, log_fallback="skip"))
    assert skipped.status == "log_skipped" and list(skipped.values) == list(x)


def test_passing_columns_and_missing_values_are_untouched() -> None:
    x = np.array([3.0, NAN, 4.0, 5.0, 6.0, 7.0])
    r = treat_column(x, Treatment())
    assert r.status == "not_needed"
    assert np.array_equal(r.values, x, equal_nan=True)
    assert log_ct(np.array([2.0, 3.0]))[0] == pytest.approx(math.log(0.01))


def test_normalisations() -> None:
    x = np.array([2.0, 4.0, NAN, 6.0])
    np.testing.assert_allclose(minmax(x), [0, 50, NAN, 100])
    np.testing.assert_allclose(minmax(x, 1, 100), [1, 50.5, NAN, 100])
    np.testing.assert_allclose(zscore(x, 100, 10), [90, 100, NAN, 110])  # sd = 2 (n − 1)
    gp = Goalposts(3.0, 5.0, 100.0, True)
    np.testing.assert_allclose(goalposts(x, gp), [0, 50, NAN, 100])
    np.testing.assert_allclose(goalposts(x, gp, -1), [100, 50, NAN, 0])
    np.testing.assert_allclose(goalposts(x, Goalposts(3.0, 5.0, 1.0, False)), [-0.5, 0.5, NAN, 1.5])
    # Direction −1 flips min-max: the smallest value scores 100.
    np.testing.assert_allclose(normalise_column(x, "minmax", -1, {}, None), [100, 50, NAN, 0])
    np.testing.assert_allclose(normalise_column(x, "rank", 1, {}, None), [1, 2, NAN, 3])
    # dist2targ with target 5: (x − min)/(5 − min), uncapped by default.
    np.testing.assert_allclose(
        normalise_column(x, "dist2targ", 1, {"target": 5.0}, None), [0, 2 / 3, NAN, 4 / 3]
    )


def test_aggregation_rescales_weights_over_present_children() -> None:
    x = np.array([[10.0, 20.0, NAN], [30.0, 60.0, 90.0]])
    w = np.array([1.0, 3.0, 2.0])
    np.testing.assert_allclose(aggregate(x, w), [(10 + 60) / 4, (30 + 180 + 180) / 6])
    geo = [
        math.exp((math.log(10) + 3 * math.log(20)) / 4),
        math.exp((math.log(30) + 3 * math.log(60) + 2 * math.log(90)) / 6),
    ]
    np.testing.assert_allclose(aggregate(x, w, "geometric"), geo)
    np.testing.assert_allclose(aggregate(x, w, "harmonic"), [4 / (1 / 10 + 3 / 20),
                                                             6 / (1 / 30 + 3 / 60 + 2 / 90)])
    # Data availability: 2 of 3 children present is below a 0.7 threshold.
    np.testing.assert_allclose(aggregate(x, w, dat_thresh=0.7), [NAN, 65.0])
    with pytest.raises(IndexSpecError, match="above zero"):
        aggregate(np.array([[0.0, 1.0]]), np.array([1.0, 1.0]), "geometric")


def test_ranks_share_the_minimum_on_ties() -> None:
    assert list(rank_desc(np.array([5.0, 9.0, 5.0, NAN, 1.0]))[[0, 1, 2, 4]]) == [2, 1, 2, 4]


def _meta() -> Meta:
    return Meta.build(
        [
            Node("a", 1, "P", 1.0), Node("b", 1, "P", 3.0), Node("c", 1, "Q", 1.0, -1),
            Node("P", 2, "I", 1.0), Node("Q", 2, "I", 1.0), Node("I", 3, None),
        ]
    )


def test_a_small_index_end_to_end_by_hand() -> None:
    data = np.array([[0.0, 10.0, 5.0], [5.0, 20.0, 1.0], [10.0, NAN, 3.0]])
    r = run(data, ["u1", "u2", "u3"], _meta())
    # min-max: a → 0, 50, 100; b → 0, 100, —; c (lower is better) → 0, 100, 50.
    # P = (a + 3b)/4 with b missing for u3 → u3's P = a alone.
    np.testing.assert_allclose(r.scores["P"], [0.0, (50 + 300) / 4, 100.0])
    np.testing.assert_allclose(r.scores["Q"], [0.0, 100.0, 50.0])
    np.testing.assert_allclose(r.index, [0.0, (87.5 + 100) / 2, 75.0])
    assert list(r.ranks) == [3, 1, 2]


@pytest.mark.parametrize(
    ("nodes", "message"),
    [
        ([Node("a", 1, "X"), Node("I", 2, None)], "parent 'X' does not exist"),
        ([Node("a", 1, "I"), Node("I", 2, "J"), Node("J", 3, "I")], "must be at a higher level"),
        ([Node("a", 1, "I"), Node("a", 1, "I"), Node("I", 2, None)], "appears twice"),
        ([Node("a", 1, "I", direction=2), Node("I", 2, None)], "Direction must be 1 or -1"),
    ],
)
def test_bad_metadata_says_what_is_wrong(nodes: list[Node], message: str) -> None:
    with pytest.raises(IndexSpecError, match=message):
        Meta.build(nodes)


def test_zero_weights_are_refused() -> None:
    meta = Meta.build([Node("a", 1, "I", 0.0), Node("b", 1, "I", 0.0), Node("I", 2, None)])
    with pytest.raises(IndexSpecError, match="sum to zero"):
        run(np.array([[1.0, 2.0], [3.0, 4.0]]), ["u", "v"], meta)


def test_monte_carlo_is_seeded_and_brackets_the_nominal_rank() -> None:
    rng = np.random.default_rng(3)
    data = rng.uniform(1, 100, size=(30, 3))
    meta = _meta()
    mc = MonteCarlo(runs=400, seed=9, alternatives={
        "aggregation": [{"aggregation": "arithmetic"}, {"aggregation": "geometric"}],
    })
    method = IndexMethod(geometric_floor=1.0)
    a = monte_carlo(data, meta, method, mc)
    b = monte_carlo(data, meta, method, mc)
    assert np.array_equal(a.ranks, b.ranks)
    nominal = run(data, [str(i) for i in range(30)], meta, method).ranks
    assert np.all(a.p5 <= a.median_rank) and np.all(a.median_rank <= a.p95)
    inside = (a.p5 <= nominal) & (nominal <= a.p95)
    assert inside.mean() > 0.9
    assert {c["aggregation"] for c in a.choices} == {0, 1}


def test_a_tier_holds_the_units_that_cannot_be_told_apart_from_its_leader() -> None:
    median = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    p5 = np.array([1.0, 1.0, 2.5, 3.0, 5.0, 4.0])
    p95 = np.array([2.0, 2.0, 4.0, 4.5, 5.0, 9.0])
    # Leader 1 reaches rank 2: unit 2 joins, unit 3 (p5 2.5) leads tier 2 and unit 4 (p5 3 ≤ 4)
    # joins it; unit 5 (p5 5 > 4) leads tier 3, and unit 6 (p5 4 ≤ 5) joins that one.
    assert list(tiers(median, p5, p95)) == [1, 1, 2, 2, 3, 3]


def test_tiers_only_step_down_the_table_even_for_a_wide_interval_far_down() -> None:
    # Ranked 4th by points but with an interval reaching rank 1 (like the sample's rank 12 with
    # interval 1–34): the old rule put it in tier 1 under rank 3's tier 2.
    rank = np.array([1.0, 2.0, 3.0, 4.0])
    median = np.array([1.0, 2.0, 3.0, 2.0])
    p5 = np.array([1.0, 1.0, 3.0, 1.0])
    p95 = np.array([2.0, 3.0, 4.0, 9.0])
    assert list(tiers(median, p5, p95, rank=rank)) == [1, 1, 2, 2]


def test_tiers_are_non_decreasing_with_rank_for_any_intervals() -> None:
    rng = np.random.default_rng(3)
    for _ in range(200):
        n = int(rng.integers(2, 30))
        lo = rng.uniform(1, n, n)
        hi = lo + rng.uniform(0, n, n)
        median = (lo + hi) / 2
        rank = rng.permutation(n) + 1.0
        t = tiers(median, lo, hi, rank=rank)
        by_rank = t[np.argsort(rank)]
        assert by_rank[0] == 1
        assert np.all(np.diff(by_rank) >= 0) and np.all(np.diff(by_rank) <= 1)
