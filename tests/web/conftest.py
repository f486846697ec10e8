"""A small real data folder for the dashboard tests, built once per session through the CLI.

Six departments (one named with ``<script>``, quotes and Devanagari, to prove escaping), two
sample quarters, both published (2024Q2 first, as the cell does), one account per role and a
bearer token for each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sushasan.app import Sushasan
from sushasan.cli import cli
from sushasan.config import Config
from sushasan.web import create_app
from sushasan.web.security import LoginThrottle

XSS_EN = 'Tourism "Dept" <script>alert(1)</script>'
XSS_HI = "पर्यटन <script>alert(1)</script> 'विभाग'"
REGISTRY = f"""\
state: Uttarakhand
departments:
  - {{id: health, name_en: Health Department, name_hi: स्वास्थ्य विभाग, keywords: [hospital]}}
  - {{id: transport, name_en: Transport Department, name_hi: परिवहन विभाग, keywords: [bus, बस]}}
  - id: tourism
    name_en: '{XSS_EN}'
    name_hi: "{XSS_HI}"
    keywords: [yatra, यात्रा]
  - {{id: education, name_en: Education Department, name_hi: शिक्षा विभाग, keywords: [school]}}
  - {{id: forest, name_en: Forest Department, name_hi: वन विभाग, keywords: [van, वन]}}
  - {{id: police, name_en: Uttarakhand Police, name_hi: उत्तराखण्ड पुलिस, keywords: [thana]}}
"""
PASSWORDS = {
    "admin": "admin-password-1",
    "reviewer": "reviewer-password-1",
    "officer": "officer-password-1",
}
OWN = "transport"  # the officer's department
OTHER = "health"
QUARTER = "2024Q3"
SECRET = {"SUSHASAN_SECRET_KEY": "test-secret-key-not-for-production"}
#: The desk's "now" for every dashboard test: noon IST on Thursday 31 July 2025, so ticket ages,
#: deadlines and the overdue filter come out the same on whatever day the tests run.
NOW = datetime(2025, 7, 31, 6, 30, tzinfo=UTC)


@dataclass
class Site:
    data_dir: Path
    tokens: dict[str, str]


def run(data_dir: Path, *args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data_dir), *args], input=stdin,
        env={"SUSHASAN_DATABASE_URL": ""}, catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("web")
    reg = root / "registry.yaml"
    reg.write_text(REGISTRY, encoding="utf-8")
    data = root / "data"
    run(data, "init", "--registry", str(reg))
    run(data, "sample", "--quarter", "2024Q2")
    run(data, "sample", "--quarter", QUARTER)
    # As the cell works: last quarter was published first, so the trend has something to read.
    run(data, "review", "--quarter", "2024Q2", "--publish", "--format", "json")
    run(data, "review", "--quarter", QUARTER, "--publish", "--out", str(root / "out"),
        "--format", "json")
    tokens = {}
    for role, password in PASSWORDS.items():
        extra = ["--department", OWN] if role == "officer" else []
        run(data, "users", "add", role, "--role", role, *extra, stdin=password + "\n")
        tokens[role] = run(data, "users", "token", role).strip()
    return Site(data, tokens)


@pytest.fixture(scope="session")
def web(site: Site) -> Iterator[FastAPI]:
    core = Sushasan(Config.load(env=SECRET, data_dir=str(site.data_dir)))
    core.grievances.clock = lambda: NOW
    app = create_app(core, throttle=LoginThrottle(limit=1000), env=SECRET)
    yield app
    core.close()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login(client: TestClient, role: str, password: str | None = None) -> TestClient:
    token = csrf_of(client.get("/login").text)
    r = client.post(
        "/login",
        data={"username": role, "password": password or PASSWORDS[role], "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return client


@pytest.fixture(scope="session")
def clients(web: FastAPI) -> dict[str, TestClient]:
    """A signed-in client per role, and an anonymous one for "public"."""
    out = {"public": TestClient(web)}
    for role in PASSWORDS:
        out[role] = login(TestClient(web), role)
    return out


@pytest.fixture
def reply_approval(web: FastAPI, tmp_path: Path) -> Iterator[None]:
    """The officer's department needs approval for its public replies (its registry row says
    ``reply_approval: yes``), for one test; then the setting decides again."""
    reg = tmp_path / "approval.yaml"

    def flag(value: str) -> None:
        reg.write_text(f"departments:\n  - {{id: {OWN}, name_en: Transport Department, "
                       f"name_hi: परिवहन विभाग, keywords: [bus, बस], reply_approval: {value}}}\n",
                       encoding="utf-8")
        web.state.core.registry_import(reg, by="test")

    flag("yes")
    yield
    flag("''")
