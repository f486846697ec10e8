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


def _columnar(texts: pa.Array) -> pa.Array:
    """The columnar twin of ``normalise_text`` (exact on agreeing characters only)."""
    texts = pc.replace_substring_regex(texts.fill_null(""), _INVISIBLE_RE2, "")
    texts = pc.utf8_normalize(pc.utf8_lower(texts), "NFC")
    texts = pc.replace_substring_regex(texts, _NOISE_RE2, " ")
    texts = pc.replace_substring_regex(texts, f"[{_SPACE}]+", " ")
    return pc.utf8_trim(texts, " ")


@cache
def _agreeing() -> np.ndarray:
    """A table over code points: True where the columnar path was seen to match the reference,
    alone and between letters (so a character's class, case and form are all checked)."""
    table = np.zeros(0x110000, dtype=bool)
    points = np.concatenate([np.arange(a, b) for a, b in _CHECKED])
    points = points[(points < 0xD800) | (points > 0xDFFF)]  # surrogates are not text
    chars = [chr(int(p)) for p in points]
    probes = [f"{c}" for c in chars] + [f"a{c}b" for c in chars] + [f"क{c}ख" for c in chars]
    ours = _columnar(pa.array(probes, pa.string())).to_pylist()
    n = len(chars)
    ok = [
        ours[i] == normalise_text(probes[i]) and ours[n + i] == normalise_text(probes[n + i])
        and ours[2 * n + i] == normalise_text(probes[2 * n + i])
        for i in range(n)
    ]
    table[points] = np.array(ok, dtype=bool)
    return table


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


def normalise_texts(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """``normalise_text`` of every text in an Arrow string column (nulls give "")."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks() if texts.num_chunks != 1 else texts.chunk(0)
    texts = texts.fill_null("")
    if len(texts) == 0:
        return pa.array([], pa.string())
    out = _columnar(texts).cast(pa.string())
    points, starts = code_points_of(texts)
    bad = ~_agreeing()[points]
    if not bad.any():
        return out
    seen = np.concatenate(([0], np.cumsum(bad)))
    odd = np.flatnonzero(seen[starts[1:]] > seen[starts[:-1]])
    fixed = pa.array([normalise_text(t) for t in texts.take(pa.array(odd)).to_pylist()],
                     pa.string())
    mask = np.zeros(len(texts), dtype=bool)
    mask[odd] = True
    return pc.replace_with_mask(out, pa.array(mask), fixed)
