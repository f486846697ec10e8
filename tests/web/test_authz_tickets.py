"""The authorization matrix for the grievance desk: every ticket route × role × own/other
department → expected status.

Read a row like the rows of test_authz.py. ``{dept}`` rows run twice: once on a ticket of the
officer's own department, once on another department's ticket, for which the officer gets the
404 a missing docket gets. State-changing rows open a fresh ticket for every case, so one
role's action never changes what the next role meets. Pages redirect the public to sign in
(303); the API answers 401.
"""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import OTHER, OWN, Site, csrf_of
from tests.web.ticketdata import open_ticket

ROLES = ("admin", "reviewer", "officer", "public")
MISSING = "SUS-1999-999999"

# (method, path, statuses for own, statuses for other department or None, form fields)
#  roles in the order admin, reviewer, officer, public
MATRIX: list[tuple[str, str, tuple[int, ...], tuple[int, ...] | None, dict[str, str]]] = [
    ("GET", "/tickets", (200, 200, 200, 303), None, {}),
    ("GET", "/tickets?state=all&overdue=true", (200, 200, 200, 303), None, {}),
    ("GET", f"/tickets?department={OTHER}&triage=true", (200, 200, 200, 303), None, {}),
    ("GET", "/tickets?state=bogus", (422, 422, 422, 303), None, {}),
    ("GET", "/tickets.csv", (200, 200, 200, 303), None, {}),
    ("GET", "/tickets.xlsx?state=all", (200, 200, 200, 303), None, {}),
    ("GET", "/tickets.pdf", (422, 422, 422, 303), None, {}),
    ("GET", "/tickets/{dept}", (200, 200, 200, 303), (200, 200, 404, 303), {}),
    ("GET", f"/tickets/{MISSING}", (404, 404, 404, 303), None, {}),
    ("POST", "/tickets/{dept}/acknowledge", (303, 403, 303, 303), (303, 403, 404, 303), {}),
    ("POST", "/tickets/{dept}/start", (303, 403, 303, 303), (303, 403, 404, 303), {}),
    ("POST", "/tickets/{dept}/interim_reply", (303, 403, 303, 303), (303, 403, 404, 303),
     {"reply": "Looking into it"}),
    ("POST", "/tickets/{dept}/dispose", (303, 403, 303, 303), (303, 403, 404, 303),
     {"resolution": "resolved", "reply": "Done"}),
    ("POST", "/tickets/{dept}/transfer", (303, 403, 303, 303), (303, 403, 404, 303),
     {"department_id": "education", "reason": "schools"}),
    ("POST", "/tickets/{dept}/not_grievance", (303, 403, 303, 303), (303, 403, 404, 303),
     {"reason": "praise"}),
    ("POST", "/tickets/{dept}/resume", (409, 403, 409, 303), (409, 403, 404, 303), {}),
    ("POST", "/tickets/{dept}/route", (400, 403, 403, 303), (400, 403, 403, 303),
     {"department_id": "{dept}"}),
    ("POST", "/tickets/{triage}/route", (303, 403, 403, 303), None,
     {"department_id": OWN}),
    ("POST", "/tickets/{dept}/explode", (404, 403, 404, 303), (404, 403, 404, 303), {}),
    ("POST", f"/tickets/{MISSING}/acknowledge", (404, 403, 404, 303), None, {}),
    ("GET", "/api/tickets", (200, 200, 200, 401), None, {}),
    ("GET", f"/api/tickets?state=all&department_id={OTHER}&overdue=false&limit=500",
     (200, 200, 200, 401), None, {}),
    ("GET", "/api/tickets?limit=501", (422, 422, 422, 401), None, {}),
    ("GET", "/api/tickets/{dept}", (200, 200, 200, 401), (200, 200, 404, 401), {}),
    ("GET", f"/api/tickets/{MISSING}", (404, 404, 404, 401), None, {}),
]


def _cases() -> list[tuple[str, str, str, str, int, dict[str, str]]]:
    cases = []
    for method, path, own, other, form in MATRIX:
        for i, role in enumerate(ROLES):
            if "{dept}" in path:
                assert other is not None, path
                cases.append((method, path, role, OWN, own[i], form))
                cases.append((method, path, role, OTHER, other[i], form))
            else:
                cases.append((method, path, role, "-", own[i], form))
    return cases


@pytest.fixture(scope="module")
def shared(web: FastAPI) -> dict[str, str]:
    """Tickets the read-only rows look at (never acted on)."""
    return {OWN: open_ticket(web, OWN), OTHER: open_ticket(web, OTHER)}


def _url(web: FastAPI, shared: dict[str, str], method: str, path: str, dept: str) -> str:
    if "{triage}" in path:
        return path.format(triage=open_ticket(web, None, "sadak tooti hai"))
    if "{dept}" not in path:
        return path
    docket = open_ticket(web, dept) if method == "POST" else shared[dept]
    return path.format(dept=docket)


@pytest.mark.parametrize(("method", "path", "role", "dept", "expected", "form"), _cases())
def test_ticket_matrix(
    web: FastAPI, clients: dict[str, TestClient], shared: dict[str, str], method: str,
    path: str, role: str, dept: str, expected: int, form: dict[str, str],
) -> None:
    client = clients[role]
    url = _url(web, shared, method, path, dept)
    if method == "GET":
        r = client.get(url, follow_redirects=False)
    else:
        data = {k: v.format(dept=dept) for k, v in form.items()}
        data["csrf_token"] = csrf_of(client.get("/public").text)
        r = client.post(url, data=data, follow_redirects=False)
    assert r.status_code == expected, (method, url, role, dept, r.text[:300])
    if role == "public" and expected == 303:
        assert r.headers["location"].startswith("/login")
    if expected == 303 and role != "public":
        assert r.headers["location"] == url.rsplit("/", 1)[0]  # back to the ticket


API = [(p, own, other) for m, p, own, other, _f in MATRIX if p.startswith("/api/")]


@pytest.mark.parametrize("role", ["admin", "reviewer", "officer"])
@pytest.mark.parametrize(("path", "own", "other"), API)
def test_ticket_api_with_bearer_tokens(
    web: FastAPI, site: Site, shared: dict[str, str], role: str, path: str,
    own: tuple[int, ...], other: tuple[int, ...] | None,
) -> None:
    """Scripts with a token get exactly what the same user gets in the browser."""
    i = ROLES.index(role)
    client = TestClient(web)
    headers = {"Authorization": f"Bearer {site.tokens[role]}"}
    pairs = [(path.format(dept=shared[OWN]), own[i])]
    if other is not None:
        pairs.append((path.format(dept=shared[OTHER]), other[i]))
    for url, expected in pairs:
        assert client.get(url, headers=headers).status_code == expected, (url, role)


def test_bearer_token_can_act_without_csrf_but_reviewer_cannot(
    web: FastAPI, site: Site
) -> None:
    """A script's token carries no ambient cookie, so CSRF does not apply; roles still do."""
    docket = open_ticket(web, OWN)
    bearer = {"Authorization": f"Bearer {site.tokens['reviewer']}"}
    r = TestClient(web).post(f"/tickets/{docket}/acknowledge", headers=bearer)
    assert r.status_code == 403
    bearer = {"Authorization": f"Bearer {site.tokens['officer']}"}
    r = TestClient(web).post(f"/tickets/{docket}/acknowledge", headers=bearer,
                             follow_redirects=False)
    assert r.status_code == 303


def test_officer_lists_only_own_department(
    web: FastAPI, clients: dict[str, TestClient], shared: dict[str, str]
) -> None:
    rows = clients["officer"].get("/api/tickets?state=all&limit=500").json()
    assert rows and {r["department_id"] for r in rows} == {OWN}
    assert clients["officer"].get(f"/api/tickets?department_id={OTHER}").json() == []
    every = {r["docket"] for r in clients["reviewer"].get("/api/tickets?limit=500").json()}
    assert {shared[OWN], shared[OTHER]} <= every
