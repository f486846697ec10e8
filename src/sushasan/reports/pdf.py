"""The review as a bilingual PDF for the review meeting, rendered offline with WeasyPrint.

Sections: a one-page summary, the league table (landscape pages, insufficient-data departments
in their own block after the ranked ones, never ranked last), one page per ranked department and
a method annex. Devanagari is shaped by Pango/HarfBuzz in the page text and by matplotlib's
libraqm in the charts (see charts.py); Noto Sans and Noto Sans Devanagari are loaded from local
files with @font-face, so the PDF looks the same on any machine and embeds the fonts.

The league table is split into pages here rather than by the browser, measuring each name with
the same font files, so every page has a proper heading and the page count is known from the JSON
(`page_count`): review packs are printed and referred to by page.
"""

from __future__ import annotations

import logging
import statistics
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from sushasan.errors import SushasanError
from sushasan.labels import LABELS
from sushasan.reports import charts

__all__ = [
    "OfflineFetcher",
    "clipped_pages",
    "lab",
    "league_pages",
    "page_count",
    "render_document",
    "render_pdf",
    "render_pdf_html",
    "review_state",
    "template",
    "write_pdf",
]

PT_PER_MM = 72 / 25.4
# League pages (A4 landscape): keep in step with .league rules in static/pdf.css.
_LEAGUE_WIDTH_MM = 297 - 2 * 12
_LEAGUE_HEIGHT_PT = (210 - 12 - 15) * PT_PER_MM
_LEAGUE_HEADING_PT = 40.0
_CELL_PAD_X_PT, _CELL_PAD_Y_PT = 4.0, 2.5
_NAME_EN_PT, _NAME_EN_LH = 8.5, 10.5
_NAME_HI_PT, _NAME_HI_LH = 9.0, 12.0
_TH_PT, _TH_EN_LH, _TH_HI_LH = 6.8, 8.5, 10.0
_DIVIDER_PT = 24.0
_SLACK = 0.94  # measured text widths vs. Pango's line breaking: err towards one more line
_SPARE_PT = 4.0  # row heights are exact (fixed line heights); a little air above the footer

_PAGEBOX_BOTTOM_MM = 14 + 266  # portrait top margin + .pagebox height (static/pdf.css)
_MAX_ITEMS = 3  # explanation items per list on a department page (the page must stay one page)
_MAX_FLAGS = 2
# Optional per-department fields (uncertainty, explanation, trend, flags): absent means "not
# computed for this review", shown as nothing rather than as a zero.
OPTIONAL = {
    "median_rank": None, "rank_interval": None, "tier": None, "top3_share": None,
    "size_group": None, "group_rank": None, "explanation": None, "trend": None, "flags": None,
}
PLATFORMS = {"x": "X", "facebook": "Facebook", "instagram": "Instagram", "youtube": "YouTube"}

_log = logging.getLogger(__name__)
_env = Environment(
    loader=PackageLoader("sushasan.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    undefined=StrictUndefined,  # a typo in a template fails the render, not the reader
    trim_blocks=True,
    lstrip_blocks=True,
)


def lab(key: str) -> tuple[str, str]:
    """(English, Hindi) for a key; unknown keys (a new indicator) show their id, not a crash."""
    if key in LABELS:
        return LABELS[key]
    text = key.replace("_", " ")
    return text, text


def fmt_value(indicator: str, value: Any) -> str:
    """An indicator's raw value in its natural unit (shares as %, counts as integers)."""
    if value is None:
        return "—"
    v = float(value)
    if indicator.endswith(("_share", "_rate")) or indicator == "consistency":
        return f"{v * 100:.0f}%"
    if indicator == "follower_growth":
        return f"{v:.1f}%"
    if v.is_integer() and abs(v) >= 1:
        return f"{int(v):,}"
    return f"{v:,.1f}" if abs(v) >= 10 else f"{v:.2f}"


def _num(v: Any, digits: int = 1) -> str:
    return "—" if v is None else f"{float(v):.{digits}f}"


def _pct(v: Any) -> str:
    return "—" if v is None else f"{float(v) * 100:.0f}%"


def _short(v: Any) -> str:
    """A bound or a rank without trailing zeros: 270.0 → 270, 0.3 → 0.3."""
    return "—" if v is None else f"{float(v):g}"


def _whole(v: Any) -> str:
    """A rank from the uncertainty runs (a percentile may come as 54.05): the nearest rank."""
    return "—" if v is None else f"{float(v):.0f}"


def _signed(v: Any, digits: int = 1) -> str:
    if v is None:
        return "—"
    text = f"{abs(float(v)):.{digits}f}"
    return f"+{text}" if v > 0 else (f"−{text}" if v < 0 else text)


_env.globals.update(lab=lab, fmt=fmt_value, bar_css=charts.bar_css, PLATFORMS=PLATFORMS)
_env.filters.update(value=fmt_value, num=_num, pct=_pct, signed=_signed, short=_short,
                    whole=_whole)


def _ranked(review: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(
        (d for d in review["departments"] if d.get("rank") is not None), key=lambda d: d["rank"]
    )


def _unranked(review: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(
        (d for d in review["departments"] if d.get("rank") is None), key=lambda d: d["name_en"]
    )


def _pillars(review: dict[str, Any]) -> list[str]:
    return list(review["method"]["weights"]["pillars"])


def _has(review: dict[str, Any], key: str) -> bool:
    return any(d.get(key) is not None for d in review["departments"])


# ---- league table layout -------------------------------------------------------------------


def league_columns(review: dict[str, Any]) -> dict[str, Any]:
    """Column widths (mm): pillar columns as wide as their longest header word, the rest names."""
    pad = 2 * _CELL_PAD_X_PT
    pillar_mm = 18.0
    for p in _pillars(review):
        for word in " ".join(lab(p)).split():
            pillar_mm = max(pillar_mm, (charts.text_width(word, _TH_PT) + pad + 2) / PT_PER_MM)
    cols = {"rank": 11.0, "score": 25.0, "coverage": 17.0}
    if _has(review, "trend"):
        cols["change"] = 15.0
    if _has(review, "tier"):
        cols["tier"] = 12.0
    fixed = sum(cols.values()) + pillar_mm * len(_pillars(review))
    return {**cols, "pillar": round(pillar_mm, 1), "name": round(_LEAGUE_WIDTH_MM - fixed, 1)}


def _lines(text: str, width_mm: float, size: float) -> int:
    return charts.count_lines(text, (width_mm * PT_PER_MM - 2 * _CELL_PAD_X_PT) * _SLACK, size)


def _header_height(review: dict[str, Any], cols: dict[str, Any]) -> float:
    widths = {p: cols["pillar"] for p in _pillars(review)}
    widths |= {"score": cols["score"], "coverage": cols["coverage"], "rank": cols["rank"]}
    lines = max(
        _lines(lab(k)[0], w, _TH_PT) * _TH_EN_LH + _lines(lab(k)[1], w, _TH_PT) * _TH_HI_LH
        for k, w in widths.items()
    )
    return lines + 2 * _CELL_PAD_Y_PT + 1


def _row_height(d: dict[str, Any], name_mm: float) -> float:
    en = _lines(d["name_en"], name_mm, _NAME_EN_PT) * _NAME_EN_LH
    hi = _lines(d["name_hi"], name_mm, _NAME_HI_PT) * _NAME_HI_LH
    return en + hi + 2 * _CELL_PAD_Y_PT + 0.75


def league_pages(review: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The league table cut into pages: lists of rows, a row being a department or a divider.

    Heights are measured with the report's fonts; the insufficient-data block starts with a
    divider row so those departments read as "not ranked", not as the bottom of the table.
    """
    cols = league_columns(review)
    budget = _LEAGUE_HEIGHT_PT - _LEAGUE_HEADING_PT - _header_height(review, cols) - _SPARE_PT
    rows: list[tuple[dict[str, Any], float]] = [
        ({"kind": "ranked", "d": d}, _row_height(d, cols["name"])) for d in _ranked(review)
    ]
    unranked = _unranked(review)
    if unranked:
        rows.append(({"kind": "divider"}, _DIVIDER_PT))
        rows += [({"kind": "unranked", "d": d}, _row_height(d, cols["name"])) for d in unranked]
    pages: list[list[dict[str, Any]]] = [[]]
    used = 0.0
    for i, (row, height) in enumerate(rows):
        # a divider never ends a page: it must sit above the first row it introduces
        need = height + (rows[i + 1][1] if row["kind"] == "divider" else 0.0)
        if pages[-1] and used + need > budget:
            pages.append([])
            used = 0.0
            if row["kind"] == "unranked":  # the block goes on: say so again at the top
                pages[-1].append({"kind": "divider", "continued": True})
                used = _DIVIDER_PT
        pages[-1].append(row)
        used += height
    return pages


def page_count(review: dict[str, Any]) -> int:
    """Pages of the PDF: summary + league table + one per ranked department + annex."""
    return 1 + len(league_pages(review)) + len(_ranked(review)) + 1


# ---- context --------------------------------------------------------------------------------


def review_state(review: dict[str, Any]) -> tuple[str, str]:
    """The state's name in English and Hindi (LABELS has the Hindi for known states)."""
    state = review.get("state") or "Uttarakhand"
    return LABELS.get(state.lower(), (state, state))


def template(name: str) -> Any:
    """A template of the PDF family (pdf_*, certificate_*) with the shared filters."""
    return _env.get_template(name)


def _grouped(rows: list[tuple[str, Any, Any]]) -> list[tuple[str, Any, Any, int]]:
    """Rows with the pillar cell's rowspan on a group's first row (0 on the others)."""
    out: list[tuple[str, Any, Any, int]] = []
    for i, (ind, pillar, x) in enumerate(rows):
        if i and rows[i - 1][1] == pillar:
            out.append((ind, pillar, x, 0))
        else:
            span = next((j for j in range(i + 1, len(rows)) if rows[j][1] != pillar), len(rows))
            out.append((ind, pillar, x, span - i))
    return out


def _department_view(
    d: dict[str, Any], review: dict[str, Any], medians: dict[str, float | None]
) -> dict[str, Any]:
    pillars = _pillars(review)
    weights = review["method"]["weights"]["indicators"]
    order = [i for i in weights if i in d["indicators"]]
    order += [i for i in d["indicators"] if i not in weights]
    expl = d.get("explanation") or {}
    coverage = {k: v for k, v in d["coverage"].items() if k in PLATFORMS}
    trend = d.get("trend") or None
    moved = None
    if trend and trend.get("previous_rank") is not None and d.get("rank") is not None:
        moved = trend["previous_rank"] - d["rank"]
    return {
        "d": d,
        "long_name": max(len(d["name_en"]), len(d["name_hi"])) > 56,
        "pillar_bars": [(p, d["pillars"].get(p), medians.get(p)) for p in pillars],
        "indicators": _grouped(
            [(i, weights.get(i, {}).get("pillar"), d["indicators"][i]) for i in order]
        ),
        "coverage": coverage,
        "trend": trend,
        "moved": moved,
        "helped": (expl.get("helped") or [])[:_MAX_ITEMS],
        "hurt": (expl.get("hurt") or [])[:_MAX_ITEMS],
        "to_top3": (expl.get("to_top3") or [])[:_MAX_ITEMS],
        "flags": (d.get("flags") or [])[:_MAX_FLAGS],
        "more_flags": max(0, len(d.get("flags") or []) - _MAX_FLAGS),
        "pillar_na": any(d["pillars"].get(p) is None for p in pillars),
    }


def _context(review: dict[str, Any]) -> dict[str, Any]:
    review = {**review, "departments": [OPTIONAL | d for d in review["departments"]]}
    ranked = _ranked(review)
    pillars = _pillars(review)
    medians: dict[str, float | None] = {}
    for p in pillars:
        values = [d["pillars"][p] for d in ranked if d["pillars"].get(p) is not None]
        medians[p] = statistics.median(values) if values else None
    names = {d["id"]: d for d in review["departments"]}
    top15 = [(d["rank"], d["name_en"], d["name_hi"], d["score"]) for d in ranked[:15]]
    cols = league_columns(review)
    pages = league_pages(review)
    return {
        "r": review,
        "state": review_state(review),
        "pillars": pillars,
        "top3": [names[i] for i in review.get("top3", []) if i in names],
        "top3_confidence": review.get("top3_confidence") or {},
        "chart_top15": charts.top_scores_chart(top15, 7.1, 4.0) if top15 else None,
        "league": pages,
        "cols": cols,
        "show_change": "change" in cols,
        "show_tier": "tier" in cols,
        "departments": [_department_view(d, review, medians) for d in ranked],
        "treatment": review["method"].get("treatment"),
        "unavailable": review.get("unavailable_pillars")
        or [p for p in pillars if ranked and medians[p] is None],
        "has_goalposts": any(
            spec.get("goalposts") for spec in review["method"]["weights"]["indicators"].values()
        ),
        "norm_name": _method_name(review["method"].get("normalisation")),
        "normalisation": _method_key(review["method"].get("normalisation"), "norm_"),
        "aggregation": _method_key(review["method"].get("aggregation"), "agg_"),
        "uncertainty": review.get("uncertainty") or review["method"].get("uncertainty") or None,
        "n_pages_league": len(pages),
    }


def _method_name(value: Any) -> str | None:
    """Methods give a choice as a name or as {"method": name, ...}."""
    return value.get("method") if isinstance(value, dict) else value


def _method_key(value: Any, prefix: str) -> tuple[str, str]:
    """A method choice in words, from LABELS (its bare name when there is no label yet)."""
    name = _method_name(value)
    if not name:
        return "—", "—"
    return LABELS.get(f"{prefix}{name}", (str(name), str(name)))


# ---- rendering ------------------------------------------------------------------------------


class OfflineFetcher(URLFetcher):
    """Fetches local files and data: URIs only; anything else stops the render.

    Reports are built on review machines that are often offline, and a report must never phone
    out (nor hang on a timeout) because a template or a department name carried a URL.
    """

    def fetch(self, url: str, headers: Any = None) -> Any:
        scheme = url.split(":", 1)[0].lower()
        if scheme not in ("file", "data"):
            raise FatalURLFetchingError(f"refusing to fetch {url}: PDF reports are built offline")
        return super().fetch(url, headers)


# Family names of our own (not "Noto Sans"), so the files checked by font_paths() are the ones
# used, whatever fontconfig has installed; the PDF names the embedded fonts after them.
LATIN, DEVANAGARI = "NotoSans Sushasan", "NotoSansDevanagari Sushasan"


def _font_face_css() -> str:
    paths = charts.font_paths()
    faces = [
        (LATIN, paths["sans"], 400), (LATIN, paths["sans-bold"], 700),
        (DEVANAGARI, paths["deva"], 400), (DEVANAGARI, paths["deva-bold"], 700),
    ]
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{path.resolve().as_uri()}"); '
        f"font-weight: {weight}; font-style: normal; }}"
        for family, path, weight in faces
    )


def render_document(html: str, stylesheet: str) -> Document:
    """Lay out HTML with a packaged stylesheet and the Noto @font-face rules, offline."""
    css_text = _font_face_css() + "\n" + files("sushasan.reports").joinpath(
        "static", stylesheet
    ).read_text(encoding="utf-8")
    fetcher = OfflineFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    font_config = FontConfiguration()
    try:
        css = CSS(string=css_text, font_config=font_config, url_fetcher=fetcher)
        return HTML(string=html, url_fetcher=fetcher).render(
            stylesheets=[css], font_config=font_config
        )
    except FatalURLFetchingError as e:
        raise SushasanError(f"PDF not written: {e}") from e


def render_pdf(html: str, stylesheet: str, path: Path) -> Path:
    """HTML + a packaged stylesheet → PDF at `path`, fonts embedded, nothing fetched remotely."""
    render_document(html, stylesheet).write_pdf(path)
    return path


def clipped_pages(document: Document) -> list[str]:
    """Sections whose one-page box overflowed (content clipped): their end markers sit too low.

    Every one-page section ends with an empty ``end-<name>`` marker; its anchor lies below the
    page box bottom exactly when something was cut off.
    """
    limit = _PAGEBOX_BOTTOM_MM / 25.4 * 96  # CSS px from the top of the page
    return [
        anchor.removeprefix("end-")
        for page in document.pages
        for anchor, position in page.anchors.items()  # (x, y) or (x1, y1, x2, y2)
        if anchor.startswith("end-") and position[1] > limit + 0.5
    ]


def render_pdf_html(review: dict[str, Any]) -> str:
    """The HTML WeasyPrint lays out (useful to inspect the report in a browser)."""
    return template("pdf_review.html.j2").render(**_context(review))


def write_pdf(review: dict[str, Any], path: Path) -> Path:
    charts.font_paths()  # fail before any work when the fonts are missing
    document = render_document(render_pdf_html(review), "pdf.css")
    if clipped := clipped_pages(document):
        _log.warning("PDF pages too full, the end was cut off: %s", ", ".join(clipped))
    document.write_pdf(path)
    return path
