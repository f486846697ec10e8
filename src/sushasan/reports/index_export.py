"""The review as COINr-style files, so anyone can recompute the ranking with another tool.

Writes ``index-<quarter>/data.csv`` (ranked departments and the indicator values the engine
scored, after volume rules), ``meta.csv`` (COINr's iMeta layout with goalposts) and
``method.yaml`` (the spelling ``sushasan index`` reads). ``sushasan index`` on these files gives
the review's scores; COINr in R can read the same data and metadata.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

__all__ = ["write_index_files"]


def write_index_files(review: dict[str, Any], out_dir: Path) -> list[Path]:
    folder = out_dir / f"index-{review['quarter']}"
    folder.mkdir(parents=True, exist_ok=True)
    m = review["method"]
    inds = m["weights"]["indicators"]
    codes = list(inds)
    ranked = [d for d in review["departments"] if d["status"] == "ranked"]
    data = folder / "data.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["uCode", "uName", *codes])
        for d in ranked:
            values = [d["indicators"][c]["value"] for c in codes]
            cells = ["" if v is None else repr(float(v)) for v in values]
            w.writerow([d["id"], d["name_en"], *cells])
    meta = folder / "meta.csv"
    with meta.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["Level", "iCode", "iName", "Direction", "Weight", "Parent", "Type",
                    "goalpost_lower", "goalpost_upper", "goalpost_scale", "goalpost_trunc2posts"])
        for c, spec in inds.items():
            gp = spec.get("goalposts") or ["", ""]
            w.writerow([1, c, c, spec["direction"], spec["weight"], spec["pillar"], "Indicator",
                        gp[0], gp[1], 100 if spec.get("goalposts") else "", "TRUE"])
        for p, weight in m["weights"]["pillars"].items():
            w.writerow([2, p, p, 1, weight, "index", "Aggregate", "", "", "", ""])
        w.writerow([3, "index", "index", 1, 1, "", "Aggregate", "", "", "", ""])
    t = m.get("treatment")
    doc: dict[str, Any] = {
        "treatment": "none" if not t else {
            "method": "winsorise_log",
            "winmax": t["winmax"],
            "skew_threshold": t["skew_threshold"],
            "kurtosis_threshold": t["kurtosis_threshold"],
            # The review's "auto" fallback: no log transform under goalposts.
            "log_fallback": "skip" if m["normalisation"] == "goalposts"
            and t.get("log_fallback") == "auto" else t.get("log_fallback", "log"),
        },
        "normalisation": {"method": m["normalisation"], **(
            {"lower": 0, "upper": 100} if m["normalisation"] == "minmax" else
            {"mean": 50, "sd": 10} if m["normalisation"] == "zscore" else {}
        )},
        "aggregation": {"method": m["aggregation"]},
    }
    method = folder / "method.yaml"
    method.write_text(
        f"# Review {review['quarter']}, method {m['version']}: recompute with\n"
        f"#   sushasan index --data data.csv --meta meta.csv --method method.yaml --out result\n"
        + yaml.safe_dump(doc, sort_keys=False),
        encoding="utf-8",
    )
    return [data, meta, method]
