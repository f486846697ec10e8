"""A state-scale SAMPLE quarter (60 departments, 1M posts, 10M interactions), built as arrays.

The everyday sample (``generator.py``) yields one dict per record, which is right for 80,000
records and hopeless for ten million. This one draws every column for a department's account at
once with NumPy, keeps ids and texts as numbers (pool indices) until a partition is written, and
only then turns them into Arrow strings: no Python object per record. Each department keeps its
character from :func:`sushasan.sample.generator.profile` (size, posting habit, languages, how often
and how fast it answers, its gaming habit), so the big quarter is the small one at volume.

Time follows people: posts come in office hours on weekdays, citizens write in the evening and
less at the weekend, a comment follows its post by minutes to hours, and a department's reply comes
after a delay drawn around its own median, mostly inside office hours; some answered threads get a
second reply, so "first response" is a real minimum. Every record is ``sample: true`` and belongs
to a ``sample_`` account, as in the everyday sample.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sushasan.lake.schema import SCHEMAS
from sushasan.quarters import Quarter
from sushasan.registry.model import PLATFORMS, SAMPLE_PREFIX, Department
from sushasan.sample.generator import _FOLLOWER_SCALE, _KINDS, _PLATFORM_RATE, _rng, profile
from sushasan.sample.scale_texts import (
    CITIZEN_LANGS,
    CITIZEN_POOL,
    POST_LANGS,
    POST_POOL,
    REPLY_POOL,
    TextPools,
    build_pools,
)

__all__ = ["DEPARTMENTS", "SCALES", "SOURCE", "Partition", "generate", "interactions_for",
           "scale_departments"]

#: Interactions per quarter for each ``--scale``; ``state`` is one state's quarter. ``10k`` is for
#: tests (not offered on the command line).
SCALES: dict[str, int] = {
    "state": 10_000_000, "1M": 1_000_000, "3M": 3_000_000, "10M": 10_000_000,
    "30M": 30_000_000, "10k": 10_000,
    # A flood or yatra day's surge: about 50,000 citizens' messages (a quarter of the
    # interactions are the departments' own replies, which triage skips).
    "surge": 68_000,
}
DEPARTMENTS = 60
POSTS_PER_INTERACTION = 0.1
SOURCE = "sample-scale"
_IST_S = 19_800
_DAY_S = 86_400
_WORTH = np.array([1.0, 1.0, 0.35, 0.35])  # grievance, query, praise, noise: worth a reply
_KIND_P = np.array([0.4, 0.2, 0.2, 0.2])
_CIT_LANG_P = np.array([0.4, 0.35, 0.25])  # hi, hinglish, en
_SECOND_REPLY = 0.1  # answered threads that get a follow-up reply
# Hour of day (IST) and day of week (Monday first), relative weights.
_POST_HOURS = np.array([0, 0, 0, 0, 0, 0, .2, .6, 1.2, 2, 2.6, 2.8, 2.4, 1.8, 1.6, 1.7, 1.9, 2,
                        1.6, 1.1, .7, .4, .15, .05])
_CIT_HOURS = np.array([.3, .15, .08, .05, .05, .15, .5, 1, 1.5, 1.8, 2, 2, 1.9, 1.8, 1.7, 1.7, 1.8,
                       1.9, 2.1, 2.4, 2.5, 2.2, 1.6, .8])
_POST_WEEK = np.array([1.1, 1.1, 1.1, 1.05, 1.0, 0.55, 0.4])
_CIT_WEEK = np.array([1.15, 1.05, 1.0, 1.0, 1.0, 0.85, 0.8])
# roles of an interaction
COMMENT, MENTION, REPLY, SECOND = 0, 1, 2, 3


@dataclass(frozen=True)
class Partition:
    """One lake partition's records, ready to store."""

    kind: str
    platform: str
    month: str  # IST, YYYY-MM
    table: pa.Table


def interactions_for(scale: str) -> int:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; one of {', '.join(SCALES)}")
    return SCALES[scale]


def scale_departments(departments: list[Department], seed: int) -> list[Department]:
    """The departments with sample accounts: the first 60 connected ones, by id."""
    ordered = sorted(departments, key=lambda d: d.id)
    return [d for d in ordered if profile(seed, d.id).connected][:DEPARTMENTS]


def generate(
    departments: list[Department], quarter: Quarter, seed: int, interactions: int
) -> Iterator[Partition]:
    """Every partition of the quarter, platform by platform (memory: one platform at a time)."""
    deps = scale_departments(departments, seed)
    pools = build_pools(deps, seed)
    plan = _plan(deps, quarter, seed, interactions)
    for platform in PLATFORMS:
        accounts = [a for a in plan if a.platform == platform]
        if not accounts:
            continue
        posts = [_posts(a, quarter, seed, pools) for a in accounts]
        inter = [_interactions(a, p, quarter, seed, pools) for a, p in zip(accounts, posts,
                                                                           strict=True)]
        stats = [_stats(a, quarter) for a in accounts]
        names = [d.id for d in deps]
        common = {"platform": platform, "quarter": quarter, "names": names, "pools": pools}
        for p in posts:
            p["number"] = np.arange(1, len(p["created"]) + 1)
        yield from _by_month("account_stat", platform, _concat(stats, "day"),
                             partial(_stat_table, accounts, platform=platform, names=names))
        del stats
        yield from _by_month("post", platform, _concat(posts, "created"),
                             partial(_post_table, accounts, **common))
        del posts
        yield from _by_month("interaction", platform, _concat(inter, "created"),
                             partial(_inter_table, accounts, **common))


# ------------------------------------------------------------------------------------- planning
@dataclass(frozen=True)
class _Account:
    dep: int  # index into the chosen departments
    dep_id: str
    platform: str
    days: int  # days covered from the quarter's first (30 for a partly covered department)
    posts: int
    citizens: int
    followers: np.ndarray  # per covered day
    hindi_share: float
    informative_share: float
    engagement_rate: float
    reply_prob: float
    reply_median_hours: float
    weekday_only: bool
    gaming: str | None


def _plan(deps: list[Department], quarter: Quarter, seed: int, interactions: int) -> list[_Account]:
    """How many posts and citizens' messages each account gets: the department's own weights,
    scaled so the quarter has the asked number of interactions (replies included)."""
    rows = []
    quarters_since = quarter.year * 4 + quarter.q - (2024 * 4 + 1)
    for d, dep in enumerate(deps):
        prof = profile(seed, dep.id)
        days = 30 if prof.partial else quarter.days
        for platform in prof.platforms:
            rng = _rng(seed, "scale-plan", dep.id, platform, str(quarter))
            drift = float(rng.lognormal(0.0, 0.25))
            f0 = max(150.0, prof.followers * _FOLLOWER_SCALE[platform]
                     * (1 + prof.growth_per_day) ** (91 * quarters_since))
            growth = 1 + prof.growth_per_day * rng.normal(1.0, 0.3, days)
            followers = np.floor(f0 * np.cumprod(growth))
            active = days * (5 / 7 if prof.weekday_only else 1.0)
            post_w = prof.posts_per_day * _PLATFORM_RATE[platform] * drift * active
            cit_w = prof.citizen_rate * float(followers.mean()) / 1000 * days
            rows.append((d, dep.id, platform, days, post_w, cit_w, followers, prof))
    post_total = sum(r[4] for r in rows)
    cit_total = sum(r[5] for r in rows)
    n_posts = interactions * POSTS_PER_INTERACTION
    plan = []
    for d, dep_id, platform, days, post_w, cit_w, followers, prof in rows:
        # a citizen's message brings, on average, this many interactions with its replies
        per_message = 1 + prof.reply_prob * float(_WORTH @ _KIND_P) * (1 + _SECOND_REPLY)
        plan.append(_Account(
            d, dep_id, platform, days, round(n_posts * post_w / post_total),
            round(interactions * cit_w / cit_total / per_message), followers,
            prof.hindi_share, prof.informative_share, prof.engagement_rate, prof.reply_prob,
            prof.reply_median_hours, prof.weekday_only,
            prof.gaming if platform == prof.platforms[0] else None,
        ))
    return plan


def _when(
    rng: np.random.Generator, n: int, days: int, quarter: Quarter, week: np.ndarray,
    hours: np.ndarray,
) -> np.ndarray:
    """``n`` UTC times (epoch seconds) over the first ``days`` days, by weekday and IST hour."""
    first = quarter.first_day
    weekday = (first.weekday() + np.arange(days)) % 7
    p_day = week[weekday]
    day = rng.choice(days, size=n, p=p_day / p_day.sum())
    hour = rng.choice(24, size=n, p=hours / hours.sum())
    second = rng.integers(0, 3600, size=n)
    return _day0(quarter) + day * _DAY_S + hour * 3600 + second - _IST_S


def _day0(quarter: Quarter) -> int:
    return int(datetime(quarter.first_day.year, quarter.first_day.month, 1, tzinfo=UTC)
               .timestamp()) + (quarter.first_day.day - 1) * _DAY_S


# ---------------------------------------------------------------------------------------- posts
def _posts(a: _Account, quarter: Quarter, seed: int, pools: TextPools) -> dict[str, np.ndarray]:
    rng = _rng(seed, "scale-posts", a.dep_id, a.platform, str(quarter))
    week = _POST_WEEK.copy()
    if a.weekday_only:
        week[5:] = 0.0
    n = a.posts
    created = _when(rng, n, a.days, quarter, week, _POST_HOURS)
    roll = rng.random(n)
    hindi = a.hindi_share * 0.8
    lang = np.where(roll < hindi, 0, np.where(roll < hindi + 0.15, 1, 2))
    informative = (rng.random(n) < a.informative_share).astype(np.int64)
    text_a = rng.integers(0, POST_POOL, n)
    text_b = rng.integers(0, POST_POOL, n)
    boost = np.ones(n)
    repeat = np.zeros(n, bool)  # the repeats: one message, closing line and all
    if a.gaming:
        g = _rng(seed, "scale-games", a.dep_id, str(quarter))
        if a.gaming == "burst":  # five times the usual pace in the last week
            k = int(g.poisson((a.posts / a.days * 5 + 2) * 7))
            last = _when(g, k, 7, quarter, np.ones(7), _POST_HOURS) + (a.days - 7) * _DAY_S
            created = np.concatenate([created, last])
            lang = np.concatenate([lang, np.where(g.random(k) < a.hindi_share, 0, 2)])
            informative = np.concatenate([informative, (g.random(k) < 0.5).astype(np.int64)])
            text_a = np.concatenate([text_a, g.integers(0, POST_POOL, k)])
            text_b = np.concatenate([text_b, g.integers(0, POST_POOL, k)])
            boost = np.concatenate([boost, np.ones(k)])
            repeat = np.zeros(len(created), bool)
        elif a.gaming == "repeats":  # one message posted a dozen times, on different days
            k = min(12, a.days)
            days = np.sort(g.choice(a.days, size=k, replace=False))
            times = _day0(quarter) + days * _DAY_S + g.integers(9 * 3600, 18 * 3600, k) - _IST_S
            created = np.concatenate([created, times])
            lang = np.concatenate([lang, np.zeros(k, np.int64)])
            informative = np.concatenate([informative, np.ones(k, np.int64)])
            text_a = np.concatenate([text_a, np.full(k, int(g.integers(POST_POOL)))])
            text_b = np.concatenate([text_b, np.full(k, int(g.integers(POST_POOL)))])
            boost = np.concatenate([boost, np.ones(k)])
            repeat = np.concatenate([np.zeros(n, bool), np.ones(k, bool)])
        elif a.gaming == "bought" and n:  # three posts with purchased likes
            boost[g.choice(n, size=min(3, n), replace=False)] = 80.0
    order = np.argsort(created, kind="stable")
    created, lang, informative = created[order], lang[order], informative[order]
    text_a, text_b, boost, repeat = text_a[order], text_b[order], boost[order], repeat[order]
    n = len(created)
    day = np.clip((created + _IST_S - _day0(quarter)) // _DAY_S, 0, a.days - 1)
    viral = np.where(rng.random(n) < 0.004, 8.0, 1.0)
    engagement = (a.followers[day] * a.engagement_rate * rng.lognormal(0, 0.6, n) * viral * boost)
    kinds = _KINDS[a.platform]
    kind = rng.integers(0, len(kinds), n)
    is_video = np.isin(np.array(kinds)[kind], ("video", "reel", "live"))
    views = np.where(is_video, (engagement * rng.uniform(8, 25, n)).astype(np.int64), -1)
    cat = pools.post_at[a.dep, lang, informative]
    hindi = lang == 0
    where_n = len(pools.where) - pools.where_hi_from
    where = rng.integers(0, where_n, n) + np.where(hindi, pools.where_hi_from, 0)
    if repeat.any():
        where[repeat] = where[repeat][0]
    return {
        "created": created, "lang": lang, "kind": kind, "views": views,
        "text_a": cat + text_a, "text_b": cat + text_b, "where": where,
        "likes": (engagement * 0.75).astype(np.int64),
        "comments": (engagement * 0.1).astype(np.int64),
        "shares": (engagement * 0.15).astype(np.int64),
    }


# --------------------------------------------------------------------------------- interactions
def _interactions(
    a: _Account, posts: dict[str, np.ndarray], quarter: Quarter, seed: int, pools: TextPools
) -> dict[str, np.ndarray]:
    rng = _rng(seed, "scale-talk", a.dep_id, a.platform, str(quarter))
    n = a.citizens
    n_posts = len(posts["created"])
    comment = (rng.random(n) < 0.6) & (n_posts > 0)
    parent = np.where(comment, rng.integers(0, max(n_posts, 1), n), -1)
    after = posts["created"][np.maximum(parent, 0)] if n_posts else np.zeros(n, np.int64)
    delay = np.minimum(rng.lognormal(np.log(90 * 60), 1.0, n), 3 * _DAY_S).astype(np.int64)
    mention = _when(rng, n, a.days, quarter, _CIT_WEEK, _CIT_HOURS)
    created = np.where(comment, after + 300 + delay, mention)
    order = np.argsort(created, kind="stable")
    created, comment, parent = created[order], comment[order], parent[order]
    kind = rng.choice(4, size=n, p=_KIND_P)
    lang = rng.choice(3, size=n, p=_CIT_LANG_P)
    text = pools.citizen_at[a.dep, lang, kind] + rng.integers(0, CITIZEN_POOL, n)
    author = _citizens(rng, n)
    number = np.arange(1, n + 1)
    answered = rng.random(n) < a.reply_prob * _WORTH[kind]
    k = int(answered.sum())
    hours = np.minimum(rng.lognormal(np.log(a.reply_median_hours), 0.9, k), 24 * 20)
    replied = _office_hours(rng, created[answered] + (hours * 3600).astype(np.int64))
    second = rng.random(k) < _SECOND_REPLY
    later = replied[second] + np.minimum(rng.lognormal(np.log(24 * 3600), 0.8, int(second.sum())),
                                         20 * _DAY_S).astype(np.int64)
    r_lang = lang[answered]
    r_text = pools.reply_at[a.dep, r_lang] + rng.integers(0, REPLY_POOL, k) + len(pools.citizens)
    r2_text = r_text[second]
    role = np.concatenate([np.where(comment, COMMENT, MENTION), np.full(k, REPLY),
                           np.full(int(second.sum()), SECOND)])
    thread = np.concatenate([comment, comment[answered], comment[answered][second]])
    return {
        "created": np.concatenate([created, replied, later]),
        "role": role,
        "thread_comment": thread,
        "number": np.concatenate([number, number[answered], number[answered][second]]),
        "parent": np.concatenate([parent, parent[answered], parent[answered][second]]),
        "author": np.concatenate([author, np.full(k + len(later), -1)]),
        "lang": np.concatenate([lang, r_lang, r_lang[second]]),
        "text": np.concatenate([text, r_text, r2_text]),
    }


def _citizens(rng: np.random.Generator, n: int) -> np.ndarray:
    """Citizen ids: a few write often, most once (a Zipf-like tail over two million people)."""
    return np.minimum(rng.pareto(1.2, n) * 20_000, 2_000_000).astype(np.int64) + 1


def _office_hours(rng: np.random.Generator, ts: np.ndarray) -> np.ndarray:
    """Most replies written outside 09:00–19:00 IST are moved to the next morning's start."""
    local = ts + _IST_S
    hour = (local % _DAY_S) // 3600
    night = ((hour < 9) | (hour >= 19)) & (rng.random(len(ts)) < 0.75)
    day = local // _DAY_S + (hour >= 19)
    morning = day * _DAY_S + 9 * 3600 + rng.integers(0, 150 * 60, len(ts)) - _IST_S
    return np.where(night, morning, ts)


# ------------------------------------------------------------------------------ account stats
def _stats(a: _Account, quarter: Quarter) -> dict[str, np.ndarray]:
    rng = _rng(0, "scale-stats", a.dep_id, a.platform, str(quarter))
    days = np.arange(a.days)
    return {"day": _day0(quarter) // _DAY_S + days, "followers": a.followers.astype(np.int64),
            "following": rng.integers(20, 400, a.days)}


# --------------------------------------------------------------------------------- Arrow tables
def _concat(parts: list[dict[str, np.ndarray]], key: str) -> dict[str, np.ndarray]:
    """The accounts' columns end to end, with ``owner``: each row's account (its index)."""
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    cols["owner"] = np.repeat(np.arange(len(parts)), [len(p[key]) for p in parts])
    return cols


def _strings(values: list[str], at: np.ndarray) -> pa.Array:
    return pa.array(values, pa.string()).take(pa.array(at))


def _ts(seconds: np.ndarray) -> pa.Array:
    return pa.array(seconds * 1_000_000, pa.int64()).cast(pa.timestamp("us", tz="UTC"))


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _stat_table(
    accounts: list[_Account], cols: dict[str, np.ndarray], platform: str, names: list[str]
) -> pa.Table:
    owner = cols["owner"]
    n = len(owner)
    return pa.table({
        "platform": pa.nulls(n, pa.string()).fill_null(platform),
        "account_id": _strings([f"{SAMPLE_PREFIX}{a.dep_id}" for a in accounts], owner),
        "department_id": _strings([names[a.dep] for a in accounts], owner),
        "day": pa.array(cols["day"].astype(np.int32), pa.int32()).cast(pa.date32()),
        "followers": cols["followers"],
        "following": cols["following"],
        "posts_count": pa.nulls(n, pa.int64()),
        "source": pa.nulls(n, pa.string()).fill_null(SOURCE),
        "sample": pa.nulls(n, pa.bool_()).fill_null(True),
    }, schema=SCHEMAS["account_stat"])


def _prefixes(accounts: list[_Account], platform: str, quarter: Quarter) -> list[str]:
    return [f"{SAMPLE_PREFIX}{platform}_{a.dep_id}_{quarter}_" for a in accounts]


def _post_table(
    accounts: list[_Account], cols: dict[str, np.ndarray], platform: str, quarter: Quarter,
    names: list[str], pools: TextPools,
) -> pa.Table:
    owner = cols["owner"]
    n = len(owner)
    number = cols["number"]
    post_id = _join(_strings(_prefixes(accounts, platform, quarter), owner),
                    pc.utf8_lpad(pa.array(number).cast(pa.string()), 6, "0"))
    text = pc.binary_join_element_wise(
        pools.posts.take(pa.array(cols["text_a"])),
        pools.posts.take(pa.array(cols["text_b"])),
        pools.where.take(pa.array(cols["where"])), "\n",
    )
    views = cols["views"]
    metrics_at = datetime.combine(quarter.last_day + timedelta(days=1), datetime.min.time(), UTC)
    return pa.table({
        "platform": pa.nulls(n, pa.string()).fill_null(platform),
        "post_id": post_id,
        "account_id": _strings([f"{SAMPLE_PREFIX}{a.dep_id}" for a in accounts], owner),
        "department_id": _strings([names[a.dep] for a in accounts], owner),
        "created_at": _ts(cols["created"]),
        "text": text,
        "language": _strings(list(POST_LANGS), cols["lang"]),
        "kind": _strings(list(_KINDS[platform]), cols["kind"]),
        "url": _join(f"https://example.invalid/{platform}/", post_id),
        "likes": cols["likes"],
        "comments": cols["comments"],
        "shares": cols["shares"],
        "views": pa.array(views, mask=views < 0),
        "reach": pa.nulls(n, pa.int64()),
        "impressions": pa.nulls(n, pa.int64()),
        "metrics_at": pa.nulls(n, pa.timestamp("us", tz="UTC")).fill_null(
            pa.scalar(metrics_at, pa.timestamp("us", tz="UTC"))),
        "source": pa.nulls(n, pa.string()).fill_null(SOURCE),
        "raw_ref": pa.nulls(n, pa.string()),
        "sample": pa.nulls(n, pa.bool_()).fill_null(True),
    }, schema=SCHEMAS["post"])


def _inter_table(
    accounts: list[_Account], cols: dict[str, np.ndarray], platform: str, quarter: Quarter,
    names: list[str], pools: TextPools,
) -> pa.Table:
    owner = cols["owner"]
    n = len(owner)
    role = cols["role"]
    citizen = role <= MENTION
    comment = cols["thread_comment"]
    parent = cols["parent"]
    prefix = _strings(_prefixes(accounts, platform, quarter), owner)
    letter = _strings(["c", "m"], np.where(comment, 0, 1))
    message = _join(prefix, letter, pa.array(cols["number"]).cast(pa.string()))
    own_id = _join(message, _strings(["", "", "r", "r2"], role))
    post_id = _join(prefix, pc.utf8_lpad(pa.array(parent + 1, mask=parent < 0)
                                         .cast(pa.string()), 6, "0"))
    handle = _strings([f"{SAMPLE_PREFIX}{a.dep_id}" for a in accounts], owner)
    author = cols["author"]
    citizen_id = _join(f"{SAMPLE_PREFIX}citizen_",
                       pa.array(author, mask=author < 0).cast(pa.string()))
    author_id = pc.if_else(pa.array(citizen), citizen_id, handle)
    all_texts = pa.concat_arrays([pools.citizens, pools.replies])
    lang = cols["lang"]
    return pa.table({
        "platform": pa.nulls(n, pa.string()).fill_null(platform),
        "interaction_id": own_id,
        "department_id": _strings([names[a.dep] for a in accounts], owner),
        "account_id": handle,
        "author_id": author_id,
        "author_handle": author_id,
        "created_at": _ts(cols["created"]),
        "text": all_texts.take(pa.array(cols["text"])),
        "language": _strings(list(CITIZEN_LANGS), lang),
        "parent_post_id": post_id,
        "in_reply_to_id": pc.if_else(pa.array(citizen), post_id, message),
        "kind": _strings(["comment", "mention", "reply", "reply"], role),
        "from_department": pa.array(~citizen),
        "source": pa.nulls(n, pa.string()).fill_null(SOURCE),
        "raw_ref": pa.nulls(n, pa.string()),
        "sample": pa.nulls(n, pa.bool_()).fill_null(True),
    }, schema=SCHEMAS["interaction"])


def _by_month(
    kind: str, platform: str, cols: dict[str, np.ndarray],
    build: Callable[[dict[str, np.ndarray]], pa.Table],
) -> Iterator[Partition]:
    """The platform's records cut into IST months, each built into Arrow only when its turn
    comes (strings are most of the memory)."""
    days = cols["day"] if kind == "account_stat" else (cols["created"] + _IST_S) // _DAY_S
    months = days.astype("datetime64[D]").astype("datetime64[M]")
    for month in np.unique(months):
        rows = np.flatnonzero(months == month)
        yield Partition(kind, platform, str(month), build({k: v[rows] for k, v in cols.items()}))
