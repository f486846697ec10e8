"""Normalised post text for the near-duplicate check: one Python reference, one columnar twin.

:func:`normalise_text` is the definition (case, Unicode form, links, tags, mentions, digits and
punctuation are not what makes two posts the same message). :func:`normalise_texts` computes the
same for a whole Arrow column with Arrow's kernels (RE2 regexes, utf8proc case and NFC), which is
what a quarter of a million posts needs: no Python string per post.

The two regex engines and case tables differ on some characters (Python's ``\\w`` and ``\\s`` are
Unicode, RE2's ASCII; ``casefold`` folds more than lower-casing), so the columnar pattern spells the
classes out, and a text is taken from the columnar path only when every character in it is one on
which the two were checked to agree (the scripts of Hindi and English posts, punctuation, symbols
and emoji). Any other text, rare in practice, goes through the reference: the result is the
reference's, character for character.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["code_points_of", "normalise_text", "normalise_texts"]

_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u00ad\u2060\ufeff"  # joiners, marks, soft hyphen, BOM
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# Links, hashtags and mentions, and runs of anything that is not a letter, a combining mark of
# our scripts or a space. Python's \w leaves out Devanagari vowel signs (category M), so they are
# kept explicitly; \d and "_" are \w but are digits and joiners, so they go.
_NOISE = re.compile(
    r"(?:https?://|www\.)\S+|[#@][^\s#@]*"
    r"|(?:[^\w\s#@\u0300-\u036f\u0900-\u0963\u0971-\u097f]|[\d_])+",
    re.IGNORECASE,
)
# The same in RE2, with Python's Unicode \s and \w written out (RE2's are ASCII only).
_SPACE = r"\s\p{Z}\x0b\x1c-\x1f\x85"
_NOISE_RE2 = (
    rf"(?i)(?:https?://|www\.)[^{_SPACE}]+|[#@][^{_SPACE}#@]*"
    rf"|(?:[^\pL\pN_{_SPACE}#@\x{{0300}}-\x{{036f}}\x{{0900}}-\x{{0963}}\x{{0971}}-\x{{097f}}]"
    r"|[\p{Nd}_])+"
)
_INVISIBLE_RE2 = "[" + "".join(f"\\x{{{ord(c):04x}}}" for c in _INVISIBLE) + "]"
#: Where the columnar path is checked against the reference, character by character: Latin,
#: combining marks, Devanagari, Indic punctuation, general punctuation, currency, arrows, symbols
#: and dingbats, variation selectors and the emoji planes.
_CHECKED = ((0x0000, 0x0250), (0x0300, 0x0370), (0x0900, 0x0980), (0x1CD0, 0x1D00),
            (0x2000, 0x2C00), (0x3000, 0x3040), (0xA8E0, 0xA900), (0xFE00, 0xFE10),
            (0xFE30, 0xFE70), (0xFF00, 0xFF70), (0x1F000, 0x1FB00))


def normalise_text(text: str | None) -> str:
    """The text with everything a re-post may change for free taken out.

    Case, Unicode form, links (X rewrites them), hashtags and mentions (campaign tags rotate),
    digits (the date or count in a recycled message) and punctuation or emoji are not what makes
    two posts the same message.
    """
    if not text:
        return ""
    if any(ch in text for ch in _INVISIBLE):
        text = _INVISIBLE_RE.sub("", text)
    return " ".join(_NOISE.sub(" ", unicodedata.normalize("NFC", text.casefold())).split())


def _columnar(texts: pa.Array, nfc: np.ndarray | None = None, invisible: bool = True) -> pa.Array:
    """The columnar twin of ``normalise_text`` (exact on agreeing characters only).

    ``nfc`` marks the texts that NFC may change (None: all); ``invisible`` says whether any text
    holds an invisible character. Noise and runs of spaces go in one regex pass: removing noise
    then collapsing spaces leaves the same words as one pass over runs of either.
    """
    texts = texts.fill_null("")
    if invisible:
        texts = pc.replace_substring_regex(texts, _INVISIBLE_RE2, "")
    texts = pc.utf8_lower(texts)
    if nfc is None:
        texts = pc.utf8_normalize(texts, "NFC")
    elif nfc.any():
        rows = pa.array(np.flatnonzero(nfc))
        texts = pc.replace_with_mask(texts, pa.array(nfc),
                                     pc.utf8_normalize(texts.take(rows), "NFC"))
    texts = pc.replace_substring_regex(texts, f"(?:{_NOISE_RE2}|[{_SPACE}])+", " ")
    return pc.utf8_trim(texts, " ")


def _agreeing(points: np.ndarray) -> np.ndarray:
    """For these code points: True where the columnar path was seen to match the reference,
    alone and between letters of both scripts (so a character's class, case and form are all
    checked). Each character is probed on its own, so a table built a few at a time is the
    table built at once."""
    inside = np.zeros(len(points), dtype=bool)
    for a, b in _CHECKED:
        inside |= (points >= a) & (points < b)
    inside &= (points < 0xD800) | (points > 0xDFFF)  # surrogates are not text
    out = np.zeros(len(points), dtype=bool)
    chars = [chr(int(p)) for p in points[inside]]
    if not chars:
        return out
    probes = chars + [f"a{c}b" for c in chars] + [f"\u0915{c}\u0916" for c in chars]
    ours = _columnar(pa.array(probes, pa.string())).to_pylist()
    n = len(chars)
    out[inside] = [all(ours[i + j * n] == normalise_text(probes[i + j * n]) for j in range(3))
                   for i in range(n)]
    return out


@cache
def _second_halves() -> frozenset[int]:
    """Code points that are the second half of a canonical two-part decomposition."""
    seconds = set()
    for cp in range(0x30000):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2:
                seconds.add(int(parts[1], 16))
    return frozenset(seconds)


_CLASSES = np.zeros(0x110000, dtype=np.uint8)
_KNOWN = np.zeros(0x110000, dtype=bool)
_CLASSES_LOCK = threading.Lock()


def _char_classes(points: np.ndarray) -> np.ndarray:
    """Per code point of ``points``: bit 1 = the columnar path agrees with the reference on
    it, bit 2 = an invisible character, bit 4 = NFC may change a text holding it (a combining
    mark, a character NFC rewrites, or the second half of a canonical composition). Worked out
    the first time a character is seen (a text holds a few hundred distinct ones, the table
    has a million), and kept for the process."""
    present = np.zeros(0x110000, dtype=bool)
    present[points] = True
    new = np.flatnonzero(present & ~_KNOWN)
    if len(new):
        with _CLASSES_LOCK:
            new = new[~_KNOWN[new]]
            table = _agreeing(new).astype(np.uint8)
            for k in np.flatnonzero(table).tolist():
                cp = int(new[k])
                c = chr(cp)
                if (unicodedata.combining(c) or unicodedata.normalize("NFC", c) != c
                        or cp in _second_halves()):
                    table[k] |= 4
            table[np.isin(new, [ord(c) for c in _INVISIBLE])] |= 2
            _CLASSES[new] = table
            _KNOWN[new] = True
    return _CLASSES[points]


def code_points_of(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Every character of an Arrow string column as code points, and where each text starts in
    them (one more entry than texts): the column decoded once, not a Python string per text."""
    if isinstance(texts, pa.ChunkedArray):
        texts = pa.concat_arrays(texts.chunks) if texts.num_chunks else pa.array([], pa.string())
    texts = texts.fill_null("")
    lengths = pc.utf8_length(texts).to_numpy(zero_copy_only=False).astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)))
    if not len(texts) or not starts[-1]:
        return np.zeros(0, dtype=np.uint32), starts
    arr = texts.cast(pa.large_string())
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset: arr.offset + len(arr) + 1]
    data = arr.buffers()[2].to_pybytes()[int(offsets[0]): int(offsets[-1])]
    points = np.frombuffer(data.decode("utf-8").encode("utf-32-le"), dtype="<u4")
    return points, starts


def _texts_with(chars: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Which texts hold at least one of the marked characters."""
    out = np.zeros(len(starts) - 1, dtype=bool)
    out[np.searchsorted(starts, np.flatnonzero(chars), "right") - 1] = True
    return out


def normalise_texts(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """``normalise_text`` of every text in an Arrow string column (nulls give "")."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks() if texts.num_chunks != 1 else texts.chunk(0)
    texts = texts.fill_null("")
    if len(texts) == 0:
        return pa.array([], pa.string())
    points, starts = code_points_of(texts)
    classes = _char_classes(points)
    nfc = _texts_with((classes & 4) != 0, starts)
    out = _columnar(texts, nfc=nfc, invisible=bool((classes & 2).any())).cast(pa.string())
    odd = np.flatnonzero(_texts_with((classes & 1) == 0, starts))
    if not len(odd):
        return out
    fixed = pa.array([normalise_text(t) for t in texts.take(pa.array(odd)).to_pylist()],
                     pa.string())
    mask = np.zeros(len(texts), dtype=bool)
    mask[odd] = True
    return pc.replace_with_mask(out, pa.array(mask), fixed)
