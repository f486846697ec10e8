"""One name per ticket state, in English and Hindi, for the e-mail digest and the dashboard alike
(the catalogue's ``state:`` words), checked against the state machine itself."""

from __future__ import annotations

import ast
import inspect
import re
from datetime import datetime

from sushasan.grievances.notify import digest
from sushasan.grievances.notify.digest import DigestItem, render_digest
from sushasan.grievances.tickets import desk as service
from sushasan.grievances.tickets import lifecycle as tickets
from sushasan.grievances.tickets.calendar import IST
from sushasan.grievances.tickets.lifecycle import STATES
from sushasan.web.routes.tickets import state_names
from sushasan.words import named, word

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
TICKET_STATE_LABELS = {code.partition(":")[2]: pair for code, pair in named().items()
                       if code.startswith("state:")}


def _states_the_code_sets() -> set[str]:
    """Every literal the desk's code puts into a ticket's ``state`` (``state="…"`` keywords, also
    either branch of ``state="a" if … else "b"``), read from the source of the state machine."""
    found: set[str] = set()
    for module in (tickets, service):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.keyword) and node.arg == "state":
                values = [node.value]
                if isinstance(node.value, ast.IfExp):
                    values = [node.value.body, node.value.orelse]
                found |= {v.value for v in values
                          if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return found


def test_every_state_of_the_machine_has_both_labels() -> None:
    assert tuple(TICKET_STATE_LABELS) == STATES
    set_by_code = _states_the_code_sets()
    assert {"received", "acknowledged", "appeal", "closed"} <= set_by_code  # the scan works
    assert set_by_code <= set(STATES), set_by_code - set(STATES)
    for state, (en, hi) in TICKET_STATE_LABELS.items():
        assert en.strip() and not DEVANAGARI.search(en), state
        assert DEVANAGARI.search(hi), state


def test_an_unknown_code_is_shown_as_it_is() -> None:
    assert word("state:archived", "hi") == "archived"


def test_the_digest_and_the_dashboard_use_the_same_words() -> None:
    assert not hasattr(digest, "STATUS_LABELS")  # no table of its own
    items = [DigestItem(docket=f"SUS-2025-{i:06d}", department_id="energy", text="बिजली नहीं",
                        received_at=datetime(2025, 2, 3, 10, 0, tzinfo=IST),
                        due_at=datetime(2025, 3, 1, 23, 59, tzinfo=IST), days_overdue=2,
                        status=state, level="officer")
             for i, state in enumerate(STATES, start=1)]
    msg = render_digest("energy", "Energy Department", "ऊर्जा विभाग", items,
                        datetime(2025, 3, 10, 9, 0, tzinfo=IST))
    body = msg.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    for state in STATES:
        en, hi = state_names("en")[state], state_names("hi")[state]
        assert (en, hi) == TICKET_STATE_LABELS[state]
        assert f"स्थिति / Status: {hi} / {en}\n" in text, state
