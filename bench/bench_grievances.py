"""Grievance detection throughput on one core, as ratios against baselines from the same run.

Corpus: citizen comments from the sample generator (Hindi, English, Hinglish; grievances,
praise, queries, noise; 60-200 characters, like tweets and comments), made unique with a
counter so the detector's de-duplication cannot help (worst case), plus the same texts as
generated (templated traffic repeats, as real reposts do).

Measured:
- ``classify()``: score + language id + lexicon cues per post (what triage calls);
- ``scores()``: the fast array path alone;
- the scikit-learn pipeline of the same model (reference featuriser + LogisticRegression);
- a conventional scikit-learn pipeline (TfidfVectorizer char_wb 2-4 + word 1-2 + LR);
- a bare ``str.lower()`` pass over the same texts (the floor for touching every post once).

Goal (issue 14): classify + route ≥ 2,000 texts/s (measured at the end). Run:
``.venv/bin/python bench/bench_grievances.py``.

Then, the previous recipe against the shipped model in the same run (issue 14):
- ``previous``: trained on ``train.jsonl`` alone, n-gram features only, no calibration, learned
  router on ``train.jsonl`` alone, triage threshold 0.5 (the n-gram *sets* are common to both:
  the old counting featuriser no longer exists);
- ``shipped``: :meth:`Detector.default` and :meth:`RoutingModel.default`, threshold 0.79.
For each: classify + route throughput (texts/s, the desk's whole path: detect, then route the
grievances with the term router and the learned router) on the real dev texts, and the eval
figures on both dev splits (never trained or calibrated on): F1 per language and script, ECE,
routing top-1/top-3, triage share and auto-routed precision. ``--quick`` runs only this part.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from collections.abc import Callable  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline, make_union  # noqa: E402
from timing import best, best_cpu  # noqa: E402

from sushasan.grievances.classify.detect import (  # noqa: E402
    Detector,
    default_train_path,
    load_examples,
)
from sushasan.sample.texts import CITIZEN_KINDS, CITIZEN_LANGUAGES, citizen_message  # noqa: E402

N = 100_000
DEPARTMENTS = [
    ("Uttarakhand Power Corporation Ltd (UPCL)", "उत्तराखण्ड पावर कॉरपोरेशन लिमिटेड",
     ["bijli", "बिजली", "power"]),
    ("Uttarakhand Jal Sansthan", "उत्तराखण्ड जल संस्थान", ["paani", "पानी", "water"]),
    ("Uttarakhand Police", "उत्तराखण्ड पुलिस", ["police", "पुलिस", "FIR"]),
    ("Public Works Department (PWD)", "लोक निर्माण विभाग", ["road", "सड़क", "sadak"]),
    ("Shri Badrinath-Kedarnath Temple Committee", "श्री बदरीनाथ-केदारनाथ मंदिर समिति",
     ["darshan", "दर्शन", "Kedarnath"]),
]


def corpus(n: int, seed: int = 5) -> list[str]:
    """``n`` generated citizen comments of 60-200 characters (templated: natural repeats)."""
    rng = np.random.default_rng(seed)
    out: list[str] = []
    i = 0
    while len(out) < n:
        name_en, name_hi, keywords = DEPARTMENTS[i % len(DEPARTMENTS)]
        language = CITIZEN_LANGUAGES[(i // 5) % len(CITIZEN_LANGUAGES)]
        kind = CITIZEN_KINDS[(i // 15) % len(CITIZEN_KINDS)]
        text = citizen_message(rng, name_en, name_hi, keywords, language, kind)
        if 60 <= len(text) <= 200:
            out.append(text)
        i += 1
    return out


def rate(fn: Callable[[], object], n: int, repeat: int = 3) -> float:
    """Best-of-``repeat`` items per second."""
    return n / best(fn, repeat)


def main() -> None:
    """Print posts/s for each path and the ratios the goal is stated in."""
    detector = Detector.default()
    generated = corpus(N)
    unique = [f"{t} {i}" for i, t in enumerate(generated)]
    lengths = np.array([len(t) for t in unique])
    print(f"corpus: {N:,} posts, median {int(np.median(lengths))} chars "
          f"(p10 {int(np.percentile(lengths, 10))}, p90 {int(np.percentile(lengths, 90))}); "
          f"{len(set(generated)):,} distinct before numbering")

    train = load_examples(default_train_path())
    conventional = make_pipeline(
        make_union(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True),
                   TfidfVectorizer(analyzer="word", ngram_range=(1, 2))),
        LogisticRegression(C=10.0, solver="liblinear"),
    ).fit([e.text for e in train], [e.is_grievance for e in train])
    reference = detector.pipeline()
    sub = unique[:10_000]

    rates = {
        "classify() unique": rate(lambda: detector.classify(unique), N),
        "classify() as generated": rate(lambda: detector.classify(generated), N),
        "scores() unique": rate(lambda: detector.scores(unique), N),
        "predict() unique": rate(lambda: detector.predict(unique), N),
        "sklearn pipeline (same model)": rate(lambda: reference.predict(sub), len(sub), 1),
        "sklearn TfidfVectorizer+LR": rate(lambda: conventional.predict(sub), len(sub), 1),
        "bare str.lower()": rate(lambda: [t.lower() for t in unique], N),
    }
    base = rates["sklearn pipeline (same model)"]
    lower = rates["bare str.lower()"]
    print(f"{'path':<32}{'posts/s':>14}{'× sklearn same model':>22}{'× str.lower':>14}")
    for name, value in rates.items():
        print(f"{name:<32}{value:>14,.0f}{value / base:>22.1f}{value / lower:>14.3f}")
    # The old goal (50,000 posts/s on one core) belonged to the counting n-gram model; the
    # n-gram sets (a sort per chunk) and the lexicon cues as features (one regex pass per cue)
    # cost about a third of that speed. The desk's goal is classify + route >= 2,000 texts/s,
    # checked below; these rates are for comparison across runs (the machine is shared, so
    # compare the ratio columns, not the absolute numbers).
    for name in ("predict() unique", "classify() unique"):
        print(f"{name}: {rates[name]:,.0f} posts/s on one core "
              f"(needs ≥ 2,000 with routing: see below)")


def _pipeline_rate(detector: Detector, router: object, model: object,
                   texts: list[str]) -> tuple[float, float]:
    """Texts/s for classify + route (the desk's path, as ``classify_file`` runs it), by wall
    clock and per CPU-second (see :func:`timing.best_cpu`)."""
    from sushasan.grievances.classify.route_model import combine

    def run() -> None:
        found = detector.classify(texts)
        picked = [t for t, d in zip(texts, found, strict=True) if d.is_grievance]
        routes = router.route_many(picked)  # type: ignore[attr-defined]
        if model is not None:
            guesses = model.predict(picked)  # type: ignore[attr-defined]
            [combine(r, g) for r, g in zip(routes, guesses, strict=True)]

    wall, cpu = best_cpu(run, 3)
    return len(texts) / wall, len(texts) / cpu


def previous_vs_shipped() -> None:
    """Throughput and dev-split figures of the previous recipe and the shipped model."""
    from sushasan.app import DEFAULT_REGISTRY
    from sushasan.grievances.classify.detect import dev_sets
    from sushasan.grievances.classify.evaluate import LabelledRow, evaluate_labelled
    from sushasan.grievances.classify.route_model import RoutingModel
    from sushasan.grievances.classify.routing import TRIAGE_THRESHOLD, Router
    from sushasan.registry import load_registry_file

    registry = load_registry_file(DEFAULT_REGISTRY)
    ids = [d.id for d in registry]
    router = Router(registry)
    setups = {
        "previous": (Detector.train(load_examples(default_train_path()), cues=False),
                     RoutingModel.train(load_examples(default_train_path()), ids), 0.5),
        "shipped": (Detector.default(), RoutingModel.default(ids), TRIAGE_THRESHOLD),
    }
    sets = dev_sets()
    texts = [e.text for e in sets["real-en-dev"]] + [e.text for e in sets["handwritten-dev"]]
    texts = [f"{t} {i}" for i, t in enumerate(texts * 4)]  # distinct: no repost shortcut
    print(f"\nclassify + route on {len(texts):,} real and hand-written dev texts "
          "(goal ≥ 2,000 texts/s on 2 cores):")
    for name, (detector, model, _th) in setups.items():
        rate_, per_cpu = _pipeline_rate(detector, router, model, texts)
        print(f"  {name:<9} {rate_:>10,.0f} texts/s by the wall clock, {per_cpu:>8,.0f} per "
              f"CPU-second ({'met' if per_cpu >= 2_000 else 'MISSED'} on one core; "
              f"load {os.getloadavg()[0]:.1f})")
    # The hand-written cal rows fit only the calibration's two numbers; unlike hand-dev they
    # were never read while the cues were written, so they check hand-dev's optimism.
    from sushasan.grievances.classify.detect import _eval_part, handwritten_path

    checks = {**sets, "handwritten-cal (not read; fits only the calibration)": [
        *_eval_part("cal"), *load_examples(handwritten_path(), split="cal")]}
    for set_name, examples in checks.items():
        rows = [LabelledRow(e.text, e.is_grievance, e.department_id, e.language)
                for e in examples]
        print(f"\n{set_name} ({len(rows)} rows, never trained on):")
        print(f"  {'model':<9}{'slice':<12}{'P':>7}{'R':>7}{'F1':>7}{'FP rate':>9}")
        for name, (detector, model, threshold) in setups.items():
            r = evaluate_labelled(rows, detector, router, model, threshold)
            scripts = [(k, m) for k, m in r.by_script.items() if k != "overall"]
            for key, m in [*r.by_language.items(), *scripts]:
                negatives = m.false_positive + m.true_negative
                fp_rate = m.false_positive / negatives if negatives else 0.0
                print(f"  {name:<9}{key:<12}{m.precision:>7.3f}{m.recall:>7.3f}{m.f1:>7.3f}"
                      f"{fp_rate:>9.3f}")
            g = r.routing
            print(f"  {name:<9}ECE {r.ece:.3f}; routing top-1 {g.top1:.3f} top-3 {g.top3:.3f} "
                  f"triage {g.triage_share:.3f} auto-routed precision {g.auto_precision:.3f}"
                  if g else f"  {name:<9}ECE {r.ece:.3f}")


if __name__ == "__main__":
    import sys

    if "--quick" not in sys.argv:
        main()
    previous_vs_shipped()
