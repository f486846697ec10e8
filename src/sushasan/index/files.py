"""``sushasan index`` files: COINr-style DATA.csv and META.csv in, CSVs and method.json out.

Numbers are written with Python's shortest round-trip representation, so every value read back
from an output file is the same double the engine computed; missing values are empty cells.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sushasan.index.engine import IndexMethod, IndexResult
from sushasan.index.meta import IndexSpecError, Meta
from sushasan.index.treat import Treatment
from sushasan.index.uncertainty import alternatives_from
from sushasan.textio import read_text

__all__ = [
    "IndexData",
    "load_data",
    "load_meta",
    "load_method",
    "method_json",
    "uncertainty_alternatives",
    "write_outputs",
    "write_sensitivity",
    "write_uncertainty",
]

#: Method choices varied by ``--uncertainty`` and ``--sensitivity`` unless METHOD.yaml says
#: otherwise (its ``uncertainty:`` block, same spelling as the review method file).
DEFAULT_UNCERTAINTY = {
    "normalisation": ["minmax", "zscore"],
    "aggregation": ["arithmetic", "geometric"],
    "treatment": ["on", "off"],
}


@dataclass(frozen=True)
class IndexData:
    units: list[str]
    names: list[str]
    matrix: np.ndarray  # units × indicators in the metadata's indicator order


def _csv(path: Path) -> list[dict[str, str]]:
    text = read_text(path)
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise IndexSpecError(f"{path}: no rows")
    return rows


def load_meta(path: Path) -> Meta:
    rows = _csv(path)
    missing = [c for c in ("Level", "iCode", "Weight", "Parent", "Type") if c not in rows[0]]
    if missing:
        raise IndexSpecError(f"{path}: missing column(s) {', '.join(missing)} (COINr iMeta layout)")
    try:
        return Meta.from_rows(rows)
    except IndexSpecError as exc:
        raise IndexSpecError(f"{path}: {exc}") from None


def load_data(path: Path, meta: Meta) -> IndexData:
    rows = _csv(path)
    if "uCode" not in rows[0]:
        raise IndexSpecError(f"{path}: needs a uCode column with one code per unit")
    absent = [c for c in meta.indicators if c not in rows[0]]
    if absent:
        raise IndexSpecError(
            f"{path}: indicator(s) in the metadata but not in the data: {', '.join(absent)}"
        )
    units, names, values = [], [], []
    seen: set[str] = set()
    for line, r in enumerate(rows, start=2):
        code = (r["uCode"] or "").strip()
        if not code:
            raise IndexSpecError(f"{path}, row {line}: empty uCode")
        if code in seen:
            raise IndexSpecError(f"{path}, row {line}: uCode '{code}' appears twice")
        seen.add(code)
        units.append(code)
        names.append((r.get("uName") or "").strip())
        row = []
        for c in meta.indicators:
            cell = (r[c] or "").strip()
            if cell in ("", "NA", "NaN", "nan"):
                row.append(math.nan)
                continue
            try:
                row.append(float(cell))
            except ValueError:
                raise IndexSpecError(
                    f"{path}, row {line}, column {c}: '{cell}' is not a number"
                ) from None
        values.append(row)
    return IndexData(units, names, np.array(values, dtype=float))


def load_method(path: Path | None) -> IndexMethod:
    """METHOD.yaml → IndexMethod; no file means min-max 0–100, arithmetic, no treatment."""
    if path is None:
        return IndexMethod()
    try:
        doc = yaml.safe_load(read_text(path)) or {}
    except yaml.YAMLError as exc:
        raise IndexSpecError(f"{path}: not valid YAML ({exc})") from None
    return method_from_dict(doc, str(path))


def method_from_dict(doc: Mapping[str, Any], where: str = "method") -> IndexMethod:
    try:
        treat = doc.get("treatment") or {"method": "none"}
        treatment = None
        if isinstance(treat, str):
            treat = {"method": treat}
        if treat.get("method", "none") not in ("none", "winsorise_log"):
            raise IndexSpecError(f"{where}: treatment method must be winsorise_log or none")
        if treat.get("method") == "winsorise_log":
            treatment = Treatment(
                int(treat.get("winmax", 5)),
                float(treat.get("skew_threshold", 2.0)),
                float(treat.get("kurtosis_threshold", 3.5)),
                str(treat.get("log_fallback", "log")),
            )
        norm = dict(doc.get("normalisation") or {"method": "minmax"})
        norm_method = str(norm.pop("method", "minmax"))
        agg = doc.get("aggregation") or {"method": "arithmetic"}
        if isinstance(agg, str):
            agg = {"method": agg}
        weights = {str(k): float(v) for k, v in (doc.get("weights") or {}).items()} or None
        thresh = doc.get("dat_thresh")
        by_code: dict[str, float] = {}
        if isinstance(thresh, Mapping):
            by_code = {str(k): float(v) for k, v in thresh.items() if k != "default"}
            thresh = thresh.get("default")
        return IndexMethod(
            treatment=treatment,
            normalisation=norm_method,
            norm_params={k: (float(v) if not isinstance(v, bool) else v) for k, v in norm.items()}
            or ({"lower": 0.0, "upper": 100.0} if norm_method == "minmax" else {}),
            aggregation=str(agg.get("method", "arithmetic")),
            aggregation_levels={int(k): str(v) for k, v in (agg.get("levels") or {}).items()},
            weights=weights,
            dat_thresh=float(thresh) if thresh is not None else None,
            dat_thresh_by=by_code,
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise IndexSpecError(f"{where}: malformed entry ({exc})") from None


def method_json(method: IndexMethod) -> dict[str, Any]:
    t = method.treatment
    return {
        "treatment": None if t is None else {
            "method": "winsorise_log", "winmax": t.winmax, "skew_threshold": t.skew_threshold,
            "kurtosis_threshold": t.kurtosis_threshold, "log_fallback": t.log_fallback,
        },
        "normalisation": {"method": method.normalisation, **dict(method.norm_params)},
        "aggregation": {
            "method": method.aggregation,
            "levels": {str(k): v for k, v in sorted(method.aggregation_levels.items())},
        },
        "weights": dict(method.weights) if method.weights else "from metadata",
        "dat_thresh": method.dat_thresh,
        "dat_thresh_by": dict(method.dat_thresh_by),
    }


def _num(v: float) -> str:
    return "" if math.isnan(v) else repr(float(v))


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def write_outputs(
    out: Path, data: IndexData, result: IndexResult, method: IndexMethod
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    meta = result.meta
    codes = meta.indicators
    files: list[Path] = []
    prep = result.prepared
    if method.treatment is not None:
        files.append(_write(out / "treated.csv", ["uCode", *codes], [
            [u, *(_num(v) for v in prep.treated[i])] for i, u in enumerate(data.units)
        ]))
        files.append(_write(out / "treated_points.csv", ["uCode", *codes], [
            [u, *(str(f) for f in prep.flags[i])] for i, u in enumerate(data.units)
        ]))
    files.append(_write(out / "normalised.csv", ["uCode", *codes], [
        [u, *(_num(v) for v in prep.normalised[i])] for i, u in enumerate(data.units)
    ]))
    aggs = sorted(meta.aggregates, key=lambda c: (meta.node(c).level, meta.aggregates.index(c)))
    files.append(_write(out / "scores.csv", ["uCode", *aggs], [
        [u, *(_num(result.scores[a][i]) for a in aggs)] for i, u in enumerate(data.units)
    ]))
    ranks = result.ranks
    files.append(_write(out / "ranks.csv", ["uCode", "uName", "Index", "Rank"], [
        [u, data.names[i], _num(result.index[i]),
         "" if math.isnan(ranks[i]) else str(int(ranks[i]))]
        for i, u in enumerate(data.units)
    ]))
    doc = {"method": method_json(method), "treatment_status": prep.status, "top": meta.top}
    (out / "method.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    files.append(out / "method.json")
    return files


def uncertainty_alternatives(path: Path | None, base: IndexMethod) -> dict[str, list[dict]]:
    """The alternatives of METHOD.yaml's ``uncertainty:`` block, or the defaults."""
    doc = yaml.safe_load(read_text(path)) if path else None
    block = (doc or {}).get("uncertainty") if isinstance(doc, dict) else None
    return alternatives_from(block or DEFAULT_UNCERTAINTY, base.treatment)


def write_uncertainty(out: Path, data: IndexData, mc: Any) -> Path:
    """uncertainty.csv: per unit, the median rank and the 5th–95th percentile interval."""
    return _write(out / "uncertainty.csv", ["uCode", "uName", "MedianRank", "Q5", "Q95"], [
        [u, data.names[i], _num(mc.median_rank[i]), _num(mc.p5[i]), _num(mc.p95[i])]
        for i, u in enumerate(data.units)
    ])


def write_sensitivity(out: Path, res: Any) -> list[Path]:
    """sensitivity.csv and a bar chart of first-order and total indices (SVG, text as paths)."""
    from matplotlib.figure import Figure

    csv_path = _write(out / "sensitivity.csv", ["choice", "first_order", "total"], [
        [n, _num(res.first_order[i]), _num(res.total[i])] for i, n in enumerate(res.names)
    ])
    fig = Figure(figsize=(6, 3.2))
    ax = fig.add_subplot()
    x = np.arange(len(res.names))
    ax.bar(x - 0.2, res.first_order, 0.4, label="first order (Si)", color="#3b6ea5")
    ax.bar(x + 0.2, res.total, 0.4, label="total (STi)", color="#d08c2f")
    ax.set_xticks(x, res.names)
    ax.set_ylabel("share of rank variance")
    ax.set_title(f"Sensitivity of the ranking ({res.runs} runs)")
    ax.legend(frameon=False)
    fig.tight_layout()
    svg = out / "sensitivity.svg"
    fig.savefig(svg, format="svg", metadata={"Date": None})
    return [csv_path, svg]
