"""The one text form routing matches in, for grievance texts, registry names and lexicons.

Its own module because the term router (:mod:`routing`) and the concept layer
(:mod:`concepts`) must fold texts and terms identically, or a term would silently never match.
"""

from __future__ import annotations

import re
import unicodedata

from sushasan.language.hinglish_words import ROMAN_CANONICAL
from sushasan.language.normalise import repair_mojibake

__all__ = ["fold"]

_SEPARATORS = re.compile(r"[_\-–—/]+")
_HALF_NASAL = re.compile("[\u0919\u091e\u0923\u0928\u092e]\u094d(?=[\u0915-\u0939])")
# Latin-1/cp1252 letters that appear in mojibake; only then is ftfy worth its cost.
_MOJIBAKE_HINT = re.compile("[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u0192]")
_LATIN_WORD = re.compile(r"[a-z]+")
_STRETCHED = re.compile(r"([a-z])\1{2,}")
_canonical = ROMAN_CANONICAL.get
# Invisible joiners dropped, nukta dropped, chandrabindu written as anusvara.
_DEVANAGARI_FOLD = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u093c")) | {
    0x0901: "\u0902"
}


def fold(text: str) -> str:
    """The form both texts and terms are matched in.

    The language layer's normalisation — ``normalise_text(fold_chandrabindu=True,
    drop_nukta=True)`` then ``normalise_roman_text`` (a test checks they agree) — with two
    routing extras: half nasal + consonant as anusvara ("खण्ड" = "खंड") and ``_ - /`` as spaces
    so hashtags and handles ("@UPCL_DDN") split into words. It is re-implemented here with
    fast paths (ASCII text skips Unicode work, ftfy runs only on text that looks like mojibake)
    because routing folds every text of a bulk import.
    """
    if not text.isascii():
        if _MOJIBAKE_HINT.search(text):
            text = repair_mojibake(text)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        text = text.translate(_DEVANAGARI_FOLD)
        if "\u094d" in text:
            text = _HALF_NASAL.sub("\u0902", text)
    text = " ".join(_SEPARATORS.sub(" ", text.lower()).split())
    text = _STRETCHED.sub(r"\1", text)
    # Same result as sushasan.language.normalise_roman_text on lower-case text, at a third of
    # the cost: one dict lookup per word, since routing folds every text of a bulk import.
    return _LATIN_WORD.sub(lambda m: _canonical(m[0], m[0]), text)
