"""The authorization matrix: every route × every role × own/other department → expected status.

Read a row as: for this method and path, what each role gets. ``{dept}`` rows run twice, once
with the officer's own department and once with another one; an officer asking for another
department's record gets the same 404 as for a missing one. 303 for "public" on a page means
"redirected to sign in"; the API answers 401 instead.
"""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import OTHER, OWN, QUARTER, Site, csrf_of

ROLES = ("admin", "reviewer", "officer", "public")
Q = QUARTER

# (method, path, {role: status}, {role: status for the other department} or None)
#  roles in the order admin, reviewer, officer, public
MATRIX: list[tuple[str, str, tuple[int, ...], tuple[int, ...] | None]] = [
    ("GET", "/", (303, 303, 303, 303), None),
    ("GET", "/healthz", (200, 200, 200, 200), None),
    ("GET", "/login", (303, 303, 303, 200), None),
    ("GET", "/public", (200, 200, 200, 200), None),
    ("GET", f"/public/{Q}", (200, 200, 200, 200), None),
    ("GET", "/public/2019Q1", (404, 404, 404, 404), None),
    ("GET", "/league", (303, 303, 303, 303), None),
    ("GET", f"/league/{Q}", (200, 200, 200, 303), None),
    ("GET", f"/league/{Q}?draft=1", (200, 200, 403, 303), None),
    ("GET", "/league/2019Q1", (404, 404, 404, 303), None),
    ("GET", f"/departments/{{dept}}/{Q}", (200, 200, 200, 303), (200, 200, 404, 303)),
    ("GET", f"/departments/{{dept}}/{Q}?draft=1", (200, 200, 403, 303), (200, 200, 404, 303)),
    ("GET", f"/departments/nowhere/{Q}", (404, 404, 404, 303), None),
    ("GET", f"/departments/{{dept}}/{Q}/indicators/posts",
     (200, 200, 200, 303), (200, 200, 404, 303)),
    ("GET", f"/departments/{{dept}}/{Q}/indicators/answered_share",
     (200, 200, 200, 303), (200, 200, 404, 303)),
    ("GET", f"/departments/{{dept}}/{Q}/indicators/nonsense",
     (404, 404, 404, 303), (404, 404, 404, 303)),
    ("GET", f"/exports/{Q}.csv", (200, 200, 200, 303), None),
    ("GET", f"/exports/{Q}.xlsx", (200, 200, 200, 303), None),
    ("GET", f"/exports/{Q}.csv?draft=1", (200, 200, 403, 303), None),
    ("GET", "/admin/registry", (200, 403, 403, 303), None),
    ("GET", "/admin/registry/new", (200, 403, 403, 303), None),
    ("GET", "/admin/registry/{dept}", (200, 403, 403, 303), (200, 403, 403, 303)),
    ("GET", "/admin/reviews", (200, 403, 403, 303), None),
    ("POST", "/admin/registry/{dept}", (303, 403, 403, 303), (303, 403, 403, 303)),
    ("POST", "/admin/reviews", (200, 403, 403, 303), None),
    ("POST", "/language", (303, 303, 303, 303), None),
    ("GET", "/api/me", (200, 200, 200, 401), None),
    ("GET", "/api/departments", (200, 200, 200, 401), None),
    ("GET", "/api/departments/{dept}", (200, 200, 200, 401), (200, 200, 404, 401)),
    ("GET", f"/api/reviews/{Q}", (200, 200, 200, 401), None),
    ("GET", f"/api/reviews/{Q}?draft=1", (200, 200, 403, 401), None),
    ("GET", "/api/reviews/2019Q1", (404, 404, 404, 401), None),
    ("GET", "/api/openapi.json", (200, 200, 200, 200), None),
]


def _cases() -> list[tuple[str, str, str, str, int]]:
    cases = []
    for method, path, own, other in MATRIX:
        for i, role in enumerate(ROLES):
            if "{dept}" in path:
                assert other is not None, path
                cases.append((method, path.format(dept=OWN), role, "own", own[i]))
                cases.append((method, path.format(dept=OTHER), role, "other", other[i]))
            else:
                cases.append((method, path, role, "-", own[i]))
    return cases


def _post_data(client: TestClient, path: str) -> dict[str, str]:
    """A valid form for each state-changing route (with the session's CSRF token)."""
    token = csrf_of(client.get("/public").text)
    if path.startswith("/admin/registry/"):
        dep = path.rsplit("/", 1)[1]
        names = {OWN: ("Transport Department", "परिवहन विभाग"),
                 OTHER: ("Health Department", "स्वास्थ्य विभाग")}[dep]
        return {"csrf_token": token, "name_en": names[0], "name_hi": names[1],
                "kind": "department", "keywords": "bus, बस" if dep == OWN else "hospital"}
    if path == "/admin/reviews":
        return {"csrf_token": token, "quarter": QUARTER}
    return {"csrf_token": token, "lang": "en", "next": "/public"}


@pytest.mark.parametrize(("method", "path", "role", "dept", "expected"), _cases())
def test_matrix(
    clients: dict[str, TestClient], method: str, path: str, role: str, dept: str, expected: int
) -> None:
    client = clients[role]
    if method == "GET":
        r = client.get(path, follow_redirects=False)
    else:
        r = client.post(path, data=_post_data(client, path), follow_redirects=False)
    assert r.status_code == expected, (method, path, role, dept, r.text[:300])
    if role == "public" and expected == 303 and not path.startswith(("/", "/league")):
        assert r.headers["location"].startswith("/login")


API = [(p, own, other) for m, p, own, other in MATRIX if p.startswith("/api/") and m == "GET"]


@pytest.mark.parametrize("role", ["admin", "reviewer", "officer"])
@pytest.mark.parametrize(("path", "own", "other"), API)
def test_matrix_with_bearer_tokens(
    web: FastAPI, site: Site, role: str, path: str, own: tuple[int, ...],
    other: tuple[int, ...] | None,
) -> None:
    """Scripts with a token get exactly what the same user gets in the browser."""
    i = ROLES.index(role)
    client = TestClient(web)
    headers = {"Authorization": f"Bearer {site.tokens[role]}"}
    pairs = [(path.format(dept=OWN), own[i])]
    if other is not None:
        pairs.append((path.format(dept=OTHER), other[i]))
    for url, expected in pairs:
        assert client.get(url, headers=headers).status_code == expected, (url, role)


def test_officer_sees_only_own_department_in_lists(clients: dict[str, TestClient]) -> None:
    ids = [d["id"] for d in clients["officer"].get("/api/departments").json()]
    assert ids == [OWN]
    assert {OWN, OTHER} < {d["id"] for d in clients["reviewer"].get("/api/departments").json()}


def test_missing_and_forbidden_look_the_same(clients: dict[str, TestClient]) -> None:
    officer = clients["officer"]
    hidden = officer.get(f"/api/departments/{OTHER}")
    missing = officer.get("/api/departments/no_such_department")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())
    hidden_page = officer.get(f"/departments/{OTHER}/{QUARTER}")
    missing_page = officer.get(f"/departments/no_such_department/{QUARTER}")
    assert hidden_page.status_code == missing_page.status_code == 404
    # Identical but for the page's own address (in the language switch's return path).
    assert hidden_page.text.replace(OTHER, "X") == missing_page.text.replace(
        "no_such_department", "X"
    )


def test_bad_token_is_401(web: FastAPI) -> None:
    r = TestClient(web).get("/api/departments", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
