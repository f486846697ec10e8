"""The JSON API: OpenAPI schema, bearer tokens from the CLI, and Schemathesis (no 500s)."""

from __future__ import annotations

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from tests.web.conftest import OWN, QUARTER, Site, run


def test_openapi_lists_the_contract_routes(web: FastAPI) -> None:
    spec = TestClient(web).get("/api/openapi.json").json()
    assert {"/api/departments", "/api/reviews/{quarter}", "/api/me"} <= set(spec["paths"])
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert not [p for p in spec["paths"] if not p.startswith("/api/")]  # pages stay out


def test_cli_users_add_and_token_then_the_api(site: Site, web: FastAPI) -> None:
    out = run(site.data_dir, "users", "add", "script-bot", "--role", "officer",
              "--department", OWN, stdin="a long enough password\n")
    assert "script-bot" in out
    token = run(site.data_dir, "users", "token", "script-bot").strip()
    assert token.startswith("ssn_") and len(token) > 40
    r = TestClient(web).get("/api/departments", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and [d["id"] for d in r.json()] == [OWN]
    listed = run(site.data_dir, "users", "list")
    assert "script-bot" in listed and "officer" in listed
    # Only the hash is stored.
    import sqlite3

    with sqlite3.connect(site.data_dir / "desk.sqlite") as db:
        stored = [r[0] for r in db.execute("SELECT token_sha256 FROM api_tokens")]
    assert token not in stored and all(len(s) == 64 for s in stored)


def test_cli_refuses_bad_accounts(site: Site) -> None:
    from click.testing import CliRunner

    from sushasan.cli import cli

    def attempt(*args: str) -> str:
        r = CliRunner().invoke(cli, ["--data-dir", str(site.data_dir), "users", "add", *args],
                               input="a long enough password\n",
                               env={"SUSHASAN_DATABASE_URL": ""})
        assert r.exit_code == 1
        return r.output

    assert "needs --department" in attempt("x1", "--role", "officer")
    assert "unknown department 'mars'" in attempt("x2", "--role", "officer", "--department",
                                                  "mars")
    assert "already exists" in attempt("admin", "--role", "admin")


def test_published_review_json(site: Site, web: FastAPI) -> None:
    headers = {"Authorization": f"Bearer {site.tokens['officer']}"}
    review = TestClient(web).get(f"/api/reviews/{QUARTER}", headers=headers).json()
    assert review["schema"] == "sushasan.review/2" and review["publication"]["version"] >= 1


def test_schemathesis_no_server_errors(web: FastAPI, site: Site) -> None:
    """Admin token: generated requests to every API operation never get a 5xx.

    Driven through the schema's Hypothesis strategies directly (the pytest plugin's fixture
    loader does not run under this pytest); 25 examples per operation keeps it to seconds.
    """
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", web)
    headers = {"Authorization": f"Bearer {site.tokens['admin']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 4
    calls: list[int] = []
    for operation in operations:

        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            calls.append(response.status_code)
            assert response.status_code < 500, (case.path, response.text)

        check()
    assert len(calls) >= 2 * len(operations)
