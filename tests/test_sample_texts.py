"""Tests for the synthetic sample-quarter texts: they must be reproducible, in the right script,
informative where asked, varied, and never carry anything shaped like personal data."""

from __future__ import annotations

import re

import numpy as np
import pytest

from sushasan.sample.texts import (
    CITIZEN_KINDS,
    CITIZEN_LANGUAGES,
    LANGUAGES,
    citizen_message,
    department_post,
    department_reply,
)

DEPTS = [
    ("Uttarakhand Power Corporation Limited", "उत्तराखंड पावर कॉरपोरेशन लिमिटेड",
     ["electricity", "power cut"]),
    ("Uttarakhand Police", "उत्तराखंड पुलिस", ["traffic", "cyber crime"]),
    ("Department of Tourism", "पर्यटन विभाग", ["Char Dham", "yatra"]),
    ("Information and Public Relations", "सूचना एवं लोक संपर्क विभाग", []),
]
MARKER = re.compile(r"\d|https://|\.uk\.gov\.in")
TWELVE_DIGITS = re.compile(r"\d{12}|\d{4}[ -]\d{4}[ -]\d{4}")
MOBILE = re.compile(r"(?<![\d-])(?:\+91[ -]?)?[6-9]\d{9}(?!\d)")
TEN_PLUS_DIGITS = re.compile(r"\d{10,}")


def _deva_share(text: str) -> float:
    deva = sum("\u0900" <= ch <= "\u097f" for ch in text)
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return deva / max(deva + latin, 1)


def _all_texts(rng: np.random.Generator, n: int = 300) -> list[str]:
    out: list[str] = []
    for name_en, name_hi, kws in DEPTS:
        for _ in range(n):
            for lang in LANGUAGES:
                out.append(department_post(rng, name_en, name_hi, kws, lang, True))
                out.append(department_post(rng, name_en, name_hi, kws, lang, False))
            for lang in CITIZEN_LANGUAGES:
                for kind in CITIZEN_KINDS:
                    out.append(citizen_message(rng, name_en, name_hi, kws, lang, kind))
                out.append(department_reply(rng, name_en, name_hi, lang))
    return out


def test_deterministic_for_same_seed() -> None:
    a = _all_texts(np.random.default_rng(1), 20)
    b = _all_texts(np.random.default_rng(1), 20)
    c = _all_texts(np.random.default_rng(2), 20)
    assert a == b
    assert a != c


@pytest.mark.parametrize("informative", [True, False])
def test_post_scripts(informative: bool) -> None:
    rng = np.random.default_rng(1)
    for name_en, name_hi, kws in DEPTS:
        hi = [department_post(rng, name_en, name_hi, kws, "hi", informative) for _ in range(200)]
        en = [department_post(rng, name_en, name_hi, kws, "en", informative) for _ in range(200)]
        mx = [department_post(rng, name_en, name_hi, kws, "mixed", informative)
              for _ in range(200)]
        assert np.mean([_deva_share(t) for t in hi]) > 0.75
        assert min(_deva_share(t) for t in hi) > 0.4
        assert all(_deva_share(t) == 0.0 for t in en)
        for t in mx:
            assert re.search("[\u0900-\u097f]", t) and re.search("[A-Za-z]{3}", t), t
            assert 0.1 < _deva_share(t) < 0.9, t


@pytest.mark.parametrize("kind", CITIZEN_KINDS)
def test_citizen_scripts(kind: str) -> None:
    rng = np.random.default_rng(1)
    for name_en, name_hi, kws in DEPTS:
        hi = [citizen_message(rng, name_en, name_hi, kws, "hi", kind) for _ in range(200)]
        assert np.mean([_deva_share(t) for t in hi]) > 0.8
        for lang in ("en", "hinglish"):
            for _ in range(200):
                t = citizen_message(rng, name_en, name_hi, kws, lang, kind)
                assert _deva_share(t) == 0.0, t
                letters = [ch for ch in t if ch.isalpha()]
                assert sum(ch.isascii() for ch in letters) >= 0.95 * len(letters), t


def test_reply_scripts_and_dockets() -> None:
    rng = np.random.default_rng(1)
    hi = [department_reply(rng, *DEPTS[0][:2], "hi") for _ in range(300)]
    en = [department_reply(rng, *DEPTS[0][:2], "en") for _ in range(300)]
    hl = [department_reply(rng, *DEPTS[0][:2], "hinglish") for _ in range(300)]
    assert np.mean([_deva_share(t) for t in hi]) > 0.8
    assert all(_deva_share(t) == 0.0 for t in en + hl)
    dockets = [m for t in en for m in re.findall(r"UK\d+", t)]
    assert dockets and all(len(d) == 10 for d in dockets)  # 'UK' + 8 digits


def test_hinglish_reads_like_hinglish() -> None:
    rng = np.random.default_rng(1)
    texts = [citizen_message(rng, *DEPTS[0], "hinglish", "grievance") for _ in range(500)]
    hindi_words = re.compile(r"\b(nahi|hai|din|se|me|koi|kab|pls|sir|ho|ka|ki)\b")
    assert np.mean([bool(hindi_words.search(t)) for t in texts]) > 0.9


def test_informative_posts_carry_markers() -> None:
    rng = np.random.default_rng(1)
    for lang in LANGUAGES:
        for name_en, name_hi, kws in DEPTS:
            info = [department_post(rng, name_en, name_hi, kws, lang, True) for _ in range(300)]
            plain = [department_post(rng, name_en, name_hi, kws, lang, False)
                     for _ in range(300)]
            rate_info = np.mean([bool(MARKER.search(t)) for t in info])
            rate_plain = np.mean([bool(MARKER.search(t)) for t in plain])
            assert rate_info > 0.9
            assert rate_info > rate_plain + 0.5
            assert any("uk.gov.in" in t for t in info)
            assert not any("uk.gov.in" in t for t in plain)


def test_department_specific_content() -> None:
    rng = np.random.default_rng(1)
    power = [citizen_message(rng, *DEPTS[0], "en", "grievance") for _ in range(300)]
    police = [citizen_message(rng, *DEPTS[1], "en", "grievance") for _ in range(300)]
    assert np.mean([bool(re.search(r"power|electric|voltage|transformer|wire", t, re.I))
                    for t in power]) > 0.9
    assert not any("transformer" in t for t in police)


def test_diversity() -> None:
    rng = np.random.default_rng(1)
    msgs = [
        citizen_message(rng, *DEPTS[i % len(DEPTS)], CITIZEN_LANGUAGES[i % 3],
                        CITIZEN_KINDS[(i // 3) % 4])
        for i in range(3000)
    ]
    assert len(set(msgs)) >= 1000
    grievances = [citizen_message(rng, *DEPTS[1], "hinglish", "grievance") for _ in range(3000)]
    assert len(set(grievances)) >= 2500
    posts = [department_post(rng, *DEPTS[2], "en", True) for _ in range(3000)]
    assert len(set(posts)) >= 2000


def test_no_personal_data_shapes() -> None:
    for text in _all_texts(np.random.default_rng(7), 150):
        assert not TWELVE_DIGITS.search(text), text
        assert not MOBILE.search(text), text
        assert not TEN_PLUS_DIGITS.search(text), text
        assert "{" not in text and "}" not in text, text


def test_bad_arguments_raise() -> None:
    rng = np.random.default_rng(1)
    with pytest.raises(ValueError):
        department_post(rng, *DEPTS[0], "fr", True)
    with pytest.raises(ValueError):
        citizen_message(rng, *DEPTS[0], "en", "rant")
    with pytest.raises(ValueError):
        department_reply(rng, *DEPTS[0][:2], "xx")
