"""Fonts and charts for the PDF reports: matplotlib figures as SVG whose text is outlines.

Why outlines: WeasyPrint draws SVG ``<text>`` without complex-script shaping, so Hindi in a chart
would come out with broken conjuncts and misplaced matras. Matplotlib ≥ 3.11 lays text out with
libraqm (HarfBuzz), so with ``svg.fonttype = "path"`` the shaped glyphs are written as paths and
WeasyPrint only has to draw them. Should a matplotlib build lack libraqm, chart labels fall back to
English and the Hindi stays in the HTML captions around the chart.

Figures are built from ``matplotlib.figure.Figure`` directly (no pyplot, no global figure state);
rcParams are only touched inside ``rc_context`` while saving. The same font files serve the page
text (``@font-face``) and the line-break estimates of :func:`count_lines`, so both agree.
"""

from __future__ import annotations

import base64
import io
import os
import textwrap
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import matplotlib
from matplotlib import font_manager, ft2font
from matplotlib.figure import Figure
from matplotlib.textpath import text_to_path

from sushasan.errors import SushasanError

__all__ = [
    "FONT_FILES",
    "SHAPES_DEVANAGARI",
    "bar_css",
    "count_lines",
    "font_dir",
    "font_paths",
    "text_width",
    "top_scores_chart",
]

FONT_FILES = {
    "sans": "NotoSans-Regular.ttf",
    "sans-bold": "NotoSans-Bold.ttf",
    "deva": "NotoSansDevanagari-Regular.ttf",
    "deva-bold": "NotoSansDevanagari-Bold.ttf",
}
_FAMILY = ["Noto Sans", "Noto Sans Devanagari"]  # per-glyph fallback: Latin, then Devanagari
SHAPES_DEVANAGARI = bool(getattr(ft2font, "__libraqm_version__", ""))

INK = "#1b2a3a"
MUTED = "#6b7785"
BAR = "#2f5d8a"
ACCENT = "#d9822b"  # saffron: the top 3
GRID = "#dfe4ea"


def font_dir() -> Path:
    """Debian's fonts-noto-core folder, or SUSHASAN_FONT_DIR on other systems."""
    return Path(os.environ.get("SUSHASAN_FONT_DIR") or "/usr/share/fonts/truetype/noto")


def font_paths() -> dict[str, Path]:
    """The four Noto files, or a SushasanError naming the first missing one."""
    paths = {key: font_dir() / name for key, name in FONT_FILES.items()}
    for path in paths.values():
        if not path.is_file():
            raise SushasanError(
                f"font file {path} not found: PDF reports need Noto Sans and Noto Sans "
                "Devanagari (Debian/Ubuntu: `sudo apt-get install fonts-noto-core`, or set "
                "SUSHASAN_FONT_DIR to a folder holding " + ", ".join(FONT_FILES.values()) + ")"
            )
    return paths


@cache
def _register_fonts(folder: Path) -> None:
    """Make the Noto files known to matplotlib's font manager (once per folder)."""
    for key in FONT_FILES:
        font_manager.fontManager.addfont(str(folder / FONT_FILES[key]))


def _props(size: float, bold: bool = False) -> font_manager.FontProperties:
    font_paths()
    _register_fonts(font_dir())
    return font_manager.FontProperties(
        family=_FAMILY, size=size, weight="bold" if bold else "normal"
    )


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of shaped text set in Noto at `size` pt."""
    if not text:
        return 0.0
    width, _, _ = text_to_path.get_text_width_height_descent(
        text, _props(size, bold), ismath=False
    )
    return float(width)


def count_lines(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """Lines `text` needs in a box `width_pt` wide, breaking at spaces the way a browser does."""
    space = text_width("a a", size, bold) - text_width("aa", size, bold)
    lines, used = 1, 0.0
    for word in text.split():
        w = text_width(word, size, bold)
        if used and used + space + w > width_pt:
            lines, used = lines + 1, w
        else:
            used = used + space + w if used else w
    return lines


def _svg_uri(fig: Figure) -> str:
    """The figure as an SVG data: URI with text as paths (shaped glyphs, no font needed)."""
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "sushasan"}):
        fig.savefig(buf, format="svg", metadata={"Date": None}, transparent=True)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


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
) -> str:
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
                    fontproperties=_props(size), color=MUTED)
        else:
            ax.text(-0.012, y, en, transform=at_left, ha="right", va="center",
                    fontproperties=_props(size), color=INK)
        ax.text(score + 1, y, f"{score:.1f}", va="center", fontproperties=_props(7, True),
                color=INK)
    _frame(ax)
    for tick in ax.get_xticklabels():
        tick.set_fontproperties(_props(6.5))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    return _svg_uri(fig)


def bar_css(score: Any, median: Any = None, kind: str = "track") -> str:
    """A 0–100 bar (and the ranked median as a tick) as one tiny SVG background image.

    One box per bar instead of three nested ones (box count is what WeasyPrint's layout time
    follows, and there is a page per department). SVG rather than CSS gradients: WeasyPrint 70
    ignores background-size on gradients. kind "track": a pillar bar filling a table cell;
    "cell": a short bar at the left of a right-aligned number.
    """
    if score is None and median is None:
        return ""
    clamp = lambda v: min(max(float(v), 0.0), 100.0)  # noqa: E731
    y, h = (2, 6) if kind == "track" else (0, 10)
    rects = [f'<rect y="{y}" width="100" height="{h}" fill="#e6ebf0"/>']
    if score is not None:
        rects.append(f'<rect y="{y}" width="{clamp(score):.1f}" height="{h}" fill="#2f5d8a"/>')
    if median is not None:
        rects.append(f'<rect x="{clamp(median) - 0.5:.1f}" width="1" height="10" fill="#d9822b"/>')
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 10" '
        f'preserveAspectRatio="none">{"".join(rects)}</svg>'
    )
    size, position = ("100% 100%", "0 0") if kind == "track" else ("58% 4pt", "0 50%")
    return (
        f"background: url(data:image/svg+xml,{quote(svg)}) {position} / {size} no-repeat "
        "content-box"
    )
