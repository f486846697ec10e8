"""A transparent cue-word baseline for grievance detection, and the explanations shown to officers.

The trained model in :mod:`sushasan.grievances.classify.detect` is more accurate, but a weight
table of a million hashed n-grams explains nothing to a nodal officer. This lexicon does: each
cue is a named phrase family in Hindi (Devanagari), Hinglish (romanised Hindi) and English with
a hand-set weight, and a post's score is a logistic function of the cues that fired. Officers
see the cue names ("negation", "duration", "no response", "praise", ...) next to every
detection.

It is also the baseline the model must beat (see :mod:`sushasan.grievances.classify.evaluate`),
so the weights were set by reading posts, never fitted on the evaluation set.

The cues are data (``data/cues.yaml``: name, weight, phrases), so a cell can read and extend
them without touching code. Matching is on a lightly cleaned copy of the text (NFC, lower case);
Hinglish spelling variants ("nahi", "nhi", "nai", "nahin") are spelled out in the phrases
because romanised Hindi has no standard spelling.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from sushasan.language import patterns
from sushasan.language.normalise import MOJIBAKE_HINT, repair_mojibake

__all__ = ["CUES", "Cue", "Lexicon", "LexiconMatch"]


class Cue(NamedTuple):
    """One named phrase family: positive weights push towards "grievance", negative away."""

    name: str
    weight: float
    pattern: str


CUES_FILE = Path(__file__).resolve().parent / "data" / "cues.yaml"


def load_cues(path: Path = CUES_FILE) -> tuple[Cue, ...]:
    """The cue table from its data file: each cue's phrases joined into one regex, with the
    file's ``{NAME}`` macros filled in. Names are what officers see."""
    doc = patterns.load(path)
    known = patterns.macros(doc)
    cues = []
    for entry in doc["cues"]:
        pattern = patterns.expand("|".join(str(p) for p in entry["phrases"]), known)
        patterns.compiled(pattern, path)  # a broken phrase fails at load, naming the file
        cues.append(Cue(str(entry["name"]), float(entry["weight"]), pattern))
    return tuple(cues)


CUES: tuple[Cue, ...] = load_cues()
"""The cue table (``data/cues.yaml``)."""

_BIAS = -0.5
"""Chosen on the training set (F1 flat between -0.6 and -0.3): one strong cue tips a post."""


class LexiconMatch(NamedTuple):
    """The lexicon's verdict on one post: score in [0, 1] and the names of the cues that fired."""

    score: float
    cues: tuple[str, ...]


# Posts are matched as one joined string. Two newlines keep every match inside its post: no cue
# consumes more than one whitespace character except literal spaces (``\s?`` is the only class
# that admits a newline), and ``\b`` sees a newline as it sees the start or end of a string.
_JOIN = "\n\n"


def _clean(text: str) -> str:
    """NFC + lower case: the only normalisation the cue patterns assume."""
    return unicodedata.normalize("NFC", text).lower()


# --------------------------------------------------------------------------- fast matching
#
# A cue fires when its regex matches anywhere in a post, so any regex with the same matches
# *somewhere* will do. The cue patterns are long alternations ("broken|kharab|खराब|..."); the
# regex engine tries every branch at every position whose character starts one of them, which
# made cue matching as slow as scoring. ``_factored`` rewrites the alternatives as a trie on
# their first characters ("b(?:roken|locked)|k(?:harab)|..."), which the engine rejects in one
# step per position, and puts alternatives that cannot start with a fixed character into a
# second regex. It reads the patterns as text with the public ``re`` module only: a leading
# non-capturing group or a class of plain letters is spelled out, everything else is kept as
# written, so the rewrite never changes whether a post matches.

_SPECIAL = frozenset("\\.^$*+?{}[]()|")
_QUANTIFIER = frozenset("?*+{")


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) for each character outside escapes and
    character classes: the only places where ``|``, ``(`` and ``)`` mean structure."""
    depth, in_class, i = 0, False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        else:
            depth += {"(": 1, ")": -1}.get(c, 0)
            yield i, c, depth
        i += 1


def _split_top(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (``|`` outside groups and classes)."""
    cuts = [i for i, c, depth in _structure(pattern) if c == "|" and depth == 0]
    edges = [-1, *cuts, len(pattern)]
    return [pattern[a + 1:b] for a, b in itertools.pairwise(edges)]


def _group_end(pattern: str) -> int:
    """Index of the ``)`` closing the group that opens the pattern, or -1."""
    return next((i for i, c, depth in _structure(pattern) if c == ")" and depth == 0), -1)


def _leading(alt: str) -> list[str]:
    """``alt`` as alternatives that start with a fixed character where that is plain to see:
    ``(?:a|b)x`` → ``ax``, ``bx``; ``[ab]x`` → ``ax``, ``bx`` (a class of plain characters)."""
    if alt.startswith("(?:"):
        end = _group_end(alt)
        if end > 0 and (end + 1 >= len(alt) or alt[end + 1] not in _QUANTIFIER):
            rest = alt[end + 1:]
            return [x for inner in _split_top(alt[3:end]) for x in _leading(inner + rest)]
    if alt.startswith("[") and not alt.startswith("[^"):
        end = alt.find("]", 1)
        body = alt[1:end] if end > 1 else ""
        if body and not (set(body) & _SPECIAL) and "-" not in body and (
                end + 1 >= len(alt) or alt[end + 1] not in _QUANTIFIER):
            return [c + alt[end + 1:] for c in dict.fromkeys(body)]
    return [alt]


def _fixed_first(alt: str) -> bool:
    return bool(alt) and alt[0] not in _SPECIAL and (len(alt) == 1 or alt[1] not in _QUANTIFIER)


def _trie(alternatives: list[str]) -> tuple[str, list[str]]:
    """(a trie of the alternatives with a fixed first character, the others as written)."""
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for alt in alternatives:
        for x in _leading(alt):
            if _fixed_first(x):
                groups.setdefault(x[0], []).append(x[1:])
            else:
                others.append(x)
    parts = []
    for first, rests in groups.items():
        if len(rests) == 1:
            tail = rests[0]
        else:
            inner, rest_others = _trie(rests)
            tail = "(?:" + "|".join(([inner] if inner else []) + rest_others) + ")"
        parts.append(re.escape(first) + tail)
    return "|".join(parts), others


def _factored(pattern: str) -> list[re.Pattern[str]]:
    """Regexes that together match somewhere exactly where ``pattern`` does (see above)."""
    literal, others = _trie(_split_top(pattern))
    found = [literal, "|".join(others)]
    try:
        return [re.compile(p) for p in found if p]
    except re.error:  # a construct the rewrite misread: the pattern as written is right
        return [re.compile(pattern)]


class Lexicon:
    """Cue-word scorer: ``score = sigmoid(bias + sum of weights of the distinct cues fired)``.

    Each cue's regex runs once over the joined batch, and match positions are mapped back to
    posts with one ``searchsorted``: no per-post Python loop over the cues.
    """

    threshold: float = 0.5

    def __init__(self, cues: Sequence[Cue] = CUES, bias: float = _BIAS) -> None:
        self.cues = tuple(cues)
        self.bias = bias
        self._weights = np.array([c.weight for c in self.cues])
        # Regexes per cue, not one big alternation: each then starts with a small set of
        # literal first characters that the regex engine skips to, and each is a trie on
        # first characters (see _factored), which rejects a position in one step.
        self._patterns = [(index, found) for index, cue in enumerate(self.cues)
                          for found in _factored(cue.pattern)]

    def cue_indices(self, texts: Sequence[str]) -> list[set[int]]:
        """Indices (into :attr:`cues`) of the cues each text fires; one pass per cue per batch.

        Exactly ``{i for i, cue in enumerate(cues) if re.search(cue.pattern, clean(text))}``
        for each text, where ``clean`` is NFC + lower case (after mojibake repair, for the
        rare post whose Devanagari an export mangled). Repeated posts are matched once.
        """
        texts = list(texts)
        distinct = dict.fromkeys(texts)
        if len(distinct) == len(texts):
            return self._cue_indices(texts)
        keys = list(distinct)
        lookup = dict(zip(keys, self._cue_indices(keys), strict=True))
        return [set(lookup[t]) for t in texts]

    def _cue_indices(self, texts: Sequence[str]) -> list[set[int]]:
        found: list[set[int]] = [set() for _ in texts]
        if not texts:
            return found
        cleaned = [_clean(t) for t in texts]
        joined = _JOIN.join(cleaned)
        if not joined.isascii() and MOJIBAKE_HINT.search(joined):
            # Devanagari mangled by an export: match the repaired text, as the model reads it.
            cleaned = [_clean(repair_mojibake(t)) if MOJIBAKE_HINT.search(t) else c
                       for t, c in zip(texts, cleaned, strict=True)]
            joined = _JOIN.join(cleaned)
        starts = np.cumsum([0] + [len(t) + len(_JOIN) for t in cleaned[:-1]])
        for index, pattern in self._patterns:
            positions = [m.start() for m in pattern.finditer(joined)]
            if positions:
                owners = np.searchsorted(starts, positions, side="right") - 1
                for owner in set(owners.tolist()):
                    found[owner].add(index)
        return found

    def match(self, texts: Sequence[str]) -> list[LexiconMatch]:
        """Score and explain each text."""
        out = []
        for fired in self.cue_indices(texts):
            ordered = sorted(fired)
            z = self.bias + float(self._weights[ordered].sum()) if ordered else self.bias
            out.append(LexiconMatch(1.0 / (1.0 + math.exp(-z)),
                                    tuple(self.cues[i].name for i in ordered)))
        return out

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Scores in [0, 1] as an array (the same interface as the trained detector)."""
        return np.array([m.score for m in self.match(texts)], dtype=np.float64)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Boolean "is a grievance" per text at :attr:`threshold`."""
        return self.scores(texts) >= self.threshold
