"""The quarterly review as a service: coverage screen, indicators, index, uncertainty, one document.

The result is a plain dict (the contract of ``review-<quarter>.json``) so every report format and
the dashboard read the same thing. Nothing in it depends on the wall clock, and the Monte Carlo
draws are seeded, so the same inputs give byte-identical JSON.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np

from sushasan.analytics import gaming
from sushasan.analytics.explain import explain
from sushasan.analytics.indicators import (
    AUXILIARY,
    INDICATORS,
    compute_indicators,
    connect,
    quarter_posts,
)
from sushasan.analytics.method import Method
from sushasan.analytics.rates import apply_volume_rules
from sushasan.analytics.top3 import top3_note
from sushasan.desk.store import CoverageSpan, Desk
from sushasan.errors import NoDataError
from sushasan.index import monte_carlo, run, tiers
from sushasan.labels import counted
from sushasan.lake import Lake
from sushasan.quarters import Quarter
from sushasan.registry.model import PLATFORMS, Department

__all__ = [
    "SCHEMA",
    "choose_data",
    "coverage_shares",
    "ensure_data",
    "quarters_with_data",
    "run_review",
]

SCHEMA = "sushasan.review/2"
_DIGITS = 6


def choose_data(desk: Desk, quarter: Quarter, data: str) -> str:
    """``auto`` reviews real records when the quarter has any, else the sample if it has one."""
    if data != "auto":
        return data
    if desk.coverage_spans(quarter.first_day, quarter.last_day, sample=False):
        return "real"
    if desk.coverage_spans(quarter.first_day, quarter.last_day, sample=True):
        return "sample"
    return "real"


def quarters_with_data(desk: Desk, sample: bool) -> list[Quarter]:
    """Every quarter some source covered at least one day of (sample or real records)."""
    found: set[Quarter] = set()
    for s in desk.coverage_spans(date(1, 1, 1), date(9999, 12, 31), sample=sample):
        q, last = Quarter(s.first_day.year, (s.first_day.month - 1) // 3 + 1), s.last_day
        while q.first_day <= last:
            found.add(q)
            q = q.next()
    return sorted(found)


def ensure_data(desk: Desk, quarter: Quarter, data: str) -> None:
    """Refuse to review a quarter without records, saying what there is and what to do.

    A review of nothing would be a report of 0 ranked with an empty top 3 (and a league table
    in which every department is "insufficient data"): an error is the honest answer.
    """
    sample = data == "sample"
    if desk.coverage_spans(quarter.first_day, quarter.last_day, sample=sample):
        return
    kind_en = "sample" if sample else "departmental"
    kind_hi = "नमूना" if sample else "विभागीय"
    real = ", ".join(map(str, quarters_with_data(desk, sample=False)))
    fake = ", ".join(map(str, quarters_with_data(desk, sample=True)))
    found_en = "; ".join(x for x in (
        real and f"departmental data for {real}", fake and f"sample data for {fake}",
    ) if x) or "no quarter has any records yet"
    found_hi = "; ".join(x for x in (
        real and f"{real} का विभागीय डेटा", fake and f"{fake} का नमूना डेटा",
    ) if x) or "अभी किसी भी तिमाही के रिकॉर्ड नहीं हैं"
    raise NoDataError(
        f"no {kind_en} records for {quarter} ({quarter.fiscal}): there is nothing to review, "
        f"and nothing was written.\n"
        f"  Found: {found_en}.\n"
        f"  To review {quarter}, bring its records in first: `sushasan import --format FORMAT "
        f"FILE…` (the platforms' export files; `sushasan formats` lists them) or "
        f"`sushasan ingest` (the platforms' APIs); for a demonstration, "
        f"`sushasan sample --quarter {quarter}`.\n"
        f"त्रुटि: {quarter} ({quarter.fiscal}) के लिए कोई {kind_hi} रिकॉर्ड नहीं है: समीक्षा के लिए "
        f"कुछ नहीं है, और कोई फ़ाइल नहीं लिखी गई।\n"
        f"  उपलब्ध: {found_hi}।\n"
        f"  {quarter} की समीक्षा के लिए पहले उसके रिकॉर्ड लाएँ: `sushasan import --format FORMAT "
        f"FILE…` (प्लेटफ़ॉर्म की निर्यात फ़ाइलें; सूची `sushasan formats` में) या `sushasan ingest` "
        f"(प्लेटफ़ॉर्म के API); प्रदर्शन के लिए `sushasan sample --quarter {quarter}`।"
    )


def coverage_shares(
    spans: list[CoverageSpan], quarter: Quarter, departments: list[Department], sample: bool
) -> dict[str, dict[str, Any]]:
    """department → {platform: covered days / days in the quarter, "overall": …}.

    "overall" is the *lowest* share among the platforms on which the department has a registered
    account: a department whose X data is missing must not be judged on its Facebook page alone,
    so a gap on any one platform makes it insufficient data rather than a low rank.
    """
    days: dict[str, dict[str, set[date]]] = defaultdict(lambda: defaultdict(set))
    union: dict[str, set[date]] = defaultdict(set)
    for s in spans:
        first = max(s.first_day, quarter.first_day)
        last = min(s.last_day, quarter.last_day)
        span_days = {first + timedelta(days=i) for i in range((last - first).days + 1)}
        days[s.department_id][s.platform] |= span_days
        union[s.department_id] |= span_days
    out: dict[str, dict[str, Any]] = {}
    for d in departments:
        covered = days.get(d.id, {})
        shares: dict[str, Any] = {p: len(v) / quarter.days for p, v in covered.items()}
        registered = sorted({a.platform for a in d.accounts if a.sample == sample})
        shares["overall"] = min((shares.get(p, 0.0) for p in registered), default=0.0)
        shares["union"] = len(union.get(d.id, ())) / quarter.days
        shares["gaps"] = {
            p: g for p in registered if (g := _gaps(covered.get(p, set()), quarter))
        }
        out[d.id] = shares
    return out


def _gaps(covered: set[date], quarter: Quarter) -> list[list[str]]:
    """Runs of the quarter's days no source covered, as [first, last] ISO dates."""
    runs: list[list[str]] = []
    day, start = quarter.first_day, None
    while day <= quarter.last_day:
        if day not in covered and start is None:
            start = day
        if day in covered and start is not None:
            runs.append([start.isoformat(), (day - timedelta(days=1)).isoformat()])
            start = None
        day += timedelta(days=1)
    if start is not None:
        runs.append([start.isoformat(), quarter.last_day.isoformat()])
    return runs


def _gaming_flags(
    con: Any, lake: Lake, quarter: Quarter, sample: bool, method: Method
) -> tuple[dict[str, list[gaming.Flag]], set[str]]:
    """Anti-gaming checks on the quarter's posts; returns flags per department and exclusions."""
    posts = quarter_posts(con, lake, quarter, sample)
    stats = lake.table(con, "account_stat", quarter.months)
    stats = stats.filter(stats["sample"] == sample, stats.day <= quarter.last_day)
    last = stats.group_by(["platform", "account_id"]).aggregate(day=stats.day.max())
    followers = stats.join(last, ["platform", "account_id", "day"]).select(
        "platform", "account_id", "followers"
    )
    rows = (
        posts.left_join(followers, ["platform", "account_id"])
        .select("department_id", "post_id", "created_at", "text", "platform", "likes",
                "comments", "shares", "followers")
        .order_by(["department_id", "created_at", "post_id"])
        .to_pyarrow()
    )  # columns, not a Python object per post: the checks work on the Arrow table
    threshold = float(method.gaming.get("near_duplicate_threshold", 0.9))
    dupes = gaming.near_duplicate_posts(rows, threshold=threshold)
    flags = dupes + gaming.quarter_end_burst(rows, quarter.first_day, quarter.last_day)
    flags += gaming.engagement_anomalies(rows)
    by_dep: dict[str, list[gaming.Flag]] = defaultdict(list)
    for f in flags:
        by_dep[f.department_id].append(f)
    excluded = (
        gaming.excluded_post_ids(dupes) if method.gaming.get("exclude_near_duplicates") else set()
    )
    return by_dep, excluded


def _size_groups(
    units: list[str], followers: dict[str, float], labels: tuple[str, ...]
) -> dict[str, str]:
    """Split ranked departments into equal-count groups by followers, largest first."""
    if not labels:
        return {}
    order = sorted(units, key=lambda u: (-(followers.get(u) or 0), u))
    per = -(-len(order) // len(labels))
    return {u: labels[min(i // per, len(labels) - 1)] for i, u in enumerate(order)}


def run_review(
    desk: Desk,
    lake: Lake,
    departments: list[Department],
    quarter: Quarter,
    method: Method,
    data: str,
    state: str | None = None,
    previous: dict[str, Any] | None = None,
    uncertainty: bool = True,
    extra: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The quarter's review. `extra` carries indicators measured outside the lake (grievance
    desk, website audit), department → indicator → value; a missing value stays missing."""
    sample = data == "sample"
    coverage = coverage_shares(
        desk.coverage_spans(quarter.first_day, quarter.last_day, sample=sample), quarter,
        departments, sample,
    )
    con = connect()
    try:
        flags, excluded = _gaming_flags(con, lake, quarter, sample, method)
        values = compute_indicators(
            con, lake, quarter, sample, exclude_posts=excluded, viral_cap=method.viral_cap
        )
    finally:
        con.disconnect()
    for dep, more in (extra or {}).items():
        values.setdefault(dep, {}).update(more)
    units = sorted(
        d.id for d in departments
        if coverage.get(d.id, {}).get("overall", 0.0) >= method.coverage_threshold
    )
    for dep in units:  # covered but silent: zero activity is a real zero here
        v = values.setdefault(dep, {})
        for key in ("posts", "active_days", "citizen_messages", "answered"):
            v.setdefault(key, 0)
        v.setdefault("consistency", 0.0)
    if method.coverage_scaling:
        for dep in units:
            _scale_to_coverage(values[dep], coverage[dep])
    scored = apply_volume_rules({u: values.get(u, {}) for u in units}, method.rates)

    codes = method.indicators
    meta = method.meta()
    index_method = method.index_method()
    matrix = np.array(
        [[_num(scored[u].get(c)) for c in codes] for u in units], dtype=float
    ).reshape(len(units), len(codes))
    result = run(matrix, units, meta, index_method) if units else None
    scores: dict[str, float] = {}
    pillars: dict[str, dict[str, float | None]] = {}
    normalised: dict[str, dict[str, float | None]] = {}
    treated_flags: dict[str, dict[str, str]] = {}
    if result is not None:
        for k, u in enumerate(units):
            scores[u] = float(np.nan_to_num(result.index[k]))
            pillars[u] = {p.name: _f(result.scores[p.name][k]) for p in method.pillars}
            normalised[u] = {c: _f(result.prepared.normalised[k, j]) for j, c in enumerate(codes)}
            treated_flags[u] = {
                c: str(result.prepared.flags[k, j]) for j, c in enumerate(codes)
                if result.prepared.flags[k, j]
            }

    def order_key(u: str) -> tuple[float, float, str]:
        resp = pillars[u].get("responsiveness")
        return (-round(scores[u], 9), -(resp if resp is not None else -1.0), u)

    ranks = {u: i for i, u in enumerate(sorted(units, key=order_key), start=1)}
    mc_out: dict[str, dict[str, Any]] = {}
    mc_meta: dict[str, Any] | None = None
    mc = method.monte_carlo() if uncertainty else None
    if mc is not None and len(units) >= 2:
        res = monte_carlo(matrix, meta, index_method, mc)
        tier = tiers(res.median_rank, res.p5, res.p95,
                     rank=np.array([ranks[u] for u in units], dtype=float))
        share = res.top_share(3)
        for k, u in enumerate(units):
            mc_out[u] = {
                "median_rank": _r(float(res.median_rank[k])),
                "rank_interval": [_r(float(res.p5[k])), _r(float(res.p95[k]))],
                "tier": int(tier[k]),
                "top3_share": _r(float(share[k])),
            }
        mc_meta = {
            "runs": mc.runs,
            "seed": mc.seed,
            "weight_noise": mc.weight_noise,
            "alternatives": {k: len(v) for k, v in sorted(mc.alternatives.items())},
        }
    explanations = explain(method, units, scored, normalised, scores, ranks) if units else {}
    groups = _size_groups(units, {u: values.get(u, {}).get("followers") or 0 for u in units},
                          method.size_groups)
    group_ranks: dict[str, int] = {}
    for label in method.size_groups:
        members = sorted((u for u in units if groups.get(u) == label), key=lambda u: ranks[u])
        group_ranks.update({u: i for i, u in enumerate(members, start=1)})
    prev = {d["id"]: d for d in (previous or {}).get("departments", [])}
    unavailable = [
        p.name for p in method.pillars if all(pillars[u].get(p.name) is None for u in units)
    ] if units else [p.name for p in method.pillars]

    entries = []
    for d in departments:
        raw = values.get(d.id, {})
        cov = coverage.get(d.id, {})
        ranked = d.id in ranks
        before = prev.get(d.id)
        entry: dict[str, Any] = {
            "id": d.id,
            "name_en": d.name_en,
            "name_hi": d.name_hi,
            "kind": d.kind,
            "status": "ranked" if ranked else "insufficient_data",
            "rank": ranks.get(d.id),
            "score": _r(scores.get(d.id)) if ranked else None,
            **(mc_out.get(d.id) or {
                "median_rank": None, "rank_interval": None, "tier": None, "top3_share": None
            }),
            "size_group": groups.get(d.id),
            "group_rank": group_ranks.get(d.id),
            "pillars": {p.name: _r(pillars[d.id][p.name]) if ranked else None
                        for p in method.pillars},
            "indicators": {
                ind: {
                    "value": _r((scored[d.id] if ranked else raw).get(ind)),
                    "score": _r(normalised[d.id].get(ind)) if ranked else None,
                    **({"treatment": treated_flags[d.id][ind]}
                       if ranked and ind in treated_flags[d.id] else {}),
                }
                for ind in INDICATORS
            },
            "counts": {k: _r(raw.get(k)) for k in AUXILIARY},
            "coverage": {
                "overall": _r(cov.get("overall", 0.0)),
                **{p: _r(cov.get(p, 0.0)) for p in PLATFORMS},
                "days_covered_any": _r(cov.get("union", 0.0)),
                "gaps": cov.get("gaps", {}),
            },
            "explanation": explanations.get(d.id),
            "trend": None if before is None else {
                "previous_quarter": previous["quarter"],  # type: ignore[index]
                "previous_rank": before.get("rank"),
                "previous_score": before.get("score"),
                "rank_change": (before["rank"] - ranks[d.id])
                if ranked and before.get("rank") else None,
                "score_change": _r(scores[d.id] - before["score"])
                if ranked and before.get("score") is not None else None,
            },
            "flags": _flag_summary(flags.get(d.id, []), excluded),
        }
        entries.append(entry)
    entries.sort(key=lambda e: (e["rank"] is None, e["rank"] or 0, e["id"]))
    top3 = [e["id"] for e in entries if e["rank"] is not None and e["rank"] <= 3]
    return {
        "schema": SCHEMA,
        "quarter": str(quarter),
        "fiscal_quarter": quarter.fiscal,
        "period": {
            "first_day": quarter.first_day.isoformat(),
            "last_day": quarter.last_day.isoformat(),
            "timezone": "Asia/Kolkata",
        },
        "state": state,
        "data": data,
        "method": method.as_json(),
        "summary": {
            "departments": len(entries),
            "ranked": len(ranks),
            "insufficient_data": len(entries) - len(ranks),
            "flagged": sum(1 for e in entries if e["flags"]),
            "excluded_near_duplicate_posts": len(excluded),
        },
        "unavailable_pillars": unavailable,
        "uncertainty": mc_meta,
        "top3": top3,
        "top3_confidence": {u: mc_out[u]["top3_share"] for u in top3 if u in mc_out},
        "top3_note": top3_note(entries, method.top3, mc.runs if mc_meta and mc else None),
        "previous_quarter": previous["quarter"] if previous else None,
        "departments": entries,
    }


def _scale_to_coverage(v: dict[str, Any], cov: dict[str, Any]) -> None:
    """Counts over the covered days, extrapolated to the quarter (see the method file)."""
    by_platform = v.get("posts_by_platform") or {}
    if by_platform:
        v["posts"] = sum(n / cov[p] for p, n in by_platform.items() if cov.get(p))
    union = cov.get("union") or 0.0
    if 0 < union < 1:
        v["active_days"] = (v.get("active_days") or 0) / union
        v["consistency"] = min(1.0, (v.get("consistency") or 0.0) / union)


def _flag_summary(found: list[gaming.Flag], excluded: set[str]) -> list[dict[str, Any]]:
    """One entry per kind of finding, with a sentence in each language and a worked example."""
    out = []
    for kind in gaming.FLAG_KINDS:
        fs = [f for f in found if f.kind == kind]
        if not fs:
            continue
        posts = sorted({p for f in fs for p in f.post_ids})
        entry: dict[str, Any] = {"kind": kind, "posts": len(posts), "instances": len(fs)}
        if kind == "near_duplicate_posts":
            repeats = len([p for p in posts if p in excluded])
            entry["excluded"] = repeats
            left_out = ("1 repeat is left out" if repeats == 1 else
                        f"{repeats:,} repeats are left out")
            entry["detail_en"] = (
                f"{counted(len(posts), 'post', 'posts')} in {counted(len(fs), 'group', 'groups')} "
                f"repeat an earlier post almost word for word; {left_out} of the activity counts."
            )
            entry["detail_hi"] = (
                f"{counted(len(fs), 'समूह', 'समूहों', 'hi')} में {len(posts)} पोस्ट किसी पहले की "
                "पोस्ट को लगभग शब्दशः "
                f"दोहराती हैं; {repeats} दोहराई गई पोस्ट सक्रियता की गणना में शामिल नहीं की गईं।"
            )
        elif kind == "engagement_anomaly":
            them = "it" if len(posts) == 1 else "them"
            entry["detail_en"] = (
                f"{counted(len(posts), 'post', 'posts')} drew engagement far above this "
                "department's usual level, which can mean bought likes or shares; the review "
                f"cell should look at {them}."
            )
            entry["detail_hi"] = (
                f"{len(posts)} पोस्ट पर विभाग के सामान्य स्तर से बहुत अधिक सहभागिता आई, जो "
                "ख़रीदे गए लाइक या शेयर का संकेत हो सकता है; समीक्षा प्रकोष्ठ इन्हें देखे।"
            )
        else:
            entry["detail_en"], entry["detail_hi"] = fs[0].detail_en, fs[0].detail_hi
        entry["example_en"], entry["example_hi"] = fs[0].detail_en, fs[0].detail_hi
        entry["post_ids"] = posts[:20]
        out.append(entry)
    return out


def _num(v: Any) -> float:
    return float("nan") if v is None else float(v)


def _f(v: float) -> float | None:
    return None if v is None or np.isnan(v) else float(v)


def _r(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float):
        return None if v != v else round(v, _DIGITS)
    return v
