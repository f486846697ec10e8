"""Citizens' grievances: detection now; routing, deadlines and tickets live in sibling modules.

Kept light on purpose: importing the package must not import scikit-learn or train anything,
because routing, the calendar and the ticket desk are used without the detector. Import
:mod:`sushasan.grievances.detect` (the model), :mod:`sushasan.grievances.lexicon` (the cue-word
baseline and explanations) or :mod:`sushasan.grievances.evaluate` (metrics) directly.
"""

from __future__ import annotations

__all__: list[str] = []
