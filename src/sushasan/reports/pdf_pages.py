"""The review PDF's summary and league-table pages (department pages: ``pdf_department``;
the method annex: ``pdf_annex``).

Each function draws one section on a :class:`ReportPDF`. One-page sections (summary, department,
annex) check at their end that nothing ran past the page's bottom (``pdf.check_fit``); lists
that could grow without bound (what helped, what hurt, flags) are capped and long names clamped,
so in practice nothing does. The league table is drawn from the pages that
``pdf.layout_league`` measured, so it cannot run over either.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from sushasan.reports import charts
from sushasan.reports import pdf_values as P
from sushasan.reports.pdf_kit import (
    AMBER,
    BROWN,
    GREEN,
    HEAD_FILL,
    RULE,
    X0,
    Cell,
    W,
    bi,
    row,
)
from sushasan.reports.pdf_layout import ACCENT, INK, MUTED, NAVY, PT_PER_MM, Part, ReportPDF, lab

if TYPE_CHECKING:
    from sushasan.reports.pdf_layout import League

__all__ = ["league", "summary"]

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
        y = pdf.text_at(X0, y, W, bi("meeting_version", 7.5, True, BROWN))
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
    cells = [(w, [bi(k, 7, colour=MUTED), Part(v, 8, True)], "L")
             for w, (k, v) in zip(widths, meta, strict=True)]
    y += row(pdf, X0 - 1.0, y, cells, pad_x=1.0, pad_y=0.0, line=None) + 2.0
    pdf.rule(X0, y, X0 + W, ACCENT, 0.7)
    y += 3.5
    y = _kpis(pdf, review, y) + 3.5
    tops = P.top3(review)
    if tops:
        y = pdf.text_at(X0, y, W, bi("top3", 11, True, NAVY)) + 1.2
        y = _podium(pdf, review, tops, y) + 2.5
    note = review.get("top3_note")
    if isinstance(note, dict) and (note.get("en") or note.get("hi")):
        parts = [bi("top3_note_heading", 7.5, True, "#6d4c00", leading=1.35),
                 Part(note.get("en") or "", 7.8, colour=INK, leading=1.3),
                 Part(note.get("hi") or "", 7.8, colour=INK, leading=1.45)]
        h = pdf.stack_height(parts, W - 8) + 3.2
        pdf.box(X0, y, W, h, fill="#fffaf0")
        pdf.box(X0, y, 1.0, h, fill=AMBER)
        pdf.stack(X0 + 4.2, y + 1.6, W - 8, parts)
        y += h + 3.0
    notes = [bi("insufficient_note", 7.5, leading=1.35), bi("pdf_text_note", 7.5, colour=MUTED,
                                                               leading=1.35)]
    notes_h = pdf.stack_height(notes, W) + 2.5
    rows = [(d["rank"], d["name_en"], d["name_hi"], d["score"]) for d in P.ranked(review)[:15]]
    if rows:
        y = pdf.text_at(X0, y, W, bi("top15", 11, True, NAVY)) + 0.5
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
