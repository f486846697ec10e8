"""Precision, recall and F1 of a grievance detector, per language and overall.

Per language because the cell's duty is to hear Hindi and Hinglish posts as well as English
ones: a detector that is good on average but deaf to romanised Hindi would quietly drop the
complaints of the people least likely to write in English. The table is bilingual so it can go
into a report for the review cell as it is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from sushasan.errors import SushasanError
from sushasan.grievances.classify.detect import (
    Detector,
    Example,
    default_eval_path,
    load_examples,
    train_with_corrections,
)
from sushasan.words import both, slashed

if TYPE_CHECKING:
    from sushasan.grievances.classify.route_model import LearnedRouter
    from sushasan.grievances.classify.routing import Router

__all__ = [
    "LANGUAGES",
    "EvalReport",
    "FileReport",
    "LabelledRow",
    "Metrics",
    "Predictor",
    "RoutingMetrics",
    "evaluate",
    "evaluate_labelled",
    "expected_calibration_error",
    "read_labelled",
    "render",
    "render_file_report",
    "render_table",
    "retrain",
]

LANGUAGES: tuple[str, ...] = ("hi", "hinglish", "en")
"""Rows of every report, in this order, followed by ``overall``."""



def _named(kind: str, code: str) -> str:
    """A language's or script's name as the reports print it: "Hindi / हिंदी" (the catalogue's
    ``language:`` and ``script:`` words); an unknown code as it is."""
    return " / ".join(both(f"{kind}:{code}", (code,)))


class Predictor(Protocol):
    """Anything with a batch ``predict`` returning booleans: the detector or the lexicon."""

    def predict(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Metrics:
    """Confusion counts and the scores derived from them for one slice of the data."""

    precision: float
    recall: float
    f1: float
    support: int
    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int, tn: int) -> Metrics:
        """Scores from counts; an empty denominator gives 0, not a division warning."""
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, tp + fn, tp, fp, fn, tn)


@dataclass(frozen=True)
class EvalReport:
    """One detector's metrics on one labelled set; ``rows`` maps language (and ``overall``)."""

    name: str
    rows: dict[str, Metrics]
    n_examples: int

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form (for reports, the CLI's ``--json`` and regression files)."""
        return {"name": self.name, "n_examples": self.n_examples,
                "rows": {k: asdict(v) for k, v in self.rows.items()}}

    def table(self) -> str:
        """This report alone as a text table."""
        return render_table([self])


def evaluate(detector_or_lexicon: Predictor, examples: Sequence[Example],
             name: str | None = None) -> EvalReport:
    """Score a detector (or the lexicon) on labelled examples, one batch call.

    Rows use the examples' *labelled* language, not the detected one, so a language-id
    mistake shows up as a detection miss in the right row instead of moving rows around.
    """
    examples = list(examples)
    predicted = np.asarray(detector_or_lexicon.predict([e.text for e in examples]), dtype=bool)
    gold = np.array([e.is_grievance for e in examples], dtype=bool)
    languages = np.array([e.language for e in examples])
    rows: dict[str, Metrics] = {}
    for language in (*LANGUAGES, "overall"):
        mask = np.ones(len(examples), dtype=bool) if language == "overall" \
            else languages == language
        p, g = predicted[mask], gold[mask]
        rows[language] = Metrics.from_counts(int((p & g).sum()), int((p & ~g).sum()),
                                             int((~p & g).sum()), int((~p & ~g).sum()))
    return EvalReport(name or type(detector_or_lexicon).__name__, rows, len(examples))


def render_table(reports: Sequence[EvalReport]) -> str:
    """Reports side by side as a fixed-width table with English + Hindi headings."""
    header = (f"{slashed('Detector'):<22}{slashed('Language'):<24}{slashed('Precision'):>24}"
              f"{slashed('Recall'):>18}{'F1':>8}{slashed('Support'):>20}")
    lines = [header, "-" * len(header)]
    for report in reports:
        for language, m in report.rows.items():
            lines.append(f"{report.name:<22}{_named('language', language):<24}"
                         f"{m.precision:>24.3f}{m.recall:>18.3f}{m.f1:>8.3f}{m.support:>20d}")
    return "\n".join(lines)


def render(report: EvalReport) -> str:
    """One report as a table (what ``sushasan grievances eval`` prints)."""
    return render_table([report])


# --------------------------------------------------------------------------- labelled files

_SCRIPTS = {"hi": "devanagari", "en": "latin", "mixed": "mixed", None: "none"}

ECE_BINS = 10
WORST_ERRORS = 10
WORST_DEPARTMENTS = 5

_TRUE = {"1", "true", "yes", "y", "t", "grievance"}
_FALSE = {"0", "false", "no", "n", "f", "", "not_grievance"}


@dataclass(frozen=True)
class LabelledRow:
    """One row of a labelled file: the text, its label and, optionally, the right desk."""

    text: str
    is_grievance: bool
    department_id: str | None = None
    language: str | None = None


def read_labelled(path: str | Path, split: str | None = None) -> list[LabelledRow]:
    """Rows of a CSV (or JSONL) with columns ``text``, ``is_grievance`` and optionally
    ``department_id`` and ``language``; a bad label names its line instead of guessing.
    With ``split``, only rows whose ``split`` column is that (the shipped files' dev split)."""
    path = Path(path)
    if not path.is_file():
        raise SushasanError(f"{path}: no such file")
    raw: list[dict[str, object]]
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        raw = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        first_line = 1
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"text", "is_grievance"} - set(reader.fieldnames or [])
            if missing:
                raise SushasanError(f"{path}: needs columns text and is_grievance; missing "
                                    f"{', '.join(sorted(missing))}")
            raw = list(reader)
        first_line = 2
    out = []
    for n, row in enumerate(raw, start=first_line):
        if split is not None and str(row.get("split") or "") != split:
            continue
        label = str(row.get("is_grievance", "")).strip().lower()
        if label not in _TRUE | _FALSE:
            raise SushasanError(f"{path}, line {n}: is_grievance must be 1/0 or true/false, "
                                f"not {row.get('is_grievance')!r}")
        dep = str(row.get("department_id") or "").strip() or None
        lang = str(row.get("language") or "").strip() or None
        out.append(LabelledRow(str(row.get("text") or ""), label in _TRUE, dep, lang))
    return out


def expected_calibration_error(scores: np.ndarray, labels: np.ndarray,
                               bins: int = ECE_BINS) -> float:
    """ECE: the share-weighted gap between mean score and share of grievances, per score bin.

    A calibrated 0.7 means seven in ten such posts are grievances; an officer who sorts the
    queue by score relies on exactly that.
    """
    if not len(scores):
        return 0.0
    index = np.minimum((np.asarray(scores) * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            total += mask.sum() / len(scores) * abs(float(scores[mask].mean())
                                                    - float(labels[mask].mean()))
    return total


@dataclass(frozen=True)
class RoutingMetrics:
    """Routing of labelled grievances that name their department."""

    n: int
    top1: float
    top3: float
    triage_share: float
    auto_precision: float
    auto_routed: int


@dataclass(frozen=True)
class FileReport:
    """Everything ``sushasan grievances eval --in`` reports on one labelled file."""

    n_examples: int
    by_language: dict[str, Metrics]
    by_script: dict[str, Metrics]
    ece: float
    ece_by_language: dict[str, float]
    routing: RoutingMetrics | None
    worst_departments: list[dict[str, object]]
    worst_errors: list[dict[str, object]]

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form."""
        return {
            "n_examples": self.n_examples,
            "by_language": {k: asdict(v) for k, v in self.by_language.items()},
            "by_script": {k: asdict(v) for k, v in self.by_script.items()},
            "ece": self.ece, "ece_by_language": self.ece_by_language,
            "routing": asdict(self.routing) if self.routing else None,
            "worst_departments": self.worst_departments, "worst_errors": self.worst_errors,
        }


def _metrics(predicted: np.ndarray, gold: np.ndarray) -> Metrics:
    return Metrics.from_counts(int((predicted & gold).sum()), int((predicted & ~gold).sum()),
                               int((~predicted & gold).sum()), int((~predicted & ~gold).sum()))


def _sliced(keys: Sequence[str], predicted: np.ndarray, gold: np.ndarray) -> dict[str, Metrics]:
    arr = np.array(keys, dtype=object)
    out = {k: _metrics(predicted[arr == k], gold[arr == k]) for k in sorted(set(keys))}
    out["overall"] = _metrics(predicted, gold)
    return out


def evaluate_labelled(rows: Sequence[LabelledRow], detector: Detector, router: Router | None,
                      route_model: LearnedRouter | None = None,
                      triage_threshold: float | None = None) -> FileReport:
    """Detect and route every row and compare with its labels (one batch call each).

    Languages are the row's ``language`` column when given, else the detected label; scripts
    are counted from the letters (``hi`` Devanagari, ``en`` Latin, ``mixed``, ``none``).
    Routing is measured on grievances whose ``department_id`` is given, as the desk would
    route them: term router, then the learned router, then the triage threshold
    (``triage_threshold``, default the desk's, lets a benchmark replay an older setting).
    """
    from sushasan.grievances.classify.routing import TRIAGE_THRESHOLD
    from sushasan.language.script import script_language

    threshold = TRIAGE_THRESHOLD if triage_threshold is None else triage_threshold
    texts = [r.text for r in rows]
    found = detector.classify(texts)
    scores = np.array([d.score for d in found], dtype=np.float64)
    predicted = np.array([d.is_grievance for d in found], dtype=bool)
    gold = np.array([r.is_grievance for r in rows], dtype=bool)
    languages = [r.language or d.language for r, d in zip(rows, found, strict=True)]
    scripts = [_SCRIPTS[script_language(t)] for t in texts]
    arr = np.array(languages, dtype=object)
    ece_by = {k: expected_calibration_error(scores[arr == k], gold[arr == k])
              for k in sorted(set(languages))}

    routing = None
    worst_departments: list[dict[str, object]] = []
    cases = [i for i, r in enumerate(rows) if r.is_grievance and r.department_id]
    if router is not None and cases:
        routes = router.route_many([texts[i] for i in cases])
        if route_model is not None:
            routes = route_model.refine(routes, [texts[i] for i in cases])
        top1 = top3 = triaged = right_auto = 0
        per_dep: dict[str, dict[str, int]] = {}
        for i, route in zip(cases, routes, strict=True):
            want = rows[i].department_id
            top = [route.department_id, *(d for d, _ in route.alternatives[:2])]
            top1 += route.department_id == want
            top3 += want in top
            auto = route.department_id is not None and route.score >= threshold
            triaged += not auto
            right_auto += auto and route.department_id == want
            got = (route.department_id if auto else "(triage)") or "(triage)"
            per_dep.setdefault(want or "", {}).setdefault(got, 0)
            per_dep[want or ""][got] += 1
        n = len(cases)
        routing = RoutingMetrics(n, top1 / n, top3 / n, triaged / n,
                                 right_auto / max(n - triaged, 1), n - triaged)
        for dep, got in per_dep.items():
            total = sum(got.values())
            right = got.get(dep, 0)
            wrong = sorted(((k, v) for k, v in got.items() if k != dep), key=lambda kv: -kv[1])
            worst_departments.append({"department_id": dep, "n": total,
                                      "right": right / total, "sent_to": dict(wrong[:3])})
        worst_departments.sort(key=lambda d: (d["right"], -int(d["n"])))  # type: ignore[arg-type]
        worst_departments = worst_departments[:WORST_DEPARTMENTS]

    from sushasan.language.pii import redact

    wrong_rows = np.flatnonzero(predicted != gold)
    order = wrong_rows[np.argsort(-np.abs(scores[wrong_rows] - gold[wrong_rows]),
                                  kind="stable")][:WORST_ERRORS]
    worst_errors = [{"text": redact(texts[i]), "is_grievance": bool(gold[i]),
                     "score": round(float(scores[i]), 4), "language": languages[i]}
                    for i in order.tolist()]
    return FileReport(len(rows), _sliced(languages, predicted, gold),
                      _sliced(scripts, predicted, gold),
                      expected_calibration_error(scores, gold.astype(float)), ece_by, routing,
                      worst_departments, worst_errors)


def render_file_report(report: FileReport, name: str = "") -> str:
    """The bilingual text form of :class:`FileReport` (what ``eval --in`` prints)."""
    lines = [f"{slashed('labelled file')}: {name} — {report.n_examples} {slashed('rows')}"]
    for title, rows, kind in ((slashed("Language"), report.by_language, "language"),
                              (slashed("Script"), report.by_script, "script")):
        lines.append("")
        lines.append(f"{title:<26}{slashed('Precision'):>24}{slashed('Recall'):>18}"
                     f"{'F1':>8}{slashed('Support'):>20}{slashed('Rows'):>18}")
        for key, m in rows.items():
            label = _named(kind, key)
            count = m.true_positive + m.false_positive + m.false_negative + m.true_negative
            lines.append(f"{label:<26}{m.precision:>24.3f}{m.recall:>18.3f}{m.f1:>8.3f}"
                         f"{m.support:>20d}{count:>18d}")
    lines.append("")
    lines.append(f"{slashed('Calibration error (ECE)')}: {report.ece:.3f} — "
                 + ", ".join(f"{k} {v:.3f}" for k, v in report.ece_by_language.items()))
    r = report.routing
    if r is None:
        lines.append(f"{_named('eval', 'routing')}: {slashed('no rows with department_id')}")
    else:
        lines.append(f"{_named('eval', 'routing')} ({r.n} grievances with department_id): top-1 "
                     f"{r.top1:.3f}, top-3 {r.top3:.3f}, {slashed('sent to triage')} "
                     f"{r.triage_share:.3f}, {slashed('precision of auto-routed')} "
                     f"{r.auto_precision:.3f} ({r.auto_routed})")
        lines.append(f"{slashed('Worst departments')} (share routed right; where the rest went):")
        for d in report.worst_departments:
            sent = ", ".join(f"{k} {v}" for k, v in d["sent_to"].items())  # type: ignore[attr-defined]
            lines.append(f"  {d['department_id']:<24} n={d['n']:<5} right {d['right']:.2f}  "
                         f"→ {sent or '-'}")
    lines.append(f"{slashed('Worst errors')} (top {len(report.worst_errors)}):")
    for e in report.worst_errors:
        kind = slashed("missed grievance") if e["is_grievance"] else slashed("false alarm")
        text = str(e["text"]).replace("\n", " ")[:90]
        lines.append(f"  {e['score']:.3f} {kind:<32} [{e['language']}] {text}")
    return "\n".join(lines)


def retrain(corrections: Iterable[Example], base: Iterable[Example] | None = None,
            ) -> tuple[Detector, EvalReport, EvalReport]:
    """Retrain with officers' corrections (:func:`train_with_corrections`) and return the new
    detector with the evaluation reports on the shipped eval set before and after.
    """
    fixes = list(corrections)
    if base is None:
        before = Detector.default()
        after = train_with_corrections(fixes)
    else:
        base_rows = list(base)
        before = Detector.train(base_rows)
        after = train_with_corrections(fixes, base_rows)
    eval_rows = load_examples(default_eval_path())
    return after, evaluate(before, eval_rows, name="before"), evaluate(after, eval_rows,
                                                                        name="after")
