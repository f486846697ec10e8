"""Curated word lists for telling romanised Hindi (Hinglish) from English.

Offline language detectors are trained on native scripts and label romanised Hindi as English,
Indonesian or Somali, so the desk uses a transparent lexicon instead: anyone can read why a post
was called Hinglish and add a missing spelling in ``data/hinglish.yaml``. Each entry maps a
canonical romanisation to the spellings citizens actually type; the detector uses every spelling
as evidence and
:func:`sushasan.language.normalise.normalise_roman` maps them back to the canonical form.

Tokens that are also ordinary English words ("me", "main", "to", "or", "the", "is" ...) are kept
out of the strong lists and given small two-sided weights in :data:`AMBIGUOUS`, so a single one
never decides a post.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "AMBIGUOUS",
    "ENGLISH_WORDS",
    "HINGLISH_VARIANTS",
    "HINGLISH_WORDS",
    "ROMAN_CANONICAL",
    "SPELLING_EXCEPTIONS",
    "WORDS_FILE",
]

WORDS_FILE = Path(__file__).resolve().parent / "data" / "hinglish.yaml"


def _load(path: Path) -> dict[str, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("variants", "ambiguous", "english_words", "spelling_exceptions"):
        if not isinstance(doc.get(key), dict):
            raise ValueError(f"{path}: '{key}' must be a mapping")
    return doc


_DOC = _load(WORDS_FILE)

#: canonical -> variants typed by citizens (the canonical form is itself a member).
HINGLISH_VARIANTS: dict[str, tuple[str, ...]] = {
    str(k): tuple(str(v) for v in vs) for k, vs in _DOC["variants"].items()
}

#: Also English words (or too short to trust): (hinglish weight, english weight).
AMBIGUOUS: dict[str, tuple[float, float]] = {
    str(k): (float(h), float(e)) for k, (h, e) in _DOC["ambiguous"].items()
}

#: English words that romanised Hindi rarely uses; function words weigh most.
ENGLISH_WORDS: dict[str, float] = {
    str(word): float(weight)
    for weight, words in _DOC["english_words"].items() for word in words
}

#: Spellings the skeleton rule below cannot see are the same word.
SPELLING_EXCEPTIONS: dict[str, str] = {
    str(k): str(v) for k, v in _DOC["spelling_exceptions"].items()
}

_FINAL_VOWEL = {
    "a": "a", "aa": "a", "i": "i", "ee": "i", "ii": "i", "e": "e", "ai": "e", "ae": "e",
    "ei": "e", "o": "u", "u": "u", "oo": "u", "uu": "u",
}
_FINAL = re.compile(r"[aeiou]+$")


def _skeleton(word: str) -> str:
    """First letter, the consonants, and the class of the final vowel.

    Romanised spellings of one Hindi word differ in medial vowels ("nhi"/"nahi",
    "bahut"/"bohot"), vowel length ("pani"/"paani") and final nasal ("nahin"), but not in the
    final vowel, which carries gender, number and mood ("karo"/"karna", "gaya"/"gayi",
    "mera"/"meri"). Comparing skeletons therefore folds spellings without folding inflections.
    """
    for old, new in (("ph", "f"), ("w", "v"), ("z", "j"), ("sh", "s"), ("chh", "ch")):
        word = word.replace(old, new)
    if len(word) > 2 and word[-1] == "n" and word[-2] in "aeiou":
        word = word[:-1]
    if len(word) > 1 and word[-1] == "y":
        word = word[:-1] + "i"
    match = _FINAL.search(word, 1)
    final = _FINAL_VOWEL.get(match.group(), "?") if match else ""
    core = word[: match.start()] if match else word
    core = core[0] + re.sub(r"[aeiou]", "", core[1:])
    return re.sub(r"(.)\1+", r"\1", core) + final


# Ambiguous spellings ("he", "me", "to", "or") are mapped too: normalise_roman is meant for text
# the detector already called Hinglish, where they are the Hindi words.
ROMAN_CANONICAL: dict[str, str] = {
    variant: canonical.rstrip("_")
    for canonical, variants in HINGLISH_VARIANTS.items()
    for variant in variants
    if variant.isalpha() and variant.isascii()
    and _skeleton(variant) == _skeleton(canonical.rstrip("_"))
} | SPELLING_EXCEPTIONS
"""Spelling variants mapped to one canonical romanisation (``nhi`` -> ``nahi``).

Only spellings of the same word are folded, never inflections or synonyms, so ``karna`` stays
``karna`` and ``thand`` is not turned into ``garmi``.
"""

HINGLISH_WORDS: frozenset[str] = frozenset(
    variant
    for variants in HINGLISH_VARIANTS.values()
    for variant in variants
    if variant.isalpha() and variant.isascii()
) - frozenset(AMBIGUOUS)
"""Spellings that are Hindi and nothing else; each is full evidence for Hinglish."""
