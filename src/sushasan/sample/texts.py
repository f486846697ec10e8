"""Realistic text for Sushasan's SYNTHETIC, clearly-labelled sample quarter.

The demo and the test-suite need social-media data that *looks* like what Uttarakhand departments
and citizens actually write (Hindi, English and Hinglish, civic grievances, helpline numbers,
scheme names, festival wishes) without touching any real account.  Everything here is invented:
no real people, no phone numbers of persons, no Aadhaar numbers.  Helplines are the public
short codes (1905, 112, 1070, ...) and landlines are random ``0135-2xxxxxx`` office numbers.

Design choices, and why:

* Templates are parsed once at import time into tuples; a call only draws one small integer
  batch from the caller's seeded :class:`numpy.random.Generator` and runs ``str.format_map``.
  That keeps every call in the microsecond range (the demo draws ~60,000 texts) and makes the
  text a pure function of the generator state (same state, same text).
* Department specificity comes from a *domain* (power, water, police, ...) inferred once per
  department from its names and keywords and cached; the domain supplies the grievances, fixes,
  questions, schemes and advisories that fill the template slots.
* Numbers that could be mistaken for personal data are shaped so they cannot be: dockets are
  ``UK`` + 8 digits, landlines are 7 digits after ``0135-``, nothing has 10 or 12 digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from numpy.random import Generator

__all__ = [
    "CITIZEN_KINDS",
    "CITIZEN_LANGUAGES",
    "LANGUAGES",
    "PLACES",
    "citizen_message",
    "department_post",
    "department_reply",
]

LANGUAGES: tuple[str, ...] = ("hi", "en", "mixed")  # mixed = Hindi + English in one post
CITIZEN_LANGUAGES: tuple[str, ...] = ("hi", "en", "hinglish")
CITIZEN_KINDS: tuple[str, ...] = ("grievance", "praise", "query", "noise")

_NDRAW = 24  # integers drawn per call; one vectorised draw is far cheaper than many scalar ones
TEXTS_FILE = Path(__file__).resolve().parent / "data" / "texts.txt"


def _read_blocks(path: Path) -> dict[str, str]:
    """The data file's blocks: a line ``=== NAME ===`` starts one; ``#`` lines before the first
    block are comments. Templates live there, as data; this module only parses and fills them."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== ") and line.endswith(" ==="):
            current = blocks.setdefault(line[4:-4].strip(), [])
        elif current is not None:
            current.append(line)
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"{path}: text before the first block: {line!r}")
    return {name: "\n".join(body) for name, body in blocks.items()}


_BLOCKS = _read_blocks(TEXTS_FILE)


def _split(block: str) -> tuple[str, ...]:
    """One template per line; ' || ' packs several short ones on a line to keep the file short."""
    out: list[str] = []
    for line in block.strip().splitlines():
        out.extend(p.strip() for p in line.split(" || ") if p.strip())
    return tuple(out)


def _pairs(block: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Parallel English/Hindi pools written as 'english~हिंदी' items separated by '|'."""
    items = [i.split("~") for i in "|".join(block.strip().splitlines()).split("|")]
    return tuple(i[0].strip() for i in items), tuple(i[1].strip() for i in items)


# --------------------------------------------------------------------------- shared slot pools
_PLACES_EN, _PLACES_HI = _pairs(_BLOCKS["PLACES"])
#: (English, Hindi) names of the state's districts and towns, for callers that add place detail.
PLACES: tuple[tuple[str, str], ...] = ()  # filled below, once the pools exist

_MONTHS_EN, _MONTHS_HI = _pairs(_BLOCKS["MONTHS"])
_DAYS_EN, _DAYS_HI = _pairs(_BLOCKS["DAYS"])
_ELIG_EN, _ELIG_HI = _pairs(_BLOCKS["ELIG"])
_DOCS_EN, _DOCS_HI = _pairs(_BLOCKS["DOCS"])
_FEST_EN, _FEST_HI = _pairs(_BLOCKS["FEST"])
_DIG_EN, _DIG_HI = _pairs(_BLOCKS["DIG"])
_EVENT_EN, _EVENT_HI = _pairs(_BLOCKS["EVENT"])
_FACILITY_EN, _FACILITY_HI = _pairs(_BLOCKS["FACILITY"])
#: A closing line naming where ("{p}": a place), English and Hindi in step.
WHERE_EN, WHERE_HI = _pairs(_BLOCKS["WHERE"])
_URL_PATHS = ("", "", "/schemes", "/notices", "/services", "/helpline", "/grievance")

# ------------------------------------------------------------------------- department domains
# '@key slug helpline' starts a domain.  Codes: t=triggers, i/f/a = issue/fix/ask phrases
# (e/h/l = English/Hindi/Hinglish), se/sh = schemes, de/dh = advisories, r = 'en~hi~hl' of
# what a citizen should DM.  Lines with the same code append ('|' separates items).
_DOMAIN_DATA = _BLOCKS["DOMAINS"]


def _parse_domains(text: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """Turn the compact domain block into {key: {code: items}} once, at import time."""
    domains: dict[str, dict[str, list[str]]] = {}
    cur: dict[str, list[str]] = {}
    for line in text.strip().splitlines():
        if line.startswith("@"):
            key, slug, helpline = line[1:].split()
            host = "uk.gov.in" if slug == "uk" else f"{slug}.uk.gov.in"  # portal for 'general'
            cur = domains.setdefault(key, {"slug": [slug], "host": [host], "help": [helpline],
                                           "t": []})
            continue
        code, _, rest = line.partition(" ")
        sep = "~" if code == "r" else "|"
        cur.setdefault(code, []).extend(p.strip() for p in rest.split(sep))
    return {k: {c: tuple(v) for c, v in d.items()} for k, d in domains.items()}


_DOMAINS = _parse_domains(_DOMAIN_DATA)
for _d in _DOMAINS.values():  # fail at import, not mid-demo, if the block above is malformed
    assert len(_d["se"]) == len(_d["sh"]) and len(_d["de"]) == len(_d["dh"]), _d["slug"]
    assert all(_d.get(c) for c in ("ie", "ih", "il", "fe", "fh", "fl", "ae", "ah", "al")), _d
    assert len(_d["r"]) == 3, _d["slug"]

# ---------------------------------------------------------------------- department post texts
_POST_INFO_EN = _split(_BLOCKS["POST_INFO_EN"])
_POST_INFO_HI = _split(_BLOCKS["POST_INFO_HI"])
_POST_PLAIN_EN = _split(_BLOCKS["POST_PLAIN_EN"])
_POST_PLAIN_HI = _split(_BLOCKS["POST_PLAIN_HI"])

# ---------------------------------------------------------------------------- citizen messages
_GRIEVANCE_EN = _split(_BLOCKS["GRIEVANCE_EN"])
_GRIEVANCE_HI = _split(_BLOCKS["GRIEVANCE_HI"])
_GRIEVANCE_HL = _split(_BLOCKS["GRIEVANCE_HL"])
_PRAISE_EN = _split(_BLOCKS["PRAISE_EN"])
_PRAISE_HI = _split(_BLOCKS["PRAISE_HI"])
_PRAISE_HL = _split(_BLOCKS["PRAISE_HL"])
_QUERY_EN = _split(_BLOCKS["QUERY_EN"])
_QUERY_HI = _split(_BLOCKS["QUERY_HI"])
_QUERY_HL = _split(_BLOCKS["QUERY_HL"])
_NOISE_EN = _split(_BLOCKS["NOISE_EN"])
_NOISE_HI = _split(_BLOCKS["NOISE_HI"])
_NOISE_HL = _split(_BLOCKS["NOISE_HL"])

# ---------------------------------------------------------------------------- department replies
_REPLY_EN = _split(_BLOCKS["REPLY_EN"])
_REPLY_HI = _split(_BLOCKS["REPLY_HI"])
_REPLY_HL = _split(_BLOCKS["REPLY_HL"])

PLACES = tuple(zip(_PLACES_EN, _PLACES_HI, strict=True))

_CITIZEN: dict[tuple[str, str], tuple[str, ...]] = {
    ("en", "grievance"): _GRIEVANCE_EN, ("hi", "grievance"): _GRIEVANCE_HI,
    ("hl", "grievance"): _GRIEVANCE_HL, ("en", "praise"): _PRAISE_EN,
    ("hi", "praise"): _PRAISE_HI, ("hl", "praise"): _PRAISE_HL,
    ("en", "query"): _QUERY_EN, ("hi", "query"): _QUERY_HI, ("hl", "query"): _QUERY_HL,
    ("en", "noise"): _NOISE_EN, ("hi", "noise"): _NOISE_HI, ("hl", "noise"): _NOISE_HL,
}
_REPLY = {"en": _REPLY_EN, "hi": _REPLY_HI, "hl": _REPLY_HL}
_LANG = {"en": "en", "hi": "hi", "hinglish": "hl", "mixed": "hl"}  # 'mixed' accepted as alias
_CODE = {"en": "e", "hi": "h", "hl": "l"}
_PLACES = {"en": _PLACES_EN, "hi": _PLACES_HI, "hl": _PLACES_EN}
_PLACE_TAGS = tuple(p.replace(" ", "") for p in _PLACES_EN)
_DAYS = {"en": _DAYS_EN, "hi": _DAYS_HI, "hl": _DAYS_EN}
_HANDLE_SKIP = frozenset((
    "uttarakhand", "department", "dept", "of", "and", "the", "govt", "government", "state",
    "ltd", "limited", "corporation", "directorate",
))


# -------------------------------------------------------------------------- department profile
@dataclass(frozen=True, slots=True)
class _Profile:
    """What one department contributes to its texts; built once per department and cached."""

    domains: tuple[dict[str, tuple[str, ...]], ...]
    handle: str
    tags: tuple[str, ...]
    kw_en: tuple[str, ...]  # keywords safe for English/Hinglish text (no Devanagari)
    name_en: str
    name_hi: str


_PROFILES: dict[tuple[str, str, tuple[str, ...]], _Profile] = {}


def _has_deva(s: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in s)


def _build_profile(name_en: str, name_hi: str, keywords: tuple[str, ...]) -> _Profile:
    """Infer domains and a plausible handle; regex is fine here because it runs once per dept."""
    text = " ".join((name_en, name_hi, *keywords)).lower()
    scores: dict[str, int] = {}
    for key, dom in _DOMAINS.items():
        hits = 0
        for trig in dom["t"]:
            if _has_deva(trig):
                hits += trig in text
            else:
                hits += re.search(rf"\b{re.escape(trig)}\b", text) is not None
        if hits:
            scores[key] = hits
    best = max(scores.values(), default=0)
    keys = [k for k, v in scores.items() if v == best] or ["general"]
    words = re.findall(r"[A-Za-z]+", name_en)
    core = "".join(w.capitalize() for w in words if w.lower() not in _HANDLE_SKIP)
    if core and len(core) <= 13:
        handle = "@UK" + core
    else:
        initials = "".join(w[0].upper() for w in words if w.lower() not in {"of", "and", "the"})
        handle = "@" + (initials or "UKGov")
    # Hashtags keep the keyword's own script; only separators go (\w would eat Hindi matras).
    parts = (re.split(r"[\s\-_.,/&()'#]+", k) for k in keywords)
    tags = ["".join(w[:1].upper() + w[1:] for w in ws) for ws in parts]
    tags = [t for t in tags if t] + ["Uttarakhand"]
    kw_en = tuple(k for k in keywords if k and not _has_deva(k)) or (name_en or "this service",)
    return _Profile(tuple(_DOMAINS[k] for k in keys), handle, tuple(tags), kw_en,
                    name_en, name_hi or name_en)


def _profile(name_en: str, name_hi: str, keywords: list[str] | tuple[str, ...]) -> _Profile:
    key = (name_en, name_hi, tuple(keywords))
    prof = _PROFILES.get(key)
    if prof is None:
        prof = _PROFILES[key] = _build_profile(*key)
    return prof


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _slots(
    r: list[int], prof: _Profile, dom: dict[str, tuple[str, ...]], lang: str
) -> dict[str, object]:
    """All slot values for one call in one language; indices come from the shared draw ``r`` so
    that the Hindi and English halves of a mixed post talk about the same place/scheme/date."""
    c = _CODE[lang]
    hi = lang == "hi"
    places = _PLACES[lang]
    p = r[2] % len(places)
    issue, fix, ask = dom["i" + c], dom["f" + c], dom["a" + c]
    schemes, advs = dom["sh" if hi else "se"], dom["dh" if hi else "de"]
    s, a = r[8] % len(schemes), r[9] % len(advs)
    m, d = r[10] % 12, 1 + r[11] % 28
    helpline = dom["help"][0] if r[12] % 4 else "1905"
    elig, docs = (_ELIG_HI, _DOCS_HI) if hi else (_ELIG_EN, _DOCS_EN)
    fest, dig = (_FEST_HI, _DIG_HI) if hi else (_FEST_EN, _DIG_EN)
    event, fac = (_EVENT_HI, _FACILITY_HI) if hi else (_EVENT_EN, _FACILITY_EN)
    el = elig[r[17] % len(elig)]
    return {
        "place": places[p], "place_tag": _PLACE_TAGS[p], "ward": 1 + r[3] % 60,
        "n": 2 + r[4] % 8, "k": 4 + r[5] % 6, "h": 2 + r[6] % 22,
        "day": _DAYS[lang][r[7] % 7], "handle": prof.handle,
        "dept": prof.name_hi if hi else prof.name_en,
        "issue": (i := issue[r[13] % len(issue)]), "Issue": _cap(i),
        "fix": (f := fix[r[14] % len(fix)]), "Fix": _cap(f),
        "ask": (q := ask[r[15] % len(ask)]), "Ask": _cap(q),
        "sch": schemes[s], "adv": advs[a], "Adv": _cap(advs[a]), "elig": el, "Elig": _cap(el),
        "docs": docs[r[18] % len(docs)], "help": helpline,
        "date": f"{d} {(_MONTHS_HI if hi else _MONTHS_EN)[m]}",
        "url": f"https://{dom['host'][0]}{_URL_PATHS[r[16] % len(_URL_PATHS)]}",
        "phone": f"0135-2{r[19] % 1_000_000:06d}", "docket": f"UK25{r[20] % 1_000_000:06d}",
        "ref": dom["r"][("en", "hi", "hl").index(lang)],
        "tag": prof.tags[r[21] % len(prof.tags)], "kw": prof.kw_en[r[22] % len(prof.kw_en)],
        "fest": fest[r[23] % len(fest)], "dig": dig[r[5] % len(dig)],
        "event": event[r[6] % len(event)], "facility": fac[r[3] % len(fac)],
        "h1": 9 + r[7] % 2, "h2": 4 + r[12] % 4,
    }


def _draw(rng: Generator) -> list[int]:
    """One vectorised draw per call: cheap, and the only place randomness enters."""
    return rng.integers(0, 1 << 30, size=_NDRAW).tolist()


# ------------------------------------------------------------------------------------ public API
def department_post(rng: Generator, name_en: str, name_hi: str, keywords: list[str],
                    language: str, informative: bool) -> str:
    """A post by the department's official account.

    ``informative=True`` gives service information (scheme + eligibility, deadline, helpline,
    official ``https://...uk.gov.in`` link, advisory), the content the ranking rewards;
    ``informative=False`` gives greetings, festival wishes and ceremonial photo-ops, the
    content it should not.  ``language`` is one of :data:`LANGUAGES`; ``'mixed'`` puts a Hindi
    and an English sentence about the same thing in one post, as departments often do.
    """
    if language not in _LANG:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    prof = _profile(name_en, name_hi, keywords)
    r = _draw(rng)
    dom = prof.domains[r[0] % len(prof.domains)]
    pools = (_POST_INFO_EN, _POST_INFO_HI) if informative else (_POST_PLAIN_EN, _POST_PLAIN_HI)
    if language == "en":
        return pools[0][r[1] % len(pools[0])].format_map(_slots(r, prof, dom, "en"))
    hi_text = pools[1][r[1] % len(pools[1])].format_map(_slots(r, prof, dom, "hi"))
    if language == "hi":
        return hi_text
    en_text = pools[0][r[17] % len(pools[0])].format_map(_slots(r, prof, dom, "en"))
    return f"{hi_text}\n{en_text}" if r[18] % 3 else f"{en_text}\n{hi_text}"


def citizen_message(rng: Generator, name_en: str, name_hi: str, keywords: list[str],
                    language: str, kind: str) -> str:
    """A citizen's mention of, or comment to, the department.

    ``kind`` is one of :data:`CITIZEN_KINDS`: grievances are the civic complaints whose
    handling the ranking measures; praise, queries and noise (greetings, spam, chit-chat) are the
    other traffic a department must sift.  ``language`` is one of :data:`CITIZEN_LANGUAGES`
    (``'mixed'`` is accepted as Hinglish).  Places are real Uttarakhand towns, people are not.
    """
    lang = _LANG.get(language)
    if lang is None:
        raise ValueError(f"language must be one of {CITIZEN_LANGUAGES}, got {language!r}")
    pool = _CITIZEN.get((lang, kind))
    if pool is None:
        raise ValueError(f"kind must be one of {CITIZEN_KINDS}, got {kind!r}")
    prof = _profile(name_en, name_hi, keywords)
    r = _draw(rng)
    dom = prof.domains[r[0] % len(prof.domains)]
    return pool[r[1] % len(pool)].format_map(_slots(r, prof, dom, lang))


def department_reply(rng: Generator, name_en: str, name_hi: str, language: str) -> str:
    """The department's reply to a citizen: acknowledgement, a request for the consumer/ticket
    number, 'team dispatched', a docket number (``UK`` + 8 digits, never phone-shaped) or
    'resolved, please confirm', so response quality can be scored.  ``language`` is one of
    :data:`CITIZEN_LANGUAGES`."""
    lang = _LANG.get(language)
    if lang is None:
        raise ValueError(f"language must be one of {CITIZEN_LANGUAGES}, got {language!r}")
    prof = _profile(name_en, name_hi, ())
    r = _draw(rng)
    dom = prof.domains[r[0] % len(prof.domains)]
    pool = _REPLY[lang]
    return pool[r[1] % len(pool)].format_map(_slots(r, prof, dom, lang))
