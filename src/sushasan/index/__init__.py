"""The composite-indicator engine (OECD/JRC Handbook method, COINr conventions).

One engine ranks the departments in the quarterly review and serves ``sushasan index`` for any
other index. Public API::

    Meta, Node, Goalposts      the hierarchy (COINr iMeta layout)
    IndexMethod, Treatment     treatment, normalisation, aggregation, weights
    run(data, units, meta, method) -> IndexResult
    MonteCarlo, monte_carlo    rank medians and 5–95% intervals; tiers
"""

from sushasan.index.engine import IndexMethod, IndexResult, rank_desc, run
from sushasan.index.meta import Goalposts, IndexSpecError, Meta, Node
from sushasan.index.treat import Treatment
from sushasan.index.uncertainty import MonteCarlo, MonteCarloResult, monte_carlo, tiers

__all__ = [
    "Goalposts",
    "IndexMethod",
    "IndexResult",
    "IndexSpecError",
    "Meta",
    "MonteCarlo",
    "MonteCarloResult",
    "Node",
    "Treatment",
    "monte_carlo",
    "rank_desc",
    "run",
    "tiers",
]
