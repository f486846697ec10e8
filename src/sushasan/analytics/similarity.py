"""Exact Jaccard similarity join over texts, as array operations (no Python object per text).

The near-duplicate check needs the connected components of the graph "Jaccard ≥ t" over a
department's texts, with similarity on character k-gram sets. This computes it exactly, with the
prefix filter (Chaudhuri et al. 2006; Bayardo et al. 2007; Xiao et al. 2008): with every set's
k-grams ordered rarest first, two sets with Jaccard ≥ t share a k-gram among the first
|s| − ⌈t·|s|⌉ + 1 of the larger (the probing prefix) and the first |s| − ⌈2t/(1+t)·|s|⌉ + 1 of the
smaller (the indexing prefix). Candidates are found by joining those short prefixes on the k-gram
(a sort and a search), pruned by size, and confirmed by counting the shared k-grams of each pair;
components are joined as pairs are confirmed, in rounds that skip pairs already joined. No false
pairs and no missed ones, whatever the input order; the cost grows with the number of k-grams and
the candidate pairs, which rare-first prefixes keep near linear on real posts.

Texts arrive as one flat array of code points and the start of each text in it, the form in which
Arrow string columns are turned into numbers without a Python string per text.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["SHINGLE", "code_points", "confirmed_groups", "similar_groups"]

SHINGLE = 5
_EPS = 1e-9
_CHUNK = 8_000_000  # array entries handled at once when expanding and verifying pairs


def code_points(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """A list of strings as (code points, starts): for callers that hold Python strings."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype="<u4")
    return points, np.concatenate(([0], np.cumsum(lengths)))


def _distinct(a: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort and a mask: NumPy's hash-based unique is slower here)."""
    a = np.sort(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))] if len(a) else a


def _ranked_grams(
    points: np.ndarray, starts: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each text's distinct k-grams as integer ranks (0 = rarest), sorted, in CSR form.

    Characters are renumbered 0..A-1 (0 is the padding), so a k-gram packs into one uint64 when
    A^k < 2^64 (A ≤ 7,131 at k = 5); beyond that a multiplicative hash stands in and, very rarely,
    two different k-grams count as one. A text shorter than k is one k-gram, padded.
    """
    n = len(starts) - 1
    lengths = np.diff(starts)
    pad = k - 1
    # the text's characters with k - 1 zeros after each text, so no k-gram spans two texts
    padded = np.zeros(len(points) + n * pad, dtype=np.uint32)
    owner_char = np.repeat(np.arange(n, dtype=np.int64), lengths)
    present = np.zeros(0x110000, dtype=bool)
    present[points] = True
    dense = np.cumsum(present, dtype=np.uint32)  # 1..A, 0 stays the padding
    padded[np.arange(len(points), dtype=np.int64) + owner_char * pad] = dense[points]
    size = int(dense[-1]) + 1
    base = np.uint64(size if float(size) ** k < 2.0**64 else 0x9E3779B97F4A7C15)
    n_grams = len(padded) - pad
    grams = padded[:n_grams].astype(np.uint64)
    for shift in range(1, k):
        grams = grams * base + padded[shift: shift + n_grams]
    counts = np.maximum(lengths - pad, 1)
    first = np.cumsum(counts) - counts
    begin = starts[:-1] + np.arange(n, dtype=np.int64) * pad
    take = np.repeat(begin - first, counts) + np.arange(int(counts.sum()), dtype=np.int64)
    grams = grams[take]
    owner = np.repeat(np.arange(n, dtype=np.int64), counts)
    # k-gram ids by hashing (Arrow's hash table: faster than sorting the k-grams), ranked by
    # how often they occur, rarest first; any fixed order keeps the join exact, rarity keeps
    # the prefixes selective
    enc = pc.dictionary_encode(pa.array(grams))
    gid = enc.indices.to_numpy().astype(np.int64)
    width = np.int64(len(enc.dictionary))
    freq = np.bincount(gid, minlength=int(width))
    rank = np.empty(int(width), dtype=np.int64)
    rank[np.argsort(freq, kind="stable")] = np.arange(int(width))
    ranked = _distinct(owner * width + rank[gid])  # distinct (text, k-gram), by text then rank
    owner = ranked // width
    offsets = np.concatenate(([0], np.cumsum(np.bincount(owner, minlength=n))))
    return ranked % width, offsets


def _segments(offsets: np.ndarray, rows: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Flat positions of the first ``lengths[i]`` entries of each row ``rows[i]``."""
    total = int(lengths.sum())
    first = np.cumsum(lengths) - lengths
    return np.repeat(offsets[rows] - first, lengths) + np.arange(total, dtype=np.int64)


def _candidates(
    ranks: np.ndarray, offsets: np.ndarray, sizes: np.ndarray, threshold: float
) -> np.ndarray:
    """Pairs (x, y), y before x in (size, index) order, whose prefixes share a k-gram and whose
    sizes allow Jaccard ≥ t; as one int64 per pair (x · n + y), distinct and sorted."""
    n = len(sizes)
    rows = np.arange(n, dtype=np.int64)
    probe = sizes - np.ceil(threshold * sizes - _EPS).astype(np.int64) + 1
    share2 = 2 * threshold / (1.0 + threshold)
    index = np.minimum(sizes - np.ceil(share2 * sizes - _EPS).astype(np.int64) + 1, probe)
    order = np.lexsort((rows, sizes))
    position = np.empty(n, dtype=np.int64)
    position[order] = rows
    i_at = _segments(offsets, rows, index)
    i_tok, i_row = ranks[i_at], np.repeat(rows, index)
    by_tok = np.lexsort((i_row, i_tok))
    i_tok, i_row = i_tok[by_tok], i_row[by_tok]
    p_at = _segments(offsets, rows, probe)
    p_tok, p_row = ranks[p_at], np.repeat(rows, probe)
    lo = np.searchsorted(i_tok, p_tok, "left")
    hi = np.searchsorted(i_tok, p_tok, "right")
    found = []
    start = 0
    hits = hi - lo
    cum = np.cumsum(hits)
    while start < len(p_tok):  # in chunks: a frequent k-gram in many prefixes expands a lot
        stop = int(np.searchsorted(cum, (cum[start - 1] if start else 0) + _CHUNK, "right"))
        stop = max(stop, start + 1)
        h = hits[start:stop]
        x = np.repeat(p_row[start:stop], h)
        y = i_row[_segments(lo[start:stop], np.arange(stop - start), h)] if h.sum() else x[:0]
        keep = (position[y] < position[x]) & (sizes[y] >= threshold * sizes[x] - _EPS)
        found.append(_distinct(x[keep] * n + y[keep]))
        start = stop
    return _distinct(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


_WORDS = 16  # 1,024-bit k-gram signature per text


def _signatures(ranks: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Each text's k-grams hashed into a 1,024-bit map (n × 16 uint64 words)."""
    n = len(offsets) - 1
    owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
    bit = ((ranks.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(54)).astype(
        np.int64)  # 10 bits
    sig = np.zeros(n * _WORDS, dtype=np.uint64)
    np.bitwise_or.at(sig, owner * _WORDS + (bit >> 6), np.uint64(1) << (bit & 63).astype(np.uint64))
    return sig.reshape(n, _WORDS)


def _may_pass(
    sig: np.ndarray, sizes: np.ndarray, x: np.ndarray, y: np.ndarray, threshold: float
) -> np.ndarray:
    """A cheap exact bound: each bit set for x and not for y is a k-gram of x missing from y, so
    |x ∩ y| ≤ |x| − popcount(x & ~y) (and the same from y's side). Pairs whose bound is below
    the overlap Jaccard ≥ t needs cannot pass and are not counted."""
    sx, sy = sig[x], sig[y]
    only_x = np.bitwise_count(sx & ~sy).sum(axis=1, dtype=np.int64)
    only_y = np.bitwise_count(sy & ~sx).sum(axis=1, dtype=np.int64)
    bound = np.minimum(sizes[x] - only_x, sizes[y] - only_y)
    need = threshold / (1.0 + threshold) * (sizes[x] + sizes[y]) - _EPS
    return bound >= need


def _confirmed(
    ranks: np.ndarray, offsets: np.ndarray, sizes: np.ndarray, pairs: np.ndarray,
    threshold: float,
) -> np.ndarray:
    """The candidate pairs whose k-gram sets really have Jaccard ≥ t (shared k-grams counted)."""
    n = len(sizes)
    x, y = pairs // n, pairs % n
    width = np.int64(int(ranks.max()) + 1) if len(ranks) else np.int64(1)
    cost = np.cumsum(sizes[x] + sizes[y])
    keep = np.zeros(len(pairs), dtype=bool)
    start = 0
    while start < len(pairs):
        stop = max(int(np.searchsorted(cost, (cost[start - 1] if start else 0) + _CHUNK,
                                       "right")), start + 1)
        xs, ys = x[start:stop], y[start:stop]
        pid = np.arange(stop - start, dtype=np.int64)
        # both sides as (pair, k-gram) keys, each sorted: ranks are sorted within a text
        kx = np.repeat(pid, sizes[xs]) * width + ranks[_segments(offsets, xs, sizes[xs])]
        ky = np.repeat(pid, sizes[ys]) * width + ranks[_segments(offsets, ys, sizes[ys])]
        at = np.minimum(np.searchsorted(ky, kx), len(ky) - 1)
        inter = np.bincount(kx[ky[at] == kx] // width, minlength=stop - start)
        union = sizes[xs] + sizes[ys] - inter
        keep[start:stop] = inter >= threshold * union - _EPS
        start = stop
    return pairs[keep]


def _merge(label: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Join the components of each edge (a, b). ``label`` names each node's component by its
    smallest member; a component's larger root is pointed at the smaller, then every node
    follows the pointers to its root (pointer jumping)."""
    while len(a):
        ra, rb = label[a], label[b]
        apart = ra != rb
        a, b, ra, rb = a[apart], b[apart], ra[apart], rb[apart]
        if not len(a):
            break
        np.minimum.at(label, np.maximum(ra, rb), np.minimum(ra, rb))
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
    return label


_ROUND = 50_000  # candidate pairs verified per round; pairs already joined are skipped


def similar_groups(
    points: np.ndarray, starts: np.ndarray, threshold: float, k: int = SHINGLE
) -> np.ndarray:
    """Component of each text (its smallest member's index) under "Jaccard ≥ threshold"."""
    n = len(starts) - 1
    if n < 2:
        return np.arange(n, dtype=np.int64)
    ranks, offsets = _ranked_grams(points, starts, k)
    sizes = np.diff(offsets)
    return _components(ranks, offsets, _candidates(ranks, offsets, sizes, threshold), threshold)


def confirmed_groups(
    points: np.ndarray, starts: np.ndarray, x: np.ndarray, y: np.ndarray, threshold: float,
    k: int = SHINGLE,
) -> np.ndarray:
    """:func:`similar_groups` when the caller already holds a superset of the similar pairs
    (texts ``x[i]``, ``y[i]``; e.g. from ``analytics.signatures``): only those pairs are
    counted, so the prefix join is skipped. The same components, if no similar pair is
    missing from the candidates."""
    n = len(starts) - 1
    if n < 2 or not len(x):
        return np.arange(n, dtype=np.int64)
    ranks, offsets = _ranked_grams(points, starts, k)
    a, b = np.minimum(x, y).astype(np.int64), np.maximum(x, y).astype(np.int64)
    pairs = _distinct(b[a != b] * n + a[a != b])
    return _components(ranks, offsets, pairs, threshold)


def _components(
    ranks: np.ndarray, offsets: np.ndarray, pairs: np.ndarray, threshold: float
) -> np.ndarray:
    """Components of the candidate ``pairs`` (x · n + y) that really have Jaccard ≥ t."""
    sizes = np.diff(offsets)
    n = len(sizes)
    sig = _signatures(ranks, offsets)
    label = np.arange(n, dtype=np.int64)
    # In rounds, so that a family of repeats (the very thing looked for) is verified once per
    # member, not once per pair: candidates whose texts are already joined are skipped.
    for start in range(0, len(pairs), _ROUND):
        chunk = pairs[start: start + _ROUND]
        chunk = chunk[label[chunk // n] != label[chunk % n]]
        chunk = chunk[_may_pass(sig, sizes, chunk // n, chunk % n, threshold)]
        edges = _confirmed(ranks, offsets, sizes, chunk, threshold)
        label = _merge(label, edges // n, edges % n)
    return label
