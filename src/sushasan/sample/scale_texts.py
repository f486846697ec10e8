"""Text pools for the state-scale sample: the sample's own templates, drawn once per department.

A state's quarter has a million posts and ten million messages; calling the template functions
once per record would be ten million Python calls. Instead each department gets a few hundred
texts per category (language × informative for posts, language × kind for citizens, language for
replies), written by :mod:`sushasan.sample.texts` from a seeded generator, and records pick them by
index. A post joins two texts of its category and a closing line naming a place, so that two posts
share all three only by rare chance: the near-duplicate check sees realistic, mostly distinct
posts, plus the repeats the gaming departments post on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from sushasan.registry.model import Department
from sushasan.sample import texts
from sushasan.sample.generator import _WHERE_EN, _WHERE_HI, _rng

__all__ = [
    "CITIZEN_KINDS", "CITIZEN_LANGS", "POST_LANGS", "TextPools", "build_pools",
]

POST_LANGS = ("hi", "mixed", "en")
CITIZEN_LANGS = ("hi", "hinglish", "en")
CITIZEN_KINDS = ("grievance", "query", "praise", "noise")
#: Texts per category and department. A state-size department posts ~2,800 times a quarter in
#: one category: with 640 texts two posts share both halves by chance once per 400,000 pairs
#: (a handful of chance repeat pairs per department, a chance triple about once a state), while
#: building the pools stays at a few seconds.
POST_POOL = 640
CITIZEN_POOL = 60
REPLY_POOL = 60


@dataclass(frozen=True)
class TextPools:
    """All texts in three flat Arrow arrays; a category's texts are a contiguous run in them.

    ``post_at[d, lang, informative]`` is where department ``d``'s run starts in ``posts`` (it has
    ``POST_POOL`` texts); likewise ``citizen_at[d, lang, kind]`` and ``reply_at[d, lang]``.
    ``where`` holds the closing lines: ``where_at[lang]`` starts the run of one language.
    """

    posts: pa.Array
    post_at: np.ndarray
    citizens: pa.Array
    citizen_at: np.ndarray
    replies: pa.Array
    reply_at: np.ndarray
    where: pa.Array
    where_hi_from: int


def build_pools(departments: list[Department], seed: int) -> TextPools:
    """The pools for these departments, a pure function of the seed and the departments."""
    posts: list[str] = []
    citizens: list[str] = []
    replies: list[str] = []
    n = len(departments)
    post_at = np.zeros((n, len(POST_LANGS), 2), dtype=np.int64)
    citizen_at = np.zeros((n, len(CITIZEN_LANGS), len(CITIZEN_KINDS)), dtype=np.int64)
    reply_at = np.zeros((n, len(CITIZEN_LANGS)), dtype=np.int64)
    for d, dep in enumerate(departments):
        rng = _rng(seed, "scale-texts", dep.id)
        keywords = list(dep.keywords)
        for li, lang in enumerate(POST_LANGS):
            for informative in (0, 1):
                post_at[d, li, informative] = len(posts)
                posts += [
                    texts.department_post(rng, dep.name_en, dep.name_hi, keywords, lang,
                                          bool(informative))
                    for _ in range(POST_POOL)
                ]
        for li, lang in enumerate(CITIZEN_LANGS):
            for ki, kind in enumerate(CITIZEN_KINDS):
                citizen_at[d, li, ki] = len(citizens)
                citizens += [
                    texts.citizen_message(rng, dep.name_en, dep.name_hi, keywords, lang, kind)
                    for _ in range(CITIZEN_POOL)
                ]
            reply_at[d, li] = len(replies)
            replies += [
                texts.department_reply(rng, dep.name_en, dep.name_hi, lang)
                for _ in range(REPLY_POOL)
            ]
    where_en = [w.format(p=p_en) for w in _WHERE_EN for p_en, _ in texts.PLACES]
    where_hi = [w.format(p=p_hi) for w in _WHERE_HI for _, p_hi in texts.PLACES]
    return TextPools(
        pa.array(posts, pa.string()), post_at,
        pa.array(citizens, pa.string()), citizen_at,
        pa.array(replies, pa.string()), reply_at,
        pa.array(where_en + where_hi, pa.string()), len(where_en),
    )
