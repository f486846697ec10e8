"""Routing with another state's registry (issue 14): the concept layer and the concept router.

A state cell brings its own registry: its own ids, names in English and Hindi, a few keywords.
Nothing in the routing lexicon or the department-id model is keyed by those ids, so these
tests pin what must still work: a plain complaint reaches the right desk by what it is about,
keyword variants match (plural, one word or two, Hindi and Hinglish for the same thing), and a
text two departments claim equally goes to triage instead of a wrong desk.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sushasan.app import DEFAULT_REGISTRY
from sushasan.grievances.classify.concept_model import ConceptRouter, blend
from sushasan.grievances.classify.concepts import ConceptLexicon, default_concepts, joined_variant
from sushasan.grievances.classify.route_model import RoutingModel, combine, learned_router
from sushasan.grievances.classify.routing import TRIAGE_THRESHOLD, Route, Router
from sushasan.registry import Department, load_registry_file
from tests.conftest import Cli

FOREIGN = Path(__file__).resolve().parents[1] / "bench" / "data" / "registry_bengaluru.yaml"

# A small registry as another state's cell might write it: ids, names and keywords that the
# shipped lexicon has never seen (no "jal_sansthan", no "upcl").
CITY = [
    Department("city_water", "Metro Water Supply and Sewerage Board", "महानगर जल आपूर्ति बोर्ड",
               keywords=("water supply", "sewage")),
    Department("city_power", "City Electricity Distribution Company", "नगर विद्युत वितरण कंपनी",
               keywords=("power cut", "transformer")),
    Department("city_roads", "Municipal Roads Department", "नगरपालिका सड़क विभाग",
               keywords=("pothole", "footpath")),
    Department("city_waste", "Municipal Solid Waste Management", "नगरपालिका ठोस अपशिष्ट प्रबंधन",
               keywords=("garbage", "street light")),
]


@pytest.fixture(scope="module")
def city() -> Router:
    return Router(CITY)


def _best(router: Router, text: str) -> Route:
    return router.route(text)


# ----------------------------------------------------------------------- the concept lexicon


def test_concept_lexicon_links_only_shipped_departments_and_maps_every_category() -> None:
    lexicon = default_concepts()
    shipped = {d.id for d in load_registry_file(DEFAULT_REGISTRY)}
    assert lexicon.department_ids() <= shipped
    from sushasan.grievances.classify.realdata import CATEGORY_DEPARTMENT

    assert set(CATEGORY_DEPARTMENT) <= set(lexicon.categories)


def test_an_unknown_concept_in_the_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "concepts.yaml"
    bad.write_text("concepts:\n  water: {strong: [pani]}\nassign:\n  watr: [jal_sansthan]\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="watr"):
        ConceptLexicon.from_file(bad)


def test_departments_are_linked_to_concepts_by_their_own_names_and_keywords() -> None:
    links = default_concepts().links(CITY, {"strong": 2.5, "terms": 1.0, "weak": 0.35})
    assert links["water"] == {"city_water": 1.0}
    assert links["electricity"] == {"city_power": 1.0}
    assert links["roads"] == {"city_roads": 1.0}
    assert links["waste"] == {"city_waste": 1.0}
    assert links["streetlights"] == {"city_waste": 1.0}  # only by its keyword


def test_a_minor_mention_does_not_take_a_concept_from_the_body_it_is_all_about() -> None:
    """The foreign test registry's street-light department says "electrical" in its name;
    a power cut is still the power company's."""
    links = default_concepts().links(load_registry_file(FOREIGN),
                                     {"strong": 2.5, "terms": 1.0, "weak": 0.35})
    assert links["electricity"] == {"bescom": 1.0}
    assert links["streetlights"] == {"bbmp_electrical": 1.0}


# ----------------------------------------------------------------- routing by concept


@pytest.mark.parametrize(("text", "expected"), [
    ("पानी नहीं आ रहा", "city_water"),  # the issue's own example
    ("3 din se bijli nahi hai, transformer jal gaya", "city_power"),
    ("Sadak me bade gadde hai, koi sunwai nahi", "city_roads"),
    ("Kooda 4 din se nahi utha, poori gali me badbu", "city_waste"),
    ("Open manhole near the school, sewage overflowing", "city_water"),
])
def test_a_foreign_registry_routes_a_plain_complaint_by_concept(city: Router, text: str,
                                                                 expected: str) -> None:
    route = _best(city, text)
    assert route.department_id == expected, route
    assert any(r.startswith("concept:") for r in route.reasons), route.reasons


@pytest.mark.parametrize(("variant", "expected"), [
    ("Potholes everywhere on 5th cross, two bikes fell", "city_roads"),  # keyword: pothole
    ("Streetlight not working for a week", "city_waste"),  # keyword: street light
    ("street-lights off in our lane", "city_waste"),
    ("garbages dumped near the park", "city_waste"),  # keyword: garbage
])
def test_keyword_variants_match(city: Router, variant: str, expected: str) -> None:
    assert _best(city, variant).department_id == expected


def test_joined_two_word_terms() -> None:
    assert joined_variant("street light") == "streetlight"
    assert joined_variant("garbage") is None


@pytest.mark.parametrize("texts", [
    ("बिजली नहीं है सुबह से", "bijli nahi hai subah se", "no electricity since morning"),
    ("कूड़ा नहीं उठा", "kachra nahi utha", "garbage not collected"),
    ("सड़क में गड्ढे हैं", "sadak me gaddhe hai", "potholes on the road"),
])
def test_hindi_hinglish_and_english_for_one_concept_route_the_same(city: Router,
                                                                   texts: tuple[str, ...]) -> None:
    got = {_best(city, t).department_id for t in texts}
    assert len(got) == 1 and None not in got, got


def test_a_text_two_departments_claim_equally_goes_to_triage() -> None:
    twins = [
        Department("urban_water", "Urban Water Supply Board", "शहरी जल आपूर्ति बोर्ड",
                   keywords=("water supply", "tanker")),
        Department("rural_water", "Rural Water Supply Department", "ग्रामीण जल आपूर्ति विभाग",
                   keywords=("water supply", "handpump")),
    ]
    route = Router(twins).route("No water supply in our area for three days")
    assert route.needs_triage, route
    assert {route.department_id, *(d for d, _ in route.alternatives)} == {"urban_water",
                                                                         "rural_water"}


def test_a_name_shared_by_unrelated_bodies_decides_nothing() -> None:
    router = Router(load_registry_file(FOREIGN))
    route = router.route("BBMP please clear the garbage dumped on our street")
    assert route.department_id == "bbmp_swm"
    assert not route.needs_triage, route


def test_the_shipped_registry_still_routes_by_its_own_lexicon() -> None:
    router = Router(load_registry_file(DEFAULT_REGISTRY))
    route = router.route("bhai Dehradun ke gali no 10 me 4 din se kooda nai utha")
    assert route.department_id == "nagar_nigam_dehradun"  # the place rule, not the concept


# ------------------------------------------------------------------ the learned routers


def test_the_learned_router_is_the_concept_model_for_a_foreign_registry() -> None:
    assert isinstance(learned_router(load_registry_file(FOREIGN)), ConceptRouter)
    assert isinstance(learned_router(load_registry_file(DEFAULT_REGISTRY)), RoutingModel)


def test_blend_keeps_the_terms_reasons_and_says_what_the_model_thought() -> None:
    route = Route("bwssb", 0.6, ("concept: pipe leak = water supply → bwssb",),
                  alternatives=(("bbmp_roads", 1.0),))
    agreed = blend(route, {"bwssb": 0.9, "bbmp_roads": 0.05})
    assert agreed.department_id == "bwssb" and agreed.score > TRIAGE_THRESHOLD
    assert agreed.reasons[0].startswith("concept:") and "model: bwssb (0.90)" in agreed.reasons
    torn = blend(route, {"bwssb": 0.4, "bbmp_roads": 0.6})  # about equally likely
    assert torn.needs_triage
    # A model that cannot place the post (about no concept of this registry) leaves the terms
    # to decide.
    assert blend(route, {"bbmp_roads": 0.05}).department_id == "bwssb"


def test_combine_routes_a_weak_only_route_and_breaks_a_near_tie_without_auto_routing() -> None:
    weak = Route("urban_development", 0.196, ("concept: night → urban_development",))
    alone = combine(weak, ("police", 0.8))
    assert alone.department_id == "police" and alone.alternatives == (("urban_development", 1.0),)
    torn = Route("ukpcb", 0.3, ("concept: dhool → ukpcb",), alternatives=(("pwd", 0.5),))
    broken = combine(torn, ("pwd", 0.9))
    assert broken.department_id == "pwd" and broken.needs_triage
    assert broken.alternatives[0][0] == "ukpcb"
    clear = Route("ukpcb", 0.5, ("concept: smoke → ukpcb",), alternatives=(("pwd", 0.1),))
    assert combine(clear, ("pwd", 0.9)) == clear  # a clear term answer is never overruled


# ----------------------------------------------------------------- through the CLI


@pytest.fixture(scope="module")
def foreign_desk(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    root = tmp_path_factory.mktemp("foreign")
    cli = Cli(root / "data", env={"SUSHASAN_DATABASE_URL": ""})
    cli("init", "--registry", str(FOREIGN))
    return cli


def test_classify_with_another_states_registry_routes_by_concept(foreign_desk: Cli,
                                                                  tmp_path: Path) -> None:
    src = tmp_path / "posts.csv"
    rows = [("1", "Huge pile of garbage not cleared for a week near the bus stop"),
            ("2", "पानी नहीं आ रहा तीन दिन से"),
            ("3", "Power cut since morning, transformer burnt"),
            ("4", "Potholes on the main road, two accidents this week")]
    with src.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["id", "text"])
        w.writerows(rows)
    out = tmp_path / "out.jsonl"
    foreign_desk("grievances", "classify", "--in", str(src), "--out", str(out))
    got = {r["id"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
    assert {k: got[k]["department_id"] for k in got} == {
        "1": "bbmp_swm", "2": "bwssb", "3": "bescom", "4": "bbmp_roads"}
    assert all(got[k]["department_score"] >= TRIAGE_THRESHOLD for k in ("1", "3", "4"))


def test_eval_routes_among_the_registry_it_is_given(foreign_desk: Cli, tmp_path: Path) -> None:
    src = tmp_path / "labelled.csv"
    with src.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["text", "is_grievance", "department_id"])
        w.writerows([("Garbage dumped on the footpath again", 1, "bbmp_swm"),
                     ("bijli nahi hai 2 din se", 1, "bescom"),
                     ("Sewage overflowing into the road", 1, "bwssb"),
                     ("Happy Republic Day to everyone!", 0, "")])
    got = json.loads(foreign_desk("grievances", "eval", "--in", str(src), "--registry",
                                  str(FOREIGN), "--json").output)
    assert got["routing"]["n"] == 3 and got["routing"]["top1"] == 1.0
    refused = foreign_desk("grievances", "eval", "--registry", str(FOREIGN), ok=False)
    assert refused.exit_code != 0 and "--in" in refused.output


def test_an_officers_routing_on_a_foreign_registry_teaches_a_concept() -> None:
    from sushasan.grievances.classify.concept_model import _concept_for

    lexicon = default_concepts()
    links = lexicon.links(CITY, {"strong": 2.5, "terms": 1.0, "weak": 0.35})
    # city_waste serves garbage and (by its keyword) street lights: the text decides which.
    assert _concept_for("Streetlight off since Monday", "city_waste", links,
                        lexicon) == "streetlights"
    assert _concept_for("please look into this", "city_waste", links, lexicon) == "waste"
    assert _concept_for("anything", "not_in_registry", links, lexicon) is None


def test_eval_says_when_the_labels_belong_to_another_registry(foreign_desk: Cli,
                                                             tmp_path: Path) -> None:
    src = tmp_path / "labelled.csv"
    with src.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["text", "is_grievance", "department_id"])
        w.writerows([("Garbage dumped on the footpath again", 1, "urban_development"),
                     ("bijli nahi hai 2 din se", 1, "upcl")])
    refused = foreign_desk("grievances", "eval", "--in", str(src), "--registry", str(FOREIGN),
                           ok=False)
    assert refused.exit_code != 0
    assert "no department_id in the file is a department of" in refused.output
    assert "upcl" in refused.output and "urban_development" in refused.output
