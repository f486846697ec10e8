"""Charts for the PDF reports: matplotlib figures as SVG whose text is outlines.

Why outlines: fpdf2 draws SVG ``<text>`` without complex-script shaping, so Hindi in a chart would
come out with broken conjuncts and misplaced matras. Matplotlib >= 3.11 lays text out with libraqm
(HarfBuzz; its wheels bundle it), so with ``svg.fonttype = "path"`` the shaped glyphs are written
as paths and fpdf2 only has to draw them, crisp at any zoom. Should a matplotlib build lack
libraqm, chart labels fall back to English and the Hindi stays in the captions around the chart.

The fonts are the report's own (reports/fonts.py: Noto from Python packages, never the system's),
given to matplotlib by file name. Figures are built from
``matplotlib.figure.Figure`` directly (no pyplot, no global figure state); rcParams are only
touched inside ``rc_context`` while saving.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence

import matplotlib
from matplotlib import font_manager, ft2font
from matplotlib.figure import Figure
from matplotlib.textpath import text_to_path

from sushasan.reports.fonts import font_paths

__all__ = ["SHAPES_DEVANAGARI", "text_width", "top_scores_chart"]

SHAPES_DEVANAGARI = bool(getattr(ft2font, "__libraqm_version__", ""))

INK = "#1b2a3a"
MUTED = "#6b7785"
BAR = "#2f5d8a"
ACCENT = "#d9822b"  # saffron: the top 3
GRID = "#dfe4ea"


def _props(size: float, bold: bool = False, hindi: bool = False) -> font_manager.FontProperties:
    """Noto Sans, or Noto Sans Devanagari for Hindi (whole strings, so libraqm shapes them)."""
    paths = font_paths()
    key = ("deva" if hindi else "sans") + ("-bold" if bold else "")
    return font_manager.FontProperties(fname=str(paths[key]), size=size)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of shaped text set in its Noto face at `size` pt (sizes chart margins)."""
    if not text:
        return 0.0
    hindi = any("\u0900" <= c <= "\u097f" for c in text)
    width, _, _ = text_to_path.get_text_width_height_descent(
        text, _props(size, bold, hindi), ismath=False
    )
    return float(width)


def _svg(fig: Figure) -> bytes:
    """The figure as SVG with text as paths (shaped glyphs, no font needed to draw it)."""
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "sushasan"}):
        fig.savefig(buf, format="svg", metadata={"Date": None}, transparent=True)
    # the RDF <metadata> block says nothing fpdf2 draws (and it logs a warning for each)
    return re.sub(rb"<metadata>.*?</metadata>\s*", b"", buf.getvalue(), flags=re.S)


def _clip(text: str, width: int) -> str:
    return textwrap.shorten(text, width=width, placeholder=" …")


def _frame(ax) -> None:  # type: ignore[no-untyped-def]  # matplotlib Axes
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GRID)
    ax.tick_params(axis="y", length=0, pad=6)
    ax.tick_params(axis="x", colors=MUTED, length=0)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def top_scores_chart(
    rows: Sequence[tuple[int, str, str, float]], width_in: float, height_in: float
) -> bytes:
    """Horizontal bars of (rank, name_en, name_hi, score), best on top, the top 3 in saffron.

    Each bar is labelled with its English name above the Hindi one, as two text objects placed
    by hand (a two-line tick label spaces the scripts unevenly and reads as belonging to the
    next bar). The left margin is measured from the labels, so nothing is clipped.
    """
    size = 6.5
    labels = [
        (_clip(f"{rank}. {en}", 48), _clip(hi, 48) if SHAPES_DEVANAGARI else "")
        for rank, en, hi, _ in rows
    ]
    label_in = max(text_width(t, size) for pair in labels for t in pair) / 72 + 0.12
    fig = Figure(figsize=(width_in, height_in))
    left = label_in / width_in
    ax = fig.add_axes((left, 0.06, 1 - left - 0.02, 0.93))
    ys = list(range(len(rows)))[::-1]
    colours = [ACCENT if rank <= 3 else BAR for rank, *_ in rows]
    ax.barh(ys, [s for *_, s in rows], color=colours, height=0.62)
    ax.set_yticks([])
    at_left = ax.get_yaxis_transform()  # x in axes fraction, y in data
    for y, (en, hi), (*_, score) in zip(ys, labels, rows, strict=True):
        if hi:
            ax.text(-0.012, y + 0.03, en, transform=at_left, ha="right", va="bottom",
                    fontproperties=_props(size), color=INK)
            ax.text(-0.012, y - 0.03, hi, transform=at_left, ha="right", va="top",
                    fontproperties=_props(size, hindi=True), color=MUTED)
        else:
            ax.text(-0.012, y, en, transform=at_left, ha="right", va="center",
                    fontproperties=_props(size), color=INK)
        ax.text(score + 1, y, f"{score:.1f}", va="center", fontproperties=_props(7, True),
                color=INK)
    _frame(ax)
    for tick in ax.get_xticklabels():
        tick.set_fontproperties(_props(6.5))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    return _svg(fig)
