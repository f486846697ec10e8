"""The learned router helps the term router where it named no department, and never overrules it."""

from __future__ import annotations

from sushasan.app import DEFAULT_REGISTRY
from sushasan.grievances.classify.detect import default_eval_path, load_examples
from sushasan.grievances.classify.route_model import MODEL_ALONE, RoutingModel, combine
from sushasan.grievances.classify.routing import TRIAGE_THRESHOLD, Route, Router
from sushasan.registry.files import load_registry_file


def test_combine_agrees_fills_and_never_overrules() -> None:
    unsure = Route("pwd", 0.4, ("keyword: sadak → pwd",), None, None)
    assert combine(unsure, ("pwd", 0.8)).score > TRIAGE_THRESHOLD
    assert "model: pwd (0.80)" in combine(unsure, ("pwd", 0.8)).reasons
    assert combine(unsure, ("jal_sansthan", 0.99)) == unsure
    empty = Route(None, 0.0, (), None, None)
    assert combine(empty, ("jal_sansthan", MODEL_ALONE)).department_id == "jal_sansthan"
    assert combine(empty, ("jal_sansthan", MODEL_ALONE - 0.01)) == empty
    assert combine(empty, None) == empty


def test_router_with_the_model_sends_fewer_to_triage_without_losing_accuracy() -> None:
    deps = load_registry_file(DEFAULT_REGISTRY)
    router, model = Router(deps), RoutingModel.default([d.id for d in deps])
    assert model is not None
    ev = [e for e in load_examples(default_eval_path()) if e.is_grievance and e.department_id]
    texts = [e.text for e in ev]
    alone = router.route_many(texts)
    helped = [combine(r, g) for r, g in zip(alone, model.predict(texts), strict=True)]

    def top1(routes: list[Route]) -> float:
        return sum(r.department_id == e.department_id for r, e in zip(routes, ev, strict=True)) \
            / len(ev)

    def triaged(routes: list[Route]) -> float:
        return sum(r.department_id is None or r.score < TRIAGE_THRESHOLD for r in routes) / len(ev)

    assert top1(helped) >= top1(alone)
    assert triaged(helped) < triaged(alone) - 0.05
