"""Is a post a grievance, and whose is it? Text classification, knowing nothing of tickets.

Detection (``detect``: the model, on ``features``; ``lexicon``: the cue-word baseline and its
explanations), routing to a department (``routing``: terms and places; ``concepts``,
``concept_model`` and ``route_model``: what the terms miss), evaluation (``evaluate``,
``splits``, ``realdata``) and the files they read (``data/``). Kept light: importing the
package imports no scikit-learn; import the module you need.
"""

from __future__ import annotations

__all__: list[str] = []
