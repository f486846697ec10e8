"""The review PDF's method annex: how the index is built, the weights, and the words used."""

from __future__ import annotations

from typing import Any

from sushasan.reports import pdf_values as P
from sushasan.reports.pdf_kit import (
    HEAD_FILL,
    RULE,
    X0,
    W,
    row,
    stacked,
)
from sushasan.reports.pdf_layout import ACCENT, INK, MUTED, NAVY, PT_PER_MM, Part, ReportPDF, lab
from sushasan.words import both

__all__ = ["annex"]


# ---- method annex ---------------------------------------------------------------------------


def annex(pdf: ReportPDF, review: dict[str, Any]) -> None:
    pdf.add_page("P")
    pdf.bottom = pdf.h - 16
    pdf.start_section(lab("annex_title")[0])
    method = review["method"]
    en, hi = lab("annex_title")
    y = 14.0
    pdf.runs(X0, y, [Part(f"{en} / {hi} ", 15, True, NAVY, 1.4),
                     Part(str(method.get("version", "")), 15, True, ACCENT, 1.4)])
    y += 15 * 1.4 / PT_PER_MM + 1.6
    pdf.rule(X0, y, X0 + W, ACCENT, 0.7)
    y += 2.6
    norm = _method_key(method.get("normalisation"), "norm_")
    agg = _method_key(method.get("aggregation"), "agg_")
    facts: list[tuple[str, list[Part]]] = [
        ("normalisation", [Part(norm[0], 7.5, leading=1.3), Part(norm[1], 7.5, leading=1.4)]),
        ("aggregation", [Part(agg[0], 7.5, leading=1.3), Part(agg[1], 7.5, leading=1.4)]),
        ("coverage_threshold", [Part(P.pct(method.get("coverage_threshold")), 7.5, True)]),
    ]
    ranked = P.ranked(review)
    meds = P.medians(review)
    unavailable = review.get("unavailable_pillars") or [
        p for p in P.pillars(review) if ranked and meds[p] is None
    ]
    if unavailable:
        facts.append(("unavailable_pillars",
                      [Part("; ".join(P.bi(p) for p in unavailable), 7.5, leading=1.4)]))
    if treatment := method.get("treatment"):
        rest = ", ".join(f"{k} {v}" for k, v in treatment.items() if k != "method")
        facts.append(("treatment", [Part(f"{treatment.get('method', '')}: {rest}", 7.5)]))
    unc = review.get("uncertainty") or method.get("uncertainty") or None
    if unc and unc.get("runs"):
        ue, uh = lab("uncertainty_note")
        args = {"runs": unc["runs"], "seed": unc.get("seed", "—")}
        facts.append(("uncertainty", [Part(ue.format(**args), 7.5, leading=1.3),
                                      Part(uh.format(**args), 7.5, leading=1.4)]))
    for key, parts in facts:
        y += row(pdf, X0, y, [(58.0, stacked(key, 7), "L"), (W - 58.0, parts, "L")], pad_y=0.9)
    y += 2.0
    if _method_name(method.get("normalisation")) == "minmax":
        y = _prose(pdf, "method_note", y)
    y = _weights_table(pdf, review, y) + 2.0
    y = _prose(pdf, "coverage_note", y)
    y = _prose(pdf, "insufficient_note", y)
    y = _prose(pdf, "pdf_text_note", y, MUTED)
    pdf.check_fit("annex", y)


def _prose(pdf: ReportPDF, key: str, y: float, colour: str = INK) -> float:
    en, hi = lab(key)
    y = pdf.stack(X0, y, W, [Part(en, 7.5, colour=colour, leading=1.35),
                             Part(hi, 7.5, colour=colour, leading=1.45)])
    return y + 1.8


def _weights_table(pdf: ReportPDF, review: dict[str, Any], y: float) -> float:
    w = review["method"]["weights"]
    goalposts = any(spec.get("goalposts") for spec in w["indicators"].values())
    widths = ([24.0, 11.0, 50.0, 46.0, 11.0, 21.0, 19.0] if goalposts
              else [26.0, 12.0, 56.0, 52.0, 12.0, 24.0])
    head = [(widths[0], stacked("pillar", 7), "L"), (widths[1], stacked("weight", 7), "R"),
            (widths[2], [Part(lab("indicator")[0], 7, True, NAVY)], "L"),
            (widths[3], [Part(lab("indicator")[1], 7, True, NAVY)], "L"),
            (widths[4], stacked("weight", 7), "R"), (widths[5], stacked("better_when", 7), "L")]
    if goalposts:
        head.append((widths[6], stacked("goalposts", 7), "R"))
    y += row(pdf, X0, y, head, pad_x=0.9, pad_y=0.9, fill=HEAD_FILL, line=RULE, valign="bottom")
    previous = None
    for name, spec in w["indicators"].items():
        first = spec.get("pillar") != previous
        if first and previous is not None:
            pdf.rule(X0, y, X0 + W, RULE, 0.35)
        previous = spec.get("pillar")
        direction = "higher" if spec.get("direction", 1) > 0 else "lower"
        cells = [
            (widths[0], stacked(spec["pillar"], 7) if first else [], "L"),
            (widths[1], [Part(f"{w['pillars'][spec['pillar']]:.2f}", 7.3)] if first else [], "R"),
            (widths[2], [Part(lab(name)[0], 7.3, leading=1.2)], "L"),
            (widths[3], [Part(lab(name)[1], 7.5, leading=1.3)], "L"),
            (widths[4], [Part(f"{spec['weight']:.2f}", 7.3)], "R"),
            (widths[5], [Part(P.bi(direction), 7.3)], "L"),
        ]
        if goalposts:
            gp = spec.get("goalposts")
            cells.append((widths[6], [Part(f"{P.short(gp[0])}–{P.short(gp[1])}" if gp else "—",
                                           7.3)], "R"))
        y += row(pdf, X0, y, cells, pad_x=0.9, pad_y=0.7)
    return y


def _method_name(value: Any) -> str | None:
    """Methods give a choice as a name or as {"method": name, ...}."""
    return value.get("method") if isinstance(value, dict) else value


def _method_key(value: Any, prefix: str) -> tuple[str, str]:
    """A method choice in words, from the catalogue (its bare name when it has no words yet)."""
    name = _method_name(value)
    if not name:
        return "—", "—"
    return both(f"{prefix}{name}", (str(name), str(name)))
