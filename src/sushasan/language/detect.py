"""Language of a citizen's post: Hindi, English, Hinglish (romanised Hindi) or mixed script.

Off-the-shelf detectors are trained on native scripts and call romanised Hindi English (or
Indonesian), yet Hinglish is a large share of what citizens write to Uttarakhand departments.
So the decision is made in two transparent steps that a reviewer can check by hand:

1. **Script.** Devanagari and Latin letters are counted after dropping URLs, e-mail addresses,
   @mentions and #hashtags (handles like ``@UPCL_Official`` would otherwise make every Hindi
   post look mixed); digits, emoji and punctuation are never letters. A post with a substantial
   share of both scripts is ``mixed``; mostly Devanagari is ``hi``.
2. **Words.** Latin text is scored against the curated lexicon in
   :mod:`sushasan.language.hinglish_words`: Hindi-only spellings count fully, words that are also
   English ("me", "main", "to", "or") count a little on both sides, English function words count
   for English. The larger score wins; no evidence at all is ``unknown`` for very short posts.

Evidence is summed in whole hundredths (integers), not floats: a tie between Hinglish and English
is then a tie on every Python (3.12 changed how ``sum()`` rounds floats), and the batch path can
add the same integers with numpy and get bit-identical verdicts.

:func:`detect_language` is the readable definition for one post. :func:`detect_many` and
:func:`detect_labels` run the same steps once over a whole batch joined into one string (C-level
regex and ``str`` passes, per-post counts with numpy), several times faster per post; tests check
that they return exactly what :func:`detect_language` returns for every post.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Literal, NamedTuple

import numpy as np

from sushasan.language.hinglish_words import AMBIGUOUS, ENGLISH_WORDS, HINGLISH_WORDS
from sushasan.language.normalise import MOJIBAKE_HINT, repair_mojibake

__all__ = ["Language", "LanguageGuess", "detect_labels", "detect_language", "detect_many"]

Language = Literal["hi", "en", "hinglish", "mixed", "unknown"]

MIXED_SHARE = 0.15
"""Minimum share of the minority script for a post to be ``mixed`` (same rule as ``script``)."""

_HI_SHARE = 1.0 - MIXED_SHARE
_MIN_TOKENS_WITHOUT_EVIDENCE = 3
_FULL_EVIDENCE = 300
"""Hundredths of evidence (3.0) from which the margin counts fully towards confidence."""

_NOISE = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+|[@#][\w\u0900-\u097F]+",
    re.IGNORECASE,
)
# Devanagari letters, vowel signs and nukta, not danda (U+0964/5) or digits (U+0966-096F).
_DEVA = re.compile(r"[\u0900-\u0963\u0971-\u097F]+")
_LATIN = re.compile(r"[a-z]+")
_ELONGATION = re.compile(r"([a-z])\1{2,}")


def _hundredths(weight: float) -> int:
    return round(weight * 100)


_HINGLISH_UNITS: dict[str, int] = dict.fromkeys(HINGLISH_WORDS, 100)
_ENGLISH_UNITS: dict[str, int] = {w: _hundredths(v) for w, v in ENGLISH_WORDS.items()}
for _token, (_h, _e) in AMBIGUOUS.items():
    _HINGLISH_UNITS[_token] = _hundredths(_h)
    _ENGLISH_UNITS[_token] = _hundredths(_e)


class LanguageGuess(NamedTuple):
    """A language label with how sure we are and the script shares it was based on.

    ``script_share`` maps ``"devanagari"`` and ``"latin"`` to their share of letters (summing to
    1), or is empty when the post has no letters at all (only emoji, digits, links).
    """

    language: Language
    confidence: float
    script_share: dict[str, float]


_UNKNOWN = LanguageGuess("unknown", 0.0, {})


def _guess(deva: int, latin: int, hinglish: int, english: int, tokens: int) -> LanguageGuess:
    """The verdict from a post's letter counts and evidence (hundredths): shared by both paths."""
    letters = deva + latin
    if letters == 0:
        return _UNKNOWN
    deva_share = deva / letters
    share = {"devanagari": deva_share, "latin": 1.0 - deva_share}
    if deva_share >= _HI_SHARE:
        return LanguageGuess("hi", round(deva_share, 3), share)
    if deva_share > MIXED_SHARE:
        return LanguageGuess("mixed", round(1.0 - abs(deva_share - 0.5), 3), share)
    evidence = hinglish + english
    if evidence == 0:
        if tokens < _MIN_TOKENS_WITHOUT_EVIDENCE:
            return LanguageGuess("unknown", 0.0, share)
        return LanguageGuess("en", 0.5, share)
    margin = abs(hinglish - english) / evidence
    confidence = (0.5 + 0.5 * margin * min(1.0, evidence / _FULL_EVIDENCE)) * share["latin"]
    label: Language = "hinglish" if hinglish > english else "en"
    return LanguageGuess(label, round(confidence, 3), share)


def _repaired(text: str) -> str:
    """The post with mojibake undone: "à¤ªà¤¾à¤¨à¥€" is Devanagari read in the wrong encoding,
    and counting its Latin-1 letters would call a Hindi post English or unknown."""
    if not text.isascii() and MOJIBAKE_HINT.search(text):
        return repair_mojibake(text)
    return text


def detect_language(text: str | None) -> LanguageGuess:
    """Guess the language of one post; never raises, ``unknown`` when there is nothing to go on.

    Text whose Devanagari was mangled by an export is repaired first, so it is labelled ``hi``.
    """
    if not text:
        return _UNKNOWN
    text = _repaired(text)
    clean = _NOISE.sub(" ", text)
    deva = sum(map(len, _DEVA.findall(clean)))
    tokens = _LATIN.findall(_ELONGATION.sub(r"\1", clean.lower()))
    return _guess(deva, sum(map(len, tokens)),
                  sum(map(_HINGLISH_UNITS.get, tokens, repeat(0))),
                  sum(map(_ENGLISH_UNITS.get, tokens, repeat(0))), len(tokens))


# --------------------------------------------------------------------------- batch path

# Posts are joined with U+001F: regex ``\s`` matches it and it is neither a letter nor a word
# character, so no noise pattern, elongation or token can run across two posts.
_SEP = "\x1f"
_CHUNK = 4096  # posts per pass: keeps the per-character arrays in cache
# _NOISE without its e-mail branch. That branch may start at every word character and scans to
# the end of the word each time, so it alone made _NOISE the slowest step; it can only match
# where _EMAIL_HINT does, so only those (few) posts get the full pattern, one by one. Running
# the rest on an already cleaned post changes nothing: a match never spans whitespace, and every
# match is replaced by whitespace. The pattern starts with one character class and spells out
# IGNORECASE (which also lets "ſ" match "s"): only then does the regex engine skip straight to
# the few characters where a match can start instead of trying every position.
_NOISE_NO_EMAIL = re.compile(
    r"[hHwW@#](?:(?<=[hH])[tT][tT][pP][sS\u017f]?://\S+|(?<=[wW])[wW][wW]\.\S+"
    r"|(?<=[@#])[\w\u0900-\u097F]+)"
)
_EMAIL_HINT = re.compile(r"@[\w-]+\.[\w.-]")

# Tokens are looked up as exact base-27 numbers of their letters (a=1 ... z=26): 27**12 < 2**63,
# so every token of up to 12 letters has its own number and longer ones are in no word list.
_BASE = 27
_MAX_LEN = 12
_SHIFT = 10  # a token's code packs both weights: hinglish << _SHIFT | english (each <= 100)


def _number(word: str) -> int:
    value = 0
    for ch in word:
        value = value * _BASE + ord(ch) - 0x60
    return value


def _code_table() -> tuple[np.ndarray, np.ndarray]:
    """Sorted token numbers and their packed weights (words with non a-z letters never occur)."""
    words = [w for w in _HINGLISH_UNITS.keys() | _ENGLISH_UNITS.keys() if _LATIN.fullmatch(w)]
    assert max(map(len, words)) <= _MAX_LEN, "raise _MAX_LEN (27**_MAX_LEN must stay < 2**63)"
    table = sorted((_number(w), (_HINGLISH_UNITS.get(w, 0) << _SHIFT) | _ENGLISH_UNITS.get(w, 0))
                   for w in words)
    return (np.array([k for k, _ in table], dtype=np.int64),
            np.array([c for _, c in table], dtype=np.int64))


_KEYS, _CODES = _code_table()


class _Counts(NamedTuple):
    """Per-post inputs of :func:`_guess` for a batch, as int64 arrays."""

    deva: np.ndarray
    latin: np.ndarray
    hinglish: np.ndarray
    english: np.ndarray
    tokens: np.ndarray


def _owners(positions: Sequence[int] | np.ndarray, seps: np.ndarray) -> list[int]:
    """Index of the post each position of the joined string belongs to."""
    return sorted(set(np.searchsorted(seps, positions).tolist()))


def _codepoints(text: str) -> tuple[np.ndarray, np.ndarray]:
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return cp, np.flatnonzero(cp == ord(_SEP))


def _count(texts: Sequence[str]) -> _Counts:
    """The steps of :func:`detect_language`, once over the joined batch (no per-post loop)."""
    n = len(texts)
    joined = _SEP.join(texts)
    if joined.count(_SEP) != n - 1:  # a post contains U+001F itself: it is blank to us anyway
        texts = [t.replace(_SEP, " ") for t in texts]
        joined = _SEP.join(texts)
    if "@" in joined and _EMAIL_HINT.search(joined):
        parts = list(texts)
        seps = np.cumsum([len(t) + 1 for t in parts[:-1]], dtype=np.int64) - 1
        for i in _owners([m.start() for m in _EMAIL_HINT.finditer(joined)], seps):
            parts[i] = _NOISE.sub(" ", parts[i])
        joined = _SEP.join(parts)
    lowered = _NOISE_NO_EMAIL.sub(" ", joined).lower()
    cp, seps = _codepoints(lowered)
    az = (cp >= 0x61) & (cp <= 0x7A)
    stretched = np.flatnonzero(az[2:] & (cp[2:] == cp[1:-1]) & (cp[1:-1] == cp[:-2]))
    if len(stretched):  # rare: shorten stretched letters in the posts that have them
        parts = lowered.split(_SEP)
        for i in _owners(stretched, seps):
            parts[i] = _ELONGATION.sub(r"\1", parts[i])
        cp, seps = _codepoints(_SEP.join(parts))
        az = (cp >= 0x61) & (cp <= 0x7A)
    # Lower-casing cannot create or remove Devanagari letters and elongation only touches a-z,
    # so Devanagari is counted on the same string the Latin tokens come from.
    deva = ((cp >= 0x900) & (cp <= 0x963)) | ((cp >= 0x971) & (cp <= 0x97F))
    ends = np.append(seps, len(cp))
    deva_n = np.diff(np.concatenate(([0], np.cumsum(deva, dtype=np.int64)))[ends], prepend=0)

    edges = np.diff(az.astype(np.int8), prepend=0, append=0)
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    lengths = stops - starts
    owner = np.searchsorted(seps, starts)
    letters = np.zeros(len(cp) + _MAX_LEN, dtype=np.int64)
    letters[:len(cp)] = cp
    letters -= 0x60
    number = np.zeros(len(starts), dtype=np.int64)
    for k in range(_MAX_LEN):  # Horner's rule, one letter position at a time
        more = lengths > k
        number[more] = number[more] * _BASE + letters[starts[more] + k]
    slot = np.minimum(np.searchsorted(_KEYS, number), len(_KEYS) - 1)
    code = np.where((_KEYS[slot] == number) & (lengths <= _MAX_LEN), _CODES[slot], 0)
    return _Counts(
        deva_n, np.bincount(owner, weights=lengths, minlength=n).astype(np.int64),
        np.bincount(owner, weights=code >> _SHIFT, minlength=n).astype(np.int64),
        np.bincount(owner, weights=code & ((1 << _SHIFT) - 1), minlength=n).astype(np.int64),
        np.bincount(owner, minlength=n),
    )


def _batches(texts: Iterable[str | None]) -> tuple[list[str], list[int], Iterable[_Counts]]:
    """Distinct texts (reposts are detected once), each post's index among them, their counts."""
    index: dict[str, int] = {}
    positions = [index.setdefault(text or "", len(index)) for text in texts]
    distinct = list(index)
    joined = "".join(distinct)
    if not joined.isascii() and MOJIBAKE_HINT.search(joined):
        distinct = [_repaired(t) for t in distinct]  # rare: only then is ftfy worth its cost
    counts = (_count(distinct[i:i + _CHUNK]) for i in range(0, len(distinct), _CHUNK))
    return distinct, positions, counts


def detect_many(texts: Iterable[str | None]) -> list[LanguageGuess]:
    """:func:`detect_language` for every post, computed as one batch (same results, faster)."""
    distinct, positions, batches = _batches(texts)
    guesses: list[LanguageGuess] = []
    for c in batches:
        guesses += map(_guess, c.deva.tolist(), c.latin.tolist(), c.hinglish.tolist(),
                       c.english.tolist(), c.tokens.tolist())
    if len(distinct) == len(positions):
        return guesses
    # Repeated posts get their own guess object: script_share is a dict a caller may change.
    return [g if g is _UNKNOWN else g._replace(script_share=dict(g.script_share))
            for g in map(guesses.__getitem__, positions)]


_LABELS = np.array(["unknown", "hi", "mixed", "en", "hinglish"], dtype=object)


def detect_labels(texts: Iterable[str | None]) -> list[Language]:
    """Only the language label of each post (``detect_many(texts)[i].language``), vectorised.

    For callers such as the grievance detector that need no confidence or shares: the verdict
    rules of :func:`_guess` are applied to whole arrays, so no per-post object is built.
    """
    distinct, positions, batches = _batches(texts)
    labels: list[Language] = []
    for c in batches:
        letters = c.deva + c.latin
        share = c.deva / np.maximum(letters, 1)  # same IEEE division as in _guess
        code = np.where(c.hinglish > c.english, 4, 3)
        evidence = c.hinglish + c.english
        code[(evidence == 0) & (c.tokens < _MIN_TOKENS_WITHOUT_EVIDENCE)] = 0
        code[share > MIXED_SHARE] = 2
        code[share >= _HI_SHARE] = 1
        code[letters == 0] = 0
        labels += _LABELS[code].tolist()
    return labels if len(distinct) == len(positions) else list(map(labels.__getitem__, positions))
