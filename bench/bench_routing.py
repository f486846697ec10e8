"""Grievance routing speed, against a naive baseline measured in the same run, plus accuracy.

- speed: texts/s through :meth:`Router.route_many` (fold, one trie regex over every term, the
  case-sensitive abbreviations, the gazetteer, scoring) against the obvious implementation: for
  every text, loop over departments × terms with ``term in text.lower()`` and add the weights.
  The goal is ≥ 20,000 texts/s on one core; the ratio is what to compare across machines.
- accuracy: on ``src/sushasan/grievances/data/eval.jsonl`` when it exists, top-1 and top-3 per
  language on grievances that have a department, and the share that would go to triage.

Run with ``python bench/bench_routing.py``.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from timing import best

from sushasan.app import DEFAULT_REGISTRY
from sushasan.grievances.routing import TRIAGE_THRESHOLD, Router
from sushasan.registry import load_registry_file

EVAL_FILE = Path(__file__).resolve().parents[1] / "src/sushasan/grievances/data/eval.jsonl"
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


if __name__ == "__main__":
    main()
