"""The main job end to end on a sample quarter: init → sample → review → reports."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from sushasan.cli import cli
from tests.conftest import Cli


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, Path]:
    root = tmp_path_factory.mktemp("world")
    s = Cli(root / "data", env={"SUSHASAN_DATABASE_URL": ""})
    s("init")
    s("sample", "--quarter", "2024Q3", "--seed", "11")
    out = root / "out"
    s("review", "--quarter", "2024Q3", "--out", str(out))
    return s, out


def _review(out: Path) -> dict:
    return json.loads((out / "review-2024Q3.json").read_text(encoding="utf-8"))


def test_the_sample_quarter_ranks_the_state(world: tuple[Cli, Path]) -> None:
    _, out = world
    r = _review(out)
    ranked = [d for d in r["departments"] if d["status"] == "ranked"]
    assert len(ranked) >= 55
    assert sorted(d["rank"] for d in ranked) == list(range(1, len(ranked) + 1))
    assert r["top3"] == [d["id"] for d in ranked[:3]]
    assert [d["score"] for d in ranked] == sorted((d["score"] for d in ranked), reverse=True)
    assert all(0 <= d["score"] <= 100 for d in ranked)
    assert r["data"] == "sample"
    for d in ranked:
        assert set(d) >= {"id", "name_en", "name_hi", "status", "rank", "score", "pillars",
                          "indicators", "coverage"}
        posts = d["indicators"]["posts"]
        assert {"value", "score"} <= set(posts) <= {
            "value", "score", "raw", "counted", "basis", "adjustments"}
        assert posts["counted"] == posts["value"]


def test_departments_without_data_are_insufficient_not_last(world: tuple[Cli, Path]) -> None:
    _, out = world
    r = _review(out)
    insufficient = [d for d in r["departments"] if d["status"] == "insufficient_data"]
    assert insufficient, "the sample leaves some departments unconnected or partly covered"
    for d in insufficient:
        assert d["rank"] is None and d["score"] is None
        assert d["coverage"]["overall"] < r["method"]["coverage_threshold"]
    partly = [d for d in insufficient if d["coverage"]["overall"] > 0]
    assert partly and all(d["indicators"]["posts"]["value"] for d in partly)


def test_same_inputs_give_byte_identical_json(world: tuple[Cli, Path], tmp_path: Path) -> None:
    s, out = world
    s("review", "--quarter", "FY2024-25Q2", "--out", str(tmp_path), "--format", "json")
    again = (tmp_path / "review-2024Q3.json").read_bytes()
    assert again == (out / "review-2024Q3.json").read_bytes()


def test_sample_again_is_a_no_op(world: tuple[Cli, Path]) -> None:
    s, _ = world
    assert "already imported" in s("sample", "--quarter", "2024Q3", "--seed", "11").output


def test_real_only_review_of_a_sample_world_is_an_error_naming_the_sample(
    world: tuple[Cli, Path], tmp_path: Path
) -> None:
    s, _ = world
    out = tmp_path / "out"
    result = s("review", "--quarter", "2024Q3", "--data", "real", "--out", str(out), ok=False)
    assert result.exit_code == 2, result.output
    assert "no departmental records for 2024Q3" in result.output
    assert "sample data for 2024Q3" in result.output
    assert not out.exists()


def test_a_review_of_a_quarter_without_records_is_an_error_that_says_what_to_do(
    world: tuple[Cli, Path], tmp_path: Path
) -> None:
    s, _ = world
    out = tmp_path / "out"
    result = s("review", "--quarter", "2030Q1", "--out", str(out), ok=False)
    assert result.exit_code == 2, result.output
    text = result.output
    assert "no departmental records for 2030Q1 (FY2029-30Q4)" in text
    assert "Found: sample data for 2024Q3." in text  # what the folder does have
    assert "`sushasan import --format FORMAT FILE…`" in text
    assert "`sushasan sample --quarter 2030Q1`" in text
    assert "त्रुटि: 2030Q1 (FY2029-30Q4) के लिए कोई विभागीय रिकॉर्ड नहीं है" in text
    assert "उपलब्ध: 2024Q3 का नमूना डेटा" in text
    assert "Top 3" not in text and "ranked" not in text
    assert not out.exists()  # nothing written
    assert "2030Q1" not in s("snapshots").output


def test_html_report_is_bilingual_and_labelled_sample(world: tuple[Cli, Path]) -> None:
    _, out = world
    html = (out / "review-2024Q3.html").read_text(encoding="utf-8")
    r = _review(out)
    first = r["departments"][0]
    assert first["name_en"] in html and first["name_hi"] in html
    assert "नमूना डेटा" in html and "SAMPLE DATA" in html
    assert "रैंकिंग तालिका" in html and "League table" in html
    assert 'lang="hi"' in html and 'lang="en"' in html
    assert "<script" not in html


def test_xlsx_has_the_league_table_in_both_languages(world: tuple[Cli, Path]) -> None:
    _, out = world
    wb = load_workbook(out / "review-2024Q3.xlsx", read_only=True)
    rows = list(wb["League table"].iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row[0] == "Rank / रैंक")
    header = rows[header_at]
    assert "विभाग (हिन्दी) / Department (Hindi)" in header
    assert "Department (English) / विभाग (अंग्रेज़ी)" in header
    first = rows[header_at + 1]
    r = _review(out)
    assert first[:4] == (1, r["top3"][0], r["departments"][0]["name_en"],
                         r["departments"][0]["name_hi"])
    assert "Indicators" in wb.sheetnames and "Method" in wb.sheetnames


def test_every_xlsx_sheet_is_ready_to_work_with(world: tuple[Cli, Path]) -> None:
    """Frozen, filterable bilingual headers; numbers with formats; platform names; IST."""
    _, out = world
    wb = load_workbook(out / "review-2024Q3.xlsx")
    assert wb.sheetnames == ["League table", "Indicators", "Coverage", "Flags",
                             "Raw and counted", "Basis", "Method"]
    for ws in wb:
        assert ws.freeze_panes, ws.title
        header_row = int(ws.freeze_panes.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A")
        assert int(ws.auto_filter.ref.split(":")[0][1:]) == header_row, ws.title
        header = [c.value for c in ws[header_row] if c.value]
        for title in header:  # English and Hindi in every header
            assert any("\u0900" <= ch <= "\u097f" for ch in title), (ws.title, title)
            assert any("a" <= ch.lower() <= "z" for ch in title), (ws.title, title)
        widths = [ws.column_dimensions[get_column_letter(j)].width for j in
                  range(1, len(header) + 1)]
        assert all(8 <= w <= 50 for w in widths), (ws.title, widths)
    league = wb["League table"]
    header_row = int(league.freeze_panes[1:]) - 1
    cols = {c.value: c.column for c in league[header_row]}
    first = header_row + 1
    fmt = {name: league.cell(row=first, column=cols[name]).number_format for name in cols}
    assert fmt["Score (0–100) / अंक (0–100)"] == "0.0"
    assert fmt["Chance of a top-3 place / शीर्ष 3 में आने की संभावना"] == "0.0%"
    assert fmt["Data coverage / डेटा कवरेज"] == "0.0%"
    assert fmt["Rank / रैंक"] == "0" and fmt["Tier / श्रेणी"] == "0"
    assert isinstance(league.cell(row=first, column=cols["Score (0–100) / अंक (0–100)"]).value,
                      float)
    coverage = [c.value for c in wb["Coverage"][1]]
    for name in ("X", "Facebook", "Instagram", "YouTube"):
        assert any(str(h).startswith(f"{name} — ") for h in coverage), coverage
    assert not any(str(h).startswith(("x ", "facebook", "youtube")) for h in coverage)
    indicators = wb["Indicators"]
    heads = {c.value: c.column for c in indicators[1]}
    posts = next(c for h, c in heads.items() if h.startswith("Posts / पोस्ट — Value"))
    share = next(c for h, c in heads.items() if h.startswith("Share of informative posts"))
    assert indicators.cell(row=2, column=posts).number_format == "0"
    assert indicators.cell(row=2, column=share).number_format == "0.0%"
    raw = wb["Raw and counted"]
    heads = [c.value for c in raw[1]]
    rows = [dict(zip(heads, r, strict=True)) for r in raw.iter_rows(min_row=2, values_only=True)]
    posts_rows = [r for r in rows if str(r[heads[2]]).startswith("Posts / ")]
    assert posts_rows and all(isinstance(r[heads[3]], int | float) for r in posts_rows)
    assert any(r[heads[6]] and r[heads[6]].startswith("Near-duplicate posts left out")
               for r in rows)
    period = [r for r in wb["Method"].iter_rows(values_only=True) if r[0] == "Period / अवधि"]
    assert period and period[0][1].endswith("(IST)")


def test_xlsx_times_are_ist_and_formulas_stay_neutralised(tmp_path: Path) -> None:
    from sushasan.reports.xlsx import formula_safe, ist

    assert ist("2024-10-01T00:00:00+00:00") == "2024-10-01 05:30 IST"
    assert ist("2024-10-01T00:00:00") == "2024-10-01 05:30 IST"  # naive = UTC
    assert formula_safe("=SUM(A1)") == "'=SUM(A1)" and formula_safe("@x") == "'@x"
    assert formula_safe("विभाग") == "विभाग" and formula_safe(3) == 3


def test_review_prints_the_top3_and_files(world: tuple[Cli, Path], tmp_path: Path) -> None:
    s, _ = world
    output = s("review", "--quarter", "2024Q3", "--out", str(tmp_path)).output
    assert "SAMPLE DATA / नमूना डेटा" in output
    assert "Top 3 / शीर्ष 3:" in output
    assert f"wrote {tmp_path / 'review-2024Q3.xlsx'}" in output
    assert output.count("\n  1. ") == 1


def test_commands_before_init_say_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path / "none"), "review", "--quarter", "2024Q3"],
        env={"SUSHASAN_DATABASE_URL": ""},
    )
    assert result.exit_code == 1
    assert "is not set up yet: run `sushasan --data-dir" in result.output
    assert not (tmp_path / "none").exists()


def test_bad_quarter_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["review", "--quarter", "Q3"])
    assert result.exit_code == 2
    assert "write 2024Q3 (calendar) or FY2024-25Q2" in result.output


def test_a_platform_missing_from_the_data_makes_insufficient_data_not_a_low_rank(
    tmp_path: Path,
) -> None:
    s = Cli(tmp_path / "data", env={"SUSHASAN_DATABASE_URL": ""})
    s("init")
    full = tmp_path / "q3.jsonl"
    s("sample", "--quarter", "2024Q3", "--seed", "11", "--out", str(full))
    lines = full.read_text(encoding="utf-8").splitlines()
    platforms: dict[str, set[str]] = {}
    for line in lines:
        rec = json.loads(line)
        platforms.setdefault(rec["account_id"], set()).add(rec["platform"])
    victim = next(a for a, p in sorted(platforms.items()) if {"x", "facebook"} <= p)
    kept = [ln for ln in lines
            if not (f'"account_id":"{victim}"' in ln and '"platform":"x"' in ln)]
    assert len(kept) < len(lines)
    partial = tmp_path / "q3-without-x.jsonl"
    partial.write_text("\n".join(kept) + "\n", encoding="utf-8")
    s("import", "--format", "sushasan-jsonl", str(partial))
    s("review", "--quarter", "2024Q3", "--out", str(tmp_path / "out"), "--format", "json")
    r = _review(tmp_path / "out")
    dep = next(d for d in r["departments"] if f"sample_{d['id']}" == victim)
    assert dep["status"] == "insufficient_data" and dep["rank"] is None
    assert dep["coverage"]["x"] == 0.0 and dep["coverage"]["facebook"] == 1.0
    assert dep["indicators"]["posts"]["value"] > 0  # its Facebook posts are there, unranked


def test_every_ranked_department_has_an_interval_and_an_explanation(
    world: tuple[Cli, Path],
) -> None:
    _, out = world
    r = _review(out)
    assert r["uncertainty"]["runs"] >= 1000
    ranked = [d for d in r["departments"] if d["status"] == "ranked"]
    for d in ranked:
        lo, hi = d["rank_interval"]
        assert 1 <= lo <= d["median_rank"] <= hi <= len(ranked)
        assert d["tier"] >= 1 and d["size_group"] in ("A", "B", "C")
        assert set(d["explanation"]) == {"helped", "hurt", "to_top3"}
    assert set(r["top3_confidence"]) == set(r["top3"])
    assert [d["tier"] for d in ranked[:1]] == [1]
    tiers = [d["tier"] for d in ranked]  # by rank: tiers only step down the table
    assert all(b - a in (0, 1) for a, b in itertools.pairwise(tiers)), tiers


def test_the_review_names_the_award_rule_and_notes_a_disagreeing_podium(
    world: tuple[Cli, Path],
) -> None:
    _, out = world
    r = _review(out)
    assert r["method"]["top3_rule"]["awarded_by"] == "point_score"
    shares = [d["top3_share"] for d in r["departments"] if d["rank"] is not None]
    disagree = min(shares[:3]) < 0.5 or max(shares[3:]) > min(shares[:3])
    note = r["top3_note"]
    if disagree:
        assert set(note) == {"en", "hi"} and note["en"] and note["hi"]
    else:
        assert note is None


def test_the_review_ranking_comes_from_the_index_engine(
    world: tuple[Cli, Path], tmp_path: Path
) -> None:
    """One code path: the review exported as COINr files and rebuilt by `sushasan index` gives
    the same scores and order."""
    s, _ = world
    s("review", "--quarter", "2024Q3", "--out", str(tmp_path), "--format", "json,index")
    folder = tmp_path / "index-2024Q3"
    result = CliRunner().invoke(cli, [
        "index", "--data", str(folder / "data.csv"), "--meta", str(folder / "meta.csv"),
        "--method", str(folder / "method.yaml"), "--out", str(tmp_path / "rebuilt"),
    ])
    assert result.exit_code == 0, result.output
    r = _review(tmp_path)
    scores = {}
    with (tmp_path / "rebuilt" / "scores.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            scores[row["uCode"]] = float(row["index"])
    ranked = [d for d in r["departments"] if d["status"] == "ranked"]
    assert set(scores) == {d["id"] for d in ranked}
    for d in ranked:
        assert scores[d["id"]] == pytest.approx(d["score"], abs=1e-4), d["id"]
