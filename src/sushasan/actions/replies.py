"""Public replies on the dashboard: who may approve or edit one, and doing it through the core.

The approval step exists so that an officer's draft reaches the public only once a nodal officer
(an ``admin`` account: the review cell or the department's nodal officer) has read it; so an
officer's edit of a reply in a department that needs approval waits for approval again, and only
an approver's edit or approval queues it. Reviewers read, never act. Every change is one
``Grievances.move_reply``: a conditional update and its audit row in one transaction, with the
text checked again (personal data, length) before it may be queued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sushasan.errors import SushasanError

if TYPE_CHECKING:
    from sushasan.desk.replies import OutboxReply
    from sushasan.grievances.wiring import Grievances

__all__ = ["APPROVERS", "EDITABLE", "EDITORS", "ReplyRefused", "approve", "edit", "reply_forms"]

APPROVERS = frozenset({"admin"})
EDITORS = frozenset({"admin", "officer"})
#: States a reply may still be rewritten in (it has not left, or it failed and may go again).
EDITABLE = ("draft", "awaiting_approval", "queued", "failed")


class ReplyRefused(SushasanError):
    """The reply cannot change as asked (someone moved it first, or it has left)."""


def reply_forms(role: str, r: OutboxReply) -> tuple[str, ...]:
    """The reply forms this role may use on ``r`` now."""
    forms = []
    if role in APPROVERS and r.state in ("draft", "awaiting_approval"):
        forms.append("approve")
    if role in EDITORS and r.state in EDITABLE:
        forms.append("edit")
    return tuple(forms)


def approve(g: Grievances, r: OutboxReply, by: str, role: str) -> str:
    """Approve ``r`` for posting (checked again: a problem keeps it a draft); its new state."""
    if "approve" not in reply_forms(role, r):
        raise ReplyRefused(f"reply {r.id} cannot be approved by a {role} while {r.state}")
    if not g.move_reply(r.id, "queued", by):
        raise ReplyRefused(f"reply {r.id} changed meanwhile; look again")
    return _state(g, r)


def edit(g: Grievances, r: OutboxReply, text: str, by: str, role: str) -> str:
    """Rewrite ``r``: queued, or awaiting approval again where its department needs approval
    and the editor is not an approver; its new state."""
    if "edit" not in reply_forms(role, r):
        raise ReplyRefused(f"reply {r.id} cannot be edited by a {role} while {r.state}")
    if not g.edit_reply(r.id, text, by, approver=role in APPROVERS):
        raise ReplyRefused(f"reply {r.id} changed meanwhile; look again")
    return _state(g, r)


def _state(g: Grievances, r: OutboxReply) -> str:
    found = g.replies(docket=r.docket, limit=1000)
    return next((x.state for x in found if x.id == r.id), r.state)
