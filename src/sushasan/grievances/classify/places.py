"""Where in Uttarakhand a grievance is about: a gazetteer of districts, towns and shrines.

A ticket that names "Guptkashi" belongs to Rudraprayag district's offices, and a few registry
bodies serve only one place (MDDA in Dehradun and Mussoorie, BKTC at Kedarnath and Badrinath,
GMVN in Garhwal and KMVN in Kumaon). Citizens write place names in English, Devanagari and
many romanised spellings ("Mussoorie", "मसूरी", "masoori"), so the gazetteer in
``data/places.yaml`` lists the spellings and one compiled regex finds them all in one pass.

Matching runs on the text exactly as given, so a :class:`PlaceMatch` span can be used to
highlight the place in the original post. To still meet keyboard variants, each Devanagari
letter is matched with and without nukta (also in its precomposed form) and chandrabindu and
anusvara are interchangeable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = [
    "DEFAULT_PLACES",
    "Gazetteer",
    "PlaceMatch",
    "build_trie_pattern",
    "default_gazetteer",
    "find_places",
]

DEFAULT_PLACES = Path(__file__).resolve().parent / "data" / "places.yaml"

#: Letters that belong to a word in Latin or Devanagari; a name must not touch one at either end.
WORD_CHARS = r"\w\u0900-\u0963\u0966-\u097f"
_NUKTA = "\u093c"
# Precomposed nukta letters (U+0958–U+095F) and their base letter.
_PRECOMPOSED = {unicodedata.normalize("NFC", chr(cp))[0]: chr(cp) for cp in range(0x958, 0x960)}
_NASALS = "\u0901\u0902"  # chandrabindu, anusvara


@dataclass(frozen=True)
class PlaceMatch:
    """One place found in a text: canonical name, its district, and where it was written."""

    name: str
    district: str
    span: tuple[int, int]


def fold_key(name: str) -> str:
    """The spelling used as a trie key: NFC, lower case, no nukta, chandrabindu as anusvara."""
    text = unicodedata.normalize("NFC", name).lower().replace(_NUKTA, "")
    return text.replace("\u0901", "\u0902")


def tolerant_char(ch: str) -> str:
    """Regex for one folded key character that also meets its keyboard variants in raw text."""
    if ch == " ":
        return r"[\s\-]*"
    if ch == "\u0902":
        return f"[{_NASALS}]"
    if ch in _PRECOMPOSED:
        return f"(?:{ch}{_NUKTA}?|{_PRECOMPOSED[ch]})"
    if "\u0915" <= ch <= "\u0939":
        return f"{ch}{_NUKTA}?"
    return re.escape(ch)


def build_trie_pattern(keys: Iterable[str], char_pattern: Callable[[str], str] = re.escape) -> str:
    """One regex alternation for many keys, shared as a prefix trie.

    A flat ``a|b|c`` over hundreds of terms makes the regex engine try every alternative at
    every position; a trie tries each prefix once, so the cost grows with the text, not the
    vocabulary. Optional tails are greedy, so the longest key wins ("har ki pauri" over
    "pauri"), and the engine backtracks to a shorter key if the longer one is not a whole word.
    """
    root: dict[str, dict] = {}
    for key in keys:
        if not key:
            continue
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: Mapping[str, dict]) -> str:
        alts = [char_pattern(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        ends = "" in node
        if len(alts) == 1 and not ends:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if ends else "")

    return render(root)


class Gazetteer:
    """Place names of one state, each mapped to its district, with one compiled matcher."""

    def __init__(self, districts: Sequence[Mapping[str, object]]) -> None:
        self._by_key: dict[str, tuple[str, str]] = {}
        self.divisions: dict[str, str] = {}
        for entry in districts:
            district = str(entry["district"])
            self.divisions[district] = str(entry.get("division") or "")
            for spelling in _as_strings(entry.get("names")):
                self._add(spelling, district, district)
            for names in entry.get("places") or ():  # type: ignore[attr-defined]
                spellings = _as_strings(names)
                for spelling in spellings:
                    self._add(spelling, spellings[0], district)
        body = build_trie_pattern(sorted(self._by_key), tolerant_char)
        self._regex = re.compile(f"(?<![{WORD_CHARS}])(?:{body})(?![{WORD_CHARS}])", re.IGNORECASE)

    @classmethod
    def from_file(cls, path: Path = DEFAULT_PLACES) -> Gazetteer:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(data["districts"])

    @property
    def districts(self) -> tuple[str, ...]:
        return tuple(self.divisions)

    def _add(self, spelling: str, name: str, district: str) -> None:
        if "(" in spelling:  # a label such as "Salt (Almora)": shown, never matched
            return
        key = fold_key(spelling)
        self._by_key.setdefault(key, (name, district))

    def find(self, text: str) -> list[PlaceMatch]:
        """Every place named in ``text``, left to right, longest spelling first, no overlaps."""
        found = []
        for match in self._regex.finditer(text):
            key = fold_key(match.group())
            hit = self._by_key.get(key) or self._by_key.get(re.sub(r"[\s\-]+", " ", key))
            if hit is None:  # a space/hyphen variant of a key written without one
                hit = self._by_key.get(re.sub(r"[\s\-]+", "", key))
            if hit is not None:
                found.append(PlaceMatch(hit[0], hit[1], match.span()))
        return found


def _as_strings(values: object) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values]  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped Uttarakhand gazetteer, read once per process (it is read-only data)."""
    return Gazetteer.from_file()


def find_places(text: str, gazetteer: Gazetteer | None = None) -> list[PlaceMatch]:
    """Places of Uttarakhand named in ``text`` (see :meth:`Gazetteer.find`)."""
    return (gazetteer or default_gazetteer()).find(text)
