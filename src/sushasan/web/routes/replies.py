"""The ticket page's public replies: approve or edit one (``actions.replies``), then back to the
ticket. The ticket is fetched in the user's scope first, so another department's reply is the same
404 as a missing one; reviewers may read replies but not act (403)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from sushasan.actions.replies import APPROVERS, ReplyRefused, approve, edit
from sushasan.web.deps import core
from sushasan.web.i18n import translations
from sushasan.web.render import language
from sushasan.web.routes.tickets import Actors, _get, _text, _ticket_page

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.post("/tickets/{docket}/replies/{reply_id}/{name}")
async def reply_action(request: Request, docket: str, reply_id: int,
                       name: Literal["approve", "edit"], user: Actors) -> Response:
    """Approve or rewrite one of the ticket's replies, audited as the signed-in user."""
    if name == "approve" and user.role not in APPROVERS:
        raise HTTPException(403, "forbidden")  # an officer drafts; a nodal officer approves
    app = core(request)
    t = _get(app, docket, user)
    g = app.grievances
    r = next((x for x in g.replies(docket=t.docket, limit=1000) if x.id == reply_id), None)
    if r is None:
        raise HTTPException(404, "not found")
    _ = translations(language(request)).gettext
    by = f"web:{user.username}"
    try:
        if name == "approve":
            approve(g, r, by, user.role)
        else:
            text = _text(await request.form(), "text", 8000)
            if not text:
                return _ticket_page(request, user, t, 400, error=_(
                    "Write the text of the reply."))
            edit(g, r, text, by, user.role)
    except ReplyRefused:
        return _ticket_page(request, user, t, 409, error=_(
            "This reply cannot be changed now: someone changed it first, or it has already "
            "left."))
    request.session["flash"] = f"reply_{name}"
    return RedirectResponse(f"/tickets/{t.docket}", status_code=303)
