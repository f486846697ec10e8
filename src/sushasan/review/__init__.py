"""The quarterly review: compute, pillars, publish, one typed document.

* ``compute``: coverage screen → indicators → index → uncertainty → ``model.Review``;
* ``pillars``: indicators measured outside the lake (grievance desk, website audit, plugins);
* ``publish``: frozen snapshots, versions, the latest published review, fingerprints;
* ``reviews``: the use cases (draft, frozen, publish) the core object delegates to;
* ``model``: the document's fields, and the JSON Schema in ``docs/review.schema.json``.
"""

from sushasan.review.compute import run_review
from sushasan.review.coverage import coverage_shares
from sushasan.review.data import choose_data, ensure_data, quarters_with_data
from sushasan.review.model import SCHEMA, Review
from sushasan.review.reviews import ReviewOutcome, Reviews

__all__ = [
    "SCHEMA",
    "Review",
    "ReviewOutcome",
    "Reviews",
    "choose_data",
    "coverage_shares",
    "ensure_data",
    "quarters_with_data",
    "run_review",
]
