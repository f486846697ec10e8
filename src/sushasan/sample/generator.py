"""A realistic sample quarter, generated from a seed and labelled as sample everywhere.

Every record carries ``sample: true`` and belongs to a ``sample_``-prefixed account, so the import
pipeline refuses to mix it with real data. Each department's character (size, posting habit, how
fast it answers) comes from the seed and the department id alone, so it is stable across quarters
and does not shift when departments are added; the quarter adds its own variation on top.
A few departments are left unconnected or only partly covered, because a real state has those too
and the review must show them as insufficient data rather than last.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from numpy.random import Generator

from sushasan.quarters import IST, Quarter
from sushasan.registry.model import PLATFORMS, SAMPLE_PREFIX, Account, Department
from sushasan.sample import texts

__all__ = ["Profile", "generate_quarter", "profile", "sample_accounts"]

_KINDS = {
    "x": ("text", "photo", "video", "link"),
    "facebook": ("photo", "video", "link", "text", "live"),
    "instagram": ("photo", "reel", "video"),
    "youtube": ("video", "live"),
}
#: A closing line naming where and with whom, so that two posts from the same template differ in
#: words (as real posts do), not only in numbers, which near-duplicate checks ignore.
_WHERE_EN, _WHERE_HI = texts.WHERE_EN, texts.WHERE_HI  # the data file's WHERE block
_PLATFORM_RATE = {"x": 1.0, "facebook": 0.8, "instagram": 0.35, "youtube": 0.08}
_FOLLOWER_SCALE = {"x": 1.0, "facebook": 1.6, "instagram": 0.7, "youtube": 0.3}


@dataclass(frozen=True)
class Profile:
    """The stable character of a department in the sample world."""

    connected: bool  # False: no sample accounts at all (an unconnected department)
    partial: bool  # True: sources cover only the first month of the quarter
    platforms: tuple[str, ...]
    followers: float  # X followers at the start; other platforms scale from it
    posts_per_day: float
    weekday_only: bool
    hindi_share: float
    informative_share: float
    engagement_rate: float  # engagements per post per follower
    reply_prob: float
    reply_median_hours: float
    growth_per_day: float
    citizen_rate: float  # citizens' mentions per 1,000 followers per day
    #: A few departments game the review, so the anti-gaming checks have something to find:
    #: "burst" (posting spree in the last week), "repeats" (one message posted again and again)
    #: or "bought" (a handful of posts with purchased engagement).
    gaming: str | None = None


def _rng(seed: int, *parts: str) -> Generator:
    return np.random.default_rng([seed, *(zlib.crc32(p.encode()) for p in parts)])


def profile(seed: int, department_id: str) -> Profile:
    rng = _rng(seed, "profile", department_id)
    roll = rng.random()
    platforms = tuple(
        p for p, share in zip(PLATFORMS, (0.95, 0.95, 0.65, 0.45), strict=True)
        if rng.random() < share
    ) or ("facebook",)
    return Profile(
        connected=roll >= 0.04,
        partial=roll >= 0.94,
        platforms=platforms,
        followers=float(rng.lognormal(np.log(15_000), 1.1)),
        posts_per_day=float(rng.lognormal(np.log(1.1), 0.7)),
        weekday_only=bool(rng.random() < 0.3),
        hindi_share=float(rng.beta(4, 2)),
        informative_share=float(rng.beta(2.5, 2.5)),
        engagement_rate=float(rng.lognormal(np.log(0.004), 0.6)),
        reply_prob=float(rng.beta(2, 2.5)),
        reply_median_hours=float(rng.lognormal(np.log(10), 1.0)),
        growth_per_day=float(max(0.0, rng.normal(0.0012, 0.0009))),
        citizen_rate=float(rng.lognormal(np.log(0.08), 0.5)),
        gaming=_gaming_habit(seed, department_id),
    )


def _gaming_habit(seed: int, department_id: str) -> str | None:
    roll = _rng(seed, "gaming", department_id).random()
    return "burst" if roll < 0.04 else "repeats" if roll < 0.08 else (
        "bought" if roll < 0.11 else None
    )


def sample_accounts(department: Department, seed: int) -> list[Account]:
    p = profile(seed, department.id)
    if not p.connected:
        return []
    return [Account(pl, f"{SAMPLE_PREFIX}{department.id}", None, True) for pl in p.platforms]


def generate_quarter(
    departments: list[Department], quarter: Quarter, seed: int
) -> Iterator[dict[str, Any]]:
    """Yield sushasan-jsonl records (dicts) for the quarter, department by department."""
    for dep in departments:
        prof = profile(seed, dep.id)
        if not prof.connected:
            continue
        rng = _rng(seed, "quarter", dep.id, str(quarter))
        last_day = quarter.last_day
        if prof.partial:
            last_day = quarter.first_day + timedelta(days=29)
        for platform in prof.platforms:
            yield from _account_quarter(dep, prof, platform, quarter, last_day, rng)


def _account_quarter(
    dep: Department,
    prof: Profile,
    platform: str,
    quarter: Quarter,
    last_day: date,
    rng: Generator,
) -> Iterator[dict[str, Any]]:
    handle = f"{SAMPLE_PREFIX}{dep.id}"
    base = {"platform": platform, "account_id": handle, "sample": True}
    yield {"record": "coverage", **base, "first_day": quarter.first_day.isoformat(),
           "last_day": last_day.isoformat()}
    # Quarter-to-quarter drift so trends exist, without changing the department's character.
    drift = float(rng.lognormal(0.0, 0.25))
    # Followers grow quarter on quarter from a 2024Q1 baseline at the department's own pace.
    quarters_since = quarter.year * 4 + quarter.q - (2024 * 4 + 1)
    followers = prof.followers * _FOLLOWER_SCALE[platform] * (
        (1 + prof.growth_per_day) ** (91 * quarters_since)
    )
    followers = max(followers, 150.0)
    days = (last_day - quarter.first_day).days + 1
    daily_followers = []
    for i in range(days):
        day = quarter.first_day + timedelta(days=i)
        followers *= 1 + prof.growth_per_day * float(rng.normal(1.0, 0.3))
        daily_followers.append(int(followers))
        yield {"record": "account_stat", **base, "day": day.isoformat(),
               "followers": int(followers), "following": int(rng.integers(20, 400))}
    rate = prof.posts_per_day * _PLATFORM_RATE[platform] * drift
    n_post = 0
    n_msg = 0
    for i in range(days):
        day = quarter.first_day + timedelta(days=i)
        if prof.weekday_only and day.weekday() >= 5:
            continue
        for _ in range(int(rng.poisson(rate))):
            n_post += 1
            yield from _post(dep, prof, platform, quarter, day, daily_followers[i], n_post, rng,
                             base)
        # Citizens also mention the department outside any post.
        for _ in range(int(rng.poisson(prof.citizen_rate * daily_followers[i] / 1000 / 4))):
            n_msg += 1
            yield from _conversation(dep, prof, platform, quarter, day, None, f"m{n_msg}", rng,
                                     base, "mention")
    if prof.gaming and platform == prof.platforms[0]:
        yield from _games(dep, prof, platform, quarter, last_day, daily_followers, rate, base)


def _games(
    dep: Department,
    prof: Profile,
    platform: str,
    quarter: Quarter,
    last_day: date,
    daily_followers: list[int],
    rate: float,
    base: dict[str, Any],
) -> Iterator[dict[str, Any]]:
    """The department's gaming habit, drawn from its own stream so the rest stays as it was."""
    g = _rng(0, "games", dep.id, str(quarter))
    days = len(daily_followers)
    n = 90_000
    if prof.gaming == "burst":  # a spree in the last week: five times the usual pace
        for i in range(max(0, days - 7), days):
            day = quarter.first_day + timedelta(days=i)
            for _ in range(int(g.poisson(rate * 5 + 2))):
                n += 1
                yield from _post(dep, prof, platform, quarter, day, daily_followers[i], n, g, base)
    elif prof.gaming == "repeats":  # one message, posted a dozen times
        text = texts.department_post(g, dep.name_en, dep.name_hi, list(dep.keywords), "hi", True)
        for i in sorted(g.choice(days, size=min(12, days), replace=False)):
            n += 1
            day = quarter.first_day + timedelta(days=int(i))
            yield from _post(dep, prof, platform, quarter, day, daily_followers[int(i)], n, g,
                             base, text=text)
    elif prof.gaming == "bought":  # three posts with purchased likes
        for i in sorted(g.choice(days, size=min(3, days), replace=False)):
            n += 1
            day = quarter.first_day + timedelta(days=int(i))
            yield from _post(dep, prof, platform, quarter, day, daily_followers[int(i)], n, g,
                             base, boost=80.0)


def _ist(day: date, rng: Generator, start_hour: int = 8, end_hour: int = 21) -> datetime:
    minutes = int(rng.integers(start_hour * 60, end_hour * 60))
    local = datetime(day.year, day.month, day.day, tzinfo=IST) + timedelta(minutes=minutes)
    return local.astimezone(UTC)


def _iso(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def _post(
    dep: Department,
    prof: Profile,
    platform: str,
    quarter: Quarter,
    day: date,
    followers: int,
    n: int,
    rng: Generator,
    base: dict[str, Any],
    text: str | None = None,
    boost: float = 1.0,
) -> Iterator[dict[str, Any]]:
    lang_roll = rng.random()
    language = "hi" if lang_roll < prof.hindi_share * 0.8 else (
        "mixed" if lang_roll < prof.hindi_share * 0.8 + 0.15 else "en"
    )
    informative = bool(rng.random() < prof.informative_share)
    kind = str(rng.choice(_KINDS[platform]))
    created = _ist(day, rng)
    post_id = f"{SAMPLE_PREFIX}{platform}_{dep.id}_{quarter}_{n:05d}"
    viral = 8.0 if rng.random() < 0.004 else 1.0
    engagement = followers * prof.engagement_rate * float(rng.lognormal(0, 0.6)) * viral * boost
    likes = int(engagement * 0.75)
    comments = int(engagement * 0.1)
    shares = int(engagement * 0.15)
    is_video = kind in ("video", "reel", "live")
    views = int(engagement * float(rng.uniform(8, 25))) if is_video else None
    if text is None:
        text = texts.department_post(
            rng, dep.name_en, dep.name_hi, list(dep.keywords), language, informative
        )
        place_en, place_hi = texts.PLACES[int(rng.integers(len(texts.PLACES)))]
        k = int(rng.integers(len(_WHERE_EN)))
        text += "\n" + (_WHERE_HI[k].format(p=place_hi) if language == "hi"
                         else _WHERE_EN[k].format(p=place_en))
    else:
        language = "hi"
    yield {
        "record": "post", **base, "post_id": post_id, "created_at": _iso(created),
        "text": text, "language": language, "kind": kind,
        "url": f"https://example.invalid/{platform}/{post_id}",
        "likes": likes, "comments": comments, "shares": shares, "views": views,
        "metrics_at": _iso(datetime.combine(quarter.last_day + timedelta(days=1),
                                            datetime.min.time(), UTC)),
    }
    # A handful of the comments are citizens writing to the department.
    for k in range(min(comments, int(rng.poisson(1.2)))):
        yield from _conversation(dep, prof, platform, quarter, day, post_id, f"{n}c{k}", rng,
                                 base, "comment", after=created)


def _conversation(
    dep: Department,
    prof: Profile,
    platform: str,
    quarter: Quarter,
    day: date,
    post_id: str | None,
    suffix: str,
    rng: Generator,
    base: dict[str, Any],
    kind: str,
    after: datetime | None = None,
) -> Iterator[dict[str, Any]]:
    roll = rng.random()
    msg_kind = "grievance" if roll < 0.4 else "query" if roll < 0.6 else (
        "praise" if roll < 0.8 else "noise"
    )
    lang_roll = rng.random()
    language = "hi" if lang_roll < 0.4 else "hinglish" if lang_roll < 0.75 else "en"
    if after is not None:
        created = after + timedelta(minutes=int(rng.integers(5, 600)))
    else:
        created = _ist(day, rng, 6, 23)
    msg_id = f"{SAMPLE_PREFIX}{platform}_{dep.id}_{quarter}_{suffix}"
    citizen = int(rng.integers(1, 40_000))
    yield {
        "record": "interaction", **base, "interaction_id": msg_id, "created_at": _iso(created),
        "author_id": f"{SAMPLE_PREFIX}citizen_{citizen}",
        "author_handle": f"{SAMPLE_PREFIX}citizen_{citizen}",
        "text": texts.citizen_message(rng, dep.name_en, dep.name_hi, list(dep.keywords),
                                      language, msg_kind),
        "language": "en" if language == "en" else ("hi" if language == "hi" else "hinglish"),
        "parent_post_id": post_id, "in_reply_to_id": post_id, "kind": kind,
        "from_department": False,
    }
    worth = 1.0 if msg_kind in ("grievance", "query") else 0.35
    if rng.random() < prof.reply_prob * worth:
        delay_h = float(rng.lognormal(np.log(prof.reply_median_hours), 0.9))
        replied = created + timedelta(hours=min(delay_h, 24 * 20))
        reply_lang = "hi" if language == "hi" else ("en" if language == "en" else "hinglish")
        yield {
            "record": "interaction", **base, "interaction_id": f"{msg_id}r",
            "created_at": _iso(replied), "author_id": base["account_id"],
            "author_handle": base["account_id"],
            "text": texts.department_reply(rng, dep.name_en, dep.name_hi, reply_lang),
            "language": reply_lang, "parent_post_id": post_id, "in_reply_to_id": msg_id,
            "kind": "reply", "from_department": True,
        }


def to_jsonl(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    for rec in records:
        yield json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n"
