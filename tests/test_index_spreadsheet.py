"""The engine against an example computed independently, with spreadsheet formulas.

tests/fixtures/jrc_example/ holds 20 units × 8 indicators in COINr's data and metadata layout, and
a LibreOffice workbook that computes treatment, normalisation, aggregation and ranks with
spreadsheet formulas (SKEW, KURT, MAXIFS, SUMPRODUCT, …; see its README). The expected CSVs were
exported from that workbook; the engine must reproduce every number to 1e-9.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from sushasan.index import IndexMethod, Meta, Treatment, run

HERE = Path(__file__).parent / "fixtures" / "jrc_example"
CODES = [f"i{k}" for k in range(1, 9)]


def _rows(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _matrix(rows: list[dict[str, str]], cols: list[str]) -> np.ndarray:
    return np.array([[float(r[c]) if r[c] != "" else np.nan for c in cols] for r in rows])


@pytest.fixture(scope="module")
def example() -> tuple[np.ndarray, list[str], Meta]:
    data = _rows("data.csv")
    return _matrix(data, CODES), [r["uCode"] for r in data], Meta.from_rows(_rows("meta.csv"))


VARIANTS = {
    "treat_minmax_arith": IndexMethod(treatment=Treatment()),
    "notreat_zscore_arith": IndexMethod(
        normalisation="zscore", norm_params={"mean": 100.0, "sd": 10.0}
    ),
    "goalposts_arith": IndexMethod(normalisation="goalposts", norm_params={}),
    "treat_minmax1_geom": IndexMethod(
        treatment=Treatment(), norm_params={"lower": 1.0, "upper": 100.0},
        aggregation="geometric",
    ),
    "notreat_minmax1_harm": IndexMethod(
        norm_params={"lower": 1.0, "upper": 100.0}, aggregation="harmonic"
    ),
    "treat_minmax_arith_winmax1": IndexMethod(treatment=Treatment(winmax=1)),
    "treat_minmax1_geom_winmax1": IndexMethod(
        treatment=Treatment(winmax=1), norm_params={"lower": 1.0, "upper": 100.0},
        aggregation="geometric",
    ),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_engine_reproduces_the_spreadsheet(
    example: tuple[np.ndarray, list[str], Meta], variant: str
) -> None:
    data, units, meta = example
    expected = _rows(f"expected_{variant}.csv")
    assert [r["uCode"] for r in expected] == units
    result = run(data, units, meta, VARIANTS[variant])
    np.testing.assert_allclose(
        result.prepared.normalised, _matrix(expected, CODES), rtol=0, atol=1e-9, equal_nan=True
    )
    for code in ("P1", "P2", "P3", "Index"):
        np.testing.assert_allclose(
            result.scores[code], _matrix(expected, [code])[:, 0], rtol=0, atol=1e-9,
            equal_nan=True, err_msg=code,
        )
    assert list(result.ranks) == [int(r["Rank"]) for r in expected]


@pytest.mark.parametrize("suffix", ["", "_winmax1"])
def test_treatment_values_and_flags_match(
    example: tuple[np.ndarray, list[str], Meta], suffix: str
) -> None:
    data, units, meta = example
    winmax = 1 if suffix else 5
    result = run(data, units, meta, IndexMethod(treatment=Treatment(winmax=winmax)))
    treated = _rows(f"expected_treated{suffix}.csv")
    np.testing.assert_allclose(
        result.prepared.treated, _matrix(treated, CODES), rtol=0, atol=1e-9, equal_nan=True
    )
    points = _rows(f"expected_treated_points{suffix}.csv")
    assert [[str(f) for f in row] for row in result.prepared.flags] == [
        [r[c] for c in CODES] for r in points
    ]
    statuses = result.prepared.status
    assert statuses["i2"] == "winsorised"
    assert statuses["i6"] == ("log" if suffix else "winsorised")


def _meta_with_targets() -> Meta:
    targets = {r["iCode"]: r["Target"] for r in _rows("targets.csv")}
    rows = [{**r, "Target": targets.get(r["iCode"], "")} for r in _rows("meta.csv")]
    return Meta.from_rows(rows)


MORE = {
    "rank_arith": IndexMethod(normalisation="rank", norm_params={}),
    "borda_arith": IndexMethod(normalisation="borda", norm_params={}),
    "prank_arith": IndexMethod(normalisation="prank", norm_params={}),
    "fracmax_arith": IndexMethod(normalisation="fracmax", norm_params={}),
    "dist2max_arith": IndexMethod(normalisation="dist2max", norm_params={}),
    "dist2targ_arith": IndexMethod(normalisation="dist2targ", norm_params={}),
    "scaled_arith": IndexMethod(normalisation="scaled", norm_params={"lower": 0, "upper": 500}),
    "minmax_datthresh07_arith": IndexMethod(dat_thresh=0.7),
    "minmax_datthresh06_arith": IndexMethod(dat_thresh=0.6),
}


def _check(result: object, expected: list[dict[str, str]], aggregates: list[str]) -> None:
    np.testing.assert_allclose(
        result.prepared.normalised, _matrix(expected, CODES), rtol=0, atol=1e-9, equal_nan=True
    )
    for code in aggregates:
        np.testing.assert_allclose(
            result.scores[code], _matrix(expected, [code])[:, 0], rtol=0, atol=1e-9,
            equal_nan=True, err_msg=code,
        )
    ranks = [None if np.isnan(r) else int(r) for r in result.ranks]
    assert ranks == [int(r["Rank"]) if r["Rank"] else None for r in expected]


@pytest.mark.parametrize("variant", sorted(MORE))
def test_every_other_method_option_matches_the_spreadsheet(
    example: tuple[np.ndarray, list[str], Meta], variant: str
) -> None:
    data, units, _ = example
    result = run(data, units, _meta_with_targets(), MORE[variant])
    _check(result, _rows(f"expected_{variant}.csv"), ["P1", "P2", "P3", "Index"])


def test_a_four_level_index_with_a_geometric_top_matches_the_spreadsheet(
    example: tuple[np.ndarray, list[str], Meta],
) -> None:
    data, units, _ = example
    meta4 = Meta.from_rows(_rows("meta4.csv"))
    method = IndexMethod(aggregation="arithmetic", aggregation_levels={4: "geometric"})
    result = run(data, units, meta4, method)
    _check(result, _rows("expected_meta4_minmax_mixed.csv"),
           ["P1", "P2", "P3", "P4", "S1", "S2", "Index"])
