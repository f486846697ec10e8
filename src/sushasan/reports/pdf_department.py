"""The review PDF's page per department: standing, pillars, indicators, what helped and hurt,
flags; one page each, checked to fit."""

from __future__ import annotations

from typing import Any

from sushasan.reports import pdf_values as P
from sushasan.reports.pdf_kit import (
    AMBER,
    BROWN,
    GREEN,
    GREY,
    HEAD_FILL,
    MAX_FLAGS,
    MAX_ITEMS,
    RED,
    RULE,
    X0,
    W,
    bi,
    row,
    stacked,
)
from sushasan.reports.pdf_layout import ACCENT, INK, MUTED, NAVY, PT_PER_MM, Part, ReportPDF, lab

__all__ = ["department"]


# ---- department page ------------------------------------------------------------------------


def department(pdf: ReportPDF, review: dict[str, Any], d: dict[str, Any],
               meds: dict[str, float | None]) -> None:
    pdf.add_page("P")
    pdf.bottom = pdf.h - 16
    pdf.start_section(f"{d['rank']}. {d['name_en']}", level=1 if pdf.page_no() > 1 else 0,
                      strict=False)
    y = _dept_head(pdf, d, 14.0)
    y = _coverage_line(pdf, d, y)
    y = _counted_line(pdf, d, y)
    left_end = _pillar_chart(pdf, review, d, meds, X0, y, 98.0)
    right_end = _standing(pdf, d, X0 + 98.0 + 5.6, y, W - 98.0 - 5.6)
    y = max(left_end, right_end) + 2.5
    y = _indicator_table(pdf, review, d, y) + 2.5
    y = _explain(pdf, d, y)
    y = _flags(pdf, d, y)
    pdf.check_fit(str(d["id"]), y)


def _dept_head(pdf: ReportPDF, d: dict[str, Any], y: float) -> float:
    long_name = max(len(d["name_en"]), len(d["name_hi"])) > 56
    badge_w, score_w = 19.0, 30.0
    nx = X0 + badge_w + 3.5
    nw = W - badge_w - 3.5 - score_w - 2
    names = [
        Part(d["name_en"], 12 if long_name else 15, True, NAVY, 1.2, max_lines=3),
        Part(d["name_hi"], 11.5 if long_name else 14, False, NAVY, 1.45, max_lines=3),
    ]
    names_h = pdf.stack_height(names, nw)
    band = max(names_h, 17.0)
    pdf.box(X0, y + (band - 17.0) / 2, badge_w, 17.0, fill=NAVY, radius=2.1)
    by = y + (band - 17.0) / 2 + 1.6
    by = pdf.text_at(X0, by, badge_w, Part(str(d["rank"]), 21, True, "#ffffff", 1.1), align="C")
    pdf.text_at(X0, by, badge_w, Part(P.bi("rank"), 6, False, "#ffffff", 1.25), align="C")
    pdf.stack(nx, y + (band - names_h) / 2, nw, names)
    score = [Part(P.num(d.get("score")), 26, True, ACCENT, 1.05),
             Part(lab("score")[0], 7, False, MUTED, 1.3),
             Part(lab("score")[1], 7, False, MUTED, 1.4)]
    sh = pdf.stack_height(score, score_w)
    pdf.stack(X0 + W - score_w, y + (band - sh) / 2, score_w, score, align="R")
    y += band + 2.8
    pdf.rule(X0, y, X0 + W, ACCENT, 0.7)
    return y + 2.5


def _coverage_line(pdf: ReportPDF, d: dict[str, Any], y: float) -> float:
    coverage = {k: v for k, v in (d.get("coverage") or {}).items() if k in P.PLATFORMS}
    if not coverage:
        return y
    en, hi = lab("coverage_by_platform")
    y = pdf.text_at(X0, y, W, Part(f"{en} / {hi}:", 7, False, GREY, 1.3))
    runs: list[Part] = []
    for i, (p, share) in enumerate(coverage.items()):
        runs.append(Part(f"{P.PLATFORMS[p]} ", 7.5, False, GREY, 1.3))
        low = share is not None and share < 0.5
        runs.append(Part(P.pct(share), 7.5, True, BROWN if low else INK, 1.3))
        if i < len(coverage) - 1:
            runs.append(Part("  ·  ", 7.5, False, MUTED, 1.3))
    pdf.runs(X0, y, runs)
    return y + 7.5 * 1.3 / PT_PER_MM + 2.5


def _counted_line(pdf: ReportPDF, d: dict[str, Any], y: float) -> float:
    """Found against counted for the adjusted indicators, and any daily-against-per-post line
    over the tolerance: two short lines at most (the XLSX has every step)."""
    shown = []
    for ind, v in (d.get("indicators") or {}).items():
        steps = [a for a in v.get("adjustments") or [] if a["from"] != a["to"]]
        if steps and len(shown) < 2:
            why = " / ".join(lab(f"adjust:{steps[0]['reason']}"))
            shown.append(f"{P.bi(ind)}: {P.bi('raw')} {P.fmt_value(ind, v.get('raw'))}, "
                         f"{P.bi('counted')} {P.fmt_value(ind, v.get('counted'))} ({why})")
    flagged = [r for r in d.get("reconciliation") or [] if r["flagged"]][:2]
    parts = []
    if shown:
        parts.append(Part(f"{P.bi('raw_counted_title')}: " + " · ".join(shown), 6.5, False, GREY,
                          1.3, max_lines=2))
    if flagged:
        lines = " · ".join(
            f"{P.PLATFORMS.get(r['platform'], r['platform'])} {P.bi('figure:' + r['metric'])}: "
            f"{P.bi('daily')} {r['daily']:,}, {P.bi('per_post')} {r['per_post']:,} "
            f"({(r['difference_share'] or 0) * 100:.2f}%)" for r in flagged)
        parts.append(Part(f"{P.bi('reconciliation')}: {lines}", 6.5, False, BROWN, 1.3,
                          max_lines=2))
    for part in parts:
        y = pdf.text_at(X0, y, W, part)
    return y + (1.5 if parts else 0.0)


def _pillar_chart(pdf: ReportPDF, review: dict[str, Any], d: dict[str, Any],
                  meds: dict[str, float | None], x: float, y: float, w: float) -> float:
    y = pdf.text_at(x, y, w, bi("pillar_scores", 8.5, True, NAVY)) + 1.2
    label_w, value_w = 33.0, 13.0
    bar_w = w - label_w - value_w - 2.0
    na = False
    for p in P.pillars(review):
        score = d["pillars"].get(p)
        na = na or score is None
        en, hi = lab(p)
        label = [Part(en, 7, True, NAVY, 1.15), Part(hi, 7, False, GREY, 1.3)]
        h = max(pdf.stack_height(label, label_w - 1.5), 5.3)
        pdf.stack(x, y + (h - pdf.stack_height(label, label_w - 1.5)) / 2, label_w - 1.5, label)
        pdf.bar(x + label_w, y + h / 2 - 2.0, bar_w, 4.0, score, meds.get(p))
        pdf.text_at(x + label_w + bar_w, y + h / 2 - 8.5 * 1.2 / PT_PER_MM / 2, value_w,
                    Part(P.num(score), 8.5, True, INK, 1.2), align="R")
        y += h + 1.0
    pdf.box(x + 0.7, y + 0.6, 0.6, 2.8, fill=ACCENT)
    y = pdf.text_at(x + 3.0, y, w - 3.0, bi("ranked_median", 6.8, colour=GREY)) + 0.4
    if na:
        y = pdf.text_at(x, y, w, bi("na_note", 7, colour=MUTED))
    return y


def _standing(pdf: ReportPDF, d: dict[str, Any], x: float, y: float, w: float) -> float:
    facts: list[tuple[str, str]] = []
    if d.get("median_rank") is not None:
        facts.append(("median_rank", P.short(d["median_rank"])))
    if d.get("rank_interval"):
        lo, hi = d["rank_interval"]
        facts.append(("rank_interval", f"{P.whole(lo)}–{P.whole(hi)}"))
    if d.get("tier") is not None:
        facts.append(("tier", str(d["tier"])))
    if d.get("top3_share") is not None:
        facts.append(("top3_share", P.pct(d["top3_share"])))
    if d.get("size_group"):
        facts.append(("size_group", str(d["size_group"])))
    if d.get("group_rank") is not None:
        facts.append(("group_rank", str(d["group_rank"])))
    facts.append(("coverage", P.pct((d.get("coverage") or {}).get("overall"))))
    for key, value in facts:
        y += row(pdf, x, y, [(w - 17.0, [bi(key, 6.8, colour=GREY)], "L"),
                             (17.0, [Part(value, 8, True, NAVY, 1.15)], "R")],
                 pad_x=0.0, pad_y=0.55, valign="middle")
    trend = d.get("trend")
    if trend:
        y += 2.0
        lines: list[list[Part]] = []
        prev = trend.get("previous_rank")
        if prev is not None:
            text, colour = P.moved(prev - d["rank"])
            lines.append([Part(f"{P.bi('previous_rank')}: ", 7, False, INK, 1.3),
                          Part(str(prev), 7, True, INK, 1.3), Part(" (", 7, False, INK, 1.3),
                          Part(text, 7, True, colour, 1.3), Part(")", 7, False, INK, 1.3)])
        else:
            lines.append([Part(f"{P.bi('previous_rank')}: {P.bi('not_ranked_before')}", 7,
                               False, INK, 1.3)])
        change = trend.get("score_change")
        if change is not None:
            colour = {1: GREEN, -1: RED}.get(P.sign_of(change), MUTED)
            lines.append([Part(f"{P.bi('score_change')}: ", 7, False, INK, 1.3),
                          Part(P.signed(change), 7, True, colour, 1.3)])
        heading = Part(f"{P.bi('trend')} ({trend.get('previous_quarter') or '—'})", 7, True,
                       NAVY, 1.3)
        inner = w - 4.2
        body_h = [max(pdf.height(Part("".join(p.text for p in ln), 7, leading=1.3), inner),
                      7 * 1.3 / PT_PER_MM) for ln in lines]
        h = pdf.height(heading, inner) + sum(body_h) + 3.4
        pdf.box(x, y, w, h, fill="#f3f6f9")
        pdf.box(x, y, w, 0.7, fill=NAVY)
        ty = pdf.text_at(x + 2.1, y + 1.5, inner, heading) + 0.3
        for ln, lh in zip(lines, body_h, strict=True):
            if len(ln) == 1:
                pdf.text_at(x + 2.1, ty, inner, ln[0])
            else:
                pdf.runs(x + 2.1, ty, ln)
            ty += lh
        y += h
    return y


def _grouped(review: dict[str, Any], d: dict[str, Any]) -> list[tuple[str | None, list[str]]]:
    """Indicators in method order (then any extra), grouped by pillar."""
    weights = review["method"]["weights"]["indicators"]
    order = [i for i in weights if i in d["indicators"]]
    order += [i for i in d["indicators"] if i not in weights]
    groups: list[tuple[str | None, list[str]]] = []
    for ind in order:
        pillar = weights.get(ind, {}).get("pillar")
        if groups and groups[-1][0] == pillar:
            groups[-1][1].append(ind)
        else:
            groups.append((pillar, [ind]))
    return groups


def _indicator_table(pdf: ReportPDF, review: dict[str, Any], d: dict[str, Any], y: float) -> float:
    widths = [28.0, 60.0, 54.0, 16.0, 24.0]
    head = [(widths[0], stacked("pillar", 7), "L"),
            (widths[1], [Part(lab("indicator")[0], 7, True, NAVY)], "L"),
            (widths[2], [Part(lab("indicator")[1], 7, True, NAVY)], "L"),
            (widths[3], stacked("value", 7), "R"), (widths[4], stacked("score", 7), "R")]
    y += row(pdf, X0, y, head, pad_y=0.9, fill=HEAD_FILL, line=RULE, valign="bottom")
    for g, (pillar, inds) in enumerate(_grouped(review, d)):
        if g:
            pdf.rule(X0, y, X0 + W, RULE, 0.35)
        label = stacked(pillar, 7) if pillar else []
        label_h = pdf.stack_height(label, widths[0] - 2.8) if label else 0.0
        start = y
        for k, ind in enumerate(inds):
            x = d["indicators"][ind]
            en, hi = lab(ind)
            cells = [(widths[0], [], "L"), (widths[1], [Part(en, 7.6, leading=1.2)], "L"),
                     (widths[2], [Part(hi, 7.8, leading=1.3)], "L"),
                     (widths[3], [Part(P.fmt_value(ind, x.get("value")), 7.6, leading=1.2)], "R"),
                     (widths[4], [Part(P.num(x.get("score")), 7.6, leading=1.2)], "R")]
            last = k == len(inds) - 1
            min_h = max(0.0, label_h - (y - start) - 1.4) if last else 0.0
            h = row(pdf, X0, y, cells, pad_y=0.7, min_h=min_h)
            if x.get("score") is not None:
                bx = X0 + sum(widths[:4]) + 1.4
                pdf.bar(bx, y + h / 2 - 0.7, (widths[4] - 2.8) * 0.55, 1.4, x["score"])
            y += h
        if label:
            pdf.stack(X0 + 1.4, start + 0.7, widths[0] - 2.8, label)
    return y


def _explain(pdf: ReportPDF, d: dict[str, Any], y: float) -> float:
    expl = d.get("explanation") or {}
    boxes = [(k, (expl.get(k) or [])[:MAX_ITEMS]) for k in ("helped", "hurt", "to_top3")]
    boxes = [(k, items) for k, items in boxes if items]
    if not boxes:
        return y
    gap = 1.8
    w = (W - gap * (len(boxes) - 1)) / len(boxes)
    inner = w - 4.2
    colours = {"helped": GREEN, "hurt": RED, "to_top3": ACCENT}
    laid: list[tuple[Part, list[tuple[Part | None, Part]]]] = []
    for key, items in boxes:
        entries: list[tuple[Part | None, Part]] = []
        for e in items:
            if key == "to_top3":
                a = P.fmt_value(e["indicator"], e.get("from"))
                b = P.fmt_value(e["indicator"], e.get("to"))
                fe, fh = lab("from_to")
                text = f"{P.bi(e['indicator'])}: {fe.format(a=a, b=b)} / {fh.format(a=a, b=b)}"
                entries.append((None, Part(text, 7, leading=1.3)))
            else:
                effect = e.get("effect") or 0
                pts = Part(P.signed(effect), 7, True,
                           {1: GREEN, -1: RED}.get(P.sign_of(effect), MUTED), 1.3)
                entries.append((pts, Part(P.bi(e["indicator"]), 7, leading=1.3)))
        laid.append((bi(key, 7, True, NAVY, leading=1.3), entries))

    def entry_h(pts: Part | None, text: Part) -> float:
        return pdf.height(text, inner - (7.8 if pts else 0.0)) + 0.5

    h = max(pdf.height(head, inner) + 0.6 + sum(entry_h(*e) for e in entries)
            for head, entries in laid) + 3.4
    for i, ((key, _), (head, entries)) in enumerate(zip(boxes, laid, strict=True)):
        x = X0 + i * (w + gap)
        pdf.box(x, y, w, h, fill="#f3f6f9")
        pdf.box(x, y, w, 0.7, fill=colours[key])
        ty = pdf.text_at(x + 2.1, y + 1.5, inner, head) + 0.6
        for pts, text in entries:
            if pts:
                pdf.text_at(x + 2.1, ty, 7.8, pts)
            pdf.text_at(x + 2.1 + (7.8 if pts else 0.0), ty, inner - (7.8 if pts else 0.0), text)
            ty += entry_h(pts, text)
    return y + h + 2.0


def _flags(pdf: ReportPDF, d: dict[str, Any], y: float) -> float:
    flags = d.get("flags") or []
    if not flags:
        return y
    inner = W - 6.0
    parts = [bi("flags", 7, True, "#6d4c00", leading=1.3)]
    parts += [Part(f"{f.get('detail_en', '')} / {f.get('detail_hi', '')}", 7, leading=1.3)
              for f in flags[:MAX_FLAGS]]
    if more := max(0, len(flags) - MAX_FLAGS):
        fe, fh = lab("more_flags")
        parts.append(Part(f"{fe.format(n=more)} / {fh.format(n=more)}", 7, colour=MUTED,
                          leading=1.3))
    h = pdf.stack_height(parts, inner) + 0.8 * (len(parts) - 1) + 3.0
    pdf.box(X0, y, W, h, fill="#fffaf0")
    pdf.box(X0, y, 1.0, h, fill=AMBER)
    ty = y + 1.5
    for p in parts:
        ty = pdf.text_at(X0 + 4.0, ty, inner, p) + 0.8
    return y + h
