"""The review's values as the PDF shows them: formatted numbers, bilingual labels, ordered lists.

Shared by the pack's pages (pdf_pages.py), its layout (pdf.py) and the certificates.
"""

from __future__ import annotations

import statistics
from typing import Any

from sushasan.reports.pdf_layout import MUTED, lab
from sushasan.words import both

# Optional per-department fields (uncertainty, explanation, trend, flags): absent means "not
# computed for this review", shown as nothing rather than as a zero.
OPTIONAL = {
    "median_rank": None, "rank_interval": None, "tier": None, "top3_share": None,
    "size_group": None, "group_rank": None, "explanation": None, "trend": None, "flags": None,
}
PLATFORMS = {"x": "X", "facebook": "Facebook", "instagram": "Instagram", "youtube": "YouTube"}

# ---- values in words ------------------------------------------------------------------------


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


def num(v: Any, digits: int = 1) -> str:
    return "—" if v is None else f"{float(v):.{digits}f}"


def pct(v: Any) -> str:
    return "—" if v is None else f"{float(v) * 100:.0f}%"


def short(v: Any) -> str:
    """A bound or a rank without trailing zeros: 270.0 → 270, 0.3 → 0.3."""
    return "—" if v is None else f"{float(v):g}"


def whole(v: Any) -> str:
    """A rank from the uncertainty runs (a percentile may come as 54.05): the nearest rank."""
    return "—" if v is None else f"{float(v):.0f}"


def signed(v: Any, digits: int = 1) -> str:
    """A change with its sign, judged after rounding: −0.04 shows as 0.0, not as −0.0."""
    if v is None:
        return "—"
    shown = round(float(v), digits)
    text = f"{abs(shown):.{digits}f}"
    return f"+{text}" if shown > 0 else (f"−{text}" if shown < 0 else text)


def sign_of(v: Any, digits: int = 1) -> int:
    """-1, 0 or 1 as :func:`signed` shows it, for the colour of the same number."""
    shown = round(float(v or 0), digits)
    return (shown > 0) - (shown < 0)


def bi(key: str) -> str:
    """'English / हिन्दी' for a label key: one string, set in the Devanagari face."""
    en, hi = lab(key)
    return f"{en} / {hi}"


def moved(n: int | None) -> tuple[str, str]:
    """Rank change as (text, colour): +3 green, −2 red, = grey, new grey."""
    if n is None:
        return bi("new_entry"), MUTED
    if n > 0:
        return f"+{n}", "#2e7d32"
    if n < 0:
        return f"−{-n}", "#c62828"
    return "=", MUTED


def review_state(review: dict[str, Any]) -> tuple[str, str]:
    """The state's name in English and Hindi (the catalogue has the Hindi of known states)."""
    state = review.get("state") or "Uttarakhand"
    return both(state.lower(), (state, state))


# ---- the review, ready to draw --------------------------------------------------------------


def ranked(review: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(
        (d for d in review["departments"] if d.get("rank") is not None), key=lambda d: d["rank"]
    )


def unranked(review: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(
        (d for d in review["departments"] if d.get("rank") is None), key=lambda d: d["name_en"]
    )


def pillars(review: dict[str, Any]) -> list[str]:
    return list(review["method"]["weights"]["pillars"])


def has_field(review: dict[str, Any], key: str) -> bool:
    return any(d.get(key) is not None for d in review["departments"])


def top3(review: dict[str, Any]) -> list[dict[str, Any]]:
    """The top 3 in review order, ranked ones only (a department can lose its rank on re-run)."""
    names = {d["id"]: d for d in review["departments"]}
    return [names[i] for i in review.get("top3", []) if i in names and names[i].get("rank")]


def medians(review: dict[str, Any]) -> dict[str, float | None]:
    """Each pillar's median over the ranked departments (None when no one has it)."""
    out: dict[str, float | None] = {}
    for p in pillars(review):
        values = [d["pillars"][p] for d in ranked(review) if d["pillars"].get(p) is not None]
        out[p] = statistics.median(values) if values else None
    return out


def prepared(review: dict[str, Any]) -> dict[str, Any]:
    """The review with every optional department field present (None when not computed)."""
    return {**review, "departments": [OPTIONAL | d for d in review["departments"]]}
