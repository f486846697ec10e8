"""Citizens' grievances: classification in ``classify/``; routing, deadlines and tickets live in
sibling modules.

Kept light on purpose: importing the package must not import scikit-learn or train anything,
because routing, the calendar and the ticket desk are used without the detector. Import
:mod:`sushasan.grievances.classify.detect` (the model), :mod:`sushasan.grievances.classify.lexicon`
(the cue-word baseline and explanations) or :mod:`sushasan.grievances.classify.evaluate`
(metrics) directly.
"""

from __future__ import annotations

__all__: list[str] = []
