"""The top-3 honour and its honesty note: who is awarded, and when the uncertainty disagrees.

The honour goes by one rule, named in the method file and in every review (the three highest
point scores). The Monte Carlo re-runs give each department a chance of a top-3 place; when that
chance says something different from the podium (a top-3 department that most re-runs leave
out, or a department outside the top 3 that the re-runs place there more often than one inside),
the review carries a plain note in both languages, so a Chief Minister handing out certificates
is not surprised by the table beside them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sushasan.words import N_, hindi, plural, say

__all__ = ["DEFAULT_AWARD_EN", "Top3Rule", "default_award_hi", "top3_note"]

DEFAULT_AWARD_EN = N_(
    "The top 3 are the three departments with the highest point scores; the chance of a top-3 "
    "place from the uncertainty analysis is shown beside them and does not change the award."
)


def default_award_hi() -> str:
    """The Hindi of :data:`DEFAULT_AWARD_EN`, from the catalogue."""
    return hindi(DEFAULT_AWARD_EN)


@dataclass(frozen=True)
class Top3Rule:
    """The method file's ``top3:`` block (older files get these values)."""

    award_en: str = DEFAULT_AWARD_EN
    award_hi: str = field(default_factory=default_award_hi)
    #: A top-3 department in the top 3 in fewer re-runs than this share gets a note.
    note_below_share: float = 0.5
    #: Note a department outside the top 3 that the re-runs place there more often than one in.
    note_outside_above_inside: bool = True

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any] | None) -> Top3Rule:
        if not doc:
            return cls()
        return cls(
            award_en=str(doc.get("award_en", DEFAULT_AWARD_EN)).strip(),
            award_hi=str(doc.get("award_hi") or default_award_hi()).strip(),
            note_below_share=float(doc.get("note_below_share", 0.5)),
            note_outside_above_inside=bool(doc.get("note_outside_above_inside", True)),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "awarded_by": "point_score",
            "award_en": self.award_en,
            "award_hi": self.award_hi,
            "note_below_share": self.note_below_share,
            "note_outside_above_inside": self.note_outside_above_inside,
        }


#: Departments outside the top 3 named one by one in the note; the rest are counted.
_MAX_NAMED = 3

# The note's sentences (their Hindi is in the catalogue).
_LOW_OF_RUNS = N_("{name} (rank {rank}) was in the top 3 in only {share} of {runs} re-runs.")
_LOW = N_("{name} (rank {rank}) was in the top 3 in only {share} of the re-runs.")
_ABOVE = N_("{name} (rank {rank}, outside the top 3) was in the top 3 more often ({share}) "
            "than {weakest} (rank {weakest_rank}, {weakest_share}).")
_MORE = (N_("So was {n} other department outside the top 3."),
         N_("So were {n} other departments outside the top 3."))
_NOTE = N_("The top 3 are awarded by point score, but the uncertainty analysis is less sure of "
           "them: {notes} Read each place with its likely rank range.")


def _pct(share: float) -> str:
    return f"{round(share * 100):d}%"


def top3_note(
    departments: Sequence[Mapping[str, Any]], rule: Top3Rule, runs: int | None
) -> dict[str, str] | None:
    """``{"en", "hi"}`` when the podium and the re-runs disagree under ``rule``, else None.

    ``departments`` are review entries (rank, top3_share, names); without uncertainty (no
    shares) there is nothing to compare and no note.
    """
    ranked = sorted((d for d in departments if d.get("rank") is not None and
                     d.get("top3_share") is not None), key=lambda d: d["rank"])
    inside = [d for d in ranked if d["rank"] <= 3]
    outside = [d for d in ranked if d["rank"] > 3]
    if not inside:
        return None
    # (sentence or its two plural forms, values); the names are chosen per language
    notes: list[tuple[str | tuple[str, str], dict[str, Any]]] = []
    low = _LOW_OF_RUNS if runs else _LOW
    for d in inside:
        if d["top3_share"] < rule.note_below_share:
            notes.append((low, {"d": d, "rank": d["rank"], "share": _pct(d["top3_share"]),
                                "runs": f"{runs:,}" if runs else ""}))
    if rule.note_outside_above_inside:
        weakest = min(inside, key=lambda d: (d["top3_share"], -d["rank"]))
        # shares compared as shown (whole per cent), strongest first, at most a few named
        shown = round(weakest["top3_share"] * 100)
        above = sorted((d for d in outside if round(d["top3_share"] * 100) > shown),
                       key=lambda d: (-d["top3_share"], d["rank"]))
        for d in above[:_MAX_NAMED]:
            notes.append((_ABOVE, {"d": d, "w": weakest, "rank": d["rank"],
                                   "share": _pct(d["top3_share"]), "weakest_rank": weakest["rank"],
                                   "weakest_share": _pct(weakest["top3_share"])}))
        more = len(above) - _MAX_NAMED
        if more > 0:
            notes.append((_MORE, {"n": f"{more:,}", "count": more}))
    en, hi = ([_sentence(text, values, lang) for text, values in notes] for lang in ("en", "hi"))
    if not en:
        return None
    return {lang: say(_NOTE, lang).format(notes=" ".join(found))
            for lang, found in (("en", en), ("hi", hi))}


def _sentence(text: str | tuple[str, str], values: dict[str, Any], lang: str) -> str:
    """One sentence of the note in ``lang``: the departments' names in that language."""
    names = {"name": values["d"][f"name_{lang}"]} if "d" in values else {}
    if "w" in values:
        names["weakest"] = values["w"][f"name_{lang}"]
    plain = {k: v for k, v in values.items() if k not in ("d", "w", "count")}
    said = plural(*text, values["count"], lang) if isinstance(text, tuple) else say(text, lang)
    return said.format(**plain, **names)
