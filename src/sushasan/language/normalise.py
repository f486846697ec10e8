"""Text clean-up before language id, search and de-duplication.

Citizens' posts reach us through exports that mangle encodings (UTF-8 bytes read as Latin-1 or
cp1252 turn "बिजली" into "à¤¬à¤¿à¤œà¤²à¥€"), keyboards that emit different code points for the same
Devanagari letter (precomposed "क़" U+0958 vs "क" + nukta U+093C), invisible joiners, and countless
romanised spellings of the same Hindi word ("nhi", "nai", "nahin"). Two posts that say the same
thing should compare equal after normalisation, so every step here is about equivalence, not
about correcting anyone's Hindi.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

from sushasan.language.hinglish_words import ROMAN_CANONICAL

__all__ = [
    "MOJIBAKE_HINT", "normalise_roman", "normalise_roman_text", "normalise_text", "repair_mojibake",
]

_NUKTA = "\u093c"
_CHANDRABINDU = "\u0901"
_ANUSVARA = "\u0902"
# Zero-width space/joiners, word joiner, BOM and soft hyphen: invisible, but they break matching.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_WHITESPACE = re.compile(r"\s+")
_ELONGATION = re.compile(r"(.)\1{2,}")
_ROMAN_TOKEN = re.compile(r"[A-Za-z]+")
MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00e0-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161"
                           "\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")
"""A lead byte of UTF-8 read as Latin-1/cp1252 followed by a continuation byte read the same
way: where this does not match, :func:`repair_mojibake` has nothing to do (a cheap pre-check)."""


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-Latin-1/cp1252 damage (and its double-encoded forms) with ftfy.

    Only the encoding is fixed: quotes, HTML entities and line breaks stay as written, because
    those are content decisions for other layers. Clean text is returned unchanged.
    """
    if text.isascii():
        return text
    return ftfy.fix_text(
        text,
        unescape_html=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        normalization=None,
    )


def normalise_text(
    text: str,
    *,
    fold_chandrabindu: bool = False,
    drop_nukta: bool = False,
    repair: bool = True,
) -> str:
    """Canonical form of a post for comparison: repaired, NFC, nukta unified, one-space separated.

    NFC already maps the precomposed nukta letters U+0958–U+095F (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़) to base letter
    plus nukta (they are composition exclusions), so both keyboard forms meet in one spelling.
    ``drop_nukta`` goes further and removes the nukta, since many writers omit it ("zarur" is
    typed as "जरूर" as often as "ज़रूर"). ``fold_chandrabindu`` writes chandrabindu as anusvara
    ("गाँव" -> "गांव"), the most common variant spelling in Hindi social media.
    """
    if repair:
        text = repair_mojibake(text)
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    if drop_nukta:
        text = text.replace(_NUKTA, "")
    if fold_chandrabindu:
        text = text.replace(_CHANDRABINDU, _ANUSVARA)
    return _WHITESPACE.sub(" ", text).strip()


def normalise_roman(token: str) -> str:
    """Canonical romanisation of one Hinglish token ("nhi" -> "nahi", "bijlee" -> "bijli").

    Lower-cases, shortens stretched letters ("nahiii" -> "nahi"), then looks the spelling up in
    the curated variant table. Unknown tokens come back lower-cased, so English words pass
    through untouched.
    """
    lowered = token.lower()
    found = ROMAN_CANONICAL.get(lowered)
    if found is not None:
        return found
    shortened = _ELONGATION.sub(r"\1", lowered)
    return ROMAN_CANONICAL.get(shortened, shortened)


def normalise_roman_text(text: str) -> str:
    """Apply :func:`normalise_roman` to every Latin word of a text, keeping everything else."""
    return _ROMAN_TOKEN.sub(lambda match: normalise_roman(match.group()), text)
