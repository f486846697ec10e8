"""The vectorised Monte Carlo against a plain loop: one run at a time, the nominal engine path.

``monte_carlo`` aggregates and ranks all runs of a method variant at once (matrix products,
in-place sums, one argsort). These tests recompute the same runs the slow, obvious way — draw the
run's weights and choices, prepare the variant, ``aggregate_all`` with scalar weights (the path the
nominal index and the COINr cross-checks use), rank by counting — and ask for the same ranks.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sushasan.index import (
    IndexMethod,
    IndexSpecError,
    Meta,
    MonteCarlo,
    Node,
    Treatment,
    monte_carlo,
    run,
)
from sushasan.index import uncertainty as unc
from sushasan.index.batch import aggregate_runs, rank_rows
from sushasan.index.engine import aggregate_all, prepare, rank_desc
from sushasan.index.sensitivity import sensitivity

ALTERNATIVES = {
    "normalisation": [
        {"normalisation": "minmax"},
        {"normalisation": "zscore", "norm_params": {"mean": 50.0, "sd": 10.0}},
    ],
    "aggregation": [{"aggregation": "arithmetic"}, {"aggregation": "geometric"}],
    "treatment": [{"treatment": Treatment()}, {"treatment": None}],
}


def _meta(mixed: bool = False) -> Meta:
    """12 indicators in 4 groups of 3, two pillars, the index; ``mixed`` hangs one indicator
    straight under a pillar, so a level-3 aggregate has both kinds of children."""
    nodes = [
        Node(f"i{k}", 1, "p1" if mixed and k == 11 else f"g{k // 3}", 0.5 + k / 8,
             -1 if k % 4 else 1)
        for k in range(12)
    ]
    nodes += [Node(f"g{j}", 2, f"p{j // 2}", 1.0 + j / 4) for j in range(4)]
    nodes += [Node("p0", 3, "I", 1.0), Node("p1", 3, "I", 2.0), Node("I", 4, None)]
    return Meta.build(nodes)


def _data(units: int = 25, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    data = rng.lognormal(2, 1, (units, 12))
    data[rng.random(data.shape) < 0.1] = np.nan
    data[4] = data[2]  # two identical units: their ranks must tie in every run
    data[7, :] = np.nan  # a unit with no data at all ranks last
    data[9, 0:3] = np.nan  # a whole group missing for one unit
    return data


def _reference(data: np.ndarray, meta: Meta, method: IndexMethod, mc: MonteCarlo) -> np.ndarray:
    """runs × units ranks, one run at a time."""
    rng = np.random.default_rng(mc.seed)
    base = meta.weights(method.weights)
    codes = list(base)
    factors = rng.uniform(1 - mc.weight_noise, 1 + mc.weight_noise, (mc.runs, len(codes)))
    names = sorted(mc.alternatives)
    picks = {n: rng.integers(0, len(mc.alternatives[n]), size=mc.runs) for n in names}
    ranks = np.empty((mc.runs, data.shape[0]))
    for r in range(mc.runs):
        variant = method
        for n in names:
            variant = replace(variant, **mc.alternatives[n][picks[n][r]])
        weights = {c: base[c] * factors[r, j] for j, c in enumerate(codes)}
        scores = aggregate_all(prepare(data, meta, variant).normalised, meta, weights, variant)
        top = np.where(np.isnan(scores[meta.top]), -np.inf, scores[meta.top])
        ranks[r] = [1 + np.count_nonzero(top > s) for s in top]
    return ranks


@pytest.mark.parametrize("mixed", [False, True])
def test_every_run_ranks_as_a_plain_loop_does(mixed: bool) -> None:
    data, meta = _data(), _meta(mixed)
    method = IndexMethod(treatment=Treatment(), geometric_floor=1.0)
    alternatives = ALTERNATIVES if not mixed else {  # z-scores under a pillar can be negative
        k: v for k, v in ALTERNATIVES.items() if k != "normalisation"
    }
    mc = MonteCarlo(runs=120, seed=11, alternatives=alternatives)
    got = monte_carlo(data, meta, method, mc)
    want = _reference(data, meta, method, mc)
    np.testing.assert_array_equal(got.ranks, want)
    assert np.all(got.ranks[:, 4] == got.ranks[:, 2])
    assert np.all(got.ranks[:, 7] == 25)  # the only unit without a score, after the 24 others
    np.testing.assert_array_equal(got.median_rank, np.median(want, axis=0))
    np.testing.assert_array_equal(got.p5, np.percentile(want, 5, axis=0))
    np.testing.assert_array_equal(got.p95, np.percentile(want, 95, axis=0))


@pytest.mark.parametrize("agg", ["arithmetic", "geometric", "harmonic"])
@pytest.mark.parametrize("mixed", [False, True])
def test_every_runs_scores_are_the_plain_loops_to_rounding(agg: str, mixed: bool) -> None:
    """Scores, not only ranks: a mistake that shifts every unit alike leaves ranks unchanged."""
    meta = _meta(mixed)
    method = IndexMethod(norm_params={"lower": 1.0, "upper": 100.0}, aggregation=agg,
                         geometric_floor=1.0, dat_thresh_by={"g1": 0.5})
    base = meta.weights()
    draws = np.random.default_rng(1).uniform(0.5, 1.5, (40, len(base)))
    weights = {c: base[c] * draws[:, j] for j, c in enumerate(base)}
    complete = np.random.default_rng(2).lognormal(2, 1, (25, 12))  # no missing values at all
    for data in (_data(), np.delete(_data(), 7, axis=0), complete):
        normalised = prepare(data, meta, method).normalised
        got = aggregate_runs(normalised, meta, weights, method)
        for r in range(40):
            want = aggregate_all(normalised, meta, {c: w[r] for c, w in weights.items()}, method)
            np.testing.assert_allclose(got[r], want[meta.top], rtol=1e-12, atol=0)


def test_harmonic_means_and_availability_thresholds_match_the_loop() -> None:
    data, meta = _data(seed=8), _meta(mixed=True)
    method = IndexMethod(norm_params={"lower": 1.0, "upper": 100.0}, dat_thresh=0.6,
                         dat_thresh_by={"p1": 0.9})
    mc = MonteCarlo(runs=60, seed=2, alternatives={
        "aggregation": [{"aggregation": "arithmetic"}, {"aggregation": "harmonic"}],
    })
    np.testing.assert_array_equal(
        monte_carlo(data, meta, method, mc).ranks, _reference(data, meta, method, mc)
    )


def test_chunks_of_runs_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    data, meta = _data(), _meta()
    method = IndexMethod(treatment=Treatment(), geometric_floor=1.0)
    mc = MonteCarlo(runs=90, seed=4, alternatives=ALTERNATIVES)
    whole = monte_carlo(data, meta, method, mc)
    monkeypatch.setattr(unc, "_CHUNK_CELLS", 25 * 20)  # a handful of runs per chunk
    assert unc.chunk_runs(25, meta) < 10
    np.testing.assert_array_equal(monte_carlo(data, meta, method, mc).ranks, whole.ranks)


def test_the_nominal_preparation_is_reused_not_changed() -> None:
    data, meta = _data(), _meta()
    method = IndexMethod(treatment=Treatment(), geometric_floor=1.0)
    mc = MonteCarlo(runs=50, seed=3, alternatives=ALTERNATIVES)
    nominal = run(data, [""] * 25, meta, method)
    np.testing.assert_array_equal(
        monte_carlo(data, meta, method, mc, nominal=nominal.prepared).ranks,
        monte_carlo(data, meta, method, mc).ranks,
    )


def test_a_geometric_mean_of_zero_is_still_refused() -> None:
    mc = MonteCarlo(runs=10, alternatives={"aggregation": ALTERNATIVES["aggregation"]})
    with pytest.raises(IndexSpecError, match="above zero"):
        monte_carlo(_data(), _meta(), IndexMethod(), mc)  # min-max 0–100 without a floor


def test_rank_rows_ties_at_the_minimum_and_puts_missing_last() -> None:
    scores = np.array([[3.0, 5.0, 5.0, np.nan, 1.0], [np.nan, np.nan, 2.0, 2.0, 2.0]])
    np.testing.assert_array_equal(
        rank_rows(scores), [[3.0, 1.0, 1.0, 5.0, 4.0], [4.0, 4.0, 1.0, 1.0, 1.0]]
    )


def test_sensitivity_rank_shifts_are_the_plain_loops() -> None:
    """``sensitivity`` batches its rows like the Monte Carlo; recompute its indices row by row."""
    data, meta = _data(), _meta()
    method = IndexMethod(treatment=Treatment(), geometric_floor=1.0)
    n, sets = 40, 7
    got = sensitivity(data, meta, method, ALTERNATIVES, n=n, seed=6, weight_sets=sets)
    rng = np.random.default_rng(6)
    base = meta.weights()
    noisy = np.array(list(base.values())) * rng.uniform(0.75, 1.25, (sets, len(base)))
    names = sorted(ALTERNATIVES)
    sizes = [sets, *(len(ALTERNATIVES[k]) for k in names)]
    a, b = rng.random((n, 4)), rng.random((n, 4))
    rows = [a, b] + [np.where(np.arange(4) == i, b, a) for i in range(4)]
    picks = (np.vstack(rows) * np.array(sizes)).astype(int)
    nominal = run(data, [""] * 25, meta, method).ranks
    y = []
    for pick in picks:
        variant = method
        for name, k in zip(names, pick[1:], strict=True):
            variant = replace(variant, **ALTERNATIVES[name][k])
        weights = dict(zip(base, noisy[pick[0]], strict=True))
        top = aggregate_all(prepare(data, meta, variant).normalised, meta, weights, variant)
        y.append(np.nanmean(np.abs(rank_desc(top[meta.top]) - nominal)))
    y = np.array(y)
    var = np.var(y[: 2 * n], ddof=1)
    assert got.variance == pytest.approx(var, rel=1e-12)
    for i in range(4):
        y_ab = y[(2 + i) * n : (3 + i) * n]
        assert got.first_order[i] == pytest.approx(np.mean(y[n : 2 * n] * (y_ab - y[:n])) / var)
        assert got.total[i] == pytest.approx(np.sum((y[:n] - y_ab) ** 2) / (2 * n * var))
