"""Real citizens' posts shipped with the detector, and the fixed train / calibration / dev split.

The hand-written sets (``train.jsonl``, ``eval.jsonl``) taught the model the desk's languages, but a
trial on real posts showed they read like templates. ``data/bengaluru.jsonl`` holds 30,000-odd
real English civic complaints filed by Bengaluru residents and generic tweets as negatives
(MIT, from github.com/ShriyaShankar/mini-project; the notice is ``data/LICENSE.bengaluru``, and
it must travel with any model trained on the file). ``data/handwritten.jsonl`` holds Hindi
(Devanagari) and Hinglish posts written for this project in the forms citizens use, with hard
negatives: announcements, news, praise, condolences, political argument, questions.

Every row carries its split, fixed once from a hash of its normalised text so that the same
sentence (or a repost differing only in case, digits or punctuation) can never sit on both sides:

* ``train`` (70 %): fits the model;
* ``cal`` (15 %): fits the calibration of the score and the routing threshold, never the weights;
* ``dev`` (15 %): reported on, never fitted on.

:func:`convert_bengaluru` rebuilds ``bengaluru.jsonl`` from the upstream ``finalData.csv``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from sushasan.grievances.classify.splits import SPLITS, bucket_of, split_of

__all__ = [
    "CATEGORY_DEPARTMENT",
    "SPLITS",
    "bucket_of",
    "convert_bengaluru",
    "split_of",
]

CATEGORY_DEPARTMENT: dict[str, str] = {
    "Waste/Garbage": "urban_development",
    "Sanitation": "urban_development",
    "Plastic": "urban_development",
    "Streetlights": "urban_development",
    "Potholes": "pwd",
    "Traffic/Parking": "police",
    "Water": "jal_sansthan",
    "Sewage": "jal_sansthan",
    "Air": "ukpcb",
    "Electricity": "upcl",
}
"""Who would answer each Bengaluru category in Uttarakhand's registry: municipal services
(garbage, sanitation, plastic, street lights) are urban local bodies under Urban Development,
roads are PWD's, parking and traffic the police's, water and sewerage Jal Sansthan's, air the
Pollution Control Board's, power UPCL's. The categories were picked by the people filing, so
some labels are wrong; routing figures on this file are therefore a floor."""


def _rows(csv_path: Path) -> Iterable[dict[str, str]]:
    with csv_path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def convert_bengaluru(csv_path: str | Path, out: str | Path) -> dict[str, int]:
    """Write the shipped JSONL from upstream ``finalData.csv``; returns rows per split.

    Texts are kept as written (only surrounding whitespace trimmed, HTML ``&amp;`` etc. left,
    as they are in real exports). Duplicates after normalisation are dropped, keeping the
    first; a text labelled both ways upstream is dropped entirely, since either label would
    teach the model noise; texts under 3 characters say nothing and are dropped too.
    """
    from sushasan.grievances.classify.detect import prepare

    rows = list(_rows(Path(csv_path)))
    texts = [r["description"].strip() for r in rows]
    keys = prepare(texts)
    labels: dict[str, set[bool]] = {}
    for key, row in zip(keys, rows, strict=True):
        labels.setdefault(key, set()).add(row["civic_issue"].strip() == "1")
    seen: set[str] = set()
    counts = dict.fromkeys(SPLITS, 0)
    with Path(out).open("w", encoding="utf-8") as handle:
        for text, key, row in zip(texts, keys, rows, strict=True):
            if len(key) < 3 or key in seen or len(labels[key]) > 1:
                continue
            seen.add(key)
            positive = row["civic_issue"].strip() == "1"
            category = row["category"].strip() or None
            split = split_of(key)
            counts[split] += 1
            handle.write(json.dumps({
                "id": f"blr{int(row['index']):05d}" if row["index"].strip().isdigit()
                else f"blr-{row['']}",
                "text": text, "language": "en", "is_grievance": positive,
                "topic": category if positive else None,
                "department_id": CATEGORY_DEPARTMENT.get(category or "") if positive else None,
                "split": split,
            }, ensure_ascii=False) + "\n")
    return counts
