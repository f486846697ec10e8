"""Grievance routing speed, against a naive baseline measured in the same run, plus accuracy.

- speed: texts/s through :meth:`Router.route_many` (fold, one trie regex over every term, the
  case-sensitive abbreviations, the gazetteer, scoring) against the obvious implementation: for
  every text, loop over departments × terms with ``term in text.lower()`` and add the weights.
  The goal is ≥ 20,000 texts/s on one core; the ratio is what to compare across machines.
- accuracy: on ``src/sushasan/grievances/classify/data/eval.jsonl`` when it exists, top-1 and
  top-3 per language on grievances that have a department, and the share that would go to triage.
- issue 14, routing "given only a registry": the dev splits (never trained, tuned or
  calibrated on) routed four ways in the same run — a plain count of registry keywords, the
  previous router (no concept layer; the department-id learned router, which knows nothing of
  a foreign registry's ids), the term router with the concept layer but no learned model
  (``terms+concepts``: nothing in it was trained on Bengaluru rows, so it is what to expect of
  a city the concept model never saw) and the shipped one, run through the real CLI
  (``sushasan grievances eval --in FILE --registry FILE --json``) — on:

  * ``foreign-blr``: the Bengaluru dev complaints routed among ``bench/data/
    registry_bengaluru.yaml``, a 9-department registry with its own ids, names and keywords
    (written before any error was looked at), labels from the complaint's category
    (:data:`FOREIGN_CATEGORY`);
  * ``foreign-hand``: the hand-written dev posts (Hindi, Hinglish, English) of the departments
    that registry has a counterpart for (:data:`FOREIGN_HAND`);
  * ``shipped-blr`` and ``hand-dev``: the same dev sets on the shipped Uttarakhand registry.

  Then classify + route throughput, previous and shipped, in the same run (goal ≥ 2,000/s).

Run with ``python bench/bench_routing.py`` (``--quick``: only the issue 14 part).
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from timing import best, best_cpu

from sushasan.app import DEFAULT_REGISTRY
from sushasan.grievances.classify.routing import TRIAGE_THRESHOLD, Route, Router
from sushasan.registry import Department, load_registry_file

EVAL_FILE = Path(__file__).resolve().parents[1] / "src/sushasan/grievances/classify/data/eval.jsonl"
FOREIGN_REGISTRY = Path(__file__).resolve().parent / "data" / "registry_bengaluru.yaml"
#: Which department of the foreign test registry answers each Bengaluru complaint category.
FOREIGN_CATEGORY = {
    "Waste/Garbage": "bbmp_swm", "Plastic": "bbmp_swm", "Sanitation": "bbmp_swm",
    "Potholes": "bbmp_roads", "Streetlights": "bbmp_electrical", "Traffic/Parking": "btp",
    "Water": "bwssb", "Sewage": "bwssb", "Air": "kspcb", "Electricity": "bescom",
}
#: Shipped departments whose hand-written posts have one clear counterpart in that registry
#: (not Urban Development, whose work is split there among four BBMP departments, nor the
#: police, whose counterpart there is the traffic police only).
FOREIGN_HAND = {"jal_sansthan": "bwssb", "upcl": "bescom", "pwd": "bbmp_roads",
                "ukpcb": "kspcb", "health": "bbmp_health", "utc": "bmtc"}
N_TEXTS = 20_000
_FALLBACK_TEXTS = (
    "Hamare gaon me 3 din se bijli nahi hai, transformer jal gaya",
    "पानी नहीं आ रहा 5 दिन से, जल संस्थान सो रहा है",
    "Road full of potholes near Kotdwar, PWD please fix",
    "Kedarnath me VIP darshan ke naam pe loot ho rahi hai",
    "Thank you for the quick response, great work by the team",
)


def _corpus(rows: Sequence[dict]) -> list[str]:
    base = [r["text"] for r in rows] or list(_FALLBACK_TEXTS)
    return [f"{base[i % len(base)]} #{i}" for i in range(N_TEXTS)]


def naive_router(router: Router) -> Callable[[str], str | None]:
    """The baseline: the same weighted terms, checked one by one with ``in``."""
    by_department: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for key, entries in router._index.items():
        for dep_id, weight in entries:
            if weight > 0:
                by_department[dep_id].append((key, weight))

    def route(text: str) -> str | None:
        lowered = text.lower()
        best, best_score = None, 0.0
        for dep_id, terms in by_department.items():
            score = sum(weight for term, weight in terms if term in lowered)
            if score > best_score:
                best, best_score = dep_id, score
        return best

    return route


def accuracy(router: Router, rows: Sequence[dict]) -> dict[str, dict[str, float]]:
    """Top-1, top-3 and triage share per language on grievances that name a department."""
    cases = [r for r in rows if r.get("is_grievance") and r.get("department_id")]
    routes = router.route_many([r["text"] for r in cases])
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for row, route in zip(cases, routes, strict=True):
        top3 = [route.department_id, *(d for d, _ in route.alternatives[:2])]
        confident = route.score >= TRIAGE_THRESHOLD
        for lang in (row["language"], "all"):
            t = tally[lang]
            t[0] += 1
            t[1] += route.department_id == row["department_id"]
            t[2] += row["department_id"] in top3
            t[3] += not confident
            t[4] += confident and route.department_id == row["department_id"]
    return {
        lang: {
            "n": n,
            "top1": top1 / n,
            "top3": top3 / n,
            "triage_share": triage / n,
            "precision_routed": right / max(n - triage, 1),
        }
        for lang, (n, top1, top3, triage, right) in tally.items()
    }


def main() -> None:
    departments = load_registry_file(DEFAULT_REGISTRY)
    start = time.perf_counter()
    router = Router(departments)
    build = time.perf_counter() - start
    rows = (
        [json.loads(line) for line in EVAL_FILE.read_text(encoding="utf-8").splitlines() if line]
        if EVAL_FILE.exists()
        else []
    )
    texts = _corpus(rows)
    naive = naive_router(router)
    fast = best(lambda: router.route_many(texts))
    slow = best(lambda: [naive(t) for t in texts[:2_000]], repeat=2) * (len(texts) / 2_000)
    print(f"router built in {build:.2f} s ({len(router._index):,} terms)")
    print(f"route_many: {len(texts) / fast:,.0f} texts/s (goal ≥ 20,000)")
    print(f"naive departments × terms loop: {len(texts) / slow:,.0f} texts/s")
    print(f"ratio: {slow / fast:.1f}× faster than the naive loop")
    if not rows:
        print("eval.jsonl not found: accuracy not measured")
        return
    for lang, m in sorted(accuracy(router, rows).items()):
        print(
            f"{lang:9} n={m['n']:<4.0f} top1={m['top1']:.3f} top3={m['top3']:.3f} "
            f"triage={m['triage_share']:.3f} precision_routed={m['precision_routed']:.3f}"
        )
    grievances = [r for r in rows if r.get("is_grievance")]
    triaged = sum(r.needs_triage for r in router.route_many([r["text"] for r in grievances]))
    print(f"all grievances (incl. no department): triage share {triaged / len(grievances):.3f}")


# ------------------------------------------------------------------ issue 14: given a registry


def labelled_sets() -> dict[str, tuple[Path, list[dict]]]:
    """Each dev set as (registry file, rows with text, is_grievance, department_id, language)."""
    from sushasan.grievances.classify.detect import dev_sets

    real = dev_sets()["real-en-dev"]
    hand = dev_sets()["handwritten-dev"]

    def row(e: object, dep: str | None) -> dict:
        return {"text": e.text, "is_grievance": e.is_grievance,  # type: ignore[attr-defined]
                "department_id": dep, "language": e.language}  # type: ignore[attr-defined]

    return {
        "foreign-blr": (FOREIGN_REGISTRY, [
            row(e, FOREIGN_CATEGORY.get(e.topic or "") if e.is_grievance else None)
            for e in real]),
        "foreign-hand": (FOREIGN_REGISTRY, [
            row(e, FOREIGN_HAND[e.department_id]) for e in hand
            if e.is_grievance and e.department_id in FOREIGN_HAND]),
        "shipped-blr": (DEFAULT_REGISTRY, [row(e, e.department_id) for e in real]),
        "hand-dev": (DEFAULT_REGISTRY, [row(e, e.department_id) for e in hand]),
    }


def keyword_count(departments: Sequence[Department]) -> Callable[[str], list[tuple[str, int]]]:
    """The issue's baseline: how many of each department's registry keywords the text
    contains (case-insensitive, whole words, exactly as written), best first."""
    patterns = [(d.id, [re.compile(rf"(?<!\w){re.escape(k)}(?!\w)", re.IGNORECASE)
                        for k in d.keywords]) for d in departments]

    def counts(text: str) -> list[tuple[str, int]]:
        found = [(dep, sum(bool(p.search(text)) for p in ps)) for dep, ps in patterns]
        return sorted((c for c in found if c[1] > 0), key=lambda c: -c[1])  # stable: file order

    return counts


def _figures(rows: Sequence[dict], routes: Sequence[Route]) -> dict[str, float]:
    """Top-1, top-3, triage share and auto-routed precision, as ``grievances eval`` counts."""
    n = len(rows)
    top1 = top3 = triaged = right = 0
    for row, route in zip(rows, routes, strict=True):
        want = row["department_id"]
        top1 += route.department_id == want
        top3 += want in [route.department_id, *(d for d, _ in route.alternatives[:2])]
        auto = route.department_id is not None and route.score >= TRIAGE_THRESHOLD
        triaged += not auto
        right += auto and route.department_id == want
    return {"n": n, "top1": top1 / n, "top3": top3 / n, "triage_share": triaged / n,
            "auto_precision": right / max(n - triaged, 1)}


def baseline_routes(departments: Sequence[Department], texts: Sequence[str]) -> list[Route]:
    """Keyword counts as routes: the top department, sure (auto-routed) only when no other
    department has as many keywords in the text."""
    count = keyword_count(departments)
    out = []
    for text in texts:
        ranked = count(text)
        if not ranked:
            out.append(Route(None, 0.0, ()))
            continue
        sure = len(ranked) == 1 or ranked[0][1] > ranked[1][1]
        out.append(Route(ranked[0][0], 1.0 if sure else 0.0, (),
                         alternatives=tuple((d, 0.0) for d, _ in ranked[1:3])))
    return out


def previous_router(departments: Sequence[Department]) -> Callable[[list[str]], list[Route]]:
    """The routing as it was before the concept layer: no concept words, and the
    department-id learned router (None for a registry whose ids it never saw) combined as
    it was (agreement raises the confidence; it routes alone only where no term matched)."""
    from dataclasses import replace

    from sushasan.grievances.classify.concepts import ConceptLexicon
    from sushasan.grievances.classify.route_model import MODEL_ALONE, MODEL_WEIGHT, RoutingModel

    router = Router(departments, concepts=ConceptLexicon())
    model = RoutingModel.default([d.id for d in departments])

    def combine(route: Route, guess: tuple[str, float]) -> Route:
        dep, p = guess
        if route.department_id == dep:
            return replace(route, score=round(1 - (1 - route.score) * (1 - MODEL_WEIGHT * p), 3))
        if route.department_id is None and p >= MODEL_ALONE:
            return replace(route, department_id=dep, score=round(MODEL_WEIGHT * p, 3))
        return route

    def route(texts: list[str]) -> list[Route]:
        routes = router.route_many(texts)
        if model is None:
            return routes
        return [combine(r, g) for r, g in zip(routes, model.predict(texts), strict=True)]

    return route


def shipped_router(departments: Sequence[Department]) -> Callable[[list[str]], list[Route]]:
    """The shipped routing: terms and concepts, then the learned router for this registry."""
    from sushasan.grievances.classify.route_model import learned_router

    router, model = Router(departments), learned_router(departments)

    def route(texts: list[str]) -> list[Route]:
        routes = router.route_many(texts)
        return routes if model is None else model.refine(routes, texts)

    return route


def shipped_via_cli(registry: Path, rows: Sequence[dict]) -> dict[str, float]:
    """The shipped routing figures, through ``sushasan grievances eval --in --registry``."""
    from click.testing import CliRunner

    from sushasan.cli import cli

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "labelled.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                        encoding="utf-8")
        result = CliRunner().invoke(cli, ["--data-dir", str(Path(tmp) / "data"), "grievances",
                                          "eval", "--in", str(path), "--registry", str(registry),
                                          "--json"], catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    r = json.loads(result.output)["routing"]
    return {"n": r["n"], "top1": r["top1"], "top3": r["top3"],
            "triage_share": r["triage_share"], "auto_precision": r["auto_precision"]}


def compare() -> None:
    """The issue 14 routing table: baseline, previous and shipped on every dev set."""
    print("\nrouting on dev splits (never trained, tuned or calibrated on); goal top-1 ≥ 0.80, "
          "top-3 ≥ 0.95, auto-routed precision ≥ 0.90")
    print(f"  {'set':<13}{'router':<16}{'n':>6}{'top-1':>8}{'top-3':>8}{'triage':>8}"
          f"{'auto-prec':>11}")
    for name, (registry, rows) in labelled_sets().items():
        departments = load_registry_file(registry)
        cases = [r for r in rows if r["is_grievance"] and r["department_id"]]
        texts = [r["text"] for r in cases]
        table = {"keyword count": _figures(cases, baseline_routes(departments, texts)),
                 "previous": _figures(cases, previous_router(departments)(texts)),
                 "terms+concepts": _figures(cases, Router(departments).route_many(texts)),
                 "shipped (CLI)": shipped_via_cli(registry, rows)}
        for label, f in table.items():
            print(f"  {name:<13}{label:<16}{f['n']:>6.0f}{f['top1']:>8.3f}{f['top3']:>8.3f}"
                  f"{f['triage_share']:>8.3f}{f['auto_precision']:>11.3f}")
    throughput()


def throughput() -> None:
    """classify + route texts/s, previous and shipped, on both registries, same run."""
    from sushasan.grievances.classify.detect import Detector, dev_sets

    detector = Detector.default()
    sets = dev_sets()
    texts = [e.text for e in sets["real-en-dev"]] + [e.text for e in sets["handwritten-dev"]]
    texts = [f"{t} {i}" for i, t in enumerate(texts * 2)]  # distinct: no repost shortcut
    print(f"\nclassify + route on {len(texts):,} dev texts (goal ≥ 2,000 texts/s):")
    for reg_name, path in (("foreign", FOREIGN_REGISTRY), ("shipped", DEFAULT_REGISTRY)):
        departments = load_registry_file(path)
        for name, route in (("previous", previous_router(departments)),
                            ("shipped", shipped_router(departments))):
            def run(route: Callable[[list[str]], list[Route]] = route) -> None:
                found = detector.classify(texts)
                route([t for t, d in zip(texts, found, strict=True) if d.is_grievance])

            run()  # warm: models trained, caches filled
            wall, cpu = best_cpu(run, 2)
            print(f"  {reg_name:<8} registry, {name:<9}{len(texts) / wall:>10,.0f} texts/s "
                  f"by the wall clock, {len(texts) / cpu:>8,.0f} per CPU-second "
                  f"(load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    if "--quick" not in sys.argv:
        main()
    compare()
