"""The pages of the review PDF: summary, league table, department pages and the method annex.

Each function draws one section on a :class:`ReportPDF`. One-page sections (summary, department,
annex) check at their end that nothing ran past the page's bottom (``pdf.check_fit``); lists
that could grow without bound (what helped, what hurt, flags) are capped and long names clamped,
so in practice nothing does. The league table is drawn from the pages that
``pdf.layout_league`` measured, so it cannot run over either.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sushasan.reports import charts
from sushasan.reports import pdf_values as P
from sushasan.reports.pdf_layout import ACCENT, INK, MUTED, NAVY, PT_PER_MM, Part, ReportPDF, lab

if TYPE_CHECKING:
    from sushasan.reports.pdf_layout import League

__all__ = ["annex", "department", "league", "summary"]

X0, W = 14.0, 182.0  # portrait content box
GREY, HEAD_FILL, RULE, SOFT = "#4a5a6a", "#eef2f6", "#b9c4cf", "#e3e8ee"
GREEN, RED, BROWN, AMBER = "#2e7d32", "#c62828", "#9c4a00", "#b58900"
MAX_ITEMS, MAX_FLAGS = 3, 2  # explanation items per list, flags per department page
Cell = tuple[float, Sequence[Part], str]  # width (mm), stacked parts, "L"/"R"/"C"


def _bi(key: str, size: float, bold: bool = False, colour: str = INK, **kw: Any) -> Part:
    en, hi = lab(key)
    return Part(f"{en} / {hi}", size, bold, colour, **kw)


def _stacked(key: str, size: float, bold_en: bool = True, colour: str = NAVY) -> list[Part]:
    en, hi = lab(key)
    return [Part(en, size, bold_en, colour), Part(hi, size, False, colour, leading=1.4)]


def row(pdf: ReportPDF, x: float, y: float, cells: Sequence[Cell], pad_x: float = 1.4,
        pad_y: float = 0.8, fill: str | None = None, line: str | None = SOFT,
        valign: str = "top", min_h: float = 0.0) -> float:
    """A table row: each cell's parts stacked, the row as tall as its tallest cell; → height."""
    heights = [pdf.stack_height(parts, w - 2 * pad_x) for w, parts, _ in cells]
    h = max([*heights, min_h]) + 2 * pad_y
    if fill:
        pdf.box(x, y, sum(w for w, _, _ in cells), h, fill=fill)
    cx = x
    for (w, parts, align), ch in zip(cells, heights, strict=True):
        offset = {"top": 0.0, "middle": (h - 2 * pad_y - ch) / 2, "bottom": h - 2 * pad_y - ch}
        pdf.stack(cx + pad_x, y + pad_y + offset[valign], w - 2 * pad_x, parts, align)
        cx += w
    if line:
        pdf.rule(x, y + h, cx, line, 0.18)
    return h


# ---- summary --------------------------------------------------------------------------------


def summary(pdf: ReportPDF, review: dict[str, Any], meeting: bool = False) -> None:
    pdf.add_page("P")
    pdf.bottom = pdf.h - 16
    pdf.start_section(lab("summary_title")[0])
    y = 14.0
    if review.get("data") == "sample":
        en, hi = lab("sample_banner")
        parts = [Part(en, 8.5, True, "#6d4c00"), Part(hi, 8.5, True, "#6d4c00", leading=1.4)]
        h = pdf.stack_height(parts, W - 8) + 3.6
        pdf.box(X0, y, W, h, fill="#fff3cd")
        pdf.box(X0, y, 1.4, h, fill=AMBER)
        pdf.stack(X0 + 4.6, y + 1.8, W - 8, parts)
        y += h + 3.2
    kicker_en, kicker_hi = lab("summary_title")
    y = pdf.text_at(X0, y, W, Part(f"{kicker_en.upper()} / {kicker_hi}", 7.5, colour=MUTED))
    if meeting:
        y = pdf.text_at(X0, y, W, _bi("meeting_version", 7.5, True, BROWN))
    y += 0.8
    q = review["quarter"]
    title_en, title_hi = lab("title")
    pdf.runs(X0, y, [Part(f"{title_en} ", 19, True, NAVY, 1.2), Part(q, 19, True, ACCENT, 1.2)])
    y += 19 * 1.2 / PT_PER_MM
    pdf.runs(X0, y, [Part(f"{title_hi} ", 16, True, NAVY, 1.4), Part(q, 16, True, ACCENT, 1.4)])
    y += 16 * 1.4 / PT_PER_MM + 1.5
    period = review.get("period") or {}
    state = P.review_state(review)
    data_key = "data_sample" if review.get("data") == "sample" else "data_real"
    meta = [
        ("quarter", f"{q} · {review.get('fiscal_quarter') or q}"),
        ("period", f"{period.get('first_day', '—')} – {period.get('last_day', '—')} (IST)"),
        ("state", f"{state[0]} / {state[1]}"),
        ("method", f"{review['method'].get('version', '—')} · {' / '.join(lab(data_key))}"),
    ]
    widths = [0.21 * W, 0.29 * W, 0.22 * W, 0.28 * W]
    cells = [(w, [_bi(k, 7, colour=MUTED), Part(v, 8, True)], "L")
             for w, (k, v) in zip(widths, meta, strict=True)]
    y += row(pdf, X0 - 1.0, y, cells, pad_x=1.0, pad_y=0.0, line=None) + 2.0
    pdf.rule(X0, y, X0 + W, ACCENT, 0.7)
    y += 3.5
    y = _kpis(pdf, review, y) + 3.5
    tops = P.top3(review)
    if tops:
        y = pdf.text_at(X0, y, W, _bi("top3", 11, True, NAVY)) + 1.2
        y = _podium(pdf, review, tops, y) + 2.5
    note = review.get("top3_note")
    if isinstance(note, dict) and (note.get("en") or note.get("hi")):
        parts = [_bi("top3_note_heading", 7.5, True, "#6d4c00", leading=1.35),
                 Part(note.get("en") or "", 7.8, colour=INK, leading=1.3),
                 Part(note.get("hi") or "", 7.8, colour=INK, leading=1.45)]
        h = pdf.stack_height(parts, W - 8) + 3.2
        pdf.box(X0, y, W, h, fill="#fffaf0")
        pdf.box(X0, y, 1.0, h, fill=AMBER)
        pdf.stack(X0 + 4.2, y + 1.6, W - 8, parts)
        y += h + 3.0
    notes = [_bi("insufficient_note", 7.5, leading=1.35), _bi("pdf_text_note", 7.5, colour=MUTED,
                                                               leading=1.35)]
    notes_h = pdf.stack_height(notes, W) + 2.5
    rows = [(d["rank"], d["name_en"], d["name_hi"], d["score"]) for d in P.ranked(review)[:15]]
    if rows:
        y = pdf.text_at(X0, y, W, _bi("top15", 11, True, NAVY)) + 0.5
        room = pdf.bottom - notes_h - y - 2.0
        chart_h = max(20.0, min(101.6, room))
        svg = charts.top_scores_chart(rows, W / 25.4, chart_h / 25.4)
        pdf.image(io.BytesIO(svg), x=X0, y=y, w=W, h=chart_h)
        y += chart_h + 1.5
    pdf.rule(X0, y, X0 + W, "#dfe4ea", 0.25)
    y = pdf.stack(X0, y + 1.8, W, notes)
    pdf.check_fit("summary", y)


def _kpis(pdf: ReportPDF, review: dict[str, Any], y: float) -> float:
    s = review["summary"]
    kpis = [("departments_assessed", s.get("departments"), NAVY),
            ("ranked", s.get("ranked"), GREEN),
            ("insufficient_data", s.get("insufficient_data"), BROWN)]
    if s.get("flagged") is not None:
        kpis.append(("flagged", s["flagged"], AMBER))
    gap = 2.8
    w = (W - gap * (len(kpis) - 1)) / len(kpis)
    boxes = []
    for key, n, colour in kpis:
        number = Part(str(n if n is not None else "—"), 18, True, colour, 1.15)
        nw = pdf.width(number.text, 18, True) + 2.5
        label = [Part(lab(key)[0], 7.5, colour=INK), Part(lab(key)[1], 7.5, leading=1.4)]
        boxes.append((number, nw, label))
    h = max(max(18 * 1.15 / PT_PER_MM, pdf.stack_height(lb, w - nw - 5.6)) for _, nw, lb in boxes)
    h += 3.6
    for i, (number, nw, label) in enumerate(boxes):
        x = X0 + i * (w + gap)
        pdf.box(x, y, w, h, fill="#f3f6f9", radius=1.4)
        pdf.text_at(x + 2.8, y + (h - 18 * 1.15 / PT_PER_MM) / 2, nw, number)
        lh = pdf.stack_height(label, w - nw - 5.6)
        pdf.stack(x + 2.8 + nw, y + (h - lh) / 2, w - nw - 5.6, label)
    return y + h


def _podium(pdf: ReportPDF, review: dict[str, Any], tops: list[dict[str, Any]], y: float) -> float:
    gap, pad = 2.8, 2.8
    w = (W - 2 * gap) / 3
    inner = w - 2 * pad
    names_h = (8.5 * 1.2 * 2 + 8.5 * 1.4 * 2) / PT_PER_MM
    h = pad + 6.4 + 1.6 + names_h + 1.2 + 17 * 1.15 / PT_PER_MM + 0.4 + 2 * 7 * 1.25 / PT_PER_MM
    h += pad
    confidence = review.get("top3_confidence") or {}
    for i, d in enumerate(tops[:3]):
        x = X0 + i * (w + gap)
        pdf.box(x, y, w, h, fill="#fff8f0", line="#e1b382", width=0.26, radius=1.4)
        pdf.set_fill_color(217, 130, 43)
        pdf.circle(x + pad + 3.2, y + pad + 3.2, 3.2, style="F")
        pdf.text_at(x + pad, y + pad + 3.2 - 10 * 1.2 / PT_PER_MM / 2, 6.4,
                    Part(str(d["rank"]), 10, True, "#ffffff", 1.2), align="C")
        ny = y + pad + 6.4 + 1.6
        pdf.stack(x + pad, ny, inner, [
            Part(d["name_en"], 8.5, True, NAVY, 1.2, max_lines=2),
            Part(d["name_hi"], 8.5, False, INK, 1.4, max_lines=2),
        ])
        sy = ny + names_h + 1.2
        score = P.num(d.get("score"))
        end = pdf.runs(x + pad, sy, [Part(score, 17, True, NAVY, 1.15)])
        small = 9 * 1.15 / PT_PER_MM
        pdf.runs(end + 0.8, sy + 17 * 1.15 / PT_PER_MM - small - 0.8,
                 [Part("/ 100", 9, False, MUTED, 1.15)])
        share = confidence.get(d["id"], d.get("top3_share"))
        if share is not None:
            en, hi = lab("top3_share")
            pdf.text_at(x + pad, sy + 17 * 1.15 / PT_PER_MM + 0.4, inner,
                        Part(f"{en} / {hi}: {P.pct(share)}", 7, False, MUTED, 1.25, max_lines=2))
    return y + h


# ---- league table ---------------------------------------------------------------------------


def league(pdf: ReportPDF, review: dict[str, Any], layout: League) -> None:
    """The league pages: heading (repeated, 'continued'), header row, rows, divider block."""
    q = review["quarter"]
    for i, page in enumerate(layout.pages):
        pdf.add_page("L")
        pdf.bottom = layout.bottom
        if i == 0:
            pdf.start_section(lab("league_table")[0])
        x0 = 12.0
        en, hi = lab("league_table")
        runs = [Part(f"{en} / {hi} ", 13, True, NAVY, 1.5), Part(q, 13, True, ACCENT, 1.5)]
        if i:
            runs.append(Part(f"  ({P.bi('continued')})", 8, False, MUTED, 2.4))
        pdf.runs(x0, 14.0, runs)
        right = f"{i + 1} / {len(layout.pages)}"
        if layout.compact:
            right = f"{P.bi('meeting_league_note')}    {right}"
        pdf.text_at(x0 + 90, 16.2, 273 - 90, Part(right, 7.5, colour=MUTED), align="R")
        pdf.rule(x0, 22.5, x0 + 273, ACCENT, 0.53)
        for s, slot in enumerate(page):
            x = x0 + s * (layout.slot_w + 6.0)
            y = layout.top
            y += _league_header(pdf, layout, x, y)
            for r in slot:
                y += _league_row(pdf, review, layout, x, y, r)
            pdf.check_fit(f"league-{i + 1}", y)


def _league_header(pdf: ReportPDF, layout: League, x: float, y: float) -> float:
    keys = layout.header_keys()
    cells = [(w, layout.header_parts(keys[k]), "L" if k == "name" else "R")
             for k, w in layout.cols.items()]
    return row(pdf, x, y, cells, pad_x=layout.pad_x, pad_y=1.0, fill=HEAD_FILL, line=RULE,
               valign="bottom")


def _league_row(pdf: ReportPDF, review: dict[str, Any], layout: League, x: float, y: float,
                r: dict[str, Any]) -> float:
    width = sum(layout.cols.values())
    if r["kind"] == "divider":
        h = layout.divider_h
        pdf.box(x, y, width, h, fill="#fffaf0")
        pdf.rule(x, y + h, x + width, "#e1b382", 0.35)
        threshold = P.pct(review["method"].get("coverage_threshold"))
        tail = (f"({P.bi('continued')})" if r.get("continued") else
                f"— {P.bi('coverage_threshold')} {threshold}")
        size = 8.0 * layout.scale
        head = Part(P.bi("not_ranked_heading") + "  ", size, True, BROWN, 1.3)
        rest = Part(tail, size * 0.92, False, MUTED, 1.3)
        if layout.compact:  # half a page wide: the threshold goes on a line of its own
            pdf.stack(x + layout.pad_x, y + 1.0, width - 2 * layout.pad_x, [head, rest])
        else:
            pdf.runs(x + layout.pad_x, y + h - 1.0 - size * 1.3 / PT_PER_MM, [head, rest])
        return h
    d = r["d"]
    is_ranked = r["kind"] == "ranked"
    fill = "#fff4e8" if is_ranked and d["rank"] <= 3 else (None if is_ranked else "#f7f7f7")
    num_pt = 8.5 * layout.scale if not layout.compact else 7.2 * layout.scale
    cells: list[Cell] = []
    spans: list[tuple[float, float]] = []  # x and width of the score cell (for its bar)
    cx = x
    status_w = 0.0
    for k, w in layout.cols.items():
        if k == "rank":
            text = str(d["rank"]) if is_ranked else "—"
            colour = "#b35f0f" if is_ranked and d["rank"] <= 3 else NAVY
            cells.append((w, [Part(text, num_pt, True, colour)], "R"))
        elif k == "name":
            cells.append((w, layout.name_parts(d), "L"))
        elif not is_ranked and (k == "score" or k.startswith("p:")):
            status_w += w  # merged into one "insufficient data" cell below
            if k == layout_last_status(layout):
                cells.append((status_w, [Part(P.bi("insufficient_data"), num_pt * 0.95, False,
                                              BROWN)], "C"))
        elif k == "score":
            spans.append((cx, w))
            cells.append((w, [Part(P.num(d.get("score")), num_pt, True)], "R"))
        elif k.startswith("p:"):
            cells.append((w, [Part(P.num(d["pillars"].get(k[2:])), num_pt)], "R"))
        elif k == "coverage":
            share = (d.get("coverage") or {}).get("overall")
            cells.append((w, [Part(P.pct(share), num_pt, False, INK if is_ranked else BROWN)],
                          "R"))
        elif k == "change":
            text, colour = "", MUTED
            if is_ranked and d.get("trend"):
                t = d["trend"]
                n = None if t.get("previous_rank") is None else t["previous_rank"] - d["rank"]
                text, colour = P.moved(n)
            cells.append((w, [Part(text, num_pt * (0.8 if n_is_word(text) else 1.0),
                                   colour not in (MUTED,), colour, max_lines=2)], "R"))
        elif k == "tier":
            text = "" if not is_ranked else ("—" if d.get("tier") is None else str(d["tier"]))
            cells.append((w, [Part(text, num_pt)], "R"))
        cx += w
    h = row(pdf, x, y, cells, pad_x=layout.pad_x, pad_y=layout.pad_y, fill=fill, valign="middle")
    for sx, sw in spans:
        if d.get("score") is not None:
            bar_w = sw - 2 * layout.pad_x
            number_h = num_pt * 1.25 / PT_PER_MM
            pdf.bar(sx + layout.pad_x, y + (h + number_h) / 2 + 0.1, bar_w, 0.9, d["score"],
                    colour=ACCENT if d["rank"] <= 3 else "#2f5d8a")
    return h


def layout_last_status(layout: League) -> str:
    """The last column the insufficient-data status cell spans (score and the pillars)."""
    keys = [k for k in layout.cols if k == "score" or k.startswith("p:")]
    return keys[-1]


def n_is_word(text: str) -> bool:
    return any(c.isalpha() for c in text)


# ---- department page ------------------------------------------------------------------------


def department(pdf: ReportPDF, review: dict[str, Any], d: dict[str, Any],
               meds: dict[str, float | None]) -> None:
    pdf.add_page("P")
    pdf.bottom = pdf.h - 16
    pdf.start_section(f"{d['rank']}. {d['name_en']}", level=1 if pdf.page_no() > 1 else 0,
                      strict=False)
    y = _dept_head(pdf, d, 14.0)
    y = _coverage_line(pdf, d, y)
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


def _pillar_chart(pdf: ReportPDF, review: dict[str, Any], d: dict[str, Any],
                  meds: dict[str, float | None], x: float, y: float, w: float) -> float:
    y = pdf.text_at(x, y, w, _bi("pillar_scores", 8.5, True, NAVY)) + 1.2
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
    y = pdf.text_at(x + 3.0, y, w - 3.0, _bi("ranked_median", 6.8, colour=GREY)) + 0.4
    if na:
        y = pdf.text_at(x, y, w, _bi("na_note", 7, colour=MUTED))
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
        y += row(pdf, x, y, [(w - 17.0, [_bi(key, 6.8, colour=GREY)], "L"),
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
    head = [(widths[0], _stacked("pillar", 7), "L"),
            (widths[1], [Part(lab("indicator")[0], 7, True, NAVY)], "L"),
            (widths[2], [Part(lab("indicator")[1], 7, True, NAVY)], "L"),
            (widths[3], _stacked("value", 7), "R"), (widths[4], _stacked("score", 7), "R")]
    y += row(pdf, X0, y, head, pad_y=0.9, fill=HEAD_FILL, line=RULE, valign="bottom")
    for g, (pillar, inds) in enumerate(_grouped(review, d)):
        if g:
            pdf.rule(X0, y, X0 + W, RULE, 0.35)
        label = _stacked(pillar, 7) if pillar else []
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
        laid.append((_bi(key, 7, True, NAVY, leading=1.3), entries))

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
    parts = [_bi("flags", 7, True, "#6d4c00", leading=1.3)]
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
        y += row(pdf, X0, y, [(58.0, _stacked(key, 7), "L"), (W - 58.0, parts, "L")], pad_y=0.9)
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
    head = [(widths[0], _stacked("pillar", 7), "L"), (widths[1], _stacked("weight", 7), "R"),
            (widths[2], [Part(lab("indicator")[0], 7, True, NAVY)], "L"),
            (widths[3], [Part(lab("indicator")[1], 7, True, NAVY)], "L"),
            (widths[4], _stacked("weight", 7), "R"), (widths[5], _stacked("better_when", 7), "L")]
    if goalposts:
        head.append((widths[6], _stacked("goalposts", 7), "R"))
    y += row(pdf, X0, y, head, pad_x=0.9, pad_y=0.9, fill=HEAD_FILL, line=RULE, valign="bottom")
    previous = None
    for name, spec in w["indicators"].items():
        first = spec.get("pillar") != previous
        if first and previous is not None:
            pdf.rule(X0, y, X0 + W, RULE, 0.35)
        previous = spec.get("pillar")
        direction = "higher" if spec.get("direction", 1) > 0 else "lower"
        cells = [
            (widths[0], _stacked(spec["pillar"], 7) if first else [], "L"),
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
    """A method choice in words, from LABELS (its bare name when there is no label yet)."""
    name = _method_name(value)
    if not name:
        return "—", "—"
    return lab(f"{prefix}{name}") if f"{prefix}{name}" in _labels() else (str(name), str(name))


def _labels() -> dict[str, tuple[str, str]]:
    from sushasan.labels import LABELS

    return LABELS
