"""The replies job: the worker posts queued replies on a schedule, within the daily budget,
waiting out rate limits for the whole platform, and exactly once even when a run is killed
mid-post (a real subprocess, SIGKILLed while the platform holds its answer). Each department's
own page token comes from the environment variable the registry names; the registry's approval
flag overrides the setting. On SQLite and PostgreSQL (the ``desk`` fixture)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.desk.replies import move_reply
from sushasan.desk.store import Desk
from sushasan.desk.trail import Trail, events
from sushasan.grievances.tickets.desk import Actor, NewTicket
from sushasan.grievances.tickets.lifecycle import Action
from sushasan.grievances.wiring import Grievances
from sushasan.registry.files import dump_yaml
from sushasan.worker import JOBS
from tests.replyserver import Platform, serve_platform

NOW = datetime(2024, 8, 5, 6, 0, tzinfo=UTC)
ADMIN = Actor("officer1", "admin")
SRC = Path(__file__).resolve().parents[1] / "src"

REGISTRY = """departments:
  - id: jal_sansthan
    name_en: Uttarakhand Jal Sansthan
    name_hi: उत्तराखण्ड जल संस्थान
    kind: undertaking
    accounts:
      - {platform: x, handle: jal_x}
      - {platform: facebook, handle: JalSansthanUK, platform_id: '1055',
         token_env: JAL_PAGE_TOKEN}
  - id: transport
    name_en: Transport Department
    name_hi: परिवहन विभाग
    reply_approval: yes
    accounts:
      - {platform: x, handle: transport_x}
"""

X_CREATED = {"data": {"id": "1820390000000000001", "text": "reply"}}


@dataclass
class Desk_:
    """A data folder over the ``desk`` fixture's database, with the registry loaded."""

    config: Config
    app: Sushasan
    url: str
    data: Path
    clock: list[datetime]

    def grievances(self, **settings: Any) -> Grievances:
        config = Config.load(env={**self.env, **settings.pop("env", {})},
                             data_dir=str(self.data), database_url=self.url, **settings)
        return Grievances(config, self.app.desk, self.app.lake, clock=lambda: self.clock[0])

    @property
    def env(self) -> dict[str, str]:
        return {"SUSHASAN_DATABASE_URL": self.url}


@pytest.fixture
def folder(desk: Desk, tmp_path: Path) -> Iterator[Desk_]:
    url = desk.engine.url.render_as_string(hide_password=False)
    data = tmp_path / "data"
    data.mkdir()
    config = Config.load(env={}, data_dir=str(data), database_url=url)
    app = Sushasan(config)
    reg = tmp_path / "registry.yaml"
    reg.write_text(REGISTRY, encoding="utf-8")
    app.registry_import(reg, by="test")
    yield Desk_(config, app, url, data, [NOW])
    app.close()


@pytest.fixture
def platform() -> Iterator[Platform]:
    with serve_platform() as state:
        yield state


_ids = iter(range(1, 10_000))


def _acknowledged(g: Grievances, department: str = "jal_sansthan", platform: str = "x") -> str:
    """A ticket on the citizen's post, acknowledged: its reply goes to the outbox."""
    n = next(_ids)
    [t] = g.tickets.open([NewTicket(
        platform=platform, interaction_id=f"18200000000000{n:05d}",
        text="No water supply in Rajpur Road since Monday", received_at=NOW - timedelta(hours=2),
        department_id=department, needs_triage=False, routing_score=0.9, routing_reasons=(),
        grievance_score=0.9, language="en", author_handle="citizen_a",
        addressed_department_id=department, place=None, district=None, sample=False)])
    g.tickets.act(t.docket, Action("acknowledge"), ADMIN)
    return str(t.docket)


def _x(folder: Desk_, platform: Platform, **settings: Any) -> Grievances:
    return folder.grievances(x_api_url=platform.url + "/2", x_user_token="user-ctx", **settings)


def test_the_worker_has_a_replies_job_on_its_own_schedule() -> None:
    assert JOBS["replies"].setting == "replies_every"
    assert Config.load(env={}).replies_every == "5m"


def test_the_replies_job_posts_within_the_daily_budget(folder: Desk_, platform: Platform) -> None:
    g = _x(folder, platform, replies_daily_budget=1)
    first, second = _acknowledged(g), _acknowledged(g)
    platform.answer(201, X_CREATED)
    summary, problems = JOBS["replies"].run(type("App", (), {"grievances": g})())
    assert summary.startswith("1 sent") and "daily budget of 1 replies used" in summary
    assert problems == []
    assert [(r.docket, r.state) for r in g.replies()] == [(first, "sent"), (second, "queued")]
    folder.clock[0] = NOW + timedelta(days=1)  # a new IST day: the budget is fresh
    platform.answer(201, {"data": {"id": "1820390000000000002"}})
    assert g.send_replies("worker").sent == 1
    assert len(platform.posts) == 2


def test_a_rate_limit_holds_the_whole_platform_until_its_reset(
        folder: Desk_, platform: Platform) -> None:
    g = _x(folder, platform)
    _acknowledged(g), _acknowledged(g)
    reset = int(NOW.timestamp()) + 900
    platform.answer(429, {"title": "Too Many Requests", "detail": "Too Many Requests",
                          "type": "about:blank", "status": 429},
                    {"x-rate-limit-reset": str(reset)})
    report = g.send_replies("worker", sleep=lambda s: None)
    assert (report.sent, report.deferred) == (0, 1)
    assert len(platform.posts) == 1  # the second reply did not knock on a closed door
    folder.clock[0] = NOW + timedelta(minutes=5)
    report = g.send_replies("worker", sleep=lambda s: None)
    assert report.sent == 0 and "wait until" in report.skipped["x"]
    assert len(platform.posts) == 1
    folder.clock[0] = datetime.fromtimestamp(reset + 1, UTC)
    platform.answer(201, X_CREATED)
    platform.answer(201, {"data": {"id": "1820390000000000002"}})
    assert g.send_replies("worker", sleep=lambda s: None).sent == 2
    assert {r.state for r in g.replies()} == {"sent"}


def test_a_department_posts_with_the_page_token_its_registry_row_names(
        folder: Desk_, platform: Platform) -> None:
    g = folder.grievances(graph_api_url=platform.url + "/v21.0",
                          facebook_page_token="cell-wide-token")
    _acknowledged(g, platform="facebook")
    report = g.send_replies("worker")
    assert report.sent == 0 and platform.posts == []
    assert "JAL_PAGE_TOKEN" in report.unconfigured["facebook"]  # named, not set: never guessed
    g = folder.grievances(graph_api_url=platform.url + "/v21.0",
                          facebook_page_token="cell-wide-token",
                          env={"JAL_PAGE_TOKEN": "jal-page-token"})
    platform.answer(200, {"id": "123_789"})
    assert g.send_replies("worker").sent == 1
    (req,) = platform.posts
    assert "access_token=jal-page-token" in req["body"]
    # the registry keeps the variable's name, never a token: the desk holds no secret
    exported = dump_yaml(folder.app.departments())
    assert "token_env: JAL_PAGE_TOKEN" in exported and "jal-page-token" not in exported
    (r,) = g.replies()
    assert "jal-page-token" not in json.dumps([e.after for e in events(folder.app.desk)],
                                              default=str)
    assert r.url == "https://www.facebook.com/123_789"


def test_the_registry_approval_flag_overrides_the_setting(folder: Desk_,
                                                           platform: Platform) -> None:
    g = _x(folder, platform, replies_approval="jal_sansthan")
    assert g.approval() == frozenset({"jal_sansthan", "transport"})
    reg = folder.data.parent / "off.yaml"
    reg.write_text(REGISTRY.replace("    kind: undertaking\n",
                                    "    kind: undertaking\n    reply_approval: no\n"),
                   encoding="utf-8")
    folder.app.registry_import(reg, by="test")
    g = _x(folder, platform, replies_approval="jal_sansthan")
    assert g.approval() == frozenset({"transport"})
    _acknowledged(g, "transport")
    _acknowledged(g, "jal_sansthan")
    assert [r.state for r in g.replies()] == ["awaiting_approval", "queued"]


def test_a_reply_left_sending_is_looked_for_after_the_lease_never_posted_again(
        folder: Desk_, platform: Platform) -> None:
    g = folder.grievances(graph_api_url=platform.url + "/v21.0",
                          env={"JAL_PAGE_TOKEN": "jal-page-token"})
    _acknowledged(g, platform="facebook")
    (r,) = g.replies()
    with folder.app.desk.begin() as conn:  # a run claimed it, then died before the answer
        assert move_reply(conn, Trail("worker", NOW), r.id, "sending", attempts=1)
    folder.clock[0] = NOW + timedelta(minutes=5)  # within the lease: maybe still posting
    assert g.send_replies("worker").recovered == 0 and platform.requests == []
    assert g.replies()[0].state == "sending"
    folder.clock[0] = NOW + timedelta(minutes=20)
    platform.gets.append((200, {"data": [{"id": "123_456_1", "message": r.text}]}))
    report = g.send_replies("worker")
    assert report.recovered == 1 and platform.posts == []
    done = g.replies()[0]
    assert (done.state, done.platform_id) == ("sent", "123_456_1")


def _run(folder: Desk_, platform: Platform, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "SUSHASAN_DATABASE_URL": folder.url,
           "SUSHASAN_X_API_URL": platform.url + "/2", "SUSHASAN_X_USER_TOKEN": "user-ctx",
           "SUSHASAN_PROGRESS": "0"}
    return subprocess.Popen(
        [sys.executable, "-c", "from sushasan.cli import main; main()",
         "--data-dir", str(folder.data), *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_worker_killed_mid_post_never_posts_that_reply_twice(
        folder: Desk_, platform: Platform) -> None:
    g = _x(folder, platform)
    docket = _acknowledged(g)
    platform.answer(201, X_CREATED, delay=60.0)  # X takes the tweet and holds its answer
    proc = _run(folder, platform, "worker", "--once", "replies")
    try:
        for _ in range(600):
            if platform.posts or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert len(platform.posts) == 1, proc.stdout.read() if proc.stdout else ""
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        if proc.stdout:
            proc.stdout.close()
    (r,) = g.replies()
    assert r.state == "sending"  # the claim was committed before the request left
    again = _run(folder, platform, "worker", "--once", "replies")
    out, _ = again.communicate(timeout=120)
    assert "0 sent" in out, out
    assert len(platform.posts) == 1  # the restarted worker did not post it again
    folder.clock[0] = datetime.now(UTC) + timedelta(minutes=20)  # past the lease
    report = g.send_replies("worker")
    assert report.unknown == 1 and len(platform.posts) == 1  # X cannot be asked: a person checks
    done = g.replies()[0]
    assert done.state == "unknown_check_by_hand" and done.docket == docket
    assert "check on the platform" in (done.error or "")


def test_the_queue_column_and_the_scorecard_note_read_the_outbox(
        folder: Desk_, platform: Platform) -> None:
    from sushasan.quarters import Quarter

    g = _x(folder, platform)
    prompt, late = _acknowledged(g), _acknowledged(g)
    platform.answer(201, X_CREATED)
    assert g.send_replies("worker", limit=1).sent == 1
    folder.clock[0] = NOW + timedelta(days=2)  # the second goes out two days after the post
    platform.answer(201, {"data": {"id": "1820390000000000002"}})
    assert g.send_replies("worker").sent == 1
    waiting = _acknowledged(g, "transport")  # needs approval (registry)
    assert g.reply_states([prompt, late, waiting, "SUS-NONE"]) == {
        prompt: ("acknowledge", "sent"), late: ("acknowledge", "sent"),
        waiting: ("acknowledge", "awaiting_approval")}
    note = g.public_replies("jal_sansthan", Quarter.parse("2024Q3"))
    assert (note.sent, note.acknowledgements, note.acknowledged_in_sla, note.failed) == \
        (2, 2, 1, 0)
    assert g.public_replies("jal_sansthan", Quarter.parse("2024Q2")).sent == 0


def test_a_reply_with_the_citizens_details_goes_privately_where_the_platform_can(
        folder: Desk_, platform: Platform) -> None:
    """Facebook answers a comment privately (Graph's private replies); X cannot here, so there
    the same text stays a draft for the officer."""
    g = folder.grievances(graph_api_url=platform.url + "/v21.0",
                          env={"JAL_PAGE_TOKEN": "jal-page-token"})
    private_text = "Your connection 4412 is restored; the lineman is on 98765 43210."
    for on in ("facebook", "x"):
        [t] = g.tickets.open([NewTicket(
            platform=on, interaction_id=f"{on}-comment-1", text="No water in Rajpur Road",
            received_at=NOW - timedelta(hours=2), department_id="jal_sansthan",
            needs_triage=False, routing_score=0.9, routing_reasons=(), grievance_score=0.9,
            language="en", author_handle="citizen_a", addressed_department_id="jal_sansthan",
            place=None, district=None, sample=False)])
        g.tickets.act(t.docket, Action("dispose", resolution="resolved", reply="done",
                                       details={"public_reply": private_text}), ADMIN)
    fb, x = g.replies()
    assert (fb.channel, fb.state, fb.error) == ("private", "queued", None)
    assert (x.channel, x.state) == ("public", "draft") and "personal data" in (x.error or "")
    platform.answer(200, {"recipient_id": "7788", "message_id": "m_AbC123"})
    assert g.send_replies("worker").sent == 1
    (req,) = platform.posts
    assert req["path"] == "/v21.0/1055/messages"
    assert json.loads(req["body"]) == {"recipient": {"comment_id": "facebook-comment-1"},
                                       "message": {"text": private_text}}
    assert req["headers"]["Authorization"] == "Bearer jal-page-token"
    done = g.replies()[0]
    assert (done.state, done.platform_id, done.url) == ("sent", "m_AbC123", None)
    import pyarrow.parquet as pq

    lake = [r for f in folder.app.lake.files("interaction") for r in pq.read_table(f).to_pylist()]
    assert not [r for r in lake if "98765" in (r["text"] or "")]  # private stays out of the lake
