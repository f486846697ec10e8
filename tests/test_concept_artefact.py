"""The concept model ships as a built file (issue 14): no process trains it at first use.

Pinned here: the shipped ``data/concept_model.npz`` is what the training code produces from the
shipped data now (so a change to the data, the concepts or the featuriser without
``make concept-model`` fails), the default model is read from it without training, the file
is the same bytes on every rebuild, and a stale or damaged file is never used.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from sushasan.grievances.classify import concept_artefact, concept_model
from sushasan.grievances.classify.concept_model import ConceptModel, training_key

TEXTS = (
    "Garbage has not been cleared from our lane for a week",
    "Streetlight near the school is not working since Monday",
    "हमारे मोहल्ले में दो दिन से पानी नहीं आ रहा",
    "Sadak me bade gaddhe hain, roz accident hota hai",
)


@pytest.fixture(scope="module")
def shipped() -> ConceptModel:
    found = concept_model.ConceptModel._from_artefact()
    assert found is not None, "the shipped artefact is missing or stale: run make concept-model"
    return found


def test_the_shipped_artefact_was_built_from_the_shipped_data() -> None:
    with np.load(concept_artefact.ARTEFACT, allow_pickle=False) as saved:
        assert str(saved["key"]) == training_key(), "run make concept-model"


def test_the_shipped_artefact_is_what_the_training_code_produces(shipped: ConceptModel) -> None:
    trained = ConceptModel.shipped()
    assert trained is not None
    assert trained.concepts == shipped.concepts
    # One int8 level of a concept's scale at most (a different BLAS or CPU may round the last
    # bit of a weight the other way); on the machine that built it, the levels are equal.
    step = np.abs(trained.coef).max(axis=1, keepdims=True) / 127.0
    assert np.all(np.abs(trained.coef - shipped.coef) <= step * 1.0001)
    np.testing.assert_allclose(trained.intercept, shipped.intercept, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(trained.proba(TEXTS), shipped.proba(TEXTS), atol=2e-3)


def test_the_default_model_is_read_not_trained(monkeypatch: pytest.MonkeyPatch,
                                               shipped: ConceptModel) -> None:
    def no_training(*args: object, **kwargs: object) -> None:
        raise AssertionError("the default concept model must not train")

    monkeypatch.setattr(concept_model, "_DEFAULT", {})
    monkeypatch.setattr(ConceptModel, "train", classmethod(no_training))
    found = ConceptModel.default()
    assert found is not None
    np.testing.assert_array_equal(found.proba(TEXTS), shipped.proba(TEXTS))
    # what it says about plain complaints is sensible, not just present
    best = [found.concepts[i] for i in found.proba(TEXTS).argmax(axis=1)]
    assert best == ["waste", "streetlights", "water", "roads"]


def test_a_rebuild_writes_the_same_bytes(tmp_path: Path, shipped: ConceptModel) -> None:
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    shipped.write(str(first))
    shipped.write(str(second))
    assert first.read_bytes() == second.read_bytes() == concept_artefact.ARTEFACT.read_bytes()


def test_a_stale_or_damaged_artefact_is_not_used(tmp_path: Path, shipped: ConceptModel,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    stale = tmp_path / "stale.npz"
    concept_artefact.write(stale, "0" * 32, shipped.coef, shipped.intercept, shipped.concepts)
    damaged = tmp_path / "damaged.npz"
    damaged.write_bytes(concept_artefact.ARTEFACT.read_bytes()[:1000])
    width = shipped.coef.shape[1]
    with caplog.at_level(logging.WARNING):
        assert concept_artefact.read(stale, training_key(), width) is None
        assert concept_artefact.read(damaged, training_key(), width) is None
        assert concept_artefact.read(tmp_path / "missing.npz", training_key(), width) is None
    assert caplog.text.count("make concept-model") == 3
    assert concept_artefact.read(stale, "0" * 32, width) is not None


def test_quantising_twice_changes_nothing(shipped: ConceptModel) -> None:
    np.testing.assert_array_equal(concept_artefact.quantised(shipped.coef), shipped.coef)
