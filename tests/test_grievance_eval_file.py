"""`sushasan grievances eval --in`, the shipped real-data splits, the shipped model's dev figures.

The dev figures are the measured ones (docs/grievance-model.md) minus a margin: a regression
fails, ordinary retraining noise does not. Nothing here is fitted on a dev row (a test checks
the splits are disjoint after normalisation).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from sushasan.grievances.classify.detect import (
    Detector,
    calibration_examples,
    dev_sets,
    prepare,
    real_data_path,
    training_examples,
)
from sushasan.grievances.classify.evaluate import (
    LabelledRow,
    evaluate_labelled,
    expected_calibration_error,
    read_labelled,
)
from sushasan.grievances.classify.realdata import CATEGORY_DEPARTMENT, convert_bengaluru, split_of
from sushasan.grievances.classify.routing import Router
from tests.conftest import REALDATA, Cli

UPSTREAM = REALDATA / "texts" / "bengaluru_civic_complaints" / "finalData.csv"
DATA = Path(__file__).resolve().parents[1] / "src" / "sushasan" / "grievances" / "classify" / "data"

LABELLED = [
    ("पानी नहीं आ रहा, पूरे मोहल्ले में चार दिन से सप्लाई बंद", 1, "jal_sansthan"),
    ("बिजली कटौती से परेशान हैं, रोज़ छह घंटे लाइट नहीं रहती", 1, "upcl"),
    ("सभी को दीपावली की हार्दिक शुभकामनाएं", 0, ""),
    ("3 din se bijli nahi hai, transformer jal gaya", 1, "upcl"),
    ("Sadak me bade gadde hai, PWD kuch nahi karta", 1, "pwd"),
    ("Bahut badhiya kaam, thank you team", 0, ""),
    ("No water supply in our lane for a week, tanker never came", 1, "jal_sansthan"),
    ("Happy Republic Day to everyone!", 0, ""),
    ("Thank you @uttarakhandpolice for quick help", 0, ""),
]


def _write_csv(path: Path, rows: list[tuple[str, int, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["text", "is_grievance", "department_id"])
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector.default()


def test_eval_in_reports_languages_scripts_calibration_routing_and_errors(
        tmp_path: Path, sushasan: Cli) -> None:
    src = _write_csv(tmp_path / "labelled.csv", LABELLED)
    got = json.loads(sushasan("grievances", "eval", "--in", str(src), "--json").output)
    assert got["n_examples"] == len(LABELLED)
    assert {"hi", "hinglish", "en", "overall"} <= set(got["by_language"])
    assert {"devanagari", "latin", "overall"} <= set(got["by_script"])
    assert got["by_language"]["overall"]["support"] == 5
    assert got["by_script"]["devanagari"]["support"] == 2
    assert 0.0 <= got["ece"] <= 1.0
    assert got["routing"]["n"] == 5
    assert 0.0 <= got["routing"]["top1"] <= got["routing"]["top3"] <= 1.0
    assert len(got["worst_errors"]) <= 10
    text = sushasan("grievances", "eval", "--in", str(src)).output
    for heading in ("Script / लिपि", "Calibration error (ECE)", "Routing / रूटिंग",
                    "Worst errors / सबसे बड़ी गलतियाँ", "Devanagari / देवनागरी"):
        assert heading in text
    narrowed = json.loads(sushasan("grievances", "eval", "--in", str(src), "--json",
                                   "--departments", "upcl,pwd,jal_sansthan").output)
    assert narrowed["routing"]["n"] == 5


def test_eval_without_in_keeps_the_shipped_set_report(sushasan: Cli) -> None:
    got = json.loads(sushasan("grievances", "eval", "--json").output)
    assert set(got) == {"Lexicon", "Model"}
    assert got["Model"]["n_examples"] >= 600


def test_eval_in_refuses_a_bad_label_and_names_its_line(tmp_path: Path, sushasan: Cli) -> None:
    src = _write_csv(tmp_path / "bad.csv", [("bijli nahi", 1, ""), ("x", "maybe", "")])  # type: ignore[list-item]
    result = sushasan("grievances", "eval", "--in", str(src), ok=False)
    assert result.exit_code != 0 and "line 3" in result.output


def test_expected_calibration_error() -> None:
    labels = np.array([1, 0] * 50, dtype=float)
    assert expected_calibration_error(np.full(100, 0.5), labels) == pytest.approx(0.0)
    assert expected_calibration_error(np.full(100, 0.9), labels) == pytest.approx(0.4)
    assert expected_calibration_error(np.array([]), np.array([])) == 0.0


def test_worst_errors_are_the_most_confident_mistakes(detector: Detector) -> None:
    rows = [LabelledRow(t, bool(y), d or None) for t, y, d in LABELLED]
    rows.append(LabelledRow("Happy Diwali to all", True))  # a deliberate wrong label
    report = evaluate_labelled(rows, detector, None)
    scores = [abs(e["score"] - e["is_grievance"]) for e in report.worst_errors]
    assert scores == sorted(scores, reverse=True)
    assert any("Diwali" in str(e["text"]) for e in report.worst_errors)
    assert report.routing is None


def test_read_labelled_filters_a_split() -> None:
    dev = read_labelled(real_data_path(), split="dev")
    assert len(dev) == len(dev_sets()["real-en-dev"]) > 4000


# --------------------------------------------------------------------------- the shipped splits


def test_no_text_is_on_both_sides_of_a_split() -> None:
    train = set(prepare([e.text for e in training_examples()]))
    cal = set(prepare([e.text for e in calibration_examples()]))
    dev = set(prepare([e.text for rows in dev_sets().values() for e in rows]))
    assert not train & dev
    assert not cal & dev
    assert not train & cal


def test_shipped_real_data_carries_its_licence_and_fixed_splits() -> None:
    notice = (DATA / "LICENSE.bengaluru").read_text("utf-8")
    assert "MIT License" in notice and "Shriya B Shankar" in notice
    rows = [json.loads(line) for line in real_data_path().read_text("utf-8").splitlines()]
    assert len(rows) > 30_000
    keys = prepare([r["text"] for r in rows])
    assert all(r["split"] == split_of(k) for r, k in zip(rows, keys, strict=True))
    assert {r["department_id"] for r in rows if r["is_grievance"]} <= {
        *CATEGORY_DEPARTMENT.values(), None}


@pytest.mark.realdata
def test_shipped_real_data_is_rebuilt_exactly_from_upstream(tmp_path: Path) -> None:
    out = tmp_path / "bengaluru.jsonl"
    counts = convert_bengaluru(UPSTREAM, out)
    assert out.read_bytes() == real_data_path().read_bytes()
    assert sum(counts.values()) == len(out.read_text("utf-8").splitlines())


# --------------------------------------------------------------------------- dev figures

# Measured on the dev splits (docs/grievance-model.md): real-en F1 0.974, ECE 0.020;
# hand-written F1 hi 0.907, hinglish 0.886, en 0.785, ECE 0.041.
DEV_FLOORS = {("real-en-dev", "overall"): 0.95, ("handwritten-dev", "hi"): 0.86,
              ("handwritten-dev", "hinglish"): 0.84, ("handwritten-dev", "en"): 0.74,
              ("handwritten-dev", "overall"): 0.83}


def test_shipped_model_meets_its_dev_figures_and_is_calibrated(detector: Detector) -> None:
    for name, examples in dev_sets().items():
        rows = [LabelledRow(e.text, e.is_grievance, None, e.language) for e in examples]
        report = evaluate_labelled(rows, detector, None)
        assert report.ece <= 0.05, (name, report.ece)
        for (set_name, language), floor in DEV_FLOORS.items():
            if set_name == name:
                assert report.by_language[language].f1 >= floor, (name, language,
                                                                  report.by_language[language])


def test_routing_on_real_dev_sends_the_unsure_to_triage(detector: Detector) -> None:
    from sushasan.app import DEFAULT_REGISTRY
    from sushasan.grievances.classify.route_model import RoutingModel
    from sushasan.registry import load_registry_file

    registry = load_registry_file(DEFAULT_REGISTRY)
    router = Router(registry)
    model = RoutingModel.default([d.id for d in registry])
    for name, floor in (("real-en-dev", 0.88), ("handwritten-dev", 0.93)):
        rows = [LabelledRow(e.text, e.is_grievance, e.department_id, e.language)
                for e in dev_sets()[name] if e.is_grievance and e.department_id]
        routing = evaluate_labelled(rows, detector, router, model).routing
        assert routing is not None and routing.auto_precision >= floor, (name, routing)
