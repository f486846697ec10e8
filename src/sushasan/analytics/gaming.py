"""Anti-gaming checks: padding with repeats, end-of-quarter bursts and bought engagement.

A published ranking invites gaming, and the cheapest games show in the posts themselves: posting
the same message again and again to lift the activity count, cramming posts into the last week
before the review, and buying likes for a handful of posts. These checks are *evidence for the
review cell*, not verdicts: each flag names the posts and says, in English and Hindi, what was
seen and with which numbers, so a department can answer it. Only near-duplicates change a score,
and only when the method says so (``excluded_post_ids``).

All functions are pure and deterministic over plain rows (mappings or objects with the named
fields), so they run the same on the embedded engine, under Spark's driver, and in tests.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from sushasan.quarters import IST

__all__ = [
    "FLAG_KINDS",
    "MIN_SPREAD",
    "Flag",
    "engagement_anomalies",
    "excluded_post_ids",
    "near_duplicate_posts",
    "normalise_text",
    "quarter_end_burst",
    "shingles",
]

FLAG_KINDS: tuple[str, ...] = ("near_duplicate_posts", "quarter_end_burst", "engagement_anomaly")
SHINGLE = 5
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
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_HI = ("जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर",
              "अक्टूबर", "नवंबर", "दिसंबर")
_PLATFORMS = {"x": ("X", "X"), "twitter": ("X", "X"), "facebook": ("Facebook", "फ़ेसबुक"),
              "instagram": ("Instagram", "इंस्टाग्राम"), "youtube": ("YouTube", "यूट्यूब")}


def _get(row: Any, key: str) -> Any:
    """Rows arrive as Arrow ``to_pylist`` dicts from the review and as dataclasses from callers."""
    if isinstance(row, Mapping):
        return row.get(key)
    return getattr(row, key, None)


def _aware(ts: Any, post_id: str) -> datetime:
    if not isinstance(ts, datetime) or ts.tzinfo is None or ts.utcoffset() is None:
        raise ValueError(f"post {post_id}: created_at must be timezone-aware, got {ts!r}")
    return ts


def _day_en(d: date) -> str:
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"  # not %b: that follows the locale


def _day_hi(d: date) -> str:
    return f"{d.day} {_MONTHS_HI[d.month - 1]} {d.year}"


def _by_department(posts: Iterable[Any]) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for p in posts:
        groups[str(_get(p, "department_id"))].append(p)
    return groups


# ------------------------------------------------------------------------- near-duplicate posts
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


def shingles(norm: str, k: int = SHINGLE) -> frozenset[str]:
    """Character k-grams of normalised text (the whole text if shorter than k).

    The reference definition, for explanations and tests; the join below computes the same sets
    as integers in one vectorised pass.
    """
    if len(norm) <= k:
        return frozenset((norm,)) if norm else frozenset()
    return frozenset(norm[i : i + k] for i in range(len(norm) - k + 1))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _shingle_ranks(texts: list[str], k: int = SHINGLE) -> list[np.ndarray]:
    """Each text's character k-grams as integer ids, sorted rarest first (id = rank by frequency).

    Done for all texts at once with numpy, because building Python sets of string slices was
    most of the running time. Characters are first renumbered 0..A-1 so that a k-gram packs
    exactly into one uint64 (A^k < 2^64 holds for A ≤ 7,131 at k = 5: far more distinct
    characters than Hindi and English posts use); with more, a multiplicative hash stands in and
    Jaccard may, very rarely, count two different k-grams as one.
    """
    pad = "\x00" * (k - 1)  # keeps a short text's single k-gram inside its own text
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    joined = "".join(t + pad for t in texts)
    alphabet = np.array(sorted(map(ord, set(joined))), dtype=np.uint32)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4")
    dense = np.searchsorted(alphabet, codes).astype(np.uint64)
    base = np.uint64(len(alphabet) if len(alphabet) ** k < 2**64 else 0x9E3779B97F4A7C15)
    n_grams = len(codes) - (k - 1)
    grams = dense[:n_grams].copy()
    for shift in range(1, k):
        grams = grams * base + dense[shift : shift + n_grams]
    starts = np.concatenate(([0], np.cumsum(lengths + (k - 1))[:-1]))
    counts = np.maximum(lengths - (k - 1), 1)  # a text shorter than k is one padded k-gram
    first = np.cumsum(counts) - counts
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), counts)
    grams = grams[np.repeat(starts - first, counts) + np.arange(int(counts.sum()))]
    # distinct (text, k-gram) pairs, packed into one int64 so that plain sorts do the work
    # (np.unique is many times slower than a sort and a mask here)
    order = np.argsort(grams)
    ordered = grams[order]
    new = np.empty(len(ordered), dtype=bool)
    new[:1] = True
    new[1:] = ordered[1:] != ordered[:-1]
    gid = np.empty(len(order), dtype=np.int64)
    gid[order] = np.cumsum(new) - 1
    width = np.int64(int(new.sum()))
    pairs = np.sort(owner * width + gid)
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    owner, gid = pairs // width, pairs % width
    freq = np.bincount(gid, minlength=int(width))
    rank = np.empty(int(width), dtype=np.int64)
    rank[np.argsort(freq, kind="stable")] = np.arange(int(width))
    ranked = np.sort(owner * width + rank[gid]) % width
    return np.split(ranked, np.cumsum(np.bincount(owner, minlength=len(texts)))[:-1])


def _similar_groups(texts: list[str], threshold: float) -> list[int]:
    """Connected components of the graph "Jaccard ≥ threshold" over texts, computed exactly.

    An all-pairs similarity join with prefix filtering (Chaudhuri et al. 2006; Bayardo et al.
    2007; Xiao et al. 2008, PPJoin): with every set's k-grams ordered rarest first, two sets with
    Jaccard ≥ t must share a k-gram among the first few of each (|s| − ⌈t·|s|⌉ + 1, about 10 % of
    a post at t = 0.9), so an inverted index over those short prefixes yields every true pair;
    size and position filters drop most false ones before a set intersection confirms the rest.
    Unlike MinHash LSH it has no false negatives or positives, no random permutations and nothing
    to tune, and on real posts, where rare k-grams have short posting lists, it runs in near
    linear time. Pairs already in one component are not verified again, so a family of repeats
    (the very thing we look for) costs a lookup per pair, not an intersection. The worst case,
    thousands of posts from one template differing in every slot, is still quadratic in the size
    of that family; the tests print the time for such a department.
    """
    n = len(texts)
    uf = _UnionFind(n)
    if n < 2:
        return list(range(n))
    ranked = _shingle_ranks(texts)
    sizes = [len(r) for r in ranked]
    sets: dict[int, set[int]] = {}  # built only for texts that meet a candidate

    def as_set(m: int) -> set[int]:
        if m not in sets:
            sets[m] = set(ranked[m].tolist())
        return sets[m]

    index: dict[int, list[tuple[int, int]]] = defaultdict(list)  # k-gram → (text, position)
    share = threshold / (1.0 + threshold)  # overlap ≥ share × (|x| + |y|) ⇔ Jaccard ≥ t
    for i in sorted(range(n), key=lambda m: (sizes[m], m)):
        size = sizes[i]
        ranks = ranked[i]
        min_size = threshold * size - _EPS
        overlap: dict[int, int] = {}  # candidate → shared prefix k-grams so far; -1 = ruled out
        probe = ranks[: size - math.ceil(threshold * size - _EPS) + 1].tolist()
        for px, tok in enumerate(probe):
            for j, py in index.get(tok, ()):
                seen = overlap.get(j, 0)
                if seen < 0:
                    continue
                if seen == 0 and (sizes[j] < min_size or uf.find(i) == uf.find(j)):
                    overlap[j] = -1
                    continue
                # positional filter (PPJoin): what is left after these positions caps the overlap
                need = math.ceil(share * (size + sizes[j]) - _EPS)
                if seen + 1 + min(size - px - 1, sizes[j] - py - 1) < need:
                    overlap[j] = -1
                else:
                    overlap[j] = seen + 1
        for j, seen in overlap.items():
            if seen > 0 and uf.find(i) != uf.find(j):
                inter = len(as_set(i) & as_set(j))
                if inter >= threshold * (size + sizes[j] - inter) - _EPS:
                    uf.union(i, j)
        # Texts come in ascending size, so a later, larger x needs overlap ≥ 2t/(1+t)·|y| with
        # this y: a shorter prefix suffices in the index (Bayardo et al.'s indexing prefix).
        for py, tok in enumerate(ranks[: size - math.ceil(2 * share * size - _EPS) + 1].tolist()):
            index[tok].append((i, py))
    return [uf.find(i) for i in range(n)]


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
    en = (
        f"Near-identical text (similarity ≥ {threshold:.2f}) was posted {n} times between "
        f"{_day_en(first)} and {_day_en(last)} (IST), {m} posts across platforms; "
        f"{m - len(keep)} of them repeat the first posting."
    )
    hi = (
        f"लगभग एक जैसा पाठ (समानता ≥ {threshold:.2f}) {_day_hi(first)} से {_day_hi(last)} (IST) के "
        f"बीच {n} बार पोस्ट किया गया, सभी प्लेटफ़ॉर्म पर कुल {m} पोस्ट; इनमें से {m - len(keep)} पोस्ट "
        "पहली पोस्टिंग को ही दोहराती हैं।"
    )
    return Flag("near_duplicate_posts", department_id, ids, en, hi, keep)


def near_duplicate_posts(posts: Iterable[Any], threshold: float = 0.9) -> list[Flag]:
    """Clusters of ≥ 3 postings of (nearly) the same text within a department.

    Similarity is Jaccard on character 5-gram shingles of :func:`normalise_text`, not word
    3-grams: posts are tweet-length, so a word 3-gram set is a dozen items and one edited word
    moves Jaccard by ~0.2, while character shingles degrade gently; and Hindi spellings vary by a
    character (nukta, anusvara/chandrabindu, a matra), which costs a whole word n-gram but only a
    few character shingles. Digits are removed before comparing, so "अंतिम तिथि 15 अगस्त" re-posted
    as "अंतिम तिथि 20 अगस्त" is a repeat. Clusters are single-linkage over pairs above the threshold.
    A cluster counts its *postings* (see ``_postings``): the same text shared on several platforms
    within 24 h is one posting, so plain cross-posting is never flagged.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    flags: list[Flag] = []
    for dep, rows in sorted(_by_department(posts).items()):
        by_text: dict[str, list[_Post]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        for r in rows:
            pid, platform = str(_get(r, "post_id")), str(_get(r, "platform"))
            if (platform, pid) in seen:
                continue  # the same post read twice (a re-import with fresher counts)
            seen.add((platform, pid))
            norm = normalise_text(_get(r, "text"))
            if norm:  # a caption-less photo has no text to compare
                by_text[norm].append(_Post(pid, platform, _aware(_get(r, "created_at"), pid)))
        texts = sorted(by_text)
        roots = _similar_groups(texts, threshold)
        clusters: dict[int, list[_Post]] = defaultdict(list)
        for text, root in zip(texts, roots, strict=True):
            clusters[root].extend(by_text[text])
        for members in clusters.values():
            if len(members) < 3:
                continue
            postings = _postings(members)
            if len(postings) >= 3:
                flags.append(_duplicate_flag(dep, postings, threshold))
    return sorted(flags, key=lambda f: (f.department_id, f.post_ids))


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
    posts: Iterable[Any],
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
    flags: list[Flag] = []
    for dep, rows in sorted(_by_department(posts).items()):
        window: list[str] = []
        rest = 0
        for r in rows:
            pid = str(_get(r, "post_id"))
            day = _aware(_get(r, "created_at"), pid).astimezone(IST).date()
            if window_start <= day <= quarter_last_day:
                window.append(pid)
            elif quarter_first_day <= day < window_start:
                rest += 1
        n = len(window)
        rate, usual = n / days, rest / rest_days
        if n < min_posts or rate <= factor * usual:
            continue
        if rest == 0:
            en = (f"{n} posts in the last {days} days of the quarter ({rate:.1f} a day) and none "
                  "in the rest of the quarter.")
            hi = (f"तिमाही के अंतिम {days} दिनों में {n} पोस्ट ({rate:.1f} प्रतिदिन), जबकि शेष तिमाही "
                  "में एक भी पोस्ट नहीं।")
        else:
            times = rate / usual
            en = (f"{n} posts in the last {days} days of the quarter ({rate:.1f} a day), "
                  f"{times:.1f} times the {usual:.2f} a day of the rest of the quarter.")
            hi = (f"तिमाही के अंतिम {days} दिनों में {n} पोस्ट ({rate:.1f} प्रतिदिन), जो शेष तिमाही की "
                  f"{usual:.2f} प्रतिदिन की दर का {times:.1f} गुना है।")
        flags.append(Flag("quarter_end_burst", dep, tuple(sorted(window)), en, hi))
    return flags


# ------------------------------------------------------------------------ engagement anomalies
def _count(v: Any) -> int | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return int(v)


def engagement_anomalies(
    posts: Iterable[Any], z: float = 6.0, min_posts: int = 8, *, min_spread: float = MIN_SPREAD
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
    flags: list[Flag] = []
    for dep, rows in sorted(_by_department(posts).items()):
        usable: list[tuple[Any, float, float]] = []
        for r in rows:
            counts = [_count(_get(r, k)) for k in ("likes", "comments", "shares")]
            followers = _count(_get(r, "followers"))
            if all(c is None for c in counts) or not followers or followers <= 0:
                continue  # unknown engagement or audience: no rate to compare
            per_k = sum(c or 0 for c in counts) * 1000.0 / followers
            usable.append((r, per_k, math.log1p(per_k)))
        if len(usable) < min_posts:
            continue
        x = np.fromiter((u[2] for u in usable), dtype=np.float64, count=len(usable))
        med = float(np.median(x))
        spread = _MAD_SCALE * float(np.median(np.abs(x - med)))
        if spread <= _EPS:
            spread = _MEANAD_SCALE * float(np.mean(np.abs(x - med)))
        spread = max(spread, min_spread)
        if spread <= _EPS:
            continue  # every post alike and no floor: nothing can stand out
        scores = (x - med) / spread
        median_per_k = math.expm1(med)
        for (r, per_k, _), score in zip(usable, scores.tolist(), strict=True):
            if score <= z:
                continue
            pid = str(_get(r, "post_id"))
            day = _aware(_get(r, "created_at"), pid).astimezone(IST).date()
            raw = str(_get(r, "platform") or "")
            name_en, name_hi = _PLATFORMS.get(raw.lower(), (raw, raw))
            en = (f"The {name_en} post of {_day_en(day)} drew {per_k:,.1f} likes, comments and "
                  f"shares per 1,000 followers against this department's median of "
                  f"{median_per_k:,.1f}, a robust z-score of {score:.1f} (threshold {z:g}).")
            hi = (f"{_day_hi(day)} की {name_hi} पोस्ट पर प्रति 1,000 फ़ॉलोअर {per_k:,.1f} लाइक, "
                  f"टिप्पणियाँ और शेयर आए, जबकि विभाग की माध्यिका {median_per_k:,.1f} है; रोबस्ट z-स्कोर "
                  f"{score:.1f} (सीमा {z:g})।")
            flags.append(Flag("engagement_anomaly", dep, (pid,), en, hi))
    return sorted(flags, key=lambda f: (f.department_id, f.post_ids))
