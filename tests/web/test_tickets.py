"""The grievance desk over HTTP: queue, ticket page, every action and its refusals, exports, PII
redaction outside the owning department, and escaping of citizens' text."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from sushasan.web.routes.tickets import AGE_BUCKETS, actor, age_buckets, age_counts
from tests.web.conftest import OTHER, OWN, csrf_of, login
from tests.web.ticketdata import (
    AADHAAR_BAD,
    AADHAAR_OK,
    EMAIL,
    PHONE,
    PII_TEXT,
    open_ticket,
)


def post(client: TestClient, docket: str, action: str, **fields: str) -> object:
    token = csrf_of(client.get(f"/tickets/{docket}").text)
    return client.post(f"/tickets/{docket}/{action}", data={"csrf_token": token, **fields},
                       follow_redirects=False)


def english(client: TestClient) -> TestClient:
    """Other tests (and the browser tests) switch the shared users' language: set it here."""
    token = csrf_of(client.get("/public").text)
    client.post("/language", data={"csrf_token": token, "lang": "en", "next": "/public"})
    return client


def intake(page: str) -> dict[str, int]:
    """The triage queue's intake line: what triage sent and what became of it."""
    m = re.search(r"Triage sent ([\d,]+) tickets to this queue: ([\d,]+) waiting, ([\d,]+) "
                  r"routed to a department by the review cell, ([\d,]+) closed", page)
    assert m, "no intake line on the triage queue"
    sent, waiting, routed, closed = (int(g.replace(",", "")) for g in m.groups())
    return {"sent": sent, "waiting": waiting, "routed": routed, "closed": closed}


def state_of(web: FastAPI, docket: str) -> str:
    from sushasan.grievances.tickets.desk import SYSTEM

    return str(web.state.core.grievances.tickets.get(docket, SYSTEM).state)


def test_queue_and_ticket_render_for_every_staff_role(
    web: FastAPI, clients: dict[str, TestClient]
) -> None:
    docket = open_ticket(web, OWN, days_ago=90)  # oldest first: on the first page
    for role in ("admin", "reviewer", "officer"):
        queue = clients[role].get("/tickets")
        assert queue.status_code == 200, queue.text
        assert docket in queue.text
        page = clients[role].get(f"/tickets/{docket}")
        assert page.status_code == 200, page.text
        assert "Bus to Pauri" in page.text


def test_officer_acknowledges_then_disposes_with_flash_and_audit_trail(
    web: FastAPI, clients: dict[str, TestClient]
) -> None:
    officer = clients["officer"]
    docket = open_ticket(web, OWN)
    r = post(officer, docket, "acknowledge")
    assert r.status_code == 303 and r.headers["location"] == f"/tickets/{docket}"
    page = officer.get(f"/tickets/{docket}").text
    assert 'role="status"' in page  # the flash note, shown once
    assert 'role="status"' not in officer.get(f"/tickets/{docket}").text
    r = post(officer, docket, "dispose", resolution="resolved",
             reply="Bus service restored on 12 July. बस सेवा बहाल।")
    assert r.status_code == 303
    assert state_of(web, docket) == "disposed"
    page = officer.get(f"/tickets/{docket}").text
    trail = page.split('id="trail-h"')[1]
    assert trail.count("<tr>") == 4  # header + open + acknowledge + dispose
    assert "web:officer" in trail
    assert "बस सेवा बहाल" in page
    # A disposed ticket offers reopen, not dispose.
    assert 'data-action="reopen"' in page and 'data-action="dispose"' not in page


@pytest.mark.parametrize(("steps", "final"), [
    ([("start", {})], "in_progress"),
    ([("start", {}), ("pause", {"reason": "asked for the bus route number"})], "waiting_citizen"),
    ([("start", {}), ("pause", {"reason": "asked for the route"}), ("resume", {})],
     "in_progress"),
    ([("interim_reply", {"reply": "We are checking with the depot."})], "received"),
    ([("not_grievance", {"reason": "a thank-you note"})], "closed"),
    ([("dispose", {"resolution": "information_given", "reply": "Timetable sent."}),
      ("reopen", {"rating": "1", "reason": "still no bus"})], "appeal"),
])
def test_each_officer_action(
    web: FastAPI, clients: dict[str, TestClient], steps: list[tuple[str, dict[str, str]]],
    final: str,
) -> None:
    docket = open_ticket(web, OWN)
    for action, fields in steps:
        r = post(clients["officer"], docket, action, **fields)
        assert r.status_code == 303, (action, r.text[-2000:])  # type: ignore[attr-defined]
    assert state_of(web, docket) == final


def test_transfer_three_times_then_refused(web: FastAPI, clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    docket = open_ticket(web, OWN)
    for to in (OTHER, "education", OWN):
        r = post(admin, docket, "transfer", department_id=to, reason="wrong department")
        assert r.status_code == 303
    page = admin.get(f"/tickets/{docket}").text
    assert 'data-action="transfer"' not in page  # no form for a fourth
    r = post(admin, docket, "transfer", department_id=OTHER, reason="again")
    assert r.status_code == 409
    assert 'role="alert"' in r.text  # type: ignore[attr-defined]
    assert "three times" in r.text or "तीन बार" in r.text  # type: ignore[attr-defined]
    # The officer of the final department now sees it; the trail shows the departments.
    trail = english(clients["officer"]).get(f"/tickets/{docket}").text
    assert "Transport Department → Health Department" in trail
    assert "Education Department → Transport Department" in trail


def test_refusals_are_400_or_409_never_500(web: FastAPI, clients: dict[str, TestClient]) -> None:
    officer = clients["officer"]
    docket = open_ticket(web, OWN)
    r = post(officer, docket, "dispose", resolution="not_concerned", reply="Not ours")
    assert r.status_code == 400
    assert "does not concern us" in r.text  # type: ignore[attr-defined]
    assert 'lang="en"' in r.text.split('role="alert"')[1]  # type: ignore[attr-defined]
    assert post(officer, docket, "dispose", resolution="resolved", reply="").status_code == 400
    assert post(officer, docket, "transfer", department_id=OTHER).status_code == 400  # no reason
    assert post(officer, docket, "resume").status_code == 409  # not waiting for anyone
    assert post(officer, docket, "merge", into="SUS-1999-999999").status_code == 400
    assert post(officer, docket, "route", department_id=OTHER).status_code == 403
    assert post(officer, docket, "explode").status_code == 404
    assert state_of(web, docket) == "received"


def test_reviewer_reads_but_cannot_act(web: FastAPI, clients: dict[str, TestClient]) -> None:
    docket = open_ticket(web, OWN)
    page = clients["reviewer"].get(f"/tickets/{docket}").text
    assert "<form method=\"post\" action=\"/tickets/" not in page
    assert post(clients["reviewer"], docket, "acknowledge").status_code == 403
    assert state_of(web, docket) == "received"


def test_officer_of_another_department_gets_the_missing_ticket_404(
    web: FastAPI, clients: dict[str, TestClient]
) -> None:
    officer = clients["officer"]
    hidden = open_ticket(web, OTHER)
    token = csrf_of(officer.get("/tickets").text)
    for docket in (hidden, "SUS-1999-999999"):
        assert officer.get(f"/tickets/{docket}").status_code == 404
        r = officer.post(f"/tickets/{docket}/acknowledge", data={"csrf_token": token})
        assert r.status_code == 404
    a = officer.get(f"/tickets/{hidden}").text.replace(hidden, "X")
    b = officer.get("/tickets/SUS-1999-999999").text.replace("SUS-1999-999999", "X")
    assert a == b
    assert hidden not in officer.get("/tickets?state=all").text
    assert officer.get(f"/api/tickets/{hidden}").json() == officer.get(
        "/api/tickets/SUS-1999-999999").json()
    assert state_of(web, hidden) == "received"


def test_csrf_missing_or_forged_is_403(web: FastAPI) -> None:
    client = login(TestClient(web), "officer")
    docket = open_ticket(web, OWN)
    assert client.post(f"/tickets/{docket}/acknowledge").status_code == 403
    r = client.post(f"/tickets/{docket}/acknowledge", data={"csrf_token": "forged"})
    assert r.status_code == 403
    assert state_of(web, docket) == "received"


def test_admin_routes_from_the_triage_queue_and_merges(
    web: FastAPI, clients: dict[str, TestClient]
) -> None:
    admin = english(clients["admin"])
    docket = open_ticket(web, None, "koi sunwai nahi, sadak tooti hai")
    queue = admin.get("/tickets?triage=true").text
    assert docket in queue
    before = intake(queue)
    assert before["sent"] == before["waiting"] + before["routed"] + before["closed"] >= 1
    page = admin.get(f"/tickets/{docket}").text
    assert 'data-action="route"' in page and 'data-action="transfer"' not in page
    assert post(admin, docket, "route", department_id=OWN).status_code == 303
    queue = admin.get("/tickets?triage=true").text
    assert docket not in queue
    # The cell still sees what triage sent it: the routed ticket moves from waiting to routed.
    after = intake(queue)
    assert after == {**before, "waiting": before["waiting"] - 1, "routed": before["routed"] + 1}
    # Now the officer sees it and merges a duplicate into it.
    dup = open_ticket(web, OWN, "same bus complaint again")
    assert post(clients["officer"], dup, "merge", into=docket).status_code == 303
    assert state_of(web, dup) == "merged"
    assert f'href="/tickets/{docket}"' in clients["officer"].get(f"/tickets/{dup}").text


def test_pii_only_for_the_owning_officer(web: FastAPI, clients: dict[str, TestClient],
                                         ) -> None:
    docket = open_ticket(web, OWN, PII_TEXT, language="hi", days_ago=365)
    secrets = (AADHAAR_OK, PHONE, EMAIL)
    own = clients["officer"].get(f"/tickets/{docket}").text
    assert all(s in own for s in secrets)
    own_api = clients["officer"].get(f"/api/tickets/{docket}").json()
    assert all(s in own_api["text"] for s in secrets)
    for role in ("admin", "reviewer"):
        c = clients[role]
        pages = [c.get(f"/tickets/{docket}").text, c.get("/tickets?state=all").text,
                 c.get(f"/api/tickets/{docket}").text,
                 c.get("/api/tickets?state=all&limit=500").text,
                 c.get("/tickets.csv?state=all").text]
        wb = load_workbook(io.BytesIO(c.get("/tickets.xlsx?state=all").content))
        pages.append(" ".join(str(v) for row in wb.active.iter_rows(values_only=True)
                              for v in row))
        for text in pages:
            assert not [s for s in secrets if s in text], role
            assert "[aadhaar]" in text and "[phone]" in text and "[email]" in text
        # The invalid 12-digit number is not an Aadhaar and stays (a consumer number).
        assert AADHAAR_BAD in pages[0]


def test_citizen_text_is_escaped_and_intact(web: FastAPI, clients: dict[str, TestClient]) -> None:
    text = 'बिजली नहीं "3 दिन" से <script>alert(1)</script> & \'ward 12\''
    docket = open_ticket(web, OWN, text, language="hi", days_ago=200)
    for role in ("officer", "admin"):
        html = clients[role].get(f"/tickets/{docket}").text
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "बिजली नहीं &#34;3 दिन&#34; से" in html and "&amp; &#39;ward 12&#39;" in html
        queue = clients[role].get("/tickets").text
        assert "&lt;script&gt;alert(1)" in queue and "<script>alert(1)" not in queue
    assert clients["officer"].get(f"/api/tickets/{docket}").json()["text"] == text


def test_csv_export_neutralises_formulas(web: FastAPI, clients: dict[str, TestClient]) -> None:
    docket = open_ticket(web, OWN, "=HYPERLINK(\"http://evil\",\"x\")")
    for role in ("officer", "admin"):
        r = clients[role].get("/tickets.csv")
        assert r.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
        assert rows[0][:3] == ["docket", "department_id", "state"]
        row = next(row for row in rows if row[0] == docket)
        assert row[7].startswith("'=")
    officer_rows = clients["officer"].get("/tickets.csv?state=all").text
    assert not re.search(rf"\n[A-Z]{{3}}-\d{{4}}-\d{{6}},{OTHER},", officer_rows)


def test_queue_filters_buckets_and_show_more(web: FastAPI, clients: dict[str, TestClient]) -> None:
    for days in (1, 10, 18, 30):
        open_ticket(web, "forest", f"forest fire {days} days ago", days_ago=days + 0.2)
    admin = clients["admin"]
    page = admin.get("/tickets?department=forest").text
    buckets = re.findall(r'<tr><th scope="row">[^<]+</th><td class="num">(\d+)</td>',
                         page.split('class="buckets"')[1])
    assert [int(n) for n in buckets] == [1, 1, 1, 1]
    assert admin.get("/tickets?department=forest&overdue=true").text.count(
        "forest fire") == 1  # only the 30-day-old one is past 21 working days
    # Paginate: 50 per page, htmx fetches the next rows only.
    for i in range(52):
        open_ticket(web, "police", f"thana complaint {i}")
    first = admin.get("/tickets?department=police").text
    assert first.count('class="docket"') == 50
    # "Show more" follows a keyset cursor; the filters stay in its link.
    found = re.search(r'hx-get="(/tickets\?department=police&amp;after=[^"]+)"', first)
    assert found, "no show-more link with a cursor"
    more = admin.get(found.group(1).replace("&amp;", "&"), headers={"HX-Request": "true"})
    assert more.text.count('class="docket"') >= 2 and "<html" not in more.text
    docket = r'class="docket"><a href="/tickets/([^"]+)"'
    shown = set(re.findall(docket, first))
    assert len(shown) == 50
    assert not shown & set(re.findall(docket, more.text))
    # Old links with offset= still work.
    old = admin.get("/tickets?department=police&offset=50", headers={"HX-Request": "true"})
    assert old.text.count('class="docket"') >= 2 and "<html" not in old.text
    assert admin.get("/tickets?after=not-a-cursor").status_code == 422
    assert admin.get("/tickets?state=bogus").status_code == 422


def test_age_buckets_count_days_since_receipt() -> None:
    from datetime import UTC, datetime, timedelta

    from sushasan.grievances.tickets.lifecycle import Ticket

    now = datetime(2024, 8, 1, tzinfo=UTC)

    def t(days: float) -> Ticket:
        at = now - timedelta(days=days)
        return Ticket("D", "x", "1", OWN, "", at, at)

    got = age_buckets([t(d) for d in (0, 7.9, 8, 15, 16, 21.5, 22, 400)], now)
    assert [n for _label, n in got] == [2, 2, 2, 2] and len(got) == len(AGE_BUCKETS)


def test_hindi_labels_on_the_ticket_page(web: FastAPI) -> None:
    client = login(TestClient(web), "officer")
    docket = open_ticket(web, OWN)
    token = csrf_of(client.get("/tickets").text)
    client.post("/language", data={"csrf_token": token, "lang": "hi", "next": "/tickets"})
    html = client.get(f"/tickets/{docket}").text
    assert '<html lang="hi">' in html
    assert "प्राप्त" in html and "डॉकेट" in html and "निस्तारित करें" in html


def test_concurrent_requests_do_not_share_a_transaction(
    web: FastAPI, clients: dict[str, TestClient]
) -> None:
    """uvicorn serves pages from many threads at once; each must get its own desk connection
    (the load benchmark found 500s when they shared the cached service's transaction)."""
    from concurrent.futures import ThreadPoolExecutor

    docket = open_ticket(web, OWN)
    cookies = dict(clients["reviewer"].cookies)

    def hit(i: int) -> int:
        client = TestClient(web, cookies=cookies)
        path = "/tickets" if i % 2 else f"/tickets/{docket}"
        return client.get(path).status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(hit, range(48)))
    assert codes == [200] * 48


def test_openapi_documents_the_ticket_api_and_pages_have_no_inline_code(
    web: FastAPI, clients: dict[str, TestClient]
) -> None:
    spec = clients["public"].get("/api/openapi.json").json()
    assert {"/api/tickets", "/api/tickets/{docket}"} <= set(spec["paths"])
    assert not [p for p in spec["paths"] if p.startswith("/tickets")]  # pages stay out
    detail = spec["components"]["schemas"]["TicketDetail"]["properties"]
    assert {"docket", "state", "department_id", "level", "received_at", "due_at", "language",
            "text", "transfers", "reopens", "events"} <= set(detail)
    docket = open_ticket(web, OWN)
    for path in ("/tickets", f"/tickets/{docket}"):
        html = clients["officer"].get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert "<style" not in html and " style=" not in html
        assert not re.search(r"<[^>]+\son[a-z]+=", html)


def test_sql_age_counts_equal_counting_the_tickets(web: FastAPI) -> None:
    """The queue counts buckets in SQL; it must agree with counting the listed tickets."""
    from sushasan.actions.accounts import User

    for days in (0.5, 7.5, 8.5, 15.5, 16.5, 21.5, 22.5, 99):
        open_ticket(web, "education", f"school {days}", days_ago=days)
    app = web.state.core
    now = app.grievances.now()
    for user, department in ((User("a", "admin", None), "education"),
                             (User("a", "admin", None), None),
                             (User("o", "officer", OWN), None)):
        listed = app.grievances.tickets.list(actor(user), state="open", limit=10**6,
                                             department_id=department)
        assert age_counts(app, user, department, False, now) == age_buckets(listed, now)


def test_queue_names_every_state_with_the_digest_s_words(web: FastAPI) -> None:
    """The state filter lists every state; its words are the table the e-mail digest uses."""
    from sushasan.grievances.tickets.lifecycle import STATES
    from sushasan.words import both

    client = login(TestClient(web), "admin")  # its own session: the shared ones stay as they are
    for lang, column in (("hi", 1), ("en", 0)):
        token = csrf_of(client.get("/public").text)
        client.post("/language", data={"csrf_token": token, "lang": lang, "next": "/public"})
        page = client.get("/tickets").text
        shown = dict(re.findall(r'<option value="([a-z_]+)" >([^<]+)</option>',
                                page.split('id="f-state"')[1].split("</select>")[0]))
        shown.pop("all")  # "All tickets", not a state
        assert shown == {s: both(f"state:{s}")[column] for s in STATES}, lang
