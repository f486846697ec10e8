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
from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_AWARD_EN", "DEFAULT_AWARD_HI", "Top3Rule", "top3_note"]

DEFAULT_AWARD_EN = (
    "The top 3 are the three departments with the highest point scores; the chance of a top-3 "
    "place from the uncertainty analysis is shown beside them and does not change the award."
)
DEFAULT_AWARD_HI = (
    "शीर्ष 3 वे तीन विभाग हैं जिनके अंक सबसे अधिक हैं; अनिश्चितता विश्लेषण से निकली शीर्ष 3 में "
    "आने की संभावना उनके साथ दिखाई जाती है और इससे सम्मान नहीं बदलता।"
)


@dataclass(frozen=True)
class Top3Rule:
    """The method file's ``top3:`` block (older files get these values)."""

    award_en: str = DEFAULT_AWARD_EN
    award_hi: str = DEFAULT_AWARD_HI
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
            award_hi=str(doc.get("award_hi", DEFAULT_AWARD_HI)).strip(),
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
    en: list[str] = []
    hi: list[str] = []
    of_en = f" of {runs:,} re-runs" if runs else " of the re-runs"
    of_hi = f"{runs:,} पुनर्गणनाओं में से " if runs else "पुनर्गणनाओं में से "
    for d in inside:
        if d["top3_share"] < rule.note_below_share:
            en.append(
                f"{d['name_en']} (rank {d['rank']}) was in the top 3 in only "
                f"{_pct(d['top3_share'])}{of_en}."
            )
            hi.append(
                f"{d['name_hi']} (रैंक {d['rank']}) {of_hi}केवल {_pct(d['top3_share'])} में "
                "शीर्ष 3 में रहा।"
            )
    if rule.note_outside_above_inside:
        weakest = min(inside, key=lambda d: (d["top3_share"], -d["rank"]))
        # shares compared as shown (whole per cent), strongest first, at most a few named
        shown = round(weakest["top3_share"] * 100)
        above = sorted((d for d in outside if round(d["top3_share"] * 100) > shown),
                       key=lambda d: (-d["top3_share"], d["rank"]))
        for d in above[:_MAX_NAMED]:
            en.append(
                f"{d['name_en']} (rank {d['rank']}, outside the top 3) was in the top 3 "
                f"more often ({_pct(d['top3_share'])}) than {weakest['name_en']} "
                f"(rank {weakest['rank']}, {_pct(weakest['top3_share'])})."
            )
            hi.append(
                f"{d['name_hi']} (रैंक {d['rank']}, शीर्ष 3 से बाहर) पुनर्गणनाओं में "
                f"{weakest['name_hi']} (रैंक {weakest['rank']}, "
                f"{_pct(weakest['top3_share'])}) से अधिक बार ({_pct(d['top3_share'])}) "
                "शीर्ष 3 में रहा।"
            )
        more = len(above) - _MAX_NAMED
        if more > 0:
            en.append(f"So {'was' if more == 1 else 'were'} {more:,} other "
                      f"{'department' if more == 1 else 'departments'} outside the top 3.")
            hi.append(f"शीर्ष 3 से बाहर के {more:,} अन्य विभाग भी ऐसे रहे।")
    if not en:
        return None
    return {
        "en": "The top 3 are awarded by point score, but the uncertainty analysis is less sure "
              "of them: " + " ".join(en) + " Read each place with its likely rank range.",
        "hi": "शीर्ष 3 का सम्मान अंकों के आधार पर दिया जाता है, पर अनिश्चितता विश्लेषण इनके बारे में "
              "इतना निश्चित नहीं है: " + " ".join(hi) + " हर स्थान को उसकी संभावित रैंक सीमा के साथ पढ़ें।",
    }
