"""Public replies on the dashboard, over HTTP: the ticket page shows each reply's state, text,
posted link and time or what stopped it; a nodal officer (admin) approves, an officer edits
(waiting for approval again where the department needs it), a reviewer only reads, and each
change is an audit event; the queue has a reply column and the scorecard a note on the
replies posted from the desk. In English and Hindi, from the one catalogue."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sushasan.desk.replies import REPLY_STATES, move_reply
from sushasan.desk.trail import Trail, events
from sushasan.words import hindi, named, word
from tests.web.conftest import OTHER, OWN, QUARTER, csrf_of
from tests.web.test_tickets import english, post
from tests.web.ticketdata import PHONE, open_ticket

POSTED_AT = datetime(2024, 8, 5, 7, 0, tzinfo=UTC)  # inside the sample site's 2024Q3


def _replies(web: FastAPI, docket: str) -> list[Any]:
    return list(web.state.core.grievances.replies(docket=docket))


def _reply_post(client: TestClient, docket: str, reply_id: int, name: str,
                **fields: str) -> Any:
    token = csrf_of(client.get(f"/tickets/{docket}").text)
    return client.post(f"/tickets/{docket}/replies/{reply_id}/{name}",
                       data={"csrf_token": token, **fields}, follow_redirects=False)


def test_every_reply_state_and_purpose_has_its_words() -> None:
    codes = named()
    assert {f"reply:{s}" for s in REPLY_STATES} <= set(codes)
    assert {f"purpose:{p}" for p in ("acknowledge", "details", "interim", "dispose")} <= set(codes)


def test_an_acknowledged_ticket_shows_its_queued_reply_on_the_page_and_in_the_queue(
        web: FastAPI, clients: dict[str, TestClient]) -> None:
    officer = english(clients["officer"])
    docket = open_ticket(web, OWN, days_ago=4000)  # the oldest: on the queue's first page
    assert post(officer, docket, "acknowledge").status_code == 303  # type: ignore[attr-defined]
    (r,) = _replies(web, docket)
    assert r.state == "queued" and docket in r.text
    page = officer.get(f"/tickets/{docket}").text
    section = page.split('id="replies-h"')[1].split("</section>")[0]
    assert 'data-state="queued"' in section and "Queued for posting" in section
    assert "Acknowledgement" in section and docket in section
    assert 'data-action="reply-edit"' in section  # an officer may edit
    assert 'data-action="reply-approve"' not in section  # and never approves
    queue = officer.get("/tickets").text
    row = queue.split(f'href="/tickets/{docket}"')[1].split("</tr>")[0]
    assert "Acknowledgement: " in row and "Queued for posting" in row
    hi = clients["admin"]
    token = csrf_of(hi.get("/public").text)
    hi.post("/language", data={"csrf_token": token, "lang": "hi", "next": "/tickets"})
    hindi_page = hi.get(f"/tickets/{docket}").text
    assert word("reply:queued", "hi") in hindi_page and hindi("Public replies") in hindi_page
    english(hi)


def test_approval_by_the_nodal_officer_and_edits_that_wait_again(
        web: FastAPI, clients: dict[str, TestClient], reply_approval: None) -> None:
    officer, admin = english(clients["officer"]), english(clients["admin"])
    docket = open_ticket(web, OWN, days_ago=3999)
    post(officer, docket, "acknowledge")
    (r,) = _replies(web, docket)
    assert r.state == "awaiting_approval"
    assert _reply_post(officer, docket, r.id, "approve").status_code == 403
    assert _reply_post(clients["reviewer"], docket, r.id, "edit",
                       text="x").status_code == 403
    page = admin.get(f"/tickets/{docket}").text
    assert "Awaiting approval" in page and 'data-action="reply-approve"' in page
    got = _reply_post(admin, docket, r.id, "approve")
    assert got.status_code == 303
    assert "Reply approved for posting" in admin.get(f"/tickets/{docket}").text  # the flash
    assert _replies(web, docket)[0].state == "queued"
    # the officer rewrites it: it waits for the nodal officer again
    text = f"Docket {docket}: the bus to Pauri runs again from Monday."
    assert _reply_post(officer, docket, r.id, "edit", text=text).status_code == 303
    (after,) = _replies(web, docket)
    assert (after.state, after.text) == ("awaiting_approval", text)
    # text echoing a phone number stays a draft, with the reason on the page
    _reply_post(officer, docket, r.id, "edit", text=f"Call us on {PHONE}")
    assert _replies(web, docket)[0].state == "draft"
    page = officer.get(f"/tickets/{docket}").text
    assert "personal data (phone)" in page and 'data-state="draft"' in page
    trail = [(e.actor, e.action) for e in events(web.state.core.desk, "reply", str(r.id))]
    assert ("web:admin", "reply.queued") in trail
    assert ("web:officer", "reply.awaiting_approval") in trail
    assert ("web:officer", "reply.draft") in trail


def test_another_departments_reply_is_not_found(web: FastAPI,
                                                clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    docket = open_ticket(web, OTHER)
    post(admin, docket, "acknowledge")
    (r,) = _replies(web, docket)
    got = clients["officer"].post(f"/tickets/{docket}/replies/{r.id}/edit",
                                  data={"csrf_token": csrf_of(
                                      clients["officer"].get("/tickets").text), "text": "x"},
                                  follow_redirects=False)
    assert got.status_code == 404
    mine = open_ticket(web, OWN)
    assert _reply_post(admin, mine, r.id, "edit", text="x").status_code == 404  # wrong ticket


def test_a_posted_reply_shows_its_link_and_a_failed_one_the_platforms_words(
        web: FastAPI, clients: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch) -> None:
    admin = english(clients["admin"])
    core = web.state.core
    sent = open_ticket(web, OWN, days_ago=(datetime(2025, 7, 31, 6, 30, tzinfo=UTC)
                                           - POSTED_AT).days + 0.5)
    failed = open_ticket(web, OWN)
    post(admin, sent, "acknowledge")
    post(admin, failed, "acknowledge")
    (a,), (b,) = _replies(web, sent), _replies(web, failed)
    by = Trail("worker", POSTED_AT)
    with core.desk.begin() as conn:
        move_reply(conn, by, a.id, "sending")
        move_reply(conn, by, a.id, "sent", platform_id="1820390000000000001",
                   url="https://x.com/i/web/status/1820390000000000001", sent_at=POSTED_AT)
        move_reply(conn, by, b.id, "sending")
        move_reply(conn, by, b.id, "failed", error="HTTP 403: You attempted to reply to a Tweet "
                                                   "that is deleted or not visible to you.")
    page = admin.get(f"/tickets/{sent}").text
    assert 'href="https://x.com/i/web/status/1820390000000000001"' in page
    assert "Posted on 05-08-2024 12:30 IST" in page
    page = admin.get(f"/tickets/{failed}").text
    assert 'data-state="failed"' in page and "deleted or not visible" in page
    assert 'data-action="reply-edit"' in page  # a failed reply may be rewritten and go again
    # the scorecard of a real review notes the replies posted from the desk
    # (a draft is read with `get`, a published version with `published`: both seen as real)
    for read in ("get", "published"):
        sample = getattr(web.state.reviews, read)
        monkeypatch.setattr(web.state.reviews, read,
                            lambda *a, _s=sample, **k: {**(_s(*a, **k) or {}), "data": "real"})
    card = admin.get(f"/departments/{OWN}/{QUARTER}").text
    note = card.split('data-testid="public-replies"')[1].split("</section>")[0]
    assert "1 replies posted from the grievance desk" in note
    assert "1 acknowledgements with the docket number, 1 of them within 24 hours" in note
    monkeypatch.undo()
    assert 'data-testid="public-replies"' not in admin.get(f"/departments/{OWN}/{QUARTER}").text


def test_editing_a_department_on_the_dashboard_keeps_its_reply_settings(
        tmp_path: Path) -> None:
    """On a folder of its own, so the shared site's registry stays as it was."""
    from sushasan.actions import accounts
    from sushasan.app import Sushasan
    from sushasan.config import Config
    from sushasan.web import create_app
    from tests.web.conftest import SECRET, login

    (tmp_path / "data").mkdir()
    core = Sushasan(Config.load(env={**SECRET, "SUSHASAN_DATABASE_URL": ""},
                                data_dir=str(tmp_path / "data")))
    core.desk.upgrade()
    reg = tmp_path / "dairy.yaml"
    reg.write_text("departments:\n  - id: dairy\n    name_en: Dairy Department\n"
                   "    name_hi: दुग्ध विकास विभाग\n    reply_approval: yes\n    accounts:\n"
                   "      - {platform: facebook, handle: UKDairyTest, platform_id: '1122',"
                   " token_env: DAIRY_PAGE_TOKEN}\n", encoding="utf-8")
    core.registry_import(reg, by="test")
    accounts.create_user(core.desk, "admin", "admin-password-1", "admin", None, "test")
    try:
        admin = login(TestClient(create_app(core, env=SECRET)), "admin")
        token = csrf_of(admin.get("/admin/registry/dairy").text)
        got = admin.post("/admin/registry/dairy", data={
            "csrf_token": token, "name_en": "Dairy Development Department",
            "name_hi": "दुग्ध विकास विभाग", "kind": "department", "website": "",
            "keywords": "", "accounts": "facebook UKDairyTest"}, follow_redirects=False)
        assert got.status_code == 303
        (d,) = core.departments()
        assert d.name_en == "Dairy Development Department" and d.reply_approval is True
        (acc,) = d.real_accounts()
        assert (acc.token_env, acc.platform_id) == ("DAIRY_PAGE_TOKEN", "1122")
    finally:
        core.close()
