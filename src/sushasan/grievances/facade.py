"""The grievance desk's use cases, as one object the core hands to its shells.

`Sushasan.grievances` builds it from the settings: the working-day calendar (shipped holiday
files plus the data folder's own), the deadline policy, the registry's departments for routing,
and the detector trained on the shipped labelled set plus officers' corrections.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from sushasan.config import Config
from sushasan.desk.store import Desk
from sushasan.desk.tables import grievance_labels, tickets
from sushasan.desk.trail import Trail
from sushasan.errors import ImportFileError, SushasanError
from sushasan.grievances.notify.contacts import read_contacts
from sushasan.grievances.pillar import pillar_indicators
from sushasan.grievances.tickets.calendar import WorkingCalendar, load_calendar
from sushasan.grievances.tickets.deadlines import DeadlinePolicy
from sushasan.grievances.tickets.desk import GrievanceDesk
from sushasan.grievances.tickets.simulate import AS_OF_META, SimulationResult, simulate
from sushasan.lake import Lake
from sushasan.quarters import Quarter
from sushasan.textio import read_text

if TYPE_CHECKING:  # the model and the router load only for the commands that use them
    from sushasan.grievances.classify.detect import Detector, Example
    from sushasan.grievances.classify.route_model import LearnedRouter
    from sushasan.grievances.classify.routing import Router
    from sushasan.grievances.tickets.triage import TriageResult

__all__ = ["CLASSIFY_COLUMNS", "Grievances"]

#: The columns `sushasan grievances classify` writes, in this order (a contract for scripts).
CLASSIFY_COLUMNS = (
    "id", "language", "is_grievance", "grievance_score", "department_id", "department_score",
)


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
    def service(self) -> GrievanceDesk:
        return GrievanceDesk(self.desk, self.calendar, self.policy,
                             departments=self.desk.department_ids(), clock=self.now)

    def desk_now(self) -> datetime:
        """Now, for showing the desk — except on a desk holding only sample tickets, whose
        "now" is the day the sample simulation played up to, so ages and overdue flags read as
        on that day. (Actions and escalation always use the desk's clock.)"""
        now = self.now()
        stored = self.desk.get_meta(AS_OF_META)
        if not stored:
            return now
        with self.desk.begin() as conn:
            real = conn.execute(select(tickets.c.docket).where(tickets.c.sample.is_(False))
                                .limit(1)).first()
        return now if real else min(now, datetime.fromisoformat(stored))

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

        return triage(self.service, self.lake, self.detector, self.router, sample, limit,
                      self.route_model)

    def simulate(self, seed: int, as_of: datetime | None = None) -> SimulationResult:
        return simulate(self.service, seed, as_of)

    def escalate(self, now: datetime | None = None) -> int:
        return self.service.escalate_due(now)

    def indicators(self, quarter: Quarter, sample: bool) -> dict[str, dict[str, Any]]:
        """The review's grievance pillar (:func:`~sushasan.grievances.pillar.pillar_indicators`)."""
        return pillar_indicators(self.desk, quarter, sample, self.now())

    def purge(self, now: datetime | None = None, by: str = "system") -> int:
        """Blank citizens' text and handle on tickets closed longer than the retention period;
        the audit trail records how many and up to when (never which texts)."""
        now = now or self.now()
        cutoff = now - timedelta(days=self.config.retention_days)
        return self.service.purge(cutoff, Trail(by, now), self.config.retention_days)

    # -- digests ------------------------------------------------------------------------------
    def contacts(self) -> dict[str, list[str]]:
        """department_id → e-mail addresses, from `contacts.csv` in the data folder."""
        return read_contacts(self.config.data_dir / "contacts.csv", self.desk.department_ids())

    def digests(
        self, now: datetime | None = None, sample: bool = False,
    ) -> list[tuple[str, EmailMessage]]:
        """One bilingual digest per department with overdue tickets (texts redacted); sample
        tickets only when asked."""
        from sushasan.grievances.notify.overdue import overdue_digests

        return overdue_digests(self.service, self.desk.departments(), self.contacts(),
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
        rows = list(_read_rows(src))
        texts = [r["text"] for r in rows]
        # A department's own post or reply is never a grievance: flagged by the file
        # (`from_department`) or written from a registry account (`author_handle`).
        handles = {a.handle.lstrip("@").lower() for d in self.desk.departments()
                   for a in d.accounts}
        handles.discard("")
        own = [r.get("from_department", "").strip().lower() in ("1", "true", "yes")
               or r.get("author_handle", "").strip().lstrip("@").lower() in handles
               for r in rows]
        found = self.detector.classify(texts, from_department=own)
        routes = self.router.route_many(texts)
        if self.route_model is not None:
            routes = self.route_model.refine(routes, texts)
        dst.parent.mkdir(parents=True, exist_ok=True)
        out = [
            {"id": r["id"], "language": d.language, "is_grievance": d.is_grievance,
             "grievance_score": round(float(d.score), 6), "department_id": route.department_id,
             "department_score": round(float(route.score), 6)}
            for r, d, route in zip(rows, found, routes, strict=True)
        ]
        if dst.suffix.lower() == ".csv":
            with dst.open("w", encoding="utf-8", newline="") as fh:
                w = csv.DictWriter(fh, fieldnames=list(CLASSIFY_COLUMNS))
                w.writeheader()
                for row in out:
                    w.writerow({**row, "is_grievance": str(row["is_grievance"]).lower(),
                                "department_id": row["department_id"] or ""})
        else:
            with dst.open("w", encoding="utf-8") as fh:
                for row in out:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return len(out)


def _read_rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows with `text` and `id` (the row number when the file has none)."""
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    text = read_text(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ImportFileError(f"{path}, line {n}: not JSON ({exc.msg}); fix the line "
                                      "and run again") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ImportFileError(f"{path}, line {n}: needs a string field `text`")
            yield {"id": str(obj.get("id", n)), "text": obj["text"],
                   "author_handle": str(obj.get("author_handle") or ""),
                   "from_department": str(obj.get("from_department") or "")}
    elif suffix in (".csv", ".tsv"):
        reader = csv.DictReader(text.splitlines(), delimiter="\t" if suffix == ".tsv" else ",")
        if "text" not in (reader.fieldnames or []):
            raise ImportFileError(f"{path}: needs a `text` column; found "
                                  f"{', '.join(reader.fieldnames or []) or 'no header'}")
        for n, row in enumerate(reader, start=2):
            yield {"id": str(row.get("id") or n - 1), "text": row.get("text") or "",
                   "author_handle": row.get("author_handle") or "",
                   "from_department": row.get("from_department") or ""}
    else:
        raise ImportFileError(f"{path}: use a .csv or .jsonl file")
