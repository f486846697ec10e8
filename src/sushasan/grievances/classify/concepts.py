"""Service concepts: routing evidence that works with any state's registry.

The routing lexicon (``data/routing_terms.yaml``) and the learned router are keyed by the
shipped registry's department ids, so given another state's registry they say nothing, and
routing falls back on that registry's few keywords. What does transfer is what a grievance is
*about*: garbage, potholes, a power cut, a leaking pipe. ``data/concepts.yaml`` lists the words
citizens use for each such concept (English, Hindi, Hinglish); each registry department is
linked to the concepts its own names (both languages) and keywords mention, read through the
same word list and folding; the router then scores a text's concept words for the departments
linked to them. A concept that two departments claim equally splits its evidence between them,
which lowers the confidence and sends the ticket to triage instead of guessing.

The shipped registry keeps explicit links (``assign``) for concepts its names leave ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from sushasan.grievances.classify.folding import fold
from sushasan.grievances.classify.places import WORD_CHARS, build_trie_pattern
from sushasan.registry.model import Department

__all__ = [
    "DEFAULT_CONCEPTS",
    "LEVELS",
    "Concept",
    "ConceptLexicon",
    "default_concepts",
    "joined_variant",
]

DEFAULT_CONCEPTS = Path(__file__).resolve().parent / "data" / "concepts.yaml"

#: Evidence levels of a concept word, as in the routing lexicon.
LEVELS = ("strong", "terms", "weak")

#: A department's names say more about what it does than its keywords (they are chosen with
#: care; keyword lists are often padded), so name mentions count double in its profile.
NAME_FACTOR = 2.0
#: A concept is one of a department's *major* concepts when the department's evidence for it is
#: at least this share of its strongest concept's. Where some departments have a concept as a
#: major one, only they receive it: "BBMP Electrical Department (Street Lights)" mentions
#: electricity, but a power cut is the power company's, whose registry entry is all about it.
MAJOR_SHARE = 0.5

_PLURAL = "(?:s|es|\u094b\u0902|\u0947\u0902)?"  # -s, -es, Hindi -ों, -ें
_TWO_LATIN_WORDS = re.compile(r"^([a-z]{3,}) ([a-z]{3,})$")


def joined_variant(word: str) -> str | None:
    """"street light" → "streetlight": citizens write two-word terms as one word as often as
    not; the folded form of ``word`` joined, or None when it is not two Latin words."""
    m = _TWO_LATIN_WORDS.match(fold(word))
    return f"{m[1]}{m[2]}" if m else None


@dataclass(frozen=True)
class Concept:
    """One service concept: its id, a bilingual label for reasons, and its words by level."""

    id: str
    label: str
    words: Mapping[str, str]  # raw word -> level


@dataclass
class ConceptLexicon:
    """The concept word list, explicit links for the shipped registry, and data categories."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    assign: dict[str, tuple[str, ...]] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    _cache: tuple[re.Pattern[str], dict[str, list[tuple[str, str]]]] | None = field(
        default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_file(cls, path: Path = DEFAULT_CONCEPTS) -> ConceptLexicon:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        lexicon = cls()
        for cid, entry in (data.get("concepts") or {}).items():
            words: dict[str, str] = {}
            for level in reversed(LEVELS):  # a word listed twice keeps its strongest level
                for word in entry.get(level) or ():
                    words[str(word).strip()] = level
            lexicon.concepts[str(cid)] = Concept(str(cid), str(entry.get("label") or cid), words)
        for cid, ids in (data.get("assign") or {}).items():
            lexicon.assign[str(cid)] = tuple(str(i) for i in ids or ())
        for category, cid in (data.get("categories") or {}).items():
            lexicon.categories[str(category)] = str(cid)
        unknown = (set(lexicon.assign) | set(lexicon.categories.values())) - set(lexicon.concepts)
        if unknown:
            raise ValueError(f"{path}: unknown concepts {', '.join(sorted(unknown))}")
        return lexicon

    def senses(self) -> dict[str, list[tuple[str, str]]]:
        """Every raw word (and its joined two-word variant) → the (concept, level) it signals."""
        out: dict[str, list[tuple[str, str]]] = {}
        for concept in self.concepts.values():
            for word, level in concept.words.items():
                for form in (word, joined_variant(word)):
                    if form:
                        entry = out.setdefault(form, [])
                        if (concept.id, level) not in entry:
                            entry.append((concept.id, level))
        return out

    def _matcher(self) -> tuple[re.Pattern[str], dict[str, list[tuple[str, str]]]]:
        by_key: dict[str, list[tuple[str, str]]] = {}
        for word, senses in self.senses().items():
            for sense in senses:
                entry = by_key.setdefault(fold(word), [])
                if sense not in entry:
                    entry.append(sense)
        body = build_trie_pattern(sorted(k for k in by_key if k.strip())) or "(?!)"
        pattern = re.compile(f"(?<![{WORD_CHARS}])(?P<t>{body}){_PLURAL}(?![{WORD_CHARS}])")
        return pattern, by_key

    def mentions(self, text: str) -> list[tuple[str, str]]:
        """(concept, level) for every concept word in ``text``, longest words first matched."""
        pattern, by_key = self._compiled()
        return [sense for m in pattern.finditer(fold(text)) for sense in by_key[m.group("t")]]

    def _compiled(self) -> tuple[re.Pattern[str], dict[str, list[tuple[str, str]]]]:
        if self._cache is None:
            self._cache = self._matcher()
        return self._cache

    def profile(self, dep: Department, weights: Mapping[str, float]) -> dict[str, float]:
        """How much of what ``dep``'s registry entry says is about each concept."""
        found: dict[str, float] = {}
        parts: list[tuple[str, float]] = [(dep.name_en, NAME_FACTOR), (dep.name_hi, NAME_FACTOR)]
        parts.extend((k, 1.0) for k in dep.keywords)
        for text, factor in parts:
            for concept, level in self.mentions(text):
                found[concept] = found.get(concept, 0.0) + weights[level] * factor
        return found

    def links(self, departments: Sequence[Department], weights: Mapping[str, float]
              ) -> dict[str, dict[str, float]]:
        """concept → {department id: share of the concept's evidence}, shares summing to 1.

        Explicit ``assign`` links win when one of their ids is in the registry; otherwise a
        concept goes to the departments having it as a major concept (see
        :data:`MAJOR_SHARE`), or failing that to every department mentioning it, in
        proportion to how much each one's entry says about it.
        """
        present = {d.id for d in departments}
        profiles = {d.id: self.profile(d, weights) for d in departments}
        majors = {dep_id: {c for c, v in p.items() if v >= MAJOR_SHARE * max(p.values())}
                  for dep_id, p in profiles.items() if p}
        out: dict[str, dict[str, float]] = {}
        for cid in self.concepts:
            assigned = [i for i in self.assign.get(cid, ()) if i in present]
            if assigned:
                out[cid] = {i: 1.0 / len(assigned) for i in assigned}
                continue
            holders = {d: p[cid] for d, p in profiles.items() if cid in p}
            major = {d: v for d, v in holders.items() if cid in majors.get(d, ())}
            chosen = major or holders
            total = sum(chosen.values())
            if total > 0:
                out[cid] = {d: v / total for d, v in chosen.items()}
        return out

    def department_ids(self) -> set[str]:
        """Every department id named by an explicit link (each must be in the shipped registry)."""
        return {i for ids in self.assign.values() for i in ids}

    def concept_of_category(self, category: str | None) -> str | None:
        """The concept of a Bengaluru complaint category (None when unmapped)."""
        return self.categories.get(category or "")


@lru_cache(maxsize=1)
def default_concepts() -> ConceptLexicon:
    """The shipped concept lexicon, read once per process."""
    return ConceptLexicon.from_file()

