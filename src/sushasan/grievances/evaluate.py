"""Precision, recall and F1 of a grievance detector, per language and overall.

Per language because the cell's duty is to hear Hindi and Hinglish posts as well as English
ones: a detector that is good on average but deaf to romanised Hindi would quietly drop the
complaints of the people least likely to write in English. The table is bilingual so it can go
into a report for the review cell as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Protocol

import numpy as np

from sushasan.grievances.detect import Example

__all__ = [
    "LANGUAGES", "EvalReport", "Metrics", "Predictor", "evaluate", "render", "render_table",
]

LANGUAGES: tuple[str, ...] = ("hi", "hinglish", "en")
"""Rows of every report, in this order, followed by ``overall``."""

_LANGUAGE_NAMES = {
    "hi": "Hindi / हिंदी",
    "hinglish": "Hinglish / हिंग्लिश",
    "en": "English / अंग्रेज़ी",
    "overall": "Overall / कुल",
}


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
    header = (f"{'Detector / डिटेक्टर':<22}{'Language / भाषा':<24}{'Precision / परिशुद्धता':>24}"
              f"{'Recall / रिकॉल':>18}{'F1':>8}{'Support / संख्या':>20}")
    lines = [header, "-" * len(header)]
    for report in reports:
        for language, m in report.rows.items():
            lines.append(f"{report.name:<22}{_LANGUAGE_NAMES.get(language, language):<24}"
                         f"{m.precision:>24.3f}{m.recall:>18.3f}{m.f1:>8.3f}{m.support:>20d}")
    return "\n".join(lines)


def render(report: EvalReport) -> str:
    """One report as a table (what ``sushasan grievances eval`` prints)."""
    return render_table([report])
