"""What the desk says back to the citizen, in public, when an officer acts on a ticket.

Acknowledging, asking for details (pausing for the citizen), an interim reply and disposing each
put one reply in the outbox (``desk/replies``), in the same transaction as the action: a
bilingual template with the docket number and the deadline, or the officer's own edited text
(``Action.details["public_reply"]``). Before it may be queued the text is checked:

- no personal data (phone, Aadhaar, e-mail; ``language.pii``): a public reply must never echo
  what the citizen should have sent privately; such a reply stays a ``draft`` with the reason;
- where the platform can answer a comment privately (Facebook, Instagram: Graph's private
  replies), a reply carrying personal data goes that way instead (``channel="private"``), checked
  against the private message's own length;
- the platform's length (X's weighted count, where a URL is 23 and Devanagari one per code
  point): the Hindi-and-English template falls back to the citizen's language alone, and text
  still too long stays a ``draft``.

A department whose registry row says ``reply_approval: yes`` (or, where the row says nothing, one
listed in the ``replies_approval`` setting) has its replies wait as ``awaiting_approval`` until a
nodal officer approves them; the row is read in the action's own transaction, so a registry
change holds from the next action on, in a long-running dashboard too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from sushasan.desk.replies import add_reply
from sushasan.desk.tables import departments, replies
from sushasan.desk.trail import Trail
from sushasan.grievances.tickets.calendar import IST
from sushasan.grievances.tickets.lifecycle import Action, Ticket
from sushasan.language.pii import find_pii
from sushasan.words import N_, hindi

__all__ = ["PURPOSES", "TEMPLATES", "ReplyDrafter", "can_reply_privately", "draft_text",
           "reply_length", "reply_problem"]

#: Ticket action → the reply's purpose.
PURPOSES = {"acknowledge": "acknowledge", "pause": "details", "interim_reply": "interim",
            "dispose": "dispose"}

TEMPLATES = {
    "acknowledge": N_("Your grievance is registered with docket number {docket}. "
                      "We will reply by {due}."),
    "details": N_("Docket {docket}: please send your details (address, connection or account "
                  "number) to us by direct message; do not post them in public."),
    "interim": N_("Update on docket {docket}:"),
    "dispose": N_("Docket {docket} is disposed of:"),
}

#: Platforms' length limits for a public reply, when the platform has no reply module.
_FALLBACK_LIMIT = 2200


def reply_length(platform: str, text: str,
                 platforms: Mapping[str, Any] | None = None) -> tuple[int, int]:
    """(length as ``platform`` counts it, its limit); ``platforms``: the reply platforms the
    plugins offer (``plugins.reply_platforms``)."""
    found = (platforms or {}).get(platform)
    if found is None:
        return len(text), _FALLBACK_LIMIT
    return int(found.length(text)), int(found.limit)


def can_reply_privately(platform: str, platforms: Mapping[str, Any] | None = None) -> bool:
    """Whether ``platform``'s reply module can answer a comment privately."""
    return hasattr((platforms or {}).get(platform), "private_request")


def reply_problem(platform: str, text: str,
                  platforms: Mapping[str, Any] | None = None,
                  channel: str = "public") -> str | None:
    """Why ``text`` may not go out on ``platform`` (in public, or as a private reply), or
    None."""
    if not text.strip():
        return "the reply is empty"
    if channel == "private":
        limit = int(getattr((platforms or {}).get(platform), "private_limit", 1000))
        if len(text) > limit:
            return f"the private reply is {len(text)} characters long; the limit is {limit}"
        return None
    found = sorted({kind for kind, _span in find_pii(text)})
    if found:
        return (f"the reply contains personal data ({', '.join(found)}); remove it: a public "
                "reply must never echo it")
    length, limit = reply_length(platform, text, platforms)
    if length > limit:
        return f"the reply is {length} characters long as {platform} counts them; the limit is " \
               f"{limit}"
    return None


def draft_text(purpose: str, ticket: Ticket, officer_text: str | None = None,
               languages: Iterable[str] = ("hi", "en")) -> str:
    """The template for ``purpose`` filled in, in the given languages (Hindi first), then the
    officer's own words once (interim reply, disposal)."""
    due = ticket.current_due().astimezone(IST).strftime("%d-%m-%Y")
    lines = [(hindi(TEMPLATES[purpose]) if lang == "hi" else TEMPLATES[purpose])
             .format(docket=ticket.docket, due=due) for lang in languages]
    text = "\n".join(lines)
    if officer_text and officer_text.strip():
        text = f"{text}\n{officer_text.strip()}"
    return text


def _citizen_language(ticket: Ticket) -> str:
    return "en" if (ticket.language or "") == "en" else "hi"


@dataclass(frozen=True)
class ReplyDrafter:
    """Put the reply an action calls for in the outbox (``GrievanceDesk(outbox=...)``)."""

    #: the ``replies_approval`` setting: departments whose registry row does not say
    approval: frozenset[str] = frozenset()
    #: platform name → its reply platform (length and limit), from the plugins
    platforms: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, conn: Connection, new: Ticket, action: Action, trail: Trail) -> None:
        purpose = PURPOSES.get(action.name)
        if purpose is None or new.sample:  # sample tickets never reach a real platform
            return
        edited = action.details.get("public_reply")
        if edited:
            text = str(edited)
        else:
            text = draft_text(purpose, new, action.reply)
            if reply_problem(new.platform, text, self.platforms) is not None:  # both too long
                text = draft_text(purpose, new, action.reply, (_citizen_language(new),))
        problem = reply_problem(new.platform, text, self.platforms)
        channel = "public"
        if problem is not None and problem.startswith("the reply contains personal data") \
                and can_reply_privately(new.platform, self.platforms):
            channel = "private"  # the citizen's own details go to them, not to the public
            problem = reply_problem(new.platform, text, self.platforms, channel)
        if problem is not None:
            state = "draft"
        elif self._needs_approval(conn, new.department_id):
            state = "awaiting_approval"
        else:
            state = "queued"
        earlier = conn.execute(select(func.count()).where(
            replies.c.docket == new.docket, replies.c.purpose == purpose)).scalar_one()
        add_reply(conn, trail, key=f"{new.docket}/{purpose}/{int(earlier) + 1}",
                  docket=new.docket, purpose=purpose, platform=new.platform,
                  in_reply_to=new.interaction_id, department_id=new.department_id, text=text,
                  state=state, error=problem, sample=new.sample, channel=channel)

    def _needs_approval(self, conn: Connection, department_id: str | None) -> bool:
        flag = conn.execute(select(departments.c.reply_approval)
                            .where(departments.c.id == department_id)).scalar()
        return bool(flag) if flag is not None else department_id in self.approval
