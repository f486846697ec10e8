"""Which department should handle a citizen's grievance, with a confidence and the evidence.

Citizens write in Hindi, romanised Hindi and English, tag the Chief Minister or whichever
department they know, and comment under the wrong department's post. The router therefore
weighs several transparent signals and shows every one of them as a reason a nodal officer
can check:

* the registry's own names, abbreviations and keywords (``keyword: bijli → upcl``);
* a routing lexicon, ``data/routing_terms.yaml``, with the words citizens actually use;
* service concepts, ``data/concepts.yaml`` (:mod:`concepts`): words for garbage, potholes, a
  power cut ... linked to whichever departments of *this* registry name them, so another
  state's registry, whose ids the lexicon has never seen, routes as well
  (``concept: potholes = roads → bbmp_roads``);
* registry account handles the citizen tagged (``tagged: @UPCL``), a strong hint;
* the department whose post the citizen commented on, a weak prior only;
* places (``data/places.yaml``) for bodies that serve one place: MDDA, Nagar Nigam Dehradun,
  BKTC at Kedarnath and Badrinath, GMVN in Garhwal and KMVN in Kumaon.

The Chief Minister's office is not a registry department, and grievances tagged to the CM or
the information department belong elsewhere; they only fall back there, below the triage
threshold, when nothing else matched. Speed matters because imports arrive in bulk: all terms
are compiled into one trie-shaped regex, so a text is scanned once whatever the vocabulary size.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sushasan.grievances.classify.concepts import ConceptLexicon, default_concepts
from sushasan.grievances.classify.folding import fold
from sushasan.grievances.classify.places import (
    WORD_CHARS,
    Gazetteer,
    PlaceMatch,
    build_trie_pattern,
    default_gazetteer,
)
from sushasan.language import patterns
from sushasan.registry.model import Department

__all__ = [
    "DEFAULT_TERMS",
    "NEAR_TIE",
    "TRIAGE_THRESHOLD",
    "Route",
    "Router",
    "RoutingTerms",
    "fold",
    "unknown_department_ids",
]

DEFAULT_TERMS = Path(__file__).resolve().parent / "data" / "routing_terms.yaml"

#: Below this confidence a ticket goes to the review cell's triage queue (the best guess is kept).
#: Chosen on the ``cal`` split (never dev) as the lowest value at which auto-routed grievances are
#: right at least nine times in ten on both the real Bengaluru complaints (0.900 at 0.79; 0.78 at
#: the old 0.5) and the hand-written posts (0.947): a ticket in triage costs a clerk a minute, a
#: ticket on the wrong desk costs the citizen a transfer and days. It is also the confidence of
#: one strong term alone (1 - exp(-2.5 / 1.6) = 0.79): a name or an unambiguous service word
#: routes by itself, weaker evidence needs a second signal (a tag, a place, the learned model).
TRIAGE_THRESHOLD = 0.79

#: Evidence is "torn" between two departments when the runner-up has at least this share of
#: the winner's: such a ticket goes to triage rather than to a coin-flip desk.
NEAR_TIE = 0.8

STRONG, TERM, WEAK = 2.5, 1.0, 0.35
LEVEL_WEIGHTS = {"strong": STRONG, "terms": TERM, "weak": WEAK}  # concept words' levels
_CONCEPT_RANK = 1.5  # above registry keywords (1), below the routing lexicon's lists (2-4)
TAG_WEIGHT = 2.0  # a tagged handle: deliberate, but citizens do tag the wrong department
ADDRESSED_WEIGHT = 0.75  # the post commented on: often just the account the citizen follows
# Confidence when the post commented on is the only evidence and nothing competes: just above
# the triage threshold, because that department is the one to ask first (it can transfer).
ADDRESSED_ALONE = TRIAGE_THRESHOLD + 0.05
FALLBACK_SCORE = 0.15  # CM / information fallback: always below the triage threshold
_STRENGTH_SCALE = 1.6  # evidence at which confidence in "some department" reaches ~0.63
_FAMILY_DISCOUNT = 0.5  # a parent/child runner-up disagrees only half: same chain of command
_MAX_ALTERNATIVES = 3

_CM = "\x00cm"  # index entry for words that address the Chief Minister
_RULE = "\x00rule"  # index entry for place-rule words that name no department themselves
_ABBREVIATION = re.compile(r"^[A-Z][A-Z0-9]{2,}$")
_PAREN = re.compile(r"\(([^)]*)\)")
_NOISE_FILE = Path(__file__).resolve().parent / "data" / "name_noise.yaml"
_NAME_NOISE = patterns.compiled(  # words a department's name carries that do not route
    patterns.load(_NOISE_FILE)["name_noise"], _NOISE_FILE, re.IGNORECASE)
_MENTION = re.compile(r"@([A-Za-z0-9_.]+)")
_PLURAL = "(?:s|es|\u094b\u0902|\u0947\u0902)?"  # -s, -es, Hindi -ों, -ें


@dataclass(frozen=True)
class Route:
    """Where a grievance should go, how sure the router is, and why."""

    department_id: str | None
    score: float  # 0..1 confidence; below TRIAGE_THRESHOLD the ticket goes to triage
    reasons: tuple[str, ...]  # human-readable evidence, strongest first
    place: str | None = None
    district: str | None = None
    alternatives: tuple[tuple[str, float], ...] = ()  # next best: (id, share of the evidence)

    @property
    def needs_triage(self) -> bool:
        return self.department_id is None or self.score < TRIAGE_THRESHOLD


@dataclass(frozen=True)
class PlaceRule:
    department: str
    when: frozenset[str]
    bonus: float
    reason: str
    districts: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    divisions: frozenset[str] = frozenset()


@dataclass
class RoutingTerms:
    """The routing lexicon as read from YAML (see ``data/routing_terms.yaml`` for the format)."""

    strong: dict[str, list[str]] = field(default_factory=dict)
    terms: dict[str, list[str]] = field(default_factory=dict)
    weak_by_department: dict[str, list[str]] = field(default_factory=dict)
    weak: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    case_sensitive: list[str] = field(default_factory=list)
    fallback: list[str] = field(default_factory=list)
    cm_terms: list[str] = field(default_factory=list)
    place_rules: list[PlaceRule] = field(default_factory=list)

    @classmethod
    def from_file(cls, path: Path = DEFAULT_TERMS) -> RoutingTerms:
        data = patterns.load(path)
        lexicon = cls(
            weak=_strings(data.get("weak")),
            ignore=_strings(data.get("ignore")),
            case_sensitive=_strings(data.get("case_sensitive")),
            fallback=_strings(data.get("fallback")),
            cm_terms=_strings(data.get("cm_terms")),
        )
        for dep_id, entry in (data.get("departments") or {}).items():
            lexicon.strong[dep_id] = _strings(entry.get("strong"))
            lexicon.terms[dep_id] = _strings(entry.get("terms"))
            lexicon.weak_by_department[dep_id] = _strings(entry.get("weak"))
        for rule in data.get("place_rules") or ():
            lexicon.place_rules.append(
                PlaceRule(
                    department=str(rule["department"]),
                    when=frozenset(_strings(rule.get("when"))),
                    bonus=float(rule.get("bonus", STRONG)),
                    reason=str(rule.get("reason", "")),
                    districts=frozenset(_strings(rule.get("districts"))),
                    places=frozenset(_strings(rule.get("places"))),
                    divisions=frozenset(_strings(rule.get("divisions"))),
                )
            )
        return lexicon

    def department_ids(self) -> set[str]:
        """Every department id the lexicon refers to (each must exist in the registry)."""
        ids = set(self.strong) | set(self.terms) | set(self.weak_by_department) | set(self.fallback)
        return ids | {rule.department for rule in self.place_rules}


def unknown_department_ids(
    departments: Iterable[Department], lexicon: RoutingTerms | None = None
) -> set[str]:
    """Lexicon department ids missing from the registry: a typo would silently route nowhere."""
    lexicon = lexicon or RoutingTerms.from_file()
    return lexicon.department_ids() - {d.id for d in departments}


def _strings(values: object) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values]  # type: ignore[attr-defined]


def _name_terms(dep: Department) -> list[str]:
    """Names a citizen might write for a registry body: full names, the same minus boilerplate
    ("Uttarakhand", "Ltd", "Department") when two words or more remain ("Home" alone would
    match every "home"), parenthesised alternatives ("(Roadways)", "(आँचल)") and capitalised
    abbreviations ("UPCL")."""
    found: list[str] = []
    for name in (dep.name_en, dep.name_hi):
        found.extend(p.strip() for part in _PAREN.findall(name) for p in part.split(","))
        bare = _PAREN.sub(" ", name)
        found.append(bare)
        core = _NAME_NOISE.sub(" ", bare)
        if len(core.split()) >= 2:
            found.append(core)
        found.extend(w for w in re.split(r"[\s,()]+", name) if _ABBREVIATION.match(w))
    found.extend(k for k in dep.keywords if _ABBREVIATION.match(k))
    return [n for n in found if n.strip()]


def _shadows(key: str, placed: set[str]) -> bool:
    """Whether a concept word would hide a word the lexicon or a name already places: the
    same word in the plural ("drains" for "drain": the scan would match the concept's
    spelling, not the lexicon's plus -s) or a phrase starting with it ("kooda nahi utha"
    would hide "kooda", and its place rules, from the longest-match scan)."""
    first = key.split(" ", 1)[0]
    forms = {key, first} if " " in key else {key}
    for form in list(forms):
        if form.endswith("es"):
            forms.add(form[:-2])
        if form.endswith("s"):
            forms.add(form[:-1])
    return bool(forms & placed)


class Router:
    """Routes grievance texts to registry departments; build once, reuse for every text."""

    def __init__(
        self,
        departments: Sequence[Department],
        extra_terms: Mapping[str, Sequence[str]] | None = None,
        *,
        lexicon: RoutingTerms | None = None,
        gazetteer: Gazetteer | None = None,
        concepts: ConceptLexicon | None = None,
    ) -> None:
        self.lexicon = lexicon if lexicon is not None else RoutingTerms.from_file()
        self.concepts = concepts if concepts is not None else default_concepts()
        self.gazetteer = gazetteer if gazetteer is not None else default_gazetteer()
        self.departments = {d.id: d for d in departments}
        self._root = {d: self._root_of(d) for d in self.departments}
        self._fallback = [d for d in self.lexicon.fallback if d in self.departments]
        self._handles: dict[str, str] = {}
        for dep in departments:
            for account in dep.accounts:
                self._handles.setdefault(account.handle.lstrip("@").lower(), dep.id)
        self._build_index(extra_terms or {})

    def _root_of(self, dep_id: str) -> str:
        seen = {dep_id}
        parent = self.departments[dep_id].parent
        while parent and parent in self.departments and parent not in seen:
            dep_id = parent
            seen.add(parent)
            parent = self.departments[parent].parent
        return dep_id

    def _build_index(self, extra_terms: Mapping[str, Sequence[str]]) -> None:
        """Weigh every (term, department) pair once and compile the two matchers.

        For each (term, department) the most specific source decides: the department's strong
        words and registry names (STRONG), then its own weak list (WEAK), then its own terms and
        ``extra_terms`` (TERM), and only then registry keywords, which are WEAK when on the
        global weak list or a place name, else TERM. Ignored words are dropped unless a
        department names them strong or explicitly through ``extra_terms``.
        """
        lex = self.lexicon
        ignore = {fold(w) for w in lex.ignore}
        weak = {fold(w) for w in lex.weak}
        cs_terms = set(lex.case_sensitive)
        places = self.gazetteer
        # (key, department) -> (precedence, weight); a higher precedence replaces a lower one.
        chosen: dict[tuple[str, str], tuple[float, float]] = {}
        self._concept_of: dict[tuple[str, str], str] = {}
        labels: dict[str, str] = {}

        def add(raw: str, dep_id: str, rank: float, weight: float, explicit: bool = False
                ) -> None:
            key = self._key(raw, cs_terms)
            if not key.strip() or (key in ignore and weight < STRONG and not explicit):
                return
            labels.setdefault(key, raw.strip())
            if chosen.get((key, dep_id), (-1, 0.0))[0] < rank:
                chosen[(key, dep_id)] = (rank, weight)

        named: set[tuple[str, str]] = set()
        for dep in self.departments.values():
            for name in _name_terms(dep):
                # "Election Department (Chief Electoral Officer, Uttarakhand)" must not make
                # every "#Uttarakhand" an election grievance: generic words stay ignored.
                if self._key(name, cs_terms) not in ignore:
                    add(name, dep.id, 4, STRONG)
                    named.add((self._key(name, cs_terms), dep.id))
            for keyword in dep.keywords:
                is_place = any(m.span == (0, len(keyword)) for m in places.find(keyword))
                broad = is_place or self._key(keyword, cs_terms) in weak
                add(keyword, dep.id, 1, WEAK if broad else TERM)
            for word in lex.strong.get(dep.id, ()):
                add(word, dep.id, 4, STRONG)
            for word in lex.weak_by_department.get(dep.id, ()):
                add(word, dep.id, 3, WEAK)
            for word in lex.terms.get(dep.id, ()):
                add(word, dep.id, 2, TERM)
            for word in extra_terms.get(dep.id, ()):
                add(word, dep.id, 2, TERM, explicit=True)
        self._add_concepts(chosen, labels, ignore, cs_terms)
        self._share_names(chosen, named)
        index: dict[str, list[tuple[str, float]]] = {}
        for (key, dep_id), (_rank, weight) in chosen.items():
            index.setdefault(key, []).append((dep_id, weight))
        for word in lex.cm_terms:
            index.setdefault(self._key(word, cs_terms), []).append((_CM, 0.0))
        self._rules = [
            (rule, frozenset(self._key(w, cs_terms) for w in rule.when))
            for rule in lex.place_rules
            if rule.department in self.departments
        ]
        for _rule, words in self._rules:
            for key in words:
                index.setdefault(key, []).append((_RULE, 0.0))
        self._index = {k: sorted(v, key=lambda e: -e[1]) for k, v in index.items()}
        self._labels = labels
        exact = sorted(k for k in self._index if k in cs_terms)
        folded = sorted(k for k in self._index if k not in cs_terms)
        self._regex = self._compile(folded)
        self._cs_regex = self._compile(exact) if exact else None

    def _add_concepts(
        self,
        chosen: dict[tuple[str, str], tuple[float, float]],
        labels: dict[str, str],
        ignore: set[str],
        cs_terms: set[str],
    ) -> None:
        """Index the concept words for the departments each concept is linked to.

        They rank between the registry's keywords and the routing lexicon: the concept list
        knows that "pothole" alone decides and "road" does not, which a flat keyword cannot
        say, but a word the lexicon or a registry name already places is left to them (the
        shipped registry routes as before wherever its own lexicon speaks).
        """
        links = self.concepts.links(list(self.departments.values()), LEVEL_WEIGHTS)
        placed = {key for (key, _dep), (rank, _w) in chosen.items() if rank >= 2}
        found: dict[tuple[str, str], tuple[float, str]] = {}
        for raw, senses in self.concepts.senses().items():
            key = self._key(raw, cs_terms)
            if not key.strip() or key in ignore or _shadows(key, placed):
                continue
            for concept, level in senses:
                for dep_id, share in links.get(concept, {}).items():
                    weight = LEVEL_WEIGHTS[level] * share
                    if weight > found.get((key, dep_id), (0.0, ""))[0]:
                        found[(key, dep_id)] = (weight, concept)
                labels.setdefault(key, raw)
        for (key, dep_id), (weight, concept) in found.items():
            if chosen.get((key, dep_id), (-1, 0.0))[0] < _CONCEPT_RANK:
                chosen[(key, dep_id)] = (_CONCEPT_RANK, weight)
                self._concept_of[(key, dep_id)] = self.concepts.concepts[concept].label

    def _share_names(self, chosen: dict[tuple[str, str], tuple[float, float]],
                     named: set[tuple[str, str]]) -> None:
        """A name several unrelated bodies share ("BBMP" in four BBMP departments' names)
        names none of them: it counts as a weak word for each, not as a strong one."""
        holders: dict[str, set[str]] = {}
        for key, dep_id in named:
            if chosen.get((key, dep_id), (0, 0.0))[1] >= STRONG:
                holders.setdefault(key, set()).add(self._root[dep_id])
        for key, roots in holders.items():
            if len(roots) > 1:
                for dep_id in self.departments:
                    if (key, dep_id) in named:
                        chosen[(key, dep_id)] = (chosen[(key, dep_id)][0], WEAK)

    @staticmethod
    def _key(raw: str, cs_terms: set[str]) -> str:
        raw = raw.strip()
        return raw if raw in cs_terms else fold(raw)

    @staticmethod
    def _compile(keys: list[str]) -> re.Pattern[str]:
        body = build_trie_pattern(keys)
        return re.compile(f"(?<![{WORD_CHARS}])(?P<t>{body}){_PLURAL}(?![{WORD_CHARS}])")

    # ------------------------------------------------------------------ routing

    def matched_terms(self, text: str) -> list[str]:
        """Distinct lexicon keys found in ``text``, in order (for explanations and tests)."""
        keys = dict.fromkeys(m.group("t") for m in self._regex.finditer(fold(text)))
        if self._cs_regex is not None and not text.islower():  # every such term has a capital
            nfc = unicodedata.normalize("NFC", text)
            keys.update(dict.fromkeys(m.group("t") for m in self._cs_regex.finditer(nfc)))
        return list(keys)

    def route(
        self,
        text: str,
        tagged_handles: Sequence[str] = (),
        addressed_department: str | None = None,
    ) -> Route:
        """Best department for one grievance, with confidence, reasons, place and runners-up."""
        text = text or ""
        scores: dict[str, float] = {}
        reasons: dict[str, list[tuple[float, str]]] = {}
        general: list[str] = []
        fallback_hint: str | None = None
        keys = self.matched_terms(text)
        key_set = set(keys)
        for key in keys:
            for dep_id, weight in self._index.get(key, ()):
                if dep_id == _CM:
                    fallback_hint = fallback_hint or f"addressed to the Chief Minister: {key}"
                elif dep_id != _RULE:
                    scores[dep_id] = scores.get(dep_id, 0.0) + weight
                    label = self._labels.get(key, key)
                    concept = self._concept_of.get((key, dep_id))
                    reasons.setdefault(dep_id, []).append(
                        (weight, f"concept: {label} = {concept} → {dep_id}" if concept
                         else f"keyword: {label} → {dep_id}")
                    )

        mentions = [m.lower() for m in _MENTION.findall(text)]
        for handle in dict.fromkeys([h.lstrip("@").lower() for h in tagged_handles] + mentions):
            dep_id = self._handles.get(handle)
            if dep_id is None:
                continue
            if dep_id in self._fallback:
                fallback_hint = fallback_hint or f"tagged: @{handle} ({dep_id}, fallback only)"
                continue
            scores[dep_id] = scores.get(dep_id, 0.0) + TAG_WEIGHT
            reasons.setdefault(dep_id, []).append((TAG_WEIGHT, f"tagged: @{handle} → {dep_id}"))

        if addressed_department in self.departments:
            if addressed_department in self._fallback:
                fallback_hint = fallback_hint or f"commented on a post of {addressed_department}"
            else:
                scores[addressed_department] = (
                    scores.get(addressed_department, 0.0) + ADDRESSED_WEIGHT
                )
                reasons.setdefault(addressed_department, []).append(
                    (ADDRESSED_WEIGHT, f"commented on a post of {addressed_department}")
                )

        found = self.gazetteer.find(text)
        place = district = None
        if found:
            specific = [m for m in found if m.name != m.district]
            first = (specific or found)[0]
            place, district = first.name, first.district
            kind = "district" if first.name == first.district else first.district
            general.append(f"place: {first.name} ({kind})")
            self._apply_place_rules(found, key_set, scores, reasons)

        # On a tie the more specific body wins (UPCL over the Energy Department): it is the one
        # that answers citizens.
        ranked = sorted(
            scores.items(), key=lambda kv: (-kv[1], self.departments[kv[0]].parent is None, kv[0])
        )
        ranked = [(d, s) for d, s in ranked if s > 0]
        if not ranked:
            if fallback_hint and self._fallback:
                return Route(
                    self._fallback[0], FALLBACK_SCORE,
                    (fallback_hint, f"fallback: nothing else matched → {self._fallback[0]}",
                     *general),
                    place, district,
                )
            return Route(None, 0.0, tuple(general), place, district)
        best, top = ranked[0]
        # Every other department's evidence argues against the winner: a post about "no road,
        # no hospital, no network" is not a confident health ticket just because "hospital"
        # is the strongest single word.
        rival = sum(
            score * _FAMILY_DISCOUNT if self._root[dep_id] == self._root[best] else score
            for dep_id, score in ranked[1:]
        )
        strength = 1.0 - math.exp(-top / _STRENGTH_SCALE)
        confidence = strength * (0.35 + 0.65 * max(top - rival, 0.0) / top)
        if best == addressed_department and len(ranked) == 1 and len(reasons[best]) == 1:
            # Nothing in the text names any department: the department whose post the citizen
            # answered is the one to ask first (it can transfer), not the review cell's queue.
            confidence = max(confidence, ADDRESSED_ALONE)
        total = sum(s for _, s in ranked)
        evidence = [r for _, r in sorted(reasons[best], key=lambda wr: -wr[0])]
        if fallback_hint:
            general.append(fallback_hint)
        alternatives = tuple(
            (dep_id, round(score / total, 3)) for dep_id, score in ranked[1 : 1 + _MAX_ALTERNATIVES]
        )
        return Route(
            best, round(min(confidence, 1.0), 3), (*evidence, *general), place, district,
            alternatives,
        )

    def _apply_place_rules(
        self,
        found: Sequence[PlaceMatch],
        keys: set[str],
        scores: dict[str, float],
        reasons: dict[str, list[tuple[float, str]]],
    ) -> None:
        """Add the bonus of every place rule whose place and service word both appear.

        The rule's body also takes over the evidence of those words ("kooda" counts for Urban
        Development everywhere, but in Dehradun it is Nagar Nigam Dehradun's job), so a generic
        parent cannot outvote the body that actually serves the place.
        """
        for rule, when in self._rules:
            words = when & keys
            if not words:
                continue
            carried = sum(
                max((w for d, w in self._index[k] if d not in (_CM, _RULE)), default=0.0)
                for k in words
            )
            for match in found:
                name, district = match.name, match.district
                division = self.gazetteer.divisions.get(district, "")
                if (
                    name in rule.places
                    or district in rule.districts
                    or division in rule.divisions
                ):
                    bonus = rule.bonus + carried
                    scores[rule.department] = scores.get(rule.department, 0.0) + bonus
                    reasons.setdefault(rule.department, []).append(
                        (bonus, f"place: {name} + {self._labels.get(min(words), min(words))} → "
                                f"{rule.department} ({rule.reason})")
                    )
                    break

    def route_many(
        self,
        texts: Iterable[str],
        tagged: Sequence[Sequence[str]] | None = None,
        addressed: Sequence[str | None] | None = None,
    ) -> list[Route]:
        """Route a batch; ``tagged`` and ``addressed``, when given, run parallel to ``texts``."""
        texts = list(texts)
        tags: Sequence[Sequence[str]] = tagged if tagged is not None else [()] * len(texts)
        posts: Sequence[str | None] = addressed if addressed is not None else [None] * len(texts)
        if len(tags) != len(texts) or len(posts) != len(texts):
            raise ValueError("tagged and addressed must have one entry per text")
        route = self.route
        return [route(t, g, a) for t, g, a in zip(texts, tags, posts, strict=True)]
