"""The detector's features: text normalised once, then hashed character and word n-gram sets
and the lexicon's cues as 0/1 columns.

Kept apart from the model (``detect``) because the learned routers and the evaluation use the
same features. Sets, not counts: a phrase repeated 60 times counts once, so a score cannot grow
with repetition. The hashing is vectorised over chunks of posts (no per-n-gram Python loop).
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer

from sushasan.grievances.classify.lexicon import Lexicon
from sushasan.language.hinglish_words import ROMAN_CANONICAL
from sushasan.language.normalise import repair_mojibake

__all__ = ["BITS", "CHAR_NGRAMS", "WORD_NGRAMS", "GramFeatures", "prepare"]

BITS = 20
CHAR_NGRAMS = (2, 4)
WORD_NGRAMS = (1, 2)

_MASK = (1 << 64) - 1
_P = 0x100000001B3  # FNV-64 prime: odd, so invertible modulo 2**64
_P_INV = pow(_P, -1, 1 << 64)
_MIX = 0x9E3779B97F4A7C15  # golden-ratio multiplier: spreads the hash into the top bits
_WORD_SALT = 0x100
_SEP = "\x00"
_SPACE = 32
_CHUNK = 4096  # posts per vectorised pass: keeps the uint64 work arrays in cache


# --------------------------------------------------------------------------- normalisation

# Same invisible set as sushasan.language.normalise; a regex scans big strings far faster than
# str.translate with a dict, which looks up every non-ASCII character.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MOJIBAKE = re.compile("[\u00c2\u00c3\u00e0-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161"
                       "\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")
_URL = re.compile(r"(?:https?://|www\.)[^\s\x00]+")  # must not run over the separator
_DIGITS = re.compile(r"[0-9\u0966-\u096f]+")
_QUESTION = re.compile(r"[?？]+")
_BANG = re.compile(r"!+")
_PUNCT = re.compile(r"[\"'`.,;:()\[\]{}<>|/\\_*~^=+%&$\-\u2013\u2014\u2026\u201c\u201d"
                    r"\u2018\u2019\u0964\u0965]+")
_ELONGATION = re.compile(r"([a-z])\1{2,}")


def _prepare_tokens(texts: Sequence[str]) -> list[str]:
    """Normalised tokens of all texts, with a ``"\\x00"`` token between consecutive texts.

    Every step runs once over the joined batch (C-level regex and str methods), not per post:
    that, and one dict lookup per token, is what keeps preparation near 1 µs a post.
    """
    joined = _SEP.join(texts)
    if joined.count(_SEP) != len(texts) - 1:  # a post itself contains NUL: drop it first
        joined = _SEP.join(t.replace(_SEP, " ") for t in texts)
    if not joined.isascii():
        if _MOJIBAKE.search(joined):
            joined = _SEP.join(repair_mojibake(t) for t in joined.split(_SEP))
        joined = _INVISIBLE.sub("", joined)
        if not unicodedata.is_normalized("NFC", joined):
            joined = unicodedata.normalize("NFC", joined)
    joined = joined.lower()
    joined = _URL.sub(" url ", joined)
    joined = _DIGITS.sub("0", joined)
    joined = _QUESTION.sub(" ? ", joined)
    joined = _BANG.sub(" ! ", joined)
    joined = _PUNCT.sub(" ", joined)
    joined = _ELONGATION.sub(r"\1", joined)
    canon = ROMAN_CANONICAL.get
    return [canon(w, w) for w in joined.replace(_SEP, f" {_SEP} ").split()]


def prepare(texts: Sequence[str]) -> list[str]:
    """The normalised form the model sees: single-spaced tokens, one string per input text."""
    if not texts:
        return []
    return [part.strip() for part in " ".join(_prepare_tokens(texts)).split(_SEP)]


# --------------------------------------------------------------------------- hashing


def _index(h: int, salt: int, bits: int) -> int:
    """Column of one n-gram hash: salt (n-gram kind), mix, keep the top ``bits`` bits."""
    return (((h ^ salt) * _MIX) & _MASK) >> (64 - bits)


def _poly_hash(gram: str) -> int:
    """64-bit polynomial hash of a string's code points (the scalar twin of the prefix hash)."""
    h = 0
    for ch in gram:
        h = (h * _P + ord(ch)) & _MASK
    return h


class _Powers:
    """Cached tables ``P**i`` and ``P**-i`` modulo 2**64 (uint64 products wrap by design)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # one tuple, replaced whole: a reader never sees a new ``pos`` beside an old ``neg``
        self._tables = (np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64))

    def upto(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        tables = self._tables
        if len(tables[0]) < n:
            with self._lock:
                tables = self._tables
                if len(tables[0]) < n:
                    size = max(n, 2 * len(tables[0]))
                    pos = np.full(size, _P, dtype=np.uint64)
                    neg = np.full(size, _P_INV, dtype=np.uint64)
                    pos[0] = neg[0] = 1
                    tables = self._tables = (np.cumprod(pos), np.cumprod(neg))
        return tables


_POWERS = _Powers()


@dataclass(frozen=True)
class _Grams:
    """Hashed n-grams of one chunk: owning text and column per n-gram, and per-text scales."""

    text_char: np.ndarray
    col_char: np.ndarray
    text_word: np.ndarray
    col_word: np.ndarray
    scale_char: np.ndarray
    scale_word: np.ndarray


def _mix(h: np.ndarray, salt: int, bits: int) -> np.ndarray:
    return ((h ^ np.uint64(salt)) * np.uint64(_MIX)) >> np.uint64(64 - bits)


def _scale(counts: np.ndarray) -> np.ndarray:
    out = np.zeros(len(counts), dtype=np.float64)
    nz = counts > 0
    out[nz] = 1.0 / np.sqrt(counts[nz])
    return out


def _grams(tokens: list[str], n_texts: int, bits: int, char_ngrams: tuple[int, int],
           word_ngrams: tuple[int, int]) -> _Grams:
    """All hashed n-grams of prepared tokens, computed with array passes over the code points.

    The chunk is one string ``" tok tok \\x00 tok ... "``: every word is padded by the spaces
    around it, exactly as ``char_wb`` pads words, and ``"\\x00"`` separates posts. A char n-gram
    starting at ``i`` is one ``char_wb`` emits iff it holds no separator and no space except at
    its two ends. Substring hashes come from prefix hashes ``H`` in O(1) each.
    """
    text = " " + " ".join(tokens) + " " if tokens else " "  # never two spaces in a row
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    length = len(cp)
    pos, neg = _POWERS.upto(length + 1)
    prefix = np.empty(length + 1, dtype=np.uint64)
    prefix[0] = 0
    prefix[1:] = np.cumsum(cp.astype(np.uint64) * neg[:length], dtype=np.uint64) * pos[:length]
    is_sep = cp == 0
    is_space = cp == _SPACE
    seps = np.concatenate(([0], np.cumsum(is_sep, dtype=np.int32)))
    spaces = np.concatenate(([0], np.cumsum(is_space, dtype=np.int32)))

    text_char, col_char = [], []
    lo, hi = char_ngrams
    for n in range(lo, hi + 1):
        if length < n:
            break
        ok = seps[n:] == seps[:-n]
        if n >= 3:
            ok &= spaces[n - 1:length] == spaces[1:length - n + 2]
        starts = np.flatnonzero(ok)
        h = prefix[starts + n] - prefix[starts] * pos[n]
        text_char.append(seps[starts])
        col_char.append(_mix(h, n, bits))

    # Words: maximal runs without spaces, minus the separator tokens.
    word_start = np.flatnonzero(is_space[:-1] & ~is_space[1:]) + 1
    word_end = np.flatnonzero(~is_space[:-1] & is_space[1:]) + 1
    keep = ~is_sep[word_start]
    word_start, word_end = word_start[keep], word_end[keep]
    word_text = seps[word_start]
    text_word, col_word = [], []
    wlo, whi = word_ngrams
    for k in range(wlo, whi + 1):
        if len(word_start) < k:
            break
        first, last = word_start[: len(word_start) - k + 1], word_end[k - 1:]
        same = word_text[: len(word_text) - k + 1] == word_text[k - 1:]
        first, last = first[same], last[same]
        h = prefix[last] - prefix[first] * pos[last - first]
        text_word.append(word_text[: len(word_text) - k + 1][same])
        col_word.append(_mix(h, _WORD_SALT + k, bits))

    def cat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
        return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

    tc, cc = _distinct(cat(text_char, np.int64), cat(col_char, np.int64), bits)
    tw, cw = _distinct(cat(text_word, np.int64), cat(col_word, np.int64), bits)
    return _Grams(tc, cc, tw, cw,
                  _scale(np.bincount(tc, minlength=n_texts)),
                  _scale(np.bincount(tw, minlength=n_texts)))


def _distinct(owner: np.ndarray, col: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Each (post, column) pair once: a post's features are the *set* of its n-grams.

    Counting n-grams let a post that repeats one phrase sixty times score as if it said it
    sixty times more loudly (a greeting pasted over and over reached 1.0). With sets, a
    repetition adds only the few n-grams that straddle the joins, so the score stays put.
    """
    if not len(owner):
        return owner, col
    keys = (owner << bits) | col
    if int(owner.max()) < _CHUNK and bits + (_CHUNK - 1).bit_length() <= 32:
        keys = keys.astype(np.uint32)  # a 32-bit radix sort: ten times np.unique on int64
    keys = np.sort(keys, kind="stable")
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    keys = keys[first].astype(np.int64)
    return keys >> bits, keys & ((1 << bits) - 1)


def _chunks(texts: Sequence[str], size: int = _CHUNK) -> Iterable[tuple[int, Sequence[str]]]:
    for start in range(0, len(texts), size):
        yield start, texts[start:start + size]


def _matrix(texts: Sequence[str], bits: int, char_ngrams: tuple[int, int],
            word_ngrams: tuple[int, int]) -> sp.csr_matrix:
    """The feature matrix, built by the fast path (used for training)."""
    rows, cols, vals = [], [], []
    for start, chunk in _chunks(texts):
        g = _grams(_prepare_tokens(chunk), len(chunk), bits, char_ngrams, word_ngrams)
        rows += [g.text_char + start, g.text_word + start]
        cols += [g.col_char, g.col_word]
        vals += [g.scale_char[g.text_char], g.scale_word[g.text_word]]
    shape = (len(texts), 1 << bits)
    if not rows:
        return sp.csr_matrix(shape, dtype=np.float64)
    coo = sp.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                        shape=shape)
    return coo.tocsr()


def _cue_matrix(found: Sequence[set[int]], n_cues: int) -> sp.csr_matrix:
    """0/1 columns, one per lexicon cue, for the cues each post fired."""
    rows = [i for i, cues in enumerate(found) for _ in cues]
    cols = [j for cues in found for j in sorted(cues)]
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(found), n_cues))


def _design(texts: Sequence[str], bits: int, char_ngrams: tuple[int, int],
            word_ngrams: tuple[int, int], lexicon: Lexicon | None) -> sp.csr_matrix:
    """The training matrix: hashed n-gram sets, then (with a lexicon) one column per cue."""
    x = _matrix(texts, bits, char_ngrams, word_ngrams)
    if lexicon is None:
        return x
    cues = _cue_matrix(lexicon.cue_indices(texts), len(lexicon.cues))
    return sp.hstack([x, cues], format="csr")


class GramFeatures(TransformerMixin, BaseEstimator):
    """Reference featuriser: scikit-learn's ``char_wb`` and word analyzers, hashed one by one.

    Slow (pure Python per n-gram) and kept for exactly one reason: it is the readable definition
    of the features, and the vectorised path must reproduce its matrix.
    """

    def __init__(self, bits: int = BITS, char_ngrams: tuple[int, int] = CHAR_NGRAMS,
                 word_ngrams: tuple[int, int] = WORD_NGRAMS,
                 cue_patterns: tuple[str, ...] = ()) -> None:
        self.bits = bits
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.cue_patterns = cue_patterns

    def fit(self, texts: Sequence[str], y: object = None) -> GramFeatures:
        """Stateless: hashing needs no vocabulary."""
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """One row per text: its set of hashed n-gram columns (1 each), each block scaled by
        1/sqrt(its number of distinct columns), i.e. L2-normalised."""
        char = CountVectorizer(analyzer="char_wb", ngram_range=self.char_ngrams,
                               lowercase=False).build_analyzer()
        word = CountVectorizer(analyzer="word", ngram_range=self.word_ngrams, lowercase=False,
                               token_pattern=r"\S+").build_analyzer()
        rows, cols, vals = [], [], []
        for row, text in enumerate(prepare(list(texts))):
            grams_c = char(text)
            grams_w = word(text)
            blocks = ((grams_c, len), (grams_w, lambda g: _WORD_SALT + g.count(" ") + 1))
            for grams, salt_of in blocks:
                hashed = {_index(_poly_hash(gram), salt_of(gram), self.bits) for gram in grams}
                if not hashed:
                    continue
                scale = 1.0 / math.sqrt(len(hashed))
                for column in sorted(hashed):
                    rows.append(row)
                    cols.append(column)
                    vals.append(scale)
        width = 1 << self.bits
        for row, text in enumerate(texts):  # lexicon cues: one plain regex per cue and post
            clean = unicodedata.normalize("NFC", text).lower()
            for j, pattern in enumerate(self.cue_patterns):
                if re.search(pattern, clean):
                    rows.append(row)
                    cols.append(width + j)
                    vals.append(1.0)
        return sp.csr_matrix((vals, (rows, cols)),
                             shape=(len(texts), width + len(self.cue_patterns)))
