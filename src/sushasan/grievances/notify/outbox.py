"""Send the outbox: post each queued reply on the citizen's platform, exactly once.

One reply at a time: it moves ``queued → sending`` (its own transaction, so the claim is durable
before anything leaves), is posted (``platforms._reply.post_reply``: retries, rate limits, lost
answers), then moves to ``sent`` (with the platform's id and link, and a department reply in the
lake, so responsiveness counts it at once), ``failed`` (the platform's message, for the ticket),
``queued`` again with a time to retry (a rate limit longer than we wait), or
``unknown_check_by_hand``. A reply left in ``sending`` by a run that died (claimed longer ago
than :attr:`ReplySender.lease`, the longest one live post may take) is never posted again: the
next run looks for it on the platform where the platform lets us (Graph, YouTube) and marks it
``sent`` if it is there, else leaves it for a person to check. Each platform posts at most its
daily budget per IST day, and waits as a whole until the latest reset a rate limit named.

A department's own account posts its replies: the registry names the environment variable that
holds its token (``token_env``; the secret itself is never in the registry or the desk).
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
    not_before,
    outbox,
    reply,
    sent_since,
    stale_sending,
)
from sushasan.desk.store import Desk
from sushasan.desk.trail import Trail
from sushasan.grievances.tickets.calendar import IST
from sushasan.lake import SCHEMAS, Lake
from sushasan.platforms._reply import (
    Deferred,
    Posted,
    Refused,
    ReplyPlatform,
    Unknown,
    post_reply,
    with_credentials,
)

__all__ = ["ReplySender", "SendReport"]


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    unknown: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  # platform → why nothing was sent
    #: platform → why it could not post at all (no token): for a person to fix
    unconfigured: dict[str, str] = field(default_factory=dict)
    recovered: int = 0  # replies a dead run left in sending, found posted on the platform


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
    #: department id → platform → the account's id on it (the page id, for private replies)
    account_ids: dict[str, dict[str, str]] = field(default_factory=dict)
    #: department id → platform → the environment variable holding its own token (registry)
    token_envs: dict[str, dict[str, str]] = field(default_factory=dict)
    #: reads a named environment variable (``Config.named_secret``)
    secret: Callable[[str], str | None] = lambda _name: None
    #: the longest one post may take (4 attempts of 30 s and waits of a minute between):
    #: a reply claimed longer ago than this was left by a run that died
    lease: timedelta = timedelta(minutes=15)

    def send(self, trail: Trail, limit: int | None = None,
             platforms: Iterable[str] | None = None) -> SendReport:
        report = SendReport()
        self._recover(trail, report)
        wanted = set(platforms) if platforms is not None else None
        blocked: set[str] = set()
        with self.desk.begin() as conn:
            waits = not_before(conn)
        done = 0
        for r in outbox(self.desk, state="queued", limit=10_000):
            if limit is not None and done >= limit:
                break
            if (wanted is not None and r.platform not in wanted) or r.platform in blocked:
                continue
            wait = waits.get(r.platform)
            if wait is not None and wait > self.clock():
                report.skipped[r.platform] = (f"the platform asked us to wait until "
                                              f"{wait.isoformat()}")
                blocked.add(r.platform)
                continue
            poster, why = self.poster(r)
            if poster is None:
                report.unconfigured[r.platform] = why or "no credentials"
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

    def poster(self, r: OutboxReply) -> tuple[ReplyPlatform | None, str | None]:
        """The platform posting as ``r``'s department (its own token where the registry names
        one), or None and why not."""
        base = self.platforms.get(r.platform)
        if base is None:
            return None, f"no reply module for {r.platform}"
        named = self.token_envs.get(r.department_id or "", {}).get(r.platform)
        token: str | None = None
        if named:
            token = self.secret(named)
            if not token:
                return None, (f"{named}, the token the registry names for {r.department_id}, "
                              "is not set in the environment")
        elif not getattr(base, "token", ""):
            return None, "no credentials to post with (see settings)"
        handle = self.accounts.get(r.department_id or "", {}).get(r.platform)
        account_id = self.account_ids.get(r.department_id or "", {}).get(r.platform)
        if r.channel == "private" and not account_id:
            return None, (f"a private reply needs {r.department_id}'s {r.platform} account id "
                          f"in the registry ({r.platform}_id)")
        return with_credentials(base, token, handle, account_id), None

    def _recover(self, trail: Trail, report: SendReport) -> None:
        """Replies a dead run left in ``sending``: found on the platform → ``sent``; else
        ``unknown_check_by_hand``. Never posted again."""
        with self.desk.begin() as conn:
            stale = stale_sending(conn, self.clock() - self.lease)
        for reply_id in stale:
            r = reply(self.desk, reply_id)
            if r is None:
                continue
            found = None
            poster, _why = self.poster(r)
            if poster is not None and r.channel == "public":  # private ones cannot be looked for
                try:
                    found = poster.find(self.client, r.in_reply_to, r.text)
                except httpx2.HTTPError:
                    found = None
            with self.desk.begin() as conn:
                if found is not None:
                    moved = move_reply(conn, self._at(trail), r.id, "sent",
                                       platform_id=found[0], url=found[1], sent_at=self.clock(),
                                       error=None)
                else:
                    moved = move_reply(
                        conn, self._at(trail), r.id, "unknown_check_by_hand",
                        error="a run stopped while posting this reply; check on the platform "
                              "whether it was posted")
            if moved and found is not None:
                report.recovered += 1
                sent = reply(self.desk, r.id)
                if sent is not None:
                    self._to_lake(sent, Posted(found[0], found[1], r.attempts, True))
            elif moved:
                report.unknown += 1

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
                             now=self.clock, max_wait=self.max_wait,
                             private=r.channel == "private")
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
        if isinstance(outcome, Posted) and r.channel == "public":  # a private one stays private
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
