"""The learned half of routing: which department a grievance's wording points to.

The term router (:mod:`sushasan.grievances.classify.routing`) explains itself and wins whenever
it is sure; this model speaks only when the terms name no department or leave the router unsure,
the way an experienced review-cell clerk recognises "handpump" complaints as Jal Sansthan's
without a keyword list. It learns from the shipped training set's department labels and from
the review cell's routing corrections (tickets routed out of the triage queue).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

import numpy as np
from sklearn.linear_model import SGDClassifier

from sushasan.grievances.classify.detect import (
    Example,
    default_train_path,
    handwritten_path,
    load_examples,
    real_data_path,
)
from sushasan.grievances.classify.features import CHAR_NGRAMS, WORD_NGRAMS, _matrix
from sushasan.grievances.classify.routing import NEAR_TIE, TRIAGE_THRESHOLD, Route
from sushasan.registry.model import Department

__all__ = ["MODEL_ALONE", "MODEL_WEIGHT", "REAL_PER_DEPARTMENT", "LearnedRouter", "RoutingModel",
           "combine", "learned_router", "routing_examples"]

BITS = 18  # a smaller space than detection: ~1,000 labelled grievances over ~35 departments
#: The model's probability counts this much towards confidence: it cannot say why.
MODEL_WEIGHT = 0.9
#: How sure the model must be to route a grievance whose text names no department.
MODEL_ALONE = 0.5
#: A term route this unsure rests on one weak word at most (1 - exp(-0.35 / 1.6)): the model
#: may route such a grievance as if the text named no department.
WEAK_ALONE = 0.2
_LOCK = threading.Lock()
_DEFAULT: dict[str, RoutingModel] = {}


REAL_PER_DEPARTMENT = 500
"""At most this many real (Bengaluru) grievances per department train the router. There are
10,000 of them, 58 % about garbage; all of them made the model learn the Bengaluru mix and
fall from 0.56 to 0.46 top-1 on the desk's own hand-written posts (cal split), and took 27 s
to train. 500 each keeps what they teach about wording at a sixth of the cost."""


def routing_examples() -> list[Example]:
    """What the learned router trains on: the hand-written training set, the ``train`` split of
    the hand-written split file three times over (it is small and written for this desk) and
    up to :data:`REAL_PER_DEPARTMENT` real grievances per department (first in file order)."""
    real: list[Example] = []
    taken: dict[str, int] = {}
    for e in load_examples(real_data_path(), split="train"):
        if e.is_grievance and e.department_id \
                and taken.get(e.department_id, 0) < REAL_PER_DEPARTMENT:
            taken[e.department_id] = taken.get(e.department_id, 0) + 1
            real.append(e)
    handwritten = load_examples(handwritten_path(), split="train")
    return [*load_examples(default_train_path()), *real, *handwritten, *handwritten,
            *handwritten]


@dataclass(frozen=True)
class RoutingModel:
    model: SGDClassifier
    departments: tuple[str, ...]

    @classmethod
    def train(cls, examples: Iterable[Example], known: Iterable[str] | None = None
              ) -> RoutingModel | None:
        """Fit on grievances with a department; None when fewer than two departments."""
        allowed = set(known) if known is not None else None
        rows = [e for e in examples if e.is_grievance and e.department_id
                and (allowed is None or e.department_id in allowed)]
        labels = sorted({e.department_id for e in rows if e.department_id})
        if len(labels) < 2:
            return None
        x = _matrix([e.text for e in rows], BITS, CHAR_NGRAMS, WORD_NGRAMS)
        y = np.array([labels.index(e.department_id or "") for e in rows])
        # Logistic loss by SGD: as accurate here as L-BFGS and 20× faster to train (2 s).
        model = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=50, tol=None,
                              random_state=0)
        model.fit(x, y)
        return cls(model, tuple(labels))

    @classmethod
    def default(cls, known: Iterable[str], corrections: Sequence[Example] = ()
                ) -> RoutingModel | None:
        """Trained once per process on the shipped set (plus corrections, when given)."""
        known = tuple(sorted(known))
        key = repr((known, tuple((e.text, e.department_id) for e in corrections)))
        with _LOCK:
            if key not in _DEFAULT:
                base = routing_examples()
                found = cls.train([*base, *corrections, *corrections, *corrections], known)
                if found is None:
                    return None
                _DEFAULT[key] = found
            return _DEFAULT[key]

    def refine(self, routes: Sequence[Route], texts: Sequence[str]) -> list[Route]:
        """The term router's routes of ``texts``, helped by this model (:func:`combine`)."""
        return [combine(r, g) for r, g in zip(routes, self.predict(texts), strict=True)]

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """Best department and its probability for each text."""
        if not texts:
            return []
        proba = self.model.predict_proba(_matrix(list(texts), BITS, CHAR_NGRAMS, WORD_NGRAMS))
        best = proba.argmax(axis=1)
        return [(self.departments[int(model_index)], float(proba[i, model_index]))
                for i, model_index in enumerate(best)]


def combine(route: Route, guess: tuple[str, float] | None) -> Route:
    """The router's answer, helped by the model.

    Agreement raises confidence; where the terms named no department at all (or one weak word
    only), a model at least `MODEL_ALONE` sure routes alone; where unsure terms named several
    departments, such a model picks among them (the ticket still goes to triage); any other
    disagreement changes nothing, because the router's terms can be read and checked and the
    model's weights cannot. (On the evaluation set, overriding an unsure router lost more
    right answers than it won.)
    """
    if guess is None:
        return route
    dep, p = guess
    reason = f"model: {dep} ({p:.2f})"
    if route.department_id == dep:
        score = 1 - (1 - route.score) * (1 - MODEL_WEIGHT * p)
        return replace(route, score=round(score, 3), reasons=(*route.reasons, reason))
    shares = dict(route.alternatives)
    first = round(max(0.0, 1.0 - sum(shares.values())), 3)
    if (route.department_id is None or route.score <= WEAK_ALONE) and p >= MODEL_ALONE:
        others = tuple((d, v) for d, v in ((route.department_id, first), *route.alternatives)
                       if d is not None and d != dep)
        return replace(route, department_id=dep, score=round(MODEL_WEIGHT * p, 3),
                       reasons=(reason, *route.reasons), alternatives=others[:3])
    if route.score < TRIAGE_THRESHOLD and shares.get(dep, 0.0) >= NEAR_TIE * first \
            and p >= MODEL_ALONE:
        # The terms are torn between departments they name: the model picks among those,
        # and the ticket still goes to triage (the terms were unsure), with the better guess.
        others = ((route.department_id, first), *((d, v) for d, v in route.alternatives
                                                  if d != dep))
        return replace(route, department_id=dep, reasons=(reason, *route.reasons),
                       alternatives=tuple(others))
    return route


class LearnedRouter(Protocol):
    """What the desk asks of a learned router: improve the term router's routes."""

    def refine(self, routes: Sequence[Route], texts: Sequence[str]) -> list[Route]: ...


@lru_cache(maxsize=1)
def _shipped_label_ids() -> frozenset[str]:
    return frozenset(e.department_id for e in routing_examples()
                     if e.is_grievance and e.department_id)


def learned_router(departments: Sequence[Department], corrections: Sequence[Example] = ()
                   ) -> LearnedRouter | None:
    """The learned router for a registry: the department-id model where the shipped labels
    know at least two of its departments (the shipped registry, with the review cell's
    routings), else the concept model read through the registry's concept links
    (:class:`concept_model.ConceptRouter`), which is what works for another state's ids and
    learns from the review cell's routings in those ids as concepts."""
    ids = [d.id for d in departments]
    if len(_shipped_label_ids() & set(ids)) >= 2:
        return RoutingModel.default(ids, corrections)
    from sushasan.grievances.classify.concept_model import ConceptRouter

    return ConceptRouter.for_registry(departments, corrections=corrections)
