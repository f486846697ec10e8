"""Citizens' grievances, one sub-package per job, importing one way: ``tickets`` may use
``classify`` and ``notify`` may use ``tickets``, never the reverse; ``pillar`` and ``wiring`` sit
on top (``tests/test_architecture.py`` checks it).

* ``classify/``: is a post a grievance, and whose is it (detection, routing, their models,
  evaluation and data files); knows nothing of tickets.
* ``tickets/``: the ticket desk (state machine, deadlines and calendar, the actions layer,
  triage, the sample simulation); erasure and retention are ``sushasan.erasure``.
* ``notify/``: e-mail digests of overdue tickets.
* ``pillar``: the review's grievance indicators, from the desk's tickets.
* ``wiring``: :class:`~sushasan.grievances.wiring.Grievances`, the jobs built from the settings
  as the core hands them to its shells.

Kept light on purpose: importing the package must not import scikit-learn or train anything,
because the ticket desk is used without the detector. Import the module you need directly.
"""

from __future__ import annotations

__all__: list[str] = []
