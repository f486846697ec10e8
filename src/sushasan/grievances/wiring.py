"""The grievance jobs wired from the settings, as one object the core hands to its shells.

`Sushasan.grievances` builds it: the working-day calendar (shipped holiday files plus the data
folder's own), the deadline policy, the ticket desk, the registry's departments for routing,
and the detector trained on the shipped labelled set plus officers' corrections. Each use case
is a short delegate to the sub-package that does the work: ``classify/`` (detection, routing,
batch files), ``tickets/`` (triage, actions, escalation, simulation, purge), ``notify/``
(digests) and ``pillar`` (the review's grievance indicators).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from sushasan.config import Config
from sushasan.desk.store import Desk
from sushasan.desk.tables import grievance_labels
from sushasan.desk.trail import Trail
from sushasan.errors import SushasanError
from sushasan.grievances.classify.batch import read_rows, write_classified
from sushasan.grievances.notify.contacts import read_contacts
from sushasan.grievances.pillar import pillar_indicators
from sushasan.grievances.tickets.calendar import WorkingCalendar, load_calendar
from sushasan.grievances.tickets.deadlines import DeadlinePolicy
from sushasan.grievances.tickets.desk import GrievanceDesk
from sushasan.grievances.tickets.simulate import SimulationResult, shown_now, simulate
from sushasan.lake import Lake
from sushasan.quarters import Quarter

if TYPE_CHECKING:  # the model and the router load only for the commands that use them
    from sushasan.desk.replies import OutboxReply
    from sushasan.grievances.classify.detect import Detector, Example
    from sushasan.grievances.classify.route_model import LearnedRouter
    from sushasan.grievances.classify.routing import Router
    from sushasan.grievances.notify.outbox import SendReport
    from sushasan.grievances.tickets.triage import TriageResult

__all__ = ["Grievances"]


def _wall_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Grievances:
    config: Config
    desk: Desk
    lake: Lake
    #: Where "now" comes from for the desk (None: the wall clock). Tests and replays pass a
    #: fixed clock, so what is overdue does not depend on the day they run.
    clock: Callable[[], datetime] | None = None
    #: What replies are posted through (None: the network); tests pass a local server's.
    transport: Any = None

    def now(self) -> datetime:
        """Now, as the desk sees it: the injected clock, else the wall clock (UTC)."""
        return (self.clock or _wall_clock)()

    # -- wiring -----------------------------------------------------------------------------
    @cached_property
    def calendar(self) -> WorkingCalendar:
        folder = self.config.holidays_dir or self.config.data_dir / "holidays"
        return load_calendar(
            holidays_dir=folder if folder.is_dir() else None,
            second_saturday_off=self.config.second_saturday_off,
        )

    @cached_property
    def policy(self) -> DeadlinePolicy:
        chain = tuple(p.strip() for p in self.config.escalation_chain.split(",") if p.strip())
        if len(chain) < 1:
            raise SushasanError("escalation_chain needs at least one level")
        return DeadlinePolicy(disposal_days=self.config.disposal_days,
                              level_days=self.config.level_days, chain=chain)

    @cached_property
    def tickets(self) -> GrievanceDesk:
        from sushasan.grievances.tickets.replies import ReplyDrafter

        return GrievanceDesk(self.desk, self.calendar, self.policy,
                             departments=self.desk.department_ids(), clock=self.now,
                             outbox=ReplyDrafter(self._approval_setting(), self.reply_platforms))

    def _approval_setting(self) -> frozenset[str]:
        return frozenset(d.strip() for d in self.config.replies_approval.split(",") if d.strip())

    def approval(self) -> frozenset[str]:
        """Departments whose public replies wait for a nodal officer: the registry's
        ``reply_approval`` where it says yes or no, else the ``replies_approval`` setting."""
        listed = set(self._approval_setting())
        for d in self.desk.departments():
            if d.reply_approval is True:
                listed.add(d.id)
            elif d.reply_approval is False:
                listed.discard(d.id)
        return frozenset(listed)

    # -- replies from the desk --------------------------------------------------------------
    @cached_property
    def reply_platforms(self) -> dict[str, Any]:
        from sushasan.plugins import make_plugin_manager, reply_platforms

        return reply_platforms(make_plugin_manager(), self.config)

    def send_replies(self, by: str = "system", limit: int | None = None,
                     platforms: list[str] | None = None,
                     sleep: Callable[[float], None] | None = None) -> SendReport:
        """Post the queued replies (``notify.outbox``)."""
        import time

        import httpx2

        from sushasan.grievances.notify.outbox import ReplySender

        departments = self.desk.departments()
        accounts = {d.id: {a.platform: a.handle for a in d.real_accounts()}
                    for d in departments}
        token_envs = {d.id: {a.platform: a.token_env for a in d.real_accounts() if a.token_env}
                      for d in departments}
        account_ids = {d.id: {a.platform: a.platform_id for a in d.real_accounts()
                              if a.platform_id} for d in departments}

        def secret(name: str) -> str | None:
            found = self.config.named_secret(name)
            return found.reveal() if found else None

        with httpx2.Client(transport=self.transport, timeout=30.0) as client:
            sender = ReplySender(self.desk, self.lake,
                                 self.reply_platforms, client,
                                 daily_budget=self.config.replies_daily_budget,
                                 clock=self.now, sleep=sleep or time.sleep, accounts=accounts,
                                 token_envs=token_envs, secret=secret,
                                 account_ids=account_ids)
            return sender.send(Trail(by, self.now()), limit=limit, platforms=platforms)

    def replies(self, **filters: Any) -> list[OutboxReply]:
        from sushasan.desk.replies import outbox

        return outbox(self.desk, **filters)

    def move_reply(self, reply_id: int, state: str, by: str, text: str | None = None) -> bool:
        """Approve (→ queued), send back to draft, or edit a reply's text (checked again)."""
        from sushasan.desk.replies import move_reply, reply
        from sushasan.grievances.tickets.replies import reply_problem

        found = reply(self.desk, reply_id)
        if found is None:
            raise SushasanError(f"no reply {reply_id} in the outbox")
        values: dict[str, Any] = {}
        if text is not None:
            values["text"] = text
        problem = reply_problem(found.platform, text if text is not None else found.text,
                                self.reply_platforms, found.channel)
        if state in ("queued", "awaiting_approval") and problem is not None:
            state, values["error"] = "draft", problem
        elif state in ("queued", "awaiting_approval"):
            values["error"] = None
        with self.desk.begin() as conn:
            return move_reply(conn, Trail(by, self.now()), reply_id, state, **values)

    def edit_reply(self, reply_id: int, text: str, by: str, approver: bool = False) -> bool:
        """Rewrite a reply: queued, or awaiting approval again when its department needs
        approval and ``by`` is not an approver (``actions.replies``)."""
        from sushasan.desk.replies import reply

        found = reply(self.desk, reply_id)
        if found is None:
            raise SushasanError(f"no reply {reply_id} in the outbox")
        waits = found.department_id in self.approval() and not approver
        return self.move_reply(reply_id, "awaiting_approval" if waits else "queued", by, text)

    def reply_states(self, dockets: list[str]) -> dict[str, tuple[str, str]]:
        """Each docket's latest reply as (purpose, state), for the queue's replies column."""
        from sushasan.desk.replies import latest_states

        return latest_states(self.desk, dockets)

    def public_replies(self, department_id: str, quarter: Quarter) -> Any:
        """The department's public replies from the desk in ``quarter`` (scorecard note)."""
        from sushasan.desk.replies import public_replies

        return public_replies(self.desk, department_id, quarter.start_utc, quarter.end_utc)

    def desk_now(self) -> datetime:
        """Now, for showing the desk (:func:`~sushasan.grievances.tickets.simulate.shown_now`:
        the sample desk's own day when it holds only sample tickets)."""
        return shown_now(self.desk, self.now())

    @cached_property
    def router(self) -> Router:
        from sushasan.grievances.classify.routing import Router

        return Router(self.desk.departments())

    @cached_property
    def route_model(self) -> LearnedRouter | None:
        """The learned router, from the shipped labels plus the review cell's routings (or,
        for a registry the shipped labels do not know, the concept model)."""
        from sushasan.grievances.classify.route_model import learned_router

        routed = [e for e in self.corrections() if e.is_grievance and e.department_id]
        return learned_router(self.desk.departments(), routed)

    @cached_property
    def detector(self) -> Detector:
        from sushasan.grievances.classify.detect import Detector

        corrections = self.corrections()
        if not corrections:
            return Detector.default(cache_dir=self.config.data_dir / "models")
        # The model only: the before/after evaluation is `grievances retrain`'s business.
        from sushasan.grievances.classify.detect import train_with_corrections

        return train_with_corrections(corrections)

    def corrections(self, sample: bool = False) -> list[Example]:
        """Officers' labels from real tickets; sample labels never train the real model."""
        from sushasan.grievances.classify.detect import Example

        with self.desk.begin() as conn:
            rows = conn.execute(
                select(grievance_labels).where(grievance_labels.c.sample == sample)
                .order_by(grievance_labels.c.id)
            ).all()
        return [Example(text=r.text, language=r.language or "", is_grievance=r.is_grievance,
                        department_id=r.department_id, id=f"label{r.id}") for r in rows]

    # -- use cases --------------------------------------------------------------------------
    def triage(self, sample: bool | None = None, limit: int | None = None) -> TriageResult:
        from sushasan.grievances.tickets.triage import triage

        return triage(self.tickets, self.lake, self.detector, self.router, sample, limit,
                      self.route_model)

    def simulate(self, seed: int, as_of: datetime | None = None) -> SimulationResult:
        return simulate(self.tickets, seed, as_of)

    def escalate(self, now: datetime | None = None) -> int:
        return self.tickets.escalate_due(now)

    def indicators(self, quarter: Quarter, sample: bool) -> dict[str, dict[str, Any]]:
        """The review's grievance pillar (:func:`~sushasan.grievances.pillar.pillar_indicators`)."""
        return pillar_indicators(self.desk, quarter, sample, self.now())

    def purge(self, now: datetime | None = None, by: str = "system") -> int:
        """Blank citizens' text and handle on tickets closed longer than the retention period;
        the audit trail records how many and up to when (never which texts)."""
        now = now or self.now()
        cutoff = now - timedelta(days=self.config.retention_days)
        return self.tickets.purge(cutoff, Trail(by, now), self.config.retention_days)

    # -- digests ------------------------------------------------------------------------------
    def digests(
        self, now: datetime | None = None, sample: bool = False,
    ) -> list[tuple[str, EmailMessage]]:
        """One bilingual digest per department with overdue tickets (texts redacted), to the
        addresses of `contacts.csv` in the data folder; sample tickets only when asked."""
        from sushasan.grievances.notify.overdue import overdue_digests

        contacts = read_contacts(self.config.data_dir / "contacts.csv",
                                 self.desk.department_ids())
        return overdue_digests(self.tickets, self.desk.departments(), contacts,
                               now or self.now(), self.config.smtp_sender, sample=sample)

    def send(self, messages: list[EmailMessage]) -> int:
        from sushasan.grievances.notify.digest import SmtpSettings, send_digests

        if not self.config.smtp_host:
            raise SushasanError("no mail server: set smtp_host (SUSHASAN_SMTP_HOST)")
        return send_digests(SmtpSettings(
            host=self.config.smtp_host, port=self.config.smtp_port,
            username=self.config.smtp_username, password=self.config.smtp_password,
            starttls=self.config.smtp_starttls, sender=self.config.smtp_sender,
        ), [m for m in messages if m.get("To")])

    # -- batch classification -----------------------------------------------------------------
    def classify_file(self, src: Path, dst: Path) -> int:
        """Classify and route every row of a CSV or JSONL file with a `text` column."""
        rows = list(read_rows(src))  # a bad file says so before any model is trained
        return write_classified(rows, dst, self.detector, self.router, self.route_model,
                                self.desk.departments())
