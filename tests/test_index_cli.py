"""`sushasan index`: the engine as a tool of its own, on COINr-style files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from sushasan.cli import cli

HERE = Path(__file__).parent / "fixtures" / "jrc_example"
TREAT_MINMAX = """\
treatment: {method: winsorise_log, winmax: 5, skew_threshold: 2, kurtosis_threshold: 3.5}
normalisation: {method: minmax, lower: 0, upper: 100}
aggregation: {method: arithmetic}
"""


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["index", *args])
    return result.exit_code, result.output


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    ("variant", "method"),
    [
        ("treat_minmax_arith", TREAT_MINMAX),
        ("notreat_zscore_arith",
         "treatment: none\nnormalisation: {method: zscore, mean: 100, sd: 10}\n"),
        ("goalposts_arith", "normalisation: {method: goalposts}\n"),
        ("notreat_minmax1_harm",
         "normalisation: {method: minmax, lower: 1, upper: 100}\n"
         "aggregation: {method: harmonic}\n"),
    ],
)
def test_outputs_match_the_spreadsheet_and_parse_back_exactly(
    tmp_path: Path, variant: str, method: str
) -> None:
    m = tmp_path / "method.yaml"
    m.write_text(method, encoding="utf-8")
    out = tmp_path / "out"
    code, text = _run("--data", str(HERE / "data.csv"), "--meta", str(HERE / "meta.csv"),
                      "--method", str(m), "--out", str(out))
    assert code == 0, text
    expected = _csv(HERE / f"expected_{variant}.csv")
    scores = _csv(out / "scores.csv")
    ranks = _csv(out / "ranks.csv")
    normalised = _csv(out / "normalised.csv")
    assert list(scores[0]) == ["uCode", "P1", "P2", "P3", "Index"]
    assert list(ranks[0]) == ["uCode", "uName", "Index", "Rank"]
    for exp, s, r, n in zip(expected, scores, ranks, normalised, strict=True):
        for col in ("P1", "P2", "P3", "Index"):
            assert float(s[col]) == pytest.approx(float(exp[col]), abs=1e-9)
        for col in [f"i{k}" for k in range(1, 9)]:
            if exp[col] == "":
                assert n[col] == ""
            else:
                assert float(n[col]) == pytest.approx(float(exp[col]), abs=1e-9)
        assert r["Rank"] == exp["Rank"]
        assert repr(float(r["Index"])) == r["Index"]  # shortest round-trip form
    assert (out / "method.json").exists()
    assert (out / "treated.csv").exists() == variant.startswith("treat_")


def test_default_method_is_minmax_arithmetic_without_treatment(tmp_path: Path) -> None:
    code, text = _run("--data", str(HERE / "data.csv"), "--meta", str(HERE / "meta.csv"),
                      "--out", str(tmp_path))
    assert code == 0, text
    assert not (tmp_path / "treated.csv").exists()
    assert "Top 5:" in text


def _meta(tmp_path: Path, rows: list[str]) -> Path:
    p = tmp_path / "meta.csv"
    p.write_text("Level,iCode,iName,Direction,Weight,Parent,Type\n" + "\n".join(rows) + "\n",
                 encoding="utf-8")
    return p


def _data(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "data.csv"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("meta_rows", "data", "method", "message"),
    [
        (["1,a,A,1,1,I,Indicator", "1,b,B,1,1,I,Indicator", "2,I,Index,1,1,,Aggregate"],
         "uCode,a\nu1,1\nu2,2\n", None, "in the metadata but not in the data: b"),
        (["1,a,A,1,1,X,Indicator", "2,I,Index,1,1,,Aggregate"],
         "uCode,a\nu1,1\n", None, "parent 'X' does not exist"),
        (["1,a,A,1,1,P,Indicator", "2,P,P,1,1,Q,Aggregate", "2,Q,Q,1,1,P,Aggregate"],
         "uCode,a\nu1,1\n", None, "must be at a higher level"),
        (["1,a,A,1,0,I,Indicator", "1,b,B,1,0,I,Indicator", "2,I,Index,1,1,,Aggregate"],
         "uCode,a,b\nu1,1,2\nu2,3,4\n", None, "sum to zero"),
        (["1,a,A,1,1,I,Indicator", "1,b,B,1,1,I,Indicator", "2,I,Index,1,1,,Aggregate"],
         "uCode,a,b\nu1,1,2\nu2,3,4\n", "aggregation: {method: geometric}\n", "above zero"),
        (["1,a,A,1,1,I,Indicator", "2,I,Index,1,1,,Aggregate"],
         "uCode,a\nu1,lots\n", None, "row 2, column a: 'lots' is not a number"),
    ],
)
def test_errors_say_what_is_wrong(
    tmp_path: Path, meta_rows: list[str], data: str, method: str | None, message: str
) -> None:
    args = ["--data", str(_data(tmp_path, data)), "--meta", str(_meta(tmp_path, meta_rows)),
            "--out", str(tmp_path / "out")]
    if method:
        m = tmp_path / "m.yaml"
        m.write_text(method, encoding="utf-8")
        args += ["--method", str(m)]
    code, text = _run(*args)
    assert code == 1
    assert message in text


def test_uncertainty_and_sensitivity_outputs(tmp_path: Path) -> None:
    m = tmp_path / "method.yaml"
    m.write_text(TREAT_MINMAX, encoding="utf-8")
    args = ["--data", str(HERE / "data.csv"), "--meta", str(HERE / "meta.csv"), "--method", str(m),
            "--uncertainty", "500", "--sensitivity", "200", "--seed", "3"]
    code, text = _run(*args, "--out", str(tmp_path / "a"))
    assert code == 0, text
    _run(*args, "--out", str(tmp_path / "b"))
    unc = _csv(tmp_path / "a" / "uncertainty.csv")
    ranks = {r["uCode"]: int(r["Rank"]) for r in _csv(tmp_path / "a" / "ranks.csv")}
    assert len(unc) == 20
    for r in unc:
        assert float(r["Q5"]) <= float(r["MedianRank"]) <= float(r["Q95"])
    inside = sum(float(r["Q5"]) <= ranks[r["uCode"]] <= float(r["Q95"]) for r in unc)
    assert inside >= 18
    sens = {r["choice"]: r for r in _csv(tmp_path / "a" / "sensitivity.csv")}
    assert set(sens) == {"weights", "aggregation", "normalisation", "treatment"}
    for r in sens.values():
        assert -0.2 <= float(r["first_order"]) <= float(r["total"]) + 0.2
        assert 0 <= float(r["total"]) <= 1.5
    assert "<svg" in (tmp_path / "a" / "sensitivity.svg").read_text(encoding="utf-8")
    # Seeded: a second run writes the same numbers.
    for name in ("uncertainty.csv", "sensitivity.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
