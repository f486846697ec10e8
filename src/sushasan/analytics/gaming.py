"""Anti-gaming checks: padding with repeats, end-of-quarter bursts and bought engagement.

A published ranking invites gaming, and the cheapest games show in the posts themselves: posting
the same message again and again to lift the activity count, cramming posts into the last week
before the review, and buying likes for a handful of posts. These checks are *evidence for the
review cell*, not verdicts: each flag names the posts and says, in English and Hindi, what was
seen and with which numbers, so a department can answer it. Only near-duplicates change a score,
and only when the method says so (``excluded_post_ids``).

All functions are pure and deterministic. They take the posts as an Arrow table straight from the
engine (the review, at a million posts a quarter) or as plain rows (mappings or objects with the
named fields; tests and small callers), and work on columns either way: text normalisation with
Arrow's kernels, the similarity join and the per-department statistics as array operations
(``analytics.textnorm``, ``analytics.similarity``). Python objects are made only for what a flag
names.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sushasan.analytics import signatures
from sushasan.analytics.gaming_posts import PostTable, as_posts, departments
from sushasan.analytics.similarity import (
    SHINGLE,
    _merge,
    code_points,
    confirmed_groups,
    similar_groups,
)
from sushasan.analytics.textnorm import code_points_of, normalise_text, normalise_texts
from sushasan.quarters import IST
from sushasan.words import N_, pair, word

__all__ = [
    "FLAG_KINDS",
    "MIN_SPREAD",
    "SHINGLE",
    "Flag",
    "PostTable",
    "engagement_anomalies",
    "excluded_post_ids",
    "near_duplicate_posts",
    "normalise_text",
    "quarter_end_burst",
    "shingles",
]

FLAG_KINDS: tuple[str, ...] = ("near_duplicate_posts", "quarter_end_burst", "engagement_anomaly")
CROSS_POST_WINDOW = timedelta(hours=24)
_MAD_SCALE = 1.4826  # MAD × 1.4826 estimates σ for normal data
_MEANAD_SCALE = 1.2533  # mean absolute deviation × √(π/2) estimates σ (used when MAD is 0)
MIN_SPREAD = 0.5  # floor on the robust spread of log1p(engagement per 1,000 followers)
_EPS = 1e-9


@dataclass(frozen=True)
class Flag:
    """One finding about one department, readable on its own in either language.

    ``keep_post_ids`` is set on near-duplicate flags only: the posts of the first posting (with
    its same-day cross-posts), which keep counting when the repeats are excluded. It travels with
    the flag so the exclusion can be audited from the flag alone.
    """

    kind: str
    department_id: str
    post_ids: tuple[str, ...]
    detail_en: str
    detail_hi: str
    keep_post_ids: tuple[str, ...] = ()


# ------------------------------------------------------------------------------------ helpers
# Month and platform names are the catalogue's month:<n> and platform:<code> words.


# The findings' sentences (their Hindi is in the catalogue); values come formatted.
_DUPLICATES = N_("Near-identical text (similarity ≥ {threshold}) was posted {n} times between "
                "{first} and {last} (IST), {m} posts across platforms; {repeats} of them repeat "
                "the first posting.")
_BURST_ALONE = N_("{n} posts in the last {days} days of the quarter ({rate} a day) and none in "
                  "the rest of the quarter.")
_BURST_SINCE = N_("{n} posts in the last {days} days of the quarter ({rate} a day), {times} "
                  "times the {usual} a day of the rest of the quarter.")
_ENGAGEMENT = N_("The {platform} post of {day} drew {per_k} likes, comments and shares per "
                 "1,000 followers against this department's median of {median}, a robust z-score "
                 "of {score} (threshold {z}).")

Posts = Iterable[Any] | pa.Table | PostTable
_IST_US = (5 * 60 + 30) * 60 * 1_000_000  # IST is UTC+05:30 all year
_DAY_US = 86_400 * 1_000_000
_EPOCH = date(1970, 1, 1)


def _when(micros: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(micros))


def _ist_days(micros: np.ndarray) -> np.ndarray:
    """IST calendar day of each UTC time, as days since 1970-01-01."""
    return (micros + _IST_US) // _DAY_US


def _day(d: date, lang: str) -> str:
    return f"{d.day} {word(f'month:{d.month}', lang)} {d.year}"  # not %b: that follows the locale


# ------------------------------------------------------------------------- near-duplicate posts
def shingles(norm: str, k: int = SHINGLE) -> frozenset[str]:
    """Character k-grams of normalised text (the whole text if shorter than k).

    The reference definition, for explanations and tests; the join computes the same sets as
    integers in one vectorised pass (``analytics.similarity``).
    """
    if len(norm) <= k:
        return frozenset((norm,)) if norm else frozenset()
    return frozenset(norm[i : i + k] for i in range(len(norm) - k + 1))


def _similar_groups(texts: list[str], threshold: float) -> list[int]:
    """Connected components of "Jaccard ≥ threshold" over texts (each named by its smallest
    index), computed exactly by the set-based prefix-filter join of ``analytics.similarity``."""
    points, starts = code_points(texts)
    return similar_groups(points, starts, threshold).tolist()


@dataclass(frozen=True)
class _Post:
    post_id: str
    platform: str
    created_at: datetime


def _postings(posts: list[_Post]) -> list[list[_Post]]:
    """Group a cluster's posts into postings: one message cross-posted to several platforms.

    Sharing one announcement on X, Facebook and Instagram the same day is good practice, not
    padding; a posting takes at most one post per platform, within 24 h of its first post.
    Greedy in time order, so the result is deterministic.
    """
    out: list[list[_Post]] = []
    open_from = 0  # postings start in time order: those before this index are over 24 h old
    for p in sorted(posts, key=lambda q: (q.created_at, q.platform, q.post_id)):
        oldest = p.created_at - CROSS_POST_WINDOW
        while open_from < len(out) and out[open_from][0].created_at < oldest:
            open_from += 1
        for posting in out[open_from:]:
            if all(q.platform != p.platform for q in posting):
                posting.append(p)
                break
        else:
            out.append([p])
    return out


def _duplicate_flag(department_id: str, postings: list[list[_Post]], threshold: float) -> Flag:
    ids = tuple(sorted(p.post_id for posting in postings for p in posting))
    keep = tuple(sorted(p.post_id for p in postings[0]))
    first = postings[0][0].created_at.astimezone(IST).date()
    last = max(p.created_at for p in postings[-1]).astimezone(IST).date()
    n, m = len(postings), len(ids)
    en, hi = (text.format(threshold=f"{threshold:.2f}", n=n, m=m, repeats=m - len(keep),
                          first=_day(first, lang), last=_day(last, lang))
              for text, lang in zip(pair(_DUPLICATES), ("en", "hi"), strict=True))
    return Flag("near_duplicate_posts", department_id, ids, en, hi, keep)


#: The derived columns (``lake.derived``) the check reads instead of the text when it can.
SIGNATURE_COLUMNS = ("text_hash", "text_grams", "text_sig_level", "text_sigs")
TextFetch = Callable[[np.ndarray], pa.Array]


def near_duplicate_posts(
    posts: Posts, threshold: float = 0.9, texts: TextFetch | None = None
) -> list[Flag]:
    """Clusters of ≥ 3 postings of (nearly) the same text within a department.

    Similarity is Jaccard on character 5-gram shingles of :func:`normalise_text`, not word
    3-grams: posts are tweet-length, so a word 3-gram set is a dozen items and one edited word
    moves Jaccard by ~0.2, while character shingles degrade gently; and Hindi spellings vary by a
    character (nukta, anusvara/chandrabindu, a matra), which costs a whole word n-gram but only a
    few character shingles. Digits are removed before comparing, so "अंतिम तिथि 15 अगस्त" re-posted
    as "अंतिम तिथि 20 अगस्त" is a repeat. Clusters are single-linkage over pairs above the threshold.
    A cluster counts its *postings* (see ``_postings``): the same text shared on several platforms
    within 24 h is one posting, so plain cross-posting is never flagged.

    Set-based, in two steps. The posts' signatures (``analytics.signatures``: stored by the lake
    at import when ``posts`` carries ``SIGNATURE_COLUMNS``, else computed here from the text)
    give every pair that may be similar, without reading any text; the groups they join are a
    coarser partition than the true clusters. Only the posts of groups of three or more are
    then read (``texts(rows)`` gives their raw text when ``posts`` has none), and only the
    candidate pairs the signatures gave are counted exactly on their 5-grams
    (``similarity.confirmed_groups``): every similar pair is among them, so the clusters are
    the exact join's. A department with a text too long for any signature, or two texts that
    share a node's hash slice, is joined on all its texts instead (``similar_groups``). Only
    the posts of clusters of three or more become objects.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    p = as_posts(posts)
    t = p.table
    n = t.num_rows
    if n == 0:
        return []
    raw = posts if isinstance(posts, pa.Table) else None
    stored = (raw is not None and threshold >= signatures.T0
              and all(c in raw.column_names for c in SIGNATURE_COLUMNS)
              and not raw.column("text_sigs").null_count)
    if stored:  # the signatures stay in their chunks: read a run at a time
        feats = {c: raw.column(c) if c == "text_sigs" else raw.column(c).combine_chunks()
                 for c in SIGNATURE_COLUMNS}
    else:
        feats = signatures.text_columns(t.column("text"), min(threshold, signatures.T0))
    if texts is None or "text" in (raw.column_names if raw is not None else ["text"]):
        column = t.column("text")

        def texts(rows: np.ndarray) -> pa.Array:
            return column.take(pa.array(rows))

    platform = pc.fill_null(t.column("platform"), "None")
    keep = _first_sightings(t, platform) & feats["text_hash"].is_valid().to_numpy(
        zero_copy_only=False)
    p.refuse_naive(i for i in sorted(p.naive) if keep[i])
    cand = _coarse_groups(p, keep, feats, threshold)
    rows = cand.rows
    if not len(rows):
        return []
    norm = normalise_texts(texts(rows))
    micros = p.micros()
    flags: list[Flag] = []
    picked = np.zeros(n, dtype=bool)
    picked[rows] = True
    text_at = np.full(n, -1, dtype=np.int64)
    text_at[rows] = np.arange(len(rows))
    for dep, dep_rows in departments(p):
        dep_rows = dep_rows[picked[dep_rows]]
        if len(dep_rows) < 3:
            continue
        enc = pc.dictionary_encode(norm.take(pa.array(text_at[dep_rows])))
        which = enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        points, starts = code_points_of(enc.dictionary)
        nodes = cand.node[dep_rows]
        text_of = np.full(len(cand.unsafe), -1, dtype=np.int64)
        text_of[nodes] = which
        edge = cand.edge_dep == cand.dep_code[dep_rows[0]]
        x, y = text_of[cand.a[edge]], text_of[cand.b[edge]]
        if (np.array_equal(text_of[nodes], which) and not cand.unsafe[nodes].any()
                and (np.minimum(x, y) >= 0).all()):
            roots = confirmed_groups(points, starts, x, y, threshold)
        else:  # a node of two texts, or a text without a signature: all pairs, exactly
            roots = similar_groups(points, starts, threshold)
        comp = roots[which]
        big = np.flatnonzero(np.bincount(comp, minlength=len(roots))[comp] >= 3)
        if len(big) == 0:
            continue
        ids = t.column("post_id").take(pa.array(dep_rows[big])).to_pylist()
        plats = platform.take(pa.array(dep_rows[big])).to_pylist()
        clusters: dict[int, list[_Post]] = defaultdict(list)
        for c, pid, plat, us in zip(comp[big].tolist(), ids, plats,
                                    micros[dep_rows[big]].tolist(), strict=True):
            clusters[c].append(_Post(pid, plat, _when(us)))
        for members in clusters.values():
            postings = _postings(members)
            if len(postings) >= 3:
                flags.append(_duplicate_flag(dep, postings, threshold))
    return sorted(flags, key=lambda f: (f.department_id, f.post_ids))


@dataclass(frozen=True)
class _Candidates:
    """What the signatures say: ``rows``, the kept rows in groups of three posts or more under
    "may be similar" (input order; every cluster the exact join can find lies inside one such
    group); per row its ``dep_code`` and its ``node`` (one per department and normalised text,
    -1 if not kept); per node whether it is ``unsafe`` (no signature); and the candidate node
    pairs (``a``, ``b``) inside those groups, with their department (``edge_dep``)."""

    rows: np.ndarray
    dep_code: np.ndarray
    node: np.ndarray
    unsafe: np.ndarray
    a: np.ndarray
    b: np.ndarray
    edge_dep: np.ndarray


def _coarse_groups(
    p: PostTable, keep: np.ndarray, feats: dict[str, pa.Array], threshold: float
) -> _Candidates:
    """The signatures' candidate pairs and the groups of three or more they join."""
    dep = pc.dictionary_encode(p.table.column("department_id").combine_chunks().fill_null(
        "None"))
    dep_code = dep.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    at = np.flatnonzero(keep)
    if len(at) < 3:
        none = at[:0]
        return _Candidates(none, dep_code, np.full(len(keep), -1), none.astype(bool), none,
                           none, none)
    # posts of one department with one normalised text are one node (its first post stands
    # for it); a 44-bit slice of the hash may join two texts, which the exact step separates
    h = feats["text_hash"].to_numpy(zero_copy_only=False)[at].astype(np.int64)
    node_key = (dep_code[at] << 44) | (h & ((1 << 44) - 1))
    keys, first, node = np.unique(node_key, return_index=True, return_inverse=True)
    reps = at[first]
    grams = feats["text_grams"].to_numpy(zero_copy_only=False)[reps].astype(np.int64)
    level = feats["text_sig_level"].to_numpy(zero_copy_only=False)[reps]
    a, b = signatures.candidate_pairs(dep_code[reps], grams, level, feats["text_sigs"],
                                      threshold, at=reps)
    label = _merge(np.arange(len(keys), dtype=np.int64), a, b)
    # a text too long for any signature level is compared on its text with every post of its
    # department that is large enough to be like it
    unsafe = (level < 0) & (grams > 0)
    size = np.bincount(label[node], minlength=len(keys))
    wanted = size[label[node]] >= 3
    if unsafe.any():
        deps = dep_code[reps]
        floor = np.full(int(deps.max()) + 1, np.inf)
        np.minimum.at(floor, deps[unsafe], grams[unsafe] * threshold)
        wanted |= (grams >= floor[deps])[node]
    node_of = np.full(len(keep), -1, dtype=np.int64)
    node_of[at] = node
    inside = size[label[a]] >= 3
    a, b = a[inside], b[inside]
    return _Candidates(at[wanted], dep_code, node_of, unsafe, a, b, dep_code[reps[a]])


def _first_sightings(t: pa.Table, platform: pa.ChunkedArray) -> np.ndarray:
    """Rows that are the first of their (department, platform, post id): a post read twice (a
    re-import with fresher counts) is one post."""
    n = t.num_rows
    keep = np.zeros(n, dtype=bool)
    if pc.count_distinct(t.column("post_id")).as_py() == n:
        keep[:] = True
        return keep
    key = pa.table({"d": t.column("department_id"), "p": platform, "i": t.column("post_id"),
                    "n": pa.array(np.arange(n, dtype=np.int64))})
    first = key.group_by(["d", "p", "i"], use_threads=False).aggregate([("n", "min")])
    keep[first.column("n_min").to_numpy()] = True
    return keep


def excluded_post_ids(flags: Iterable[Flag]) -> set[str]:
    """Posts to leave out of activity counts: every near-duplicate but the first posting."""
    out: set[str] = set()
    for f in flags:
        if f.kind != "near_duplicate_posts":
            continue
        if not f.keep_post_ids:
            raise ValueError(f"near-duplicate flag for {f.department_id} names no posts to keep")
        out.update(set(f.post_ids) - set(f.keep_post_ids))
    return out


# ---------------------------------------------------------------------------- quarter-end burst
def quarter_end_burst(
    posts: Posts,
    quarter_first_day: date,
    quarter_last_day: date,
    days: int = 7,
    factor: float = 3.0,
    min_posts: int = 10,
) -> list[Flag]:
    """Departments whose posting rate in the quarter's last ``days`` IST days jumps ``factor``×.

    Compared per day with the same department's own rest of the quarter, so a prolific department
    is not flagged for being prolific, and ``min_posts`` keeps a quiet department's three posts in
    the last week from looking like a burst. Days are IST because the quarter ends at midnight in
    Dehradun, not in UTC.
    """
    total_days = (quarter_last_day - quarter_first_day).days + 1
    if days < 1 or days >= total_days:
        raise ValueError(f"days must be between 1 and {total_days - 1}, got {days}")
    window_start = quarter_last_day - timedelta(days=days - 1)
    rest_days = total_days - days
    p = as_posts(posts)
    groups = departments(p)
    p.refuse_naive(i for _, rows in groups for i in rows.tolist() if i in p.naive)
    day = _ist_days(p.micros())
    first, start, last = ((d - _EPOCH).days for d in (quarter_first_day, window_start,
                                                      quarter_last_day))
    in_window = (day >= start) & (day <= last)
    in_rest = (day >= first) & (day < start)
    flags: list[Flag] = []
    for dep, rows in groups:
        rest = int(in_rest[rows].sum())
        n = int(in_window[rows].sum())
        rate, usual = n / days, rest / rest_days
        if n < min_posts or rate <= factor * usual:
            continue
        window = p.table.column("post_id").take(pa.array(rows[in_window[rows]])).to_pylist()
        values = {"n": n, "days": days, "rate": f"{rate:.1f}"}
        if rest:
            values |= {"times": f"{rate / usual:.1f}", "usual": f"{usual:.2f}"}
        en, hi = (t.format(**values) for t in pair(_BURST_SINCE if rest else _BURST_ALONE))
        flags.append(Flag("quarter_end_burst", dep, tuple(sorted(window)), en, hi))
    return flags


# ------------------------------------------------------------------------ engagement anomalies
def engagement_anomalies(
    posts: Posts, z: float = 6.0, min_posts: int = 8, *, min_spread: float = MIN_SPREAD
) -> list[Flag]:
    """Posts whose engagement is an extreme outlier for their own department.

    Engagement per 1,000 followers of the posting account puts a district office and the state
    police on one scale; log1p tames the long tail that organic virality has anyway; median and
    MAD (× 1.4826, the Iglewicz-Hoaglin modified z-score) are not dragged by the very spikes we
    look for, as a mean and standard deviation would be. At z = 6 an organic hit ten times the
    usual engagement passes while bought likes in the hundreds-fold do not.

    Two guards keep small numbers from looking like fraud. When more than half of a department's
    posts have identical engagement (MAD = 0, typically all zero) the mean absolute deviation ×
    1.2533 stands in (Iglewicz and Hoaglin's fallback). And the spread is never taken below
    ``min_spread`` (log units): counts are small integers, and for large accounts the rate per
    1,000 followers is below 1, where log1p is nearly linear, so a department whose posts all draw
    similar engagement would otherwise see a fivefold organic hit as a six-sigma event. With the
    default 0.5, a flag needs the post's log1p rate to sit 3 above the median: about twentyfold
    the typical engagement for a typical account.
    """
    p = as_posts(posts)
    likes, comments, shares = (p.floats(k) for k in ("likes", "comments", "shares"))
    followers = p.floats("followers")
    known = ~(np.isnan(likes) & np.isnan(comments) & np.isnan(shares))
    ok = known & ~np.isnan(followers) & (np.nan_to_num(followers) > 0)
    # the same float operations, in the same order, as summing the counts one post at a time
    total = (np.nan_to_num(likes) + np.nan_to_num(comments)) + np.nan_to_num(shares)
    per_1k = np.where(ok, total * 1000.0 / np.where(ok, followers, 1.0), 0.0)
    flags: list[Flag] = []
    micros: np.ndarray | None = None
    for dep, rows in departments(p):
        usable = rows[ok[rows]]
        if len(usable) < min_posts:
            continue
        rates = per_1k[usable]
        # math.log1p, not np.log1p: the two differ in the last bit for some values
        x = np.fromiter(map(math.log1p, rates.tolist()), dtype=np.float64, count=len(usable))
        med = float(np.median(x))
        spread = _MAD_SCALE * float(np.median(np.abs(x - med)))
        if spread <= _EPS:
            spread = _MEANAD_SCALE * float(np.mean(np.abs(x - med)))
        spread = max(spread, min_spread)
        if spread <= _EPS:
            continue  # every post alike and no floor: nothing can stand out
        scores = (x - med) / spread
        median_per_k = math.expm1(med)
        for i, per_k, score in zip(usable.tolist(), rates.tolist(), scores.tolist(),
                                   strict=True):
            if score <= z:
                continue
            p.refuse_naive((i,))
            if micros is None:
                micros = p.micros()
            pid = str(p.table.column("post_id")[i].as_py())
            day = _when(int(micros[i])).astimezone(IST).date()
            raw = str(p.table.column("platform")[i].as_py() or "")
            values = {"per_k": f"{per_k:,.1f}", "median": f"{median_per_k:,.1f}",
                      "score": f"{score:.1f}", "z": f"{z:g}"}
            en, hi = (text.format(platform=word(f"platform:{raw.lower()}", lang, raw),
                                  day=_day(day, lang), **values)
                      for text, lang in zip(pair(_ENGAGEMENT), ("en", "hi"), strict=True))
            flags.append(Flag("engagement_anomaly", dep, (pid,), en, hi))
    return sorted(flags, key=lambda f: (f.department_id, f.post_ids))
