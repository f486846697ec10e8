"""The ticket desk: what happens to a grievance once it is found.

``lifecycle`` (the state machine: one pure transition function), ``calendar`` and ``deadlines``
(working days, due dates, escalation), ``desk`` (the actions layer: every ticket write, with its
event and audit rows, in one transaction; retention is ``sushasan.erasure``), ``triage``
(classify the lake's new messages and open their tickets) and ``simulate`` (officers' work on
the sample desk). Uses :mod:`sushasan.grievances.classify`; never the other way round.
"""

from __future__ import annotations

__all__: list[str] = []
