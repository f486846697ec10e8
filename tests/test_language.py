"""Language layer: language id (incl. Hinglish), normalisation and PII redaction.

The evaluation sets in ``tests/fixtures/language`` are invented civic messages (no real people or
numbers). ``langid_eval.tsv`` is the main labelled set; ``langid_hard.tsv`` holds short and
borderline posts where a lexicon scorer is most likely to slip.
"""

from __future__ import annotations

import csv
import random
import time
import unicodedata
from collections import Counter
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-1252 codec)
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sushasan.language.detect import detect_labels, detect_language, detect_many
from sushasan.language.normalise import (
    normalise_roman,
    normalise_roman_text,
    normalise_text,
    repair_mojibake,
)
from sushasan.language.pii import find_pii, redact, verhoeff_check_digit, verhoeff_valid

FIXTURES = Path(__file__).parent / "fixtures" / "language"


def _load(name: str) -> list[tuple[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["text"], row["language"]) for row in reader]


def _accuracy(rows: list[tuple[str, str]]) -> dict[str, float]:
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for (_, label), guess in zip(rows, detect_many(text for text, _ in rows), strict=True):
        total[label] += 1
        right[label] += guess.language == label
    return {label: right[label] / total[label] for label in total}


# --- language id -------------------------------------------------------------------------------


def test_eval_set_is_balanced_and_large_enough() -> None:
    rows = _load("langid_eval.tsv")
    counts = Counter(label for _, label in rows)
    assert len(rows) >= 300
    assert set(counts) == {"hi", "en", "hinglish", "mixed"}
    assert min(counts["hi"], counts["en"], counts["hinglish"]) >= 95
    assert counts["mixed"] >= 30
    assert len({text for text, _ in rows}) == len(rows)


def test_accuracy_per_language_on_eval_set() -> None:
    accuracy = _accuracy(_load("langid_eval.tsv"))
    print("\nlangid accuracy:", {k: round(v, 3) for k, v in sorted(accuracy.items())})
    assert accuracy["hi"] >= 0.9
    assert accuracy["en"] >= 0.9
    assert accuracy["hinglish"] >= 0.85
    assert accuracy["mixed"] >= 0.85


def test_accuracy_on_short_and_borderline_posts() -> None:
    rows = _load("langid_hard.tsv")
    accuracy = _accuracy(rows)
    print("\nhard-set accuracy:", {k: round(v, 3) for k, v in sorted(accuracy.items())})
    overall = sum(accuracy[k] * sum(1 for _, lab in rows if lab == k) for k in accuracy) / len(rows)
    assert overall >= 0.85


def test_detect_many_throughput() -> None:
    texts = [text for text, _ in _load("langid_eval.tsv")] * 300
    start = time.perf_counter()
    guesses = detect_many(texts)
    elapsed = time.perf_counter() - start
    print(f"\ndetect_many: {len(texts) / elapsed:,.0f} texts/s ({len(texts)} texts)")
    assert len(guesses) == len(texts)


@pytest.mark.parametrize("text", [None, "", "   ", "😀🙏🔥", "12345 ९८७ !!", "https://t.co/abc"])
def test_nothing_to_go_on_is_unknown(text: str | None) -> None:
    guess = detect_language(text)
    assert guess.language == "unknown"
    assert guess.confidence == 0.0


def test_mentions_hashtags_and_urls_do_not_count_as_latin() -> None:
    guess = detect_language("बिजली नहीं है @UPCL_Official #PowerCut https://t.co/x1 ram@mail.com")
    assert guess.language == "hi"
    assert guess.script_share == {"devanagari": 1.0, "latin": 0.0}


def test_script_share_sums_to_one_and_mixed_needs_both_scripts() -> None:
    guess = detect_language("राजपुर रोड पर light नहीं है since morning, please check")
    assert guess.language == "mixed"
    assert sum(guess.script_share.values()) == pytest.approx(1.0)
    assert 0.0 < guess.confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Main road blocked at ISBT, please send traffic police", "en"),
        ("Send me the status of my complaint or close it", "en"),
        ("main kal se pareshan hu, koi sunta nahi", "hinglish"),
        ("ghar me paani nhi h", "hinglish"),
        ("nahiiii aaya paaani abhi tak", "hinglish"),
        ("FIR not registered at the police station", "en"),
    ],
)
def test_ambiguous_tokens_do_not_decide_alone(text: str, language: str) -> None:
    assert detect_language(text).language == language


# --- normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "original", ["बिजली", "पानी नहीं आ रहा है", "सड़क टूटी है 🙏", "Haldwani में जाम"]
)
def test_repair_mojibake_latin1_and_cp1252(original: str) -> None:
    # "sloppy" cp1252 keeps the five bytes cp1252 leaves undefined, as real exports do.
    for codec in ("latin-1", "sloppy-windows-1252"):
        broken = original.encode("utf-8").decode(codec)
        assert broken != original
        assert repair_mojibake(broken) == original


def test_repair_mojibake_known_export_sample_and_clean_text() -> None:
    assert repair_mojibake("à¤¬à¤¿à¤œà¤²à¥€") == "बिजली"
    assert repair_mojibake("à¤ªà¤¾à¤¨à¥€ à¤¨à¤¹à¥€à¤‚") == "पानी नहीं"
    for clean in ("बिजली नहीं है", "No power since Monday", "café ☕", 'He said "ok" &amp; left'):
        assert repair_mojibake(clean) == clean


def test_nukta_forms_meet_after_normalisation() -> None:
    precomposed, decomposed = "\u095b\u0930\u0942\u0930", "\u091c\u093c\u0930\u0942\u0930"  # ज़रूर
    assert precomposed != decomposed
    assert normalise_text(precomposed) == normalise_text(decomposed)
    assert unicodedata.is_normalized("NFC", normalise_text(precomposed))
    assert normalise_text(precomposed, drop_nukta=True) == "जरूर"
    for letter in "\u0958\u0959\u095a\u095b\u095c\u095d\u095e\u095f":
        assert normalise_text(letter) == normalise_text(unicodedata.normalize("NFD", letter))


def test_chandrabindu_joiners_and_whitespace() -> None:
    assert normalise_text("गाँव") == "गाँव"
    assert normalise_text("गाँव", fold_chandrabindu=True) == "गांव"
    assert normalise_text("क्\u200dष  \u200cबिजली\n\t है\ufeff ") == "क्ष बिजली है"


def test_normalise_text_repairs_mojibake_unless_told_not_to() -> None:
    assert normalise_text("à¤¬à¤¿à¤œà¤²à¥€  ") == "बिजली"
    assert normalise_text("à¤¬", repair=False) == "à¤¬"


@pytest.mark.parametrize(
    ("token", "canonical"),
    [
        ("nhi", "nahi"), ("nai", "nahi"), ("Nahin", "nahi"), ("nahiiii", "nahi"), ("h", "hai"),
        ("he", "hai"), ("pani", "paani"), ("bijlee", "bijli"), ("kyu", "kyun"), ("kyon", "kyun"),
        ("thik", "theek"), ("saab", "sahab"), ("shikayt", "shikayat"), ("kro", "karo"),
        ("rha", "raha"), ("bohot", "bahut"), ("jyada", "zyada"), ("kahaan", "kahan"),
        ("Electricity", "electricity"),
        # inflections and synonyms are different words, not spellings: left alone
        ("karna", "karna"), ("gayi", "gayi"), ("meri", "meri"), ("thand", "thand"),
    ],
)
def test_normalise_roman(token: str, canonical: str) -> None:
    assert normalise_roman(token) == canonical


def test_normalise_roman_text_keeps_everything_but_words() -> None:
    assert normalise_roman_text("Pani nhi aaya, 3 din! बिजली") == "paani nahi aaya, 3 din! बिजली"


# --- PII ---------------------------------------------------------------------------------------


def _aadhaar(rng: random.Random) -> str:
    body = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(10))
    return body + verhoeff_check_digit(body)


def test_verhoeff_known_values() -> None:
    # Published examples of the Verhoeff scheme: 236 -> 3, 12345 -> 1, 123456789012 -> 0.
    assert verhoeff_check_digit("236") == "3"
    assert verhoeff_check_digit("12345") == "1"
    assert verhoeff_check_digit("123456789012") == "0"
    assert verhoeff_valid("2363") and not verhoeff_valid("2364")
    assert verhoeff_valid("123451") and not verhoeff_valid("123459")


def test_verhoeff_catches_single_digit_errors_and_adjacent_swaps() -> None:
    rng = random.Random(7)
    for _ in range(200):
        number = _aadhaar(rng)
        assert verhoeff_valid(number)
        pos = rng.randrange(12)
        wrong = str((int(number[pos]) + rng.randint(1, 9)) % 10)
        assert not verhoeff_valid(number[:pos] + wrong + number[pos + 1 :])
        pos = rng.randrange(11)
        if number[pos] != number[pos + 1]:
            swapped = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2 :]
            assert not verhoeff_valid(swapped)


def test_valid_aadhaar_is_redacted_in_every_layout() -> None:
    rng = random.Random(11)
    deva = str.maketrans("0123456789", "०१२३४५६७८९")
    for _ in range(50):
        n = _aadhaar(rng)
        for layout in (n, f"{n[:4]} {n[4:8]} {n[8:]}", f"{n[:4]}-{n[4:8]}-{n[8:]}",
                       n.translate(deva)):
            text = f"मेरा आधार {layout} है, sir help karo"
            assert redact(text) == "मेरा आधार [aadhaar] है, sir help karo"
            assert [kind for kind, _ in find_pii(text)] == ["aadhaar"]


def test_twelve_digit_numbers_failing_verhoeff_are_kept() -> None:
    rng = random.Random(13)
    for _ in range(50):
        valid = _aadhaar(rng)
        if valid[0] in "6789":  # "9 1..." could be a +91 phone number; keep this test about dockets
            continue
        invalid = valid[:-1] + str((int(valid[-1]) + 1) % 10)
        for layout in (invalid, f"{invalid[:4]} {invalid[4:8]} {invalid[8:]}"):
            text = f"Docket no. {layout} still pending"
            assert find_pii(text) == []
            assert redact(text) == text


def test_checksum_valid_number_starting_with_0_or_1_is_not_aadhaar() -> None:
    for body in ("12345678901", "01234567890"):
        number = body + verhoeff_check_digit(body)
        assert redact(f"consumer no {number}") == f"consumer no {number}"


@pytest.mark.parametrize(
    "phone",
    [
        "9837012345", "+919837012345", "+91 9837012345", "+91-98370-12345", "+91 98370 12345",
        "0091 9837012345", "09837012345", "98370 12345", "98370-12345", "983-701-2345",
        "91 9837012345", "६२९८७६५४३२",
    ],
)
def test_mobile_number_variants(phone: str) -> None:
    assert redact(f"Call me at {phone} please") == "Call me at [phone] please"


@pytest.mark.parametrize("landline", ["0135-2712345", "(0135) 2712345", "01334 265432",
                                      "05946-234567", "+91 135 2712345", "0135 271 2345"])
def test_landline_variants(landline: str) -> None:
    assert redact(f"ऑफिस नंबर {landline} पर फोन करें") == "ऑफिस नंबर [landline] पर फोन करें"


@pytest.mark.parametrize("email", ["ram.kumar@gmail.com", "citizen+upcl@example.co.in",
                                   "a_b-c@mail.uk.gov.in", "UPPER.Case@Example.ORG"])
def test_email_variants(email: str) -> None:
    assert redact(f"mail karo {email}, shukriya") == "mail karo [email], shukriya"


@pytest.mark.parametrize(
    "text",
    [
        "Complaint no. 2024/UK/123456 dated 12-05-2024",
        "PIN 248001, ward 12, Rs 15000 bill",
        "बिल संख्या 55512345 दिनांक 01/04/2024 समय 10:30",
        "consumer id 123456789",  # nine digits
        "@UPCL_Official #बिजली_संकट https://t.co/98370123",
        "Train 12055 Jan Shatabdi late by 2 hours",
        "5837012345 starts with 5 so it is not a mobile number",
    ],
)
def test_non_pii_numbers_are_kept(text: str) -> None:
    assert redact(text) == text


def test_redaction_keeps_the_rest_of_the_text() -> None:
    rng = random.Random(17)
    n = _aadhaar(rng)
    text = f"नमस्ते 🙏 मेरा नंबर ९८३७०१२३४५ और ईमेल x.y@example.in है; आधार {n}. धन्यवाद!"
    expected = "नमस्ते 🙏 मेरा नंबर [phone] और ईमेल [email] है; आधार [aadhaar]. धन्यवाद!"
    assert redact(text) == expected
    kinds = [kind for kind, _ in find_pii(text)]
    assert kinds == ["phone", "email", "aadhaar"]
    for _kind, (start, end) in find_pii(text):
        assert text[start:end].strip() == text[start:end]


@given(st.text(alphabet="कखगघचछजटठडतथदनपफबमयरलवशसहािीुूेैोौंँ़्। abcxyzAB,.?!\n", max_size=80))
def test_text_without_digits_or_at_sign_is_never_changed(text: str) -> None:
    assert redact(text) == text
    assert normalise_roman_text(text).lower() == normalise_roman_text(text.lower())


def _batch_texts() -> list[str | None]:
    """Fixture posts, the grievance data sets, generated comments and adversarial fragments."""
    from sushasan.grievances.classify.detect import (
        default_eval_path,
        default_train_path,
        load_examples,
    )
    from sushasan.sample.texts import CITIZEN_KINDS, CITIZEN_LANGUAGES, citizen_message

    texts: list[str | None] = [t for name in ("langid_eval.tsv", "langid_hard.tsv")
                               for t, _ in _load(name)]
    texts += [e.text for p in (default_eval_path(), default_train_path())
              for e in load_examples(p)]
    rng = random.Random(7)
    gen = np.random.default_rng(7)
    for i in range(20_000):
        texts.append(citizen_message(gen, "Uttarakhand Jal Sansthan", "उत्तराखण्ड जल संस्थान",
                                     ["paani", "पानी", "water"],
                                     CITIZEN_LANGUAGES[i % len(CITIZEN_LANGUAGES)],
                                     CITIZEN_KINDS[(i // 3) % len(CITIZEN_KINDS)]))
    pieces = ["nahi", "the", " is ", " me ", "mein", "NAHIII", "ooooo", "HtTpſ://x", "https://a.b",
              "WwW.x", "a@b.co", "x.y+z@d-e.f", "#tag", "@UPCL_x", "कड़ी", "\u093c", "्", "।",
              "😀", "É", "ΣΑΣ", "\u0130", "\u212a", "\x1f", "\x00", "\n", " ", ".", "-", "+", "1"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
              for _ in range(5000)]
    return [*texts, None, "", "   "]


def test_batch_paths_equal_detect_language_for_every_post() -> None:
    texts = _batch_texts()
    expected = [detect_language(t) for t in texts]
    assert detect_many(texts) == expected
    assert detect_labels(texts) == [g.language for g in expected]
    # Order and batch composition do not matter; repeated posts get their own share dicts.
    assert detect_many(texts[::-1]) == expected[::-1]
    twice = detect_many(["bijli nahi", "bijli nahi"])
    assert twice[0] == twice[1] and twice[0].script_share is not twice[1].script_share


def test_word_lists_are_data_and_hold_words_not_letters() -> None:
    """The lists live in data/hinglish.yaml. When they were Python, five entries written as
    ``("teen")`` (a string, not a tuple) made the letters t, e, n, i, r, c, j, d, s count as
    full Hinglish evidence."""
    from sushasan.language import hinglish_words as words

    assert words.WORDS_FILE.name == "hinglish.yaml" and words.WORDS_FILE.is_file()
    assert all(len(w) > 1 for w in words.HINGLISH_WORDS), sorted(
        w for w in words.HINGLISH_WORDS if len(w) <= 1)
    assert {"teen", "bina", "neeche", "baad", "sirji"} <= words.HINGLISH_WORDS
    every = [w for vs in words.HINGLISH_VARIANTS.values() for w in vs]
    every += list(words.ENGLISH_WORDS) + list(words.AMBIGUOUS)
    assert all(isinstance(w, str) and w for w in every)  # YAML read "no", "on" as words
    assert words.ENGLISH_WORDS["no"] == 1.0 and "on" in words.ENGLISH_WORDS
