"""The set-based near-duplicate check against a straightforward reference, on small inputs.

The reference is the definition written plainly: normalise each post's text in Python, take its
character 5-gram set, compare every pair of a department's texts, join pairs at Jaccard ≥ t into
clusters, and flag clusters of three or more postings. The check must give the same flags.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa

from sushasan.analytics import gaming
from sushasan.analytics.similarity import code_points, confirmed_groups, similar_groups
from sushasan.analytics.textnorm import normalise_text, normalise_texts
from sushasan.sample.texts import LANGUAGES, department_post

TRICKY = [
    "Straße ÄÖÜ İstanbul ǅ", "", "  ", "a\u200bb #tag @x https://t.co/x www.X.com 12 ३४ _ x",
    "ﬁne ½ ² Ⅻ", "𝐁𝐨𝐥𝐝 text", "e\u0301 क़ क\u093c ज़", "\x1ca\x85b\u3000c\x0bd", "🙏🙏 📸 👉🏽",
    "मुख्यमंत्री हेल्पलाइन 1905 पर अपनी शिकायत दर्ज कराएं।", "Ω ω ς Σ", "tab\there\nnew line",
    "«quoted» — dash… ₹500 ✓ ★", "ऩ ऱ ऴ न\u093c", "UPPER lower MiXeD", "x#y@z#", "http://a https://b",
]


def test_the_columnar_normalisation_is_the_reference() -> None:
    rng = np.random.default_rng(4)
    texts = TRICKY + [
        department_post(rng, "Police Department", "पुलिस विभाग", ["police", "पुलिस"],
                        str(rng.choice(LANGUAGES)), bool(rng.random() < 0.5))
        for _ in range(300)
    ]
    got = normalise_texts(pa.array([*texts, None], pa.string())).to_pylist()
    assert got == [normalise_text(t) for t in texts] + [""]


def _brute_groups(texts: list[str], threshold: float) -> set[frozenset[int]]:
    sets = [gaming.shingles(t) for t in texts]
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(texts)), 2):
        if len(sets[i] & sets[j]) >= threshold * len(sets[i] | sets[j]) - 1e-9:
            parent[max(find(i), find(j))] = min(find(i), find(j))
    groups: dict[int, set[int]] = defaultdict(set)
    for i in range(len(texts)):
        groups[find(i)].add(i)
    return {frozenset(g) for g in groups.values()}


def _edited_texts(seed: int, bases: int, texts: int, shortest: int, edits: int) -> list[str]:
    """Normalised texts in families: cut-down sample posts with up to ``edits`` characters
    changed, so some pairs are similar at every threshold and most are not."""
    rng = random.Random(seed)
    gen = np.random.default_rng(seed)
    base = [department_post(gen, "Water Department", "जल विभाग", ["water", "पानी"],
                            str(gen.choice(LANGUAGES)), True)[:rng.randint(shortest, 120)]
            for _ in range(bases)]
    out = set()
    for _ in range(texts):
        t = list(rng.choice(base))
        for _ in range(rng.randint(0, edits)):
            t[rng.randrange(len(t))] = rng.choice("अकमन abc ")
        out.add(normalise_text("".join(t)))
    return sorted(t for t in out if t)


def test_the_array_join_finds_the_brute_force_components_in_both_scripts() -> None:
    norms = [*_edited_texts(2, 30, 250, 3, 4), "a", "ab", "abcde", "abcdef"]
    points, starts = code_points(norms)
    for threshold in (0.5, 0.7, 0.9, 1.0):
        roots = similar_groups(points, starts, threshold)
        groups: dict[int, set[int]] = defaultdict(set)
        for i, r in enumerate(roots.tolist()):
            groups[r].add(i)
            assert r <= i  # named by the smallest member
        assert {frozenset(g) for g in groups.values()} == _brute_groups(norms, threshold)


def test_confirming_a_superset_of_the_similar_pairs_gives_the_brute_force_components() -> None:
    """The review counts only the signatures' candidate pairs (``confirmed_groups``): given every
    similar pair and any number of pairs that are not, it finds the components of the join."""
    rng = random.Random(4)
    norms = _edited_texts(4, 20, 150, 5, 3)
    grams = [gaming.shingles(t) for t in norms]
    n = len(norms)
    points, starts = code_points(norms)
    for threshold in (0.7, 0.9):
        similar = [(i, j) for i, j in itertools.combinations(range(n), 2)
                   if len(grams[i] & grams[j]) >= threshold * len(grams[i] | grams[j]) - 1e-9]
        noise = [(rng.randrange(n), rng.randrange(n)) for _ in range(3 * n)]
        pairs = similar + noise + [(j, i) for i, j in similar[::3]]  # either way round, twice
        rng.shuffle(pairs)
        x, y = (np.array(v, dtype=np.int64) for v in zip(*pairs, strict=True))
        roots = confirmed_groups(points, starts, x, y, threshold)
        groups: dict[int, set[int]] = defaultdict(set)
        for i, r in enumerate(roots.tolist()):
            groups[r].add(i)
        assert {frozenset(g) for g in groups.values()} == _brute_groups(norms, threshold)
        assert (roots == similar_groups(points, starts, threshold)).all()


def test_a_text_too_long_for_any_signature_is_joined_on_its_text() -> None:
    """A post of ~160,000 characters is safe at no signature level; its department is joined
    on all its texts (the check falls back to the full join), and the repeats are found."""
    rng = random.Random(5)
    long = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(160_000))
    start = datetime(2024, 7, 1, 4, 30, tzinfo=UTC)
    rows = [{"department_id": "d", "post_id": f"p{i}", "platform": "x",
             "created_at": start + timedelta(days=3 * i), "text": long + f" {'xyz' * i}"}
            for i in range(3)]
    rows += [{"department_id": "d", "post_id": f"q{i}", "platform": "x",
              "created_at": start + timedelta(days=i), "text": text}
             for i, text in enumerate(("water camp today", "roads closed on monday",
                                       "schools open after the rain"))]
    expected = _reference_flags(rows, 0.9)
    assert [f.post_ids for f in expected] == [("p0", "p1", "p2")]
    assert gaming.near_duplicate_posts(gaming.as_posts(rows).table, 0.9) == expected


def _reference_flags(rows: list[dict[str, Any]], threshold: float) -> list[gaming.Flag]:
    """near_duplicate_posts written plainly: every pair compared, nothing vectorised."""
    flags = []
    by_dep: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_dep[r["department_id"]].append(r)
    for dep, members in sorted(by_dep.items()):
        seen: set[tuple[str, str]] = set()
        posts = []
        for r in members:
            if (r["platform"], r["post_id"]) in seen:
                continue
            seen.add((r["platform"], r["post_id"]))
            norm = normalise_text(r["text"])
            if norm:
                posts.append((norm, gaming._Post(r["post_id"], r["platform"], r["created_at"])))
        texts = sorted({n for n, _ in posts})
        at = {t: i for i, t in enumerate(texts)}
        groups = _brute_groups(texts, threshold)
        for g in groups:
            cluster = [p for n, p in posts if at[n] in g]
            if len(cluster) >= 3:
                postings = gaming._postings(cluster)
                if len(postings) >= 3:
                    flags.append(gaming._duplicate_flag(dep, postings, threshold))
    return sorted(flags, key=lambda f: (f.department_id, f.post_ids))


def test_the_check_equals_the_reference_on_a_small_quarter() -> None:
    rng = random.Random(9)
    gen = np.random.default_rng(9)
    rows: list[dict[str, Any]] = []
    start = datetime(2024, 7, 1, 4, 30, tzinfo=UTC)
    for i in range(400):
        dep = f"d{i % 4}"
        if rows and rng.random() < 0.25:  # a repeat, cross-post or light edit of a recent post
            base = rng.choice(rows[-40:])
            text = base["text"]
            if rng.random() < 0.5:
                text = text.replace("1", "7") + rng.choice(["", " #Uttarakhand", " 🙏"])
            platform = rng.choice(("x", "facebook", "instagram"))
            dep = base["department_id"]
        else:
            text = department_post(gen, "Health Department", "स्वास्थ्य विभाग", ["health"],
                                   str(gen.choice(LANGUAGES)), bool(gen.random() < 0.5))
            platform = rng.choice(("x", "facebook"))
        when = start + timedelta(hours=rng.randrange(24 * 90))
        rows.append({"department_id": dep, "post_id": f"p{i}", "platform": platform,
                     "created_at": when, "text": text})
    rows.append(dict(rows[5]))  # the same post read twice
    for threshold in (0.8, 0.9):
        expected = _reference_flags(rows, threshold)
        assert expected, "the input should have repeats to find"
        assert gaming.near_duplicate_posts(rows, threshold) == expected
        table = gaming.as_posts(rows).table  # as the review passes it: an Arrow table
        assert gaming.near_duplicate_posts(table, threshold) == expected


def test_burst_and_anomalies_read_a_table_as_they_read_rows() -> None:
    rng = random.Random(3)
    rows = []
    for i in range(600):
        day = date(2024, 7, 1) + timedelta(days=rng.randrange(92) if i % 5 else 85 + i % 7)
        rows.append({"department_id": f"d{i % 3}", "post_id": f"p{i}", "platform": "x",
                     "created_at": datetime(day.year, day.month, day.day, 6, tzinfo=UTC),
                     "text": "t", "likes": rng.randint(0, 50) * (400 if i == 77 else 1),
                     "comments": None if i % 11 == 0 else rng.randint(0, 5), "shares": 1,
                     "followers": 10_000})
    table = gaming.as_posts(rows).table
    first, last = date(2024, 7, 1), date(2024, 9, 30)
    assert gaming.quarter_end_burst(table, first, last) == gaming.quarter_end_burst(rows, first,
                                                                                    last)
    assert gaming.engagement_anomalies(table) == gaming.engagement_anomalies(rows)
    assert [f.post_ids for f in gaming.engagement_anomalies(rows)] == [("p77",)]
