"""The grievance desk on the web: queue, ticket page with its audit trail and actions, exports, API.

Every route is a thin shell over the ticket desk (:class:`GrievanceDesk`): the signed-in
user becomes an :class:`Actor`, and the service puts the actor's department *in the query*, so an
officer asking for another department's ticket meets the same ``NotFoundError`` (here a 404) as
for a missing docket. The rules (which action from which state, three transfers at most, no
closing as "does not concern us") stay in the core; a refusal comes back as ``TicketError`` and is
shown on the ticket page with 400 or 409, never a 500.

Citizens' phone numbers, e-mails and Aadhaar numbers are shown only to officers of the owning
department; everyone else (review cell, reviewers, every export and API answer for them) gets
:func:`~sushasan.language.pii.redact` text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from sushasan.actions.accounts import User
from sushasan.actions.replies import reply_forms
from sushasan.app import Sushasan
from sushasan.errors import NotFoundError, TicketError
from sushasan.grievances.tickets.deadlines import interim_due
from sushasan.grievances.tickets.desk import Actor, GrievanceDesk
from sushasan.grievances.tickets.lifecycle import (
    ACTIONS,
    MAX_TRANSFERS,
    RESOLUTIONS,
    RUNNING_STATES,
    STATES,
    Action,
    Ticket,
)
from sushasan.language.pii import redact
from sushasan.quarters import IST
from sushasan.reports.xlsx import formula_safe
from sushasan.web.deps import core, require
from sushasan.web.i18n import translations
from sushasan.web.render import N_, language, render
from sushasan.web.routes.api import ERRORS, bearer
from sushasan.words import has, word

__all__ = ["AGE_BUCKETS", "age_buckets", "age_counts", "router", "state_names"]

PAGE = 50
#: Pendency-age buckets in calendar days since receipt: (label, lowest day, highest day or None).
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    (N_("0–7 days"), 0, 7), (N_("8–15 days"), 8, 15), (N_("16–21 days"), 16, 21),
    (N_("More than 21 days"), 22, None),
)
#: Officers read times in India Standard Time; the desk stores UTC.


def state_names(lang: str) -> dict[str, str]:
    """Every state's name in ``lang``: the catalogue's ``state:`` words, which the e-mail digest
    reads too, so the two cannot drift apart."""
    return {state: word(f"state:{state}", lang) for state in STATES}

# The words for actions, events, resolutions and levels are the catalogue's ``action:``,
# ``event:``, ``resolution:`` and ``level:`` words (the e-mail digest reads the same levels).
#: What the web offers, in the order the ticket page shows the forms.
WEB_ACTIONS = ("acknowledge", "start", "interim_reply", "pause", "resume", "dispose", "transfer",
               "reopen", "merge", "not_grievance", "route")
StateFilter = Literal["open", "all", *STATES]  # type: ignore[valid-type]

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["tickets"], dependencies=[Depends(bearer)])
router = APIRouter()

Staff = Annotated[User, Depends(require("admin", "reviewer", "officer"))]
Actors = Annotated[User, Depends(require("admin", "officer"))]  # reviewers read, never act


def actor(user: User) -> Actor:
    """The service's view of a web user; the role decides the scope the core applies."""
    return Actor(f"web:{user.username}", user.role, user.department_id)


def owns(user: User, t: Ticket) -> bool:
    """Only officers of the ticket's own department may read citizens' contact details."""
    return user.role == "officer" and t.department_id is not None \
        and user.department_id == t.department_id


def visible(user: User, t: Ticket, text: str | None) -> str:
    """The text as this user may see it: whole for the owning officer, redacted otherwise."""
    return (text or "") if owns(user, t) else redact(text or "")


def age_days(t: Ticket, now: datetime) -> int:
    return max(0, (now - t.received_at).days)


def age_counts(app: Sushasan, user: User, department: str | None, triage: bool,
               now: datetime) -> list[tuple[str, int]]:
    """Open tickets per pendency-age bucket, counted by the desk in one SQL query.

    The overdue filter is not applied here: the buckets describe the whole open queue of the
    chosen department (and triage filter)."""
    staff = user.role in ("admin", "reviewer")
    counts = app.grievances.tickets.count_by_age(
        actor(user), [low for _label, low, _high in AGE_BUCKETS], now,
        department_id=(department or None) if staff else None,
        triage=True if triage and staff else None,
    )
    return [(label, n) for (label, _lo, _hi), n in zip(AGE_BUCKETS, counts, strict=True)]


def age_buckets(tickets: Sequence[Ticket], now: datetime) -> list[tuple[str, int]]:
    """Open tickets per pendency-age bucket (calendar days since receipt, as CPGRAMS reports)."""
    counts = [0] * len(AGE_BUCKETS)
    for t in tickets:
        days = age_days(t, now)
        for i, (_label, low, high) in enumerate(AGE_BUCKETS):
            if days >= low and (high is None or days <= high):
                counts[i] += 1
                break
    return [(label, n) for (label, _lo, _hi), n in zip(AGE_BUCKETS, counts, strict=True)]


def day(value: datetime | None, with_time: bool = False) -> str:
    """A date (and time) in IST, day first as Indian offices write it."""
    if value is None:
        return "—"
    local = value.astimezone(IST)
    return local.strftime("%d-%m-%Y %H:%M IST" if with_time else "%d-%m-%Y")


def _common(request: Request, app: Sushasan) -> dict[str, Any]:
    """What every ticket template needs: the clock, dates, department names."""
    names = {d.id: d for d in app.departments()}
    hindi = language(request) == "hi"

    def dname(department_id: str | None) -> str:
        d = names.get(department_id or "")
        if d is None:
            return department_id or "—"
        return d.name_hi if hindi else d.name_en

    return {"now": app.grievances.desk_now(), "day": day, "running": RUNNING_STATES,
            "names": names, "dname": dname,
            "state_names": state_names("hi" if hindi else "en")}


def desk(app: Sushasan) -> GrievanceDesk:
    """The desk service; it keeps one transaction per thread, so uvicorn's worker threads can
    share it."""
    return app.grievances.tickets


def _get(app: Sushasan, docket: str, user: User) -> Ticket:
    try:
        return desk(app).get(docket, actor(user))
    except NotFoundError:
        raise HTTPException(404, "not found") from None


def _filters(user: User, state: str, department: str | None, overdue: bool,
             triage: bool) -> dict[str, Any]:
    """Query filters for the service; an officer's department comes from the Actor alone."""
    staff = user.role in ("admin", "reviewer")
    return {
        "state": None if state == "all" else state,
        "department_id": (department or None) if staff else None,
        "overdue": True if overdue else None,
        "triage": True if triage and staff else None,
    }


QState = Annotated[StateFilter, Query()]
QDepartment = Annotated[str | None, Query(max_length=64)]
QOffset = Annotated[int, Query(ge=0, le=10**9)]


@pages.get("/tickets")
def queue(
    request: Request, user: Staff, state: QState = "open", department: QDepartment = None,
    overdue: bool = False, triage: bool = False, offset: QOffset = 0,
) -> Response:
    """The queue, oldest first, 50 at a time; htmx asks for the next rows only ("show more").

    The age buckets count every open ticket under the same department and triage filters
    (pendency is about open tickets, whatever state the table is filtered to)."""
    app = core(request)
    service = desk(app)
    who = actor(user)
    f = _filters(user, state, department, overdue, triage)
    common = _common(request, app)
    now = common["now"]
    rows = service.list(who, **f, limit=PAGE + 1, offset=offset, now=now)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    args = {k: v for k, v in request.query_params.items() if k != "offset"}
    next_url = f"/tickets?{urlencode({**args, 'offset': offset + PAGE})}" if more else None
    context: dict[str, Any] = {
        "rows": [(t, visible(user, t, t.text), age_days(t, now)) for t in rows],
        "next_url": next_url, **common,
        "reply_states": app.grievances.reply_states([t.docket for t in rows]),
    }
    if request.headers.get("hx-request") == "true" and offset > 0:
        return render(request, "ticket_rows.html", **context)
    buckets = age_counts(app, user, department, triage, now)
    query = urlencode(args)
    return render(
        request, "tickets.html", **context, buckets=buckets,
        open_total=sum(n for _label, n in buckets), states=STATES, state=state,
        department=department or "", overdue=overdue, triage=triage,
        departments=list(common["names"].values()),
        staff=user.role in ("admin", "reviewer"), query=query,
        counts=service.count_by_state(who, department_id=f["department_id"],
                                      triage=f["triage"]),
        intake=service.triage_counts(who) if f["triage"] else None,
    )


def _csv(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads the BOM and shows Devanagari
    w = csv.writer(out)
    for row in rows:
        w.writerow([formula_safe(v) for v in row])
    return out.getvalue()


EXPORT_COLUMNS = ("docket", "department_id", "state", "level", "received_at", "due_at",
                  "language", "text", "transfers", "reopens", "needs_triage", "sample")


@pages.get("/tickets.{fmt}")
def export(
    request: Request, fmt: Literal["csv", "xlsx"], user: Staff, state: QState = "open",
    department: QDepartment = None, overdue: bool = False, triage: bool = False,
) -> Response:
    """The queue the user can see as a file; formula-like cells neutralised, PII redacted."""
    app = core(request)
    found = desk(app).list(
        actor(user), **_filters(user, state, department, overdue, triage), limit=1_000_000,
        now=app.grievances.desk_now())
    rows: list[list[Any]] = [list(EXPORT_COLUMNS)]
    for t in found:
        rows.append([t.docket, t.department_id or "", t.state, t.level,
                     t.received_at.isoformat(), t.current_due().isoformat(), t.language or "",
                     visible(user, t, t.text), t.transfer_count, t.reopen_count,
                     t.needs_triage, t.sample])
    name = f"tickets.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        return Response(_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Tickets"
    for row in rows:
        ws.append([formula_safe(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return Response(
        buf.getvalue(), headers=headers,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _level_name(app: Sushasan, level: int) -> str:
    chain = app.grievances.policy.chain
    return chain[min(level, len(chain) - 1)]


def _forms(user: User, t: Ticket) -> list[str]:
    """The action forms this user may use on this ticket now (reviewers: none)."""
    if user.role not in ("admin", "officer"):
        return []
    out = []
    for name in WEB_ACTIONS:
        if t.state not in ACTIONS[name]:
            continue
        if name == "route" and (user.role != "admin" or (t.department_id is not None
                                and not t.needs_triage)):
            continue
        if name == "transfer" and (t.department_id is None or t.transfer_count >= MAX_TRANSFERS):
            continue
        out.append(name)
    return out


def _ticket_page(request: Request, user: User, t: Ticket, status_code: int = 200,
                 error: str | None = None, error_en: bool = False) -> Response:
    """The ticket page; with ``error``, the refusal (``error_en``: the core's English text)."""
    app = core(request)
    g = app.grievances
    events = desk(app).events(t.docket, actor(user))
    flash = request.session.pop("flash", None) if status_code == 200 else None
    interim = interim_due(t.received_at, t.pauses, g.calendar, g.policy) if t.is_open else None
    common = _common(request, app)
    return render(
        request, "ticket.html", status_code=status_code, t=t, text=visible(user, t, t.text),
        reply=visible(user, t, t.reply), owner=owns(user, t),
        events=[(e, visible(user, t, e.reason)) for e in events], forms=_forms(user, t),
        level=_level_name(app, t.level), interim=interim,
        departments=list(common["names"].values()),
        dept=common["names"].get(t.department_id or ""),
        **common, resolutions=RESOLUTIONS,
        flash=flash if has(f"event:{flash}") else None,
        error=error, error_en=error_en, max_transfers=MAX_TRANSFERS,
        replies=[(r, visible(user, t, r.text), reply_forms(user.role, r))
                 for r in g.replies(docket=t.docket, limit=1000)],
    )


@pages.get("/tickets/{docket}")
def ticket(request: Request, docket: str, user: Staff) -> Response:
    """One ticket; another department's is the same 404 as a missing one (scope in the query)."""
    return _ticket_page(request, user, _get(core(request), docket, user))


def _text(form: Any, key: str, limit: int = 4000) -> str | None:
    value = form.get(key)
    if not isinstance(value, str):
        return None
    return value.strip()[:limit] or None


@pages.post("/tickets/{docket}/{name}")
async def act(request: Request, docket: str, name: str, user: Actors) -> Response:
    """One action through the core's actions layer, then back to the ticket (303) with a note."""
    if name not in WEB_ACTIONS:
        raise HTTPException(404, "not found")
    if name == "route" and user.role != "admin":
        raise HTTPException(403, "forbidden")
    app = core(request)
    t = _get(app, docket, user)  # 404 for another department's ticket, as for a missing one
    _ = translations(language(request)).gettext
    if t.state not in ACTIONS[name]:
        return _ticket_page(request, user, t, 409, error=_(
            "This action is not possible while the ticket is in this state."))
    if name == "transfer" and t.transfer_count >= MAX_TRANSFERS:
        return _ticket_page(request, user, t, 409, error=_(
            "This ticket has already been transferred three times; the review cell must "
            "route it."))
    form = await request.form()
    rating = _text(form, "rating", 2)
    action = Action(
        name=name, reason=_text(form, "reason"), department_id=_text(form, "department_id", 64),
        resolution=_text(form, "resolution", 64), reply=_text(form, "reply"),
        rating=int(rating) if rating and rating.isdigit() else None, into=_text(form, "into", 40),
    )
    try:
        desk(app).act(t.docket, action, actor(user))
    except NotFoundError:  # the merge target is missing or out of scope: the same answer
        return _ticket_page(request, user, t, 400, error=_(
            "There is no ticket with that docket number that you may see."))
    except TicketError as exc:
        return _ticket_page(request, user, t, 400, error=str(exc), error_en=True)
    request.session["flash"] = name
    return RedirectResponse(f"/tickets/{t.docket}", status_code=303)


# -- JSON API --------------------------------------------------------------------------------


class EventOut(BaseModel):
    at: datetime
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    from_department: str | None
    to_department: str | None
    reason: str | None


class TicketOut(BaseModel):
    docket: str
    state: str
    department_id: str | None
    level: int
    level_name: str
    received_at: datetime
    due_at: datetime
    language: str | None
    text: str
    transfers: int
    reopens: int
    needs_triage: bool
    sample: bool


class TicketDetail(TicketOut):
    events: list[EventOut]


def _out(app: Sushasan, user: User, t: Ticket) -> dict[str, Any]:
    return {
        "docket": t.docket, "state": t.state, "department_id": t.department_id,
        "level": t.level, "level_name": _level_name(app, t.level), "received_at": t.received_at,
        "due_at": t.current_due(), "language": t.language, "text": visible(user, t, t.text),
        "transfers": t.transfer_count, "reopens": t.reopen_count,
        "needs_triage": t.needs_triage, "sample": t.sample,
    }


@api.get("/tickets", response_model=list[TicketOut], responses=ERRORS)
def api_tickets(
    request: Request, user: Staff,
    state: Annotated[StateFilter, Query(description="A state, `open` or `all`")] = "open",
    department_id: QDepartment = None, overdue: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100, offset: QOffset = 0,
) -> list[TicketOut]:
    """Tickets the caller may see, oldest first; texts redacted unless the caller owns them."""
    app = core(request)
    staff = user.role in ("admin", "reviewer")
    found = desk(app).list(
        actor(user), state=None if state == "all" else state,
        department_id=department_id if staff else None, overdue=overdue, limit=limit,
        offset=offset, now=app.grievances.desk_now(),
    )
    if not staff and department_id and department_id != user.department_id:
        found = []  # an officer filtering on another department sees nothing, not an error
    return [TicketOut(**_out(app, user, t)) for t in found]


@api.get("/tickets/{docket}", response_model=TicketDetail, responses=ERRORS)
def api_ticket(
    request: Request, docket: Annotated[str, Path(max_length=40)], user: Staff,
) -> TicketDetail:
    """One ticket with its audit trail; another department's ticket is a 404 for an officer."""
    app = core(request)
    t = _get(app, docket, user)
    events = [
        EventOut(at=e.at, actor=e.actor, action=e.action, from_state=e.from_state,
                 to_state=e.to_state, from_department=e.from_department,
                 to_department=e.to_department,
                 reason=None if e.reason is None else visible(user, t, e.reason))
        for e in desk(app).events(t.docket, actor(user))
    ]
    return TicketDetail(**_out(app, user, t), events=events)


router.include_router(pages)
router.include_router(api)
