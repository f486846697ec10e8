"""Near-duplicate signatures: a few numbers per post, computed once when the post is stored, that
let a review find every pair of similar posts of a quarter without looking at their text.

The near-duplicate check joins a department's posts on "Jaccard ≥ t" over their character
5-gram sets (``analytics.similarity``, exact). Shingling a million posts takes longer than the
rest of the review, and it is the same work every review, so it moves to import, as a signature
from which the review finds candidates by the pigeonhole principle:

- Each 5-gram is a 48-bit token (a fixed hash of its code points), so a post is a set of tokens.
- At *level* L the tokens are split into m = 2^L buckets by their top L bits, and each bucket has
  a 32-bit fingerprint: the sum of a second hash of its tokens (0 marks an empty bucket).
- Two posts with Jaccard ≥ t differ in at most D = ⌊(|x|+|y|)(1−t)/(1+t)⌋ tokens, so at most D
  buckets of any level differ, and at least m − D agree. A post is *safe* at a level with at
  least ⌊s(1−t₀)/t₀⌋ + 1 non-empty buckets (s its number of distinct 5-grams): then every post
  similar to it at t ≥ t₀ (t₀ = :data:`T0`) shares a non-empty bucket with it there.
- A post stores its buckets at every level from the lowest at which a similar, smaller post can
  be safe up to the first level at which it is safe itself, so any similar pair meets at the
  safe level of one of them. A pair of candidates must moreover agree on at least
  m − D − (buckets empty in both) buckets at each level both store: a necessary condition that
  leaves, on real and sample posts, few pairs that are not similar.

Candidates are a superset of the similar pairs (no similar pair is missed, up to a 48-bit hash
collision between two 5-grams of one post: about 10⁻¹⁰ a post); the review confirms the groups
they form on the posts' real text with the exact join, so its flags are exactly the exact
join's. For a method threshold below :data:`T0` the review computes signatures for that
threshold on the fly (slower, the same result).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from sushasan.analytics.similarity import SHINGLE
from sushasan.analytics.textnorm import code_points_of, normalise_texts

__all__ = [
    "MAX_LEVEL", "T0", "VERSION", "Signatures", "candidate_pairs", "need", "signatures",
    "text_columns",
]

#: The lowest near-duplicate threshold stored signatures serve.
T0 = 0.9
#: Levels 0..MAX_LEVEL (up to 16,384 buckets, posts of ~150,000 characters); a post safe at
#: none has no signature and is compared on its text.
MAX_LEVEL = 14
#: Changes whenever the tokens, buckets or fingerprints below change (stored signatures of
#: another version are recomputed).
VERSION = f"sig1-k{SHINGLE}-t{T0}-l{MAX_LEVEL}"
_EPS = 1e-9
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)
_BATCH = 1 << 15  # texts shingled at once
_SLICE = 1 << 16  # texts normalised at once
_OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": True}
#: leading-bit position of every MAX_LEVEL-bit value (bit_length), for the common prefix
_BITS = np.array([int(v).bit_length() for v in range(1 << MAX_LEVEL)], dtype=np.int64)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, elementwise on uint64 (wrapping), in place."""
    x ^= x >> np.uint64(30)
    x *= _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    x ^= x >> np.uint64(31)
    return x


def need(grams: np.ndarray, t: float) -> np.ndarray:
    """Non-empty buckets a post of ``grams`` 5-grams needs to be safe at threshold ``t``."""
    return np.floor(grams * (1.0 - t) / t + _EPS).astype(np.int64) + 1


def _lowest_level(grams: np.ndarray, t: float) -> np.ndarray:
    """The lowest level at which a post similar to one of ``grams`` 5-grams (and not larger)
    can be safe: 2^L ≥ need(⌈t·s⌉)."""
    smallest = np.ceil(grams * t - _EPS)
    want = need(smallest, t)
    return np.ceil(np.log2(np.maximum(want, 1))).astype(np.int64)


def _tokens(points: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each text's distinct 5-gram tokens, sorted (owner, token); a text shorter than 5 is one
    5-gram padded with zeros, as in the exact join."""
    n = len(starts) - 1
    k = SHINGLE
    lengths = np.diff(starts)
    counts = np.where(lengths > 0, np.maximum(lengths - (k - 1), 1), 0)
    # the characters with k − 1 zeros after each text, so no 5-gram spans two texts
    padded = np.zeros(len(points) + n * (k - 1) + k, dtype=np.uint64)
    shift = np.repeat(np.arange(n, dtype=np.int64) * (k - 1), lengths)
    padded[np.arange(len(points), dtype=np.int64) + shift] = points
    h = np.zeros(len(padded) - k, dtype=np.uint64)
    for j in range(k):
        h += padded[j: j + len(h)] + np.uint64(1)
        h *= _GOLD
    first = np.cumsum(counts) - counts
    begin = starts[:-1] + np.arange(n, dtype=np.int64) * (k - 1)
    at = np.repeat(begin - first, counts) + np.arange(int(counts.sum()), dtype=np.int64)
    owner = np.repeat(np.arange(n, dtype=np.uint64), counts)
    key = (owner << np.uint64(48)) | (_mix(h[at]) >> np.uint64(16))  # 48-bit tokens
    key.sort()
    keep = np.empty(len(key), dtype=bool)
    keep[:1] = True
    np.not_equal(key[1:], key[:-1], out=keep[1:])
    key = key[keep]
    return (key >> np.uint64(48)).astype(np.int64), key & np.uint64((1 << 48) - 1)


@dataclass(frozen=True)
class Signatures:
    """Per text: distinct 5-grams, the first stored level (-1: none) and the buckets of the
    stored levels one after another (level L holds 2^L fingerprints)."""

    grams: np.ndarray  # int32
    level: np.ndarray  # int8
    sigs: pa.ListArray  # list<uint32>


def _batch(points: np.ndarray, starts: np.ndarray, t: float) -> tuple[np.ndarray, ...]:
    n = len(starts) - 1
    owner, token = _tokens(points, starts)
    grams = np.bincount(owner, minlength=n).astype(np.int64)
    levels = MAX_LEVEL + 1
    # A token opens a new bucket at level L when it is its text's first or differs from the
    # token before it in the top L bits: count, per text, tokens by the length of that common
    # prefix, and the non-empty buckets of every level are running sums of the counts.
    top = (token >> np.uint64(48 - MAX_LEVEL)).astype(np.int64)
    common = np.zeros(len(top), dtype=np.int64)  # 0: the text's first token, else prefix + 1
    if len(top) > 1:
        same_owner = owner[1:] == owner[:-1]
        common[1:] = np.where(same_owner, MAX_LEVEL + 1 - _BITS[top[1:] ^ top[:-1]], 0)
    by_prefix = np.bincount(owner * (levels + 1) + common,
                            minlength=n * (levels + 1)).reshape(n, levels + 1)
    # [:, L]: the first token and those differing from the one before within the top L bits
    nonempty = np.cumsum(by_prefix, axis=1)[:, :levels]
    safe = nonempty >= need(grams, t)[:, None]
    hi = np.where(safe.any(axis=1) & (grams > 0), safe.argmax(axis=1), -1)
    lo = np.where(hi >= 0, np.minimum(_lowest_level(grams, t), hi), -1)
    width = np.where(hi >= 0, (1 << (hi + 1)) - (1 << np.maximum(lo, 0)), 0)
    offsets = np.concatenate(([0], np.cumsum(width)))
    total = int(offsets[-1])
    # every token into each stored level of its text (one or two, mostly)
    reps = np.where(hi >= 0, hi - lo + 1, 0)[owner]
    o = np.repeat(owner, reps)
    step = np.arange(len(o), dtype=np.int64) - np.repeat(np.cumsum(reps) - reps, reps)
    level = lo[o] + step
    idx = np.repeat(np.arange(len(token)), reps)
    bucket = top[idx] >> (MAX_LEVEL - level)
    base = offsets[:-1] - (np.int64(1) << np.maximum(lo, 0))
    at = base[o] + (np.int64(1) << level) + bucket
    weight = (_mix(token ^ _GOLD) & np.uint64(0xFFFFFFFF)).astype(np.float64)
    sums = np.bincount(at, weights=weight[idx], minlength=total)
    filled = np.bincount(at, minlength=total)
    sig = (sums.astype(np.uint64) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    sig[(sig == 0) & (filled > 0)] = 1
    sig[filled == 0] = 0
    return grams, lo, offsets, sig


def signatures(norm: pa.Array | pa.ChunkedArray, t: float = T0) -> Signatures:
    """The signatures of normalised texts (``textnorm.normalise_texts``); "" has none."""
    if isinstance(norm, pa.ChunkedArray):
        norm = norm.combine_chunks() if norm.num_chunks != 1 else norm.chunk(0)
    grams, levels, lists = [], [], []
    for start in range(0, max(len(norm), 1), _BATCH):
        points, starts = code_points_of(norm.slice(start, _BATCH))
        g, lo, offsets, sig = _batch(points, starts, t)
        grams.append(g)
        levels.append(lo)
        lists.append(pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)),
                                              pa.array(sig, pa.uint32())))
    return Signatures(
        np.concatenate(grams).astype(np.int32)[: len(norm)],
        np.concatenate(levels).astype(np.int8)[: len(norm)],
        pa.concat_arrays(lists).slice(0, len(norm)) if lists else pa.array([], pa.list_(
            pa.uint32())),
    )


def _level_of(slot: np.ndarray) -> np.ndarray:
    return np.floor(np.log2(slot + 1)).astype(np.int64)


def candidate_pairs(
    group: np.ndarray, grams: np.ndarray, level: np.ndarray,
    sigs: pa.ListArray | pa.ChunkedArray, t: float, at: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of texts (a < b, same ``group``) that may have Jaccard ≥ t (t ≥ the threshold the
    signatures were made for): every such pair is among them. Text i's signature is
    ``sigs[at[i]]`` (``sigs[i]`` without ``at``): a column is read in place, a run of texts at
    a time, never copied whole."""
    n = len(grams)
    at = np.arange(n, dtype=np.int64) if at is None else at
    found = [np.zeros(0, np.int64)]
    # texts in runs of whole groups of at most 2^20, so (slot, fingerprint, text) packs into
    # one 64-bit key and one SIMD sort finds the shared buckets
    order = np.argsort(group, kind="stable")
    bounds = np.concatenate(([0], np.flatnonzero(np.diff(group[order])) + 1, [n]))
    start = 0
    while start < n:
        stop_at = np.searchsorted(bounds, start + _CHUNK_TEXTS, "right") - 1
        stop = int(bounds[max(stop_at, np.searchsorted(bounds, start, "right"))])
        rows = order[start:stop]
        run = sigs.take(pa.array(at[rows]))
        if isinstance(run, pa.ChunkedArray):
            run = run.combine_chunks() if run.num_chunks != 1 else run.chunk(0)
        a, b = _pairs(group[rows], grams[rows], level[rows], run, t)
        del run
        found.append(rows[a] * n + rows[b])
        start = stop
    both = np.concatenate(found)
    a, b = both // max(n, 1), both % max(n, 1)
    a, b = np.minimum(a, b), np.maximum(a, b)
    pair = np.unique(a * n + b) if len(a) else a
    return pair // max(n, 1), pair % max(n, 1)


_CHUNK_TEXTS = 1 << 17
_SLOT_BITS = MAX_LEVEL + 1


def _pairs(
    group: np.ndarray, grams: np.ndarray, level: np.ndarray, sigs: pa.ListArray, t: float
) -> tuple[np.ndarray, np.ndarray]:
    n = len(grams)
    none = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    if n < 2:
        return none
    values = sigs.flatten().to_numpy(zero_copy_only=False)
    offsets = sigs.offsets.to_numpy().astype(np.int64)
    offsets -= offsets[0]
    lens = np.diff(offsets)
    lo = np.maximum(level.astype(np.int64), 0)
    owner = np.repeat(np.arange(n, dtype=np.int64), lens)
    # a slot numbers (level, bucket) across levels: 2^L − 1 + bucket
    slot = np.arange(len(values), dtype=np.int64) + np.repeat((1 << lo) - 1 - offsets[:-1], lens)
    zero = values == 0
    # empty buckets per (text, level), for the bound on buckets agreeing by both being empty
    empty = np.zeros((n, MAX_LEVEL + 1), dtype=np.int64)
    if zero.any():
        np.add.at(empty, (owner[zero], _level_of(slot[zero])), 1)
    live = ~zero
    local = np.unique(group, return_inverse=True)[1].astype(np.uint64)  # groups: sorted runs
    group_bits = int(local.max(initial=0)).bit_length()
    owner_bits = max(int(n - 1).bit_length(), 1)
    sig_bits = min(64 - _SLOT_BITS - owner_bits - group_bits, 32)
    # the key: group, slot, the fingerprint's top bits, the text; a shortened fingerprint only
    # adds candidates (different buckets that look alike), which the checks below remove
    key = ((slot[live].astype(np.uint64) << np.uint64(64 - _SLOT_BITS))
           | (local[owner[live]] << np.uint64(64 - _SLOT_BITS - group_bits))
           | ((values[live].astype(np.uint64) >> np.uint64(32 - sig_bits))
              << np.uint64(owner_bits))
           | owner[live].astype(np.uint64))
    key.sort()
    head = key >> np.uint64(owner_bits)
    dup = np.empty(len(head), dtype=bool)
    dup[:1] = False
    np.equal(head[1:], head[:-1], out=dup[1:])
    if not dup.any():
        return none
    # only entries in runs of two or more: a run is one bucket's token set in several texts
    keep = dup.copy()
    keep[:-1] |= dup[1:]
    key, head = key[keep], head[keep]
    who = (key & np.uint64((1 << owner_bits) - 1)).astype(np.int64)
    lvl = _level_of((key >> np.uint64(64 - _SLOT_BITS)).astype(np.int64))
    bound = np.concatenate((np.flatnonzero(head[1:] != head[:-1]) + 1, [len(head)]))
    run_end = np.repeat(bound, np.diff(np.concatenate(([0], bound))))
    here = np.arange(len(head), dtype=np.int64)
    firsts, seconds = [], []
    step = 1
    live_at = here[run_end - here > 1]
    while len(live_at):
        firsts.append(live_at)
        seconds.append(live_at + step)
        step += 1
        live_at = live_at[run_end[live_at] - live_at > step]
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    a, b, at_level = who[first], who[second], lvl[first]
    # agreeing non-empty buckets per (pair, level) against what similarity needs there: a
    # pair short of it at any level it was seen at cannot be similar
    pk = (a * n + b) * (MAX_LEVEL + 1) + at_level
    uniq, agree = np.unique(pk, return_counts=True)
    if not len(uniq):
        return none
    level_of = uniq % (MAX_LEVEL + 1)
    pair = uniq // (MAX_LEVEL + 1)
    a, b = pair // n, pair % n
    d = np.floor((grams[a].astype(np.float64) + grams[b]) * (1.0 - t) / (1.0 + t) + _EPS)
    both_empty = np.minimum(empty[a, level_of], empty[b, level_of])
    ok = agree >= (1 << level_of) - d - both_empty
    starts = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
    good = np.logical_and.reduceat(ok, starts)
    pair = pair[starts][good]
    return pair // n, pair % n


def text_columns(texts: pa.Array | pa.ChunkedArray, t: float = T0) -> dict[str, pa.Array]:
    """What the lake stores for post texts (``text_hash``: of the normalised text, null when
    that is empty; ``text_grams``, ``text_sig_level``, ``text_sigs``), in slices so memory
    stays bounded; also what a review computes for files written without them, or for a
    threshold below :data:`T0`."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks() if texts.num_chunks != 1 else texts.chunk(0)
    parts: dict[str, list[pa.Array]] = {}
    for start in range(0, max(len(texts), 1), _SLICE):
        for name, col in _text_slice(texts.slice(start, _SLICE), t).items():
            parts.setdefault(name, []).append(col)
    return {name: pa.concat_arrays(cols) for name, cols in parts.items()}


def _text_slice(texts: pa.Array, t: float) -> dict[str, pa.Array]:
    norm = normalise_texts(texts) if len(texts) else pa.array([], pa.string())
    con = duckdb.connect(config=_OFFLINE)
    try:
        con.register("texts", pa.table({"n": norm}))
        hashed = con.execute(
            "SELECT CASE WHEN n = '' THEN NULL ELSE "
            "(md5_number_lower(n) & 9223372036854775807)::BIGINT END AS h FROM texts"
        ).to_arrow_table().column("h").combine_chunks()
    finally:
        con.close()
    s = signatures(norm, t)
    return {
        "text_hash": hashed.cast(pa.int64()),
        "text_grams": pa.array(s.grams, pa.int32()),
        "text_sig_level": pa.array(s.level, pa.int8()),
        "text_sigs": s.sigs,
    }
