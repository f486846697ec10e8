"""Grievance routing: lexicon integrity, a table of real-world cases in three languages, tags,
the Chief Minister fallback, place-specific bodies and the gazetteer."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from sushasan.app import DEFAULT_REGISTRY
from sushasan.grievances.classify.places import Gazetteer, default_gazetteer, find_places
from sushasan.grievances.classify.routing import (
    TRIAGE_THRESHOLD,
    Route,
    Router,
    RoutingTerms,
    fold,
    unknown_department_ids,
)
from sushasan.language import normalise_roman_text, normalise_text
from sushasan.registry import Account, Department, load_registry_file

EVAL_FILE = (
    Path(__file__).resolve().parents[1] / "src" / "sushasan" / "grievances" / "classify" / "data"
    / "eval.jsonl"
)


@pytest.fixture(scope="module")
def departments() -> list[Department]:
    return load_registry_file(DEFAULT_REGISTRY)


@pytest.fixture(scope="module")
def router(departments: list[Department]) -> Router:
    return Router(departments)


# ---------------------------------------------------------------------------- lexicon integrity


def test_every_lexicon_department_exists_in_the_registry(departments: list[Department]) -> None:
    assert unknown_department_ids(departments) == set()


def test_unknown_ids_are_reported() -> None:
    lonely = [Department("pwd", "Public Works Department (PWD)", "लोक निर्माण विभाग")]
    missing = unknown_department_ids(lonely, RoutingTerms.from_file())
    assert "upcl" in missing and "pwd" not in missing


def test_gazetteer_has_the_13_districts() -> None:
    assert len(default_gazetteer().districts) == 13
    assert set(default_gazetteer().divisions.values()) == {"garhwal", "kumaon"}


# ---------------------------------------------------------------------------- routing table

# (language, text, expected department). Written for this test, independent of eval.jsonl.
CASES: list[tuple[str, str, str]] = [
    # electricity: UPCL runs supply, bills and faults, not the Energy Department
    ("hinglish", "Hamare gaon me 3 din se bijli nahi hai, transformer jal gaya", "upcl"),
    ("hi", "बिजली का बिल दोगुना आया है, मीटर खराब है", "upcl"),
    ("en", "Power cut every evening for 4 hours in Kashipur, no one picks up", "upcl"),
    ("hinglish", "light nhi aa rhi subah se, lineman phone nahi uthata", "upcl"),
    # water
    ("hi", "पानी नहीं आ रहा 5 दिन से, जल संस्थान सो रहा है", "jal_sansthan"),
    ("hinglish", "mohalle ka handpump kharab hai 2 mahine se", "jal_sansthan"),
    ("en", "Dirty water with worms is coming from the tap in Almora", "jal_sansthan"),
    # roads
    ("en", "Road full of potholes near Kotdwar, PWD please fix", "pwd"),
    ("hinglish", "sadak me itne gaddhe hai ki gaadi chalana mushkil", "pwd"),
    ("hi", "पुल टूटा हुआ है, बच्चे नदी पार करके स्कूल जाते हैं", "pwd"),
    # police
    ("hinglish", "meri bike chori ho gayi, thane me FIR nahi likh rahe", "police"),
    ("hi", "हमारे मोहल्ले में रोज रात मारपीट होती है, पुलिस नहीं आती", "police"),
    ("en", "Lost money to an online fraud, the cyber cell has not responded", "police"),
    # health
    ("hi", "जिला अस्पताल में डॉक्टर नहीं बैठते, मरीज परेशान", "health"),
    ("en", "The 108 ambulance took 3 hours to reach our village", "health"),
    # transport and roadways
    ("hinglish", "roadways bus ka conductor ticket nahi deta, paise le leta hai", "utc"),
    ("en", "RTO office will not issue my driving licence without an agent", "transport"),
    # temples, tourism, heli: place-specific bodies
    ("hinglish", "Kedarnath me VIP darshan ke naam pe loot ho rahi hai", "bktc"),
    ("hi", "बदरीनाथ मंदिर में प्रसाद के नाम पर ज्यादा पैसे लिए जा रहे हैं", "bktc"),
    ("en", "Kedarnath helicopter ticket was cancelled and no refund yet", "ucada"),
    ("en", "Guest house booking in Munsiyari was cancelled without notice", "kmvn"),
    ("hinglish", "Auli ke guest house me booking ke baad bhi kamra nahi mila", "gmvn"),
    # forest and disaster
    ("hinglish", "guldar ne bakri maar di, van vibhag so raha hai", "forest"),
    ("hi", "जंगल में आग लगी है, कोई बुझाने नहीं आया", "forest"),
    ("en", "Our house was damaged in the landslide and no relief amount has come", "usdma"),
    ("hi", "आपदा में टूटे घर का मुआवजा अब तक नहीं मिला", "usdma"),
    # municipal: Dehradun has its own Nagar Nigam in the registry
    ("hinglish", "Dehradun ke Patel Nagar me kooda gaadi nahi aayi", "nagar_nigam_dehradun"),
    ("en", "Garbage has not been collected in Haldwani for a week", "urban_development"),
    ("hi", "देहरादून में बिना नक्शा पास कराए अवैध निर्माण हो रहा है", "mdda"),
    # revenue, ration, pension, education
    ("hinglish", "patwari khatauni me naam sahi karne ke paise maang raha hai", "revenue"),
    ("hi", "राशन डीलर ने इस महीने राशन नहीं दिया, कार्ड भी बंद कर दिया", "food_civil_supplies"),
    ("en", "My mother's old age pension has not come for 6 months", "social_welfare"),
    ("hinglish", "school me 2 saal se maths ka teacher hi nahi hai", "school_education"),
    # citizens who tag or address the Chief Minister: the department still wins
    ("hinglish", "@pushkardhami CM sahab hamare gaon ki sadak 5 saal se tooti hai", "pwd"),
    ("hi", "मुख्यमंत्री जी कृपया ध्यान दें, गांव में 10 दिन से बिजली नहीं है", "upcl"),
    ("en", "Dear Chief Minister, our ration shop is always closed", "food_civil_supplies"),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES, ids=[c[1][:40] for c in CASES])
def test_routes_to_the_right_department(
    router: Router, language: str, text: str, expected: str
) -> None:
    route = router.route(text)
    assert route.department_id == expected, (language, route)
    assert 0.0 <= route.score <= 1.0
    assert route.reasons


def test_table_covers_three_languages_and_enough_cases() -> None:
    languages = {c[0] for c in CASES}
    assert languages == {"hi", "hinglish", "en"} and len(CASES) >= 30


def test_reasons_name_the_evidence(router: Router) -> None:
    route = router.route("Rudraprayag me 2 din se bijli nahi")
    assert route.department_id == "upcl"
    assert "keyword: bijli nahi → upcl" in route.reasons
    assert "place: Rudraprayag (district)" in route.reasons
    assert route.district == "Rudraprayag" and route.score >= TRIAGE_THRESHOLD


def test_place_gives_district_but_not_department(router: Router) -> None:
    route = router.route("Guptkashi me kal bahut barish hui")
    assert (route.place, route.district) == ("Guptkashi", "Rudraprayag")
    assert route.department_id is None or route.score < TRIAGE_THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "sarkar kuch nahi karti",
        "vibhag department government sarkari adhikari",
        "नहीं नहीं नहीं, कोई सुनवाई नहीं",
        "please help, no one listens to our complaint",
        "",
    ],
)
def test_generic_words_and_negation_match_nothing(router: Router, text: str) -> None:
    route = router.route(text)
    assert route.department_id is None and route.score == 0.0


def test_lowercase_fir_is_hinglish_not_police(router: Router) -> None:
    assert router.route("fir bhi koi nahi aaya").department_id is None
    assert router.route("FIR darj nahi hui").department_id == "police"


def test_hindi_spelling_variants_meet(router: Router) -> None:
    # nukta written or not, precomposed or combining; chandrabindu vs anusvara
    for text in ("सड़क टूटी है", "सडक टूटी है", "स\u095cक टूटी है", "सड़कों में गड्ढे"):
        assert router.route(text).department_id == "pwd", text


def test_cm_only_falls_back_below_threshold(router: Router) -> None:
    route = router.route("CM sahab please help karo, koi sunwai nahi")
    assert route.department_id == "information"
    assert route.score < TRIAGE_THRESHOLD
    assert any("Chief Minister" in r for r in route.reasons)


def test_many_topics_at_once_go_to_triage(router: Router) -> None:
    route = router.route("sir hamare gaon me na sadak hai na hospital na network, kahan jaye")
    assert route.score < TRIAGE_THRESHOLD and len(route.alternatives) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "Bijleeee NHI  aa rhi!!",
        "उत्तराखण्ड में सड़क\u200d की ख़राब हालत",
        "गाँव_का @UPCL-DDN",
        "Kedarnath",
    ],
)
def test_fold_agrees_with_the_language_layer(text: str) -> None:
    expected = normalise_roman_text(
        normalise_text(text, fold_chandrabindu=True, drop_nukta=True).lower()
    )
    expected = " ".join(expected.replace("_", " ").replace("-", " ").split())
    assert fold(text) == expected.replace("ण्ड", "ंड")


def test_mojibake_is_repaired_before_matching(router: Router) -> None:
    garbled = "बिजली नहीं".encode().decode("latin-1")
    assert router.route(garbled).department_id == "upcl"


# ---------------------------------------------------------------------------- tags and posts


def _small_registry() -> list[Department]:
    return [
        Department(
            "energy", "Energy Department", "ऊर्जा विभाग", keywords=("bijli", "बिजली"),
            accounts=(Account("x", "EnergyUK"),),
        ),
        Department(
            "upcl", "Uttarakhand Power Corporation Ltd (UPCL)", "उत्तराखण्ड पावर कॉरपोरेशन लिमिटेड",
            kind="corporation", parent="energy", keywords=("meter", "transformer"),
            accounts=(Account("x", "UPCL_DDN"), Account("facebook", "upcl.official")),
        ),
        Department(
            "pwd", "Public Works Department (PWD)", "लोक निर्माण विभाग", keywords=("sadak",),
            accounts=(Account("x", "PWD_UK"),),
        ),
        Department(
            "jal_sansthan", "Uttarakhand Jal Sansthan", "उत्तराखण्ड जल संस्थान",
            kind="undertaking", keywords=("pani",), accounts=(Account("x", "ujs_official"),),
        ),
        Department(
            "information", "Information and Public Relations Department",
            "सूचना एवं लोक सम्पर्क विभाग", accounts=(Account("x", "ChiefMinister_UK"),),
        ),
    ]


@pytest.fixture(scope="module")
def small() -> Router:
    return Router(_small_registry())


def test_small_registry_skips_lexicon_ids_it_does_not_have(small: Router) -> None:
    route = small.route("ration card nahi bana")  # food_civil_supplies is not in it
    assert route.department_id is None


def test_tagged_handle_routes_without_keywords(small: Router) -> None:
    route = small.route("3 din ho gaye, koi sunwai nahi", tagged_handles=["@UPCL_DDN"])
    assert route.department_id == "upcl"
    assert "tagged: @upcl_ddn → upcl" in route.reasons


def test_mention_in_text_counts_as_a_tag(small: Router) -> None:
    route = small.route("@ujs_official kab tak intezaar karein?")
    assert route.department_id == "jal_sansthan"


def test_wrongly_tagged_department_loses_to_clear_text(small: Router) -> None:
    text = "sadak me gaddhe hi gaddhe, PWD kab theek karega, pothole se accident"
    route = small.route(text, tagged_handles=["UPCL_DDN"])
    assert route.department_id == "pwd"
    assert ("upcl", pytest.approx(route.alternatives[0][1])) == route.alternatives[0]


def test_cm_handle_is_only_a_fallback(small: Router) -> None:
    routed = small.route("bijli ka meter jal gaya", tagged_handles=["ChiefMinister_UK"])
    assert routed.department_id == "upcl"
    alone = small.route("sir please dhyan dijiye", tagged_handles=["@ChiefMinister_UK"])
    assert alone.department_id == "information" and alone.score < TRIAGE_THRESHOLD


def test_addressed_department_is_a_weak_prior(small: Router) -> None:
    # Uncontested, the department whose post was answered gets it (it can transfer) ...
    only_prior = small.route("koi sunta hi nahi", addressed_department="pwd")
    assert only_prior.department_id == "pwd" and only_prior.score >= TRIAGE_THRESHOLD
    # ... but any department named in the text overrules it.
    overruled = small.route("pani ki supply band hai, nal sookhe", addressed_department="pwd")
    assert overruled.department_id == "jal_sansthan"
    on_cm_post = small.route("koi sunta hi nahi", addressed_department="information")
    assert on_cm_post.department_id == "information" and on_cm_post.score < TRIAGE_THRESHOLD


def test_tie_prefers_the_operating_body(small: Router) -> None:
    route = small.route("bijli")  # energy (registry keyword) and UPCL (lexicon) both match
    assert route.department_id == "upcl"


def test_extra_terms_extend_the_lexicon() -> None:
    router = Router(_small_registry(), extra_terms={"pwd": ["kharanja", "vibhag"]})
    assert router.route("gali ka kharanja toota").department_id == "pwd"
    assert router.route("vibhag").department_id == "pwd"  # explicit extra terms beat ignore


def test_route_many_matches_route(small: Router) -> None:
    texts = ["bijli nahi", "sadak tooti", "kuch nahi"]
    tagged: list[Sequence[str]] = [(), (), ["UPCL_DDN"]]
    routes = small.route_many(texts, tagged=tagged, addressed=[None, "pwd", None])
    assert routes == [
        small.route("bijli nahi"),
        small.route("sadak tooti", addressed_department="pwd"),
        small.route("kuch nahi", tagged_handles=["UPCL_DDN"]),
    ]
    assert all(isinstance(r, Route) for r in routes)
    with pytest.raises(ValueError, match="one entry per text"):
        small.route_many(texts, tagged=[()])


# ---------------------------------------------------------------------------- gazetteer


def test_find_places_spans_point_into_the_original_text() -> None:
    text = "Har ki Pauri par gandagi hai, Haridwar prashasan dhyan de"
    found = find_places(text)
    assert [(m.name, m.district) for m in found] == [
        ("Har ki Pauri", "Haridwar"), ("Haridwar", "Haridwar"),
    ]
    assert [text[slice(*m.span)] for m in found] == ["Har ki Pauri", "Haridwar"]


@pytest.mark.parametrize(
    ("text", "name", "district"),
    [
        ("masoori road pe jam", "Mussoorie", "Dehradun"),
        ("गुप्तकाशी में बिजली नहीं", "Guptkashi", "Rudraprayag"),
        ("रुड़की में पानी", "Roorkee", "Haridwar"),
        ("रु\u095cकी में पानी", "Roorkee", "Haridwar"),
        ("Jyotirmath me daraar", "Joshimath", "Chamoli"),
        ("New Tehri bus adda", "New Tehri", "Tehri Garhwal"),
        ("Srinagar Garhwal base hospital", "Srinagar (Garhwal)", "Pauri Garhwal"),
        ("US Nagar ke Rudrapur me", "Udham Singh Nagar", "Udham Singh Nagar"),
        ("Dehra Dun station", "Dehradun", "Dehradun"),
        ("चंपावत और टनकपुर", "Champawat", "Champawat"),
    ],
)
def test_find_places_spellings(text: str, name: str, district: str) -> None:
    first = find_places(text)[0]
    assert (first.name, first.district) == (name, district)


def test_labels_and_everyday_words_are_not_places() -> None:
    assert find_places("salt is costly and badal phata yesterday") == []
    assert find_places("Rudrapurwala") == []  # a name must be a whole word


def test_gazetteer_accepts_injected_data() -> None:
    gazetteer = Gazetteer([{"district": "Testpur", "division": "x", "places": [["Alpha", "अल्फा"]]}])
    assert [(m.name, m.district) for m in gazetteer.find("अल्फा me")] == [("Alpha", "Testpur")]


# ---------------------------------------------------------------------------- evaluation set


@pytest.mark.skipif(not EVAL_FILE.exists(), reason="eval.jsonl not written yet")
def test_accuracy_on_the_shared_evaluation_set(router: Router) -> None:
    rows = [json.loads(line) for line in EVAL_FILE.read_text(encoding="utf-8").splitlines() if line]
    cases = [r for r in rows if r.get("is_grievance") and r.get("department_id")]
    routes = router.route_many([r["text"] for r in cases])
    top1 = sum(rt.department_id == r["department_id"] for rt, r in zip(routes, cases, strict=True))
    confident = [(rt, r) for rt, r in zip(routes, cases, strict=True) if not rt.needs_triage]
    right = sum(rt.department_id == r["department_id"] for rt, r in confident)
    # Floors well below the measured values (see bench/bench_routing.py): a guard against a
    # lexicon edit that breaks routing, not a target.
    assert top1 / len(cases) >= 0.8
    assert right / max(len(confident), 1) >= 0.85
