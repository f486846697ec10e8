"""Send the outbox: post each queued reply on the citizen's platform, exactly once.

One reply at a time: it moves ``queued → sending`` (its own transaction, so the claim is durable
before anything leaves), is posted (``platforms._reply.post_reply``: retries, rate limits, lost
answers), then moves to ``sent`` (with the platform's id and link, and a department reply in the
lake, so responsiveness counts it at once), ``failed`` (the platform's message, for the ticket),
``queued`` again with a time to retry (a rate limit longer than we wait), or
``unknown_check_by_hand``. A reply left in ``sending`` by a run that died is never posted again:
the next run marks it for a person to check. Each platform posts at most its daily budget per
IST day.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2
import pyarrow as pa

from sushasan.desk.replies import (
    OutboxReply,
    move_reply,
    outbox,
    reply,
    sent_since,
    stale_sending,
)
from sushasan.desk.store import Desk
from sushasan.desk.trail import Trail
from sushasan.grievances.tickets.calendar import IST
from sushasan.lake import SCHEMAS, Lake
from sushasan.platforms._reply import Deferred, Posted, Refused, ReplyPlatform, Unknown, post_reply

__all__ = ["ReplySender", "SendReport"]


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    unknown: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  # platform → why nothing was sent


@dataclass
class ReplySender:
    desk: Desk
    lake: Lake
    platforms: dict[str, ReplyPlatform]
    client: httpx2.Client
    daily_budget: int = 300
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    sleep: Callable[[float], None] = time.sleep
    max_wait: float = 60.0
    #: department id → platform → the department's account (its handle) on it, for the lake
    accounts: dict[str, dict[str, str]] = field(default_factory=dict)

    def send(self, trail: Trail, limit: int | None = None,
             platforms: Iterable[str] | None = None) -> SendReport:
        report = SendReport()
        with self.desk.begin() as conn:
            for stale in stale_sending(conn):
                move_reply(conn, self._at(trail), stale, "unknown_check_by_hand",
                           error="a run stopped while posting this reply; check on the "
                                 "platform whether it was posted")
                report.unknown += 1
        wanted = set(platforms) if platforms is not None else None
        blocked: set[str] = set()
        done = 0
        for r in outbox(self.desk, state="queued", limit=10_000):
            if limit is not None and done >= limit:
                break
            if (wanted is not None and r.platform not in wanted) or r.platform in blocked:
                continue
            if r.next_attempt_at is not None and r.next_attempt_at > self.clock():
                continue
            poster = self.platforms.get(r.platform)
            if poster is None or not getattr(poster, "token", ""):
                report.skipped[r.platform] = "no credentials to post with (see settings)"
                continue
            if self._spent(r.platform) >= self.daily_budget:
                report.skipped[r.platform] = f"daily budget of {self.daily_budget} replies used"
                blocked.add(r.platform)
                continue
            outcome = self._post(r, poster, trail)
            if outcome is None:
                continue
            done += 1
            if isinstance(outcome, Posted):
                report.sent += 1
            elif isinstance(outcome, Deferred):
                report.deferred += 1
                blocked.add(r.platform)  # the platform asked us to wait: the rest waits too
            elif isinstance(outcome, Unknown):
                report.unknown += 1
            else:
                report.failed += 1
        return report

    def _at(self, trail: Trail) -> Trail:
        return Trail(trail.actor, self.clock())

    def _spent(self, platform: str) -> int:
        midnight = datetime.combine(self.clock().astimezone(IST).date(), datetime.min.time(), IST)
        with self.desk.begin() as conn:
            return sent_since(conn, platform, midnight)

    def _post(self, r: OutboxReply, poster: ReplyPlatform, trail: Trail) -> Any:
        with self.desk.begin() as conn:  # the claim is committed before anything is sent
            if not move_reply(conn, self._at(trail), r.id, "sending", attempts=r.attempts + 1):
                return None
        outcome = post_reply(poster, self.client, r.in_reply_to, r.text, sleep=self.sleep,
                             now=self.clock, max_wait=self.max_wait)
        now = self.clock()
        with self.desk.begin() as conn:
            if isinstance(outcome, Posted):
                move_reply(conn, self._at(trail), r.id, "sent", platform_id=outcome.platform_id,
                           url=outcome.url, sent_at=now, error=None)
            elif isinstance(outcome, Deferred):
                wait = outcome.wait_s or 60.0
                move_reply(conn, self._at(trail), r.id, "queued", error=outcome.message,
                           next_attempt_at=now + timedelta(seconds=wait))
            elif isinstance(outcome, Unknown):
                move_reply(conn, self._at(trail), r.id, "unknown_check_by_hand",
                           error=outcome.message)
            elif isinstance(outcome, Refused):
                move_reply(conn, self._at(trail), r.id, "failed", error=outcome.message)
        if isinstance(outcome, Posted):
            sent = reply(self.desk, r.id)
            if sent is not None:
                self._to_lake(sent, outcome)
        return outcome

    def _to_lake(self, r: OutboxReply, posted: Posted) -> None:
        """The sent reply as the department's reply to the citizen's message."""
        account = self.accounts.get(r.department_id or "", {}).get(r.platform)
        row = {
            "platform": r.platform, "interaction_id": posted.platform_id,
            "department_id": r.department_id, "account_id": account, "author_id": None,
            "author_handle": account, "created_at": r.sent_at or self.clock(), "text": r.text,
            "language": None, "parent_post_id": None, "in_reply_to_id": r.in_reply_to,
            "kind": "reply", "from_department": True, "source": "desk_reply",
            "raw_ref": f"outbox:{r.id}", "sample": r.sample,
        }
        schema = SCHEMAS["interaction"]
        self.lake.write("interaction", pa.Table.from_pylist([row], schema=schema))
